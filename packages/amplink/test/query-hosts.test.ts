import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idKey } from '../src/model/resource-id.js';
import { isDnsBroken } from '../src/verify/probes/dns.js';
import { workspaceQueryNames } from '../src/verify/probes/query-hosts.js';
import { World } from './support/world.js';

/** A workspace as Azure shows it, optionally with an approved prometheusMetrics endpoint serving its query host. */
function workspaceWorld(withEndpoint: boolean): { world: World; key: string } {
  const world = new World();
  const { id } = world.amw('amw', 'eastus');
  if (withEndpoint) {
    const endpointId = world.add({
      id: `${world.group('network')}/providers/Microsoft.Network/privateEndpoints/pe-amw`,
      name: 'pe-amw',
      type: 'Microsoft.Network/privateEndpoints',
      location: 'eastus',
      properties: {
        subnet: { id: `${world.group('network')}/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe` },
        customDnsConfigs: [{ fqdn: 'amw-a1b2.eastus.prometheus.monitor.azure.com', ipAddresses: ['10.0.1.5'] }],
      },
    });
    const account = world.resources.find((r) => r['id'] === id) as { properties: Record<string, unknown> };
    account.properties['privateEndpointConnections'] = [
      {
        id: `${id}/privateEndpointConnections/pe-amw`,
        properties: {
          groupIds: ['prometheusMetrics'],
          privateEndpoint: { id: endpointId },
          privateLinkServiceConnectionState: { status: 'Approved' },
        },
      },
    ];
  }
  return { world, key: idKey(id) };
}

test('a workspace without a private endpoint: its query host is probed and a public answer is expected', () => {
  const { world, key } = workspaceWorld(false);
  const names = workspaceQueryNames(world.topology(), key, 'monitor.azure.com');
  assert.equal(names.length, 1);
  assert.equal(names[0]?.host, 'amw.eastus.prometheus.monitor.azure.com');
  assert.match(names[0]?.use ?? '', /^PromQL queries from Grafana and workbooks/);
  assert.match(names[0]?.publicExpected ?? '', /no approved private endpoint \(group prometheusMetrics\)/);
  const probe = {
    ...names[0],
    host: names[0]?.host ?? '',
    use: '',
    status: 'public' as const,
    addresses: [],
    detail: '',
  };
  assert.equal(isDnsBroken(probe), false);
});

test("a workspace with an approved prometheusMetrics endpoint: its names, the endpoint's too, must resolve privately", () => {
  const { world, key } = workspaceWorld(true);
  const names = workspaceQueryNames(world.topology(), key, 'monitor.azure.com');
  assert.deepEqual(names.map((n) => n.host).sort(), [
    'amw-a1b2.eastus.prometheus.monitor.azure.com',
    'amw.eastus.prometheus.monitor.azure.com',
  ]);
  for (const name of names) {
    assert.equal(name.publicExpected, undefined);
    assert.equal(isDnsBroken({ host: name.host, use: name.use, status: 'public', addresses: [], detail: '' }), true);
  }
});

test('a query endpoint outside the cloud (an emulator, a proxy) is not a name to judge', () => {
  const { world, key } = workspaceWorld(false);
  assert.deepEqual(workspaceQueryNames(world.topology(), key, 'monitor.azure.us'), []);
});
