// The one table of the resource types the emulator serves: each type's canonical name, the api-versions its service
// accepts, and the stable api-version a fleet writes it with. Providers (src/providers) and fleet expansion (src/fleet)
// both read it, so a type or a version is named once.
//
// Accepted api-versions, per resource family. Sources: the defaults of the installed @azure/arm-* packages
// (arm-monitor 7: 2021-04-01 data collection, 2019-10-17-preview private link scopes; arm-operationalinsights 9:
// 2020-08-01 / 2021-06-01 / 2022-10-01; arm-network 36: 2025-05-01; arm-resources 7: 2025-04-01), Azure CLI 2.45's
// profile (azure/cli/core/profiles/_shared.py: resources 2021-04-01, subscriptions 2019-11-01, network 2022-01-01,
// private link scopes 2019-10-17-preview, containerservice 2022-11-01), and the specs under ../shared/rest-api-specs.

export const RESOURCES_API_VERSIONS = [
  '2014-04-01',
  '2015-01-01',
  '2015-11-01',
  '2016-02-01',
  '2016-06-01',
  '2016-07-01',
  '2016-09-01',
  '2017-05-10',
  '2018-02-01',
  '2018-05-01',
  '2018-06-01',
  '2019-03-01',
  '2019-05-01',
  '2019-05-10',
  '2019-06-01',
  '2019-07-01',
  '2019-08-01',
  '2019-10-01',
  '2019-11-01',
  '2020-01-01',
  '2020-06-01',
  '2020-08-01',
  '2020-10-01',
  '2021-01-01',
  '2021-04-01',
  '2022-01-01',
  '2022-09-01',
  '2022-12-01',
  '2023-07-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-01-01',
  '2025-03-01',
  '2025-04-01',
] as const;

export const DATA_COLLECTION_API_VERSIONS = [
  '2019-11-01-preview',
  '2021-04-01',
  '2021-09-01-preview',
  '2022-06-01',
  '2023-03-11',
  '2024-03-11',
] as const;

export const PRIVATE_LINK_SCOPE_API_VERSIONS = [
  '2019-10-17-preview',
  '2021-07-01-preview',
  '2021-09-01',
  '2023-06-01-preview',
] as const;

export const MONITOR_ACCOUNT_API_VERSIONS = [
  '2021-06-03-preview',
  '2023-04-03',
  '2023-10-01-preview',
  '2025-05-03-preview',
] as const;

export const LOG_ANALYTICS_API_VERSIONS = [
  '2015-11-01-preview',
  '2020-03-01-preview',
  '2020-08-01',
  '2020-10-01',
  '2021-06-01',
  '2021-12-01-preview',
  '2022-10-01',
  '2023-09-01',
  '2025-02-01',
  '2025-07-01',
  '2026-03-01',
] as const;

export const APPLICATION_INSIGHTS_API_VERSIONS = ['2015-05-01', '2018-05-01-preview', '2020-02-02'] as const;

export const CONTAINER_SERVICE_API_VERSIONS = [
  '2022-11-01',
  '2023-01-01',
  '2023-02-01',
  '2023-03-01',
  '2023-04-01',
  '2023-05-01',
  '2023-06-01',
  '2023-07-01',
  '2023-08-01',
  '2023-09-01',
  '2023-10-01',
  '2023-11-01',
  '2024-01-01',
  '2024-02-01',
  '2024-05-01',
  '2024-07-01',
  '2024-08-01',
  '2024-09-01',
  '2024-10-01',
  '2025-01-01',
  '2025-02-01',
  '2025-03-01',
  '2025-04-01',
  '2025-05-01',
  '2025-07-01',
  '2025-08-01',
  '2025-10-01',
  '2026-01-01',
  '2026-02-01',
  '2026-03-01',
  '2026-04-01',
] as const;

