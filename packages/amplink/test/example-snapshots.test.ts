import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../scripts/make-example-snapshots.ts', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const SNAPSHOTS = ['snapshot.json', 'snapshot-two-workspaces.json'];

async function generateInto(dir: string): Promise<Map<string, string>> {
  await run(process.execPath, ['--import', 'tsx', SCRIPT, dir]);
  return new Map(await Promise.all(SNAPSHOTS.map(async (f) => [f, await readFile(join(dir, f), 'utf8')] as const)));
}

test('npm run examples is repeatable: two runs are byte-identical, and equal to the committed example snapshots', async () => {
  const first = await mkdtemp(join(tmpdir(), 'amplink-examples-'));
  const second = await mkdtemp(join(tmpdir(), 'amplink-examples-'));
  try {
    const a = await generateInto(first);
    const b = await generateInto(second);
    for (const file of SNAPSHOTS) {
      assert.equal(a.get(file), b.get(file), `${file}: a second run gave other bytes`);
      assert.equal(
        a.get(file),
        await readFile(join(EXAMPLES, file), 'utf8'),
        `examples/${file} is not what npm run examples makes (run it and commit the result)`,
      );
    }
  } finally {
    await rm(first, { recursive: true, force: true });
    await rm(second, { recursive: true, force: true });
  }
});
