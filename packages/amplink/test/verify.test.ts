import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator } from 'amplink-emulator';
import { parseSnapshot } from '../src/discover/snapshot.js';
import type { AmplinkError } from '../src/model/errors.js';
import type { SiteNetworkOption } from '../src/model/site-networks.js';
import { Topology } from '../src/model/topology.js';
import { AGENT_ERRORS } from '../src/verify/agent-errors.js';
import type { VerifyFinding, VerifyResult } from '../src/verify/types.js';
import { verify } from '../src/verify/verify.js';
import { formatVerifyText } from '../src/report/verify-text.js';
import { verifyWithPlan } from '../src/workflows/verify-fleet.js';
import { simulateApply } from './support/simulate.js';
import { World } from './support/world.js';

type Json = Record<string, unknown>;
const fleets = fileURLToPath(new URL('../../../examples/verify/', import.meta.url));

interface Scenario {
  resources: Json[];
  /** The Arc sites' VNets, as the fleet's owner gives them. */
  sites: SiteNetworkOption[];
  amplsId: string;
  before: VerifyResult;
  after: VerifyResult;
}

function topologyOf(resources: readonly Json[], siteNetworks: readonly SiteNetworkOption[] = []): Topology {
  return new Topology(parseSnapshot(JSON.stringify({ value: resources })), { siteNetworks });
}

/** The fleet as the emulator makes it, verified; then amplink's plan applied (in memory) and verified again. */
async function scenario(file: string, amplsName = 'ampls'): Promise<Scenario> {
  const emulator = await startEmulator({ fleet: `${fleets}${file}` });
  let resources: Json[];
  let sites: SiteNetworkOption[];
  try {
    resources = emulator.snapshot().value as Json[];
    // The fleet's owner knows which VNet each Arc site reaches, and says so as --site-network would.
    sites = emulator.siteNetworks().map((s) => ({ clusters: s.clusterId, vnetId: s.vnetId }));
  } finally {
    await emulator.stop();
  }
  const topology = topologyOf(resources, sites);
  const scope = [...topology.privateLinkScopes.values()].find((s) => s.resource.name === amplsName);
  assert.ok(scope, `${file} has AMPLS ${amplsName}`);
  const amplsId = scope.resource.id;
  const before = verify(topology, { amplsId });
  const after = verify(topologyOf(simulateApply(resources, before.plan), sites), { amplsId });
  return { resources, sites, amplsId, before, after };
}

function codes(result: VerifyResult): string[] {
  return [...new Set(result.findings.map((f) => f.code))].sort();
}

function findingOf(result: VerifyResult, code: string): VerifyFinding {
  const finding = result.findings.find((f) => f.code === code);
  assert.ok(finding, `expected ${code} among ${codes(result).join(', ')}`);
  return finding;
}

function cluster(result: VerifyResult, name: string) {
  const verdict = result.clusters.find((c) => c.name === name);
  assert.ok(verdict, `cluster ${name}`);
  return verdict;
}

/** Findings of rules 1-4 (what the plan fixes); world clusters have no network, so network findings stay. */
function ruleCodes(result: VerifyResult): string[] {
  return codes(result).filter((c) => /^AMPL_VERIFY_E000[1-8]$/.test(c) || c === 'AMPL_VERIFY_E0021');
}

function errors(result: VerifyResult): string[] {
  return [...new Set(result.findings.filter((f) => f.severity === 'error').map((f) => f.code))].sort();
}

