import { hasNoPrivatePath, privatePathOf } from '../model/private-path.js';
import type { Topology } from '../model/topology.js';
import type { ClusterMonitoring } from './analyse-cluster.js';
import type { ConfigurationEndpointPlan } from './configuration-endpoints.js';
import { dceHostsOrPattern, destinationHostSources, type HostSource } from './firewall-hosts.js';
import type { FirewallCluster } from './firewall-rules.js';
import type { SharedIngestion } from './shared-ingestion.js';

/**
 * The selected clusters that route their own egress (AKS `outboundType: userDefinedRouting`), each with the hosts its
 * agents will use once the plan is applied: the configuration DCE the plan gives it, its rules' ingestion DCEs (and
 * the shared DCEs the plan points them at), its workspaces. Pure. The network view is built only when there is one.
 */
export function firewallClusters(input: {
  topology: Topology;
  monitored: readonly ClusterMonitoring[];
  configuration: ConfigurationEndpointPlan;
  shared: SharedIngestion | undefined;
}): FirewallCluster[] {
  const { topology, monitored, configuration, shared } = input;
  const routed = monitored.filter(
    (m) => m.cluster.kind === 'aks' && m.cluster.outboundType?.toLowerCase() === 'userdefinedrouting',
  );
  if (routed.length === 0) return [];
  const kept = new Map(configuration.kept.map((k) => [k.monitoring.cluster.id.key, k.endpoint]));
  const redirected = new Map<string, { endpointId: string; region: string; signal: 'metrics' | 'logs' }[]>();
  for (const redirect of shared?.redirects.values() ?? []) {
    for (const id of redirect.clusterIds) {
      const list = redirected.get(id.toLowerCase()) ?? [];
      list.push({
        endpointId: redirect.target.resource.id,
        region: redirect.target.region,
        signal: redirect.kind === 'prometheus' ? 'metrics' : 'logs',
      });
      redirected.set(id.toLowerCase(), list);
    }
  }
  return routed.map((monitoring) => {
    const { cluster } = monitoring;
    const endpoint = kept.get(cluster.id.key);
    const choice = endpoint === undefined ? configuration.regions.get(cluster.region) : undefined;
    const configurationHosts: HostSource | undefined =
      endpoint !== undefined
        ? { signal: 'both', hosts: dceHostsOrPattern(endpoint, endpoint.region, 'configuration') }
        : choice !== undefined
          ? {
              signal: 'both',
              hosts: dceHostsOrPattern(
                'existing' in choice ? choice.existing : undefined,
                choice.region,
                'configuration',
              ),
            }
          : undefined;
    return {
      cluster,
      privatePath: !hasNoPrivatePath(privatePathOf(topology.network, cluster)),
      configuration: configurationHosts,
      destinations: destinationHostSources(topology, monitoring, redirected.get(cluster.id.key) ?? []),
      collectsMetrics: monitoring.prometheusRules.length > 0,
    };
  });
}
