import { idKey } from '../../model/resource-id.js';
import { RESOURCE_TYPES } from '../../model/resources.js';
import type { Topology } from '../../model/topology.js';
import { GROUP_ID } from '../../plan/prerequisite-actions.js';
import type { DnsName } from './types.js';

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The names Grafana and workbooks resolve to query an Azure Monitor workspace: the host of its
 * `metrics.prometheusQueryEndpoint` when it is a name of the cloud's Prometheus domain, and the names its approved
 * `prometheusMetrics` private endpoints serve (their `customDnsConfigs`, as Azure fills them). A private answer is
 * expected only when the workspace shows such a connection (DOMAIN.md "Private endpoint": querying privately needs the
 * workspace's own endpoint, zone `privatelink.<region>.prometheus.<monitor suffix>`); without one, public is right.
 */
export function workspaceQueryNames(
  topology: Topology,
  workspaceKey: string,
  monitorSuffix: string | undefined,
): DnsName[] {
  const workspace = topology.monitorWorkspaces.get(workspaceKey);
  if (workspace === undefined) return [];
  const properties = workspace.resource.properties as Json;
  const name = workspace.resource.name;
  const endpointKeys = list(properties['privateEndpointConnections'])
    .map((c) => record(record(c)['properties']))
    .filter((p) => list(p['groupIds']).some((g) => String(g).toLowerCase() === GROUP_ID.workspace.toLowerCase()))
    .filter((p) => text(record(p['privateLinkServiceConnectionState'])['status']) === 'Approved')
    .map((p) => text(record(p['privateEndpoint'])['id']))
    .filter((id): id is string => id !== undefined)
    .map(idKey);
  const hosts = new Set<string>();
  const queryHost = hostOf(text(record(properties['metrics'])['prometheusQueryEndpoint']));
  if (queryHost !== undefined && monitorSuffix !== undefined && queryHost.endsWith(`.prometheus.${monitorSuffix}`))
    hosts.add(queryHost);
  for (const key of endpointKeys) {
    const endpoint = topology.byKey.get(key);
    if (endpoint === undefined || endpoint.type.toLowerCase() !== RESOURCE_TYPES.privateEndpoint.toLowerCase())
      continue;
    for (const config of list(record(endpoint.properties)['customDnsConfigs'])) {
      const fqdn = text(record(config)['fqdn'])?.toLowerCase();
      if (fqdn !== undefined) hosts.add(fqdn);
    }
  }
  const use = `PromQL queries from Grafana and workbooks to Azure Monitor workspace ${name}`;
  return [...hosts].map((host) => ({
    host,
    use,
    ...(endpointKeys.length === 0 && {
      publicExpected: `${name} has no approved private endpoint (group ${GROUP_ID.workspace}), so it is queried publicly`,
    }),
  }));
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
