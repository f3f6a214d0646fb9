import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../src/apply/apply.js';
import type { ArmConnection } from '../src/discover/arm-connection.js';
import { discover } from '../src/discover/discover.js';
import { idKey } from '../src/model/resource-id.js';
import { Topology } from '../src/model/topology.js';
import { plan } from '../src/plan/planner.js';
import type { Plan } from '../src/plan/types.js';
import { emulatorWithConnection } from './support/emulator.js';

async function planLive(connection: ArmConnection): Promise<{ topology: Topology; result: Plan; amplsId: string }> {
  const topology = new Topology(await discover(connection));
  const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
  return { topology, result: plan(topology, { amplsId }), amplsId };
}

function writesOf(emulator: RunningEmulator): number {
  return Object.values(emulator.counters().writes).reduce((a, b) => a + b, 0);
}

/** Each linked resource appears once in the AMPLS, and every DCE amplink made serves a cluster and is linked. */
function assertNoDuplicatesNoOrphans(topology: Topology, amplsId: string): void {
  const links = topology.scopedResourcesByScope.get(idKey(amplsId)) ?? [];
  const linkedKeys = links.map((l) => idKey(l.linkedResourceId));
  assert.equal(new Set(linkedKeys).size, linkedKeys.length, 'no resource linked twice');
  const used = new Set<string>();
  for (const list of topology.associationsByTarget.values()) {
    for (const a of list) if (a.endpointId) used.add(idKey(a.endpointId));
  }
  for (const endpoint of topology.endpoints.values()) {
    if (!endpoint.managedByAmplink) continue;
    assert.ok(used.has(endpoint.resource.key), `${endpoint.resource.id} serves a cluster`);
    assert.ok(linkedKeys.includes(endpoint.resource.key), `${endpoint.resource.id} is in the AMPLS`);
  }
}

describe('apply against the emulator, real SDK on the wire', () => {
  test('a fleet converges from nothing; the second apply writes nothing; plan after apply is empty', async () => {
    const { emulator, connection } = await emulatorWithConnection();
    try {
      const { result } = await planLive(connection);
      assert.ok(result.actions.length > 10);
      const events: string[] = [];
      const first = await applyPlan(connection, result, { onEvent: (e) => events.push(e.type), retryBaseMs: 20 });
      assert.equal(first.summary.failed, 0, JSON.stringify(first.outcomes.filter((o) => o.status === 'failed')));
      assert.equal(first.summary.done, result.actions.length);
      assert.ok(events.includes('start') && events.includes('finish'));

      const after = await planLive(connection);
      assert.equal(after.result.summary.status, 'converged', JSON.stringify(after.result.actions.map((a) => a.reason)));
      assertNoDuplicatesNoOrphans(after.topology, after.amplsId);

      emulator.reset();
      const again = await applyPlan(connection, result, { retryBaseMs: 20 });
      assert.equal(again.summary.alreadyDone, result.actions.length);
      assert.equal(again.summary.writes, 0);
      assert.equal(writesOf(emulator), 0, 'the emulator saw no write');
    } finally {
      await emulator.stop();
    }
  });

  test('with 429 bursts, 500s, 503s, resets and latency injected, apply still converges without duplicates', async () => {
    const { emulator, connection } = await emulatorWithConnection({
      faults: {
        seed: 7,
        rules: [
          { kind: 'status', status: 429, probability: 0.15, method: 'PUT' },
          { kind: 'status', status: 500, probability: 0.1 },
          { kind: 'status', status: 503, probability: 0.05, method: 'GET' },
          { kind: 'reset', probability: 0.05 },
          { kind: 'latency', latencyMs: 30, probability: 0.3 },
        ],
      },
    });
    try {
      const { result } = await planLive(connection);
      let outcome = await applyPlan(connection, result, { retryBaseMs: 20 });
      if (outcome.summary.failed > 0) outcome = await applyPlan(connection, result, { retryBaseMs: 20 });
      emulator.setFaults({ rules: [] });
      const after = await planLive(connection);
      assert.equal(after.result.summary.status, 'converged');
      assertNoDuplicatesNoOrphans(after.topology, after.amplsId);
    } finally {
      await emulator.stop();
    }
  });
});
