import { idKey } from './resource-id.js';
import type { ArmResource } from './resources.js';
import type { Cluster } from './topology.js';

/**
 * The network side of the world, indexed from `topology.resources` (Microsoft.Network shapes as ARM GET returns them:
 * virtualNetworks with inline subnets and virtualNetworkPeerings, or those as child resources; privateEndpoints with
 * privateLinkServiceConnections; privateDnsZones with their virtualNetworkLinks and A record sets; the AMPLS's
 * privateEndpointConnections inline or as child resources).
 */

/** The private DNS zones an AMPLS private endpoint needs, linked to the cluster's VNet (DOMAIN.md "Private endpoint"). */
export const AMPLS_DNS_ZONES = [
  'privatelink.monitor.azure.com',
  'privatelink.oms.opinsights.azure.com',
  'privatelink.ods.opinsights.azure.com',
  'privatelink.agentsvc.azure-automation.net',
  'privatelink.blob.core.windows.net',
] as const;

/** The zone whose A records carry the shared Azure Monitor endpoints (global handler, DCE hosts). */
export const MONITOR_ZONE = 'privatelink.monitor.azure.com';

type Json = Record<string, unknown>;

const TYPES = {
  vnet: 'microsoft.network/virtualnetworks',
  subnet: 'microsoft.network/virtualnetworks/subnets',
  peering: 'microsoft.network/virtualnetworks/virtualnetworkpeerings',
  privateEndpoint: 'microsoft.network/privateendpoints',
  zone: 'microsoft.network/privatednszones',
  zoneLink: 'microsoft.network/privatednszones/virtualnetworklinks',
  aRecord: 'microsoft.network/privatednszones/a',
  scope: 'microsoft.insights/privatelinkscopes',
  scopeConnection: 'microsoft.insights/privatelinkscopes/privateendpointconnections',
} as const;

export interface VirtualNetwork {
  id: string;
  key: string;
  name: string;
  subscriptionId: string;
  region: string | undefined;
  subnets: Map<string, { id: string; prefixes: string[] }>;
}

export interface PrivateEndpoint {
  id: string;
  key: string;
  name: string;
  subnetId: string | undefined;
  vnetKey: string | undefined;
  /** AMPLS (by key) this endpoint connects to, with the connection's state as the endpoint shows it. */
  scopes: { scopeKey: string; status: string | undefined }[];
  /** Addresses the endpoint shows (customDnsConfigs), when ARM gives them. */
  addresses: string[];
}

export interface ScopeConnection {
  id: string;
  privateEndpointKey: string | undefined;
  status: string | undefined;
}

export interface DnsZone {
  id: string;
  key: string;
  name: string;
  linkedVnets: Set<string>;
  /** Record name (lower case) → IPv4 addresses. */
  records: Map<string, string[]>;
}

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj) : [];
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The parent id of a child resource id (`.../virtualNetworks/v/subnets/s` → `.../virtualNetworks/v`). */
function parentOf(id: string): string {
  return id.replace(/\/[^/]+\/[^/]+$/, '');
}

/** The VNet id of a subnet id. */
export function vnetOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+$/i, '');
}

export function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function inPrefix(address: string, prefix: string): boolean {
  const [base, bitsText] = prefix.split('/');
  const ip = ipv4ToNumber(address);
  const net = base === undefined ? undefined : ipv4ToNumber(base);
  const bits = Number(bitsText);
  if (ip === undefined || net === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) === Math.floor(net / size);
}

/** RFC 1918 and RFC 6598 (shared) space: what a private endpoint's address looks like. */
export function isPrivateAddress(address: string): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].some((p) => inPrefix(address, p));
}

