import { z } from 'zod';
import type { ResourceId } from './resource-id.js';

/**
 * The shapes amplink reads, as ARM GET returns them. Only the fields the rules use are declared;
 * every other property is kept (loose objects), so a snapshot written back out loses nothing.
 * Field names follow the REST API specs in shared/rest-api-specs (DCE/DCR/DCRA 2024-03-11,
 * privateLinkScopes 2021-09-01, Microsoft.Monitor/accounts 2023-04-03).
 */

export const RESOURCE_TYPES = {
  managedCluster: 'Microsoft.ContainerService/managedClusters',
  connectedCluster: 'Microsoft.Kubernetes/connectedClusters',
  monitorAccount: 'Microsoft.Monitor/accounts',
  logAnalyticsWorkspace: 'Microsoft.OperationalInsights/workspaces',
  applicationInsights: 'Microsoft.Insights/components',
  dataCollectionEndpoint: 'Microsoft.Insights/dataCollectionEndpoints',
  dataCollectionRule: 'Microsoft.Insights/dataCollectionRules',
  dataCollectionRuleAssociation: 'Microsoft.Insights/dataCollectionRuleAssociations',
  privateLinkScope: 'Microsoft.Insights/privateLinkScopes',
  scopedResource: 'Microsoft.Insights/privateLinkScopes/scopedResources',
  privateLinkScopeConnection: 'Microsoft.Insights/privateLinkScopes/privateEndpointConnections',
  privateEndpoint: 'Microsoft.Network/privateEndpoints',
  privateDnsZoneGroup: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
  virtualNetwork: 'Microsoft.Network/virtualNetworks',
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  virtualNetworkPeering: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  privateDnsZone: 'Microsoft.Network/privateDnsZones',
  privateDnsZoneLink: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  privateDnsARecord: 'Microsoft.Network/privateDnsZones/A',
  routeTable: 'Microsoft.Network/routeTables',
  azureFirewall: 'Microsoft.Network/azureFirewalls',
  firewallPolicy: 'Microsoft.Network/firewallPolicies',
  ruleCollectionGroup: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
} as const;

const tags = z.record(z.string(), z.string());
const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

/** What every ARM resource has; `properties` is checked per type below. */
export const armEnvelopeSchema = loose({
  id: z.string().min(1),
  name: z.string().min(1).optional(),
  type: z.string().min(1),
  location: z.string().optional(),
  tags: tags.nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});
export type ArmEnvelope = z.infer<typeof armEnvelopeSchema>;

export const managedClusterPropertiesSchema = loose({
  azureMonitorProfile: loose({ metrics: loose({ enabled: z.boolean().optional() }).nullish() }).nullish(),
  addonProfiles: z
    .record(
      z.string(),
      loose({ enabled: z.boolean().optional(), config: z.record(z.string(), z.string()).nullish() }).nullish(),
    )
    .nullish(),
  apiServerAccessProfile: loose({ enablePrivateCluster: z.boolean().nullish() }).nullish(),
  agentPoolProfiles: z.array(loose({ vnetSubnetID: z.string().nullish() })).nullish(),
  networkProfile: loose({ outboundType: z.string().nullish() }).nullish(),
});

export const monitorAccountPropertiesSchema = loose({
  accountId: z.string().optional(),
  defaultIngestionSettings: loose({
    dataCollectionEndpointResourceId: z.string().optional(),
    dataCollectionRuleResourceId: z.string().optional(),
  }).nullish(),
  metrics: loose({ prometheusQueryEndpoint: z.string().optional() }).nullish(),
});

const networkAccess = z.enum(['Enabled', 'Disabled', 'SecuredByPerimeter']);

export const logAnalyticsWorkspacePropertiesSchema = loose({
  customerId: z.string().optional(),
  publicNetworkAccessForIngestion: networkAccess.optional(),
  publicNetworkAccessForQuery: networkAccess.optional(),
});