describe('verify: rules 1-4 and 6 against a fleet whose network is right (examples/verify/base.yaml)', async () => {
  const { before, after } = await scenario('base.yaml');

  test('no configuration association: E0001 quotes the handler error and points at the plan actions', () => {
    const finding = findingOf(before, 'AMPL_VERIFY_E0001');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.agentError, AGENT_ERRORS.configurationOverPrivateLink);
    assert.match(finding.agentError ?? '', /ErrorCode: -2146172665/);
    assert.ok(finding.fixActions.length >= 2, 'association and the DCE link');
    for (const id of finding.fixActions) {
      assert.ok(
        before.plan.actions.some((a) => a.id === id),
        `${id} is a plan action`,
      );
    }
    assert.ok(finding.fixActions.some((id) => /configurationAccessEndpoint$/.test(id)));
    // The association waits for the DCE's link: the link is one fix, listed once.
    assert.equal(new Set(finding.fixActions).size, finding.fixActions.length, finding.fixActions.join(', '));
  });

  test('Prometheus ingestion DCE, AMW DCE, LAW and high-scale DCE not in the AMPLS: E0005-E0008, each fixed by a link', () => {
    for (const code of ['AMPL_VERIFY_E0005', 'AMPL_VERIFY_E0006', 'AMPL_VERIFY_E0007', 'AMPL_VERIFY_E0008']) {
      const finding = findingOf(before, code);
      assert.equal(finding.agentError, AGENT_ERRORS.privateOnly, code);
      assert.equal(finding.fixActions.length, 1, code);
      const action = before.plan.actions.find((a) => a.id === finding.fixActions[0]);
      assert.equal(action?.resourceType, 'Microsoft.Insights/privateLinkScopes/scopedResources');
    }
    assert.ok(findingOf(before, 'AMPL_VERIFY_E0006').rules.includes(6), 'the Arc cluster brings rule 6');
    assert.deepEqual(findingOf(before, 'AMPL_VERIFY_E0008').clusters.length, 1);
  });

  test('PrivateOnly with destinations outside the AMPLS: E0021 names what is refused', () => {
    const finding = findingOf(before, 'AMPL_VERIFY_E0021');
    assert.equal(finding.clusters.length, 4);
    assert.ok(finding.fixActions.length >= 4);
  });

  test('every cluster reaches the private endpoint (spoke peered, zones linked; Arc over VPN) but is broken', () => {
    for (const c of before.clusters) {
      assert.equal(c.route, 'private', c.name);
      assert.equal(c.metrics, 'broken', c.name);
      assert.equal(c.logs, 'broken', c.name);
    }
  });

  test('after apply: no finding, every cluster ok for metrics and logs; the firewalled cluster uses its private path (rule 5)', () => {
    assert.deepEqual(after.findings, []);
    for (const c of after.clusters) assert.deepEqual([c.name, c.metrics, c.logs], [c.name, 'ok', 'ok']);
    assert.equal(cluster(after, 'aks-fw-private-path').route, 'private');
  });
});

