import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TokenCredential } from '@azure/core-auth';
import { startEmulator, type RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../src/apply/apply.js';
import { discover } from '../src/discover/discover.js';
import { Topology } from '../src/model/topology.js';
import { plan } from '../src/plan/plan.js';
import type { PlanOptions } from '../src/plan/options.js';
import { isDnsBroken } from '../src/verify/probes/dns.js';
import { runLiveProbes } from '../src/verify/probes/live.js';
import { workspaceQueryNames } from '../src/verify/probes/query-hosts.js';
import type { DnsProbe } from '../src/verify/probes/types.js';
import { verify } from '../src/verify/verify.js';
import { connectionTo } from './support/emulator.js';
import { noAmplsOptions } from '../scripts/update-golden.js';

const FLEET = fileURLToPath(new URL('../../../examples/fleet-no-ampls.yaml', import.meta.url));

/** What verify --live --dns-server says of the workspace's query names, through the resolver of one VNet's view. */
async function queryDns(emulator: RunningEmulator, view: string): Promise<DnsProbe[]> {
  const server = (await emulator.dnsServers()).find((s) => s.vnetName === view);
  assert.ok(server, `the emulator has a DNS server for ${view}`);
  const { topology, options } = await world(emulator);
  const live = await runLiveProbes(topology, verify(topology, options), {
    credential: emulator.tokenCredential as TokenCredential,
    ca: emulator.caCertPem,
    armEndpoint: emulator.url,
    timeoutMs: 5000,
    skip: { logs: true },
    dnsServers: [`${server.address}:${server.port}`],
  });
  return live.dns.filter((d) => d.use.startsWith('PromQL queries from Grafana and workbooks'));
}

async function world(emulator: RunningEmulator): Promise<{ topology: Topology; options: PlanOptions }> {
  const topology = new Topology(await discover(connectionTo(emulator), { discovery: 'arm' }));
  return { topology, options: noAmplsOptions(topology) };
}

describe('the network prerequisites, end to end against the emulator (issue 16 "Done when")', () => {
  test('no AMPLS -> one plan + apply -> every cluster sends privately, the workspace answers -> the next plan is empty', async () => {
    const emulator = await startEmulator({ fleet: FLEET, lroDelayMs: 5, lroRetryAfterSeconds: 0 });
    try {
      const first = await world(emulator);
      // No workspace endpoint yet: no name serves its queries privately (the emulator's query endpoint is its own URL).
      for (const key of first.topology.monitorWorkspaces.keys())
        assert.deepEqual(workspaceQueryNames(first.topology, key, 'monitor.azure.com'), []);
      const planned = plan(first.topology, first.options);
      assert.equal(planned.summary.status, 'changes', JSON.stringify(planned.findings));
      const types = planned.actions.map((a) => a.resourceType);
      assert.equal(types[0], 'Microsoft.Insights/privateLinkScopes');
      assert.equal(types.filter((t) => t === 'Microsoft.Network/privateEndpoints').length, 2);
      assert.equal(types.filter((t) => t === 'Microsoft.Network/privateDnsZones').length, 6);
      // Five AMPLS zones to two VNets, the workspace's query zone to the hub.
      assert.equal(types.filter((t) => t === 'Microsoft.Network/privateDnsZones/virtualNetworkLinks').length, 11);
      assert.equal(types.filter((t) => t === 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups').length, 2);

      const applied = await applyPlan(connectionTo(emulator), planned);
      assert.equal(applied.summary.failed, 0, JSON.stringify(applied.outcomes.filter((o) => o.error)));
      assert.equal(applied.summary.notTried, 0);

      emulator.tick();
      const after = await world(emulator);
      const result = verify(after.topology, after.options);
      const live = await runLiveProbes(after.topology, result, {
        credential: emulator.tokenCredential as TokenCredential,
        ca: emulator.caCertPem,
        armEndpoint: emulator.url,
        timeoutMs: 5000,
        skip: { dns: true },
      });
      assert.equal(live.clusters.length, 2);
      for (const c of live.clusters) {
        assert.equal(c.metrics.status, 'pass', `${c.name}: ${c.metrics.detail}`);
        assert.equal(c.logs.status, 'pass', `${c.name}: ${c.logs.detail}`);
      }
      for (const c of result.clusters) assert.equal(c.route, 'private', `${c.name}: ${JSON.stringify(c.reasons)}`);

      // The workspace's query host resolves to its endpoint in the hub, where its query zone is linked; the internet,
      // and the spoke (the query zone is linked to the hub only), get a public address.
      const [hub] = await queryDns(emulator, 'vnet-hub');
      assert.ok(hub, 'verify resolves the workspace query host');
      assert.match(hub.host, /^amw-[a-z0-9]+\.eastus\.prometheus\.monitor\.azure\.com$/);
      assert.equal(hub.status, 'private', hub.detail);
      assert.match(hub.addresses[0] ?? '', /^10\.0\.1\./);
      const [internet] = await queryDns(emulator, 'internet');
      assert.equal(internet?.status, 'public', internet?.detail);
      const [spoke] = await queryDns(emulator, 'vnet-spoke');
      assert.equal(spoke?.host, hub.host);
      assert.equal(spoke.status, 'public', spoke.detail);
      assert.ok(isDnsBroken(spoke), 'the workspace has a private endpoint: a public answer means queries miss it');

      const again = plan(after.topology, after.options);
      assert.deepEqual(again.actions, []);
      assert.equal(again.summary.status, 'converged');
    } finally {
      await emulator.stop();
    }
  });
});
