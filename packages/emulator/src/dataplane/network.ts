/**
 * # The network model of the fleet (pure: resources in, verdicts out)
 *
 * For each monitored cluster, and each endpoint its agents use, this decides whether the agent's request succeeds
 * and, when it does not, why. It reads only the ARM resources in the store (the same ones discovery sees) and is
 * written from /work/shared/DOMAIN.md ("DOMAIN") and seed/kubernetes-monitoring-private-link.md ("seed"), never from
 * amplink's code.
 *
 * ## Which endpoints an agent uses
 * | agent | step | host | source |
 * |---|---|---|---|
 * | both | configuration | `configurationAccess.endpoint` of the DCE named by the cluster's `configurationAccessEndpoint` association; without one, `global.handler.control.monitor.azure.com` | DOMAIN "DCRA" (one configuration DCE per cluster, shared by both agents); DOMAIN rule 5 (global handler) |
 * | ama-metrics | ingestion | `metricsIngestion.endpoint` of the Prometheus DCR's DCE (else the AMW's default DCE) | DOMAIN "DCR", rules 2-3 |
 * | ama-logs | ingestion | `<customerId>.oms.opinsights.azure.com` and `<customerId>.ods.opinsights.azure.com` of each LAW of the Container insights DCR; plus the DCR's DCE `logsIngestion.endpoint` (high log scale) | DOMAIN rule 4, rule 5 (`*.ods`/`*.oms`), "Checking that data arrives" |
 * | both, user-defined routing | sign-in | `login.microsoftonline.com` | DOMAIN rule 5 ("in practice also ... login.microsoftonline.com") |
 *
 * ## How a name resolves inside a VNet (what the DNS server answers too)
 * | case | answer | source |
 * |---|---|---|
 * | no VNet (AKS without `vnetSubnetID`, Arc whose site reaches no VNet), or no private DNS zone for the name's suffix linked to the VNet | public address (203.0.113.0/24) | DOMAIN "What breaks": "zone not linked" → public IPs |
 * | the linked zone has an A record for the name (the global records: `global.handler.control`, `api`, ...) | that record's address | DOMAIN "Private endpoint": zones linked to the cluster's VNet |
| an Azure Monitor workspace's query host (`<name>-<suffix>.<region>.prometheus.monitor.azure.com`) and the VNet has `privatelink.<region>.prometheus.monitor.azure.com` linked with its record (the workspace endpoint's zone group writes it) | that record's address; the most specific linked zone answers | DOMAIN "Private endpoint": group `prometheusMetrics` |
 * | the name is a per-resource name (DCE hosts, `<customerId>` hosts) of a resource in the AMPLS of the zone's owning private endpoint | that private endpoint's address (4th address of its subnet) | Azure writes these records when a resource joins the AMPLS (seed "Add DCEs to AMPLS"); the fleet expansion does not store them |
 * | otherwise (resource not in that AMPLS; or the zone now belongs to another AMPLS) | public address | DOMAIN "What breaks": "a second AMPLS/private endpoint overwrote the A records" → public IPs; DOMAIN "Limits": a zone set connects to one AMPLS, the last one wins |
 *
 * The zone's owning private endpoint: the last one (store order) with a `privateDnsZoneGroups` entry naming the zone,
 * else the last whose subnet holds an address of one of the zone's A records (that is how the fleet writes them),
 * else that of its zone set (the five zones of one resource group: DOMAIN "Limits", "really: a DNS zone set").
 *
 * ## Whether a request succeeds
 * | # | condition | result (code) | source |
 * |---|---|---|---|
 * | 1 | user-defined routing whose egress (egress.ts: route table, Azure Firewall, its policy's rules) does not let `login.microsoftonline.com` through | every request fails (FIREWALL_BLOCKED, or EGRESS_DROPPED where the route drops it) | DOMAIN rule 5 |
 * | 2 | name resolves to a private endpoint that is neither in the cluster's VNet nor in a VNet peered with it (Connected both ways) | timeout (PRIVATE_ENDPOINT_UNREACHABLE) | DOMAIN rule 6 (the site must reach the endpoint's VNet); seed "Private link ingestion for remote write" |
 * | 2b | name resolves to a private endpoint whose connection to the AMPLS is not Approved (Pending, Rejected, Disconnected) | timeout (PRIVATE_ENDPOINT_NOT_APPROVED) | Private Link: only an approved connection carries traffic (the connection states of the Network and Insights specs) |
 * | 3 | configuration, the cluster is on private link (its VNet reaches the private endpoint owning the linked `privatelink.monitor.azure.com` zone) and there is no configuration DCE, or the DCE is not in that AMPLS | 403 `Data collection endpoint must be used to access configuration over private link. ErrorCode: -2146172665` (CONFIG_DCE_REQUIRED) | DOMAIN "What breaks" line 1; seed "Conceptual overview" |
 * | 4 | configuration DCE in another region than the cluster | ama-metrics never starts: `TokenConfig.json does not exist` ... (CONFIG_DCE_OTHER_REGION); ama-logs unaffected | DOMAIN rule 1, "What breaks" ("Prometheus never starts") |
 * | 5 | name resolves privately and the target is in that endpoint's AMPLS | succeeds, privately | DOMAIN rules 1-4 |
 * | 6 | name resolves privately, target not in that AMPLS | refused (NOT_IN_PRIVATE_LINK_SCOPE) | DOMAIN rules 2, 4 |
 * | 7 | public path, user-defined routing, and the egress (egress.ts) denies the host: no rule allows it, or a Deny rule comes first | blocked (FIREWALL_BLOCKED; EGRESS_DROPPED where the route drops it) | DOMAIN rule 5; seed "Ingestion from a private AKS cluster"; Azure Firewall rule processing (egress.ts) |
 * | 8 | public path, the cluster is on private link with an AMPLS whose `ingestionAccessMode` is PrivateOnly, target not in that AMPLS | blocked (PRIVATE_ONLY_BLOCKED) | DOMAIN "What breaks": "Ingestion mode PrivateOnly blocks every resource that is not in the AMPLS" |
 * | 9 | public path, DCE `networkAcls.publicNetworkAccess` not Enabled, or LAW `publicNetworkAccessForIngestion` Disabled | 403 (PUBLIC_ACCESS_DISABLED) | DOMAIN "DCE", "LAW" |
 * | 10 | otherwise | succeeds, publicly | |
 *
 * Not modelled: gateway transit and forwarded traffic over peerings (peerings are not transitive), custom DNS servers,
 * NXDOMAIN for names missing from a linked zone (DOMAIN reports public addresses, so public it is), query access modes,
 * Application Insights.
 *
 * Longer than ~400 lines on purpose: the tables above are the specification, and a third of the file is them; the
 * index (networks, zones, owners of names) and the verdicts that read it are one model, whose rows refer to each other
 * by number. Split, each half would need the other's private index.
 */
