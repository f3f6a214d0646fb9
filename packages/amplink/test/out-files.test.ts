import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../src/cli/program.js';
import { World } from './support/world.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

async function setUp(): Promise<{ dir: string; planArgs: string[] }> {
  const w = new World();
  const ampls = w.ampls();
  const amw = w.amw('aks-amw', 'eastus');
  w.cluster({ name: 'weu-1', region: 'westeurope', metricsTo: amw.id });
  const dir = await mkdtemp(join(tmpdir(), 'amplink-out-'));
  const snapshot = join(dir, 'snapshot.json');
  await writeFile(snapshot, w.snapshotText());
  return { dir, planArgs: ['--snapshot', snapshot, '--ampls', ampls] };
}

// Each case: the command's --out, the error code, and what the message must say.
describe('--out names a file in a folder that exists; no folder is ever made', () => {
  for (const format of ['az', 'bicep']) {
    test(`export --format ${format} --out into a missing folder: AMPL_EXPORT_E0005, nothing created`, async () => {
      const { dir, planArgs } = await setUp();
      const missing = join(dir, 'missing', 'deeper');
      const run = await cli(['export', '--format', format, ...planArgs, '--out', join(missing, 'x')]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^amplink: AMPL_EXPORT_E0005: .*'.*missing\/deeper' does not exist/);
      assert.match(run.stderr, /\n {2}fix: /);
      assert.equal(existsSync(join(dir, 'missing')), false, 'no folder was made');
    });
  }

  test('export --out <file>/x says the file is not a folder (not EEXIST)', async () => {
    const { dir, planArgs } = await setUp();
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    for (const format of ['az', 'bicep']) {
      const run = await cli(['export', '--format', format, ...planArgs, '--out', join(file, 'x')]);
      assert.equal(run.code, 1, format);
      assert.match(run.stderr, /AMPL_EXPORT_E0005: .*is a file, not a folder/, format);
      assert.doesNotMatch(run.stderr, /EEXIST/, format);
    }
    const bicepOnFile = await cli(['export', '--format', 'bicep', ...planArgs, '--out', file]);
    assert.match(bicepOnFile.stderr, /AMPL_EXPORT_E0005: .*a-file' is a file, not a folder/);
  });

  test(
    'export --out /proc/nope/x ends at once with a coded error (it used to spin forever)',
    { skip: existsSync('/proc/self') ? false : 'no /proc on this system', timeout: 10_000 },
    async () => {
      const { planArgs } = await setUp();
      for (const format of ['az', 'bicep']) {
        const run = await cli(['export', '--format', format, ...planArgs, '--out', '/proc/nope/x']);
        assert.equal(run.code, 1, format);
        assert.match(run.stderr, /AMPL_EXPORT_E0005: .*'\/proc\/nope' does not exist/, format);
      }
      const inProc = await cli(['export', '--format', 'az', ...planArgs, '--out', '/proc/x']);
      assert.match(inProc.stderr, /AMPL_EXPORT_E0005: .*'\/proc' takes no new files/);
    },
  );

  test('plan --out into a missing folder: AMPL_CLI_E0005 naming the folder', async () => {
    const { dir, planArgs } = await setUp();
    const run = await cli(['plan', ...planArgs, '--out', join(dir, 'missing', 'plan.json')]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^amplink: AMPL_CLI_E0005: Cannot write the plan to .*: the folder '.*missing' does not exist/,
    );
    assert.equal(existsSync(join(dir, 'missing')), false);
  });
});
