// The real Azure CLI (Debian package azure-cli 2.45) against the emulator: register it as a cloud, sign in with
// `az login --identity`, run the seed's commands and read the results back as a user would.
// What az needs from the server, and why, is in ../AZURE-CLI-NOTES.md.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadFleetFile } from '../src/fleet/index.js';
import type { ExpandedFleet } from '../src/fleet/index.js';
import { startEmulator, type RunningEmulator } from '../src/server/emulator.js';
import { assertAzureCliInstalled, createAzureCliSession, type AzureCliSession } from '../src/testing/azure-cli.js';

const fleetYaml = fileURLToPath(new URL('../../../examples/fleet.yaml', import.meta.url));

function field(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const sameId = (a: unknown, b: string): boolean => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

let fleet: ExpandedFleet;
let emulator: RunningEmulator | undefined;
let operator: AzureCliSession | undefined;
let auditor: AzureCliSession | undefined;

// Ids from examples/fleet.yaml.
const ids = {
  subscription: '',
  group: '',
  scope: '',
  workspace: '',
  cluster: '',
  endpoint: '',
};

before(async () => {
  await assertAzureCliInstalled();
  fleet = await loadFleetFile(fleetYaml);
  const find = (suffix: string): string => {
    const write = fleet.writes.find((w) => w.id.endsWith(suffix));
    assert.ok(write, `examples/fleet.yaml has ${suffix}`);
    return write.id;
  };
  ids.scope = find('/privateLinkScopes/ampls-central');
  ids.workspace = find('/workspaces/law-central');
  ids.cluster = find('/managedClusters/aks-wus2-shop');
  ids.subscription = ids.scope.split('/')[2] ?? '';
  ids.group = 'rg-monitoring';
  // The seed's "configuration DCE for clusters in a region without one": made here with az rest.
  ids.endpoint = `/subscriptions/${ids.subscription}/resourceGroups/${ids.group}/providers/Microsoft.Insights/dataCollectionEndpoints/dce-config-westus2`;

  emulator = await startEmulator({ fleet, port: 0 });
  assert.ok(
    emulator.msiEndpoint,
    "startEmulator's result has no msiEndpoint (the URL to give az as MSI_ENDPOINT; see AZURE-CLI-NOTES.md)",
  );
});

after(async () => {
  await operator?.dispose();
  await auditor?.dispose();
  await emulator?.stop();
});

function az(): AzureCliSession {
  assert.ok(operator, 'signed in');
  return operator;
}

test('az login --identity signs in as the default principal and lists the fleet subscriptions', async () => {
  assert.ok(emulator);
  operator = await createAzureCliSession(emulator);
  const accounts = operator.accounts;
  assert.ok(Array.isArray(accounts));
  const listed = accounts.map((account) => field(account, 'id'));
  for (const subscription of fleet.subscriptions) assert.ok(listed.includes(subscription.subscriptionId));
  for (const account of accounts) assert.equal(field(account, 'tenantId'), fleet.tenantId);
  assert.equal(field(accounts[0], 'user.name'), 'systemAssignedIdentity');
});

test('the seed: create a DCE and the configurationAccessEndpoint association with az rest, link DCE and LAW', async () => {
  const subscription = ['--subscription', ids.subscription];
  const endpoint = await az().json([
    'rest',
    '--method',
    'put',
    '--url',
    `${ids.endpoint}?api-version=2024-03-11`,
    '--body',
    JSON.stringify({ location: 'westus2', properties: { networkAcls: { publicNetworkAccess: 'Disabled' } } }),
  ]);
  assert.ok(sameId(field(endpoint, 'id'), ids.endpoint));
  assert.match(
    String(field(endpoint, 'properties.configurationAccess.endpoint')),
    /^https:\/\/dce-config-westus2-[a-z0-9]{4}\.westus2-1\.handler\.control\.monitor\.azure\.com$/,
  );

  const association = `${ids.cluster}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`;
  await az().json([
    'rest',
    '--method',
    'put',
    '--url',
    `${association}?api-version=2024-03-11`,
    '--body',
    JSON.stringify({ properties: { dataCollectionEndpointId: ids.endpoint } }),
  ]);

  for (const [name, linked] of [
    ['dce-config-westus2-connection', ids.endpoint],
    ['law-central-connection', ids.workspace],
  ] as const) {
    const created = await az().json([
      'monitor',
      'private-link-scope',
      'scoped-resource',
      'create',
      '--resource-group',
      ids.group,
      '--scope-name',
      'ampls-central',
      '--name',
      name,
      '--linked-resource',
      linked,
      ...subscription,
    ]);
    assert.ok(sameId(field(created, 'linkedResourceId'), linked), `${name} links ${linked}`);
    assert.equal(field(created, 'provisioningState'), 'Succeeded');
  }

  // Read back as a user checks it.
  const listed = await az().json([
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'list',
    '--resource-group',
    ids.group,
    '--scope-name',
    'ampls-central',
    ...subscription,
  ]);
  assert.ok(Array.isArray(listed));
  assert.deepEqual(
    listed.map((item) => String(field(item, 'linkedResourceId')).toLowerCase()).sort(),
    [ids.endpoint, ids.workspace].map((id) => id.toLowerCase()).sort(),
  );
  const shown = await az().json([
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'show',
    '--resource-group',
    ids.group,
    '--scope-name',
    'ampls-central',
    '--name',
    'law-central-connection',
    ...subscription,
  ]);
  assert.ok(sameId(field(shown, 'linkedResourceId'), ids.workspace));

  const readAssociation = await az().json([
    'rest',
    '--method',
    'get',
    '--url',
    `${association}?api-version=2024-03-11`,
  ]);
  assert.ok(sameId(field(readAssociation, 'properties.dataCollectionEndpointId'), ids.endpoint));

  const readEndpoint = await az().json(['resource', 'show', '--ids', ids.endpoint]);
  const scopedIn = field(readEndpoint, 'properties.privateLinkScopedResources');
  assert.ok(Array.isArray(scopedIn), 'the DCE shows the AMPLS it is linked to');
  // scopeId is the AMPLS's immutable id, not its ARM id (spec dataCollectionEndpoints_API.json 2024-03-11).
  const scope = await az().json(['rest', '--method', 'get', '--url', `${ids.scope}?api-version=2021-09-01`]);
  const immutableId = field(scope, 'properties.scopeId');
  assert.ok(typeof immutableId === 'string' && !immutableId.includes('/'), String(immutableId));
  assert.ok(scopedIn.some((entry) => field(entry, 'scopeId') === immutableId));
});

test('the service refuses an endpoint association with another name, and a second link of the same resource', async () => {
  const wrong = await az().run([
    'rest',
    '--method',
    'put',
    '--url',
    `${ids.cluster}/providers/Microsoft.Insights/dataCollectionRuleAssociations/myEndpointAssociation?api-version=2024-03-11`,
    '--body',
    JSON.stringify({ properties: { dataCollectionEndpointId: ids.endpoint } }),
  ]);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /Association name for resource to endpoint must be configurationAccessEndpoint/);

  const duplicate = await az().run([
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'create',
    '--resource-group',
    ids.group,
    '--scope-name',
    'ampls-central',
    '--name',
    'law-central-again',
    '--linked-resource',
    ids.workspace,
    '--subscription',
    ids.subscription,
  ]);
  assert.notEqual(duplicate.code, 0);
  assert.match(duplicate.stderr, /Scoped resource with same linked resource id already exists/);
});

