// privateLinkResources of an AMPLS and of an Azure Monitor workspace, and a workspace's private endpoint connections
// (issue 15), through the official clients and raw ARM calls, checked against the spec example's shape.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NetworkManagementClient } from '@azure/arm-network';
import { MonitorClient } from '@azure/arm-monitor';
import type { RunningEmulator } from '../src/index.js';
import { FAST, SUB, call, rg, sdkOptions, startTestEmulator } from './helpers.js';
import { missingSpecs, REST_API_SPECS } from './rest-api-specs.js';

const SPEC_EXAMPLE = join(
  REST_API_SPECS,
  'specification/monitor/resource-manager/Microsoft.Insights/Insights/stable/2021-09-01/examples/PrivateLinkScopePrivateLinkResourceGet.json',
);
const noExample = missingSpecs([SPEC_EXAMPLE]);

type Json = Record<string, unknown>;

describe('privateLinkResources and Azure Monitor workspace private endpoint connections', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startTestEmulator();
  });
  after(async () => emu.stop());

  it(
    "an AMPLS lists and shows its one group, azuremonitor, as the spec's example shows it",
    { skip: noExample ?? false },
    async () => {
      const monitor = new MonitorClient(emu.tokenCredential, SUB, sdkOptions(emu));
      await monitor.privateLinkScopes.createOrUpdate('rg-test', 'ampls', { location: 'global' });
      const listed = [];
      for await (const r of monitor.privateLinkResources.listByPrivateLinkScope('rg-test', 'ampls')) listed.push(r);
      assert.deepEqual(
        listed.map((r) => r.groupId),
        ['azuremonitor'],
      );
      const shown = await monitor.privateLinkResources.get('rg-test', 'ampls', 'azuremonitor');
      const example = (JSON.parse(readFileSync(SPEC_EXAMPLE, 'utf8')) as { responses: { 200: { body: Json } } })
        .responses[200].body;
      const properties = example['properties'] as { requiredMembers: string[]; requiredZoneNames: string[] };
      assert.deepEqual(shown.requiredMembers, properties.requiredMembers);
      assert.equal(shown.type, example['type']);
      // arm-monitor reads 2019-10-17-preview, whose model has no requiredZoneNames: the stable version shows them.
      const stable = await call(emu, 'GET', `${shown.id ?? ''}?api-version=2021-09-01`);
      assert.deepEqual((stable.body as { properties: Json }).properties, example['properties']);
      assert.equal(
        shown.id,
        `${rg()}/providers/Microsoft.Insights/privateLinkScopes/ampls/privateLinkResources/azuremonitor`,
      );
      const missing = await call(
        emu,
        'GET',
        `${rg()}/providers/Microsoft.Insights/privateLinkScopes/ampls/privateLinkResources/other?api-version=2021-09-01`,
      );
      assert.equal(missing.status, 404);
      assert.equal((missing.body as { error: { code: string } }).error.code, 'ResourceNotFound');
    },
  );

  it('a private endpoint to a workspace (group prometheusMetrics) is accepted and shows on the workspace', async () => {
    const account = `${rg()}/providers/Microsoft.Monitor/accounts/amw`;
    const created = await call(emu, 'PUT', `${account}?api-version=2023-04-03`, { body: { location: 'eastus' } });
    assert.ok(created.status === 200 || created.status === 201);
    const resources = await call(emu, 'GET', `${account}/privateLinkResources?api-version=2023-04-03`);
    const [group] = (resources.body as { value: Json[] }).value;
    assert.deepEqual(group?.['properties'], {
      groupId: 'prometheusMetrics',
      requiredMembers: ['prometheusMetrics'],
      requiredZoneNames: ['privatelink.eastus.prometheus.monitor.azure.com'],
    });

    const network = new NetworkManagementClient(emu.tokenCredential, SUB, sdkOptions(emu));
    await network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-test',
      'vnet-q',
      {
        location: 'eastus',
        addressSpace: { addressPrefixes: ['10.9.0.0/16'] },
        subnets: [{ name: 'pe', addressPrefix: '10.9.1.0/24' }],
      },
      FAST,
    );
    const subnet = await network.subnets.get('rg-test', 'vnet-q', 'pe');
    const refused = network.privateEndpoints.beginCreateOrUpdateAndWait(
      'rg-test',
      'pe-wrong',
      {
        location: 'eastus',
        subnet: { id: subnet.id ?? '' },
        privateLinkServiceConnections: [{ name: 'c', privateLinkServiceId: account, groupIds: ['azuremonitor'] }],
      },
      FAST,
    );
    await assert.rejects(refused);
    const pe = await network.privateEndpoints.beginCreateOrUpdateAndWait(
      'rg-test',
      'pe-amw',
      {
        location: 'eastus',
        subnet: { id: subnet.id ?? '' },
        privateLinkServiceConnections: [
          { name: 'amw', privateLinkServiceId: account, groupIds: ['prometheusMetrics'] },
        ],
      },
      FAST,
    );
    const shown = (await call(emu, 'GET', `${account}?api-version=2023-04-03`)).body as { properties: Json };
    const inline = shown.properties['privateEndpointConnections'] as Json[];
    assert.equal(inline.length, 1);
    const connection = inline[0] as { id: string; type: string; properties: Json };
    assert.equal(connection.type, 'Microsoft.Monitor/accounts/privateEndpointConnections');
    assert.deepEqual(connection.properties['groupIds'], ['prometheusMetrics']);
    assert.equal((connection.properties['privateEndpoint'] as Json)['id'], pe.id);
    assert.equal((connection.properties['privateLinkServiceConnectionState'] as Json)['status'], 'Approved');
    const child = await call(emu, 'GET', `${connection.id}?api-version=2023-04-03`);
    assert.equal(child.status, 200);
    const children = await call(emu, 'GET', `${account}/privateEndpointConnections?api-version=2023-04-03`);
    assert.equal((children.body as { value: Json[] }).value.length, 1);

    await network.privateEndpoints.beginDeleteAndWait('rg-test', 'pe-amw', FAST);
    const after = (await call(emu, 'GET', `${account}?api-version=2023-04-03`)).body as { properties: Json };
    assert.equal(after.properties['privateEndpointConnections'], undefined);
  });
});
