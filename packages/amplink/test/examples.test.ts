import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readSnapshotFile } from '../src/discover/snapshot.js';
import { Topology } from '../src/model/topology.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan } from '../src/plan/types.js';
import { simulateApply } from './support/simulate.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));

async function planExample(file: string): Promise<{ topology: Topology; result: Plan; amplsId: string }> {
  const resources = await readSnapshotFile(`${examples}${file}`);
  const topology = new Topology(resources);
  const scope = [...topology.privateLinkScopes.values()][0];
  assert.ok(scope, `${file} has an AMPLS`);
  return { topology, result: plan(topology, { amplsId: scope.resource.id }), amplsId: scope.resource.id };
}

test('examples/snapshot.json (the emulator world of examples/fleet.yaml): one DCE per cluster region, everything linked', async () => {
  const { topology, result, amplsId } = await planExample('snapshot.json');
  const clusterRegions = new Set(topology.clusters.map((c) => c.region));
  const workspaceRegions = new Set([...topology.monitorWorkspaces.values()].map((w) => w.region));
  const newEndpoints = result.actions.filter((a) => a.resourceType === 'Microsoft.Insights/dataCollectionEndpoints');
  assert.deepEqual(
    newEndpoints.map((a) => a.body['location']).sort(),
    [...clusterRegions].filter((r) => !workspaceRegions.has(r)).sort(),
  );
  const associations = result.actions.filter(
    (a) => a.resourceType === 'Microsoft.Insights/dataCollectionRuleAssociations',
  );
  assert.equal(associations.length, topology.clusters.length);
  assert.equal(result.summary.clusters.needingChanges, topology.clusters.length);
  assert.ok(
    result.actions.some((a) => a.rules.includes(6)),
    'the Arc cluster brings rule 6',
  );
  assert.deepEqual(result.findings, []);

  const after = simulateApply(
    topology.resources.map((r) => r.raw as Record<string, unknown>),
    result,
  );
  const { parseSnapshot } = await import('../src/discover/snapshot.js');
  const again = plan(new Topology(parseSnapshot(JSON.stringify(after))), { amplsId });
  assert.equal(again.summary.status, 'converged');
});

test('examples/snapshot-two-workspaces.json: each cluster brings its own workspaces; what is linked already stays', async () => {
  const { topology, result } = await planExample('snapshot-two-workspaces.json');
  const linked = new Set(
    result.actions
      .filter((a) => a.resourceType.endsWith('scopedResources'))
      .map((a) => String((a.body['properties'] as Record<string, unknown>)['linkedResourceId']).toLowerCase()),
  );
  const alreadyLinked = [...topology.scopedResourcesByLinkedId.keys()];
  assert.ok(alreadyLinked.length > 0);
  for (const key of alreadyLinked) assert.ok(!linked.has(key), `${key} is linked already`);
  assert.ok(topology.monitorWorkspaces.size >= 2 && topology.logAnalyticsWorkspaces.size >= 2);
});
