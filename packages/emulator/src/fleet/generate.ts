// Large fleets for benchmarks: N clusters over R regions and S subscriptions, reproducible from a seed.

import type { FleetDocument } from './schema.js';

/**
 * Azure public cloud region names (the `name` field of `GET /subscriptions/{id}/locations`, as `az account
 * list-locations` prints them; Microsoft Learn "Azure regions" list). Physical regions only, most used first.
 */
export const AZURE_REGIONS = [
  'eastus',
  'westeurope',
  'westus2',
  'southeastasia',
  'northeurope',
  'eastus2',
  'uksouth',
  'centralus',
  'australiaeast',
  'japaneast',
  'francecentral',
  'germanywestcentral',
  'canadacentral',
  'swedencentral',
  'switzerlandnorth',
  'westus3',
  'southcentralus',
  'northcentralus',
  'westus',
  'westcentralus',
  'centralindia',
  'southindia',
  'westindia',
  'koreacentral',
  'koreasouth',
  'japanwest',
  'eastasia',
  'australiasoutheast',
  'australiacentral',
  'australiacentral2',
  'brazilsouth',
  'brazilsoutheast',
  'canadaeast',
  'ukwest',
  'francesouth',
  'germanynorth',
  'norwayeast',
  'norwaywest',
  'switzerlandwest',
  'swedensouth',
  'polandcentral',
  'italynorth',
  'spaincentral',
  'uaenorth',
  'uaecentral',
  'qatarcentral',
  'israelcentral',
  'southafricanorth',
  'southafricawest',
  'mexicocentral',
  'jioindiawest',
  'jioindiacentral',
  'newzealandnorth',
  'indonesiacentral',
  'malaysiawest',
  'chilecentral',
  'austriaeast',
  'belgiumcentral',
  'denmarkeast',
  'taiwannorth',
] as const;

export interface GenerateFleetOptions {
  /** Number of clusters. */
  clusters: number;
  /** Number of regions used (at most AZURE_REGIONS.length); workspaces sit in the first ones. */
  regions: number;
  /** Number of subscriptions the clusters are spread over. */
  subscriptions: number;
  /** Number of Azure Monitor / Log Analytics workspace pairs (default 1). */
  workspaces?: number;
  /** Seed for the choices that vary per cluster (private, Arc, high log scale); default 1. */
  seed?: number;
}

/** mulberry32: a small, well-known PRNG; enough to vary clusters reproducibly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function positiveInteger(value: number, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`generateFleet: ${what} must be an integer from 1 to ${max}; got ${value}`);
  }
  return value;
}

/** A fleet document (what a fleet YAML parses to) with clusters spread round-robin over regions and subscriptions. */
export function generateFleet(options: GenerateFleetOptions): FleetDocument {
  const clusterCount = positiveInteger(options.clusters, 'clusters', 1_000_000);
  const regionCount = positiveInteger(options.regions, 'regions', AZURE_REGIONS.length);
  const subscriptionCount = positiveInteger(options.subscriptions, 'subscriptions', 10_000);
  const workspaceCount = positiveInteger(options.workspaces ?? 1, 'workspaces', regionCount);
  const next = random(options.seed ?? 1);
  const regions = AZURE_REGIONS.slice(0, regionCount);
  const subscriptions = Array.from({ length: subscriptionCount }, (_, i) => ({ name: `sub-${i + 1}` }));
  const workspaceRegions = regions.slice(0, workspaceCount);
  const hubRegion = regions[0] ?? 'eastus';

  const clusters: NonNullable<FleetDocument['clusters']> = [];
  for (let i = 0; i < clusterCount; i += 1) {
    const region = regions[i % regionCount] ?? hubRegion;
    const workspace = i % workspaceCount;
    const roll = next();
    const arc = roll < 0.05;
    const privateCluster = !arc && roll < 0.15;
    clusters.push({
      name: `${arc ? 'arc' : 'aks'}-${region}-${i + 1}`,
      region,
      subscription: subscriptions[i % subscriptionCount]?.name ?? 'sub-1',
      ...(arc ? { kind: 'arc' as const } : {}),
      ...(privateCluster
        ? { private: true, egress: { firewall: { allowedFqdns: ['*.ingest.monitor.azure.com'] } } }
        : {}),
      prometheus: { workspace: `amw-${workspace + 1}` },
      containerInsights: { workspace: `law-${workspace + 1}`, highLogScale: next() < 0.1 },
    });
  }

  return {
    tenant: `generated-${options.seed ?? 1}`,
    subscriptions,
    defaults: { subscription: 'sub-1', resourceGroup: 'rg-monitoring' },
    azureMonitorWorkspaces: workspaceRegions.map((region, i) => ({ name: `amw-${i + 1}`, region })),
    logAnalyticsWorkspaces: workspaceRegions.map((region, i) => ({ name: `law-${i + 1}`, region })),
    privateLinkScopes: [{ name: 'ampls-1', ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'Open' }],
    virtualNetworks: [
      {
        name: 'vnet-hub',
        region: hubRegion,
        addressSpace: ['10.0.0.0/16'],
        subnets: [{ name: 'endpoints', prefix: '10.0.1.0/24' }],
      },
    ],
    privateEndpoints: [{ name: 'pe-ampls-1', privateLinkScope: 'ampls-1', vnet: 'vnet-hub', subnet: 'endpoints' }],
    clusters,
  };
}
