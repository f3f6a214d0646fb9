import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { runCli } from '../src/cli/program.js';
import { runAmplink } from './support/cli.js';
import { World } from './support/world.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'amplink-config-'));
}

/** Two regions, one cluster not sending logs anywhere private: plan has changes, verify has error findings. */
async function fleet(): Promise<{ dir: string; snapshot: string; ampls: string; world: World }> {
  const world = new World();
  const ampls = world.ampls();
  const amw = world.amw('aks-amw', 'eastus');
  const law = world.law('logs', 'eastus');
  world.cluster({ name: 'east-1', region: 'eastus', metricsTo: amw.id, logsTo: law });
  world.cluster({ name: 'weu-1', region: 'westeurope', metricsTo: amw.id, logsTo: law });
  world.cluster({ name: 'weu-2', region: 'westeurope', metricsTo: amw.id });
  const dir = await folder();
  const snapshot = join(dir, 'snapshot.json');
  await writeFile(snapshot, world.snapshotText());
  return { dir, snapshot, ampls, world };
}

function planOf(stdout: string): { actions: { id: string }[] } {
  return JSON.parse(stdout) as { actions: { id: string }[] };
}

describe('a config file', () => {
  test('holds the AMPLS, cluster selectors and planner options: the same plan as the flags', async () => {
    const { dir, snapshot, ampls } = await fleet();
    const config = join(dir, 'amplink.yaml');
    await writeFile(
      config,
      [
        `ampls: ${ampls}`,
        'cluster-region: [westeurope]',
        'dce-name-pattern: team-{region}',
        'plan:',
        '  ingestion-endpoints: per-cluster',
        '  reasons: false',
        'verify:',
        '  timeout: 20000',
      ].join('\n'),
    );
    const byFlags = await cli([
      'plan',
      '--snapshot',
      snapshot,
      '--ampls',
      ampls,
      '--cluster-region',
      'westeurope',
      '--dce-name-pattern',
      'team-{region}',
      '--ingestion-endpoints',
      'per-cluster',
      '--json',
    ]);
    const byConfig = await cli(['plan', '--config', config, '--snapshot', snapshot, '--json']);
    assert.equal(byConfig.code, 2, byConfig.stderr);
    assert.deepEqual(planOf(byConfig.stdout).actions, planOf(byFlags.stdout).actions);
    assert.match(byConfig.stdout, /team-westeurope/);
    assert.doesNotMatch(byConfig.stdout, /east-1/);
  });

  test('a flag on the line wins over the file, a repeatable flag replaces its list', async () => {
    const { dir, snapshot, ampls } = await fleet();
    const config = join(dir, 'settings.yaml');
    await writeFile(config, `ampls: ${ampls}\ncluster-name: [weu-1, weu-2]\ndce-name-pattern: from-file-{region}\n`);
    const run = await cli([
      'plan',
      '--snapshot',
      snapshot,
      '--config',
      config,
      '--cluster-name',
      'east-1',
      '--dce-name-pattern=from-line-{region}',
      '--json',
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout, /east-1/);
    assert.doesNotMatch(run.stdout, /weu-1|from-file/);
  });

  test('unknown keys, sections and values of the wrong kind are coded errors naming the file and the key', async () => {
    const { dir, snapshot, ampls } = await fleet();
    const cases: [string, string, RegExp][] = [
      [`ampls: ${ampls}\ncluster-regoin: eastus\n`, 'AMPL_CONFIG_E0003', /sets cluster-regoin, not a flag/],
      [`ampls: ${ampls}\nplna:\n  json: true\n`, 'AMPL_CONFIG_E0003', /sets plna, a section for a command/],
      [`ampls: ${ampls}\nverify:\n  ingestion-endpoints: shared\n  out: x.json\n`, 'AMPL_CONFIG_E0003', /verify\.out/],
      [`ampls: ${ampls}\ndebug: true\n`, 'AMPL_CONFIG_E0003', /sets debug/],
      [`ampls: [${ampls}, two]\n`, 'AMPL_CONFIG_E0004', /sets ampls to something other than one value/],
      [`ampls: ${ampls}\nplan:\n  json: yes please\n`, 'AMPL_CONFIG_E0004', /plan\.json .*true or false/],
      [`ampls: ${ampls}\ncluster-tag: {env: prod}\n`, 'AMPL_CONFIG_E0004', /sets cluster-tag to .*- key=value/],
      [`ampls: ${ampls}\nplan: 3\n`, 'AMPL_CONFIG_E0004', /sets plan to something other than a section/],
      [`- a list\n- of things\n`, 'AMPL_CONFIG_E0002', /holds a list/],
      [`ampls: [unclosed\n`, 'AMPL_CONFIG_E0002', /is not YAML/],
    ];
    for (const [text, code, message] of cases) {
      const file = join(dir, 'bad.yaml');
      await writeFile(file, text);
      const run = await cli(['plan', '--config', file, '--snapshot', snapshot]);
      assert.equal(run.code, 1, text);
      assert.match(run.stderr, new RegExp(code), text);
      assert.match(run.stderr, message, text);
      assert.match(run.stderr, /bad\.yaml/, text);
    }
    const missing = await cli(['plan', '--config', join(dir, 'nope.yaml'), '--snapshot', snapshot]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /AMPL_CONFIG_E0001: .*nope\.yaml/);
  });

  test('a value the flag refuses is refused as the flag is, and the file is never half applied', async () => {
    const { dir, snapshot, ampls } = await fleet();
    const file = join(dir, 'amplink.yaml');
    await writeFile(file, `ampls: ${ampls}\ningestion-endpoints: sometimes\n`);
    const run = await cli(['plan', '--config', file, '--snapshot', snapshot]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--ingestion-endpoints 'sometimes'/);
  });

  test('./amplink.yaml is read when present, and the command says so', async () => {
    const { dir, snapshot, ampls } = await fleet();
    await writeFile(join(dir, 'amplink.yaml'), `ampls: ${ampls}\ncluster-name: east-1\n`);
    const run = await runAmplink(['plan', '--snapshot', snapshot, '--json'], { cwd: dir });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /settings from .*amplink\.yaml \(flags on the line win\)/);
    assert.match(run.stdout, /east-1/);
    assert.doesNotMatch(run.stdout, /weu-2/);
  });
});

