import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { expandFleet, generateFleet, startEmulator, type FleetDocument } from 'amplink-emulator';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { Topology } from '../src/model/topology.js';
import type { VerifyResult } from '../src/verify/types.js';
import { verify } from '../src/verify/verify.js';
import { simulateApply } from './support/simulate.js';

type Json = Record<string, unknown>;

/** Where a cluster's nodes are: each choice is a way private link works or fails. */
const NETWORKS = [
  'none', // no network amplink can see: public (W0012)
  'hub', // beside the private endpoint
  'peered', // a spoke peered with the hub, zones linked
  'no-dns', // a spoke peered with the hub, zones not linked: public names (E0014)
  'island', // a spoke with the zones linked but not peered: misrouted (E0011)
] as const;

interface Faults {
  seed: number;
  clusters: number;
  privateOnly: boolean;
  lawIngestion: 'Enabled' | 'Disabled';
  /** Share of clusters enabled with `--ampls-resource-id` (configuration DCE and links already there). */
  enabledShare: number;
  networks: (typeof NETWORKS)[number][];
}

/** The emulator's generated fleet, with networks, DNS, access modes and half-done set-ups mixed in. */
function faultyFleet(faults: Faults): FleetDocument {
  const fleet = generateFleet({ clusters: faults.clusters, regions: 4, subscriptions: 2, seed: faults.seed });
  const network = (i: number) => faults.networks[i % faults.networks.length] ?? 'none';
  return {
    ...fleet,
    logAnalyticsWorkspaces: (fleet.logAnalyticsWorkspaces ?? []).map((w) => ({
      ...w,
      publicNetworkAccess: { ingestion: faults.lawIngestion, query: 'Enabled' },
    })),
    privateLinkScopes: [{ name: 'ampls-1', ingestionAccessMode: faults.privateOnly ? 'PrivateOnly' : 'Open' }],
    virtualNetworks: [
      {
        name: 'vnet-hub',
        region: 'eastus',
        addressSpace: ['10.0.0.0/16'],
        subnets: [
          { name: 'endpoints', prefix: '10.0.1.0/24' },
          { name: 'aks', prefix: '10.0.16.0/20' },
        ],
        peerings: ['vnet-peered', 'vnet-no-dns'],
      },
      {
        name: 'vnet-peered',
        region: 'eastus',
        addressSpace: ['10.1.0.0/16'],
        subnets: [{ name: 'aks', prefix: '10.1.0.0/20' }],
      },
      {
        name: 'vnet-no-dns',
        region: 'eastus',
        addressSpace: ['10.2.0.0/16'],
        subnets: [{ name: 'aks', prefix: '10.2.0.0/20' }],
      },
      {
        name: 'vnet-island',
        region: 'eastus',
        addressSpace: ['10.3.0.0/16'],
        subnets: [{ name: 'aks', prefix: '10.3.0.0/20' }],
      },
    ],
    privateEndpoints: [
      {
        name: 'pe-ampls-1',
        privateLinkScope: 'ampls-1',
        vnet: 'vnet-hub',
        subnet: 'endpoints',
        dnsZoneLinks: ['vnet-hub', 'vnet-peered', 'vnet-island'],
      },
    ],
    clusters: (fleet.clusters ?? []).map((c, i) => {
      const where = network(i);
      const logsOff = i % 13 === 5;
      // az aks enable-addons --ampls-resource-id takes only private AKS clusters with Container insights.
      const enabled = c.private === true && !logsOff && (i * 7919) % 100 < faults.enabledShare * 100;
      return {
        ...c,
        ...(where !== 'none' && { network: { vnet: `vnet-${where}`, subnet: 'aks' } }),
        ...(enabled && { privateLinkScope: 'ampls-1' }),
        ...(i % 11 === 3 && { prometheus: 'off' as const }),
        ...(logsOff && { containerInsights: 'off' as const }),
      };
    }),
  };
}