export class NetworkIndex {
  readonly vnets = new Map<string, VirtualNetwork>();
  readonly vnetsByName = new Map<string, VirtualNetwork[]>();
  /** Directed peerings that allow access: vnet key → remote vnet keys (with the peering's state). */
  private readonly peerings = new Map<string, Map<string, string | undefined>>();
  readonly privateEndpoints = new Map<string, PrivateEndpoint>();
  readonly connectionsByScope = new Map<string, ScopeConnection[]>();
  readonly zones = new Map<string, DnsZone>();
  readonly zonesByName = new Map<string, DnsZone[]>();

  constructor(resources: readonly ArmResource[]) {
    const byType = new Map<string, ArmResource[]>();
    const read = new Set<string>(Object.values(TYPES));
    for (const r of resources) {
      const type = r.type.toLowerCase();
      if (!read.has(type)) continue;
      const bucket = byType.get(type) ?? [];
      bucket.push(r);
      byType.set(type, bucket);
    }
    const of = (type: string) => byType.get(type) ?? [];
    for (const r of of(TYPES.vnet)) this.addVnet(r);
    for (const r of of(TYPES.subnet)) this.addSubnet(parentOf(r.id), r.name, r.properties);
    for (const r of of(TYPES.peering)) this.addPeering(parentOf(r.id), r.properties);
    for (const r of of(TYPES.privateEndpoint)) this.addPrivateEndpoint(r);
    for (const r of of(TYPES.scope)) {
      for (const c of list(r.properties['privateEndpointConnections'])) this.addConnection(r.key, c);
    }
    for (const r of of(TYPES.scopeConnection)) this.addConnection(idKey(parentOf(r.id)), r.raw as Json);
    for (const r of of(TYPES.zone)) this.zone(r.id);
    for (const r of of(TYPES.zoneLink)) {
      const vnetId = str(obj(r.properties['virtualNetwork'])['id']);
      if (vnetId) this.zone(parentOf(r.id)).linkedVnets.add(idKey(vnetId));
    }
    for (const r of of(TYPES.aRecord)) {
      const addresses = list(r.properties['aRecords'])
        .map((a) => str(a['ipv4Address']))
        .filter((a): a is string => a !== undefined);
      this.zone(parentOf(r.id)).records.set(r.name.toLowerCase(), addresses);
    }
  }

  private addVnet(r: ArmResource): void {
    const vnet: VirtualNetwork = {
      id: r.id,
      key: r.key,
      name: r.name,
      subscriptionId: r.resourceId.subscriptionId,
      region: r.location,
      subnets: new Map(),
    };
    this.vnets.set(r.key, vnet);
    const byName = this.vnetsByName.get(r.name.toLowerCase()) ?? [];
    byName.push(vnet);
    this.vnetsByName.set(r.name.toLowerCase(), byName);
    for (const s of list(r.properties['subnets'])) {
      const name = str(s['name']);
      if (name) this.addSubnet(r.id, name, obj(s['properties']));
    }
    for (const p of list(r.properties['virtualNetworkPeerings'])) this.addPeering(r.id, obj(p['properties']));
  }

  private addSubnet(vnetId: string, name: string, properties: Readonly<Json>): void {
    const vnet = this.vnets.get(idKey(vnetId));
    if (vnet === undefined) return;
    const prefixes = [
      str(properties['addressPrefix']),
      ...((properties['addressPrefixes'] as unknown[] | undefined) ?? []),
    ]
      .map(str)
      .filter((p): p is string => p !== undefined);
    const id = `${vnet.id}/subnets/${name}`;
    vnet.subnets.set(idKey(id), { id, prefixes });
  }

  private addPeering(vnetId: string, properties: Readonly<Json>): void {
    const remote = str(obj(properties['remoteVirtualNetwork'])['id']);
    if (remote === undefined || properties['allowVirtualNetworkAccess'] === false) return;
    const from = idKey(vnetId);
    const map = this.peerings.get(from) ?? new Map<string, string | undefined>();
    map.set(idKey(remote), str(properties['peeringState']));
    this.peerings.set(from, map);
  }

