import { parseSnapshot } from '../../src/discover/snapshot.js';
import type { ArmResource } from '../../src/model/resources.js';
import { Topology } from '../../src/model/topology.js';

/** The subscription of the seed article's examples. */
export const SEED_SUBSCRIPTION = '71b36fb6-4fe4-4664-9a7b-245dc62f2930';

type Json = Record<string, unknown>;

export interface ClusterSpec {
  name: string;
  region: string;
  group?: string;
  subscription?: string;
  kind?: 'aks' | 'arc';
  /** Azure Monitor workspace id the Prometheus rule writes to. */
  metricsTo?: string;
  /** Log Analytics workspace id the Container insights rule writes to. */
  logsTo?: string;
  /** Container insights through a high-scale ingestion DCE. */
  highLogScale?: boolean;
  tags?: Record<string, string>;
  /** Prometheus rule without a DCE (as some old set-ups have). */
  prometheusWithoutEndpoint?: boolean;
}

/**
 * Builds worlds as ARM GET returns them, named as Azure and Azure CLI name things
 * (MSProm-<amwRegion>-<cluster>, MSCI-<wsRegion>-<cluster>, ContainerInsights(Metrics)Extension).
 */
export class World {
  readonly resources: Json[] = [];

  constructor(readonly subscription = SEED_SUBSCRIPTION) {}

  group(name: string, subscription = this.subscription): string {
    return `/subscriptions/${subscription}/resourceGroups/${name}`;
  }

  add(resource: Json): string {
    this.resources.push(resource);
    return resource['id'] as string;
  }

  ampls(name = 'my-ampls', group = 'my-resource-group', ingestion = 'PrivateOnly', endpoints = 1): string {
    const id = `${this.group(group)}/providers/Microsoft.Insights/privateLinkScopes/${name}`;
    return this.add({
      id,
      name,
      type: 'microsoft.insights/privatelinkscopes',
      location: 'global',
      properties: {
        provisioningState: 'Succeeded',
        accessModeSettings: { ingestionAccessMode: ingestion, queryAccessMode: 'Open', exclusions: [] },
        privateEndpointConnections: Array.from({ length: endpoints }, (_, i) => ({
          id: `${id}/privateEndpointConnections/pe-${i}`,
          properties: { privateLinkServiceConnectionState: { status: 'Approved' } },
        })),
      },
    });
  }

  dce(name: string, region: string, group: string, tags: Record<string, string> = {}): string {
    const id = `${this.group(group)}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}`;
    return this.add({
      id,
      name,
      type: 'Microsoft.Insights/dataCollectionEndpoints',
      location: region,
      tags,
      properties: {
        configurationAccess: {
          endpoint: `https://${name.toLowerCase()}-abcd.${region}-1.handler.control.monitor.azure.com`,
        },
        logsIngestion: { endpoint: `https://${name.toLowerCase()}-abcd.${region}-1.ingest.monitor.azure.com` },
        networkAcls: { publicNetworkAccess: 'Enabled' },
        provisioningState: 'Succeeded',
      },
    });
  }

  /** An Azure Monitor workspace with the managed group, DCE and DCR that Azure creates with it. */
  amw(name: string, region: string, group = 'monitoring'): { id: string; endpointId: string } {
    const managed = `MA_${name}_${region}_managed`;
    const endpointId = this.dce(name, region, managed);
    const ruleId = this.add({
      id: `${this.group(managed)}/providers/Microsoft.Insights/dataCollectionRules/${name}`,
      name,
      type: 'Microsoft.Insights/dataCollectionRules',
      location: region,
      properties: { dataCollectionEndpointId: endpointId },
    });
    const id = this.add({
      id: `${this.group(group)}/providers/Microsoft.Monitor/accounts/${name}`,
      name,
      type: 'Microsoft.Monitor/accounts',
      location: region,
      properties: {
        accountId: '00000000-0000-0000-0000-000000000001',
        defaultIngestionSettings: {
          dataCollectionEndpointResourceId: endpointId,
          dataCollectionRuleResourceId: ruleId,
        },
        metrics: { prometheusQueryEndpoint: `https://${name}.${region}.prometheus.monitor.azure.com` },
      },
    });
    return { id, endpointId };
  }

  law(name: string, region: string, group = 'monitoring'): string {
    return this.add({
      id: `${this.group(group)}/providers/Microsoft.OperationalInsights/workspaces/${name}`,
      name,
      type: 'Microsoft.OperationalInsights/workspaces',
      location: region,
      properties: { customerId: '11111111-1111-1111-1111-111111111111', publicNetworkAccessForIngestion: 'Enabled' },
    });
  }

