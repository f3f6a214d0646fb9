import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { isAmplinkError } from '../src/model/errors.js';
import { plan } from '../src/plan/plan.js';
import { verify } from '../src/verify/verify.js';
import { World } from './support/world.js';

test('the planner and verify count private endpoint connections alike: inline and child resources, each once', () => {
  const w = new World();
  // 9 connections inline; 4 listed as child resources, one of which is also inline: 12 in all.
  const ampls = w.ampls('my-ampls', 'my-resource-group', 'PrivateOnly', 9);
  for (const i of [8, 9, 10, 11]) {
    w.add({
      id: `${ampls}/privateEndpointConnections/pe-${i}`,
      name: `pe-${i}`,
      type: 'Microsoft.Insights/privateLinkScopes/privateEndpointConnections',
      properties: { privateLinkServiceConnectionState: { status: 'Approved' } },
    });
  }
  const topology = w.topology();
  const planned = plan(topology, { amplsId: ampls });
  const planWarning = planned.findings.find((f) => f.code === 'AMPL_PLAN_W0103');
  assert.ok(planWarning, planned.findings.map((f) => f.code).join(', '));
  assert.match(planWarning.message, /has 12 private endpoint connections; an AMPLS supports at most 10/);
  const verified = verify(topology, { amplsId: ampls, plan: planned });
  const verifyError = verified.findings.find((f) => f.code === 'AMPL_VERIFY_E0030');
  assert.ok(verifyError, verified.findings.map((f) => f.code).join(', '));
  assert.match(verifyError.message, /private endpoint connections 12 of at most 10/);
});

test('verify counts the AMPLS a workspace lists itself in, as the planner does, also those not discovered', () => {
  const w = new World();
  const ampls = w.ampls();
  const amw = w.amw('amw', 'eastus');
  const law = w.law('law-shared', 'eastus');
  w.cluster({ name: 'aks-1', region: 'eastus', metricsTo: amw.id, logsTo: law });
  w.link(ampls, law);
  // Four more AMPLS, in subscriptions amplink did not discover: only the workspace itself shows them.
  const elsewhere = [1, 2, 3, 4].map(
    (i) =>
      `/subscriptions/00000000-0000-0000-0000-00000000000${i}/resourceGroups/other/providers/Microsoft.Insights/privateLinkScopes/ampls-${i}`,
  );
  const workspace = w.resources.find((r) => r['id'] === law) as { properties: Record<string, unknown> };
  // As Azure lists them: the link's id (provider and types in lower case), and the AMPLS's immutable id.
  workspace.properties['privateLinkScopedResources'] = [ampls, ...elsewhere].map((scope, i) => ({
    resourceId: `${scope.replace('/providers/Microsoft.Insights/privateLinkScopes/', '/providers/microsoft.insights/privatelinkscopes/')}/scopedresources/law-shared-connection`,
    scopeId: `6f0e7a52-0000-4000-8000-00000000000${i}`,
  }));
  const result = verify(w.topology(), { amplsId: ampls, limits: { scopesPerResource: 4 } });
  const over = result.findings.find((f) => f.code === 'AMPL_VERIFY_E0030');
  assert.ok(over, result.findings.map((f) => f.code).join(', '));
  assert.match(over.message, /law-shared would be in AMPLS count 5 of at most 4/);
});

test('a resource already in 100 AMPLS (listed by immutable id) cannot join one more: the plan is blocked', () => {
  const w = new World();
  const ampls = w.ampls();
  const amw = w.amw('amw', 'eastus');
  const law = w.law('law-busy', 'eastus');
  w.cluster({ name: 'aks-1', region: 'eastus', metricsTo: amw.id, logsTo: law });
  const workspace = w.resources.find((r) => r['id'] === law) as { properties: Record<string, unknown> };
  const listed = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      resourceId: `/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/other/providers/microsoft.insights/privatelinkscopes/ampls-${i}/scopedresources/law-busy`,
      scopeId: `0c9b1f2e-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
  workspace.properties['privateLinkScopedResources'] = listed(100);
  const blocked = plan(w.topology(), { amplsId: ampls });
  const over = blocked.findings.find((f) => f.code === 'AMPL_PLAN_E0102');
  assert.ok(over, blocked.findings.map((f) => f.code).join(', '));
  assert.match(over.message, /law-busy is already in 100 AMPLS; a resource joins at most 100/);
  assert.equal(blocked.actions.length, 0);
  workspace.properties['privateLinkScopedResources'] = listed(99);
  const planned = plan(w.topology(), { amplsId: ampls });
  assert.equal(
    planned.findings.find((f) => f.code === 'AMPL_PLAN_E0102'),
    undefined,
  );
  assert.ok(planned.actions.some((a) => a.resourceType === 'Microsoft.Insights/privateLinkScopes/scopedResources'));
});

test('a network resource of the wrong shape is refused by name and path, not read as if it were absent', () => {
  const vnet = {
    id: '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/network/providers/Microsoft.Network/virtualNetworks/vnet-hub',
    type: 'Microsoft.Network/virtualNetworks',
    location: 'eastus',
    properties: { subnets: 'endpoints' },
  };
  assert.throws(
    () => parseSnapshot(JSON.stringify([vnet]), 'snap.json'),
    (error: unknown) =>
      isAmplinkError(error) &&
      error.code === 'AMPL_SNAPSHOT_E0003' &&
      error.message.startsWith('snap.json: $[0].properties.subnets:'),
  );
});
