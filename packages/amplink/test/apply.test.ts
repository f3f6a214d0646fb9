import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../src/apply/apply.js';
import type { ArmConnection } from '../src/azure/arm-connection.js';
import { discover } from '../src/discover/discover.js';
import { idKey } from '../src/model/resource-id.js';
import { Topology } from '../src/model/topology.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan } from '../src/plan/types.js';
import { loadFleetFile } from 'amplink-emulator';
import { EXAMPLE_FLEET, emulatorWithConnection } from './support/emulator.js';

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
      const first = await applyPlan(connection, result, { onEvent: (e) => events.push(e.code) });
      assert.equal(first.summary.failed, 0, JSON.stringify(first.outcomes.filter((o) => o.status === 'failed')));
      assert.equal(first.summary.done, result.actions.length);
      assert.ok(events.includes('AMPL_APPLY_I0001') && events.includes('AMPL_APPLY_I0002'));

      const after = await planLive(connection);
      assert.equal(after.result.summary.status, 'converged', JSON.stringify(after.result.actions.map((a) => a.reason)));
      assertNoDuplicatesNoOrphans(after.topology, after.amplsId);
      const refusedAsBusy = emulator
        .requests()
        .filter((r) => r.method === 'PUT' && /\/scopedResources\//i.test(r.path) && r.status === 409);
      assert.equal(refusedAsBusy.length, 0, 'writes to the AMPLS went one at a time');

      emulator.reset();
      const again = await applyPlan(connection, result);
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
      let outcome = await applyPlan(connection, result);
      if (outcome.summary.failed > 0) outcome = await applyPlan(connection, result);
      emulator.setFaults({ rules: [] });
      const after = await planLive(connection);
      assert.equal(after.result.summary.status, 'converged');
      assertNoDuplicatesNoOrphans(after.topology, after.amplsId);
    } finally {
      await emulator.stop();
    }
  });

  test('stopped with its signal, apply resolves with what it did and did not do; a re-run finishes', async () => {
    const { emulator, connection } = await emulatorWithConnection({ lroDelayMs: 100 });
    try {
      const { result } = await planLive(connection);
      const controller = new AbortController();
      let finished = 0;
      const stopped = await applyPlan(connection, result, {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.code === 'AMPL_APPLY_I0002' && ++finished === 3) controller.abort();
        },
      });
      assert.equal(stopped.outcomes.length, result.actions.length);
      assert.ok(stopped.summary.notTried + stopped.summary.failed > 0);
      assert.ok(stopped.outcomes.some((o) => o.error?.code === 'AMPL_APPLY_E0005'));
      const resumed = await applyPlan(connection, result);
      assert.equal(resumed.summary.failed + resumed.summary.notTried, 0);
      assert.equal((await planLive(connection)).result.summary.status, 'converged');
    } finally {
      await emulator.stop();
    }
  });

  test('a permanent refusal stops what depends on it, the rest finishes, and the summary says which is which', async () => {
    const { emulator, connection } = await emulatorWithConnection();
    try {
      const { result, topology } = await planLive(connection);
      const scope = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
      const fleet = await loadFleetFile(EXAMPLE_FLEET);
      const principal = fleet.defaultPrincipalObjectId;
      // Everything may be written except the AMPLS's own group.
      const amplsGroup = scope.split('/providers/')[0] as string;
      emulator.setRoles(principal, [
        ...fleet.subscriptions.map((s) => ({ role: 'Reader' as const, scope: `/subscriptions/${s.subscriptionId}` })),
        ...topology.clusters.map((c) => ({ role: 'Contributor' as const, scope: c.resource.id })),
      ]);
      // The refusals come from the writes themselves, as when Azure's permissions cannot be read beforehand.
      const applied = await applyPlan(connection, result, { checkPermissions: false });
      const byType = (type: string, status: string) =>
        applied.outcomes.filter((o) => o.resourceType.endsWith(type) && o.status === status).length;
      assert.ok(byType('dataCollectionEndpoints', 'failed') > 0, `DCEs in ${amplsGroup} are refused`);
      assert.equal(byType('scopedResources', 'done'), 0);
      assert.ok(byType('dataCollectionRuleAssociations', 'not-tried') > 0, 'associations wait for their DCE and link');
      const failed = applied.outcomes.find((o) => o.status === 'failed');
      assert.equal(failed?.error?.code, 'AMPL_AZURE_E0403');
      assert.match(failed?.error?.message ?? '', /Azure: AuthorizationFailed: The client '.*' with object id/);
      const waiting = applied.outcomes.find((o) => o.status === 'not-tried');
      assert.ok(waiting?.blockedBy, 'a not-tried action names what it waited for');
      assert.equal(
        applied.summary.done + applied.summary.alreadyDone + applied.summary.failed + applied.summary.notTried,
        result.actions.length,
      );
    } finally {
      await emulator.stop();
    }
  });

  test('without the right to write DCEs, apply stops before any write with one coded error naming action and scope', async () => {
    const { emulator, connection } = await emulatorWithConnection();
    try {
      const { result, topology } = await planLive(connection);
      const fleet = await loadFleetFile(EXAMPLE_FLEET);
      const principal = fleet.defaultPrincipalObjectId;
      const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
      const dceGroup = amplsId.split('/providers/')[0] as string;
      emulator.setRoles(principal, [
        ...fleet.subscriptions.map((s) => ({ role: 'Reader' as const, scope: `/subscriptions/${s.subscriptionId}` })),
        ...topology.clusters.map((c) => ({ role: 'Contributor' as const, scope: c.resource.id })),
        { role: 'Monitoring Contributor' as const, scope: amplsId },
      ]);
      emulator.reset();
      await assert.rejects(applyPlan(connection, result), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'AMPL_APPLY_E0010');
        assert.match(error.message, /wrote nothing/);
        assert.ok(
          error.message.includes(`'Microsoft.Insights/dataCollectionEndpoints/write' on '${dceGroup}'`),
          error.message,
        );
        assert.doesNotMatch(error.message, /dataCollectionRuleAssociations|scopedResources/, 'only what is missing');
        return true;
      });
      const requests = emulator.requests();
      assert.equal(requests.filter((r) => r.method === 'PUT').length, 0, 'no write was sent');
      const scopes = new Set(result.actions.flatMap((a) => a.permissions.map((p) => p.scope.toLowerCase())));
      const reads = requests.filter((r) => /\/providers\/Microsoft\.Authorization\/permissions$/i.test(r.path));
      assert.ok(reads.length > 0 && reads.length <= scopes.size + 3, `${reads.length} permission reads`);
    } finally {
      await emulator.stop();
    }
  });

  test('with every right granted at the groups, the check costs one read per group and apply converges', async () => {
    const { emulator, connection } = await emulatorWithConnection();
    try {
      const { result } = await planLive(connection);
      const groups = new Set(
        result.actions.flatMap((a) =>
          a.permissions.map((p) => /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(p.scope)?.[0]?.toLowerCase()),
        ),
      );
      emulator.reset();
      const applied = await applyPlan(connection, result);
      assert.equal(applied.summary.failed + applied.summary.notTried, 0);
      const reads = emulator
        .requests()
        .filter((r) => /\/providers\/Microsoft\.Authorization\/permissions$/i.test(r.path));
      assert.equal(reads.length, groups.size);
    } finally {
      await emulator.stop();
    }
  });

  test('when the permissions cannot be read, apply says so and goes on', async () => {
    const { emulator, connection } = await emulatorWithConnection({
      faults: { rules: [{ kind: 'status', status: 404, path: 'Microsoft\\.Authorization/permissions$' }] },
    });
    try {
      const { result } = await planLive(connection);
      const notices: string[] = [];
      const applied = await applyPlan(connection, result, {
        onEvent: (e) => {
          if (e.level !== 'info') notices.push(e.code);
        },
      });
      assert.deepEqual(notices, ['AMPL_APPLY_W0010']);
      assert.equal(applied.summary.failed + applied.summary.notTried, 0);
    } finally {
      await emulator.stop();
    }
  });

  test('stopped while writes are under way, apply lets them finish and starts none; past drainMs it abandons them', async () => {
    const { emulator, connection } = await emulatorWithConnection({
      faults: { rules: [{ kind: 'latency', method: 'PUT', latencyMs: 400 }] },
    });
    try {
      const { result } = await planLive(connection);
      const stopAtFirstPut = (controller: AbortController) => {
        let puts = 0;
        const put = connection.put.bind(connection);
        connection.put = ((...args: Parameters<ArmConnection['put']>) => {
          if (++puts === 1) controller.abort();
          return put(...args);
        }) as ArmConnection['put'];
        return () => puts;
      };
      const gentle = new AbortController();
      const putsSent = stopAtFirstPut(gentle);
      const stopped = await applyPlan(connection, result, { signal: gentle.signal });
      assert.equal(stopped.summary.failed, 0, JSON.stringify(stopped.outcomes.filter((o) => o.status === 'failed')));
      assert.ok(stopped.summary.done >= 1);
      assert.equal(stopped.summary.done, putsSent(), 'every write sent finished, and none started after the stop');
      assert.equal(stopped.summary.notTried, result.actions.length - stopped.summary.done);
      assert.ok(stopped.outcomes.some((o) => o.status === 'not-tried' && o.error?.code === 'AMPL_APPLY_E0005'));

      const impatient = new AbortController();
      stopAtFirstPut(impatient);
      const abandoned = await applyPlan(connection, result, { signal: impatient.signal, drainMs: 50 });
      const cut = abandoned.outcomes.filter((o) => o.status === 'failed');
      assert.ok(cut.length >= 1 && cut.every((o) => o.error?.code === 'AMPL_APPLY_E0005'), JSON.stringify(cut));
    } finally {
      await emulator.stop();
    }
  });
});
