/**
 * # Where an AKS cluster's egress goes, and what Azure Firewall lets through (pure: resources in, verdicts out)
 *
 * For a cluster with `networkProfile.outboundType: userDefinedRouting`, a request to a public address follows:
 * node subnet (`agentPoolProfiles[].vnetSubnetID`) -> its route table (`properties.routeTable.id`) -> the route whose
 * `addressPrefix` matches the destination with the longest prefix (Azure's route selection: "longest prefix match",
 * Virtual network traffic routing documentation) -> its next hop -> for VirtualAppliance, the Azure Firewall whose
 * `ipConfigurations[].properties.privateIPAddress` is `nextHopIpAddress` -> its policy chain -> the rules.
 *
 * ## Rule processing (Azure Firewall "Rule processing logic", learn.microsoft.com/azure/firewall/rule-processing, and
 * the Azure Network Security blog "Organizing rule collections and rule collection groups in Azure Firewall Policy")
 * - Network rules are processed before application rules, whatever their priorities ("network rules always having
 *   execution priority before application rules"); DNAT rules concern inbound traffic and are not modelled.
 * - Within a type: rules inherited from the base policy (`basePolicy`, and its own base first) before the policy's own;
 *   then rule collection groups by priority (100 first, 65000 last); then rule collections by priority; then rules
 *   in their order.
 * - Rules are terminating: the first rule that matches decides (its collection's Allow or Deny); nothing matches: deny.
 * - A firewall without a policy uses its classic rule collections (`networkRuleCollections`,
 *   `applicationRuleCollections`) the same way.
 *
 * ## Matching an agent's request (HTTPS to `host`, port 443, from a node of the cluster's node subnet)
 * - Source: `sourceAddresses` holds `*` or an address, prefix or range covering the whole node subnet prefix.
 *   `sourceIpGroups` name Microsoft.Network/ipGroups, which the emulator does not serve: they match nothing.
 * - Application rules: a protocol `Https` (port 443 or none given) and a `targetFqdns` entry matching `host`, or an
 *   `fqdnTags` entry whose FQDNs match it. Matching, as Azure Firewall's application rules do it: case-insensitive; a
 *   bare `*` matches every name; a leading `*` matches any name ending in the rest (`*.contoso.com` matches
 *   `a.b.contoso.com` but not `contoso.com`; `*contoso.com` matches both). `targetUrls` and `webCategories` need TLS
 *   inspection and web categories, which are not modelled: they match nothing.
 * - Network rules: `ipProtocols` TCP or Any, `destinationPorts` `*`, `443` or a range holding it, and a destination:
 *   `*`, an address or prefix holding the host's public address, a service tag whose names the host has, or, when
 *   the policy's DNS proxy is on (FQDNs in network rules need it: Azure Firewall DNS settings documentation),
 *   a `destinationFqdns` entry matching the host.
 *
 * ## A userDefinedRouting cluster whose route does not end at an Azure Firewall (a choice, and why)
 * - No node subnet, no route table, or no route matching: Azure's system route `0.0.0.0/0 -> Internet` applies, so
 *   the request leaves unfiltered. AKS itself insists on a route table at create time; the emulator cannot refuse a
 *   cluster that exists, and inventing a block Azure's resources do not show would make the emulator disagree with
 *   what anyone reading those resources (amplink included) can know.
 * - Next hop `Internet` or `VirtualNetworkGateway` (forced tunnelling to a network Azure does not describe): leaves
 *   unfiltered, for the same reason.
 * - Next hop `VirtualAppliance` at an address no Azure Firewall holds (another vendor's appliance): its rules are not
 *   in Azure, so unfiltered too.
 * - Next hop `None` or `VnetLocal` for a public address, or a firewall in a VNet that is neither the cluster's nor
 *   peered with it: Azure drops the packets (Virtual network traffic routing: "None ... traffic is dropped") -> the
 *   request times out (EGRESS_DROPPED).
 * A loadBalancer cluster whose subnet carries a route table is left as loadBalancer: the model follows the cluster's
 * declared outbound type.
 */
import { idKey, parentIdOf } from '../arm/ids.js';
import { covers, prefixLength, rangeOf } from '../arm/ipv4.js';
import { RESOURCE_TYPES as T } from '../arm/resource-types.js';
import type { ArmResource, Json, JsonObject } from '../store/store.js';