/** The table and the findings say the same thing of every cluster; fixes and clusters are listed once. */
function assertAgree(result: VerifyResult, label: string): { broken: number; ok: number } {
  const errorsByCluster = new Map<string, Set<string>>();
  for (const finding of result.findings) {
    assert.equal(new Set(finding.fixActions).size, finding.fixActions.length, `${label}: ${finding.code} fixes once`);
    assert.equal(new Set(finding.clusters).size, finding.clusters.length, `${label}: ${finding.code} clusters once`);
    if (finding.severity !== 'error') continue;
    for (const id of finding.clusters) {
      const codes = errorsByCluster.get(id) ?? new Set<string>();
      codes.add(finding.code);
      errorsByCluster.set(id, codes);
    }
  }
  let broken = 0;
  let ok = 0;
  for (const c of result.clusters) {
    const errors = errorsByCluster.get(c.id) ?? new Set<string>();
    const isBroken = c.metrics === 'broken' || c.logs === 'broken';
    if (isBroken) {
      broken += 1;
      assert.ok(
        errors.size > 0,
        `${label}: ${c.name} is broken (${c.metrics} ${c.logs}) but no error finding names it`,
      );
    } else {
      if (c.metrics === 'ok' && c.logs === 'ok') ok += 1;
      assert.deepEqual(
        [...errors],
        [],
        `${label}: ${c.name} shows ${c.metrics} ${c.logs} (route ${c.route}) yet error findings name it`,
      );
    }
    // Each error reason in the table is an error finding about the cluster.
    for (const reason of c.reasons) {
      if (!/^AMPL_VERIFY_E/.test(reason.code)) continue;
      assert.ok(errors.has(reason.code), `${label}: ${c.name} shows ${reason.code} but no such error finding names it`);
    }
  }
  return { broken, ok };
}

async function resourcesOf(fleet: FleetDocument): Promise<Json[]> {
  const emulator = await startEmulator({ fleet: expandFleet(fleet) });
  try {
    return emulator.snapshot().value as Json[];
  } finally {
    await emulator.stop();
  }
}

function topologyOf(resources: readonly Json[]): Topology {
  return new Topology(parseSnapshot(JSON.stringify({ value: resources })));
}

test('verify: on generated fleets with mixed faults, the table and the error findings agree for every cluster, before and after apply', async () => {
  const seen = { broken: 0, ok: 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        seed: fc.integer({ min: 1, max: 1_000_000 }),
        clusters: fc.integer({ min: 200, max: 300 }),
        privateOnly: fc.boolean(),
        lawIngestion: fc.constantFrom('Enabled' as const, 'Disabled' as const),
        enabledShare: fc.constantFrom(0, 0.5),
        networks: fc.array(fc.constantFrom(...NETWORKS), { minLength: 3, maxLength: 7 }),
      }),
      async (faults) => {
        const resources = await resourcesOf(faultyFleet(faults));
        const topology = topologyOf(resources);
        const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
        const before = verify(topology, { amplsId });
        assert.ok(before.clusters.length >= 200);
        const b = assertAgree(before, 'before');
        const after = verify(topologyOf(simulateApply(resources, before.plan)), { amplsId });
        const a = assertAgree(after, 'after');
        seen.broken += b.broken + a.broken;
        seen.ok += b.ok + a.ok;
      },
    ),
    { numRuns: 4, seed: 20261206 },
  );
  // The fleets hold both kinds, so the property is not vacuous.
  assert.ok(seen.broken > 0 && seen.ok > 0, JSON.stringify(seen));
});

test('verify: the issue 10 fleet (1,000 generated clusters) names no ok cluster in an error finding', async () => {
  const resources = await resourcesOf(generateFleet({ clusters: 1000, regions: 20, subscriptions: 4 }));
  const topology = topologyOf(resources);
  const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
  const result = verify(topology, { amplsId });
  const { broken, ok } = assertAgree(result, '1,000 clusters');
  assert.equal(broken + ok, 1000);
  // Clusters with no network send over the internet: what they lack for private link is a warning about them.
  assert.ok(result.findings.some((f) => f.code === 'AMPL_VERIFY_W0001' && f.severity === 'warning'));
});