test('a Reader may read but gets AuthorizationFailed on writes', async () => {
  assert.ok(emulator);
  const reader = fleet.principals.find((principal) => principal.displayName === 'auditor');
  assert.ok(reader?.clientId, 'examples/fleet.yaml has the auditor with a client id');
  // A user-assigned identity: az sends `client_id` in the MSI token request (AZURE-CLI-NOTES.md).
  auditor = await createAzureCliSession(emulator, { loginArgs: ['--username', reader.clientId] });
  const accounts = auditor.accounts;
  assert.ok(Array.isArray(accounts) && accounts.length > 0);

  const listed = await auditor.json([
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'list',
    '--resource-group',
    ids.group,
    '--scope-name',
    'ampls-central',
    '--subscription',
    ids.subscription,
  ]);
  assert.ok(Array.isArray(listed));

  const denied = await auditor.run([
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'create',
    '--resource-group',
    ids.group,
    '--scope-name',
    'ampls-central',
    '--name',
    'not-allowed-connection',
    '--linked-resource',
    ids.endpoint,
    '--subscription',
    ids.subscription,
  ]);
  assert.notEqual(denied.code, 0);
  assert.match(denied.stderr, /AuthorizationFailed/);
  assert.match(denied.stderr, /Microsoft\.Insights\/privateLinkScopes\/scopedResources\/write/i);
});

