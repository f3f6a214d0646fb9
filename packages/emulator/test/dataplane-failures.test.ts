// One scenario per way private link breaks (DOMAIN.md "What breaks"), each a fleet built here: the agents fail with
// the message users see; where a fix is an ARM write, the agent recovers on the next tick.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_OVER_PRIVATE_LINK_MESSAGE } from '../src/dataplane/network.js';
import { expandFleet, startEmulator, type RunningEmulator } from '../src/index.js';
import { call } from './helpers.js';
import { agentOf, healthyFleet, privateCluster, resourceOf, startFleet, tickUntil } from './dataplane-support.js';

const DATA_COLLECTION_API = 'api-version=2024-03-11';
const SCOPE_API = 'api-version=2021-09-01';

async function withFleet(
  document: Record<string, unknown>,
  body: (emu: RunningEmulator) => Promise<void>,
): Promise<void> {
  const emu = await startFleet(document);
  try {
    await body(emu);
  } finally {
    await emu.stop();
  }
}

/** Changes the first entry of a fleet list (the healthy fleet's AMPLS, endpoint, hub VNet). */
function patchFirst(fleet: Record<string, unknown>, key: string, patch: Record<string, unknown>): void {
  const list = fleet[key] as Record<string, unknown>[];
  list[0] = { ...list[0], ...patch };
}

async function armPut(emu: RunningEmulator, path: string, body: unknown): Promise<void> {
  const answer = await call(emu, 'PUT', path, { body });
  assert.ok(
    answer.status >= 200 && answer.status < 300,
    `PUT ${path}: ${answer.status} ${JSON.stringify(answer.body)}`,
  );
}

