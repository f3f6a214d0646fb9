import assert from 'node:assert/strict';
import { mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertFitsInHeap, HEAP_PER_SNAPSHOT_BYTE } from '../src/discover/snapshot.js';
import { isAmplinkError } from '../src/model/errors.js';
import { runAmplink } from './support/cli.js';
import { seedWorld } from './support/world.js';

const MiB = 2 ** 20;

test('a snapshot too large for the heap limit is refused before reading, naming the NODE_OPTIONS that fits it', async () => {
  const { ampls } = seedWorld();
  const file = join(await mkdtemp(join(tmpdir(), 'amplink-heap-')), 'fleet.json');
  await writeFile(file, '');
  await truncate(file, 200 * MiB); // sparse: no disk used, and never read
  const run = await runAmplink(['plan', '--snapshot', file, '--ampls', ampls, '--json'], {
    env: { NODE_OPTIONS: '--max-old-space-size=256' },
  });
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stdout, '');
  const { error } = JSON.parse(run.stderr) as { error: { code: string; message: string; fix: string } };
  assert.equal(error.code, 'AMPL_SNAPSHOT_E0008');
  assert.match(error.message, /fleet\.json' is 200 MiB: .* more than the \d+ MiB heap/);
  const suggested = Number(/NODE_OPTIONS=--max-old-space-size=(\d+)/.exec(error.fix)?.[1]);
  assert.ok(suggested * MiB >= 200 * MiB * HEAP_PER_SNAPSHOT_BYTE, error.fix);
  assert.doesNotMatch(run.stderr, /FATAL ERROR|JavaScript heap out of memory|\n\s+at /);
});

test('the heap the fix names is enough, and less is refused', () => {
  const bytes = 123 * MiB;
  let fix = '';
  try {
    assertFitsInHeap('fleet.json', bytes, 1024 * MiB);
    assert.fail('a 123 MiB snapshot fits a 1 GiB heap only if planning takes under 8.3 bytes per byte');
  } catch (error) {
    assert.ok(isAmplinkError(error));
    fix = error.fix ?? '';
  }
  const suggested = Number(/--max-old-space-size=(\d+)/.exec(fix)?.[1]);
  assert.doesNotThrow(() => assertFitsInHeap('fleet.json', bytes, suggested * MiB));
  assert.throws(
    () => assertFitsInHeap('fleet.json', bytes, bytes * HEAP_PER_SNAPSHOT_BYTE - 1),
    /AMPL_SNAPSHOT_E0008|heap/,
  );
});
