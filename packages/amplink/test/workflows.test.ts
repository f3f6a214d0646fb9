import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunningEmulator } from 'amplink-emulator';
import { exitCodeFor, EXIT } from '../src/cli/exit-codes.js';
import { discover } from '../src/discover/discover.js';
import { formatPlanJson } from '../src/report/json.js';
import { applyFleet } from '../src/workflows/apply-fleet.js';
import type { FleetEvent } from '../src/workflows/events.js';
import { fleetTopology } from '../src/workflows/fleet.js';
import { fleetPermissions, planFleet } from '../src/workflows/plan-fleet.js';
import { verifyFleet } from '../src/workflows/verify-fleet.js';
import { emulatorWithConnection } from './support/emulator.js';

function writesOf(emulator: RunningEmulator): number {
  return Object.values(emulator.counters().writes).reduce((a, b) => a + b, 0);
}

/** The library's workflows, driven as a program would drive them (no CLI), against the emulator through the SDK. */
describe('workflows as library calls', () => {
  test('plan, verify, permissions and apply: what the CLI shows, without the CLI', async () => {
    const { emulator, connection } = await emulatorWithConnection();
    try {
      const events: FleetEvent[] = [];
      const world = await fleetTopology({ connection }, {}, (e) => events.push(e));
      const amplsId = [...world.privateLinkScopes.values()][0]?.resource.id ?? assert.fail('the fleet has an AMPLS');
      const last = events.at(-1);
      assert.equal(last?.code, 'AMPL_DISCOVER_I0002');
      assert.deepEqual(last.data, { resources: world.resources.length, endpoint: emulator.url });
      assert.equal(last.message, `discovered ${world.resources.length} resources at ${emulator.url}`);
      assert.ok(events.some((e) => e.code === 'AMPL_DISCOVER_I0001' && e.data.phase === 'graph'));

      // The same world as a snapshot's resources plans the same, byte for byte.
      const planned = await planFleet({ source: { connection }, plan: { amplsId } });
      const fromSnapshot = await planFleet({ source: { resources: await discover(connection) }, plan: { amplsId } });
      assert.equal(formatPlanJson(fromSnapshot.plan), formatPlanJson(planned.plan));
      assert.equal(planned.plan.summary.status, 'changes');
      assert.equal(exitCodeFor(planned), EXIT.changes);

      const verified = await verifyFleet({ source: { resources: world.resources }, plan: { amplsId } });
      assert.ok(verified.verify.summary.findings.error > 0, 'the example fleet starts with errors');
      assert.equal(exitCodeFor(verified), EXIT.findings);

      const permissions = await fleetPermissions({ source: { resources: world.resources }, plan: { amplsId } });
      const needed = new Set(permissions.scopes.flatMap((s) => s.actions));
      for (const action of planned.plan.actions.flatMap((a) => a.permissions)) assert.ok(needed.has(action.action));

      emulator.reset();
      let asked = 0;
      const declined = await applyFleet(connection, {
        plan: { amplsId },
        confirm: async (plan) => {
          asked++;
          assert.equal(plan.actions.length, planned.plan.actions.length);
          return false;
        },
      });
      assert.equal(asked, 1);
      assert.equal(declined.declined, true);
      assert.equal(declined.applied, undefined);
      assert.equal(writesOf(emulator), 0, 'declined: nothing written');
      assert.equal(exitCodeFor(declined), EXIT.error);

      let wrapped = 0;
      const applied = await applyFleet(connection, {
        plan: { amplsId },
        confirm: async () => true,
        aroundWrites: (plan, run) => {
          wrapped++;
          return run({});
        },
      });
      assert.equal(wrapped, 1);
      assert.equal(applied.applied?.summary.done, planned.plan.actions.length);
      assert.equal(exitCodeFor(applied), EXIT.ok);

      const again = await applyFleet(connection, {
        plan: { amplsId },
        confirm: async () => assert.fail('nothing to do: nothing to ask'),
      });
      assert.equal(again.plan.summary.status, 'converged');
      assert.equal(again.applied, undefined);
      assert.equal(exitCodeFor(again), EXIT.ok);
      const converged = await planFleet({ source: { connection }, plan: { amplsId } });
      assert.equal(exitCodeFor(converged), EXIT.ok);
    } finally {
      await emulator.stop();
    }
  });
});
