// The emulator answers as Azure answers, seen through the real clients a user has: Azure CLI 2.45 (`az aks`,
// `az monitor private-link-scope`, `az network`, `az group`, `az resource`, `az rest`) and the Azure SDK. Each test
// is what a user would run and check (issue 15, "Answer as Azure answers").
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkManagementClient } from '@azure/arm-network';
import { isRestError } from '@azure/core-rest-pipeline';
import type { RunningEmulator } from '../src/index.js';
import { assertAzureCliInstalled, createAzureCliSession, type AzureCliSession } from '../src/testing/azure-cli.js';
import { healthyFleet, resourceOf, startFleet } from './dataplane-support.js';
import { call, FAST, sdkOptions } from './helpers.js';

type Json = Record<string, unknown>;

function field(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Json)[key];
  }
  return current;
}

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

let emu: RunningEmulator;
let az: AzureCliSession;
let subscription: string;
let group: string;

before(async () => {
  await assertAzureCliInstalled();
  emu = await startFleet(healthyFleet());
  const ampls = resourceOf(emu, 'Microsoft.Insights/privateLinkScopes', 'ampls');
  subscription = ampls.id.split('/')[2] ?? '';
  group = ampls.id.split('/')[4] ?? '';
  az = await createAzureCliSession(emu);
});

after(async () => {
  await az.dispose();
  await emu.stop();
});

describe('managed clusters', () => {
  test('az aks show and az aks list work on a managed-identity cluster: servicePrincipalProfile is msi', async () => {
    const cluster = resourceOf(emu, 'Microsoft.ContainerService/managedClusters', 'aks-east');
    const clusterGroup = cluster.id.split('/')[4] ?? '';
    const shown = await az.json(['aks', 'show', '-g', clusterGroup, '-n', 'aks-east']);
    assert.equal(field(shown, 'servicePrincipalProfile.clientId'), 'msi');
    assert.equal(field(shown, 'identity.type'), 'SystemAssigned');
    const listed = list(await az.json(['aks', 'list']));
    assert.deepEqual(listed.map((c) => c['name']).sort(), ['aks-east', 'aks-weu']);
    for (const c of listed) assert.equal(field(c, 'servicePrincipalProfile.clientId'), 'msi');
  });
});

