import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isAmplinkError } from '../src/model/errors.js';
import { AMPLS_DNS_ZONES } from '../src/model/network.js';
import { parseSiteNetworkFlag, SITE_NETWORK_TAG, type SiteNetworkOption } from '../src/model/site-networks.js';
import { Topology } from '../src/model/topology.js';
import { verify } from '../src/verify/verify.js';
import { runAmplink } from './support/cli.js';
import { World } from './support/world.js';

/** A hub with the AMPLS's private endpoint and zones, and on-premises sites connected with Arc. */
function sites(tags: Record<string, Record<string, string>> = {}) {
  const w = new World();
  const ampls = w.ampls('my-ampls', 'my-resource-group', 'PrivateOnly', 0);
  const amw = w.amw('amw', 'eastus');
  const hub = w.vnet('vnet-hub', 'eastus', { endpoints: '10.0.1.0/24' });
  const other = w.vnet('vnet-other', 'eastus', { endpoints: '10.9.1.0/24' });
  w.privateEndpoint('pe', ampls, w.subnet(hub, 'endpoints'));
  for (const zone of AMPLS_DNS_ZONES) {
    const id = w.dnsZone(zone);
    w.zoneLink(id, hub);
    if (zone === 'privatelink.monitor.azure.com') w.aRecord(id, 'global.handler.control', '10.0.1.4');
  }
  for (const name of ['arc-paris', 'arc-lyon']) {
    w.cluster({ name, region: 'eastus', kind: 'arc', group: 'factories', metricsTo: amw.id, tags: tags[name] ?? {} });
  }
  w.cluster({ name: 'arc-berlin', region: 'eastus', kind: 'arc', group: 'labs', metricsTo: amw.id });
  w.cluster({ name: 'aks-1', region: 'eastus', metricsTo: amw.id });
  return { w, ampls, hub, other };
}

function routes(w: World, ampls: string, siteNetworks: readonly SiteNetworkOption[] = []) {
  const result = verify(new Topology(w.parsed(), { siteNetworks }), { amplsId: ampls });
  return Object.fromEntries(result.clusters.filter((c) => c.name.startsWith('arc-')).map((c) => [c.name, c.route]));
}

function noNetwork(w: World, ampls: string, cluster: string) {
  const result = verify(w.topology(), { amplsId: ampls });
  const finding = result.findings.find((f) => f.code === 'AMPL_VERIFY_W0012' && f.message.includes(cluster));
  assert.ok(finding, `W0012 for ${cluster}`);
  return finding;
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(isAmplinkError(error), String(error));
    assert.ok(error.fix, 'every error says how to fix it');
    return error.code;
  }
  return 'no error';
}