export interface EgressReader {
  get(id: string): ArmResource | undefined;
  ofType(type: string): ArmResource[];
  childrenOf(id: string, type?: string): ArmResource[];
}

/** What happens to one request on the public path. */
export type EgressVerdict =
  { allowed: true; via?: string } | { allowed: false; code: 'FIREWALL_BLOCKED' | 'EGRESS_DROPPED'; message: string };

type Action = 'Allow' | 'Deny';

interface Rule {
  name: string;
  kind: 'network' | 'application';
  sources: string[];
  /** Application rules. */
  protocols: { type: string; port?: number }[];
  fqdns: string[];
  fqdnTags: string[];
  /** Network rules. */
  ipProtocols: string[];
  ports: string[];
  addresses: string[];
  destinationFqdns: string[];
}

interface Collection {
  where: string;
  /** 0: the base of the base ..., last: the firewall's own policy. */
  depth: number;
  groupPriority: number;
  priority: number;
  action: Action;
  rules: Rule[];
  dnsProxy: boolean;
}

/**
 * Service tags and FQDN tags as names: the emulator's public addresses are made up, so a tag matches the names the
 * service publishes for it. Azure Monitor: the AKS outbound rules documentation ("Azure Monitor for containers" and
 * "Azure Monitor managed service for Prometheus" FQDNs, or the AzureMonitor service tag); Microsoft Entra ID:
 * login.microsoftonline.com (AzureActiveDirectory tag); the AzureKubernetesService FQDN tag: the AKS required FQDNs.
 */
const TAG_NAMES: Record<string, readonly string[]> = {
  azuremonitor: [
    '*.monitor.azure.com',
    '*.ods.opinsights.azure.com',
    '*.oms.opinsights.azure.com',
    '*.monitoring.azure.com',
    'dc.services.visualstudio.com',
  ],
  azureactivedirectory: ['login.microsoftonline.com', 'login.microsoft.com'],
  azurekubernetesservice: [
    'mcr.microsoft.com',
    '*.data.mcr.microsoft.com',
    'management.azure.com',
    'login.microsoftonline.com',
    'packages.microsoft.com',
    'acs-mirror.azureedge.net',
  ],
};

const obj = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
const str = (value: Json | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const arr = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);
const strings = (value: Json | undefined): string[] => arr(value).filter((v): v is string => typeof v === 'string');
const props = (resource: ArmResource | undefined): JsonObject => obj(resource?.['properties']);

/** An application rule's FQDN pattern against a host name, as Azure Firewall matches them. */
export function fqdnMatches(pattern: string, host: string): boolean {
  const p = pattern.trim().toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === '') return false;
  if (p === '*') return true;
  if (p.startsWith('*')) return h.endsWith(p.slice(1));
  return h === p;
}

function portCovers(entry: string, port: number): boolean {
  const e = entry.trim();
  if (e === '*') return true;
  const [from, to] = e.split('-').map(Number);
  if (from === undefined || Number.isNaN(from)) return false;
  return to === undefined ? from === port : !Number.isNaN(to) && from <= port && port <= to;
}

/** The route for `address` in a table: the longest matching prefix (ties: the last written, as no rule says). */
function routeFor(routes: ArmResource[], address: string): JsonObject | undefined {
  let best: { length: number; route: JsonObject } | undefined;
  for (const route of routes) {
    const p = props(route);
    const prefix = str(p['addressPrefix']);
    const length = prefix === undefined ? undefined : prefixLength(prefix);
    if (prefix === undefined || length === undefined || !covers(prefix, address)) continue;
    if (best === undefined || length >= best.length) best = { length, route: p };
  }
  return best?.route;
}

/**
 * The egress side of one moment of the world: firewalls by private address and each firewall's ordered rules, built
 * once and shared by every cluster (a fleet has thousands of clusters and tens of requests each per tick).
 */
export class EgressModel {
  /** `<vnet id>|<address>` -> the firewall there. Addresses repeat across VNets (every AKS-made VNet is 10.224.0.0/12). */
  private readonly firewallByVnetAddress = new Map<string, ArmResource>();
  /** address -> a firewall somewhere with it (to say where an unreachable next hop is). */
  private readonly anyFirewallAt = new Map<string, ArmResource>();
  private readonly collections = new Map<string, Record<Rule['kind'], Collection[]>>();

