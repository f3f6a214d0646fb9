import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../src/apply/apply.js';
import type { ArmConnection } from '../src/azure/arm-connection.js';
import { discover } from '../src/discover/discover.js';
import { idKey, parseResourceIdStrict } from '../src/model/resource-id.js';
import { Topology } from '../src/model/topology.js';
import { API_VERSIONS } from '../src/plan/api-versions.js';
import type { PlanOptions } from '../src/plan/options.js';
import { plan } from '../src/plan/plan.js';
import type { Plan } from '../src/plan/types.js';
import { verify } from '../src/verify/verify.js';
import { amplink } from './support/cli.js';
import { connectionTo, EXAMPLE_FLEET } from './support/emulator.js';

const DCR = 'Microsoft.Insights/dataCollectionRules';

/**
 * The example fleet with Azure's timing at 1/500 of real time: an AMPLS write takes 60 ms instead of 30 s, and writes
 * to one AMPLS still run one at a time. Hang guards only: nothing here asserts on time.
 */
async function azureTimed(): Promise<{ emulator: RunningEmulator; connection: ArmConnection }> {
  const emulator = await startEmulator({ fleet: EXAMPLE_FLEET, timing: { profile: 'azure', timeScale: 0.002 } });
  emulator.reset();
  return { emulator, connection: connectionTo(emulator) };
}

async function planLive(
  connection: ArmConnection,
  options: Omit<PlanOptions, 'amplsId'> = {},
  discovery: 'arm' | 'auto' = 'auto',
) {
  const topology = new Topology(await discover(connection, { discovery }));
  const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
  return { topology, amplsId, result: plan(topology, { amplsId, ...options }) };
}

function writes(emulator: RunningEmulator): number {
  return Object.values(emulator.counters().writes).reduce((a, b) => a + b, 0);
}

/** What a cluster's rules ingest through goes through a DCE in the AMPLS (rules 2 and 4), every one of them. */
function assertIngestionInAmpls(topology: Topology, amplsId: string): void {
  const linked = new Set(
    (topology.scopedResourcesByScope.get(idKey(amplsId)) ?? [])
      .filter((s) => s.provisioning === 'done')
      .map((s) => idKey(s.linkedResourceId)),
  );
  let checked = 0;
  for (const rules of topology.rulesByCluster.values()) {
    for (const rule of rules) {
      if (rule.endpointId === undefined) continue;
      checked++;
      assert.ok(linked.has(idKey(rule.endpointId)), `${rule.resource.name} ingests through ${rule.endpointId}`);
    }
  }
  assert.ok(checked > 0);
}

/** Someone else's write to a rule: the rule as it is, with `change` applied, PUT back. */
async function rewriteRule(
  connection: ArmConnection,
  ruleId: string,
  change: (properties: Record<string, unknown>) => void,
) {
  const id = parseResourceIdStrict(ruleId);
  const rule = (await connection.get(id, API_VERSIONS.dataCollectionRules)) as Record<string, unknown>;
  const properties = { ...(rule['properties'] as Record<string, unknown>) };
  change(properties);
  await connection.put(id, API_VERSIONS.dataCollectionRules, { location: rule['location'], properties });
}

async function converge(connection: ArmConnection, emulator: RunningEmulator, result: Plan, options = {}) {
  const applied = await applyPlan(connection, result);
  assert.equal(applied.summary.failed, 0, JSON.stringify(applied.outcomes.filter((o) => o.error)));
  const after = await planLive(connection, options);
  assert.equal(after.result.summary.status, 'converged', JSON.stringify(after.result.actions.map((a) => a.reason)));
  assertIngestionInAmpls(after.topology, after.amplsId);
  emulator.reset();
  const again = await applyPlan(connection, result);
  assert.equal(again.summary.writes, 0);
  assert.equal(writes(emulator), 0, 'the second apply wrote nothing');
  return after;
}