test("the README's example config is one amplink accepts", async () => {
  const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
  const example = /### A config file[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example !== undefined);
  const { dir, snapshot } = await fleet();
  const file = join(dir, 'readme.yaml');
  await writeFile(file, example);
  for (const command of ['plan', 'verify']) {
    const run = await cli([command, '--config', file, '--snapshot', snapshot]);
    // Its AMPLS id is shortened with "...": the id is refused, every setting before it was taken.
    assert.doesNotMatch(run.stderr, /AMPL_CONFIG/);
    assert.match(run.stderr, /AMPL_ID_E\d{4}/);
  }
});

describe('verify --since-last', () => {
  test('the first run reports every problem as new; the next exits 0 while nothing new appears', async () => {
    const { dir, snapshot, ampls } = await fleet();
    const last = join(dir, 'last-verify.json');
    const first = await cli(['verify', '--snapshot', snapshot, '--ampls', ampls, '--since-last', last]);
    assert.equal(first.code, 3, first.stderr);
    assert.match(first.stdout, /^Since the last run \(no earlier run: every problem is new\): [1-9]\d* new, 0 gone/);
    const kept = JSON.parse(await readFile(last, 'utf8')) as { problems: { code: string }[] };
    assert.ok(kept.problems.some((p) => p.code.startsWith('AMPL_')));

    const second = await cli(['verify', '--snapshot', snapshot, '--ampls', ampls, '--since-last', last, '--json']);
    assert.equal(second.code, 0, 'known problems do not fail a scheduled check');
    const json = JSON.parse(second.stdout) as { sinceLast: { added: unknown[]; unchanged: number } };
    assert.equal(json.sinceLast.added.length, 0);
    assert.equal(json.sinceLast.unchanged, kept.problems.length);
  });

  test('a cluster that breaks after the last run fails the check, and only it is listed as new', async () => {
    const { dir, snapshot, ampls, world } = await fleet();
    const last = join(dir, 'last.json');
    await cli(['verify', '--snapshot', snapshot, '--ampls', ampls, '--since-last', last]);
    const amw = world.amw('west-amw', 'westeurope');
    world.cluster({ name: 'weu-new', region: 'westeurope', metricsTo: amw.id });
    await writeFile(snapshot, world.snapshotText());
    const run = await cli(['verify', '--snapshot', snapshot, '--ampls', ampls, '--since-last', last]);
    assert.equal(run.code, 3);
    const head = run.stdout.split('\n\n')[0] ?? '';
    assert.match(head, /Since the last run \(last run \d{4}-\d\d-\d\dT[^)]*\): [1-9]\d* new, 0 gone/);
    assert.match(head, /weu-new|west-amw/);
    assert.doesNotMatch(head, /\+ .*weu-2/);
  });

  test("a file that is not amplink's is refused before discovery, and left as it was", async () => {
    const { dir, snapshot, ampls } = await fleet();
    const last = join(dir, 'last.json');
    for (const [text, pattern] of [
      ['not json', /is not JSON/],
      ['{"schemaVersion":1,"madeAt":"yesterday","problems":[]}', /madeAt/],
      ['{"schemaVersion":2,"madeAt":"2026-01-01T00:00:00Z","problems":[]}', /schemaVersion/],
    ] as const) {
      await writeFile(last, text);
      const run = await cli(['verify', '--snapshot', snapshot, '--ampls', ampls, '--since-last', last]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /AMPL_BASELINE_E0002/);
      assert.match(run.stderr, pattern);
      assert.equal(await readFile(last, 'utf8'), text);
    }
  });
});

describe('examples/ci', () => {
  test("the scheduled workflow's amplink command line is one amplink accepts", async () => {
    const workflow = parse(
      await readFile(new URL('../../../examples/ci/verify-fleet.yml', import.meta.url), 'utf8'),
    ) as {
      on: { schedule: unknown[] };
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { run?: string; uses?: string }[] }>;
    };
    assert.ok(workflow.on.schedule.length > 0);
    assert.equal(workflow.permissions['id-token'], 'write', 'workload identity federation, no secret');
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    assert.ok(steps.some((s) => s.uses?.startsWith('azure/login@')));
    const line = steps.map((s) => s.run ?? '').find((r) => r.includes('amplink verify'));
    assert.ok(line !== undefined);
    const args = /npx amplink (verify[^\n|>]*)/.exec(line)?.[1]?.trim().split(/\s+/) ?? [];
    assert.ok(args.includes('--since-last'));
    // The same words against a snapshot instead of Azure: every flag is one verify has.
    const { dir, snapshot, ampls } = await fleet();
    await writeFile(join(dir, 'amplink.yaml'), `ampls: ${ampls}\n`);
    await mkdir(join(dir, '.amplink'));
    const run = await runAmplink([...args, '--snapshot', snapshot], { cwd: dir });
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /^Since the last run/);
    const again = await runAmplink([...args, '--snapshot', snapshot], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
  });
});