import { createHash } from 'node:crypto';
import { idKey, parentIdOf } from '../arm/ids.js';
import { RESOURCE_TYPES as T } from '../arm/resource-types.js';
import type { ArmResource, Json, JsonObject } from '../store/store.js';
import { AMPLS_PRIVATE_DNS_ZONES } from '../fleet/expand.js';
import { jsonText } from '../providers/base.js';
import { addressInPrefix, covers as prefixContains } from '../arm/ipv4.js';
import { EgressModel, type ClusterEgress, type EgressVerdict } from './egress.js';

/** What the model reads: the store's read side. */
export interface ResourceReader {
  get(id: string): ArmResource | undefined;
  ofType(type: string): ArmResource[];
  childrenOf(id: string, type?: string): ArmResource[];
  /** The VNet an on-premises site reaches over VPN or ExpressRoute: the world's knowledge, on no ARM resource. */
  siteNetworkOf(clusterId: string): string | undefined;
}

/** The types the network model reads, by short name (from the one table, src/arm/resource-types.ts). */
export const TYPES = {
  managedCluster: T.managedCluster.type,
  connectedCluster: T.connectedCluster.type,
  vnet: T.virtualNetwork.type,
  subnet: T.subnet.type,
  peering: T.virtualNetworkPeering.type,
  privateEndpoint: T.privateEndpoint.type,
  zoneGroup: T.privateDnsZoneGroup.type,
  zone: T.privateDnsZone.type,
  aRecord: T.aRecord.type,
  vnetLink: T.virtualNetworkLink.type,
  ampls: T.privateLinkScope.type,
  scopedResource: T.scopedResource.type,
  dce: T.dataCollectionEndpoint.type,
  dcr: T.dataCollectionRule.type,
  dcra: T.dataCollectionRuleAssociation.type,
  law: T.logAnalyticsWorkspace.type,
  amw: T.monitorAccount.type,
} as const;

/** DOMAIN.md "Private endpoint": the five zones; each private zone stands for the public suffix without `privatelink.`. */
export const PRIVATE_ZONES = AMPLS_PRIVATE_DNS_ZONES;
/** DOMAIN.md "Private endpoint": an Azure Monitor workspace's query zone, `privatelink.<region>.prometheus.monitor.azure.com`. */
const QUERY_ZONE = /^privatelink\.[a-z0-9]+\.prometheus\.monitor\.azure\.com$/;

export const GLOBAL_HANDLER = 'global.handler.control.monitor.azure.com';
export const LOGIN_HOST = 'login.microsoftonline.com';
/** DOMAIN.md "What breaks", first line. */
export const CONFIG_OVER_PRIVATE_LINK_MESSAGE =
  'Data collection endpoint must be used to access configuration over private link. ErrorCode: -2146172665';
/** DOMAIN.md "What breaks": what ama-metrics shows when it has no configuration. */
export const AMA_METRICS_NO_CONFIG_MESSAGES = [
  'TokenConfig.json does not exist',
  'liveness probe failed: 503 No configuration present for the AKS resource',
  'connection refused on 127.0.0.1:55680',
] as const;

export type FailureCode =
  | 'FIREWALL_BLOCKED'
  | 'EGRESS_DROPPED'
  | 'PRIVATE_ENDPOINT_UNREACHABLE'
  | 'PRIVATE_ENDPOINT_NOT_APPROVED'
  | 'CONFIG_DCE_REQUIRED'
  | 'CONFIG_DCE_OTHER_REGION'
  | 'NOT_IN_PRIVATE_LINK_SCOPE'
  | 'PRIVATE_ONLY_BLOCKED'
  | 'PUBLIC_ACCESS_DISABLED'
  | 'NO_DATA_COLLECTION_RULE'
  | 'NO_DESTINATION';

