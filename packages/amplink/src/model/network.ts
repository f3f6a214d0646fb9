import { inPrefix } from './ip-address.js';
import { idKey } from './resource-id.js';
import {
  RESOURCE_TYPES,
  type ArmResource,
  type PrivateDnsARecordProperties,
  type PrivateDnsZoneLinkProperties,
  type PrivateEndpointConnectionProperties,
  type PrivateEndpointProperties,
  type PrivateLinkScopeProperties,
  type SubnetProperties,
  type VirtualNetworkPeeringProperties,
  type VirtualNetworkProperties,
} from './resources.js';
import type { Cluster } from './topology.js';

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

export interface VirtualNetwork {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly region: string | undefined;
  /** Subnet key → its id, address prefixes and route table (id), if any. */
  readonly subnets: Map<string, Subnet>;
}

export interface Subnet {
  readonly id: string;
  readonly prefixes: string[];
  readonly routeTableId: string | undefined;
}

export interface PrivateEndpoint {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly subnetId: string | undefined;
  readonly vnetKey: string | undefined;
  /** AMPLS (by key) this endpoint connects to, with the connection's state as the endpoint shows it. */
  readonly scopes: readonly { scopeKey: string; status: string | undefined }[];
  /** Addresses the endpoint shows (customDnsConfigs), when ARM gives them. */
  readonly addresses: readonly string[];
}

/** An AMPLS's private endpoint connection, as the AMPLS shows it. */
export interface ScopeConnection {
  readonly id: string;
  readonly privateEndpointId: string | undefined;
  readonly privateEndpointKey: string | undefined;
  readonly status: string | undefined;
}

export interface DnsZone {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly linkedVnets: Set<string>;
  /** Record name (lower case) → IPv4 addresses. */
  readonly records: Map<string, string[]>;
}

/** The resources the network view is made of, by kind, in the id order of Topology's one pass over the world. */
export interface NetworkResources {
  readonly virtualNetworks: ArmResource[];
  readonly subnets: ArmResource[];
  readonly peerings: ArmResource[];
  readonly privateEndpoints: ArmResource[];
  /** AMPLS, for the private endpoint connections they list inline. */
  readonly privateLinkScopes: ArmResource[];
  readonly scopeConnections: ArmResource[];
  readonly dnsZones: ArmResource[];
  readonly dnsZoneLinks: ArmResource[];
  readonly aRecords: ArmResource[];
  /** Egress: route tables, Azure Firewalls, firewall policies and their rule collection groups (model/egress.ts). */
  readonly routeTables: ArmResource[];
  readonly firewalls: ArmResource[];
  readonly firewallPolicies: ArmResource[];
  readonly ruleCollectionGroups: ArmResource[];
}

const KIND_OF_TYPE: ReadonlyMap<string, keyof NetworkResources> = new Map<string, keyof NetworkResources>([
  [RESOURCE_TYPES.virtualNetwork.toLowerCase(), 'virtualNetworks'],
  [RESOURCE_TYPES.subnet.toLowerCase(), 'subnets'],
  [RESOURCE_TYPES.virtualNetworkPeering.toLowerCase(), 'peerings'],
  [RESOURCE_TYPES.privateEndpoint.toLowerCase(), 'privateEndpoints'],
  [RESOURCE_TYPES.privateLinkScope.toLowerCase(), 'privateLinkScopes'],
  [RESOURCE_TYPES.privateLinkScopeConnection.toLowerCase(), 'scopeConnections'],
  [RESOURCE_TYPES.privateDnsZone.toLowerCase(), 'dnsZones'],
  [RESOURCE_TYPES.privateDnsZoneLink.toLowerCase(), 'dnsZoneLinks'],
  [RESOURCE_TYPES.privateDnsARecord.toLowerCase(), 'aRecords'],
  [RESOURCE_TYPES.routeTable.toLowerCase(), 'routeTables'],
  [RESOURCE_TYPES.azureFirewall.toLowerCase(), 'firewalls'],
  [RESOURCE_TYPES.firewallPolicy.toLowerCase(), 'firewallPolicies'],
  [RESOURCE_TYPES.ruleCollectionGroup.toLowerCase(), 'ruleCollectionGroups'],
]);

export function emptyNetworkResources(): NetworkResources {
  return {
    virtualNetworks: [],
    subnets: [],
    peerings: [],
    privateEndpoints: [],
    privateLinkScopes: [],
    scopeConnections: [],
    dnsZones: [],
    dnsZoneLinks: [],
    aRecords: [],
    routeTables: [],
    firewalls: [],
    firewallPolicies: [],
    ruleCollectionGroups: [],
  };
}

/** Files a resource under its kind when the network view uses it; `type` is the resource's type in lower case. */
export function addNetworkResource(resources: NetworkResources, type: string, resource: ArmResource): void {
  const kind = KIND_OF_TYPE.get(type);
  if (kind !== undefined) resources[kind].push(resource);
}

