import type { Cluster } from './topology.js';

/**
 * What a tag that Azure does not set says about a cluster's network. This is a known break of the house rule that
 * amplink and the emulator share no convention Azure does not have: the emulator's fleet files write this tag, so on
 * a cluster in Azure it does not exist. Issue 16 replaces it (the firewall's rules read from Azure Firewall resources:
 * subnet → route table → firewall → policy). Until then, this is the one place amplink reads it.
 */
export interface FleetNetworkTags {
  /** `egress-allowed-fqdns: a,*.b`: the FQDNs the cluster's firewall lets through, lower case; undefined: not known. */
  readonly allowedFqdns: readonly string[] | undefined;
}

export function fleetNetworkTagsOf(cluster: Cluster): FleetNetworkTags {
  const tag = (name: string) => Object.entries(cluster.resource.tags).find(([k]) => k.toLowerCase() === name)?.[1];
  const allowed = tag('egress-allowed-fqdns');
  return {
    allowedFqdns:
      allowed === undefined
        ? undefined
        : allowed
            .split(',')
            .map((s) => s.trim().toLowerCase())
            .filter((s) => s.length > 0),
  };
}
