import type { Cluster } from './topology.js';

/**
 * What two tags that Azure does not set say about a cluster's network. This is a known break of the house rule that
 * amplink and the emulator share no convention Azure does not have: the emulator's fleet files write these tags, so on
 * a cluster in Azure neither exists. Issue 16 replaces them (the firewall's rules read from Azure Firewall resources:
 * subnet → route table → firewall → policy; an Arc site's network as an explicit user input). Until then, this is the
 * one place amplink reads them.
 */
export interface FleetNetworkTags {
  /** `connectivity: vpn:<vnet name>` (or `expressroute:<vnet name>`): the VNet an Arc site reaches Azure through. */
  readonly siteVnetName: string | undefined;
  /** `egress-allowed-fqdns: a,*.b`: the FQDNs the cluster's firewall lets through, lower case; undefined: not known. */
  readonly allowedFqdns: readonly string[] | undefined;
}

export function fleetNetworkTagsOf(cluster: Cluster): FleetNetworkTags {
  const tag = (name: string) => Object.entries(cluster.resource.tags).find(([k]) => k.toLowerCase() === name)?.[1];
  const connectivity = tag('connectivity');
  const site = connectivity === undefined ? null : /^(?:vpn|expressroute):(.+)$/i.exec(connectivity.trim());
  const allowed = tag('egress-allowed-fqdns');
  return {
    siteVnetName: site?.[1],
    allowedFqdns:
      allowed === undefined
        ? undefined
        : allowed
            .split(',')
            .map((s) => s.trim().toLowerCase())
            .filter((s) => s.length > 0),
  };
}
