import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { runCli } from '../src/cli/program.js';
import type { Plan } from '../src/plan/types.js';
import { simulateApply } from './support/simulate.js';
import { seedWorld, World } from './support/world.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

async function snapshotFile(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'amplink-cli-'));
  const file = join(dir, 'snapshot.json');
  await writeFile(file, content);
  return file;
}

function multiRegionWorld(): { world: World; ampls: string } {
  const world = new World();
  const ampls = world.ampls();
  const amw = world.amw('aks-amw', 'eastus');
  const law = world.law('logs', 'eastus');
  world.cluster({ name: 'east-1', region: 'eastus', metricsTo: amw.id, logsTo: law });
  world.cluster({ name: 'weu-1', region: 'westeurope', metricsTo: amw.id, logsTo: law });
  world.cluster({ name: 'weu-2', region: 'westeurope', metricsTo: amw.id });
  world.cluster({ name: 'idle', region: 'westeurope' });
  return { world, ampls };
}

describe('amplink plan', () => {
  test('prints a table grouped by region with counts and reasons, exit 2 when there are changes', async () => {
    const { world, ampls } = multiRegionWorld();
    const file = await snapshotFile(world.snapshotText());
    const { code, stdout } = await cli(['plan', '--snapshot', file, '--ampls', ampls]);
    assert.equal(code, 2);
    assert.match(
      stdout,
      /^Plan for AMPLS my-ampls: 10 changes \(10 to create, 0 to update\) for 3 of 3 monitored clusters\./,
    );
    // The summary: per region, its clusters and its changes by kind.
    assert.match(stdout, /\n {2}eastus +1 +6 +0 +5 AMPLS links, 1 association\n/);
    assert.match(stdout, /\n {2}westeurope +2 +4 +0 +1 DCE, 1 AMPLS link, 2 associations\n/);
    assert.match(stdout, /\+ create DCE {9}amplink-config-westeurope/);
    assert.match(stdout, /agents fetch their\s+configuration from a DCE in their own region/);
    assert.match(stdout, /info {4}AMPL_PLAN_I0001 {2}Cluster idle has no monitoring enabled/);
    // --detail: every change under its region's header.
    const detail = await cli(['plan', '--snapshot', file, '--ampls', ampls, '--detail']);
    assert.match(detail.stdout, /\neastus — 1 cluster; 6 to create, 0 to update\n/);
    assert.match(detail.stdout, /\nwesteurope — 2 clusters; 4 to create, 0 to update\n/);
    assert.match(detail.stdout, /\+ create association weu-2 -> amplink-config-westeurope/);
  });

  test('--json prints the Plan and --out writes the same file; exit 0 once converged', async () => {
    const { world, ampls } = multiRegionWorld();
    const file = await snapshotFile(world.snapshotText());
    const out = join(await mkdtemp(join(tmpdir(), 'amplink-out-')), 'plan.json');
    const { code, stdout } = await cli(['plan', '--snapshot', file, '--ampls', ampls, '--json', '--out', out]);
    assert.equal(code, 2);
    const printed = JSON.parse(stdout) as Plan;
    assert.deepEqual(Object.keys(printed), [
      'schemaVersion',
      'ampls',
      'actions',
      'findings',
      'summary',
      'ingestionEndpoints',
      'estimate',
    ]);
    assert.equal(await readFile(out, 'utf8'), stdout);
    const converged = await snapshotFile(JSON.stringify(simulateApply(world.resources, printed)));
    const again = await cli(['plan', '--snapshot', converged, '--ampls', ampls]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /nothing to change; 3 monitored clusters already send through private link/);
  });

  test('options reach the planner: cluster filters and DCE settings', async () => {
    const { world, ampls } = multiRegionWorld();
    const file = await snapshotFile(world.snapshotText());
    const { stdout } = await cli([
      'plan',
      '--snapshot',
      file,
      '--ampls',
      ampls,
      '--json',
      '--cluster-name',
      'weu-*',
      '--dce-name-pattern',
      'cfg-{region}',
      '--dce-tag',
      'team=platform',
    ]);
    const result = JSON.parse(stdout) as Plan;
    assert.deepEqual(
      result.actions
        .filter((a) => a.resourceType.endsWith('dataCollectionEndpoints'))
        .map((a) => a.id.split('/').pop()),
      ['cfg-westeurope'],
    );
    assert.ok(result.actions.every((a) => !a.clusters.some((c) => c.includes('east-1'))));
  });

  const bad: [string, (file: string, ampls: string) => string[], RegExp][] = [
    [
      'an unreadable file',
      (_f, a) => ['plan', '--snapshot', '/nonexistent/snap.json', '--ampls', a],
      /AMPL_SNAPSHOT_E0001: Cannot read snapshot file '\/nonexistent\/snap\.json'/,
    ],
    [
      'a malformed AMPLS id',
      (f) => ['plan', '--snapshot', f, '--ampls', 'my-ampls'],
      /AMPL_ID_E0001: Malformed Azure resource id 'my-ampls'/,
    ],
    [
      'an AMPLS not in the snapshot',
      (f, a) => ['plan', '--snapshot', f, '--ampls', a.replace('my-ampls', 'other')],
      /AMPL_PLAN_E0001/,
    ],
    [
      'a tag without a value',
      (f, a) => ['plan', '--snapshot', f, '--ampls', a, '--cluster-tag', 'env'],
      /AMPL_CLI_E0001: --cluster-tag 'env'/,
    ],
    [
      'a public access mode Azure does not have',
      (f, a) => ['plan', '--snapshot', f, '--ampls', a, '--dce-public-network-access', 'Off'],
      /AMPL_CLI_E0003/,
    ],
    [
      'a limit that is not a number',
      (f, a) => ['plan', '--snapshot', f, '--ampls', a, '--max-scopes-per-resource', 'lots'],
      /AMPL_CLI_E0002/,
    ],
    ['no --ampls', (f) => ['plan', '--snapshot', f], /AMPL_CLI_E0011: Required option '--ampls <id>' not specified/],
  ];
  for (const [name, args, expected] of bad) {
    test(`bad input: ${name} gives a clear message and exit 1`, async () => {
      const { world, ampls } = seedWorld();
      const file = await snapshotFile(world.snapshotText());
      const { code, stderr, stdout } = await cli(args(file, ampls));
      assert.equal(code, 1);
      assert.match(stderr, expected);
      assert.equal(stdout, '');
      assert.match(stderr, /\n {2}fix: /);
    });
  }

  test('not JSON and a location that is no region name exit 1 with their codes', async () => {
    const { world, ampls } = seedWorld();
    const broken = await snapshotFile('{"value": [');
    assert.match((await cli(['plan', '--snapshot', broken, '--ampls', ampls])).stderr, /AMPL_SNAPSHOT_E0002/);
    const badRegion = await snapshotFile(world.snapshotText().replaceAll('"eastus"', '"east/us"'));
    const result = await cli(['plan', '--snapshot', badRegion, '--ampls', ampls]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /AMPL_REGION_E0002: 'east\/us' \(location of .*\) is not an Azure region name/);
  });

  test('a region in the snapshot amplink does not know plans; offline, a typed unknown region is a warning', async () => {
    const { world, ampls } = seedWorld();
    const future = await snapshotFile(world.snapshotText().replaceAll('"eastus"', '"marsnorth1"'));
    const planned = await cli(['plan', '--snapshot', future, '--ampls', ampls]);
    assert.equal(planned.code, 2, planned.stderr);
    assert.doesNotMatch(planned.stdout + planned.stderr, /AMPL_REGION/);
    const typed = await cli(['plan', '--snapshot', future, '--ampls', ampls, '--cluster-region', 'marsnorth1']);
    assert.equal(typed.code, 2, typed.stderr);
    assert.match(
      typed.stdout,
      /warning AMPL_REGION_W0001 {2}cluster region 'marsnorth1' is not among the regions amplink knows/,
    );
    // A typed region no cluster is in is a mistake to name, not "nothing to change".
    const empty = await cli(['plan', '--snapshot', future, '--ampls', ampls, '--cluster-region', 'marsnorth2']);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /AMPL_PLAN_E0007: .*--cluster-region 'marsnorth2' \(near: 'marsnorth1'\)/);
  });

  test('--cluster-name of any length is a name pattern, never a regular expression', async () => {
    const { world, ampls } = multiRegionWorld();
    const file = await snapshotFile(world.snapshotText());
    const huge = await cli(['plan', '--snapshot', file, '--ampls', ampls, '--cluster-name', 'a'.repeat(120_000)]);
    assert.equal(huge.code, 1);
    assert.match(huge.stderr, /^amplink: AMPL_PLAN_E0007: .*--cluster-name 'a{80}…\(120,000 characters\)'/);
    assert.ok(huge.stderr.length < 2000, `stderr holds ${huge.stderr.length} characters`);
    const glob = await cli(['plan', '--snapshot', file, '--ampls', ampls, '--cluster-name', 'WEU-*', '--json']);
    assert.equal(glob.code, 2, glob.stderr);
    assert.equal((JSON.parse(glob.stdout) as Plan).summary.clusters.inScope, 2);
    const literal = await cli(['plan', '--snapshot', file, '--ampls', ampls, '--cluster-name', 'weu.(1|2)']);
    assert.match(literal.stderr, /AMPL_PLAN_E0007/);
  });

  test('a blocked plan exits 1 and says that nothing will change', async () => {
    const { world, ampls } = multiRegionWorld();
    world.cluster({ name: 'east-2', region: 'eastus', logsTo: world.law('more-logs', 'eastus') });
    const file = await snapshotFile(world.snapshotText());
    const { code, stdout } = await cli([
      'plan',
      '--snapshot',
      file,
      '--ampls',
      ampls,
      '--max-log-analytics-workspaces',
      '1',
    ]);
    assert.equal(code, 1);
    assert.match(stdout, /error {3}AMPL_PLAN_E0101/);
    assert.match(stdout, /BLOCKED — nothing will be changed/);
  });

  test('the installed command sets the process exit code', async () => {
    const { world, ampls } = seedWorld();
    const file = await snapshotFile(world.snapshotText());
    const run = promisify(execFile);
    const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
    const error = await run(process.execPath, [
      '--import',
      'tsx',
      main,
      'plan',
      '--snapshot',
      file,
      '--ampls',
      ampls,
      '--json',
    ]).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    assert.equal(error?.code, 2);
    assert.equal((JSON.parse(error?.stdout ?? '{}') as Plan).summary.status, 'changes');
  });
});