describe('shared ingestion against the emulator with Azure timing (1/500 of real time)', () => {
  test('per-cluster (auto on a small fleet) converges: second plan empty, second apply writes nothing', async () => {
    const { emulator, connection } = await azureTimed();
    try {
      const { result } = await planLive(connection);
      assert.equal(result.ingestionEndpoints?.chosen, 'per-cluster');
      assert.equal(result.actions.filter((a) => a.resourceType === DCR).length, 0);
      await converge(connection, emulator, result);
    } finally {
      await emulator.stop();
    }
  });

  test('shared converges with fewer AMPLS writes; the rules keep everything else; verify names the unused DCEs', async () => {
    const { emulator, connection } = await azureTimed();
    try {
      const perCluster = (await planLive(connection, { ingestionEndpoints: 'per-cluster' })).result;
      const { result, topology: before } = await planLive(connection, { ingestionEndpoints: 'shared' });
      const updates = result.actions.filter((a) => a.resourceType === DCR);
      assert.ok(updates.length >= 7);
      assert.ok((result.estimate?.amplsWrites ?? 0) < (perCluster.estimate?.amplsWrites ?? 0));
      const after = await converge(connection, emulator, result);
      // auto on a fleet that shares already keeps sharing.
      assert.equal(after.result.ingestionEndpoints?.chosen, 'shared');
      for (const update of updates) {
        const was = before.rules.get(idKey(update.id));
        const now = after.topology.rules.get(idKey(update.id));
        assert.ok(was && now);
        const { dataCollectionEndpointId: _before, provisioningState: _p1, ...restBefore } = was.resource.properties;
        const { dataCollectionEndpointId: _after, provisioningState: _p2, ...restAfter } = now.resource.properties;
        assert.deepEqual(restAfter, restBefore, `${update.id}: only dataCollectionEndpointId changed`);
      }
      const checked = verify(after.topology, { amplsId: after.amplsId });
      const unused = checked.findings.find((f) => f.code === 'AMPL_VERIFY_I0026');
      assert.ok(unused, 'the clusters own DCEs are reported as no longer used');
      assert.ok(unused.resources.some((id) => /MSProm-/.test(id)));
      assert.equal(
        checked.findings.filter((f) => ['AMPL_VERIFY_E0005', 'AMPL_VERIFY_E0009'].includes(f.code)).length,
        0,
      );
    } finally {
      await emulator.stop();
    }
  });

  test('drift: a rule pointed back at its own DCE is an error with the fix, and apply puts it back', async () => {
    const { emulator, connection } = await azureTimed();
    try {
      const { result } = await planLive(connection, { ingestionEndpoints: 'shared' });
      const converged = await converge(connection, emulator, result);
      // A cluster that reaches the AMPLS privately: for it, a rule outside the AMPLS stops data (an error).
      const verdicts = verify(converged.topology, { amplsId: converged.amplsId }).clusters;
      const privateCluster = verdicts.find((c) => c.route === 'private');
      assert.ok(privateCluster, 'the example fleet has a cluster behind the private endpoint');
      const update = result.actions.find(
        (a) => a.resourceType === DCR && a.id.includes('MSProm-') && a.clusters.includes(privateCluster.id),
      ) as Plan['actions'][0];
      const own = String(update.current?.['dataCollectionEndpointId']);
      // What `az aks update --enable-azure-monitor-metrics` does to the rule.
      await rewriteRule(connection, update.id, (p) => {
        p['dataCollectionEndpointId'] = own;
      });
      const drifted = await planLive(connection);
      const checked = verify(drifted.topology, { amplsId: drifted.amplsId, plan: drifted.result });
      const drift = checked.findings.find((f) => f.code === 'AMPL_VERIFY_E0009');
      assert.ok(drift, JSON.stringify(checked.findings.map((f) => f.code)));
      assert.equal(drift.severity, 'error');
      assert.deepEqual(drift.clusters, [privateCluster.id]);
      assert.ok(drift.fixActions.some((id) => idKey(id) === idKey(update.id)));
      assert.equal(checked.clusters.find((c) => c.id === privateCluster.id)?.metrics, 'broken');
      assert.deepEqual(
        drifted.result.actions.map((a) => a.id),
        [update.id],
        'the fix is the rule update alone',
      );
      await converge(connection, emulator, drifted.result);
    } finally {
      await emulator.stop();
    }
  });

  test('a rule changed by someone else between plan and apply: its etag is refused, coded; nothing else is lost', async () => {
    const { emulator, connection } = await azureTimed();
    try {
      // ARM's lists return each rule's etag (Resource Graph's rows do not: then apply's own read gives it).
      const { result } = await planLive(connection, { ingestionEndpoints: 'shared' }, 'arm');
      const target = result.actions.find((a) => a.resourceType === DCR) as Plan['actions'][0];
      assert.equal(typeof target.current?.['etag'], 'string', 'the plan carries the etag it saw');
      await rewriteRule(connection, target.id, (p) => {
        p['description'] = 'changed by someone else';
      });
      const applied = await applyPlan(connection, result);
      const refused = applied.outcomes.find((o) => idKey(o.id) === idKey(target.id));
      assert.equal(refused?.status, 'failed');
      assert.equal(refused?.error?.code, 'AMPL_APPLY_E0007');
      assert.equal(applied.summary.failed, 1);
      assert.equal(applied.summary.notTried, 0);
      assert.equal(applied.summary.done, result.actions.length - 1);
      const rule = (await connection.get(parseResourceIdStrict(target.id), API_VERSIONS.dataCollectionRules)) as {
        properties: Record<string, unknown>;
      };
      assert.equal(rule.properties['description'], 'changed by someone else', "the other writer's change stands");
      const replanned = await planLive(connection, { ingestionEndpoints: 'shared' });
      assert.deepEqual(
        replanned.result.actions.map((a) => a.id),
        [target.id],
      );
      await converge(connection, emulator, replanned.result);
    } finally {
      await emulator.stop();
    }
  });

  test('mixed fleet: clusters already linked per-cluster keep their DCE, the others share', async () => {
    const { emulator, connection } = await azureTimed();
    try {
      const first = await planLive(connection, { ingestionEndpoints: 'per-cluster' });
      const ownLink = first.result.actions.find(
        (a) => a.resourceType.endsWith('scopedResources') && JSON.stringify(a.body).includes('/MSProm-'),
      ) as Plan['actions'][0];
      const linkedDce = String((ownLink.body['properties'] as Record<string, unknown>)['linkedResourceId']);
      const partial = await applyPlan(connection, {
        ...first.result,
        actions: first.result.actions.filter((a) => a === ownLink || ownLink.dependsOn.includes(a.id)),
      });
      assert.equal(partial.summary.failed, 0);
      const { result } = await planLive(connection, { ingestionEndpoints: 'shared' });
      const updated = result.actions.filter((a) => a.resourceType === DCR);
      assert.ok(updated.length > 0);
      assert.ok(
        updated.every((a) => idKey(String(a.current?.['dataCollectionEndpointId'])) !== idKey(linkedDce)),
        'the rule whose DCE is linked keeps it',
      );
      await converge(connection, emulator, result, { ingestionEndpoints: 'shared' });
    } finally {
      await emulator.stop();
    }
  });

  test('amplink apply --ingestion-endpoints shared killed halfway (SIGKILL): run again, it converges', async () => {
    const emulator = await startEmulator({ fleet: EXAMPLE_FLEET, timing: { profile: 'azure', timeScale: 0.01 } });
    try {
      emulator.reset();
      const topology = new Topology(await discover(connectionTo(emulator)));
      const ampls = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
      const args = ['apply', '--ampls', ampls, '--yes', '--ingestion-endpoints', 'shared'];
      const killed = await amplink(emulator, args, { killWhen: () => writes(emulator) >= 4 });
      assert.equal(killed.signal, 'SIGKILL');
      const resumed = await amplink(emulator, args);
      assert.equal(resumed.code, 0, resumed.stderr);
      const after = await planLive(connectionTo(emulator));
      assert.equal(after.result.summary.status, 'converged');
      assert.equal(after.result.ingestionEndpoints?.chosen, 'shared');
      assertIngestionInAmpls(after.topology, after.amplsId);
    } finally {
      await emulator.stop();
    }
  });
});
