import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readSnapshotFile } from '../src/discover/snapshot.js';
import { Topology } from '../src/model/topology.js';
import type { PlanAction } from '../src/plan/types.js';
import { planKeepingDataFlowing } from '../src/plan/plan.js';

const snapshot = fileURLToPath(new URL('../../../examples/snapshot.json', import.meta.url));

function access(actions: PlanAction[]): Record<string, unknown> {
  return Object.fromEntries(
    actions
      .filter((a) => a.resourceType === 'Microsoft.Insights/dataCollectionEndpoints')
      .map((a) => [
        a.region,
        ((a.body['properties'] as Record<string, unknown>)['networkAcls'] as Record<string, unknown>)[
          'publicNetworkAccess'
        ],
      ]),
  );
}

test('a new DCE keeps public access where a cluster without a private path would lose its configuration', async () => {
  const topology = new Topology(await readSnapshotFile(snapshot));
  const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
  const result = planKeepingDataFlowing(topology, { amplsId });
  assert.deepEqual(access(result.actions), {
    francecentral: 'Disabled',
    southeastasia: 'Enabled',
    westeurope: 'Disabled',
    westus2: 'Enabled',
  });
  const sea = result.actions.find(
    (a) => a.region === 'southeastasia' && a.resourceType.endsWith('dataCollectionEndpoints'),
  );
  assert.match(sea?.reason ?? '', /Public network access stays Enabled: aks-sea-web has no private path/);
});

test('an explicit choice of public access stands', async () => {
  const topology = new Topology(await readSnapshotFile(snapshot));
  const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
  const result = planKeepingDataFlowing(topology, { amplsId, newEndpoints: { publicNetworkAccess: 'Disabled' } });
  assert.ok(Object.values(access(result.actions)).every((v) => v === 'Disabled'));
});
