import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../src/cli/program.js';
import { exportPlan } from '../src/export/index.js';
import { planKeepingDataFlowing } from '../src/plan/plan.js';
import { World } from './support/world.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

async function world(converged = false): Promise<{ dir: string; snapshot: string; ampls: string; world: World }> {
  const w = new World();
  const ampls = w.ampls();
  if (!converged) {
    const amw = w.amw('aks-amw', 'eastus');
    w.cluster({ name: 'weu-1', region: 'westeurope', metricsTo: amw.id });
  }
  const dir = await mkdtemp(join(tmpdir(), 'amplink-export-cli-'));
  const snapshot = join(dir, 'snapshot.json');
  await writeFile(snapshot, w.snapshotText());
  return { dir, snapshot, ampls, world: w };
}

describe('amplink export', () => {
  test('--snapshot --ampls prints the export of the plan; exit 0', async () => {
    const { snapshot, ampls, world: w } = await world();
    const { code, stdout, stderr } = await cli(['export', '--format', 'az', '--snapshot', snapshot, '--ampls', ampls]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, exportPlan(planKeepingDataFlowing(w.topology(), { amplsId: ampls }), 'az'));
  });

  test('--plan exports a saved plan, as plan --out wrote it', async () => {
    const { dir, snapshot, ampls } = await world();
    const saved = join(dir, 'plan.json');
    assert.equal((await cli(['plan', '--snapshot', snapshot, '--ampls', ampls, '--out', saved])).code, 2);
    const fromPlan = await cli(['export', '--format', 'terraform', '--plan', saved]);
    const fresh = await cli(['export', '--format', 'terraform', '--snapshot', snapshot, '--ampls', ampls]);
    assert.equal(fromPlan.code, 0, fromPlan.stderr);
    assert.equal(fromPlan.stdout, fresh.stdout);
  });

  test('the plan options apply: --dce-name-pattern names the new DCE', async () => {
    const { snapshot, ampls } = await world();
    const args = ['export', '--format', 'arm', '--snapshot', snapshot, '--ampls', ampls];
    const { code, stdout } = await cli([...args, '--dce-name-pattern', 'dce-{region}']);
    assert.equal(code, 0);
    assert.match(stdout, /"name": "dce-westeurope"/);
  });

  test('--out writes a file (an executable script for az) and a folder for bicep', async () => {
    const { dir, snapshot, ampls } = await world();
    const base = ['--snapshot', snapshot, '--ampls', ampls];
    const script = join(dir, 'apply.sh');
    const az = await cli(['export', '--format', 'az', ...base, '--out', script]);
    assert.equal(az.code, 0, az.stderr);
    assert.equal(az.stdout, '');
    assert.match(await readFile(script, 'utf8'), /^#!\/usr\/bin\/env bash/);
    assert.equal((await stat(script)).mode & 0o111, 0o111);
    const folder = join(dir, 'bicep');
    const bicep = await cli(['export', '--format', 'bicep', ...base, '--out', folder]);
    assert.equal(bicep.code, 0, bicep.stderr);
    assert.match(await readFile(join(folder, 'main.bicep'), 'utf8'), /targetScope = 'subscription'/);
    assert.match(bicep.stderr, /modules\/[\w.-]+\.bicep/);
  });

  test('an empty plan exports as "nothing to change", exit 0', async () => {
    const { snapshot, ampls } = await world(true);
    for (const format of ['az', 'powershell', 'bicep', 'terraform', 'arm']) {
      const { code, stdout } = await cli(['export', '--format', format, '--snapshot', snapshot, '--ampls', ampls]);
      assert.equal(code, 0, format);
      assert.match(stdout, /Nothing to change/, format);
    }
  });

  test('errors have codes: unknown format lists the formats, unwritable --out, no --ampls, bad plan file', async () => {
    const { dir, snapshot, ampls } = await world();
    const unknown = await cli(['export', '--format', 'pulumi', '--snapshot', snapshot, '--ampls', ampls]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^amplink: AMPL_EXPORT_E0001: .*az, powershell, bicep, terraform, arm/);
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    const unwritable = await cli([
      'export',
      '--format',
      'az',
      '--snapshot',
      snapshot,
      '--ampls',
      ampls,
      '--out',
      join(file, 'x.sh'),
    ]);
    assert.equal(unwritable.code, 1);
    assert.match(unwritable.stderr, /^amplink: AMPL_EXPORT_E0005: /);
    const noAmpls = await cli(['export', '--format', 'az', '--snapshot', snapshot]);
    assert.equal(noAmpls.code, 1);
    assert.match(noAmpls.stderr, /^amplink: AMPL_EXPORT_E0003: /);
    const notJson = join(dir, 'plan.json');
    await writeFile(notJson, 'not json');
    const badPlan = await cli(['export', '--format', 'az', '--plan', notJson]);
    assert.equal(badPlan.code, 1);
    assert.match(badPlan.stderr, /^amplink: AMPL_PLANFILE_E0002: /);
  });
});