/** ARM leaves some references empty (`""`) rather than out: both mean none. */
function present(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.length === 0 ? undefined : value;
}

/** The parent id of a child resource id (`.../virtualNetworks/v/subnets/s` → `.../virtualNetworks/v`). */
function parentOf(id: string): string {
  return id.replace(/\/[^/]+\/[^/]+$/, '');
}

/** The VNet id of a subnet id. */
export function vnetOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+$/i, '');
}

/**
 * The network side of the world: VNets with their subnets and peerings, private endpoints, the AMPLS's private endpoint
 * connections, private DNS zones with their VNet links and A records. Topology builds it from the resources of its one
 * pass over the world (see `Topology.network`).
 */
export class NetworkView {
  readonly vnets = new Map<string, VirtualNetwork>();
  /** Directed peerings that allow access: vnet key → remote vnet keys (with the peering's state). */
  private readonly peerings = new Map<string, Map<string, string | undefined>>();
  readonly privateEndpoints = new Map<string, PrivateEndpoint>();
  readonly connectionsByScope = new Map<string, ScopeConnection[]>();
  readonly zones = new Map<string, DnsZone>();
  readonly zonesByName = new Map<string, DnsZone[]>();
  private endpointsInIdOrder: PrivateEndpoint[] | undefined;
  /** What egress through Azure Firewall is read from (model/egress.ts follows it), in id order. */
  readonly egressResources: Pick<
    NetworkResources,
    'routeTables' | 'firewalls' | 'firewallPolicies' | 'ruleCollectionGroups'
  >;