  cluster(spec: ClusterSpec): string {
    const group = spec.group ?? 'aks';
    const subscription = spec.subscription ?? this.subscription;
    const groupId = this.group(group, subscription);
    const arc = spec.kind === 'arc';
    const id = this.add({
      id: arc
        ? `${groupId}/providers/Microsoft.Kubernetes/connectedClusters/${spec.name}`
        : `${groupId}/providers/Microsoft.ContainerService/managedClusters/${spec.name}`,
      name: spec.name,
      type: arc ? 'Microsoft.Kubernetes/connectedClusters' : 'Microsoft.ContainerService/managedClusters',
      location: spec.region,
      tags: spec.tags ?? {},
      properties: arc
        ? { provisioningState: 'Succeeded', connectivityStatus: 'Connected' }
        : {
            provisioningState: 'Succeeded',
            azureMonitorProfile: { metrics: { enabled: spec.metricsTo !== undefined } },
            addonProfiles: { omsagent: { enabled: spec.logsTo !== undefined, config: {} } },
          },
    });
    if (spec.metricsTo) {
      const amw = this.resources.find((r) => r['id'] === spec.metricsTo);
      const amwRegion = (amw?.['location'] as string | undefined) ?? spec.region;
      const base = `MSProm-${amwRegion}-${spec.name}`;
      // Azure CLI makes the Prometheus DCE and DCR in the workspace's region, which is why clusters elsewhere
      // need a configuration DCE of their own region (rule 1).
      const endpointId = spec.prometheusWithoutEndpoint ? undefined : this.dce(base, amwRegion, group);
      const ruleId = this.rule(groupId, base, amwRegion, {
        dataCollectionEndpointId: endpointId,
        dataSources: {
          prometheusForwarder: [{ name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'] }],
        },
        destinations: { monitoringAccounts: [{ accountResourceId: spec.metricsTo, name: 'MonitoringAccount1' }] },
      });
      this.association(id, 'ContainerInsightsMetricsExtension', { dataCollectionRuleId: ruleId });
    }
    if (spec.logsTo) {
      const law = this.resources.find((r) => r['id'] === spec.logsTo);
      const lawRegion = (law?.['location'] as string | undefined) ?? spec.region;
      const endpointId = spec.highLogScale
        ? this.dce(`MSCI-ingest-${lawRegion}-${spec.name}`, lawRegion, group)
        : undefined;
      const ruleId = this.rule(groupId, `MSCI-${lawRegion}-${spec.name}`, lawRegion, {
        dataCollectionEndpointId: endpointId,
        dataSources: {
          extensions: [
            {
              name: 'ContainerInsightsExtension',
              extensionName: 'ContainerInsights',
              streams: ['Microsoft-ContainerLogV2'],
            },
          ],
        },
        destinations: { logAnalytics: [{ workspaceResourceId: spec.logsTo, name: 'ciworkspace' }] },
      });
      this.association(id, 'ContainerInsightsExtension', { dataCollectionRuleId: ruleId });
    }
    return id;
  }

  rule(groupId: string, name: string, region: string, properties: Json): string {
    const clean = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined));
    return this.add({
      id: `${groupId}/providers/Microsoft.Insights/dataCollectionRules/${name}`,
      name,
      type: 'Microsoft.Insights/dataCollectionRules',
      location: region,
      properties: clean,
    });
  }

  association(clusterId: string, name: string, properties: Json): string {
    return this.add({
      id: `${clusterId}/providers/Microsoft.Insights/dataCollectionRuleAssociations/${name}`,
      name,
      type: 'Microsoft.Insights/dataCollectionRuleAssociations',
      properties,
    });
  }

  configuration(clusterId: string, endpointId: string): string {
    return this.association(clusterId, 'configurationAccessEndpoint', { dataCollectionEndpointId: endpointId });
  }

  link(scopeId: string, linkedId: string, name = `${linkedId.split('/').pop() ?? 'x'}-connection`): string {
    return this.add({
      id: `${scopeId}/scopedResources/${name}`,
      name,
      type: 'Microsoft.Insights/privateLinkScopes/scopedResources',
      properties: { linkedResourceId: linkedId, provisioningState: 'Succeeded' },
    });
  }

  snapshotText(): string {
    return JSON.stringify({ value: this.resources });
  }

  parsed(): ArmResource[] {
    return parseSnapshot(this.snapshotText(), 'test world');
  }

  topology(): Topology {
    return new Topology(this.parsed());
  }

