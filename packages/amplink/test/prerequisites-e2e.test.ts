import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TokenCredential } from '@azure/core-auth';
import { startEmulator, type RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../src/apply/apply.js';
import { discover } from '../src/discover/discover.js';
import { Topology } from '../src/model/topology.js';
import { plan } from '../src/plan/plan.js';
import type { PlanOptions } from '../src/plan/options.js';
import { runLiveProbes } from '../src/verify/probes/live.js';
import { verify } from '../src/verify/verify.js';
import { connectionTo } from './support/emulator.js';
import { noAmplsOptions } from '../scripts/update-golden.js';

const FLEET = fileURLToPath(new URL('../../../examples/fleet-no-ampls.yaml', import.meta.url));

async function world(emulator: RunningEmulator): Promise<{ topology: Topology; options: PlanOptions }> {
  const topology = new Topology(await discover(connectionTo(emulator), { discovery: 'arm' }));
  return { topology, options: noAmplsOptions(topology) };
}

describe('the network prerequisites, end to end against the emulator (issue 16 "Done when")', () => {
  test('no AMPLS -> one plan + apply -> every cluster sends privately, the workspace answers -> the next plan is empty', async () => {
    const emulator = await startEmulator({ fleet: FLEET, lroDelayMs: 5, lroRetryAfterSeconds: 0 });
    try {
      const first = await world(emulator);
      const planned = plan(first.topology, first.options);
      assert.equal(planned.summary.status, 'changes', JSON.stringify(planned.findings));
      const types = planned.actions.map((a) => a.resourceType);
      assert.equal(types[0], 'Microsoft.Insights/privateLinkScopes');
      assert.equal(types.filter((t) => t === 'Microsoft.Network/privateEndpoints').length, 2);
      assert.equal(types.filter((t) => t === 'Microsoft.Network/privateDnsZones').length, 6);
      // Five AMPLS zones to two VNets, the workspace's query zone to the hub.
      assert.equal(types.filter((t) => t === 'Microsoft.Network/privateDnsZones/virtualNetworkLinks').length, 11);
      assert.equal(types.filter((t) => t === 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups').length, 2);

      const applied = await applyPlan(connectionTo(emulator), planned);
      assert.equal(applied.summary.failed, 0, JSON.stringify(applied.outcomes.filter((o) => o.error)));
      assert.equal(applied.summary.notTried, 0);

      emulator.tick();
      const after = await world(emulator);
      const result = verify(after.topology, after.options);
      const live = await runLiveProbes(after.topology, result, {
        credential: emulator.tokenCredential as TokenCredential,
        ca: emulator.caCertPem,
        armEndpoint: emulator.url,
        timeoutMs: 5000,
        skip: { dns: true },
      });
      assert.equal(live.clusters.length, 2);
      for (const c of live.clusters) {
        assert.equal(c.metrics.status, 'pass', `${c.name}: ${c.metrics.detail}`);
        assert.equal(c.logs.status, 'pass', `${c.name}: ${c.logs.detail}`);
      }
      for (const c of result.clusters) assert.equal(c.route, 'private', `${c.name}: ${JSON.stringify(c.reasons)}`);

      const again = plan(after.topology, after.options);
      assert.deepEqual(again.actions, []);
      assert.equal(again.summary.status, 'converged');
    } finally {
      await emulator.stop();
    }
  });
});