  /**
   * @param siteVnetOf the VNet id an Arc cluster's site reaches, as the user said (Topology resolves it): Azure
   * keeps it on no resource.
   */
  constructor(
    resources: NetworkResources,
    private readonly siteVnetOf: (cluster: Cluster) => string | undefined = () => undefined,
  ) {
    const { routeTables, firewalls, firewallPolicies, ruleCollectionGroups } = resources;
    this.egressResources = { routeTables, firewalls, firewallPolicies, ruleCollectionGroups };
    for (const r of resources.virtualNetworks) this.addVnet(r);
    for (const r of resources.subnets) this.addSubnet(parentOf(r.id), r.name, r.properties);
    for (const r of resources.peerings) {
      this.addPeering(parentOf(r.id), r.properties);
    }
    for (const r of resources.privateEndpoints) this.addPrivateEndpoint(r);
    for (const r of resources.privateLinkScopes) {
      for (const c of (r.properties as PrivateLinkScopeProperties).privateEndpointConnections ?? []) {
        this.addConnection(r.key, present(c.id), c.properties ?? {});
      }
    }
    for (const r of resources.scopeConnections) {
      this.addConnection(idKey(parentOf(r.id)), r.id, r.properties);
    }
    for (const r of resources.dnsZones) this.zone(r.id);
    for (const r of resources.dnsZoneLinks) {
      const vnetId = present((r.properties as PrivateDnsZoneLinkProperties).virtualNetwork?.id);
      if (vnetId) this.zone(parentOf(r.id)).linkedVnets.add(idKey(vnetId));
    }
    for (const r of resources.aRecords) {
      const addresses = ((r.properties as PrivateDnsARecordProperties).aRecords ?? [])
        .map((a) => present(a.ipv4Address))
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
    const properties = r.properties as VirtualNetworkProperties;
    for (const s of properties.subnets ?? []) {
      const name = present(s.name);
      if (name) this.addSubnet(r.id, name, s.properties ?? {});
    }
    for (const p of properties.virtualNetworkPeerings ?? []) this.addPeering(r.id, p.properties ?? {});
  }

  private addSubnet(vnetId: string, name: string, properties: SubnetProperties): void {
    const vnet = this.vnets.get(idKey(vnetId));
    if (vnet === undefined) return;
    const prefixes = [properties.addressPrefix, ...(properties.addressPrefixes ?? [])]
      .map(present)
      .filter((p): p is string => p !== undefined);
    const id = `${vnet.id}/subnets/${name}`;
    const known = vnet.subnets.get(idKey(id));
    vnet.subnets.set(idKey(id), {
      id,
      prefixes: prefixes.length > 0 ? prefixes : (known?.prefixes ?? []),
      routeTableId: present(properties.routeTable?.id) ?? known?.routeTableId,
    });
  }

  private addPeering(vnetId: string, properties: VirtualNetworkPeeringProperties): void {
    const remote = present(properties.remoteVirtualNetwork?.id);
    if (remote === undefined || properties.allowVirtualNetworkAccess === false) return;
    const from = idKey(vnetId);
    const map = this.peerings.get(from) ?? new Map<string, string | undefined>();
    map.set(idKey(remote), present(properties.peeringState));
    this.peerings.set(from, map);
  }

  private addPrivateEndpoint(r: ArmResource): void {
    const properties = r.properties as PrivateEndpointProperties;
    const subnetId = present(properties.subnet?.id);
    const scopes = [
      ...(properties.privateLinkServiceConnections ?? []),
      ...(properties.manualPrivateLinkServiceConnections ?? []),
    ].flatMap((c) => {
      const serviceId = present(c.properties?.privateLinkServiceId);
      if (!serviceId?.toLowerCase().includes('/microsoft.insights/privatelinkscopes/')) return [];
      return [{ scopeKey: idKey(serviceId), status: present(c.properties?.privateLinkServiceConnectionState?.status) }];
    });
    this.privateEndpoints.set(r.key, {
      id: r.id,
      key: r.key,
      name: r.name,
      subnetId,
      vnetKey: subnetId === undefined ? undefined : idKey(vnetOfSubnet(subnetId)),
      scopes,
      addresses: (properties.customDnsConfigs ?? []).flatMap((c) => c.ipAddresses ?? []),
    });
  }

  private addConnection(
    scopeKey: string,
    connectionId: string | undefined,
    properties: PrivateEndpointConnectionProperties,
  ): void {
    const peId = present(properties.privateEndpoint?.id);
    const id = connectionId ?? `${scopeKey}/privateEndpointConnections/${peId ?? '?'}`;
    const existing = this.connectionsByScope.get(scopeKey) ?? [];
    if (existing.some((c) => idKey(c.id) === idKey(id))) return;
    existing.push({
      id,
      privateEndpointId: peId,
      privateEndpointKey: peId === undefined ? undefined : idKey(peId),
      status: present(properties.privateLinkServiceConnectionState?.status),
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

  /** How many private endpoints connect to an AMPLS, counting its connections inline and as child resources once. */
  connectionCount(scopeKey: string): number {
    return this.connectionsByScope.get(scopeKey)?.length ?? 0;
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

  /**
   * The state of a private endpoint's connection to an AMPLS, as the AMPLS shows it (the owner approves or rejects
   * there), else as the endpoint shows it; undefined when neither says.
   */
  connectionStatus(pe: PrivateEndpoint, scopeKey: string): string | undefined {
    const onScope = this.connectionsByScope.get(scopeKey)?.find((c) => c.privateEndpointKey === pe.key)?.status;
    return onScope ?? pe.scopes.find((s) => s.scopeKey === scopeKey)?.status;
  }

  /**
   * Every private endpoint of an AMPLS, whichever side shows the connection (the AMPLS inline or as child resources,
   * or the endpoint), each once, with its connection's state ('unknown' when neither side says), in id order.
   */
  endpointsOfScope(scopeKey: string): { id: string; key: string; status: string }[] {
    const found = new Map<string, { id: string; key: string; status: string }>();
    for (const c of this.connectionsByScope.get(scopeKey) ?? []) {
      if (c.privateEndpointKey === undefined || c.privateEndpointId === undefined) continue;
      const pe = this.privateEndpoints.get(c.privateEndpointKey);
      const status = (pe === undefined ? c.status : this.connectionStatus(pe, scopeKey)) ?? 'unknown';
      found.set(c.privateEndpointKey, { id: pe?.id ?? c.privateEndpointId, key: c.privateEndpointKey, status });
    }
    for (const pe of this.privateEndpoints.values()) {
      if (found.has(pe.key) || !pe.scopes.some((s) => s.scopeKey === scopeKey)) continue;
      found.set(pe.key, { id: pe.id, key: pe.key, status: this.connectionStatus(pe, scopeKey) ?? 'unknown' });
    }
    return [...found.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** The AMPLS (by key) a private endpoint connects to. */
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
    this.endpointsInIdOrder ??= [...this.privateEndpoints.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    const endpoints = this.endpointsInIdOrder;
    const exact = endpoints.find((pe) => pe.addresses.includes(address));
    if (exact) return exact;
    return endpoints.find((pe) => {
      if (pe.subnetId === undefined || pe.vnetKey === undefined) return false;
      const subnet = this.vnets.get(pe.vnetKey)?.subnets.get(idKey(pe.subnetId));
      return subnet?.prefixes.some((p) => inPrefix(address, p)) ?? false;
    });
  }

  /** The VNet a cluster's agents send from: the AKS node subnet's VNet, or the VNet an Arc site reaches. */
  clusterVnet(cluster: Cluster): VirtualNetwork | undefined {
    const id = this.clusterVnetId(cluster);
    return id === undefined ? undefined : this.vnets.get(idKey(id));
  }

  /** A subnet, by id, when its VNet is among the resources read. */
  subnet(subnetId: string): Subnet | undefined {
    return this.vnets.get(idKey(vnetOfSubnet(subnetId)))?.subnets.get(idKey(subnetId));
  }

  /** The node subnet's (or the Arc site's) VNet id even when that VNet is not among the resources read. */
  clusterVnetId(cluster: Cluster): string | undefined {
    if (cluster.kind === 'arc') return this.siteVnetOf(cluster);
    return cluster.nodeSubnetId === undefined ? undefined : vnetOfSubnet(cluster.nodeSubnetId);
  }
}
