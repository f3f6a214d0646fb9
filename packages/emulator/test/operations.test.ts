// Operating the emulator: persistence across restarts, corrupt state, throttling, seeded faults, the control API.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EmulatorError, startEmulator } from '../src/index.js';
import { READER, call, errorCode, rg, startTestEmulator, testFleet } from './helpers.js';

const dcePath = (name: string) =>
  `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}?api-version=2024-03-11`;

describe('emulator operations', () => {
  it('gets the same world back after a restart with stateDir', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-state-'));
    const first = await startEmulator({ fleet: testFleet(), stateDir });
    const created = await call(first, 'PUT', dcePath('kept'), { body: { location: 'eastus' } });
    first.setRoles(READER, [{ role: 'Contributor', scope: rg() }]);
    const before = first.snapshot();
    await first.stop();
    const second = await startEmulator({ stateDir });
    const read = await call(second, 'GET', dcePath('kept'));
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
    assert.deepEqual(second.snapshot(), before);
    const byReader = await call(second, 'PUT', dcePath('by-reader'), {
      body: { location: 'eastus' },
      principal: READER,
    });
    assert.equal(byReader.status, 201, 'role changes persist too');
    await second.stop();
  });

  it('refuses a corrupt state file with a typed error instead of starting empty', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-state-'));
    writeFileSync(join(stateDir, 'world.json'), '{"format": "amplink-emulator-world", "vers');
    await assert.rejects(
      startEmulator({ stateDir }),
      (e: unknown) => e instanceof EmulatorError && e.code === 'EMULATOR_STATE_CORRUPT',
    );
    writeFileSync(join(stateDir, 'world.json'), '{"something": "else"}');
    await assert.rejects(
      startEmulator({ stateDir }),
      (e: unknown) => e instanceof EmulatorError && e.code === 'EMULATOR_STATE_CORRUPT',
    );
  });

  it('throttles like ARM: 429 with Retry-After once the bucket is empty, remaining count in headers', async () => {
    const emu = await startTestEmulator({ throttling: { reads: { burst: 3, perSecond: 1 } } });
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await call(emu, 'GET', `${rg()}?api-version=2021-04-01`);
        statuses.push(last.status);
        if (i === 0) assert.equal(last.headers['x-ms-ratelimit-remaining-subscription-reads'], '2');
      }
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      assert.equal(errorCode(last?.body), 'SubscriptionRequestsThrottled');
      assert.ok(Number(last?.headers['retry-after']) >= 1);
      assert.equal(emu.counters().throttled, 1);
    } finally {
      await emu.stop();
    }
  });

  it('injects seeded faults by method and path: a burst of 429s, 503, reset connections, latency', async () => {
    const emu = await startTestEmulator({
      faults: {
        seed: 7,
        rules: [
          {
            kind: 'status',
            status: 429,
            method: 'GET',
            path: 'dataCollectionEndpoints',
            count: 2,
            retryAfterSeconds: 2,
          },
          { kind: 'status', status: 503, method: 'PUT', path: 'dataCollectionRules' },
          { kind: 'reset', method: 'DELETE' },
          { kind: 'latency', method: 'GET', path: 'resourceGroups/rg-test\\?', latencyMs: 0 },
        ],
      },
    });
    try {
      const gets = [];
      for (let i = 0; i < 3; i++) gets.push((await call(emu, 'GET', dcePath('x'))).status);
      assert.deepEqual(gets, [429, 429, 404]);
      const put = await call(
        emu,
        'PUT',
        `${rg()}/providers/Microsoft.Insights/dataCollectionRules/r?api-version=2024-03-11`,
        { body: { location: 'eastus' } },
      );
      assert.equal(put.status, 503);
      await assert.rejects(call(emu, 'DELETE', dcePath('x')), /socket hang up|ECONNRESET/);
      emu.setFaults({ rules: [{ kind: 'latency', latencyMs: 120 }] });
      const started = Date.now();
      await call(emu, 'GET', `${rg()}?api-version=2021-04-01`);
      assert.ok(Date.now() - started >= 110);
      // Same seed, same decisions: a 50% rule picks the same requests each run.
      const pattern = async (): Promise<number[]> => {
        emu.setFaults({ seed: 42, rules: [{ kind: 'status', status: 500, probability: 0.5 }] });
        const out: number[] = [];
        for (let i = 0; i < 8; i++) out.push((await call(emu, 'GET', `${rg()}?api-version=2021-04-01`)).status);
        return out;
      };
      const a = await pattern();
      assert.deepEqual(await pattern(), a);
      assert.ok(a.includes(500) && a.includes(200));
    } finally {
      await emu.stop();
    }
  });

  it('serves the control API: snapshot as ARM JSON, counters by type, request log, reset, roles', async () => {
    const emu = await startTestEmulator();
    try {
      await call(emu, 'PUT', dcePath('snap'), { body: { location: 'eastus' } });
      const get = await call(emu, 'GET', dcePath('snap'));
      const snapshot = await call(emu, 'GET', '/_emulator/snapshot', { token: null });
      const value = (snapshot.body as { value: { id: string }[] }).value;
      assert.deepEqual(
        value.find((r) => r.id.endsWith('/snap')),
        get.body,
      );
      assert.ok(
        value.some((r) => r.id === rg()),
        'resource groups are in the snapshot',
      );
      const counters = (await call(emu, 'GET', '/_emulator/counters', { token: null })).body as {
        reads: Record<string, number>;
        writes: Record<string, number>;
      };
      assert.equal(counters.writes['Microsoft.Insights/dataCollectionEndpoints'], 1);
      assert.equal(counters.reads['Microsoft.Insights/dataCollectionEndpoints'], 1);
      const log = (await call(emu, 'GET', '/_emulator/requests', { token: null })).body as {
        value: { method: string; status: number }[];
      };
      assert.deepEqual(
        log.value.slice(0, 2).map((e) => [e.method, e.status]),
        [
          ['PUT', 201],
          ['GET', 200],
        ],
      );
      await call(emu, 'POST', '/_emulator/roles', {
        token: null,
        body: { principalObjectId: READER, roles: [{ role: 'Contributor', scope: rg() }] },
      });
      assert.equal(
        (await call(emu, 'PUT', dcePath('by-reader'), { body: { location: 'eastus' }, principal: READER })).status,
        201,
      );
      await call(emu, 'POST', '/_emulator/reset', { token: null });
      assert.equal(emu.counters().requests, 1, 'only the reset request itself is counted');
    } finally {
      await emu.stop();
    }
  });
});
