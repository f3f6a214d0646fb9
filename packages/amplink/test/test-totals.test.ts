import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatTotals, passed, totalsOf } from '../../../scripts/test-totals.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs node --test as the packages' npm test does, and returns its TAP and exit code. */
function nodeTest(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ tap: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=tap', ...args],
      // NODE_TEST_CONTEXT (set for this very run) would make the child report to us in V8's format, not TAP.
      { cwd: ROOT, env: { ...process.env, NODE_TEST_CONTEXT: undefined, ...env }, maxBuffer: 64 << 20 },
      (error, stdout) => resolve({ tap: stdout, code: error ? Number(error.code ?? 1) : 0 }),
    );
  });
}

test('totals: counts, the skipped tests with their reasons, and the failed tests (not their suites)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'amplink-totals-'));
  try {
    const file = join(dir, 'sample.test.mjs');
    await writeFile(
      file,
      `import { describe, it, test } from 'node:test';
       test('passes', () => {});
       test('needs /proc', { skip: 'no /proc on this system' }, () => {});
       describe('a suite', () => {
         it('fails # with a hash', () => { throw new Error('no'); });
         it('is skipped', { skip: 'because' }, () => {});
       });`,
    );
    const { tap, code } = await nodeTest([file]);
    const totals = totalsOf('sample', tap, code);
    assert.deepEqual(
      { tests: totals.tests, pass: totals.pass, fail: totals.fail, skipped: totals.skipped },
      { tests: 4, pass: 1, fail: 1, skipped: 2 },
    );
    assert.deepEqual(totals.notRun, [
      { test: 'needs /proc', reason: 'no /proc on this system' },
      { test: 'is skipped', reason: 'because' },
    ]);
    assert.deepEqual(totals.failed, ['fails # with a hash']);
    const other = totalsOf('other', '# tests 2\n# pass 2\n# fail 0\n# skipped 0\n', 0);
    const block = formatTotals([totals, other]);
    assert.match(block, /\nall packages +6 +3 +1 +2 +0 +0\n/);
    assert.match(block, /\nNOT RUN: 2 tests did not run:\n {2}sample: needs \/proc — no \/proc on this system\n/);
    assert.match(block, /\nFAILED: 1:\n {2}sample: fails # with a hash\n/);
    assert.match(block, /result: FAIL\n$/);
    assert.equal(passed([totals, other]), false);
    assert.equal(passed([other]), true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a package whose run broke off (no summary) or exited non-zero does not pass', () => {
  assert.equal(passed([totalsOf('cut', 'TAP version 13\nok 1 - a\n', 1)]), false);
  assert.equal(passed([totalsOf('crashed', '# tests 1\n# pass 1\n# fail 0\n', 7)]), false);
  assert.match(
    formatTotals([totalsOf('crashed', '# tests 1\n# pass 1\n# fail 0\n', 7)]),
    /crashed's tests exited with code 7/,
  );
});

test('without the REST API spec files, the conformance suite is one skipped test whose reason the closing lines give', async () => {
  const { tap, code } = await nodeTest(['packages/emulator/test/conformance.test.ts'], {
    AMPLINK_REST_API_SPECS: join(tmpdir(), 'no-rest-api-specs-here'),
  });
  const totals = totalsOf('amplink-emulator', tap, code);
  assert.equal(code, 0);
  assert.deepEqual({ tests: totals.tests, skipped: totals.skipped }, { tests: 1, skipped: 1 });
  const closing = formatTotals([totals]).trimEnd().split('\n').slice(-4).join('\n');
  assert.match(
    closing,
    /NOT RUN: 1 test did not run:\n {2}amplink-emulator: conformance with the REST API spec examples — the REST API spec files are not here: .*no-rest-api-specs-here\/specification\/monitor\/.* is missing \(public files of Azure\/azure-rest-api-specs; docs\/rest-api-specs\.md/,
  );
});