describe('private endpoint connections of the AMPLS', () => {
  // `az network private-endpoint` does not load in Debian's az 2.45 (its azure-mgmt-network lacks the 2022-01-01
  // models the command module imports), so the endpoint is read as a user of that package reads it: az resource show.
  const endpointArgs = (): string[] => [
    'resource',
    'show',
    '--ids',
    resourceOf(emu, 'Microsoft.Network/privateEndpoints', 'pe').id,
    '--query',
    'properties',
  ];
  const scopeArgs = ['--scope-name', 'ampls'];

  async function connectionName(): Promise<string> {
    const scope = await az.json(['monitor', 'private-link-scope', 'show', '-g', group, '-n', 'ampls']);
    const connections = list(field(scope, 'privateEndpointConnections'));
    assert.equal(connections.length, 1);
    return String(connections[0]?.['name']);
  }

  async function endpointState(): Promise<unknown> {
    const endpoint = await az.json(endpointArgs());
    return field(
      list(field(endpoint, 'privateLinkServiceConnections'))[0],
      'properties.privateLinkServiceConnectionState.status',
    );
  }

  function privatePath(): boolean {
    const status = emu.tick();
    const cluster = status.find((c) => c.clusterName === 'aks-east');
    assert.ok(cluster);
    return cluster.privateLink !== undefined && cluster.agents.every((a) => a.requests.every((r) => r.private));
  }

  test('the endpoint has customDnsConfigs: each name the AMPLS serves with an address of its subnet', async () => {
    const endpoint = await az.json(endpointArgs());
    const configs = list(field(endpoint, 'customDnsConfigs'));
    const amwDce = resourceOf(emu, 'Microsoft.Insights/dataCollectionEndpoints', 'amw');
    const configHost = new URL(String(field(amwDce, 'properties.configurationAccess.endpoint'))).hostname;
    const fqdns = configs.map((c) => c['fqdn']);
    assert.ok(fqdns.includes('api.monitor.azure.com'));
    assert.ok(fqdns.includes(configHost), `the linked DCE's ${configHost} is served`);
    for (const c of configs) {
      const addresses = list(c['ipAddresses']) as unknown as string[];
      assert.equal(addresses.length, 1);
      assert.match(String(addresses[0]), /^10\.0\.1\.\d+$/, 'an address of the endpoints subnet 10.0.1.0/24');
    }
    assert.equal(new Set(configs.map((c) => String(list(c['ipAddresses'])[0]))).size, configs.length);
  });

  test('reject: az waits for the long-running PUT; the endpoint shows Rejected and carries no traffic', async () => {
    assert.equal(privatePath(), true, 'before: the cluster reaches the AMPLS privately');
    const name = await connectionName();
    emu.reset();
    const rejected = await az.json([
      'monitor',
      'private-link-scope',
      'private-endpoint-connection',
      'reject',
      '-g',
      group,
      ...scopeArgs,
      '-n',
      name,
    ]);
    assert.equal(field(rejected, 'privateLinkServiceConnectionState.status'), 'Rejected');
    const put = emu.requests().find((r) => r.method === 'PUT' && /privateEndpointConnections\//i.test(r.path));
    assert.equal(put?.status, 202, 'the PUT is long-running, as in the recordings');
    assert.ok(emu.requests().some((r) => /privateLinkScopeOperationStatuses\//i.test(r.path)));

    assert.equal(await endpointState(), 'Rejected', 'the endpoint side shows the rejection');
    assert.equal(privatePath(), false, 'a rejected connection carries no traffic');
  });

  test('approve brings the path back; delete leaves the endpoint Disconnected and the path gone', async () => {
    const name = await connectionName();
    await az.json([
      'monitor',
      'private-link-scope',
      'private-endpoint-connection',
      'approve',
      '-g',
      group,
      ...scopeArgs,
      '-n',
      name,
    ]);
    assert.equal(await endpointState(), 'Approved');
    assert.equal(privatePath(), true);

    const removed = await az.run([
      'monitor',
      'private-link-scope',
      'private-endpoint-connection',
      'delete',
      '-g',
      group,
      ...scopeArgs,
      '-n',
      name,
      '--yes',
    ]);
    assert.equal(removed.code, 0, removed.stderr);
    const scope = await az.json(['monitor', 'private-link-scope', 'show', '-g', group, '-n', 'ampls']);
    assert.deepEqual(field(scope, 'privateEndpointConnections'), []);
    assert.equal(await endpointState(), 'Disconnected');
    assert.equal(privatePath(), false, 'a removed connection carries no traffic');
    assert.deepEqual(field(await az.json(endpointArgs()), 'customDnsConfigs'), []);
  });

  test('a manual connection waits Pending on both sides until the AMPLS side approves it', async () => {
    const network = new NetworkManagementClient(emu.tokenCredential, subscription, sdkOptions(emu));
    const scopeId = resourceOf(emu, 'Microsoft.Insights/privateLinkScopes', 'ampls').id;
    const subnet = resourceOf(emu, 'Microsoft.Network/virtualNetworks/subnets', 'endpoints').id;
    const created = await network.privateEndpoints.beginCreateOrUpdateAndWait(
      group,
      'pe-manual',
      {
        location: 'eastus',
        subnet: { id: subnet },
        manualPrivateLinkServiceConnections: [
          { name: 'ask', privateLinkServiceId: scopeId, groupIds: ['azuremonitor'], requestMessage: 'please' },
        ],
      },
      FAST,
    );
    const manualState = async (): Promise<string | undefined> =>
      (await network.privateEndpoints.get(group, 'pe-manual')).manualPrivateLinkServiceConnections?.[0]
        ?.privateLinkServiceConnectionState?.status;
    assert.equal(await manualState(), 'Pending');
    assert.deepEqual(created.customDnsConfigs, [], 'a pending connection serves no names yet');

    const scope = await az.json(['monitor', 'private-link-scope', 'show', '-g', group, '-n', 'ampls']);
    const connection = list(field(scope, 'privateEndpointConnections')).find(
      (c) => String(field(c, 'privateEndpoint.id')).toLowerCase() === String(created.id).toLowerCase(),
    );
    assert.equal(field(connection, 'privateLinkServiceConnectionState.status'), 'Pending');
    await az.json([
      'monitor',
      'private-link-scope',
      'private-endpoint-connection',
      'approve',
      '-g',
      group,
      ...scopeArgs,
      '-n',
      String(connection?.['name']),
    ]);
    assert.equal(await manualState(), 'Approved');
    assert.ok(((await network.privateEndpoints.get(group, 'pe-manual')).customDnsConfigs ?? []).length > 0);
    await network.privateEndpoints.beginDeleteAndWait(group, 'pe-manual', FAST);
    const after = await az.json(['monitor', 'private-link-scope', 'show', '-g', group, '-n', 'ampls']);
    assert.deepEqual(field(after, 'privateEndpointConnections'), [], "deleting the endpoint removes the AMPLS's side");
  });

  test('an AMPLS takes 10 private endpoints; the 11th is refused', async () => {
    const network = new NetworkManagementClient(emu.tokenCredential, subscription, sdkOptions(emu));
    const scopeId = resourceOf(emu, 'Microsoft.Insights/privateLinkScopes', 'ampls').id;
    const subnet = resourceOf(emu, 'Microsoft.Network/virtualNetworks/subnets', 'endpoints').id;
    const endpoint = (n: number) => ({
      location: 'eastus',
      subnet: { id: subnet },
      privateLinkServiceConnections: [{ name: `c${n}`, privateLinkServiceId: scopeId, groupIds: ['azuremonitor'] }],
    });
    // The connection deleted above left none: ten new endpoints fill the scope.
    for (let n = 1; n <= 10; n++) {
      await network.privateEndpoints.beginCreateOrUpdateAndWait(group, `pe-extra-${n}`, endpoint(n), FAST);
    }
    await assert.rejects(
      network.privateEndpoints.beginCreateOrUpdateAndWait(group, 'pe-extra-11', endpoint(11), FAST),
      (error: unknown) => isRestError(error) && error.statusCode === 400 && error.code === 'QuotaExceeded',
    );
    // Writing one of the ten again is no new endpoint.
    await network.privateEndpoints.beginCreateOrUpdateAndWait(group, 'pe-extra-3', endpoint(3), FAST);
  });
});

describe('lists and reads', () => {
  test("az group list --tag and az resource list --tag: ARM's tagName/tagValue $filter", async () => {
    await az.json(['group', 'create', '-n', 'rg-tagged', '-l', 'eastus', '--tags', 'env=prod']);
    await az.json(['group', 'create', '-n', 'rg-other', '-l', 'eastus', '--tags', 'env=test']);
    const groups = list(await az.json(['group', 'list', '--tag', 'env=prod']));
    assert.deepEqual(
      groups.map((g) => g['name']),
      ['rg-tagged'],
    );
    const named = list(await az.json(['group', 'list', '--tag', 'env']));
    assert.deepEqual(named.map((g) => g['name']).sort(), ['rg-other', 'rg-tagged']);

    const dce = `/subscriptions/${subscription}/resourceGroups/rg-tagged/providers/Microsoft.Insights/dataCollectionEndpoints/dce-tagged`;
    await az.json([
      'rest',
      '--method',
      'put',
      '--url',
      `${dce}?api-version=2024-03-11`,
      '--body',
      JSON.stringify({ location: 'eastus', tags: { team: 'payments' }, properties: {} }),
    ]);
    const resources = list(await az.json(['resource', 'list', '--tag', 'team=payments']));
    assert.deepEqual(
      resources.map((r) => String(r['id']).toLowerCase()),
      [dce.toLowerCase()],
    );
    assert.deepEqual(list(await az.json(['resource', 'list', '--tag', 'team=other'])), []);
  });

  test('az network private-dns record-set list shows every record set with the SOA; soa show reads it', async () => {
    const zone = resourceOf(emu, 'Microsoft.Network/privateDnsZones', 'privatelink.monitor.azure.com');
    const zoneGroup = zone.id.split('/')[4] ?? '';
    const sets = list(
      await az.json([
        'network',
        'private-dns',
        'record-set',
        'list',
        '-g',
        zoneGroup,
        '-z',
        'privatelink.monitor.azure.com',
      ]),
    );
    const soa = sets.find((s) => String(s['type']).endsWith('/SOA'));
    assert.equal(soa?.['name'], '@');
    assert.ok(
      sets.some((s) => String(s['type']).endsWith('/A')),
      'the A records are listed too',
    );
    const shown = await az.json([
      'network',
      'private-dns',
      'record-set',
      'soa',
      'show',
      '-g',
      zoneGroup,
      '-z',
      'privatelink.monitor.azure.com',
    ]);
    assert.equal(field(shown, 'soaRecord.host'), 'azureprivatedns.net');
    assert.equal(field(shown, 'fqdn'), 'privatelink.monitor.azure.com.');
    const zoneShown = await az.json([
      'network',
      'private-dns',
      'zone',
      'show',
      '-g',
      zoneGroup,
      '-n',
      'privatelink.monitor.azure.com',
    ]);
    assert.equal(field(zoneShown, 'numberOfRecordSets'), sets.length);
  });

  test("a DCR's logAnalytics destination shows the workspace's customerId as workspaceId", async () => {
    const law = resourceOf(emu, 'Microsoft.OperationalInsights/workspaces', 'law');
    const rule = (emu.snapshot().value as Json[]).find(
      (r) =>
        String(r['type']).toLowerCase() === 'microsoft.insights/datacollectionrules' &&
        list(field(r, 'properties.destinations.logAnalytics')).length > 0,
    );
    assert.ok(rule, 'the fleet has a Container insights DCR');
    const shown = await az.json(['rest', '--method', 'get', '--url', `${String(rule['id'])}?api-version=2024-03-11`]);
    const destination = list(field(shown, 'properties.destinations.logAnalytics'))[0];
    assert.equal(field(destination, 'workspaceId'), field(law, 'properties.customerId'));
  });
});

describe('refusals', () => {
  test('a location Azure does not have is refused with its code; canary and sovereign regions are not', async () => {
    const badGroup = await az.run(['group', 'create', '-n', 'rg-mars', '-l', 'mars']);
    assert.notEqual(badGroup.code, 0);
    assert.match(badGroup.stderr, /LocationNotAvailableForResourceGroup/);
    assert.match(
      badGroup.stderr,
      /The provided location 'mars' is not available for resource group\. List of available regions is '[a-z0-9,]*eastus/,
    );

    const dce = (name: string) =>
      `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}?api-version=2024-03-11`;
    const bad = await az.run([
      'rest',
      '--method',
      'put',
      '--url',
      dce('dce-moon'),
      '--body',
      JSON.stringify({ location: 'moon' }),
    ]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /LocationNotAvailableForResourceType/);
    assert.match(bad.stderr, /resource type 'Microsoft\.Insights\/dataCollectionEndpoints'/);

    await az.json(['group', 'create', '-n', 'rg-canary', '-l', 'eastus2euap']);
    for (const location of ['eastus2euap', 'usgovvirginia', 'East US 2']) {
      const made = await az.json([
        'rest',
        '--method',
        'put',
        '--url',
        dce(`dce-${location.replace(/ /g, '')}`),
        '--body',
        JSON.stringify({ location }),
      ]);
      assert.equal(field(made, 'location'), location.replace(/ /g, '').toLowerCase());
    }
  });

  test("a name outside its type's pattern is refused with InvalidResourceName", async () => {
    const amw = `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Monitor/accounts/-amw-?api-version=2023-04-03`;
    const bad = await az.run([
      'rest',
      '--method',
      'put',
      '--url',
      amw,
      '--body',
      JSON.stringify({ location: 'eastus' }),
    ]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /InvalidResourceName/);

    const network = new NetworkManagementClient(emu.tokenCredential, subscription, sdkOptions(emu));
    await assert.rejects(
      network.virtualNetworks.beginCreateOrUpdateAndWait(group, 'vnet-', { location: 'eastus' }, FAST),
      (error: unknown) => isRestError(error) && error.statusCode === 400 && error.code === 'InvalidResourceName',
    );
  });

  test('ARM error bodies: InvalidResourceNamespace, NoRegisteredProviderFound, ResourceNotFound with the type', async () => {
    const base = `/subscriptions/${subscription}/resourceGroups/${group}/providers`;
    const namespace = await call(emu, 'GET', `${base}/Microsoft.Nope/things/x?api-version=2024-01-01`);
    assert.equal(namespace.status, 400);
    assert.deepEqual(namespace.body, {
      error: { code: 'InvalidResourceNamespace', message: "The resource namespace 'Microsoft.Nope' is invalid." },
    });

    const version = await call(
      emu,
      'PUT',
      `${base}/Microsoft.Insights/dataCollectionEndpoints/x?api-version=2099-01-01`,
      {
        body: { location: 'eastus' },
      },
    );
    assert.equal(version.status, 400);
    const message = String(field(version.body, 'error.message'));
    assert.equal(field(version.body, 'error.code'), 'NoRegisteredProviderFound');
    assert.match(
      message,
      /^No registered resource provider found for location 'eastus' and API version '2099-01-01' for type 'dataCollectionEndpoints'\. The supported api-versions are '[^']*2024-03-11[^']*'\. The supported locations are '[^']*westeurope[^']*'\.$/,
    );

    const missing = await call(
      emu,
      'GET',
      `${base}/Microsoft.Insights/dataCollectionEndpoints/nope?api-version=2024-03-11`,
    );
    assert.equal(missing.status, 404);
    assert.match(
      String(field(missing.body, 'error.message')),
      new RegExp(
        `^The Resource 'Microsoft\\.Insights/dataCollectionEndpoints/nope' under resource group '${group}' was not found\\.`,
      ),
    );
    const child = await call(
      emu,
      'GET',
      `${base}/Microsoft.Insights/privateLinkScopes/ampls/scopedResources/nope?api-version=2021-09-01`,
    );
    assert.match(
      String(field(child.body, 'error.message')),
      /'Microsoft\.Insights\/privateLinkScopes\/ampls\/scopedResources\/nope'/,
    );
  });

  test('every ARM answer carries x-ms-ratelimit-remaining-subscription-reads/writes/deletes, errors too', async () => {
    const base = `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Insights/dataCollectionEndpoints`;
    const reads = [
      await call(emu, 'GET', `${base}?api-version=2024-03-11`),
      await call(emu, 'GET', `${base}/nope?api-version=2024-03-11`),
    ];
    assert.deepEqual(
      reads.map((r) => r.status),
      [200, 404],
    );
    const [first, second] = reads.map((r) => Number(r.headers['x-ms-ratelimit-remaining-subscription-reads']));
    // ARM's read bucket: 250, refilled at 25 per second (DOMAIN.md, "Limits").
    for (const left of [first, second]) assert.ok(Number.isInteger(left) && (left ?? -1) >= 0 && (left ?? 251) < 250);
    const write = await call(emu, 'PUT', `${base}/dce-headers?api-version=2024-03-11`, {
      body: { location: 'eastus' },
    });
    assert.equal(write.status, 201);
    assert.match(String(write.headers['x-ms-ratelimit-remaining-subscription-writes']), /^\d+$/);
    const refused = await call(emu, 'PUT', `${base}/dce-headers2?api-version=2024-03-11`, {
      body: { location: 'moon' },
    });
    assert.equal(refused.status, 400);
    assert.match(String(refused.headers['x-ms-ratelimit-remaining-subscription-writes']), /^\d+$/);
    const removed = await call(emu, 'DELETE', `${base}/dce-headers?api-version=2024-03-11`);
    assert.match(String(removed.headers['x-ms-ratelimit-remaining-subscription-deletes']), /^\d+$/);
  });
});