export const dataCollectionEndpointPropertiesSchema = loose({
  networkAcls: loose({ publicNetworkAccess: networkAccess.optional() }).nullish(),
  configurationAccess: loose({ endpoint: z.string().optional() }).nullish(),
  logsIngestion: loose({ endpoint: z.string().optional() }).nullish(),
  metricsIngestion: loose({ endpoint: z.string().optional() }).nullish(),
  privateLinkScopedResources: z
    .array(loose({ resourceId: z.string().optional(), scopeId: z.string().optional() }))
    .nullish(),
});

export const dataCollectionRulePropertiesSchema = loose({
  dataCollectionEndpointId: z.string().nullish(),
  dataSources: loose({
    prometheusForwarder: z.array(loose({ streams: z.array(z.string()).optional() })).nullish(),
    extensions: z.array(loose({ extensionName: z.string(), streams: z.array(z.string()).optional() })).nullish(),
  }).nullish(),
  destinations: loose({
    monitoringAccounts: z.array(loose({ accountResourceId: z.string(), name: z.string().optional() })).nullish(),
    logAnalytics: z.array(loose({ workspaceResourceId: z.string(), name: z.string().optional() })).nullish(),
  }).nullish(),
});

export const dataCollectionRuleAssociationPropertiesSchema = loose({
  dataCollectionRuleId: z.string().nullish(),
  dataCollectionEndpointId: z.string().nullish(),
});

const accessMode = z.enum(['Open', 'PrivateOnly']);

/** A reference to another resource (`{ "id": ... }`). */
const reference = loose({ id: z.string().nullish() }).nullish();
const connectionState = loose({ status: z.string().nullish() }).nullish();

/** An AMPLS's private endpoint connection, inline in the AMPLS or as its child resource. */
export const privateEndpointConnectionPropertiesSchema = loose({
  privateEndpoint: reference,
  privateLinkServiceConnectionState: connectionState,
});

export const privateLinkScopePropertiesSchema = loose({
  accessModeSettings: loose({
    ingestionAccessMode: accessMode,
    queryAccessMode: accessMode,
    exclusions: z.array(z.record(z.string(), z.unknown())).optional(),
  }).nullish(),
  privateEndpointConnections: z
    .array(loose({ id: z.string().nullish(), properties: privateEndpointConnectionPropertiesSchema.nullish() }))
    .nullish(),
});

export const scopedResourcePropertiesSchema = loose({
  linkedResourceId: z.string().min(1),
});

/*
 * The network side (Microsoft.Network virtualNetwork.json and privateEndpoint.json 2026-01-01, privatedns 2024-06-01):
 * only what verify follows from a cluster to the AMPLS's private endpoint. Subnets and peerings come inline in their
 * VNet or as child resources, whichever the source lists.
 */
export const subnetPropertiesSchema = loose({
  addressPrefix: z.string().nullish(),
  addressPrefixes: z.array(z.string()).nullish(),
  routeTable: reference,
});

export const virtualNetworkPeeringPropertiesSchema = loose({
  remoteVirtualNetwork: reference,
  allowVirtualNetworkAccess: z.boolean().nullish(),
  peeringState: z.string().nullish(),
});

export const virtualNetworkPropertiesSchema = loose({
  subnets: z.array(loose({ name: z.string().nullish(), properties: subnetPropertiesSchema.nullish() })).nullish(),
  virtualNetworkPeerings: z.array(loose({ properties: virtualNetworkPeeringPropertiesSchema.nullish() })).nullish(),
});

const privateLinkServiceConnection = loose({
  properties: loose({
    privateLinkServiceId: z.string().nullish(),
    privateLinkServiceConnectionState: connectionState,
  }).nullish(),
});

export const privateEndpointPropertiesSchema = loose({
  subnet: reference,
  privateLinkServiceConnections: z.array(privateLinkServiceConnection).nullish(),
  manualPrivateLinkServiceConnections: z.array(privateLinkServiceConnection).nullish(),
  customDnsConfigs: z.array(loose({ ipAddresses: z.array(z.string()).nullish() })).nullish(),
});