  constructor(
    readonly reader: EgressReader,
    /** The VNets traffic from a VNet reaches: itself and those peered with it both ways (ids in lower case). */
    private readonly reachableFrom: (vnetId: string) => readonly string[],
  ) {
    for (const firewall of reader.ofType(T.azureFirewall.type)) {
      const vnet = idKey(firewallVnet(firewall) ?? '');
      for (const config of arr(props(firewall)['ipConfigurations'])) {
        const address = str(obj(obj(config)['properties'])['privateIPAddress']);
        if (address === undefined) continue;
        this.firewallByVnetAddress.set(`${vnet}|${address}`, firewall);
        if (!this.anyFirewallAt.has(address)) this.anyFirewallAt.set(address, firewall);
      }
    }
  }

  /** The cluster's egress; undefined when its outbound is not user-defined routing (it leaves by its load balancer). */
  of(cluster: ArmResource): ClusterEgress | undefined {
    const outbound = str(obj(props(cluster)['networkProfile'])['outboundType']);
    if (outbound?.toLowerCase() !== 'userdefinedrouting') return undefined;
    return new ClusterEgress(this, cluster);
  }

  /** The firewall at `address` that traffic from `vnetId` reaches; else any firewall with that address, unreachable. */
  firewallAt(vnetId: string, address: string): { firewall: ArmResource; reachable: boolean } | undefined {
    for (const vnet of this.reachableFrom(vnetId)) {
      const firewall = this.firewallByVnetAddress.get(`${vnet}|${address}`);
      if (firewall !== undefined) return { firewall, reachable: true };
    }
    const elsewhere = this.anyFirewallAt.get(address);
    return elsewhere === undefined ? undefined : { firewall: elsewhere, reachable: false };
  }

  /** The firewall's collections of each rule type, in processing order. */
  collectionsOf(firewall: ArmResource): Record<Rule['kind'], Collection[]> {
    const key = idKey(firewall.id);
    let found = this.collections.get(key);
    if (found === undefined) {
      const all = collectionsOf(this.reader, firewall);
      const ordered = (kind: Rule['kind']): Collection[] =>
        all
          .map((c, index) => ({ ...c, index, rules: c.rules.filter((r) => r.kind === kind) }))
          .filter((c) => c.rules.length > 0)
          .sort(
            (a, b) =>
              a.depth - b.depth || a.groupPriority - b.groupPriority || a.priority - b.priority || a.index - b.index,
          );
      found = { network: ordered('network'), application: ordered('application') };
      this.collections.set(key, found);
    }
    return found;
  }
}

/** One user-defined-routing cluster's egress. */
export class ClusterEgress {
  private readonly reader: EgressReader;
  private readonly nodeSubnet: ArmResource | undefined;
  private readonly nodePrefix: string | undefined;

  constructor(
    private readonly model: EgressModel,
    cluster: ArmResource,
  ) {
    this.reader = model.reader;
    const subnetId = arr(props(cluster)['agentPoolProfiles'])
      .map((pool) => str(obj(pool)['vnetSubnetID']))
      .find((id) => id !== undefined);
    this.nodeSubnet = subnetId === undefined ? undefined : this.reader.get(subnetId);
    const p = props(this.nodeSubnet);
    this.nodePrefix = str(p['addressPrefix']) ?? str(arr(p['addressPrefixes'])[0]);
  }

