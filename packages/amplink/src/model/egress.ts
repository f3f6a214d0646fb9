import { FirewallRules, type PolicyRules } from './firewall-rules.js';
import type { NetworkView } from './network.js';
import { idKey } from './resource-id.js';
import type {
  ArmResource,
  AzureFirewallProperties,
  FirewallPolicyProperties,
  RouteTableProperties,
} from './resources.js';
import type { Cluster } from './topology.js';

/**
 * Where an AKS cluster's internet-bound traffic goes, followed the way Azure routes it: the cluster
 * (`networkProfile.outboundType: userDefinedRouting`) → its node subnet (the agent pool's `vnetSubnetID`) → the
 * subnet's route table → the route for 0.0.0.0/0 → the Azure Firewall whose private IP is that route's next hop → the
 * firewall's policy (and its base policy) → their rule collection groups. Pure. verify judges egress on it and the
 * planner writes the rule collection group from it (plan/firewall-rules.ts), so both see the same firewall.
 */
export type EgressPath =
  /** Not through a firewall amplink has to judge: no user-defined routing, or the default route goes to Internet. */
  | { readonly kind: 'direct' }
  /** A link of the chain cannot be read: whatever the firewall does is not known. */
  | { readonly kind: 'unknown'; readonly why: string }
  | {
      readonly kind: 'firewall';
      readonly firewall: ArmResource;
      /** The firewall's own policy, where amplink's rule collection group goes. */
      readonly policy: ArmResource;
      readonly rules: FirewallRules;
      readonly subnetId: string;
      /** The node subnet's prefixes: the source addresses the firewall sees. */
      readonly sourcePrefixes: readonly string[];
      readonly routeTable: ArmResource;
    };

/** The egress resources of a world, indexed once per network view. */
class EgressIndex {
  readonly routeTables = new Map<string, ArmResource>();
  /**
   * Firewalls by private address, each with the VNet its AzureFirewallSubnet is in: private addresses repeat across
   * VNets (every VNet AKS makes is 10.224.0.0/12), so a next hop names a firewall only within the VNets the node
   * VNet reaches. A hub firewall (virtual WAN) has no VNet of ours: `undefined`, matched by address alone.
   */
  readonly firewallsByAddress = new Map<string, { firewall: ArmResource; vnetKey: string | undefined }[]>();
  readonly policies = new Map<string, ArmResource>();
  readonly groupsByPolicy = new Map<string, ArmResource[]>();
  private readonly rules = new Map<string, FirewallRules | string>();

  constructor(net: NetworkView) {
    const { routeTables, firewalls, firewallPolicies, ruleCollectionGroups } = net.egressResources;
    for (const table of routeTables) this.routeTables.set(table.key, table);
    for (const firewall of firewalls) {
      const properties = firewall.properties as AzureFirewallProperties;
      const add = (address: string | null | undefined, vnetKey: string | undefined) => {
        if (!address) return;
        const list = this.firewallsByAddress.get(address) ?? [];
        list.push({ firewall, vnetKey });
        this.firewallsByAddress.set(address, list);
      };
      for (const configuration of properties.ipConfigurations ?? []) {
        const subnetId = configuration.properties?.subnet?.id;
        add(
          configuration.properties?.privateIPAddress,
          subnetId ? idKey(subnetId.replace(/\/subnets\/[^/]+\/?$/i, '')) : undefined,
        );
      }
      add(properties.hubIPAddresses?.privateIPAddress, undefined);
    }
    for (const policy of firewallPolicies) this.policies.set(policy.key, policy);
    for (const group of ruleCollectionGroups) {
      const policyKey = idKey(group.id.replace(/\/ruleCollectionGroups\/[^/]+$/i, ''));
      const list = this.groupsByPolicy.get(policyKey) ?? [];
      list.push(group);
      this.groupsByPolicy.set(policyKey, list);
    }
  }

  /** A policy's rules with its base policies', or why they cannot be read. */
  rulesOf(policy: ArmResource): FirewallRules | string {
    const cached = this.rules.get(policy.key);
    if (cached !== undefined) return cached;
    const chain: PolicyRules[] = [];
    let current: ArmResource | undefined = policy;
    let result: FirewallRules | string | undefined;
    const seen = new Set<string>();
    while (current !== undefined && result === undefined) {
      if (seen.has(current.key)) {
        result = `policy ${current.name} is its own base policy`;
        break;
      }
      seen.add(current.key);
      const groups = this.groupsByPolicy.get(current.key) ?? [];
      const listed = ((current.properties['ruleCollectionGroups'] as { id?: unknown }[] | undefined) ?? [])
        .map((r) => (typeof r.id === 'string' ? idKey(r.id) : undefined))
        .filter((k): k is string => k !== undefined);
      const unread = listed.filter((k) => !groups.some((g) => g.key === k));
      if (unread.length > 0) {
        result = `the rule collection groups of policy ${current.name} were not read (${unread.length} of ${listed.length})`;
        break;
      }
      chain.unshift({ policy: current, groups, inherited: current !== policy });
      const baseId = (current.properties as FirewallPolicyProperties).basePolicy?.id;
      if (!baseId) break;
      const base = this.policies.get(idKey(baseId));
      if (base === undefined) result = `its base policy ${baseId.split('/').pop() ?? baseId} was not read`;
      current = base;
    }
    result ??= new FirewallRules(chain);
    this.rules.set(policy.key, result);
    return result;
  }
}