export const privateDnsZoneLinkPropertiesSchema = loose({ virtualNetwork: reference });

export const privateDnsARecordPropertiesSchema = loose({
  aRecords: z.array(loose({ ipv4Address: z.string().nullish() })).nullish(),
});

/*
 * Egress through Azure Firewall (Microsoft.Network routeTable.json, azureFirewall.json and firewallPolicy.json
 * 2026-01-01): only what amplink follows from a node subnet to the rules that decide its egress.
 */
const strings = z.array(z.string()).nullish();

export const routeTablePropertiesSchema = loose({
  routes: z
    .array(
      loose({
        name: z.string().nullish(),
        properties: loose({
          addressPrefix: z.string().nullish(),
          nextHopType: z.string().nullish(),
          nextHopIpAddress: z.string().nullish(),
        }).nullish(),
      }),
    )
    .nullish(),
});

export const azureFirewallPropertiesSchema = loose({
  ipConfigurations: z
    .array(
      loose({
        name: z.string().nullish(),
        properties: loose({ privateIPAddress: z.string().nullish(), subnet: reference }).nullish(),
      }),
    )
    .nullish(),
  hubIPAddresses: loose({ privateIPAddress: z.string().nullish() }).nullish(),
  firewallPolicy: reference,
  applicationRuleCollections: z.array(z.unknown()).nullish(),
  networkRuleCollections: z.array(z.unknown()).nullish(),
});

export const firewallPolicyPropertiesSchema = loose({ basePolicy: reference });

const firewallPolicyRule = loose({
  ruleType: z.string().nullish(),
  name: z.string().nullish(),
  sourceAddresses: strings,
  sourceIpGroups: strings,
  // Application rules
  protocols: z.array(loose({ protocolType: z.string().nullish(), port: z.number().nullish() })).nullish(),
  targetFqdns: strings,
  targetUrls: strings,
  fqdnTags: strings,
  webCategories: strings,
  // Network rules
  ipProtocols: strings,
  destinationAddresses: strings,
  destinationIpGroups: strings,
  destinationFqdns: strings,
  destinationPorts: strings,
});

export const ruleCollectionGroupPropertiesSchema = loose({
  priority: z.number().nullish(),
  ruleCollections: z
    .array(
      loose({
        ruleCollectionType: z.string().nullish(),
        name: z.string().nullish(),
        priority: z.number().nullish(),
        action: loose({ type: z.string().nullish() }).nullish(),
        rules: z.array(firewallPolicyRule).nullish(),
      }),
    )
    .nullish(),
});

