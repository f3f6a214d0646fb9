// --state as a journal: what was acknowledged survives the process being killed, a torn last record is dropped, a
// damaged one is refused, compaction keeps the world, and the files holding secrets are the owner's only.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EmulatorError, startEmulator } from '../src/index.js';
import { https, killStartedClis, msiToken, startCli } from './cli-process.js';
import { SUB, call, rg, testFleet } from './helpers.js';

const DEFAULT_SUB = '00000000-0000-4000-8000-000000000001';
const dce = (sub: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/rg-crash/providers/Microsoft.Insights/dataCollectionEndpoints/${name}`;
const VERSION = '?api-version=2022-06-01';
const journals = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('journal-'));
const ids = (snapshot: { value: unknown[] }) =>
  new Set(snapshot.value.map((r) => (r as { id: string }).id.toLowerCase()));

describe('--state journal', () => {
  after(killStartedClis);
  it('keeps every acknowledged write when the process is killed (SIGKILL) while writes are in flight', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-crash-'));
    const emu = await startCli(['--state', stateDir]);
    // Listened for before the kill: the process can be gone before the last worker has seen its connection drop.
    const closed = new Promise((resolve) => emu.child.once('close', resolve));
    const token = await msiToken(emu);
    const put = (path: string, body: unknown) =>
      https(emu, 'PUT', path + VERSION, { token, body: JSON.stringify(body) });
    const group = await https(
      emu,
      'PUT',
      `/subscriptions/${DEFAULT_SUB}/resourceGroups/rg-crash?api-version=2021-04-01`,
      {
        token,
        body: JSON.stringify({ location: 'eastus' }),
      },
    );
    assert.equal(group.status, 201);
    const created = new Set<string>();
    const deleted = new Set<string>();
    let next = 0;
    let killed = false;
    const worker = async (): Promise<void> => {
      while (!killed) {
        const index = next++;
        const name = `dce-${index}`;
        try {
          const answer = await put(dce(DEFAULT_SUB, name), { location: 'eastus', tags: { n: name } });
          if (answer.status === 200 || answer.status === 201) created.add(name);
          // Every fifth one is deleted again: acknowledged deletes must stay deleted.
          if (index % 5 === 4 && created.has(name)) {
            const gone = await https(emu, 'DELETE', dce(DEFAULT_SUB, name) + VERSION, { token });
            if (gone.status === 200) {
              created.delete(name);
              deleted.add(name);
            }
          }
        } catch {
          return; // the connection died with the process
        }
        if (created.size >= 150 && !killed) {
          killed = true;
          emu.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await closed;
    // A delete answered before the signal landed moves a name from created to deleted after the kill, so the count of
    // acknowledged creates is both sets together (CI once saw 149 created and 36 deleted).
    assert.ok(
      created.size + deleted.size >= 150 && deleted.size > 0,
      `${created.size} created, ${deleted.size} deleted`,
    );

    const restarted = await startEmulator({ stateDir });
    try {
      const present = ids(restarted.snapshot());
      for (const name of created) assert.ok(present.has(dce(DEFAULT_SUB, name).toLowerCase()), `${name} was lost`);
      for (const name of deleted) assert.ok(!present.has(dce(DEFAULT_SUB, name).toLowerCase()), `${name} came back`);
    } finally {
      await restarted.stop();
    }
  });

  it('drops a torn last record, and the next records start on a line of their own', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-torn-'));
    const first = await startEmulator({ fleet: testFleet(), stateDir });
    await call(first, 'PUT', `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/before${VERSION}`, {
      body: { location: 'eastus' },
    });
    // A crash leaves the journal as it is: simulate one by copying the directory before the clean stop compacts it.
    const crashed = mkdtempSync(join(tmpdir(), 'amplink-torn-copy-'));
    for (const name of readdirSync(stateDir)) writeFileSync(join(crashed, name), readFileSync(join(stateDir, name)));
    await first.stop();
    const [journal] = journals(crashed);
    assert.ok(journal !== undefined, 'the change is in the journal before any compaction');
    appendFileSync(join(crashed, journal), '{"kind":"put","resource":{"id":"/subscriptions/x');

    const second = await startEmulator({ stateDir: crashed });
    await call(second, 'PUT', `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/after${VERSION}`, {
      body: { location: 'eastus' },
    });
    const lines = readFileSync(join(crashed, journal), 'utf8').split('\n');
    assert.equal(lines.at(-1), '', 'the journal ends with a whole record');
    for (const line of lines.slice(0, -1)) assert.doesNotThrow(() => JSON.parse(line), line);
    const present = ids(second.snapshot());
    assert.ok(present.has(`${rg()}/providers/microsoft.insights/datacollectionendpoints/before`.toLowerCase()));
    assert.ok(present.has(`${rg()}/providers/microsoft.insights/datacollectionendpoints/after`.toLowerCase()));
    await second.stop();
  });

  it('refuses a journal damaged before its last line with a typed error, changing nothing', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-damaged-'));
    const first = await startEmulator({ fleet: testFleet(), stateDir });
    const crashed = mkdtempSync(join(tmpdir(), 'amplink-damaged-copy-'));
    await call(first, 'PUT', `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/x${VERSION}`, {
      body: { location: 'eastus' },
    });
    for (const name of readdirSync(stateDir)) writeFileSync(join(crashed, name), readFileSync(join(stateDir, name)));
    await first.stop();
    const [journal] = journals(crashed);
    assert.ok(journal !== undefined);
    const text = readFileSync(join(crashed, journal), 'utf8');
    writeFileSync(join(crashed, journal), `{"kind":"nonsense"}\n${text}`);
    await assert.rejects(
      startEmulator({ stateDir: crashed }),
      (e: unknown) => e instanceof EmulatorError && e.code === 'EMULATOR_STATE_CORRUPT' && /line 1/.test(e.message),
    );
    assert.equal(readFileSync(join(crashed, journal), 'utf8'), `{"kind":"nonsense"}\n${text}`);
  });

  it('compacts the journal into a snapshot past its bound, and the world is the same after a restart', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-compact-'));
    const first = await startEmulator({ fleet: testFleet(), stateDir, stateJournalLimitBytes: 2_000 });
    const generation = () => Number(/journal-(\d+)/.exec(journals(stateDir).join())?.[1] ?? 0);
    const startGeneration = JSON.parse(readFileSync(join(stateDir, 'world.json'), 'utf8')).generation as number;
    for (let i = 0; i < 20; i++) {
      await call(first, 'PUT', `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/c-${i}${VERSION}`, {
        body: { location: 'eastus', tags: { i: String(i) } },
      });
    }
    await call(first, 'DELETE', `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/c-3${VERSION}`);
    assert.ok(generation() > startGeneration, 'the journal was compacted at least once');
    assert.equal(journals(stateDir).length, 1, 'older generations are removed');
    const before = first.snapshot();
    // The world after the last compaction is the snapshot plus the current journal: read it back without a clean stop.
    const copy = mkdtempSync(join(tmpdir(), 'amplink-compact-copy-'));
    for (const name of readdirSync(stateDir)) writeFileSync(join(copy, name), readFileSync(join(stateDir, name)));
    await first.stop();
    for (const dir of [copy, stateDir]) {
      const again = await startEmulator({ stateDir: dir });
      assert.deepEqual(again.snapshot(), before);
      await again.stop();
    }
  });

  it('writes the snapshot and the journal readable by the owner only (they hold client secrets)', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-modes-'));
    const emu = await startEmulator({ fleet: testFleet(), stateDir });
    await call(emu, 'PUT', `/subscriptions/${SUB}/resourceGroups/rg-modes?api-version=2021-04-01`, {
      body: { location: 'eastus' },
    });
    const files = ['world.json', ...journals(stateDir)];
    assert.equal(files.length, 2);
    for (const name of files) assert.equal(statSync(join(stateDir, name)).mode & 0o777, 0o600, name);
    assert.match(readFileSync(join(stateDir, 'world.json'), 'utf8'), /emulator-test-secret/);
    await emu.stop();
    assert.equal(statSync(join(stateDir, 'world.json')).mode & 0o777, 0o600);
  });
});