export const CONNECTED_CLUSTER_API_VERSIONS = [
  '2021-03-01',
  '2021-10-01',
  '2022-05-01-preview',
  '2022-10-01-preview',
  '2023-11-01-preview',
  '2024-01-01',
  '2024-07-01-preview',
  '2024-12-01-preview',
  '2025-08-01-preview',
] as const;

export const NETWORK_API_VERSIONS = [
  '2018-11-01',
  '2019-02-01',
  '2019-04-01',
  '2019-06-01',
  '2019-08-01',
  '2019-09-01',
  '2019-11-01',
  '2019-12-01',
  '2020-03-01',
  '2020-04-01',
  '2020-05-01',
  '2020-06-01',
  '2020-07-01',
  '2020-08-01',
  '2020-11-01',
  '2021-02-01',
  '2021-03-01',
  '2021-05-01',
  '2021-08-01',
  '2022-01-01',
  '2022-05-01',
  '2022-07-01',
  '2022-09-01',
  '2022-11-01',
  '2023-02-01',
  '2023-04-01',
  '2023-05-01',
  '2023-06-01',
  '2023-09-01',
  '2023-11-01',
  '2024-01-01',
  '2024-03-01',
  '2024-05-01',
  '2024-07-01',
  '2024-10-01',
  '2025-01-01',
  '2025-03-01',
  '2025-05-01',
  // The Network spec folder beside the repository (../shared/rest-api-specs, Microsoft.Network stable/2026-01-01).
  '2026-01-01',
] as const;

/**
 * Types that came later than the oldest network api-version: a version older than the type is refused as ARM refuses
 * it. Firewall policies appear in the Network spec folders from stable/2019-06-01, their rule collection groups (after
 * the 2019 "ruleGroups") from stable/2020-05-01 (Azure/azure-rest-api-specs, firewallPolicy.json of each folder).
 */
const networkSince = (first: string): readonly string[] => NETWORK_API_VERSIONS.filter((v) => v >= first);

export const PRIVATE_DNS_API_VERSIONS = ['2018-09-01', '2020-01-01', '2020-06-01', '2024-06-01'] as const;

export const VIRTUAL_MACHINE_API_VERSIONS = [
  '2021-03-01',
  '2022-03-01',
  '2022-08-01',
  '2023-03-01',
  '2023-09-01',
  '2024-03-01',
  '2024-07-01',
] as const;

export interface ResourceTypeInfo {
  /** Canonical type, e.g. Microsoft.Insights/dataCollectionEndpoints. */
  readonly type: string;
  readonly apiVersions: readonly string[];
  /** The stable api-version fleet writes use: one the real service accepts. */
  readonly writeApiVersion: string;
}

// Write versions. Sources: Azure/azure-rest-api-specs (the copies in ../shared/rest-api-specs name their folders:
// Microsoft.Insights stable/2024-03-11 and stable/2021-09-01, Microsoft.Monitor stable/2023-04-03); the others are
// stable folders of the same repository (containerservice stable/2024-09-01, hybridkubernetes stable/2024-01-01,
// network stable/2023-09-01, privatedns stable/2020-06-01, operationalinsights stable/2022-10-01, resources
// stable/2021-04-01, compute stable/2024-07-01, applicationinsights stable/2020-02-02).
const DATA_COLLECTION_WRITE = '2024-03-11';
const PRIVATE_LINK_SCOPE_WRITE = '2021-09-01';
const NETWORK_WRITE = '2023-09-01';
const PRIVATE_DNS_WRITE = '2020-06-01';

function family(apiVersions: readonly string[], writeApiVersion: string) {
  return (type: string): ResourceTypeInfo => ({ type, apiVersions, writeApiVersion });
}
const dataCollection = family(DATA_COLLECTION_API_VERSIONS, DATA_COLLECTION_WRITE);
const privateLinkScope = family(PRIVATE_LINK_SCOPE_API_VERSIONS, PRIVATE_LINK_SCOPE_WRITE);
const network = family(NETWORK_API_VERSIONS, NETWORK_WRITE);
const privateDns = family(PRIVATE_DNS_API_VERSIONS, PRIVATE_DNS_WRITE);