export type AgentName = 'ama-metrics' | 'ama-logs';
export type Step = 'sign-in' | 'configuration' | 'ingestion';

export interface Resolution {
  host: string;
  address: string;
  private: boolean;
  /** The private endpoint whose address this is. */
  privateEndpointId?: string;
  /** The private DNS zone that answered. */
  zoneId?: string;
}

export interface RequestVerdict {
  step: Step;
  host: string;
  /** The resource the request is for (a DCE or a LAW); undefined for the global handler and sign-in. */
  resourceId?: string;
  resolution: Resolution;
  ok: boolean;
  path: 'private' | 'public';
  code?: FailureCode;
  /** What the user sees (agent log line / HTTP status and text). */
  message?: string;
}

export interface AgentVerdict {
  agent: AgentName;
  ok: boolean;
  /** The first failure, if any. */
  code?: FailureCode;
  /** The first failure's messages as the user sees them (first line: the one to search for). */
  messages: string[];
  requests: RequestVerdict[];
  /** Where a successful send lands: the AMW (`accountId`) or LAWs (`customerId`). */
  destinations: { kind: 'amw' | 'law'; resourceId: string; key: string }[];
}

export interface ClusterVerdict {
  clusterId: string;
  clusterName: string;
  region: string;
  kind: 'aks' | 'arc';
  vnetId?: string;
  /** The AMPLS the cluster's network is on (private link), via which private endpoint. */
  privateLink?: { privateLinkScopeId: string; privateEndpointId: string; ingestionAccessMode: string };
  agents: AgentVerdict[];
}

interface Endpoint {
  id: string;
  vnetId: string;
  address: string;
  prefix: string;
  scopeIds: string[];
  /** The state of its connection to the AMPLS: only Approved carries traffic. */
  connectionStatus: string;
}

interface Zone {
  id: string;
  name: string;
  vnetIds: Set<string>;
  records: Map<string, string>;
  owner?: Endpoint | undefined;
}

const obj = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
const str = (value: Json | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const arr = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);
const props = (resource: ArmResource | undefined): JsonObject => obj(resource?.['properties']);
const hostOf = (url: string | undefined): string | undefined => {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
};

/** A public-looking address for a name: TEST-NET-3 (203.0.113.0/24, RFC 5737), never routed anywhere. */
export function publicAddress(host: string): string {
  const byte = createHash('sha256').update(host.toLowerCase()).digest()[0] ?? 0;
  return `203.0.113.${1 + (byte % 254)}`;
}

/** The model of one moment of the world. Build a new one when the store changes (it is cheap: one pass). */
export class NetworkModel {
  private readonly vnets = new Map<string, ArmResource>();
  private readonly subnetPrefix = new Map<string, string>();
  private readonly peered = new Set<string>();
  /** vnet id -> the VNets peered with it both ways (lower case). */
  private readonly peers = new Map<string, string[]>();
  private readonly endpoints: Endpoint[] = [];
  private readonly endpointById = new Map<string, Endpoint>();
  private readonly scopeMembers = new Map<string, Set<string>>();
  private readonly scopes = new Map<string, ArmResource>();
  /** vnetId -> zone name -> zone */
  private readonly zonesByVnet = new Map<string, Map<string, Zone>>();
  /** Per-resource host names -> resource id (DCE hosts, LAW `<customerId>` hosts). */
  private readonly hostOwner = new Map<string, string>();
  private readonly associations = new Map<string, ArmResource[]>();
  private readonly egress: EgressModel;

