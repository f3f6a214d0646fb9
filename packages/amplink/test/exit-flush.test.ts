import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const HELPER = fileURLToPath(new URL('../src/cli/exit-when-flushed.ts', import.meta.url));
const SIZE = 1 << 20; // far beyond a pipe's 64 KiB

/** A process that writes to both streams and exits through `exit`, read by a parent that is slow to start reading. */
async function run(exit: string, stdoutSize = SIZE): Promise<{ code: number | null; stdout: number; stderr: number }> {
  const script = `
    import { exitWhenFlushed } from ${JSON.stringify(HELPER)};
    process.stdout.write('o'.repeat(${stdoutSize}));
    process.stderr.write('e'.repeat(${SIZE}));
    ${exit}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Listeners first: a child that exits while its pipes are paused has them resumed by Node, and what nobody listens
  // to is dropped and closed before the parent is back (CI once waited for a 'close' that had come and gone).
  const closed = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  let stdout = 0;
  let stderr = 0;
  child.stdout.pause();
  child.stderr.pause();
  child.stdout.on('data', (d: Buffer) => (stdout += d.length));
  child.stderr.on('data', (d: Buffer) => (stderr += d.length));
  await sleep(300);
  child.stdout.resume();
  child.stderr.resume();
  const code = await closed;
  return { code, stdout, stderr };
}

test('the CLI exits only once stdout and stderr are flushed: 1 MiB on each pipe arrives whole', async () => {
  assert.deepEqual(await run('exitWhenFlushed(5);'), { code: 5, stdout: SIZE, stderr: SIZE });
});

test('(the check above can fail: exiting once stdout alone is flushed cuts stderr on a pipe)', async () => {
  const cut = await run(`void exitWhenFlushed; process.stdout.write('', () => process.exit(5));`, 0);
  assert.equal(cut.code, 5);
  assert.ok(cut.stderr < SIZE, `stderr arrived whole (${cut.stderr} bytes): this check proves nothing here`);
});