  private addPrivateEndpoint(r: ArmResource): void {
    const subnetId = str(obj(r.properties['subnet'])['id']);
    const connections = [
      ...list(r.properties['privateLinkServiceConnections']),
      ...list(r.properties['manualPrivateLinkServiceConnections']),
    ];
    const scopes = connections
      .map((c) => obj(c['properties']))
      .filter((p) => str(p['privateLinkServiceId'])?.toLowerCase().includes('/microsoft.insights/privatelinkscopes/'))
      .map((p) => ({
        scopeKey: idKey(str(p['privateLinkServiceId']) as string),
        status: str(obj(p['privateLinkServiceConnectionState'])['status']),
      }));
    const addresses = list(r.properties['customDnsConfigs']).flatMap((c) =>
      (Array.isArray(c['ipAddresses']) ? c['ipAddresses'] : []).map(String),
    );
    this.privateEndpoints.set(r.key, {
      id: r.id,
      key: r.key,
      name: r.name,
      subnetId,
      vnetKey: subnetId === undefined ? undefined : idKey(vnetOfSubnet(subnetId)),
      scopes,
      addresses,
    });
  }

  private addConnection(scopeKey: string, connection: Json): void {
    const properties = obj(connection['properties']);
    const peId = str(obj(properties['privateEndpoint'])['id']);
    const id = str(connection['id']) ?? `${scopeKey}/privateEndpointConnections/${peId ?? '?'}`;
    const existing = this.connectionsByScope.get(scopeKey) ?? [];
    if (existing.some((c) => idKey(c.id) === idKey(id))) return;
    existing.push({
      id,
      privateEndpointKey: peId === undefined ? undefined : idKey(peId),
      status: str(obj(properties['privateLinkServiceConnectionState'])['status']),
    });
    this.connectionsByScope.set(scopeKey, existing);
  }

  private zone(id: string): DnsZone {
    const key = idKey(id);
    let zone = this.zones.get(key);
    if (zone === undefined) {
      const name = (id.split('/').pop() ?? '').toLowerCase();
      zone = { id, key, name, linkedVnets: new Set(), records: new Map() };
      this.zones.set(key, zone);
      const byName = this.zonesByName.get(name) ?? [];
      byName.push(zone);
      this.zonesByName.set(name, byName);
    }
    return zone;
  }

  /** The private endpoints whose connection to this AMPLS is approved (on either side, whichever ARM shows). */
  approvedEndpoints(scopeKey: string): { approvedConnections: number; endpoints: PrivateEndpoint[] } {
    const connections = (this.connectionsByScope.get(scopeKey) ?? []).filter((c) => c.status === 'Approved');
    const endpoints = new Map<string, PrivateEndpoint>();
    for (const c of connections) {
      const pe = c.privateEndpointKey === undefined ? undefined : this.privateEndpoints.get(c.privateEndpointKey);
      if (pe) endpoints.set(pe.key, pe);
    }
    for (const pe of this.privateEndpoints.values()) {
      if (pe.scopes.some((s) => s.scopeKey === scopeKey && s.status === 'Approved')) endpoints.set(pe.key, pe);
    }
    return { approvedConnections: connections.length, endpoints: [...endpoints.values()] };
  }

  /** The AMPLS (by key) each private endpoint connects to. */
  scopesOfEndpoint(pe: PrivateEndpoint): string[] {
    const keys = new Set(pe.scopes.map((s) => s.scopeKey));
    for (const [scopeKey, connections] of this.connectionsByScope) {
      if (connections.some((c) => c.privateEndpointKey === pe.key)) keys.add(scopeKey);
    }
    return [...keys].sort();
  }

  /** Same VNet, or peered with access allowed (both directions, or one that ARM shows Connected). */
  reachable(fromVnet: string, toVnet: string): boolean {
    if (fromVnet === toVnet) return true;
    const out = this.peerings.get(fromVnet)?.get(toVnet);
    const back = this.peerings.get(toVnet)?.get(fromVnet);
    const there = this.peerings.get(fromVnet)?.has(toVnet) ?? false;
    const returned = this.peerings.get(toVnet)?.has(fromVnet) ?? false;
    return (there && returned) || out === 'Connected' || back === 'Connected';
  }