const indexes = new WeakMap<NetworkView, EgressIndex>();

function indexOf(net: NetworkView): EgressIndex {
  let index = indexes.get(net);
  if (index === undefined) {
    index = new EgressIndex(net);
    indexes.set(net, index);
  }
  return index;
}

const lastSegment = (id: string): string => id.split('/').pop() ?? id;

/** The route internet-bound traffic takes: the longest prefix that covers every public address is 0.0.0.0/0. */
function defaultRoute(table: ArmResource) {
  return ((table.properties as RouteTableProperties).routes ?? []).find(
    (r) => r.properties?.addressPrefix?.trim() === '0.0.0.0/0',
  );
}

/** How a cluster's agents reach the internet, as far as the resources read show it. */
export function egressOf(net: NetworkView, cluster: Cluster): EgressPath {
  if (cluster.kind !== 'aks' || cluster.outboundType?.toLowerCase() !== 'userdefinedrouting') return { kind: 'direct' };
  const index = indexOf(net);
  const subnetId = cluster.nodeSubnetId;
  if (subnetId === undefined) return { kind: 'unknown', why: 'user-defined routing, but no node subnet is named' };
  const subnet = net.subnet(subnetId);
  if (subnet === undefined) return { kind: 'unknown', why: `its node subnet ${lastSegment(subnetId)} was not read` };
  if (subnet.routeTableId === undefined) {
    return { kind: 'unknown', why: `its node subnet ${lastSegment(subnetId)} has no route table amplink can see` };
  }
  const routeTable = index.routeTables.get(idKey(subnet.routeTableId));
  if (routeTable === undefined) {
    return { kind: 'unknown', why: `route table ${lastSegment(subnet.routeTableId)} was not read` };
  }
  const route = defaultRoute(routeTable);
  // Without a route for 0.0.0.0/0 of its own, the subnet keeps Azure's system route to Internet.
  const hopType = route?.properties?.nextHopType?.toLowerCase() ?? 'internet';
  if (hopType === 'internet') return { kind: 'direct' };
  const hop = route?.properties?.nextHopIpAddress ?? undefined;
  if (hopType !== 'virtualappliance' || !hop) {
    return {
      kind: 'unknown',
      why: `route table ${routeTable.name} sends 0.0.0.0/0 to ${route?.properties?.nextHopType ?? '?'}, not to an Azure Firewall`,
    };
  }
  const nodeVnet = idKey(subnetId.replace(/\/subnets\/[^/]+\/?$/i, ''));
  const firewall = (index.firewallsByAddress.get(hop) ?? []).find(
    (f) => f.vnetKey === undefined || net.reachable(nodeVnet, f.vnetKey),
  )?.firewall;
  if (firewall === undefined) {
    return {
      kind: 'unknown',
      why: `route table ${routeTable.name} sends 0.0.0.0/0 to ${hop}, which is no Azure Firewall amplink read (another appliance, or a subscription not discovered)`,
    };
  }
  const properties = firewall.properties as AzureFirewallProperties;
  const policyId = properties.firewallPolicy?.id;
  if (!policyId) {
    const classic =
      (properties.applicationRuleCollections ?? []).length + (properties.networkRuleCollections ?? []).length;
    return {
      kind: 'unknown',
      why:
        classic > 0
          ? `firewall ${firewall.name} has classic rules and no firewall policy; amplink reads rules from firewall policies`
          : `firewall ${firewall.name} has no firewall policy`,
    };
  }
  const policy = index.policies.get(idKey(policyId));
  if (policy === undefined) {
    return {
      kind: 'unknown',
      why: `firewall policy ${lastSegment(policyId)} of firewall ${firewall.name} was not read`,
    };
  }
  const rules = index.rulesOf(policy);
  if (typeof rules === 'string') return { kind: 'unknown', why: `firewall ${firewall.name}: ${rules}` };
  return {
    kind: 'firewall',
    firewall,
    policy,
    rules,
    subnetId: subnet.id,
    sourcePrefixes: subnet.prefixes,
    routeTable,
  };
}
