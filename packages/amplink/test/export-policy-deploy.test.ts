// The policy's DeployIfNotExists, as Azure Policy would run it on the emulator: after apply, every cluster is compliant
// by the existence condition; a cluster created afterwards is not, and the deployment the policy embeds, run by the
// real `az deployment group create`, gives it the configuration DCE of its region. Azure Policy's own evaluation is
// not emulated: the test evaluates the rule's few conditions itself, as the policy states them. The AMPLS audit is
// looked up the same way, over the scoped resources the real az lists.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { exportPlan } from '../src/export/index.js';
import { exportPolicyFiles } from '../src/export/policy.js';
import { Topology } from '../src/model/topology.js';
import { planOnce as plan } from '../src/plan/planner.js';
import { armUnescaped as unescaped, azOnEmulator } from './support/az-on-emulator.js';

const session = azOnEmulator(undefined, 'amplink-policy-deploy-');

function topologyNow(): Topology {
  return new Topology(parseSnapshot(JSON.stringify(session().emulator.snapshot()), 'emulator'));
}

interface Rule {
  then: {
    details: {
      existenceCondition: { in: string };
      deployment: { properties: { template: unknown; parameters: Record<string, { value: string }> } };
    };
  };
}

test("the policy's deployment gives a new cluster its region's DCE; the fleet after apply is compliant", async () => {
  const { emulator, az, workDir } = session();
  const amplsId = topologyNow()
    .resources.map((r) => r.id)
    .find((id) => id.toLowerCase().endsWith('/privatelinkscopes/ampls-central'));
  assert.ok(amplsId);
  const subscription = amplsId.split('/')[2] ?? '';
  // Apply, as the exported ARM template does it (export-arm-deploy.test.ts proves that path).
  const armFile = join(workDir, 'template.json');
  await writeFile(armFile, exportPlan(plan(topologyNow(), { amplsId }), 'arm'));
  await az.json(
    ['deployment', 'sub', 'create', '--subscription', subscription, '--location', 'eastus'].concat([
      '--name',
      'amplink-apply',
      '--template-file',
      armFile,
    ]),
  );
  const world = topologyNow();
  const converged = plan(world, { amplsId });
  assert.deepEqual(converged.actions, []);

  const files = exportPolicyFiles({ topology: world, plan: converged, amplsId });
  const template = JSON.parse(files.find((f) => f.name === 'policy.json')?.content ?? '{}') as {
    resources: { type: string; name: string; properties: Record<string, unknown> }[];
  };
  const assignment = template.resources.find((r) => r.type === 'Microsoft.Authorization/policyAssignments');
  const values = unescaped(assignment?.properties['parameters']) as Record<string, { value: unknown }>;
  const deployTo = values['configurationEndpoints']?.value as Record<string, string>;
  const accepted = values['acceptedEndpoints']?.value as Record<string, string[]>;
  const definition = template.resources.find((r) => r.name === 'amplink-cluster-configuration-endpoint');
  const rule = unescaped(definition?.properties['policyRule']) as Rule;
  assert.equal(rule.then.details.existenceCondition.in, "[parameters('acceptedEndpoints')[field('location')]]");

  // Existence condition over the fleet after apply: every monitored cluster's association is an accepted DCE.
  let compliant = 0;
  for (const cluster of world.clusters) {
    const association = world.associationsOf(cluster.id.id.toLowerCase()).find((a) => a.isConfigurationEndpoint);
    if (association?.endpointId === undefined) continue;
    const ok = (accepted[cluster.region] ?? []).some(
      (id) => id.toLowerCase() === association.endpointId?.toLowerCase(),
    );
    assert.ok(ok, `${cluster.id.name} (${cluster.region}) would be remediated: ${association.endpointId}`);
    compliant += 1;
  }
  assert.ok(compliant >= 5, `clusters checked: ${compliant}`);

  // The AMPLS audit, as Azure Policy looks it up: scoped resources named <scope>/? in the scope's resource group
  // (listed by the real az), one of which links the evaluated DCE or workspace.
  const [, , amplsSubscription, , amplsGroup, , , , amplsName] = amplsId.split('/');
  const linkedInAmpls = async (): Promise<Set<string | undefined>> => {
    const scoped = (await az.json([
      'monitor',
      'private-link-scope',
      'scoped-resource',
      'list',
      '--subscription',
      amplsSubscription ?? '',
      '--resource-group',
      amplsGroup ?? '',
      '--scope-name',
      amplsName ?? '',
    ])) as { linkedResourceId?: string }[];
    return new Set(scoped.map((s) => s.linkedResourceId?.toLowerCase()));
  };
  const linked = await linkedInAmpls();
  const regions = values['regions']?.value as string[];
  const audited = world.resources.filter(
    (r) =>
      ['microsoft.insights/datacollectionendpoints', 'microsoft.operationalinsights/workspaces'].includes(
        r.type.toLowerCase(),
      ) &&
      regions.includes(String((r.raw as { location?: string }).location)) &&
      r.id.split('/')[2] === amplsSubscription,
  );
  assert.ok(audited.length >= 1, 'DCEs or workspaces audited');
  for (const resource of audited)
    assert.ok(linked.has(resource.id.toLowerCase()), `${resource.id} is not in the AMPLS`);
  // A DCE created afterwards, outside the AMPLS, is what the audit reports.
  const strayId = `/subscriptions/${amplsSubscription ?? ''}/resourceGroups/${amplsGroup ?? ''}/providers/Microsoft.Insights/dataCollectionEndpoints/dce-after-apply`;
  const strayBody = join(workDir, 'dce.json');
  await writeFile(strayBody, JSON.stringify({ location: regions[0], properties: {} }));
  const stray = (await az.json([
    'rest',
    '--method',
    'put',
    '--url',
    `${emulator.url.replace(/\/$/, '')}${strayId}?api-version=2023-03-11`,
    '--body',
    `@${strayBody}`,
  ])) as { id?: string };
  assert.equal(stray.id?.toLowerCase(), strayId.toLowerCase());
  assert.equal((await linkedInAmpls()).has(strayId.toLowerCase()), false, 'the audit reports the new DCE');

  // A cluster created after apply, with Container insights on, in a region of the map.
  const existing = world.clusters.find(
    (c) => c.kind === 'aks' && c.logsAddonEnabled === true && deployTo[c.region] !== undefined,
  );
  assert.ok(existing, `an AKS cluster with Container insights in one of ${Object.keys(deployTo).join(', ')}`);
  const region = existing.region;
  const group = `/subscriptions/${existing.id.subscriptionId}/resourceGroups/${existing.id.resourceGroup ?? ''}`;
  const newClusterId = `${group}/providers/Microsoft.ContainerService/managedClusters/aks-new-after-apply`;
  const body = join(workDir, 'cluster.json');
  const raw = existing.resource.raw as { properties: Record<string, unknown> };
  await writeFile(
    body,
    JSON.stringify({
      location: region,
      identity: { type: 'SystemAssigned' },
      properties: {
        dnsPrefix: 'aks-new-after-apply',
        agentPoolProfiles: raw.properties['agentPoolProfiles'],
        addonProfiles: raw.properties['addonProfiles'],
      },
    }),
  );
  await az.json([
    'rest',
    '--method',
    'put',
    '--url',
    `${emulator.url.replace(/\/$/, '')}${newClusterId}?api-version=2024-09-01`,
    '--body',
    `@${body}`,
  ]);
  const before = topologyNow();
  const created = before.clusters.find((c) => c.id.name === 'aks-new-after-apply');
  assert.ok(created?.logsAddonEnabled === true || created?.metricsAddonEnabled === true, 'monitoring on');
  assert.equal(
    before.associationsOf(newClusterId.toLowerCase()).some((a) => a.isConfigurationEndpoint),
    false,
    'not compliant yet',
  );

  // Remediation: the embedded deployment with the parameters the policy gives it for this cluster.
  const dineFile = join(workDir, 'dine.json');
  await writeFile(dineFile, JSON.stringify(rule.then.details.deployment.properties.template));
  const params = rule.then.details.deployment.properties.parameters;
  assert.equal(params['clusterType']?.value, "[field('type')]");
  assert.equal(params['clusterName']?.value, "[field('name')]");
  const deployment = (await az.json([
    'deployment',
    'group',
    'create',
    '--resource-group',
    existing.id.resourceGroup ?? '',
    '--subscription',
    existing.id.subscriptionId,
    '--name',
    'policy-remediation',
    '--template-file',
    dineFile,
    '--parameters',
    'clusterType=Microsoft.ContainerService/managedClusters',
    'clusterName=aks-new-after-apply',
    `endpointId=${deployTo[region] ?? ''}`,
  ])) as { properties?: { provisioningState?: string } };
  assert.equal(deployment.properties?.provisioningState, 'Succeeded');

  const afterRemediation = topologyNow();
  const association = afterRemediation
    .associationsOf(newClusterId.toLowerCase())
    .find((a) => a.isConfigurationEndpoint);
  assert.equal(association?.endpointId?.toLowerCase(), deployTo[region]?.toLowerCase());
  // amplink agrees: no association action for the new cluster.
  const again = plan(afterRemediation, { amplsId });
  assert.ok(
    !again.actions.some(
      (a) =>
        a.resourceType === 'Microsoft.Insights/dataCollectionRuleAssociations' && a.id.includes('aks-new-after-apply/'),
    ),
    JSON.stringify(again.actions.map((a) => a.id)),
  );
});
