/**
 * What discovery reads per subscription, with stable api-versions that list each type with its properties, whether
 * through ARM list calls or through Resource Graph's `resources` table. Network types are read for verify (private
 * endpoints, VNets and peerings, private DNS zones).
 */
export const SUBSCRIPTION_LISTS: readonly { type: string; apiVersion: string }[] = [
  { type: 'Microsoft.ContainerService/managedClusters', apiVersion: '2024-05-01' },
  { type: 'Microsoft.Kubernetes/connectedClusters', apiVersion: '2024-01-01' },
  { type: 'Microsoft.Monitor/accounts', apiVersion: '2023-04-03' },
  { type: 'Microsoft.OperationalInsights/workspaces', apiVersion: '2022-10-01' },
  { type: 'Microsoft.Insights/dataCollectionEndpoints', apiVersion: '2024-03-11' },
  { type: 'Microsoft.Insights/dataCollectionRules', apiVersion: '2024-03-11' },
  { type: 'Microsoft.Insights/privateLinkScopes', apiVersion: '2021-09-01' },
  { type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-09-01' },
  { type: 'Microsoft.Network/privateEndpoints', apiVersion: '2023-09-01' },
  { type: 'Microsoft.Network/privateDnsZones', apiVersion: '2020-06-01' },
  // Egress through Azure Firewall (rule 5): a node subnet's route table, the firewall its default route goes to, the
  // firewall's policy. Resource Graph's `resources` table holds all three.
  { type: 'Microsoft.Network/routeTables', apiVersion: '2023-09-01' },
  { type: 'Microsoft.Network/azureFirewalls', apiVersion: '2023-09-01' },
  { type: 'Microsoft.Network/firewallPolicies', apiVersion: '2023-09-01' },
];

/** Children read under what the lists above return: per cluster, per AMPLS, per private DNS zone. */
export const CHILD_LISTS = {
  associations: { type: 'Microsoft.Insights/dataCollectionRuleAssociations', apiVersion: '2024-03-11' },
  scopedResources: { type: 'Microsoft.Insights/privateLinkScopes/scopedResources', apiVersion: '2021-09-01' },
  zoneLinks: { type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks', apiVersion: '2020-06-01' },
  aRecords: { type: 'Microsoft.Network/privateDnsZones/A', apiVersion: '2020-06-01' },
  /**
   * A firewall policy's rule collection groups: not rows of Resource Graph's `resources` table (its list of supported
   * types has firewallPolicies only; Azure/aztfexport issue 601), so listed through ARM per policy.
   */
  ruleCollectionGroups: { type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups', apiVersion: '2023-09-01' },
} as const;

export const CLUSTER_TYPES: readonly string[] = [
  'Microsoft.ContainerService/managedClusters',
  'Microsoft.Kubernetes/connectedClusters',
];

const LISTED_CASING = new Map(
  [...SUBSCRIPTION_LISTS, ...Object.values(CHILD_LISTS)].map(({ type }) => [type.toLowerCase(), type]),
);

/**
 * A listed type in the casing of the tables above, as a snapshot holds it whichever way it was read: Resource Graph
 * lower-cases every type, and ARM answers some in lower case too (`microsoft.insights/privatelinkscopes`). Types
 * discovery does not list are kept as they are.
 */
export function inListedCasing(type: string): string {
  return LISTED_CASING.get(type.toLowerCase()) ?? type;
}