describe('data plane: what breaks', () => {
  it('no configuration DCE under private link: -2146172665 in mdsd.err, TokenConfig.json for ama-metrics; recovers once associated', async () => {
    const fleet = healthyFleet();
    // Without privateLinkScope no config DCE nor association is made; link the LAW by hand.
    fleet['clusters'] = [privateCluster('aks-east', 'eastus', 'vnet-hub', { privateLinkScope: undefined })];
    patchFirst(fleet, 'privateLinkScopes', { linked: ['amw', 'law', 'MSProm-eastus-aks-east'] });
    await withFleet(fleet, async (emu) => {
      const status = emu.tick();
      const logs = agentOf(status, 'aks-east', 'ama-logs');
      assert.equal(logs.status, 'failing');
      assert.equal(logs.code, 'CONFIG_DCE_REQUIRED');
      assert.match(
        logs.lastError ?? '',
        /^mdsd\.err: 403 Forbidden from https:\/\/global\.handler\.control\.monitor\.azure\.com/,
      );
      assert.ok(logs.lastError?.endsWith(CONFIG_OVER_PRIVATE_LINK_MESSAGE));
      const metrics = agentOf(status, 'aks-east', 'ama-metrics');
      assert.equal(metrics.lastError, 'TokenConfig.json does not exist');
      assert.ok(metrics.messages.includes('liveness probe failed: 503 No configuration present for the AKS resource'));
      assert.ok(metrics.messages.includes('connection refused on 127.0.0.1:55680'));
      assert.ok(metrics.messages.some((m) => m.includes('-2146172665')));

      // Fix through ARM: the AMW's own DCE (eastus, in the AMPLS) as the configuration DCE.
      const cluster = resourceOf(emu, 'Microsoft.ContainerService/managedClusters', 'aks-east');
      const amwDce = resourceOf(emu, 'Microsoft.Insights/dataCollectionEndpoints', 'amw');
      await armPut(
        emu,
        `${cluster.id}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?${DATA_COLLECTION_API}`,
        { properties: { dataCollectionEndpointId: amwDce.id } },
      );
      const fixed = emu.tick();
      assert.equal(agentOf(fixed, 'aks-east', 'ama-logs').status, 'ok');
      assert.equal(agentOf(fixed, 'aks-east', 'ama-metrics').status, 'ok');
      assert.equal(agentOf(fixed, 'aks-east', 'ama-logs').lastError, logs.lastError, 'the last error is kept');
    });
  });

  it('configuration DCE not in the AMPLS: the handler still answers -2146172665', async () => {
    await withFleet(healthyFleet(), async (emu) => {
      const scope = resourceOf(emu, 'Microsoft.Insights/privateLinkScopes', 'ampls');
      const removed = await call(
        emu,
        'DELETE',
        `${scope.id}/scopedResources/MSCI-config-eastus-aks-east-connection?${SCOPE_API}`,
      );
      assert.ok([200, 202, 204].includes(removed.status), JSON.stringify(removed.body));
      const status = await tickUntil(emu, (s) => agentOf(s, 'aks-east', 'ama-logs').status === 'failing');
      const logs = agentOf(status, 'aks-east', 'ama-logs');
      assert.equal(logs.code, 'CONFIG_DCE_REQUIRED');
      assert.match(logs.lastError ?? '', /^mdsd\.err: 403 Forbidden from https:\/\/msci-config-eastus-aks-east-/);
      assert.ok(logs.lastError?.endsWith(CONFIG_OVER_PRIVATE_LINK_MESSAGE));
      assert.equal(agentOf(status, 'aks-east', 'ama-metrics').code, 'CONFIG_DCE_REQUIRED');
      assert.equal(agentOf(status, 'aks-weu', 'ama-logs').status, 'ok');
    });
  });

  it('high log scale: ama-logs uploads through its ingestion DCE, which must be in the AMPLS', async () => {
    const fleet = healthyFleet();
    fleet['clusters'] = [
      privateCluster('aks-east', 'eastus', 'vnet-hub', { containerInsights: { workspace: 'law', highLogScale: true } }),
    ];
    patchFirst(fleet, 'privateLinkScopes', { linked: ['amw', 'MSProm-eastus-aks-east'] });
    await withFleet(fleet, async (emu) => {
      const logs = agentOf(emu.tick(), 'aks-east', 'ama-logs');
      assert.equal(logs.status, 'ok', logs.lastError);
      assert.ok(
        logs.requests.some(
          (r) => /^msci-ingest-eastus-aks-east-.*\.ingest\.monitor\.azure\.com$/.test(r.host) && r.private,
        ),
      );
      const scope = resourceOf(emu, 'Microsoft.Insights/privateLinkScopes', 'ampls');
      await call(emu, 'DELETE', `${scope.id}/scopedResources/MSCI-ingest-eastus-aks-east-connection?${SCOPE_API}`);
      const status = await tickUntil(emu, (s) => agentOf(s, 'aks-east', 'ama-logs').status === 'failing');
      assert.equal(agentOf(status, 'aks-east', 'ama-logs').code, 'PRIVATE_ONLY_BLOCKED');
    });
  });

  it('configuration DCE in another region: Prometheus never starts, logs still flow', async () => {
    await withFleet(healthyFleet(), async (emu) => {
      const cluster = resourceOf(emu, 'Microsoft.ContainerService/managedClusters', 'aks-weu');
      const amwDce = resourceOf(emu, 'Microsoft.Insights/dataCollectionEndpoints', 'amw'); // eastus
      await armPut(
        emu,
        `${cluster.id}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?${DATA_COLLECTION_API}`,
        { properties: { dataCollectionEndpointId: amwDce.id } },
      );
      const status = emu.tick();
      const metrics = agentOf(status, 'aks-weu', 'ama-metrics');
      assert.equal(metrics.code, 'CONFIG_DCE_OTHER_REGION');
      assert.equal(metrics.lastError, 'TokenConfig.json does not exist');
      assert.ok(metrics.messages.some((m) => m.includes('Prometheus never starts')));
      assert.equal(agentOf(status, 'aks-weu', 'ama-logs').status, 'ok');
      assert.equal(agentOf(status, 'aks-east', 'ama-metrics').status, 'ok');
    });
  });

  it('Prometheus DCE not in the AMPLS under PrivateOnly: blocked; recovers after linking it through ARM', async () => {
    const fleet = healthyFleet();
    patchFirst(fleet, 'privateLinkScopes', { linked: ['amw', 'MSProm-eastus-aks-east'] });
    await withFleet(fleet, async (emu) => {
      const status = emu.tick();
      const metrics = agentOf(status, 'aks-weu', 'ama-metrics');
      assert.equal(metrics.code, 'PRIVATE_ONLY_BLOCKED');
      assert.match(metrics.lastError ?? '', /resolved to public address 203\.0\.113\.\d+/);
      assert.match(metrics.lastError ?? '', /PrivateOnly/);
      assert.equal(agentOf(status, 'aks-east', 'ama-metrics').status, 'ok');

      const dce = resourceOf(emu, 'Microsoft.Insights/dataCollectionEndpoints', 'MSProm-eastus-aks-weu');
      const scope = resourceOf(emu, 'Microsoft.Insights/privateLinkScopes', 'ampls');
      const put = await call(emu, 'PUT', `${scope.id}/scopedResources/MSProm-eastus-aks-weu-connection?${SCOPE_API}`, {
        body: { properties: { linkedResourceId: dce.id } },
      });
      assert.ok([200, 201, 202].includes(put.status), JSON.stringify(put.body));
      const fixed = await tickUntil(emu, (s) => agentOf(s, 'aks-weu', 'ama-metrics').status === 'ok');
      assert.equal(agentOf(fixed, 'aks-weu', 'ama-metrics').status, 'ok');
      assert.ok(agentOf(fixed, 'aks-weu', 'ama-metrics').requests.every((r) => r.private));
    });
  });

  it('a link still Creating (or Failed) carries no traffic: PrivateOnly blocks as if it were missing', async () => {
    for (const provisioningState of ['Creating', 'Failed']) {
      const fleet = healthyFleet();
      patchFirst(fleet, 'privateLinkScopes', {
        linked: ['amw', 'MSProm-eastus-aks-east', { resource: 'MSProm-eastus-aks-weu', provisioningState }],
      });
      await withFleet(fleet, async (emu) => {
        const status = emu.tick();
        assert.equal(agentOf(status, 'aks-weu', 'ama-metrics').code, 'PRIVATE_ONLY_BLOCKED', provisioningState);
        assert.equal(agentOf(status, 'aks-east', 'ama-metrics').status, 'ok');
      });
    }
  });

  it('LAW not in the AMPLS: its names resolve publicly and PrivateOnly blocks it; relinking fixes it', async () => {
    await withFleet(healthyFleet(), async (emu) => {
      const scope = resourceOf(emu, 'Microsoft.Insights/privateLinkScopes', 'ampls');
      const law = resourceOf(emu, 'Microsoft.OperationalInsights/workspaces', 'law');
      const removed = await call(emu, 'DELETE', `${scope.id}/scopedResources/law-connection?${SCOPE_API}`);
      assert.ok([200, 202, 204].includes(removed.status), JSON.stringify(removed.body));
      const status = await tickUntil(emu, (s) => agentOf(s, 'aks-east', 'ama-logs').status === 'failing');
      const logs = agentOf(status, 'aks-east', 'ama-logs');
      assert.equal(logs.code, 'PRIVATE_ONLY_BLOCKED');
      const customerId = (law['properties'] as { customerId: string }).customerId;
      assert.match(
        logs.lastError ?? '',
        new RegExp(`^mdsd\\.err: upload to https://${customerId}\\.oms\\.opinsights\\.azure\\.com failed`),
      );
      assert.equal(agentOf(status, 'aks-east', 'ama-metrics').status, 'ok');

      // A link that is Deleting already carries no traffic, but the AMPLS refuses writes (409) until the delete ends.
      for (let i = 0; i < 60; i += 1) {
        const link = await call(emu, 'GET', `${scope.id}/scopedResources/law-connection?${SCOPE_API}`);
        if (link.status === 404) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const relinked = await call(emu, 'PUT', `${scope.id}/scopedResources/law-connection?${SCOPE_API}`, {
        body: { properties: { linkedResourceId: law.id } },
      });
      assert.ok([200, 201, 202].includes(relinked.status), JSON.stringify(relinked.body));
      const fixed = await tickUntil(emu, (s) => agentOf(s, 'aks-east', 'ama-logs').status === 'ok');
      assert.equal(agentOf(fixed, 'aks-east', 'ama-logs').status, 'ok');
    });
  });

  it('zones not linked to the cluster VNet: names resolve to public addresses, the Disabled config DCE refuses', async () => {
    const fleet = healthyFleet();
    patchFirst(fleet, 'privateEndpoints', { dnsZoneLinks: ['vnet-hub'] });
    await withFleet(fleet, async (emu) => {
      const status = emu.tick();
      const weu = status.find((c) => c.clusterName === 'aks-weu');
      assert.equal(weu?.privateLink, undefined, 'not on private link without the zones');
      const logs = agentOf(status, 'aks-weu', 'ama-logs');
      assert.equal(logs.code, 'PUBLIC_ACCESS_DISABLED');
      assert.match(
        logs.lastError ?? '',
        /resolved to public address 203\.0\.113\.\d+; 403 Forbidden: public network access is Disabled/,
      );
      assert.equal(logs.requests[0]?.private, false);
      assert.equal(agentOf(status, 'aks-east', 'ama-logs').status, 'ok');

      const servers = await emu.dnsServers();
      const weuDns = servers.find((s) => s.vnetName === 'vnet-weu');
      const resolver = new Resolver({ timeout: 2000, tries: 1 });
      resolver.setServers([`127.0.0.1:${weuDns?.port ?? 0}`]);
      const [address] = await resolver.resolve4(logs.requests[0]?.host ?? '');
      assert.match(address ?? '', /^203\.0\.113\.\d+$/);
    });
  });

  it('two AMPLS sharing one zone set: the last private endpoint wins, the first AMPLS resolves publicly', async () => {
    const fleet = healthyFleet();
    fleet['privateLinkScopes'] = [
      ...(fleet['privateLinkScopes'] as unknown[]),
      { name: 'ampls-other', ingestionAccessMode: 'Open' },
    ];
    (fleet['virtualNetworks'] as Record<string, unknown>[]).push({
      name: 'vnet-other',
      region: 'eastus',
      addressSpace: ['10.9.0.0/16'],
      subnets: [{ name: 'endpoints', prefix: '10.9.1.0/24' }],
    });
    // Same resource group as the first endpoint's zones: one zone set, written last by pe-other.
    (fleet['privateEndpoints'] as unknown[]).push({
      name: 'pe-other',
      privateLinkScope: 'ampls-other',
      vnet: 'vnet-other',
      subnet: 'endpoints',
    });
    await withFleet(fleet, async (emu) => {
      const status = emu.tick();
      const logs = agentOf(status, 'aks-east', 'ama-logs');
      assert.equal(logs.status, 'failing');
      assert.equal(logs.requests[0]?.private, false, 'the configuration DCE now resolves publicly');
      assert.match(logs.requests[0]?.address ?? '', /^203\.0\.113\./);
      assert.equal(logs.code, 'PUBLIC_ACCESS_DISABLED');

      const servers = await emu.dnsServers();
      const hub = servers.find((s) => s.vnetName === 'vnet-hub');
      const resolver = new Resolver({ timeout: 2000, tries: 1 });
      resolver.setServers([`127.0.0.1:${hub?.port ?? 0}`]);
      const [handler] = await resolver.resolve4('global.handler.control.monitor.azure.com');
      assert.match(handler ?? '', /^10\.9\.1\./, 'the shared record points at the other private endpoint');
    });
  });

  it('DCE public access Disabled and no private path: refused', async () => {
    const fleet = healthyFleet();
    // No VNet at all: the cluster's traffic is public.
    fleet['clusters'] = [privateCluster('aks-east', 'eastus', 'vnet-hub', { network: undefined })];
    patchFirst(fleet, 'privateLinkScopes', { linked: ['amw', 'MSProm-eastus-aks-east'] });
    await withFleet(fleet, async (emu) => {
      const status = emu.tick();
      for (const agent of ['ama-logs', 'ama-metrics'] as const) {
        const verdict = agentOf(status, 'aks-east', agent);
        assert.equal(verdict.code, 'PUBLIC_ACCESS_DISABLED', agent);
        assert.equal(verdict.requests[0]?.step, 'configuration');
      }
      assert.match(agentOf(status, 'aks-east', 'ama-logs').lastError ?? '', /public network access is Disabled/);
    });
  });

  it('firewall egress without the monitoring FQDNs: blocked; with them: ok', async () => {
    const firewall = (allowedFqdns: string[]) => ({
      name: allowedFqdns.length > 1 ? 'aks-open' : 'aks-closed',
      region: 'eastus',
      private: true,
      egress: { firewall: { allowedFqdns } },
      prometheus: { workspace: 'amw' },
      containerInsights: { workspace: 'law' },
    });
    await withFleet(
      {
        subscriptions: [{ name: 'prod' }],
        azureMonitorWorkspaces: [{ name: 'amw', region: 'eastus' }],
        logAnalyticsWorkspaces: [{ name: 'law', region: 'eastus' }],
        clusters: [
          firewall(['login.microsoftonline.com']),
          firewall([
            'login.microsoftonline.com',
            'global.handler.control.monitor.azure.com',
            '*.handler.control.monitor.azure.com',
            '*.ingest.monitor.azure.com',
            '*.ods.opinsights.azure.com',
            '*.oms.opinsights.azure.com',
          ]),
        ],
      },
      async (emu) => {
        const status = emu.tick();
        const closed = agentOf(status, 'aks-closed', 'ama-metrics');
        assert.equal(closed.code, 'FIREWALL_BLOCKED');
        assert.ok(closed.messages.some((m) => m.includes('Azure Firewall: Action: Deny')));
        assert.equal(agentOf(status, 'aks-closed', 'ama-logs').code, 'FIREWALL_BLOCKED');
        assert.equal(agentOf(status, 'aks-open', 'ama-metrics').status, 'ok');
        assert.equal(agentOf(status, 'aks-open', 'ama-logs').status, 'ok');
      },
    );
  });

  it('Arc cluster over VPN: reaches the private endpoint of the VNet it connects to', async () => {
    const fleet = healthyFleet();
    fleet['clusters'] = [
      {
        name: 'arc-site',
        region: 'eastus',
        kind: 'arc',
        network: { vnet: 'vnet-hub' },
        prometheus: { workspace: 'amw' },
        containerInsights: { workspace: 'law' },
      },
    ];
    patchFirst(fleet, 'privateLinkScopes', { linked: ['amw', 'law', 'MSProm-eastus-arc-site'] });
    await withFleet(fleet, async (emu) => {
      // No configuration DCE yet: the handler asks for one.
      assert.equal(agentOf(emu.tick(), 'arc-site', 'ama-logs').code, 'CONFIG_DCE_REQUIRED');
      const cluster = resourceOf(emu, 'Microsoft.Kubernetes/connectedClusters', 'arc-site');
      const amwDce = resourceOf(emu, 'Microsoft.Insights/dataCollectionEndpoints', 'amw');
      await armPut(
        emu,
        `${cluster.id}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?${DATA_COLLECTION_API}`,
        { properties: { dataCollectionEndpointId: amwDce.id } },
      );
      const status = emu.tick();
      assert.equal(agentOf(status, 'arc-site', 'ama-logs').status, 'ok');
      assert.equal(agentOf(status, 'arc-site', 'ama-metrics').status, 'ok');
      assert.equal(status[0]?.kind, 'arc');
      // Azure keeps an on-premises site's VPN on no resource: the cluster carries only the tags its owner gave it.
      assert.deepEqual(cluster['tags'] ?? {}, {});
    });
  });

  it("Arc site's network is the world's own knowledge: kept with --state, read back after a restart", async () => {
    const fleet = healthyFleet();
    fleet['clusters'] = [
      {
        name: 'arc-site',
        region: 'eastus',
        kind: 'arc',
        network: { vnet: 'vnet-hub' },
        prometheus: { workspace: 'amw' },
        containerInsights: { workspace: 'law' },
      },
    ];
    patchFirst(fleet, 'privateLinkScopes', { linked: ['amw', 'law', 'MSProm-eastus-arc-site'] });
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-site-'));
    try {
      const first = await startEmulator({ fleet: expandFleet(fleet), stateDir });
      const cluster = resourceOf(first, 'Microsoft.Kubernetes/connectedClusters', 'arc-site');
      const hub = resourceOf(first, 'Microsoft.Network/virtualNetworks', 'vnet-hub');
      await first.stop();
      const saved = JSON.parse(readFileSync(join(stateDir, 'world.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(saved['siteNetworks'], [{ clusterId: cluster.id, vnetId: hub.id }]);
      const again = await startEmulator({ stateDir });
      try {
        // Only through the hub's private endpoint does the handler ask for a configuration DCE (over the internet it
        // answers): the site still reaches the hub after the restart.
        const arc = again.tick().find((c) => c.clusterName === 'arc-site');
        assert.equal(arc?.agents.find((a) => a.agent === 'ama-logs')?.code, 'CONFIG_DCE_REQUIRED');
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('private endpoint in a VNet the cluster cannot reach: i/o timeout', async () => {
    const fleet = healthyFleet();
    // Zones linked to vnet-weu, but no peering to the endpoint's VNet.
    patchFirst(fleet, 'virtualNetworks', { peerings: [] });
    await withFleet(fleet, async (emu) => {
      const logs = agentOf(emu.tick(), 'aks-weu', 'ama-logs');
      assert.equal(logs.code, 'PRIVATE_ENDPOINT_UNREACHABLE');
      assert.match(logs.lastError ?? '', /dial tcp 10\.0\.1\.\d+:443: i\/o timeout/);
    });
  });
});