export const RESOURCE_TYPES = {
  resourceGroup: family(RESOURCES_API_VERSIONS, '2021-04-01')('Microsoft.Resources/resourceGroups'),
  managedCluster: family(CONTAINER_SERVICE_API_VERSIONS, '2024-09-01')('Microsoft.ContainerService/managedClusters'),
  connectedCluster: family(CONNECTED_CLUSTER_API_VERSIONS, '2024-01-01')('Microsoft.Kubernetes/connectedClusters'),
  virtualMachine: family(VIRTUAL_MACHINE_API_VERSIONS, '2024-07-01')('Microsoft.Compute/virtualMachines'),
  monitorAccount: family(MONITOR_ACCOUNT_API_VERSIONS, '2023-04-03')('Microsoft.Monitor/accounts'),
  monitorAccountConnection: family(
    MONITOR_ACCOUNT_API_VERSIONS,
    '2023-04-03',
  )('Microsoft.Monitor/accounts/privateEndpointConnections'),
  logAnalyticsWorkspace: family(LOG_ANALYTICS_API_VERSIONS, '2022-10-01')('Microsoft.OperationalInsights/workspaces'),
  applicationInsightsComponent: family(
    APPLICATION_INSIGHTS_API_VERSIONS,
    '2020-02-02',
  )('Microsoft.Insights/components'),
  dataCollectionEndpoint: dataCollection('Microsoft.Insights/dataCollectionEndpoints'),
  dataCollectionRule: dataCollection('Microsoft.Insights/dataCollectionRules'),
  dataCollectionRuleAssociation: dataCollection('Microsoft.Insights/dataCollectionRuleAssociations'),
  privateLinkScope: privateLinkScope('Microsoft.Insights/privateLinkScopes'),
  scopedResource: privateLinkScope('Microsoft.Insights/privateLinkScopes/scopedResources'),
  privateLinkScopeConnection: privateLinkScope('Microsoft.Insights/privateLinkScopes/privateEndpointConnections'),
  virtualNetwork: network('Microsoft.Network/virtualNetworks'),
  subnet: network('Microsoft.Network/virtualNetworks/subnets'),
  virtualNetworkPeering: network('Microsoft.Network/virtualNetworks/virtualNetworkPeerings'),
  privateEndpoint: network('Microsoft.Network/privateEndpoints'),
  privateDnsZoneGroup: network('Microsoft.Network/privateEndpoints/privateDnsZoneGroups'),
  // Azure Firewall as Azure models it (Network specs routeTable.json, azureFirewall.json, firewallPolicy.json).
  // Azure CLI 2.45 sends 2021-08-01 for `az network route-table` (its aaz commands); `az network firewall` is an
  // extension there, so az reaches the firewall types through `az resource`/`az rest` with any version above.
  routeTable: network('Microsoft.Network/routeTables'),
  route: network('Microsoft.Network/routeTables/routes'),
  azureFirewall: network('Microsoft.Network/azureFirewalls'),
  firewallPolicy: family(networkSince('2019-06-01'), NETWORK_WRITE)('Microsoft.Network/firewallPolicies'),
  ruleCollectionGroup: family(
    networkSince('2020-05-01'),
    NETWORK_WRITE,
  )('Microsoft.Network/firewallPolicies/ruleCollectionGroups'),
  privateDnsZone: privateDns('Microsoft.Network/privateDnsZones'),
  aRecord: privateDns('Microsoft.Network/privateDnsZones/A'),
  soaRecord: privateDns('Microsoft.Network/privateDnsZones/SOA'),
  virtualNetworkLink: privateDns('Microsoft.Network/privateDnsZones/virtualNetworkLinks'),
} as const satisfies Record<string, ResourceTypeInfo>;
