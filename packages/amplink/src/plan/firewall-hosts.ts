import { idKey } from '../model/resource-id.js';
import type { DataCollectionEndpoint, Topology } from '../model/topology.js';
import type { ClusterMonitoring } from './analyse-cluster.js';

/**
 * The host names a cluster's agents reach through its firewall (DOMAIN.md rule 5), one list for verify (which
 * judges them against the firewall's rules) and the planner (which allows them with --firewall-rules). Pure.
 */

/** Where the agents get their tokens: over private link too, Microsoft Entra ID is reached over the internet. */
export const LOGIN_HOST = 'login.microsoftonline.com';
/** Where agents without a configuration DCE fetch their configuration. */
export const GLOBAL_HANDLER = 'global.handler.control.monitor.azure.com';

export type HostSignal = 'metrics' | 'logs' | 'both';

/** Hosts the agents use for one resource, and for which signal. */
export interface HostSource {
  readonly signal: HostSignal;
  readonly hosts: readonly string[];
}

export interface NeededHost {
  readonly host: string;
  readonly signal: HostSignal;
}

/** The host names of a DCE's endpoints (`configurationAccess`, `metricsIngestion`, `logsIngestion`). */
export function endpointHosts(properties: Readonly<Record<string, unknown>>, keys: readonly string[]): string[] {
  const hosts: string[] = [];
  for (const key of keys) {
    const url = (properties[key] as { endpoint?: unknown } | undefined)?.endpoint;
    if (typeof url !== 'string') continue;
    try {
      hosts.push(new URL(url).hostname.toLowerCase());
    } catch {
      // not a URL: nothing to check
    }
  }
  return hosts;
}

/**
 * A DCE's hosts, in their region-specific form `<name>-<4 chars>.<region>-1.<kind>.monitor.azure.com` (DOMAIN.md
 * DCE). A DCE not made yet (or that shows no endpoints) has its suffix of kind and region: `*.<region>-1.<kind>...`.
 */
export function dceHostsOrPattern(
  endpoint: DataCollectionEndpoint | undefined,
  region: string,
  kind: 'configuration' | 'ingestion',
): string[] {
  const keys = kind === 'configuration' ? ['configurationAccess'] : ['metricsIngestion', 'logsIngestion'];
  const hosts = endpoint === undefined ? [] : endpointHosts(endpoint.resource.properties, keys);
  if (hosts.length > 0) return hosts;
  return kind === 'configuration'
    ? [`*.${region}-1.handler.control.monitor.azure.com`]
    : [`*.${region}-1.ingest.monitor.azure.com`, `*.${region}-1.metrics.ingest.monitor.azure.com`];
}

/** The Log Analytics workspace hosts the agents send to: `<workspace id>.ods.` and `.oms.opinsights.azure.com`. */
export function workspaceHosts(customerId: unknown, name: string): string[] {
  const ws = (typeof customerId === 'string' ? customerId : name).toLowerCase();
  return [`${ws}.ods.opinsights.azure.com`, `${ws}.oms.opinsights.azure.com`];
}

/**
 * Where a cluster's rules send through (rules 2, 3, 4): their DCEs' ingestion hosts, the Azure Monitor workspace's
 * default DCE, the Log Analytics workspaces. `extraEndpoints`: DCEs the plan points rules at (shared ingestion).
 */
export function destinationHostSources(
  topology: Topology,
  monitoring: ClusterMonitoring,
  extraEndpoints: readonly { endpointId: string; region: string; signal: HostSignal }[] = [],
): HostSource[] {
  const sources: HostSource[] = [];
  const dce = (id: string, signal: HostSignal) => {
    const endpoint = topology.endpoints.get(idKey(id));
    if (endpoint) sources.push({ signal, hosts: dceHostsOrPattern(endpoint, endpoint.region, 'ingestion') });
  };
  for (const rule of monitoring.prometheusRules) {
    if (rule.endpointId) dce(rule.endpointId, 'metrics');
    for (const accountId of rule.monitoringAccountIds) {
      const workspace = topology.monitorWorkspaces.get(idKey(accountId));
      if (workspace?.defaultEndpointId !== undefined) dce(workspace.defaultEndpointId, 'metrics');
    }
  }
  for (const rule of monitoring.containerInsightsRules) {
    for (const workspaceId of rule.logAnalyticsWorkspaceIds) {
      const workspace = topology.logAnalyticsWorkspaces.get(idKey(workspaceId));
      if (workspace === undefined) continue;
      sources.push({
        signal: 'logs',
        hosts: workspaceHosts(workspace.resource.properties['customerId'], workspace.resource.name),
      });
    }
    if (rule.endpointId) dce(rule.endpointId, 'logs');
  }
  for (const extra of extraEndpoints) {
    const endpoint = topology.endpoints.get(idKey(extra.endpointId));
    sources.push({ signal: extra.signal, hosts: dceHostsOrPattern(endpoint, extra.region, 'ingestion') });
  }
  return sources;
}

/**
 * What must pass the firewall: with a private path to the AMPLS only the sign-in (the rest reaches the private
 * endpoint over the VNet's own routes); without one, the public set of rule 5: sign-in, the configuration DCE's
 * handler (or the global handler when there is none), and every ingestion host. Metrics hosts only when the cluster
 * collects metrics. Each host once, in the order given.
 */
export function firewallHosts(input: {
  privatePath: boolean;
  configuration: HostSource | undefined;
  destinations: readonly HostSource[];
  collectsMetrics: boolean;
}): NeededHost[] {
  const needed: NeededHost[] = [{ host: LOGIN_HOST, signal: 'both' }];
  if (!input.privatePath) {
    const config = input.configuration;
    if (config === undefined || config.hosts.length === 0) needed.push({ host: GLOBAL_HANDLER, signal: 'both' });
    for (const source of [...(config ? [config] : []), ...input.destinations]) {
      for (const host of source.hosts) needed.push({ host: host.toLowerCase(), signal: source.signal });
    }
  }
  const seen = new Set<string>();
  return needed.filter((n) => {
    if (!input.collectsMetrics && n.signal === 'metrics') return false;
    if (seen.has(n.host)) return false;
    seen.add(n.host);
    return true;
  });
}