  /** A request to `host` at public `address` on port 443. */
  decide(host: string, address: string): EgressVerdict {
    const tableId = str(obj(props(this.nodeSubnet)['routeTable'])['id']);
    const table = tableId === undefined ? undefined : this.reader.get(tableId);
    if (table === undefined) return { allowed: true };
    const route = routeFor(this.reader.childrenOf(table.id, T.route.type), address);
    if (route === undefined) return { allowed: true };
    const nextHop = str(route['nextHopType'])?.toLowerCase();
    const where = `${host} (${address})`;
    if (nextHop === 'none' || nextHop === 'vnetlocal') {
      return {
        allowed: false,
        code: 'EGRESS_DROPPED',
        message: `dial tcp ${address}:443: i/o timeout (${where}: route ${str(route['addressPrefix']) ?? ''} of ${table.id} has next hop ${str(route['nextHopType']) ?? ''}, so Azure drops the packets)`,
      };
    }
    if (nextHop !== 'virtualappliance') return { allowed: true };
    const hop = str(route['nextHopIpAddress']) ?? '';
    // Addresses repeat across VNets that are not connected: the next hop is the firewall the node VNet reaches.
    const nodeVnet = parentIdOf(this.nodeSubnet?.id ?? '') ?? '';
    const atHop = this.model.firewallAt(nodeVnet, hop);
    if (atHop === undefined) return { allowed: true };
    if (atHop.reachable) return this.filter(atHop.firewall, host, address);
    return {
      allowed: false,
      code: 'EGRESS_DROPPED',
      message: `dial tcp ${address}:443: i/o timeout (${where}: next hop ${hop} is Azure Firewall ${atHop.firewall.id}, in a VNet that ${nodeVnet} neither is nor is peered with)`,
    };
  }

  private filter(firewall: ArmResource, host: string, address: string): EgressVerdict {
    const collections = this.model.collectionsOf(firewall);
    for (const kind of ['network', 'application'] as const) {
      for (const collection of collections[kind]) {
        const rule = collection.rules.find((r) => this.matches(r, collection, host, address));
        if (rule === undefined) continue;
        const name = `${collection.where}. Rule: ${rule.name}`;
        if (collection.action === 'Allow') return { allowed: true, via: name };
        return {
          allowed: false,
          code: 'FIREWALL_BLOCKED',
          message:
            kind === 'network'
              ? `dial tcp ${address}:443: i/o timeout (${host}: denied by Azure Firewall ${firewall.id}: ${name})`
              : `${host} (${address}): HTTP 470 from Azure Firewall: Action: Deny. ${name}`,
        };
      }
    }
    return {
      allowed: false,
      code: 'FIREWALL_BLOCKED',
      message: `${host} (${address}): HTTP 470 from Azure Firewall: Action: Deny. Reason: No rule matched. Proceeding with default action`,
    };
  }

  private matches(rule: Rule, collection: Collection, host: string, address: string): boolean {
    const prefix = this.nodePrefix;
    const fromSource = rule.sources.some((s) => s.trim() === '*' || (prefix !== undefined && covers(s, prefix)));
    if (!fromSource) return false;
    if (rule.kind === 'application') {
      const https = rule.protocols.some((p) => p.type.toLowerCase() === 'https' && (p.port ?? 443) === 443);
      if (!https) return false;
      const tagged = rule.fqdnTags.flatMap((t) => TAG_NAMES[t.toLowerCase()] ?? []);
      return [...rule.fqdns, ...tagged].some((pattern) => fqdnMatches(pattern, host));
    }
    const tcp = rule.ipProtocols.some((p) => ['tcp', 'any'].includes(p.toLowerCase()));
    if (!tcp || !rule.ports.some((p) => portCovers(p, 443))) return false;
    const toAddress = rule.addresses.some((d) => {
      if (d.trim() === '*') return true;
      if (rangeOf(d) !== undefined) return covers(d, address);
      return (TAG_NAMES[d.trim().split('.')[0]?.toLowerCase() ?? ''] ?? []).some((p) => fqdnMatches(p, host));
    });
    return toAddress || (collection.dnsProxy && rule.destinationFqdns.some((p) => fqdnMatches(p, host)));
  }
}

