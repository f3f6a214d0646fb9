// The official clients for resources, Log Analytics, AKS and network against the emulator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ResourceManagementClient } from '@azure/arm-resources';
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { NetworkManagementClient } from '@azure/arm-network';
import { MonitorClient } from '@azure/arm-monitor';
import { ClientSecretCredential } from '@azure/identity';
import { isRestError } from '@azure/core-rest-pipeline';
import type { RunningEmulator } from '../src/index.js';
import { APP_CLIENT_ID, APP_SECRET, FAST, SUB, TENANT, call, rg, sdkOptions, startTestEmulator } from './helpers.js';

describe('Azure SDK for JS: resources, Log Analytics, AKS, network, identity', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startTestEmulator();
  });
  after(async () => emu.stop());

  it('creates, lists (paged), and deletes resource groups with cascading delete', async () => {
    const resources = new ResourceManagementClient(emu.tokenCredential, SUB, sdkOptions(emu));
    for (const n of ['g1', 'g2', 'g3', 'g4'])
      await resources.resourceGroups.createOrUpdate(`rg-${n}`, { location: 'westeurope' });
    const names: string[] = [];
    for await (const g of resources.resourceGroups.list()) names.push(g.name ?? '');
    assert.ok(['rg-test', 'rg-g1', 'rg-g4'].every((n) => names.includes(n)));
    const monitor = new MonitorClient(emu.tokenCredential, SUB, sdkOptions(emu));
    await monitor.dataCollectionEndpoints.create('rg-g1', 'dce', { body: { location: 'westeurope' } });
    await resources.resourceGroups.beginDeleteAndWait('rg-g1', FAST);
    assert.equal(await resources.resourceGroups.checkExistence('rg-g1').then((r) => r.body), false);
    const dce = await call(
      emu,
      'GET',
      `${rg('rg-g1')}/providers/Microsoft.Insights/dataCollectionEndpoints/dce?api-version=2024-03-11`,
    );
    assert.equal(dce.status, 404);
  });

  it('lists resources by type with $filter, as discovery does', async () => {
    const aks = new ContainerServiceClient(emu.tokenCredential, SUB, sdkOptions(emu));
    for (const n of ['c1', 'c2', 'c3', 'c4']) {
      await aks.managedClusters.beginCreateOrUpdateAndWait(
        'rg-test',
        n,
        { location: 'eastus', dnsPrefix: n, apiServerAccessProfile: { enablePrivateCluster: n === 'c4' } },
        FAST,
      );
    }
    const resources = new ResourceManagementClient(emu.tokenCredential, SUB, sdkOptions(emu));
    const found: string[] = [];
    for await (const r of resources.resources.list({
      filter: "resourceType eq 'Microsoft.ContainerService/managedClusters'",
    }))
      found.push(r.name ?? '');
    assert.deepEqual(found.sort(), ['c1', 'c2', 'c3', 'c4']);
    const listed: string[] = [];
    for await (const c of aks.managedClusters.list()) listed.push(c.name ?? '');
    assert.equal(listed.length, 4);
    const c4 = await aks.managedClusters.get('rg-test', 'c4');
    assert.match(c4.privateFqdn ?? '', /privatelink\.eastus\.azmk8s\.io$/);
    await aks.managedClusters.beginDeleteAndWait('rg-test', 'c3', FAST);
    await assert.rejects(
      aks.managedClusters.get('rg-test', 'c3'),
      (e: unknown) => isRestError(e) && e.statusCode === 404,
    );
  });

  it('creates a Log Analytics workspace (long-running) with a customerId, updates and deletes it', async () => {
    const oi = new OperationalInsightsManagementClient(emu.tokenCredential, SUB, sdkOptions(emu));
    const ws = await oi.workspaces.beginCreateOrUpdateAndWait(
      'rg-test',
      'law1',
      { location: 'eastus', publicNetworkAccessForIngestion: 'Disabled' },
      FAST,
    );
    assert.match(ws.customerId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(ws.provisioningState, 'Succeeded');
    assert.equal(ws.publicNetworkAccessForIngestion, 'Disabled');
    const again = await oi.workspaces.beginCreateOrUpdateAndWait(
      'rg-test',
      'law1',
      { location: 'eastus', publicNetworkAccessForIngestion: 'Enabled' },
      FAST,
    );
    assert.equal(again.customerId, ws.customerId);
    const all: string[] = [];
    for await (const w of oi.workspaces.listByResourceGroup('rg-test')) all.push(w.name ?? '');
    assert.deepEqual(all, ['law1']);
    await oi.workspaces.beginDeleteAndWait('rg-test', 'law1', FAST);
    await assert.rejects(oi.workspaces.get('rg-test', 'law1'), (e: unknown) => isRestError(e) && e.statusCode === 404);
  });

  it('builds the private link network: VNet with subnet, AMPLS private endpoint (connection appears), DNS zone with A record and link', async () => {
    const network = new NetworkManagementClient(emu.tokenCredential, SUB, sdkOptions(emu));
    const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-test',
      'vnet1',
      {
        location: 'eastus',
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: 'pe', addressPrefix: '10.0.1.0/24' }],
      },
      FAST,
    );
    assert.equal(vnet.subnets?.[0]?.name, 'pe');
    const subnet = await network.subnets.get('rg-test', 'vnet1', 'pe');
    const monitor = new MonitorClient(emu.tokenCredential, SUB, sdkOptions(emu));
    const ampls = await monitor.privateLinkScopes.createOrUpdate('rg-test', 'ampls', { location: 'global' });
    const pe = await network.privateEndpoints.beginCreateOrUpdateAndWait(
      'rg-test',
      'pe-ampls',
      {
        location: 'eastus',
        subnet: { id: subnet.id ?? '' },
        privateLinkServiceConnections: [
          { name: 'ampls', privateLinkServiceId: ampls.id ?? '', groupIds: ['azuremonitor'] },
        ],
      },
      FAST,
    );
    assert.equal(pe.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status, 'Approved');
    const connections: string[] = [];
    for await (const c of monitor.privateEndpointConnections.listByPrivateLinkScope('rg-test', 'ampls'))
      connections.push(c.privateEndpoint?.id ?? '');
    assert.deepEqual(connections, [pe.id]);
    const zoneId = `${rg()}/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com`;
    assert.equal(
      (await call(emu, 'PUT', `${zoneId}?api-version=2020-06-01`, { body: { location: 'global' } })).status,
      201,
    );
    const a = await call(emu, 'PUT', `${zoneId}/A/api?api-version=2020-06-01`, {
      body: { properties: { ttl: 10, aRecords: [{ ipv4Address: '10.0.1.4' }] } },
    });
    assert.equal((a.body as { properties: { fqdn: string } }).properties.fqdn, 'api.privatelink.monitor.azure.com.');
    const link = await call(emu, 'PUT', `${zoneId}/virtualNetworkLinks/vnet1?api-version=2020-06-01`, {
      body: { location: 'global', properties: { virtualNetwork: { id: vnet.id }, registrationEnabled: false } },
    });
    assert.equal(link.status, 201);
    const zone = await call(emu, 'GET', `${zoneId}?api-version=2020-06-01`);
    assert.equal(
      (zone.body as { properties: { numberOfVirtualNetworkLinks: number } }).properties.numberOfVirtualNetworkLinks,
      1,
    );
    await network.privateEndpoints.beginDeleteAndWait('rg-test', 'pe-ampls', FAST);
    const after: string[] = [];
    for await (const c of monitor.privateEndpointConnections.listByPrivateLinkScope('rg-test', 'ampls'))
      after.push(c.name ?? '');
    assert.deepEqual(after, []);
  });

  it('issues tokens to @azure/identity ClientSecretCredential through the OAuth2 endpoint', async () => {
    const credential = new ClientSecretCredential(TENANT, APP_CLIENT_ID, APP_SECRET, {
      authorityHost: emu.url,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: emu.caCertPem },
    });
    const token = await credential.getToken('https://management.azure.com/.default');
    const resources = new ResourceManagementClient(credential, SUB, sdkOptions(emu));
    const group = await resources.resourceGroups.get('rg-test');
    assert.equal(group.name, 'rg-test');
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    assert.equal(claims['tid'], TENANT);
    assert.equal(claims['aud'], 'https://management.azure.com/');
    const wrong = new ClientSecretCredential(TENANT, APP_CLIENT_ID, 'wrong', {
      authorityHost: emu.url,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: emu.caCertPem },
    });
    await assert.rejects(wrong.getToken('https://management.azure.com/.default'));
  });
});
