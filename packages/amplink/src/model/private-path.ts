import { MONITOR_ZONE, type DnsZone, type NetworkView, type VirtualNetwork } from './network.js';
import type { Cluster } from './topology.js';

/**
 * What decides whether a cluster's agents can reach an AMPLS privately at all: the VNet they send from, and whether
 * that VNet resolves the Azure Monitor names through the private zone. Pure. verify builds the route of a cluster on it;
 * the planner asks it whether a new DCE that refused public access would cut a cluster off (AMPL_VERIFY_E0022).
 */
export interface PrivatePath {
  /** The VNet the agents send from, when it is among the resources read. */
  readonly vnet: VirtualNetwork | undefined;
  /** The node subnet's VNet id when that VNet was not read: the route is unknown, not public. */
  readonly unreadVnetId: string | undefined;
  /** The `privatelink.monitor.azure.com` zone linked to that VNet. */
  readonly monitorZone: DnsZone | undefined;
}

export function privatePathOf(net: NetworkView, cluster: Cluster): PrivatePath {
  const vnet = net.clusterVnet(cluster);
  return {
    vnet,
    unreadVnetId: vnet === undefined ? net.clusterVnetId(cluster) : undefined,
    monitorZone: vnet === undefined ? undefined : net.zoneFor(vnet.key, MONITOR_ZONE),
  };
}

/**
 * No private path: no network amplink can see, or one whose Azure Monitor names resolve to public addresses. Such a
 * cluster fetches its configuration over the internet, so a configuration DCE refusing public access cuts it off.
 */
export function hasNoPrivatePath(path: PrivatePath): boolean {
  return path.vnet === undefined ? path.unreadVnetId === undefined : path.monitorZone === undefined;
}