/** Every rule collection a firewall applies, each with its place in the processing order. */
function collectionsOf(reader: EgressReader, firewall: ArmResource): Collection[] {
  const policyId = str(obj(props(firewall)['firewallPolicy'])['id']);
  if (policyId === undefined) return classicCollections(firewall);
  const chain: ArmResource[] = [];
  const seen = new Set<string>();
  for (let id: string | undefined = policyId; id !== undefined && !seen.has(idKey(id));) {
    seen.add(idKey(id));
    const policy = reader.get(id);
    if (policy === undefined) break;
    chain.unshift(policy);
    id = str(obj(props(policy)['basePolicy'])['id']);
  }
  // DNS proxy is a setting of the policy the firewall uses (a base policy's settings are inherited).
  const dnsProxy = chain.some((p) => obj(props(p)['dnsSettings'])['enableProxy'] === true);
  return chain.flatMap((policy, depth) =>
    reader.childrenOf(policy.id, T.ruleCollectionGroup.type).flatMap((group) => {
      const groupPriority = Number(props(group)['priority'] ?? 65000);
      return arr(props(group)['ruleCollections'])
        .map(obj)
        .filter((c) => str(c['ruleCollectionType']) === 'FirewallPolicyFilterRuleCollection')
        .map((c) => ({
          where: `Policy: ${str(policy['name']) ?? ''}. Rule Collection Group: ${str(group['name']) ?? ''}. Rule Collection: ${str(c['name']) ?? ''}`,
          depth,
          groupPriority,
          priority: Number(c['priority'] ?? 65000),
          action: actionOf(c['action']),
          rules: arr(c['rules']).map((r) => policyRule(obj(r))),
          dnsProxy,
        }));
    }),
  );
}

function firewallVnet(firewall: ArmResource): string | undefined {
  const subnetId = arr(props(firewall)['ipConfigurations'])
    .map((c) => str(obj(obj(obj(c)['properties'])['subnet'])['id']))
    .find((id) => id !== undefined);
  return subnetId === undefined ? undefined : parentIdOf(subnetId);
}

function actionOf(action: Json | undefined): Action {
  return str(obj(action)['type'])?.toLowerCase() === 'allow' ? 'Allow' : 'Deny';
}

/** `[{ protocolType: 'Https', port: 443 }]` of an application rule. */
function applicationProtocols(value: Json | undefined): Rule['protocols'] {
  return arr(value).map((item) => {
    const port = obj(item)['port'];
    return { type: str(obj(item)['protocolType']) ?? '', ...(typeof port === 'number' ? { port } : {}) };
  });
}

function policyRule(r: JsonObject): Rule {
  return {
    name: str(r['name']) ?? '',
    kind: str(r['ruleType']) === 'NetworkRule' ? 'network' : 'application',
    sources: strings(r['sourceAddresses']),
    protocols: applicationProtocols(r['protocols']),
    fqdns: str(r['ruleType']) === 'ApplicationRule' ? strings(r['targetFqdns']) : [],
    fqdnTags: strings(r['fqdnTags']),
    ipProtocols: strings(r['ipProtocols']),
    ports: strings(r['destinationPorts']),
    addresses: str(r['ruleType']) === 'NetworkRule' ? strings(r['destinationAddresses']) : [],
    destinationFqdns: strings(r['destinationFqdns']),
  };
}

/** A firewall's own (classic) rule collections, in the same shape (azureFirewall.json). */
function classicCollections(firewall: ArmResource): Collection[] {
  const p = props(firewall);
  const of = (key: string, kind: Rule['kind']): Collection[] =>
    arr(p[key]).map((item) => {
      const c = obj(item);
      const cp = obj(c['properties']);
      return {
        where: `Firewall: ${str(firewall['name']) ?? ''}. Rule Collection: ${str(c['name']) ?? ''}`,
        depth: 0,
        groupPriority: 0,
        priority: Number(cp['priority'] ?? 65000),
        action: actionOf(cp['action']),
        dnsProxy: obj(obj(p['additionalProperties']))['Network.DNS.EnableProxy'] === 'true',
        rules: arr(cp['rules']).map((item) => {
          const r = obj(item);
          return {
            name: str(r['name']) ?? '',
            kind,
            sources: strings(r['sourceAddresses']),
            protocols: kind === 'application' ? applicationProtocols(r['protocols']) : [],
            fqdns: kind === 'application' ? strings(r['targetFqdns']) : [],
            fqdnTags: strings(r['fqdnTags']),
            ipProtocols: kind === 'network' ? strings(r['protocols']) : [],
            ports: strings(r['destinationPorts']),
            addresses: kind === 'network' ? strings(r['destinationAddresses']) : [],
            destinationFqdns: strings(r['destinationFqdns']),
          };
        }),
      };
    });
  return [...of('networkRuleCollections', 'network'), ...of('applicationRuleCollections', 'application')];
}