/** Per-type checks of `properties`; a type not listed here is kept as it is. */
export const PROPERTIES_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  [RESOURCE_TYPES.managedCluster.toLowerCase()]: managedClusterPropertiesSchema,
  [RESOURCE_TYPES.monitorAccount.toLowerCase()]: monitorAccountPropertiesSchema,
  [RESOURCE_TYPES.logAnalyticsWorkspace.toLowerCase()]: logAnalyticsWorkspacePropertiesSchema,
  [RESOURCE_TYPES.dataCollectionEndpoint.toLowerCase()]: dataCollectionEndpointPropertiesSchema,
  [RESOURCE_TYPES.dataCollectionRule.toLowerCase()]: dataCollectionRulePropertiesSchema,
  [RESOURCE_TYPES.dataCollectionRuleAssociation.toLowerCase()]: dataCollectionRuleAssociationPropertiesSchema,
  [RESOURCE_TYPES.privateLinkScope.toLowerCase()]: privateLinkScopePropertiesSchema,
  [RESOURCE_TYPES.scopedResource.toLowerCase()]: scopedResourcePropertiesSchema,
  [RESOURCE_TYPES.privateLinkScopeConnection.toLowerCase()]: privateEndpointConnectionPropertiesSchema,
  [RESOURCE_TYPES.virtualNetwork.toLowerCase()]: virtualNetworkPropertiesSchema,
  [RESOURCE_TYPES.subnet.toLowerCase()]: subnetPropertiesSchema,
  [RESOURCE_TYPES.virtualNetworkPeering.toLowerCase()]: virtualNetworkPeeringPropertiesSchema,
  [RESOURCE_TYPES.privateEndpoint.toLowerCase()]: privateEndpointPropertiesSchema,
  [RESOURCE_TYPES.privateDnsZoneLink.toLowerCase()]: privateDnsZoneLinkPropertiesSchema,
  [RESOURCE_TYPES.privateDnsARecord.toLowerCase()]: privateDnsARecordPropertiesSchema,
  [RESOURCE_TYPES.routeTable.toLowerCase()]: routeTablePropertiesSchema,
  [RESOURCE_TYPES.azureFirewall.toLowerCase()]: azureFirewallPropertiesSchema,
  [RESOURCE_TYPES.firewallPolicy.toLowerCase()]: firewallPolicyPropertiesSchema,
  [RESOURCE_TYPES.ruleCollectionGroup.toLowerCase()]: ruleCollectionGroupPropertiesSchema,
};

export type ManagedClusterProperties = z.infer<typeof managedClusterPropertiesSchema>;
export type MonitorAccountProperties = z.infer<typeof monitorAccountPropertiesSchema>;
export type LogAnalyticsWorkspaceProperties = z.infer<typeof logAnalyticsWorkspacePropertiesSchema>;
export type DataCollectionEndpointProperties = z.infer<typeof dataCollectionEndpointPropertiesSchema>;
export type DataCollectionRuleProperties = z.infer<typeof dataCollectionRulePropertiesSchema>;
export type DataCollectionRuleAssociationProperties = z.infer<typeof dataCollectionRuleAssociationPropertiesSchema>;
export type PrivateLinkScopeProperties = z.infer<typeof privateLinkScopePropertiesSchema>;
export type ScopedResourceProperties = z.infer<typeof scopedResourcePropertiesSchema>;
export type PrivateEndpointConnectionProperties = z.infer<typeof privateEndpointConnectionPropertiesSchema>;
export type VirtualNetworkProperties = z.infer<typeof virtualNetworkPropertiesSchema>;
export type SubnetProperties = z.infer<typeof subnetPropertiesSchema>;
export type VirtualNetworkPeeringProperties = z.infer<typeof virtualNetworkPeeringPropertiesSchema>;
export type PrivateEndpointProperties = z.infer<typeof privateEndpointPropertiesSchema>;
export type PrivateDnsZoneLinkProperties = z.infer<typeof privateDnsZoneLinkPropertiesSchema>;
export type PrivateDnsARecordProperties = z.infer<typeof privateDnsARecordPropertiesSchema>;
export type RouteTableProperties = z.infer<typeof routeTablePropertiesSchema>;
export type AzureFirewallProperties = z.infer<typeof azureFirewallPropertiesSchema>;
export type FirewallPolicyProperties = z.infer<typeof firewallPolicyPropertiesSchema>;
export type RuleCollectionGroupProperties = z.infer<typeof ruleCollectionGroupPropertiesSchema>;

/** A resource as ARM returns it, validated; `raw` is the JSON exactly as read, unknown properties included. */
export interface ArmResource {
  readonly id: string;
  readonly key: string;
  /** The id parsed once, when the resource was read. */
  readonly resourceId: ResourceId;
  readonly name: string;
  readonly type: string;
  readonly location: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The association name the service requires for a configuration DCE (azure-cli issue 28338). */
export const CONFIGURATION_ASSOCIATION_NAME = 'configurationAccessEndpoint';

/** The tag amplink puts on what it creates, and by which it recognises it later. */
export const MANAGED_BY_TAG = { key: 'managed-by', value: 'amplink' } as const;