  constructor(private readonly reader: ResourceReader) {
    this.indexNetworks();
    this.indexScopes();
    this.indexZones();
    this.indexHosts();
    this.egress = new EgressModel(reader, (vnetId) => this.vnetsReachedFrom(vnetId));
    for (const association of reader.ofType(TYPES.dcra)) {
      const target = idKey(
        association.id.split(/\/providers\/microsoft\.insights\/datacollectionruleassociations\//i)[0] ?? '',
      );
      const list = this.associations.get(target) ?? [];
      list.push(association);
      this.associations.set(target, list);
    }
  }

  private indexNetworks(): void {
    for (const vnet of this.reader.ofType(TYPES.vnet)) {
      this.vnets.set(idKey(vnet.id), vnet);
    }
    for (const subnet of this.reader.ofType(TYPES.subnet)) {
      const p = props(subnet);
      const prefix = str(p['addressPrefix']) ?? str(arr(p['addressPrefixes'])[0]);
      if (prefix !== undefined) this.subnetPrefix.set(idKey(subnet.id), prefix);
    }
    const oneWay = new Set<string>();
    for (const peering of this.reader.ofType(TYPES.peering)) {
      const local = idKey(parentIdOf(peering.id) ?? '');
      const remote = idKey(str(obj(props(peering)['remoteVirtualNetwork'])['id']) ?? '');
      if (props(peering)['allowVirtualNetworkAccess'] === false) continue;
      oneWay.add(`${local}|${remote}`);
    }
    // A peering carries traffic once both sides exist (Azure shows "Connected").
    for (const key of oneWay) {
      const [a, b] = key.split('|');
      if (a === undefined || b === undefined || !oneWay.has(`${b}|${a}`)) continue;
      this.peered.add(key);
      this.peers.set(a, [...(this.peers.get(a) ?? []), b]);
    }
    for (const pe of this.reader.ofType(TYPES.privateEndpoint)) {
      const p = props(pe);
      const subnetId = str(obj(p['subnet'])['id']) ?? '';
      const prefix = this.subnetPrefix.get(idKey(subnetId));
      const vnetId = idKey(parentIdOf(subnetId) ?? '');
      // Only an Approved connection carries traffic: a manual one waits Pending until approved, and one the AMPLS
      // side rejected or removed (Rejected, Disconnected) carries none (the endpoint shows the state, see
      // providers/private-endpoint-connection-state.ts). The endpoint's address and DNS records exist all the same:
      // what resolves to it is dropped.
      const connections = [...arr(p['privateLinkServiceConnections']), ...arr(p['manualPrivateLinkServiceConnections'])]
        .map((c) => obj(obj(c)['properties']))
        .map((c) => ({
          scopeId: idKey(str(c['privateLinkServiceId']) ?? ''),
          status: str(obj(c['privateLinkServiceConnectionState'])['status']) ?? 'Pending',
        }))
        .filter((c) => c.scopeId.includes('/microsoft.insights/privatelinkscopes/'));
      if (prefix === undefined || connections.length === 0) continue;
      const approved = connections.filter((c) => c.status === 'Approved');
      const endpoint: Endpoint = {
        id: pe.id,
        vnetId,
        prefix,
        address: addressInPrefix(prefix, 4) ?? prefix.split('/')[0] ?? '',
        scopeIds: (approved.length > 0 ? approved : connections).map((c) => c.scopeId),
        connectionStatus: approved.length > 0 ? 'Approved' : (connections[0]?.status ?? 'Pending'),
      };
      this.endpoints.push(endpoint);
      this.endpointById.set(idKey(pe.id), endpoint);
    }
  }

  private indexScopes(): void {
    for (const scope of this.reader.ofType(TYPES.ampls)) {
      this.scopes.set(idKey(scope.id), scope);
      const members = new Set<string>();
      for (const scoped of this.reader.childrenOf(scope.id, TYPES.scopedResource)) {
        // A link carries traffic once Azure has finished it: not while Creating, nor when it Failed.
        const state = str(props(scoped)['provisioningState']);
        if (state !== undefined && state.toLowerCase() !== 'succeeded') continue;
        const linked = str(props(scoped)['linkedResourceId']);
        if (linked !== undefined) members.add(idKey(linked));
      }
      this.scopeMembers.set(idKey(scope.id), members);
    }
  }

  private indexZones(): void {
    const groupOwners = new Map<string, Endpoint>();
    for (const group of this.reader.ofType(TYPES.zoneGroup)) {
      const endpoint = this.endpointById.get(idKey(parentIdOf(group.id) ?? ''));
      if (endpoint === undefined) continue;
      for (const config of arr(props(group)['privateDnsZoneConfigs'])) {
        const zoneId = str(obj(obj(config)['properties'])['privateDnsZoneId']);
        if (zoneId !== undefined) groupOwners.set(idKey(zoneId), endpoint);
      }
    }
    const zones: Zone[] = [];
    for (const zoneResource of this.reader.ofType(TYPES.zone)) {
      const name = jsonText(zoneResource['name']).toLowerCase();
      const querying = QUERY_ZONE.test(name);
      if (!querying && !(PRIVATE_ZONES as readonly string[]).includes(name)) continue;
      const zone: Zone = { id: zoneResource.id, name, vnetIds: new Set(), records: new Map() };
      for (const link of this.reader.childrenOf(zoneResource.id, TYPES.vnetLink)) {
        const vnetId = str(obj(props(link)['virtualNetwork'])['id']);
        if (vnetId !== undefined) zone.vnetIds.add(idKey(vnetId));
      }
      for (const record of this.reader.childrenOf(zoneResource.id, TYPES.aRecord)) {
        const address = str(obj(arr(props(record)['aRecords'])[0])['ipv4Address']);
        if (address !== undefined) zone.records.set(jsonText(record['name']).toLowerCase(), address);
      }
      // A workspace's query zone is no part of an AMPLS zone set: its records are the workspace endpoint's.
      if (!querying) zones.push(zone);
      for (const vnetId of zone.vnetIds) {
        const byName = this.zonesByVnet.get(vnetId) ?? new Map<string, Zone>();
        byName.set(name, zone);
        this.zonesByVnet.set(vnetId, byName);
      }
    }
    // The five zones of one resource group are one zone set (DOMAIN.md "Limits"): a private endpoint writes into all
    // of them, so a zone without records of its own (the fleet writes only the global ones) has the set's owner.
    const sets = new Map<string, Zone[]>();
    for (const zone of zones) {
      const key = idKey(parentIdOf(zone.id) ?? '');
      sets.set(key, [...(sets.get(key) ?? []), zone]);
    }
    for (const set of sets.values()) {
      const setOwner = this.ownerByAddress(set.flatMap((z) => [...z.records.values()]));
      for (const zone of set) {
        zone.owner = groupOwners.get(idKey(zone.id)) ?? this.ownerByAddress([...zone.records.values()]) ?? setOwner;
      }
    }
  }

  /** The last private endpoint (store order) whose subnet holds one of these addresses. */
  private ownerByAddress(addresses: string[]): Endpoint | undefined {
    let owner: Endpoint | undefined;
    for (const endpoint of this.endpoints) {
      if (addresses.some((address) => prefixContains(endpoint.prefix, address))) owner = endpoint;
    }
    return owner;
  }

  private indexHosts(): void {
    for (const dce of this.reader.ofType(TYPES.dce)) {
      const p = props(dce);
      for (const key of ['configurationAccess', 'logsIngestion', 'metricsIngestion']) {
        const host = hostOf(str(obj(p[key])['endpoint']));
        if (host !== undefined) this.hostOwner.set(host, dce.id);
      }
    }
    for (const law of this.reader.ofType(TYPES.law)) {
      const customerId = str(props(law)['customerId'])?.toLowerCase();
      if (customerId === undefined) continue;
      for (const suffix of ['ods.opinsights.azure.com', 'oms.opinsights.azure.com', 'agentsvc.azure-automation.net'])
        this.hostOwner.set(`${customerId}.${suffix}`, law.id);
    }
  }

  /** Every VNet, for the DNS servers. */
  virtualNetworks(): { id: string; name: string }[] {
    return [...this.vnets.values()].map((v) => ({ id: v.id, name: jsonText(v['name']) }));
  }

  /** How `host` resolves from inside `vnetId` (undefined: from the internet). */
  resolve(vnetId: string | undefined, host: string): Resolution {
    const name = host.toLowerCase().replace(/\.$/, '');
    const publicAnswer: Resolution = { host: name, address: publicAddress(name), private: false };
    if (vnetId === undefined) return publicAnswer;
    const linked = this.zonesByVnet.get(idKey(vnetId));
    // The most specific linked zone answers: a workspace's query zone before `privatelink.monitor.azure.com`.
    const zoneName = [...(linked?.keys() ?? [])]
      .filter((z) => name.endsWith(`.${z.slice('privatelink.'.length)}`))
      .sort((a, b) => b.length - a.length)[0];
    const zone = zoneName === undefined ? undefined : linked?.get(zoneName);
    if (zoneName === undefined || zone === undefined) return publicAnswer;
    const relative = name.slice(0, name.length - zoneName.length + 'privatelink.'.length - 1);
    const recorded = zone.records.get(relative);
    if (recorded !== undefined) {
      // The AMPLS endpoints are the ones modelled; a workspace's query record names none of them.
      const endpoint = QUERY_ZONE.test(zone.name)
        ? undefined
        : (this.endpoints.findLast((e) => prefixContains(e.prefix, recorded)) ?? zone.owner);
      return {
        host: name,
        address: recorded,
        private: true,
        zoneId: zone.id,
        ...(endpoint === undefined ? {} : { privateEndpointId: endpoint.id }),
      };
    }
    const resourceId = this.hostOwner.get(name);
    const owner = zone.owner;
    if (resourceId !== undefined && owner !== undefined && this.inAnyScope(owner, resourceId)) {
      return { host: name, address: owner.address, private: true, zoneId: zone.id, privateEndpointId: owner.id };
    }
    return publicAnswer;
  }

  private inAnyScope(endpoint: Endpoint, resourceId: string): boolean {
    return endpoint.scopeIds.some((s) => this.scopeMembers.get(s)?.has(idKey(resourceId)) === true);
  }

  private reachable(fromVnet: string | undefined, endpoint: Endpoint): boolean {
    if (fromVnet === undefined) return false;
    const from = idKey(fromVnet);
    return from === endpoint.vnetId || this.peered.has(`${from}|${endpoint.vnetId}`);
  }

  /** The VNet a cluster's nodes are in (AKS: its subnet; Arc: the VNet its site reaches, as the world knows it). */
  clusterVnet(cluster: ArmResource): string | undefined {
    if (idKey(cluster.type) === idKey(TYPES.connectedCluster)) {
      const vnetId = this.reader.siteNetworkOf(cluster.id);
      return vnetId === undefined ? undefined : (this.vnets.get(idKey(vnetId))?.id ?? vnetId);
    }
    for (const pool of arr(props(cluster)['agentPoolProfiles'])) {
      const subnetId = str(obj(pool)['vnetSubnetID']);
      if (subnetId !== undefined) {
        const vnetId = parentIdOf(subnetId);
        if (vnetId !== undefined) return this.vnets.get(idKey(vnetId))?.id ?? vnetId;
      }
    }
    return undefined;
  }

  /** The VNets traffic from a VNet reaches: itself and those peered with it both ways (lower case). */
  private vnetsReachedFrom(vnetId: string): readonly string[] {
    const from = idKey(vnetId);
    return [from, ...(this.peers.get(from) ?? [])];
  }

  /** The AMPLS a VNet is on: the reachable private endpoint owning its linked `privatelink.monitor.azure.com` zone. */
  privateLinkOf(vnetId: string | undefined): ClusterVerdict['privateLink'] {
    if (vnetId === undefined) return undefined;
    const zone = this.zonesByVnet.get(idKey(vnetId))?.get('privatelink.monitor.azure.com');
    const owner = zone?.owner;
    // An AMPLS sees no traffic from a network whose endpoint it has not approved.
    if (owner === undefined || owner.connectionStatus !== 'Approved' || !this.reachable(vnetId, owner))
      return undefined;
    const scopeId = owner.scopeIds[owner.scopeIds.length - 1] ?? '';
    const scope = this.scopes.get(scopeId);
    const mode = str(obj(props(scope)['accessModeSettings'])['ingestionAccessMode']) ?? 'Open';
    return { privateLinkScopeId: scope?.id ?? scopeId, privateEndpointId: owner.id, ingestionAccessMode: mode };
  }

  clusters(): ArmResource[] {
    return [...this.reader.ofType(TYPES.managedCluster), ...this.reader.ofType(TYPES.connectedCluster)];
  }

  /** Verdicts for every monitored cluster. */
  evaluateAll(): ClusterVerdict[] {
    const out: ClusterVerdict[] = [];
    for (const cluster of this.clusters()) {
      const verdict = this.evaluate(cluster);
      if (verdict.agents.length > 0) out.push(verdict);
    }
    return out;
  }

  evaluate(cluster: ArmResource): ClusterVerdict {
    const vnetId = this.clusterVnet(cluster);
    const privateLink = this.privateLinkOf(vnetId);
    const region = jsonText(cluster['location']).toLowerCase();
    const egress = this.egress.of(cluster);
    const context: Context = { cluster, vnetId, privateLink, egress, region };
    const associations = this.associations.get(idKey(cluster.id)) ?? [];
    const rules = associations
      .map((a) => str(props(a)['dataCollectionRuleId']))
      .filter((id): id is string => id !== undefined)
      .map((id) => this.reader.get(id))
      .filter((r): r is ArmResource => r !== undefined);
    const configAssociation = associations.find(
      (a) => jsonText(a['name']).toLowerCase() === 'configurationaccessendpoint',
    );
    const configDceId = str(props(configAssociation)['dataCollectionEndpointId']);
    const configDce = configDceId === undefined ? undefined : this.reader.get(configDceId);
    const promRule = rules.find((r) => arr(obj(props(r)['dataSources'])['prometheusForwarder']).length > 0);
    const logsRule = rules.find((r) =>
      arr(obj(props(r)['dataSources'])['extensions']).some(
        (e) => str(obj(e)['extensionName'])?.toLowerCase() === 'containerinsights',
      ),
    );
    const p = props(cluster);
    const metricsOn = obj(obj(p['azureMonitorProfile'])['metrics'])['enabled'] === true || promRule !== undefined;
    const logsOn = obj(obj(p['addonProfiles'])['omsagent'])['enabled'] === true || logsRule !== undefined;
    const agents: AgentVerdict[] = [];
    if (metricsOn) agents.push(this.metricsAgent(context, configDce, promRule));
    if (logsOn) agents.push(this.logsAgent(context, configDce, logsRule));
    return {
      clusterId: cluster.id,
      clusterName: jsonText(cluster['name']),
      region,
      kind: idKey(cluster.type) === idKey(TYPES.connectedCluster) ? 'arc' : 'aks',
      ...(vnetId === undefined ? {} : { vnetId }),
      ...(privateLink === undefined ? {} : { privateLink }),
      agents,
    };
  }

  private metricsAgent(ctx: Context, configDce: ArmResource | undefined, rule: ArmResource | undefined): AgentVerdict {
    const requests: RequestVerdict[] = [];
    const destinations: AgentVerdict['destinations'] = [];
    const fail = (code: FailureCode, messages: string[]): AgentVerdict => ({
      agent: 'ama-metrics',
      ok: false,
      code,
      messages,
      requests,
      destinations,
    });
    const noConfig = (cause: string): string[] => [...AMA_METRICS_NO_CONFIG_MESSAGES, `cause: ${cause}`];
    const signIn = this.signIn(ctx);
    if (signIn !== undefined) {
      requests.push(signIn);
      return fail(signIn.code ?? 'FIREWALL_BLOCKED', noConfig(signIn.message ?? ''));
    }
    const config = this.configuration(ctx, configDce);
    requests.push(config);
    if (!config.ok) return fail(config.code ?? 'CONFIG_DCE_REQUIRED', noConfig(config.message ?? ''));
    const dceRegion = jsonText(configDce?.['location']).toLowerCase();
    if (configDce !== undefined && dceRegion !== ctx.region) {
      return fail(
        'CONFIG_DCE_OTHER_REGION',
        noConfig(
          `the configuration data collection endpoint ${configDce.id} is in ${dceRegion}, the cluster in ${ctx.region}: Prometheus never starts`,
        ),
      );
    }
    if (rule === undefined)
      return fail(
        'NO_DATA_COLLECTION_RULE',
        noConfig('no Prometheus data collection rule is associated with the cluster'),
      );
    const accounts = arr(obj(props(rule)['destinations'])['monitoringAccounts'])
      .map((a) => str(obj(a)['accountResourceId']))
      .filter((id): id is string => id !== undefined)
      .map((id) => this.reader.get(id))
      .filter((a): a is ArmResource => a !== undefined);
    if (accounts.length === 0)
      return fail('NO_DESTINATION', ['the Prometheus data collection rule has no Azure Monitor workspace that exists']);
    let dceId = str(props(rule)['dataCollectionEndpointId']);
    if (dceId === undefined)
      dceId = str(obj(props(accounts[0])['defaultIngestionSettings'])['dataCollectionEndpointResourceId']);
    const dce = dceId === undefined ? undefined : this.reader.get(dceId);
    const host = hostOf(str(obj(props(dce)['metricsIngestion'])['endpoint']));
    if (dce === undefined || host === undefined)
      return fail('NO_DESTINATION', [
        'the Prometheus data collection rule names no data collection endpoint that exists',
      ]);
    const send = this.request(ctx, 'ingestion', host, dce);
    requests.push(send);
    if (!send.ok)
      return fail(send.code ?? 'NO_DESTINATION', [`remote write to https://${host} failed: ${send.message ?? ''}`]);
    for (const account of accounts)
      destinations.push({
        kind: 'amw',
        resourceId: account.id,
        key: (str(props(account)['accountId']) ?? '').toLowerCase(),
      });
    return { agent: 'ama-metrics', ok: true, messages: [], requests, destinations };
  }

  private logsAgent(ctx: Context, configDce: ArmResource | undefined, rule: ArmResource | undefined): AgentVerdict {
    const requests: RequestVerdict[] = [];
    const destinations: AgentVerdict['destinations'] = [];
    const fail = (code: FailureCode, messages: string[]): AgentVerdict => ({
      agent: 'ama-logs',
      ok: false,
      code,
      messages,
      requests,
      destinations,
    });
    const signIn = this.signIn(ctx);
    if (signIn !== undefined) {
      requests.push(signIn);
      return fail(signIn.code ?? 'FIREWALL_BLOCKED', [
        `mdsd.err: failed to get an access token: ${signIn.message ?? ''}`,
      ]);
    }
    const config = this.configuration(ctx, configDce);
    requests.push(config);
    if (!config.ok) return fail(config.code ?? 'CONFIG_DCE_REQUIRED', [`mdsd.err: ${config.message ?? ''}`]);
    if (rule === undefined)
      return fail('NO_DATA_COLLECTION_RULE', [
        'mdsd.err: no Container insights data collection rule is associated with the cluster',
      ]);
    const workspaces = arr(obj(props(rule)['destinations'])['logAnalytics'])
      .map((d) => str(obj(d)['workspaceResourceId']))
      .filter((id): id is string => id !== undefined)
      .map((id) => this.reader.get(id))
      .filter((w): w is ArmResource => w !== undefined);
    if (workspaces.length === 0)
      return fail('NO_DESTINATION', [
        'mdsd.err: the Container insights data collection rule has no Log Analytics workspace that exists',
      ]);
    const dceId = str(props(rule)['dataCollectionEndpointId']);
    const dce = dceId === undefined ? undefined : this.reader.get(dceId);
    const dceHost = hostOf(str(obj(props(dce)['logsIngestion'])['endpoint']));
    if (dce !== undefined && dceHost !== undefined) {
      const send = this.request(ctx, 'ingestion', dceHost, dce);
      requests.push(send);
      if (!send.ok)
        return fail(send.code ?? 'NO_DESTINATION', [
          `mdsd.err: upload to https://${dceHost} failed: ${send.message ?? ''}`,
        ]);
    }
    for (const workspace of workspaces) {
      const customerId = (str(props(workspace)['customerId']) ?? '').toLowerCase();
      for (const suffix of ['oms.opinsights.azure.com', 'ods.opinsights.azure.com']) {
        const host = `${customerId}.${suffix}`;
        const send = this.request(ctx, 'ingestion', host, workspace);
        requests.push(send);
        if (!send.ok)
          return fail(send.code ?? 'NO_DESTINATION', [
            `mdsd.err: upload to https://${host} failed: ${send.message ?? ''}`,
          ]);
      }
      destinations.push({ kind: 'law', resourceId: workspace.id, key: customerId });
    }
    return { agent: 'ama-logs', ok: true, messages: [], requests, destinations };
  }

  /** Rule 1 of the table: egress that does not let the agents sign in. */
  private signIn(ctx: Context): RequestVerdict | undefined {
    const resolution = this.resolve(ctx.vnetId, LOGIN_HOST);
    const denied = egressDenied(ctx, LOGIN_HOST, resolution.address);
    if (denied === undefined) return undefined;
    return { step: 'sign-in', host: LOGIN_HOST, resolution, ok: false, path: 'public', ...denied };
  }

  private configuration(ctx: Context, configDce: ArmResource | undefined): RequestVerdict {
    const host = hostOf(str(obj(props(configDce)['configurationAccess'])['endpoint'])) ?? GLOBAL_HANDLER;
    const resolution = this.resolve(ctx.vnetId, host);
    const onPrivateLink = ctx.privateLink !== undefined;
    const inScope =
      configDce !== undefined &&
      onPrivateLink &&
      this.scopeMembers.get(idKey(ctx.privateLink?.privateLinkScopeId ?? ''))?.has(idKey(configDce.id)) === true;
    const unreachable = this.unreachable(ctx, resolution);
    if (unreachable !== undefined) return { ...unreachable, step: 'configuration' };
    // Rule 3: over private link the handler insists on a configuration DCE in the AMPLS.
    if ((onPrivateLink && !inScope) || (configDce === undefined && resolution.private)) {
      return {
        step: 'configuration',
        host,
        ...(configDce === undefined ? {} : { resourceId: configDce.id }),
        resolution,
        ok: false,
        path: resolution.private ? 'private' : 'public',
        code: 'CONFIG_DCE_REQUIRED',
        message: `403 Forbidden from https://${host}: ${CONFIG_OVER_PRIVATE_LINK_MESSAGE}`,
      };
    }
    if (configDce === undefined) {
      // The global handler is no resource: only the egress path can stop it.
      const denied = resolution.private ? undefined : egressDenied(ctx, host, resolution.address);
      if (denied !== undefined) {
        return { step: 'configuration', host, resolution, ok: false, path: 'public', ...denied };
      }
      return { step: 'configuration', host, resolution, ok: true, path: resolution.private ? 'private' : 'public' };
    }
    return this.request(ctx, 'configuration', host, configDce);
  }

  private unreachable(ctx: Context, resolution: Resolution): RequestVerdict | undefined {
    if (!resolution.private) return undefined;
    const endpoint =
      resolution.privateEndpointId === undefined
        ? undefined
        : this.endpointById.get(idKey(resolution.privateEndpointId));
    const reached = endpoint !== undefined && this.reachable(ctx.vnetId, endpoint);
    if (reached && endpoint.connectionStatus === 'Approved') return undefined;
    const timeout = `dial tcp ${resolution.address}:443: i/o timeout (${resolution.host} resolves to private endpoint ${endpoint?.id ?? 'unknown'}`;
    return {
      step: 'ingestion',
      host: resolution.host,
      resolution,
      ok: false,
      path: 'private',
      ...(reached
        ? {
            code: 'PRIVATE_ENDPOINT_NOT_APPROVED',
            message: `${timeout}, whose connection to the AMPLS is ${endpoint.connectionStatus}: Azure drops its traffic until the AMPLS approves it)`,
          }
        : {
            code: 'PRIVATE_ENDPOINT_UNREACHABLE',
            message: `${timeout}, whose VNet is not ${ctx.vnetId ?? 'reachable'} nor peered with it)`,
          }),
    };
  }

  /** Rules 2 and 5-10 for a request to `target` (a DCE or a LAW) at `host`. */
  private request(ctx: Context, step: Step, host: string, target: ArmResource): RequestVerdict {
    const resolution = this.resolve(ctx.vnetId, host);
    const base = { step, host, resourceId: target.id, resolution };
    const unreachable = this.unreachable(ctx, resolution);
    if (unreachable !== undefined) return { ...unreachable, ...base };
    if (resolution.private) {
      const endpoint = this.endpointById.get(idKey(resolution.privateEndpointId ?? ''));
      if (endpoint !== undefined && this.inAnyScope(endpoint, target.id)) return { ...base, ok: true, path: 'private' };
      return {
        ...base,
        ok: false,
        path: 'private',
        code: 'NOT_IN_PRIVATE_LINK_SCOPE',
        message: `403 Forbidden from https://${host} (${resolution.address}): ${target.id} is not in the private link scope of private endpoint ${endpoint?.id ?? ''}`,
      };
    }
    const where = `${host} resolved to public address ${resolution.address}`;
    const denied = egressDenied(ctx, host, resolution.address);
    if (denied !== undefined) return { ...base, ok: false, path: 'public', ...denied };
    const scope = ctx.privateLink;
    if (scope !== undefined && scope.ingestionAccessMode === 'PrivateOnly') {
      const members = this.scopeMembers.get(idKey(scope.privateLinkScopeId));
      if (members?.has(idKey(target.id)) !== true) {
        return {
          ...base,
          ok: false,
          path: 'public',
          code: 'PRIVATE_ONLY_BLOCKED',
          message: `${where}; blocked: ingestion access mode PrivateOnly of ${scope.privateLinkScopeId} blocks ${target.id}, which is not in that private link scope`,
        };
      }
    }
    const p = props(target);
    const isLaw = idKey(target.type) === idKey(TYPES.law);
    const access = isLaw
      ? (str(p['publicNetworkAccessForIngestion']) ?? 'Enabled')
      : (str(obj(p['networkAcls'])['publicNetworkAccess']) ?? 'Enabled');
    if (access !== 'Enabled') {
      return {
        ...base,
        ok: false,
        path: 'public',
        code: 'PUBLIC_ACCESS_DISABLED',
        message: `${where}; 403 Forbidden: public network access ${isLaw ? 'for ingestion ' : ''}is ${access} on ${target.id} and the request did not come through its private link scope`,
      };
    }
    return { ...base, ok: true, path: 'public' };
  }
}

interface Context {
  cluster: ArmResource;
  vnetId: string | undefined;
  privateLink: ClusterVerdict['privateLink'];
  /** Where a user-defined-routing cluster's public requests go (undefined: out through its load balancer). */
  egress: ClusterEgress | undefined;
  region: string;
}

/** Rules 1 and 7: what stops a public request on the cluster's egress path, if anything. */
function egressDenied(ctx: Context, host: string, address: string): { code: FailureCode; message: string } | undefined {
  const verdict: EgressVerdict = ctx.egress?.decide(host, address) ?? { allowed: true };
  return verdict.allowed ? undefined : { code: verdict.code, message: verdict.message };
}