  /** The zone of this name that serves a VNet: the one linked to it (a VNet links one zone of a name). */
  zoneFor(vnetKey: string, name: string): DnsZone | undefined {
    return (this.zonesByName.get(name) ?? []).find((z) => z.linkedVnets.has(vnetKey));
  }

  /** The private endpoint an address belongs to: by its own addresses, else by its subnet's prefix. */
  endpointOfAddress(address: string): PrivateEndpoint | undefined {
    const endpoints = [...this.privateEndpoints.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    const exact = endpoints.find((pe) => pe.addresses.includes(address));
    if (exact) return exact;
    return endpoints.find((pe) => {
      if (pe.subnetId === undefined || pe.vnetKey === undefined) return false;
      const subnet = this.vnets.get(pe.vnetKey)?.subnets.get(idKey(pe.subnetId));
      return subnet?.prefixes.some((p) => inPrefix(address, p)) ?? false;
    });
  }

  /** The VNet a cluster's agents send from: the AKS node subnet's VNet, or the VNet an Arc site reaches over VPN. */
  clusterVnet(cluster: Cluster): VirtualNetwork | undefined {
    if (cluster.kind === 'aks') {
      for (const pool of list(cluster.resource.properties['agentPoolProfiles'])) {
        const subnetId = str(pool['vnetSubnetID']);
        if (subnetId) return this.vnets.get(idKey(vnetOfSubnet(subnetId)));
      }
      return undefined;
    }
    const name = vpnVnetName(cluster);
    if (name === undefined) return undefined;
    const candidates = this.vnetsByName.get(name.toLowerCase()) ?? [];
    return candidates.find((v) => v.subscriptionId === cluster.id.subscriptionId) ?? candidates[0];
  }

  /** The node subnet's VNet id even when that VNet is not among the resources read. */
  clusterVnetId(cluster: Cluster): string | undefined {
    for (const pool of list(cluster.resource.properties['agentPoolProfiles'])) {
      const subnetId = str(pool['vnetSubnetID']);
      if (subnetId) return vnetOfSubnet(subnetId);
    }
    return undefined;
  }
}

/**
 * An Arc site's link to Azure has no ARM resource of its own; the fleet (and amplink's convention) records it as the
 * tag `connectivity: vpn:<vnet name>` (or `expressroute:<vnet name>`).
 */
export function vpnVnetName(cluster: Cluster): string | undefined {
  const tag = Object.entries(cluster.resource.tags).find(([k]) => k.toLowerCase() === 'connectivity')?.[1];
  const match = tag === undefined ? null : /^(?:vpn|expressroute):(.+)$/i.exec(tag.trim());
  return match?.[1];
}

/** How an AKS cluster's egress leaves its network, as far as ARM shows it. */
export function egressOf(cluster: Cluster): { restricted: boolean; allowedFqdns: string[] | undefined } {
  if (cluster.kind !== 'aks') return { restricted: false, allowedFqdns: undefined };
  const outboundType = str(obj(cluster.resource.properties['networkProfile'])['outboundType']);
  const tag = Object.entries(cluster.resource.tags).find(([k]) => k.toLowerCase() === 'egress-allowed-fqdns')?.[1];
  // Azure Firewall rules are not part of the cluster; the fleet convention carries them as a tag.
  const allowedFqdns =
    tag === undefined
      ? undefined
      : tag
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s.length > 0);
  return { restricted: outboundType?.toLowerCase() === 'userdefinedrouting', allowedFqdns };
}

/** Whether a firewall rule (exact or `*.` wildcard) lets a host through. */
export function fqdnAllowed(allowed: readonly string[], host: string): boolean {
  const h = host.toLowerCase();
  return allowed.some((rule) => (rule.startsWith('*.') ? h.endsWith(rule.slice(1)) : rule === h));
}