  // Network resources (Microsoft.Network, as ARM GET returns them), for verify.

  /** A VNet with its subnets inline, as `az network vnet show` returns it. */
  vnet(name: string, region: string, subnets: Record<string, string>, group = 'network'): string {
    const id = `${this.group(group)}/providers/Microsoft.Network/virtualNetworks/${name}`;
    return this.add({
      id,
      name,
      type: 'Microsoft.Network/virtualNetworks',
      location: region,
      properties: {
        addressSpace: { addressPrefixes: Object.values(subnets) },
        subnets: Object.entries(subnets).map(([subnet, prefix]) => ({
          id: `${id}/subnets/${subnet}`,
          name: subnet,
          properties: { addressPrefix: prefix },
        })),
        virtualNetworkPeerings: [],
      },
    });
  }

  subnet(vnetId: string, name: string): string {
    return `${vnetId}/subnets/${name}`;
  }

  /** One direction of a peering; Azure shows `Connected` once both directions exist, `Initiated` before. */
  peering(fromVnetId: string, toVnetId: string, state: 'Connected' | 'Initiated' = 'Connected'): string {
    const name = `${fromVnetId.split('/').pop() ?? ''}-to-${toVnetId.split('/').pop() ?? ''}`;
    return this.add({
      id: `${fromVnetId}/virtualNetworkPeerings/${name}`,
      name,
      type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
      properties: { remoteVirtualNetwork: { id: toVnetId }, allowVirtualNetworkAccess: true, peeringState: state },
    });
  }

  /** A private endpoint to an AMPLS (group id azuremonitor), auto-approved unless a status is given. */
  privateEndpoint(
    name: string,
    scopeId: string,
    subnetId: string,
    group = 'network',
    status: 'Approved' | 'Pending' | 'Rejected' = 'Approved',
  ): string {
    return this.add({
      id: `${this.group(group)}/providers/Microsoft.Network/privateEndpoints/${name}`,
      name,
      type: 'Microsoft.Network/privateEndpoints',
      location: 'eastus',
      properties: {
        subnet: { id: subnetId },
        privateLinkServiceConnections: [
          {
            name,
            properties: {
              privateLinkServiceId: scopeId,
              groupIds: ['azuremonitor'],
              privateLinkServiceConnectionState: { status },
            },
          },
        ],
      },
    });
  }

  dnsZone(name: string, group = 'network'): string {
    return this.add({
      id: `${this.group(group)}/providers/Microsoft.Network/privateDnsZones/${name}`,
      name,
      type: 'Microsoft.Network/privateDnsZones',
      location: 'global',
      properties: {},
    });
  }

  zoneLink(zoneId: string, vnetId: string): string {
    const name = `${vnetId.split('/').pop() ?? ''}-link`;
    return this.add({
      id: `${zoneId}/virtualNetworkLinks/${name}`,
      name,
      type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
      location: 'global',
      properties: { virtualNetwork: { id: vnetId }, registrationEnabled: false },
    });
  }

  aRecord(zoneId: string, name: string, address: string): string {
    return this.add({
      id: `${zoneId}/A/${name}`,
      name,
      type: 'Microsoft.Network/privateDnsZones/A',
      properties: { ttl: 3600, aRecords: [{ ipv4Address: address }] },
    });
  }

  // Egress through Azure Firewall (Microsoft.Network routeTable.json, azureFirewall.json, firewallPolicy.json).

  /** A route table whose 0.0.0.0/0 goes to `nextHop` (a virtual appliance's address, or `Internet`). */
  routeTable(name: string, region: string, nextHop: string, group = 'network'): string {
    const id = `${this.group(group)}/providers/Microsoft.Network/routeTables/${name}`;
    const appliance = nextHop !== 'Internet';
    return this.add({
      id,
      name,
      type: 'Microsoft.Network/routeTables',
      location: region,
      properties: {
        provisioningState: 'Succeeded',
        disableBgpRoutePropagation: false,
        routes: [
          {
            id: `${id}/routes/default`,
            name: 'default',
            properties: {
              addressPrefix: '0.0.0.0/0',
              nextHopType: appliance ? 'VirtualAppliance' : 'Internet',
              ...(appliance && { nextHopIpAddress: nextHop }),
              provisioningState: 'Succeeded',
            },
          },
        ],
      },
    });
  }