describe('site network: the VNet an Arc site reaches is the user input, by flag or by the tag', () => {
  test('nothing given: every Arc cluster sends over the internet, and verify names both ways to say it', () => {
    const { w, ampls } = sites();
    assert.deepEqual(routes(w, ampls), { 'arc-berlin': 'public', 'arc-lyon': 'public', 'arc-paris': 'public' });
    const finding = noNetwork(w, ampls, 'arc-paris');
    assert.ok(finding.message.includes('--site-network') && finding.message.includes(SITE_NETWORK_TAG));
    assert.ok(finding.fix?.includes('--site-network') && finding.fix.includes(`${SITE_NETWORK_TAG}=VNET_ID`));
  });

  test('by resource group, by name, by id: the most specific wins; the tag serves clusters no flag names', () => {
    const { w, ampls, hub, other } = sites({ 'arc-berlin': { [SITE_NETWORK_TAG]: '' } });
    const berlin = w.resources.find((r) => r['name'] === 'arc-berlin') as { tags: Record<string, string> };
    berlin.tags[SITE_NETWORK_TAG] = hub;
    const paris = `${w.group('factories')}/providers/Microsoft.Kubernetes/connectedClusters/arc-paris`;
    assert.deepEqual(routes(w, ampls, [{ clusters: 'rg:fact*', vnetId: hub }]), {
      'arc-berlin': 'private',
      'arc-lyon': 'private',
      'arc-paris': 'private',
    });
    // A name beats the group; a site in vnet-other (no zone linked there) resolves the names publicly.
    const byName = routes(w, ampls, [
      { clusters: w.group('factories'), vnetId: hub },
      { clusters: 'arc-l*', vnetId: other },
    ]);
    assert.deepEqual(byName, { 'arc-berlin': 'private', 'arc-lyon': 'public', 'arc-paris': 'private' });
    // An id beats a name; a flag beats the cluster's own tag.
    assert.deepEqual(
      routes(w, ampls, [
        { clusters: 'arc-*', vnetId: hub },
        { clusters: paris, vnetId: other },
      ]),
      { 'arc-berlin': 'private', 'arc-lyon': 'private', 'arc-paris': 'public' },
    );
  });

  test('a tag that is not a VNet id is named where verify says the cluster has no network', () => {
    const { w, ampls } = sites({ 'arc-paris': { [SITE_NETWORK_TAG]: 'vnet-hub' } });
    assert.match(noNetwork(w, ampls, 'arc-paris').message, /its tag amplink-site-vnet 'vnet-hub' is not a VNet id/);
  });

  test('bad input: each a coded error with the fix', () => {
    const { w, hub } = sites();
    assert.equal(
      codeOf(() => parseSiteNetworkFlag('arc-paris')),
      'AMPL_SITE_E0001',
    );
    assert.equal(
      codeOf(() => parseSiteNetworkFlag(`=${hub}`)),
      'AMPL_SITE_E0001',
    );
    assert.equal(
      codeOf(() => parseSiteNetworkFlag('arc-paris=vnet-hub')),
      'AMPL_SITE_E0002',
    );
    assert.equal(
      codeOf(() => parseSiteNetworkFlag(`arc-paris=${hub}/subnets/endpoints`)),
      'AMPL_SITE_E0002',
    );
    assert.deepEqual(parseSiteNetworkFlag(`arc-*=${hub}`), { clusters: 'arc-*', vnetId: hub });
    const resources = w.parsed();
    const topology = (siteNetworks: SiteNetworkOption[]) => () => new Topology(resources, { siteNetworks });
    assert.equal(codeOf(topology([{ clusters: 'arc-pariss', vnetId: hub }])), 'AMPL_SITE_E0003');
    assert.equal(codeOf(topology([{ clusters: 'aks-1', vnetId: hub }])), 'AMPL_SITE_E0003');
    assert.equal(
      codeOf(
        topology([
          { clusters: 'arc-paris', vnetId: hub },
          { clusters: 'arc-p*', vnetId: hub.replace('vnet-hub', 'vnet-other') },
        ]),
      ),
      'AMPL_SITE_E0004',
    );
    // A JavaScript caller may pass anything.
    assert.equal(codeOf(topology([{ clusters: 7 } as unknown as SiteNetworkOption])), 'AMPL_SITE_E0001');
  });

  test('CLI: --site-network reaches the plan; a wrong one exits 1 with its code and no stack', async () => {
    const plan = (site: string) =>
      runAmplink(['plan', '--snapshot', SNAPSHOT, '--ampls', AMPLS, '--json', '--site-network', site]);
    const notVnet = await plan('arc-nowhere=x');
    assert.equal(notVnet.code, 1);
    assert.match(notVnet.stderr, /AMPL_SITE_E0002/);
    assert.doesNotMatch(notVnet.stderr, /\n\s+at /);
    const vnet = AMPLS.replace(/providers\/.*$/, 'providers/Microsoft.Network/virtualNetworks/vnet-hub');
    const unknown = await plan(`arc-nowhere=${vnet}`);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /AMPL_SITE_E0003/);
    assert.equal((await plan(`arc-paris-factory=${vnet}`)).code, 2, 'a right one plans');
  });
});

const SNAPSHOT = fileURLToPath(new URL('../../../examples/snapshot.json', import.meta.url));
const AMPLS =
  '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-central';