describe('verify: what the plan changes only when asked (network, DNS) stays, with the manual step', () => {
  test('no approved private endpoint: E0010 (zones missing too: E0013)', async () => {
    const { before, after } = await scenario('no-private-endpoint.yaml');
    assert.ok(errors(before).includes('AMPL_VERIFY_E0010'));
    assert.deepEqual(errors(after), ['AMPL_VERIFY_E0010']);
    const finding = findingOf(after, 'AMPL_VERIFY_E0010');
    assert.deepEqual(finding.fixActions, []);
    assert.match(finding.fix ?? '', /private-endpoint create --group-id azuremonitor/);
    // Without the zones the clusters send over the internet and their data still arrives: a warning, not an error.
    const zones = findingOf(after, 'AMPL_VERIFY_W0013');
    assert.equal(zones.severity, 'warning');
    assert.match(zones.fix ?? '', /dns-zone-group/);
    for (const id of zones.clusters) {
      const c = after.clusters.find((v) => v.id === id);
      assert.deepEqual([c?.route, c?.metrics, c?.logs], ['public', 'ok', 'ok']);
    }
  });

  test('no approved private endpoint, verified with --private-endpoint: E0010 points at the endpoint the plan makes', async () => {
    const { resources, amplsId, before } = await scenario('no-private-endpoint.yaml');
    assert.match(findingOf(before, 'AMPL_VERIFY_E0010').fix ?? '', /amplink plan --private-endpoint SUBNET_ID/);
    const vnet = resources.find((r) => String(r['type']) === 'Microsoft.Network/virtualNetworks');
    assert.ok(vnet, 'the fleet has a VNet');
    const subnetId = `${String(vnet['id'])}/subnets/aks`;
    const result = verifyWithPlan(topologyOf(resources), { amplsId, privateEndpointSubnetIds: [subnetId] });
    const finding = findingOf(result, 'AMPL_VERIFY_E0010');
    const fixes = finding.fixActions.map((id) => result.plan.actions.find((a) => a.id === id));
    const types = fixes.map((a) => a?.resourceType);
    assert.equal(types.filter((t) => t === 'Microsoft.Network/privateEndpoints').length, 1, types.join(', '));
    assert.equal(types.filter((t) => t === 'Microsoft.Network/privateDnsZones').length, 5, types.join(', '));
    assert.ok(types.includes('Microsoft.Network/privateEndpoints/privateDnsZoneGroups'), types.join(', '));
    assert.ok(types.includes('Microsoft.Network/privateDnsZones/virtualNetworkLinks'), types.join(', '));
    const endpoint = fixes.find((a) => a?.resourceType === 'Microsoft.Network/privateEndpoints');
    assert.match(JSON.stringify(endpoint?.body), new RegExp(subnetId.replace(/[/.]/g, '\\$&'), 'i'));
    assert.match(finding.fix ?? '', /^Run amplink apply: the plan creates the private endpoint/);
    // The zones are missing too: the same actions make them.
    assert.deepEqual(findingOf(result, 'AMPL_VERIFY_W0013').fixActions, finding.fixActions);
    // Twelve fixes read as counts, as a group's do; --detail names each.
    assert.match(
      formatVerifyText(result).replace(/\s+/g, ' '),
      /AMPL_VERIFY_E0010 .*fix \(amplink apply\): \+ create 1 private endpoint, \+ create 5 DNS zones, \+ create \d+ zone VNet links?, \+ create 1 zone group fix: Run amplink apply/,
    );
    assert.match(
      formatVerifyText(result, undefined, { detail: true }),
      /\+ create privateEndpoints\/ampls-pe-vnet-aks/,
    );

    // An endpoint in a hub VNet: its zones answer the hub, not the cluster's VNet, until --link-vnet links that too.
    const hub = JSON.parse(
      JSON.stringify(vnet).replaceAll('vnet-aks', 'vnet-hub').replaceAll('10.0.', '10.1.'),
    ) as Json;
    const hubSubnet = `${String(hub['id'])}/subnets/aks`;
    const inHub = verifyWithPlan(topologyOf([...resources, hub]), { amplsId, privateEndpointSubnetIds: [hubSubnet] });
    assert.ok(findingOf(inHub, 'AMPL_VERIFY_E0010').fixActions.length > 0);
    assert.deepEqual(findingOf(inHub, 'AMPL_VERIFY_W0013').fixActions, []);
    // --link-vnet alone links the zones of the endpoint the AMPLS has, and this one has none yet.
    assert.throws(
      () => verifyWithPlan(topologyOf(resources), { amplsId, linkVnetIds: [String(vnet['id'])] }),
      (e: AmplinkError) => e.code === 'AMPL_PLAN_E0207' && /--private-endpoint SUBNET_ID/.test(e.fix ?? ''),
    );
    const linked = verifyWithPlan(topologyOf([...resources, hub]), {
      amplsId,
      privateEndpointSubnetIds: [hubSubnet],
      linkVnetIds: [String(vnet['id'])],
    });
    assert.deepEqual(
      findingOf(linked, 'AMPL_VERIFY_W0013').fixActions,
      findingOf(linked, 'AMPL_VERIFY_E0010').fixActions,
    );

    // A second cluster in a VNet the plan does not link: its missing zones stay a manual step, in a finding of its own
    // that names no plan action (merged with the first, the plan's actions would count as its fix).
    const second = resources
      .filter((r) => /aks-east|vnet-aks/.test(String(r['id'])))
      .map(
        (r) =>
          JSON.parse(
            JSON.stringify(r)
              .replaceAll('aks-east', 'aks-two')
              .replaceAll('vnet-aks', 'vnet-two')
              .replaceAll('10.0.', '10.2.'),
          ) as Json,
      );
    const twoVnets = verifyWithPlan(topologyOf([...resources, hub, ...second]), {
      amplsId,
      privateEndpointSubnetIds: [hubSubnet],
      linkVnetIds: [String(vnet['id'])],
    });
    const zoneFindings = twoVnets.findings.filter((f) => f.code === 'AMPL_VERIFY_W0013');
    assert.deepEqual(
      zoneFindings.map((f) => [f.clusters.map((id) => id.split('/').pop()), f.fixActions.length > 0]),
      [
        [['aks-east'], true],
        [['aks-two'], false],
      ],
    );
  });

  test('VNet not peered with the private endpoint VNet: E0011, both signals broken', async () => {
    const { before, after } = await scenario('not-peered.yaml');
    assert.equal(cluster(before, 'aks-weu').route, 'misrouted');
    assert.deepEqual(errors(after), ['AMPL_VERIFY_E0011']);
    const c = cluster(after, 'aks-weu');
    assert.deepEqual([c.metrics, c.logs], ['broken', 'broken']);
    assert.match(findingOf(after, 'AMPL_VERIFY_E0011').fix ?? '', /peering create/);
  });

  test('zones not linked to the cluster VNet: E0014 (public IPs), and a workspace refusing public ingestion: E0022', async () => {
    const { before, after } = await scenario('dns-not-linked.yaml');
    const finding = findingOf(before, 'AMPL_VERIFY_E0014');
    assert.equal(finding.agentError, AGENT_ERRORS.publicDns);
    assert.match(finding.fix ?? '', /private-dns link vnet create/);
    assert.equal(cluster(before, 'aks-weu').route, 'public');
    assert.equal(cluster(before, 'aks-weu').logs, 'broken');
    assert.ok(errors(after).includes('AMPL_VERIFY_E0014'));
    assert.ok(errors(after).includes('AMPL_VERIFY_E0022'));
    assert.ok(!errors(after).includes('AMPL_VERIFY_E0001'));
  });

  test('zones not linked, verified with --link-vnet: E0014 points at links to the zones of the endpoint there is, which fix it', async () => {
    const { resources, amplsId, before } = await scenario('dns-not-linked.yaml');
    const idOf = (pattern: RegExp) => String(resources.find((r) => pattern.test(String(r['id'])))?.['id']);
    const hubSubnet = `${idOf(/virtualNetworks\/vnet-hub$/)}/subnets/endpoints`;
    const spoke = idOf(/virtualNetworks\/vnet-spoke$/);
    // The fix says which option plans the links.
    assert.match(
      findingOf(before, 'AMPL_VERIFY_E0014').fix ?? '',
      /amplink plans them with --link-vnet and the same VNet id\.$/,
    );
    assert.deepEqual(findingOf(before, 'AMPL_VERIFY_E0014').fixActions, []);
    // A workspace query endpoint in the spoke links its own zone there: that link is no fix for the AMPLS's zones.
    const queried = verifyWithPlan(topologyOf(resources), {
      amplsId,
      queryPrivateEndpointSubnetIds: [`${spoke}/subnets/aks`],
    });
    assert.ok(queried.plan.actions.some((a) => /prometheus\.monitor\.azure\.com\/virtualNetworkLinks\//.test(a.id)));
    assert.deepEqual(findingOf(queried, 'AMPL_VERIFY_E0014').fixActions, []);
    const options = { amplsId, linkVnetIds: [spoke] };
    const result = verifyWithPlan(topologyOf(resources), options);
    // The same as naming the existing endpoint's subnet.
    const withSubnet = verifyWithPlan(topologyOf(resources), { ...options, privateEndpointSubnetIds: [hubSubnet] });
    assert.deepEqual(
      result.plan.actions.map((a) => a.id),
      withSubnet.plan.actions.map((a) => a.id),
    );
    const fixes = findingOf(result, 'AMPL_VERIFY_E0014').fixActions.map((id) =>
      result.plan.actions.find((a) => a.id === id),
    );
    assert.deepEqual(
      fixes.map((a) => a?.resourceType),
      Array(5).fill('Microsoft.Network/privateDnsZones/virtualNetworkLinks'),
    );
    assert.ok(
      !result.plan.actions.some((a) => a.resourceType === 'Microsoft.Network/privateEndpoints'),
      'no new endpoint',
    );
    const after = verifyWithPlan(topologyOf(simulateApply(resources, result.plan)), options);
    assert.ok(!codes(after).includes('AMPL_VERIFY_E0014'), codes(after).join(', '));
    assert.equal(cluster(after, 'aks-weu').route, 'private');
  });

  test('a second AMPLS overwrote the A records of the shared zone: E0015 and E0016', async () => {
    const { before, after } = await scenario('two-ampls.yaml');
    assert.equal(cluster(before, 'aks-east').route, 'misrouted');
    const overwritten = findingOf(before, 'AMPL_VERIFY_E0015');
    assert.match(overwritten.message, /another AMPLS/);
    assert.equal(overwritten.agentError, AGENT_ERRORS.publicDns);
    assert.ok(findingOf(before, 'AMPL_VERIFY_E0016').message.includes('ampls-other'));
    assert.deepEqual(errors(after), ['AMPL_VERIFY_E0015', 'AMPL_VERIFY_E0016']);
  });

  test('no private path and public ingestion refused: E0022 and W0012; logs broken, metrics ok until apply', async () => {
    const { before, after } = await scenario('public-access-disabled.yaml');
    const c = cluster(before, 'aks-sea');
    assert.deepEqual([c.route, c.metrics, c.logs], ['public', 'ok', 'broken']);
    assert.equal(findingOf(before, 'AMPL_VERIFY_W0012').severity, 'warning');
    assert.ok(findingOf(before, 'AMPL_VERIFY_E0022').fix?.includes('private path'));
    // The configuration DCE amplink creates refuses public access (--dce-public-network-access Disabled by default),
    // so without a private path the metrics break too: verify says so instead of passing.
    assert.ok(errors(after).includes('AMPL_VERIFY_E0022'));
    assert.equal(cluster(after, 'aks-sea').metrics, 'broken');
  });

  test('private cluster behind a firewall without the rule-5 FQDNs and without a private path: E0023', async () => {
    const { before, after } = await scenario('firewall.yaml');
    const finding = findingOf(before, 'AMPL_VERIFY_E0023');
    assert.deepEqual(finding.rules, [5]);
    assert.match(finding.message, /\*\.ingest\.monitor\.azure\.com/);
    assert.match(finding.message, /\*\.ods\.opinsights\.azure\.com/);
    assert.doesNotMatch(finding.message, /handler\.control/);
    // The firewall's rules are resources now (route table, firewall, policy in the VNet AKS made): the plan fixes rules
    // 1-4, and what stays is the firewall's E0023 with what keeps the cluster off private link (its VNet is not peered
    // with the private endpoint's, the zones are not linked to it), which the blocked public path makes errors.
    assert.deepEqual(errors(after), ['AMPL_VERIFY_E0011', 'AMPL_VERIFY_E0014', 'AMPL_VERIFY_E0023']);
    assert.match(
      findingOf(after, 'AMPL_VERIFY_E0023').message,
      /firewall afw-aks-vnet-aks-fw \(policy afwp-aks-vnet-aks-fw\)/,
    );
    assert.deepEqual([cluster(after, 'aks-fw').metrics, cluster(after, 'aks-fw').logs], ['broken', 'broken']);
  });

  test('ingestion mode Open: W0020 stays as a warning; everything else is fixed', async () => {
    const { before, after } = await scenario('open-mode.yaml');
    assert.ok(codes(before).includes('AMPL_VERIFY_W0020'));
    assert.deepEqual(codes(after), ['AMPL_VERIFY_W0020']);
    assert.equal(findingOf(after, 'AMPL_VERIFY_W0020').severity, 'warning');
  });
});

const ZONES = [
  'privatelink.monitor.azure.com',
  'privatelink.oms.opinsights.azure.com',
  'privatelink.ods.opinsights.azure.com',
  'privatelink.agentsvc.azure-automation.net',
  'privatelink.blob.core.windows.net',
];

/** The cluster's nodes in a VNet with the AMPLS's private endpoint, its five zones linked and the A record written. */
function privatePath(w: World, ampls: string, cluster: string): void {
  const vnet = w.vnet('vnet-private', 'eastus', { endpoints: '10.0.1.0/24', aks: '10.0.16.0/20' });
  w.privateEndpoint('pe', ampls, w.subnet(vnet, 'endpoints'));
  for (const zone of ZONES) {
    const id = w.dnsZone(zone);
    w.zoneLink(id, vnet);
    if (zone === 'privatelink.monitor.azure.com') w.aRecord(id, 'global.handler.control', '10.0.1.4');
  }
  w.nodesIn(cluster, w.subnet(vnet, 'aks'));
}

describe('verify: configuration DCE problems (worlds)', () => {
  function world() {
    const w = new World();
    const ampls = w.ampls();
    const amw = w.amw('amw', 'eastus');
    const law = w.law('law', 'eastus');
    return { w, ampls, amw, law };
  }

  test('configuration DCE in another region: E0002 quotes "Prometheus never starts"; apply fixes it', () => {
    const { w, ampls, amw, law } = world();
    const cluster = w.cluster({ name: 'aks-weu', region: 'westeurope', metricsTo: amw.id, logsTo: law });
    w.configuration(cluster, amw.endpointId);
    const before = verify(w.topology(), { amplsId: ampls });
    const finding = findingOf(before, 'AMPL_VERIFY_E0002');
    assert.equal(finding.agentError, AGENT_ERRORS.prometheusNeverStarts);
    const update = before.plan.actions.find((a) => finding.fixActions.includes(a.id) && a.kind === 'update');
    assert.ok(update, 'the association is updated');
    const after = verify(topologyOf(simulateApply(w.resources, before.plan)), { amplsId: ampls });
    assert.deepEqual(ruleCodes(after), []);
  });

  test('configuration DCE that no longer exists: E0003; apply fixes it', () => {
    const { w, ampls, amw, law } = world();
    const cluster = w.cluster({ name: 'aks-east', region: 'eastus', metricsTo: amw.id, logsTo: law });
    w.configuration(cluster, `${w.group('gone')}/providers/Microsoft.Insights/dataCollectionEndpoints/deleted`);
    const before = verify(w.topology(), { amplsId: ampls });
    assert.ok(findingOf(before, 'AMPL_VERIFY_E0003').fixActions.length > 0);
    const after = verify(topologyOf(simulateApply(w.resources, before.plan)), { amplsId: ampls });
    assert.deepEqual(ruleCodes(after), []);
  });

  test('configuration DCE in the right region but not in the AMPLS: E0004, fixed by its link', () => {
    const { w, ampls, amw, law } = world();
    const cluster = w.cluster({ name: 'aks-east', region: 'eastus', metricsTo: amw.id, logsTo: law });
    w.configuration(cluster, amw.endpointId);
    privatePath(w, ampls, cluster);
    const before = verify(w.topology(), { amplsId: ampls });
    const finding = findingOf(before, 'AMPL_VERIFY_E0004');
    assert.equal(finding.agentError, AGENT_ERRORS.configurationOverPrivateLink);
    const link = before.plan.actions.find((a) => a.id === finding.fixActions[0]);
    assert.equal((link?.body['properties'] as Json)['linkedResourceId'], amw.endpointId);
    const after = verify(topologyOf(simulateApply(w.resources, before.plan)), { amplsId: ampls });
    assert.deepEqual(ruleCodes(after), []);
  });

  test('over the public path a configuration DCE outside the AMPLS stops nothing: W0004, the cluster ok', () => {
    const { w, ampls, amw, law } = world();
    const cluster = w.cluster({ name: 'aks-east', region: 'eastus', metricsTo: amw.id, logsTo: law });
    w.configuration(cluster, amw.endpointId);
    const result = verify(w.topology(), { amplsId: ampls });
    assert.ok(!codes(result).includes('AMPL_VERIFY_E0004'));
    const finding = findingOf(result, 'AMPL_VERIFY_W0004');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /stops no data yet: these clusters do not send through the AMPLS/);
    assert.equal(finding.agentError, undefined, 'the agents log nothing about it yet');
    assert.equal(finding.fixActions.length, 1);
    const c = result.clusters[0];
    assert.deepEqual([c?.route, c?.metrics, c?.logs], ['public', 'ok', 'ok']);
  });

  test('a configuration DCE in another region stops the agents on every route: E0002 on the public path too', () => {
    const { w, ampls, amw, law } = world();
    const cluster = w.cluster({ name: 'aks-weu', region: 'westeurope', metricsTo: amw.id, logsTo: law });
    w.configuration(cluster, amw.endpointId);
    const result = verify(w.topology(), { amplsId: ampls });
    const c = result.clusters[0];
    assert.deepEqual([c?.route, c?.metrics, c?.logs], ['public', 'broken', 'broken']);
    assert.deepEqual(findingOf(result, 'AMPL_VERIFY_E0002').clusters, [cluster]);
  });

  test('a cluster without a network amplink can see: W0012, and its signals are judged on the public path', () => {
    const { w, ampls, amw } = world();
    w.cluster({ name: 'aks-east', region: 'eastus', metricsTo: amw.id });
    const result = verify(w.topology(), { amplsId: ampls });
    const c = cluster(result, 'aks-east');
    assert.deepEqual([c.route, c.metrics, c.logs], ['public', 'ok', 'off']);
    assert.ok(codes(result).includes('AMPL_VERIFY_W0012'));
  });
});

describe('verify: AMPLS limits', () => {
  function lawWorld(count: number) {
    const w = new World();
    const ampls = w.ampls();
    const amw = w.amw('amw', 'eastus');
    for (let i = 0; i < count; i++) {
      const law = w.law(`law-${i}`, 'eastus');
      w.cluster({ name: `aks-${i}`, region: 'eastus', metricsTo: amw.id, logsTo: law });
    }
    return { w, ampls };
  }

  test('about to be exceeded (>= 80%): W0031', () => {
    const { w, ampls } = lawWorld(4);
    const result = verify(w.topology(), { amplsId: ampls, limits: { logAnalyticsWorkspacesPerScope: 5 } });
    assert.match(findingOf(result, 'AMPL_VERIFY_W0031').message, /4 of at most 5/);
    assert.ok(!codes(result).includes('AMPL_VERIFY_E0030'));
  });

  test('exceeded: E0030, and the blocked plan makes every fixable finding say so', () => {
    const { w, ampls } = lawWorld(3);
    const result = verify(w.topology(), { amplsId: ampls, limits: { logAnalyticsWorkspacesPerScope: 2 } });
    assert.equal(findingOf(result, 'AMPL_VERIFY_E0030').severity, 'error');
    assert.equal(result.plan.summary.status, 'blocked');
    // The clusters have no network: the missing association stops nothing yet (W0001), and its fix is blocked too.
    assert.match(findingOf(result, 'AMPL_VERIFY_W0001').fix ?? '', /blocked/);
  });

  test('private endpoints over 10: E0030', () => {
    const w = new World();
    const ampls = w.ampls('my-ampls', 'my-resource-group', 'PrivateOnly', 11);
    const result = verify(w.topology(), { amplsId: ampls });
    assert.match(findingOf(result, 'AMPL_VERIFY_E0030').message, /private endpoint connections 11 of at most 10/);
  });
});

test('verify is pure and stable: same world in any order gives the same result', () => {
  const w = new World();
  const ampls = w.ampls();
  const amw = w.amw('amw', 'eastus');
  const law = w.law('law', 'eastus');
  for (const region of ['eastus', 'westeurope', 'westus2']) {
    w.cluster({ name: `aks-${region}`, region, metricsTo: amw.id, logsTo: law, highLogScale: true });
  }
  const first = verify(w.topology(), { amplsId: ampls });
  const reversed = new World();
  reversed.resources.push(...[...w.resources].reverse());
  const snapshot = JSON.stringify(w.resources);
  const second = verify(reversed.topology(), { amplsId: ampls });
  assert.equal(JSON.stringify(first), JSON.stringify(second));
  assert.equal(JSON.stringify(w.resources), snapshot);
});

describe('verify: networks built as worlds', () => {
  function hubAndSpoke(peering: 'both' | 'one-way-initiated') {
    const w = new World();
    const ampls = w.ampls('my-ampls', 'my-resource-group', 'PrivateOnly', 0);
    const amw = w.amw('amw', 'eastus');
    const law = w.law('law', 'eastus');
    const hub = w.vnet('vnet-hub', 'eastus', { endpoints: '10.0.1.0/24' });
    const spoke = w.vnet('vnet-spoke', 'eastus', { aks: '10.1.0.0/20' });
    w.peering(spoke, hub, peering === 'both' ? 'Connected' : 'Initiated');
    if (peering === 'both') w.peering(hub, spoke);
    w.privateEndpoint('pe', ampls, w.subnet(hub, 'endpoints'));
    for (const zone of ZONES) {
      const id = w.dnsZone(zone);
      w.zoneLink(id, hub);
      w.zoneLink(id, spoke);
      if (zone === 'privatelink.monitor.azure.com') w.aRecord(id, 'global.handler.control', '10.0.1.4');
    }
    const cluster = w.cluster({ name: 'aks-1', region: 'eastus', metricsTo: amw.id, logsTo: law });
    w.nodesIn(cluster, w.subnet(spoke, 'aks'));
    return { w, ampls };
  }

  test('a spoke peered both ways with the hub reaches the private endpoint; apply makes it whole', () => {
    const { w, ampls } = hubAndSpoke('both');
    const before = verify(w.topology(), { amplsId: ampls });
    assert.equal(cluster(before, 'aks-1').route, 'private');
    const after = verify(topologyOf(simulateApply(w.resources, before.plan)), { amplsId: ampls });
    assert.deepEqual(after.findings, []);
    assert.deepEqual([cluster(after, 'aks-1').metrics, cluster(after, 'aks-1').logs], ['ok', 'ok']);
  });

  test('a private endpoint the AMPLS has not approved carries nothing: E0032 names its state and the approval', () => {
    for (const status of ['Pending', 'Rejected'] as const) {
      const w = new World();
      const ampls = w.ampls('my-ampls', 'my-resource-group', 'PrivateOnly', 0);
      const amw = w.amw('amw', 'eastus');
      const law = w.law('law', 'eastus');
      const vnet = w.vnet('vnet-private', 'eastus', { endpoints: '10.0.1.0/24', aks: '10.0.16.0/20' });
      w.privateEndpoint('pe', ampls, w.subnet(vnet, 'endpoints'), 'network', status);
      for (const zone of ZONES) {
        const id = w.dnsZone(zone);
        w.zoneLink(id, vnet);
        if (zone === 'privatelink.monitor.azure.com') w.aRecord(id, 'global.handler.control', '10.0.1.4');
      }
      const aks = w.cluster({ name: 'aks-1', region: 'eastus', metricsTo: amw.id, logsTo: law });
      w.nodesIn(aks, w.subnet(vnet, 'aks'));
      const before = verify(w.topology(), { amplsId: ampls });
      // Before, the records pointing at the endpoint passed for a private route.
      assert.equal(cluster(before, 'aks-1').route, 'misrouted', status);
      const finding = findingOf(before, 'AMPL_VERIFY_E0032');
      assert.match(finding.message, new RegExp(`private endpoint pe, whose connection to AMPLS my-ampls is ${status}`));
      assert.match(finding.fix ?? '', /private-endpoint-connection approve -g my-resource-group --scope-name my-ampls/);
      assert.deepEqual(finding.fixActions, [], 'amplink does not approve connections');
      // Applying the plan fixes everything else; the cluster still sends nothing until the connection is approved.
      const after = verify(topologyOf(simulateApply(w.resources, before.plan)), { amplsId: ampls });
      assert.deepEqual(errors(after), ['AMPL_VERIFY_E0010', 'AMPL_VERIFY_E0032'], status);
      assert.deepEqual([cluster(after, 'aks-1').metrics, cluster(after, 'aks-1').logs], ['broken', 'broken']);
    }
  });

  test('a peering only initiated from one side is no path: E0011', () => {
    const { w, ampls } = hubAndSpoke('one-way-initiated');
    const result = verify(w.topology(), { amplsId: ampls });
    assert.equal(cluster(result, 'aks-1').route, 'misrouted');
    assert.ok(codes(result).includes('AMPL_VERIFY_E0011'));
  });
});

describe('verify: a link Azure is still writing is neither ok nor broken', async () => {
  const { resources, sites, amplsId, before } = await scenario('base.yaml');
  const applied = simulateApply(resources, before.plan);
  const withLinkState = (linkedType: RegExp, state: string): Json[] =>
    applied.map((r) => {
      const properties = r['properties'] as Json | undefined;
      const isLink = /\/scopedresources$/i.test(String(r['type']));
      if (!isLink || !linkedType.test(String(properties?.['linkedResourceId']))) return r;
      return { ...r, properties: { ...properties, provisioningState: state } };
    });

  test('a workspace link still Creating: logs unknown (not ok, not broken), one finding naming it and its clusters', () => {
    const result = verify(topologyOf(withLinkState(/operationalinsights\/workspaces/i, 'Creating'), sites), {
      amplsId,
    });
    const finding = findingOf(result, 'AMPL_PLAN_W0008');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /is Creating: Azure is still working on it/);
    assert.ok(finding.resources.some((id) => /scopedResources/i.test(id)));
    assert.deepEqual(errors(result), [], 'not broken');
    const logSenders = result.clusters.filter((c) => c.logs !== 'off');
    assert.ok(logSenders.length > 0);
    for (const c of logSenders) assert.equal(c.logs, 'unknown', c.name);
    assert.deepEqual(new Set(finding.clusters), new Set(logSenders.map((c) => c.id)));
    assert.deepEqual(result.plan.actions, [], 'no write planned to the busy link');
    assert.equal(result.plan.summary.status, 'waiting');
  });

  test('the same link Failed is broken again and planned to be written again', () => {
    const result = verify(topologyOf(withLinkState(/operationalinsights\/workspaces/i, 'Failed'), sites), { amplsId });
    assert.ok(errors(result).includes('AMPL_VERIFY_E0007'), errors(result).join(', '));
    const finding = findingOf(result, 'AMPL_VERIFY_E0007');
    const action = result.plan.actions.find((a) => a.id === finding.fixActions[0]);
    assert.equal(action?.kind, 'update');
  });
});