  /** Gives a subnet of a VNet made with `vnet()` a route table, as `az network vnet subnet update --route-table`. */
  routeSubnet(subnetId: string, routeTableId: string): void {
    const vnetId = subnetId.replace(/\/subnets\/[^/]+$/, '');
    const vnet = this.resources.find((r) => r['id'] === vnetId);
    const subnets = ((vnet?.['properties'] as Json | undefined)?.['subnets'] ?? []) as Json[];
    const subnet = subnets.find((s) => s['id'] === subnetId);
    if (subnet) (subnet['properties'] as Json)['routeTable'] = { id: routeTableId };
  }

  /**
   * An Azure Firewall with one IP configuration in `subnetId` (an AzureFirewallSubnet), as AzureFirewallPut.json
   * answers it, using a firewall policy.
   */
  firewall(
    name: string,
    region: string,
    privateIp: string,
    policyId: string | undefined,
    subnetId: string,
    group = 'network',
  ): string {
    const id = `${this.group(group)}/providers/Microsoft.Network/azureFirewalls/${name}`;
    return this.add({
      id,
      name,
      type: 'Microsoft.Network/azureFirewalls',
      location: region,
      properties: {
        provisioningState: 'Succeeded',
        sku: { name: 'AZFW_VNet', tier: 'Standard' },
        ipConfigurations: [
          {
            name: 'azureFirewallIpConfiguration',
            properties: { privateIPAddress: privateIp, subnet: { id: subnetId } },
          },
        ],
        ...(policyId === undefined ? {} : { firewallPolicy: { id: policyId } }),
        applicationRuleCollections: [],
        networkRuleCollections: [],
      },
    });
  }

  firewallPolicy(name: string, region: string, options: { basePolicy?: string; group?: string } = {}): string {
    const id = `${this.group(options.group ?? 'network')}/providers/Microsoft.Network/firewallPolicies/${name}`;
    return this.add({
      id,
      name,
      type: 'Microsoft.Network/firewallPolicies',
      location: region,
      properties: {
        provisioningState: 'Succeeded',
        threatIntelMode: 'Alert',
        ...(options.basePolicy === undefined ? {} : { basePolicy: { id: options.basePolicy } }),
        ruleCollectionGroups: [],
      },
    });
  }

  /**
   * A rule collection group (FirewallPolicyRuleCollectionGroupPut.json), listed in its policy's ruleCollectionGroups;
   * `rules` are application or network rules as the spec writes them, all in one filter collection.
   */
  ruleCollectionGroup(
    policyId: string,
    name: string,
    priority: number,
    action: 'Allow' | 'Deny',
    rules: Json[],
    collectionPriority = 100,
  ): string {
    const id = `${policyId}/ruleCollectionGroups/${name}`;
    const policy = this.resources.find((r) => r['id'] === policyId);
    ((policy?.['properties'] as Json)['ruleCollectionGroups'] as Json[]).push({ id });
    return this.add({
      id,
      name,
      type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
      etag: 'W/"00000000-0000-0000-0000-000000000000"',
      properties: {
        provisioningState: 'Succeeded',
        priority,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: `${name}-collection`,
            priority: collectionPriority,
            action: { type: action },
            rules,
          },
        ],
      },
    });
  }

  /** An AKS cluster whose egress goes through user-defined routes from its node subnet. */
  userDefinedRouting(clusterId: string, subnetId: string): void {
    this.nodesIn(clusterId, subnetId);
    const cluster = this.resources.find((r) => r['id'] === clusterId);
    const properties = (cluster?.['properties'] ?? {}) as Json;
    properties['networkProfile'] = { networkPlugin: 'azure', outboundType: 'userDefinedRouting' };
  }

  /** Puts an AKS cluster's nodes in a subnet (bring-your-own VNet). */
  nodesIn(clusterId: string, subnetId: string): void {
    const cluster = this.resources.find((r) => r['id'] === clusterId);
    const properties = (cluster?.['properties'] ?? {}) as Json;
    properties['agentPoolProfiles'] = [{ name: 'nodepool1', mode: 'System', vnetSubnetID: subnetId }];
  }
}

/** The seed article's own example: aks06 and the workspace aks-amw in eastus, AMPLS my-ampls. */
export function seedWorld(): {
  world: World;
  ampls: string;
  cluster: string;
  amw: { id: string; endpointId: string };
  law: string;
} {
  const world = new World();
  const ampls = world.ampls('my-ampls', 'my-resource-group');
  const amw = world.amw('aks-amw', 'eastus', 'my-resource-group');
  const law = world.law('my-workspace', 'eastus', 'aks');
  const cluster = world.cluster({ name: 'aks06', region: 'eastus', group: 'aks', metricsTo: amw.id, logsTo: law });
  return { world, ampls, cluster, amw, law };
}
