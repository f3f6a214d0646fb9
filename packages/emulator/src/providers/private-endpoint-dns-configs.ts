// A private endpoint's customDnsConfigs: every name its network interface answers for, each with the address the
// endpoint took for it in its subnet, as Azure fills them for group `azuremonitor` (azure-cli recording
// test_monitor_private_link_scope_scenario: the global Azure Monitor names, and per linked Log Analytics workspace
// `<customerId>.oms/.ods.opinsights.azure.com` and `<customerId>.agentsvc.azure-automation.net`, addresses from .4 on;
// data collection endpoints add their three hosts, DOMAIN.md "Checking that data arrives"); for group
// `prometheusMetrics`, the Azure Monitor workspace's query host (DOMAIN.md "Private endpoint").
import { idKey } from '../arm/ids.js';
import { addressInPrefix } from '../arm/ipv4.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { prometheusQueryZone } from '../arm/private-link-dns.js';
import { asObject, asString, stableSuffix } from './base.js';
import type { ProviderContext } from './types.js';
import type { ArmResource, Json } from '../store/store.js';

const T = RESOURCE_TYPES;

/** Names an AMPLS endpoint serves whatever is linked (the shared Azure Monitor and Application Insights hosts). */
const GLOBAL_NAMES = [
  'api.monitor.azure.com',
  'global.in.ai.monitor.azure.com',
  'profiler.monitor.azure.com',
  'live.monitor.azure.com',
  'diagservices-query.monitor.azure.com',
  'snapshot.monitor.azure.com',
  'global.handler.control.monitor.azure.com',
  'scadvisorcontentpl.blob.core.windows.net',
];

const WORKSPACE_SUFFIXES = ['oms.opinsights.azure.com', 'ods.opinsights.azure.com', 'agentsvc.azure-automation.net'];

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The A record an Azure Monitor workspace's query host gets in its region's query zone, and the host itself
 * (`<name>-<suffix>.<region>.prometheus.monitor.azure.com`: the form Azure gives `metrics.prometheusQueryEndpoint`).
 */
export function workspaceQueryRecord(account: ArmResource): { zone: string; record: string; fqdn: string } {
  const region = (asString(account['location']) ?? '').toLowerCase().replace(/\s+/g, '');
  const zone = prometheusQueryZone(region);
  const record = `${asString(account['name']) ?? ''}-${stableSuffix(account.id.toLowerCase(), 4)}`.toLowerCase();
  return { zone, record, fqdn: `${record}.${zone.slice('privatelink.'.length)}` };
}

/** The names the AMPLS's finished links add: a workspace's three hosts, a data collection endpoint's three. */
function linkedNames(ctx: ProviderContext, scope: ArmResource): string[] {
  const names: string[] = [];
  for (const link of ctx.store.childrenOf(scope.id, T.scopedResource.type)) {
    const p = asObject(link['properties']);
    if ((asString(p['provisioningState']) ?? 'Succeeded') !== 'Succeeded') continue;
    const linked = ctx.store.get(asString(p['linkedResourceId']) ?? '');
    if (!linked) continue;
    const lp = asObject(linked['properties']);
    if (idKey(linked.type) === idKey(T.logAnalyticsWorkspace.type)) {
      const customerId = asString(lp['customerId'])?.toLowerCase();
      if (customerId !== undefined) names.push(...WORKSPACE_SUFFIXES.map((s) => `${customerId}.${s}`));
    } else if (idKey(linked.type) === idKey(T.dataCollectionEndpoint.type)) {
      for (const key of ['configurationAccess', 'logsIngestion', 'metricsIngestion']) {
        const host = hostOf(asString(asObject(lp[key])['endpoint']));
        if (host !== undefined) names.push(host);
      }
    }
  }
  return names;
}

/** customDnsConfigs of an endpoint with an approved connection to an AMPLS or a workspace; [] for anything else. */
export function customDnsConfigs(ctx: ProviderContext, endpoint: ArmResource): Json[] {
  const p = asObject(endpoint['properties']);
  const subnet = ctx.store.get(asString(asObject(p['subnet'])['id']) ?? '');
  const sp = asObject(subnet?.['properties']);
  const prefix = asString(sp['addressPrefix']) ?? asString((sp['addressPrefixes'] as Json[] | undefined)?.[0]);
  if (prefix === undefined) return [];
  const names: string[] = [];
  for (const list of ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections']) {
    for (const item of Array.isArray(p[list]) ? p[list] : []) {
      const c = asObject(asObject(item)['properties']);
      if (asString(asObject(c['privateLinkServiceConnectionState'])['status']) !== 'Approved') continue;
      const target = ctx.store.get(asString(c['privateLinkServiceId']) ?? '');
      if (!target) continue;
      if (idKey(target.type) === idKey(T.privateLinkScope.type))
        names.push(...GLOBAL_NAMES, ...linkedNames(ctx, target));
      if (idKey(target.type) === idKey(T.monitorAccount.type)) names.push(workspaceQueryRecord(target).fqdn);
    }
  }
  const unique = [...new Set(names)];
  const out: Json[] = [];
  unique.forEach((fqdn, i) => {
    // Azure keeps .0 to .3 of a subnet for itself, so an endpoint's addresses start at .4.
    const address = addressInPrefix(prefix, 4 + i);
    if (address !== undefined) out.push({ fqdn, ipAddresses: [address] });
  });
  return out;
}
