import {
  AMPLS_DNS_ZONES,
  MONITOR_ZONE,
  type DnsZone,
  type NetworkView,
  type PrivateEndpoint,
  type VirtualNetwork,
} from './network.js';
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

/** What a VNet lacks to reach an AMPLS privately: a private endpoint it can reach, and the zones linked to it. */
export interface VnetReach {
  /** The AMPLS's approved private endpoints in this VNet or a peered one. */
  readonly reachableEndpoints: readonly PrivateEndpoint[];
  /** Zones of AMPLS_DNS_ZONES that exist nowhere. */
  readonly missingZones: readonly string[];
  /** Zones that exist but are not linked to this VNet. */
  readonly unlinkedZones: readonly string[];
}

/**
 * The network checks a VNet passes or fails for an AMPLS, whoever sends from it: a cluster's nodes (verify's routes), or
 * an on-premises site's remote write (rule 6).
 */
export function vnetReach(net: NetworkView, approved: readonly PrivateEndpoint[], vnet: VirtualNetwork): VnetReach {
  const missingZones = AMPLS_DNS_ZONES.filter((z) => (net.zonesByName.get(z) ?? []).length === 0);
  return {
    reachableEndpoints: approved.filter((pe) => pe.vnetKey !== undefined && net.reachable(vnet.key, pe.vnetKey)),
    missingZones,
    unlinkedZones: AMPLS_DNS_ZONES.filter((z) => !missingZones.includes(z) && net.zoneFor(vnet.key, z) === undefined),
  };
}
