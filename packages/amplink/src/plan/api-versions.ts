/** The stable api-versions amplink writes with (the REST API specs in shared/rest-api-specs). */
export const API_VERSIONS = {
  dataCollectionEndpoints: '2024-03-11',
  dataCollectionRuleAssociations: '2024-03-11',
  dataCollectionRules: '2024-03-11',
  privateLinkScopes: '2021-09-01',
  /** Microsoft.Network stable 2023-09-01 (private endpoints and their DNS zone groups). */
  network: '2023-09-01',
  /** Microsoft.Network private DNS stable 2020-06-01 (zones and virtual network links). */
  privateDns: '2020-06-01',
  /** Rule collection groups of firewall policies (Microsoft.Network, a stable version az rest and the SDK know). */
  firewallPolicies: '2023-09-01',
} as const;