test('az monitor private-link-scope private-link-resource list/show: group azuremonitor with its zones', async () => {
  const where = ['--resource-group', ids.group, '--scope-name', 'ampls-central', '--subscription', ids.subscription];
  const listed = await az().json(['monitor', 'private-link-scope', 'private-link-resource', 'list', ...where]);
  assert.ok(Array.isArray(listed));
  assert.deepEqual(
    listed.map((item) => field(item, 'groupId') ?? field(item, 'properties.groupId')),
    ['azuremonitor'],
  );
  const shown = await az().json([
    'monitor',
    'private-link-scope',
    'private-link-resource',
    'show',
    '--name',
    'azuremonitor',
    ...where,
  ]);
  const members = field(shown, 'requiredMembers');
  assert.ok(Array.isArray(members) && members.includes('dce-global'), JSON.stringify(shown));
  // az 2.45 reads 2019-10-17-preview, whose model has no requiredZoneNames: the stable version shows them.
  const stable = await az().json([
    'rest',
    '--method',
    'get',
    '--url',
    `${ids.scope}/privateLinkResources/azuremonitor?api-version=2021-09-01`,
  ]);
  const zones = field(stable, 'properties.requiredZoneNames');
  assert.ok(Array.isArray(zones) && zones.includes('privatelink.monitor.azure.com'), JSON.stringify(stable));
  assert.equal(zones.length, 5);
  const missing = await az().run([
    'monitor',
    'private-link-scope',
    'private-link-resource',
    'show',
    '--name',
    'nosuchgroup',
    ...where,
  ]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /ResourceNotFound|not found/i);
});

test('the firewall of examples/fleet.yaml as az reads it: the node subnet names its route table, whose default route goes to the firewall', async () => {
  // az 2.45's `network` module fails while loading its arguments (AttributeError ... 'standard_medium'), and
  // `az network firewall` is an extension: az rest reads what those commands would.
  const network = `/subscriptions/${ids.subscription}/resourceGroups/${ids.group}/providers/Microsoft.Network`;
  const get = (path: string, apiVersion: string) =>
    az().json(['rest', '--method', 'get', '--url', `${network}/${path}?api-version=${apiVersion}`]);
  const subnet = await get('virtualNetworks/vnet-westeurope/subnets/aks', '2022-01-01');
  const tableId = String(field(subnet, 'properties.routeTable.id'));
  assert.match(tableId, /\/routeTables\/rt-vnet-westeurope-aks$/);
  // The api-version of az 2.45's `az network route-table` (aaz).
  const table = await get('routeTables/rt-vnet-westeurope-aks', '2021-08-01');
  const routes = field(table, 'properties.routes');
  assert.ok(Array.isArray(routes));
  assert.equal(field(routes[0], 'properties.nextHopType'), 'VirtualAppliance');
  const subnets = field(table, 'properties.subnets');
  assert.ok(Array.isArray(subnets) && sameId(field(subnets[0], 'id'), String(field(subnet, 'id'))));
  const firewall = await get('azureFirewalls/afw-vnet-westeurope', '2023-09-01');
  const configurations = field(firewall, 'properties.ipConfigurations');
  assert.ok(Array.isArray(configurations));
  assert.equal(
    field(configurations[0], 'properties.privateIPAddress'),
    field(routes[0], 'properties.nextHopIpAddress'),
  );
});
