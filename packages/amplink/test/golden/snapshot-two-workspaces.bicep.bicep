// file: main.bicep
// amplink export --format bicep: the plan for AMPLS ampls-global
// (/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/privateLinkScopes/ampls-global),
// 20 action(s): 20 to create, 0 to update. Generated from the plan; review, then run.
//
// Deploy at subscription scope: az deployment sub create --location <region> --template-file main.bicep
// Bicep deploys one resource group per module, so each resource group with changes has its module under modules/;
// the association is an extension resource with `scope:` on its cluster, links are children of the AMPLS.
//
// Where this differs from the article (amplink docs/domain.md):
// - One configuration DCE per region, in the AMPLS, serves metrics and logs alike: the association name is the key,
// so the article's two "associate with configuration DCE" steps would overwrite each other.
// - An association to a DCE must be named configurationAccessEndpoint (the service refuses other names).
// - Every id is on one line and quoted (the article breaks ids across lines), and every parameter has its own name
// (the article's `-Name aks-amw-LinkedResourceId` lacks a space).
targetScope = 'subscription'

// 1 action(s) in resource group rg-aks-canadacentral of subscription 065dd924-63f7-5c71-a652-5ee2cd1f70b0.
module deploy_rg_aks_canadacentral_065dd924 'modules/rg-aks-canadacentral-065dd924.bicep' = {
  name: 'amplink-rg-aks-canadacentral-065dd924'
  scope: resourceGroup('065dd924-63f7-5c71-a652-5ee2cd1f70b0', 'rg-aks-canadacentral')
  dependsOn: [
    deploy_rg_observability
  ]
}

// 13 action(s) in resource group rg-observability of subscription 065dd924-63f7-5c71-a652-5ee2cd1f70b0.
module deploy_rg_observability 'modules/rg-observability.bicep' = {
  name: 'amplink-rg-observability'
  scope: resourceGroup('065dd924-63f7-5c71-a652-5ee2cd1f70b0', 'rg-observability')
}

// 1 action(s) in resource group rg-aks-canadacentral of subscription 08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec.
module deploy_rg_aks_canadacentral_08bbcc72 'modules/rg-aks-canadacentral-08bbcc72.bicep' = {
  name: 'amplink-rg-aks-canadacentral-08bbcc72'
  scope: resourceGroup('08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec', 'rg-aks-canadacentral')
  dependsOn: [
    deploy_rg_observability
  ]
}

// 2 action(s) in resource group rg-aks-eastus2 of subscription 08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec.
module deploy_rg_aks_eastus2 'modules/rg-aks-eastus2.bicep' = {
  name: 'amplink-rg-aks-eastus2'
  scope: resourceGroup('08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec', 'rg-aks-eastus2')
  dependsOn: [
    deploy_rg_observability
  ]
}

// 1 action(s) in resource group rg-aks-uksouth of subscription 08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec.
module deploy_rg_aks_uksouth 'modules/rg-aks-uksouth.bicep' = {
  name: 'amplink-rg-aks-uksouth'
  scope: resourceGroup('08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec', 'rg-aks-uksouth')
  dependsOn: [
    deploy_rg_observability
  ]
}

// 2 action(s) in resource group rg-aks-westeurope of subscription 08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec.
module deploy_rg_aks_westeurope 'modules/rg-aks-westeurope.bicep' = {
  name: 'amplink-rg-aks-westeurope'
  scope: resourceGroup('08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec', 'rg-aks-westeurope')
}

// file: modules/rg-aks-canadacentral-065dd924.bicep
// amplink export --format bicep: resource group rg-aks-canadacentral of subscription
// 065dd924-63f7-5c71-a652-5ee2cd1f70b0, 1 action(s) of the plan for AMPLS ampls-global.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_arc_toronto 'Microsoft.Kubernetes/connectedClusters@2024-01-01' existing = {
  name: 'arc-toronto'
}

// create association configurationAccessEndpoint of cluster arc-toronto; rules: 1 (amplink docs/domain.md)
// reason: Cluster arc-toronto (canadacentral) has no configurationAccessEndpoint association, so its agents cannot
// fetch their configuration over private link. It will use a new DCE for canadacentral: amplink-config-canadacentral.
resource association_arc_toronto 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_arc_toronto
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral'
  }
}

// file: modules/rg-observability.bicep
// amplink export --format bicep: resource group rg-observability of subscription
// 065dd924-63f7-5c71-a652-5ee2cd1f70b0, 13 action(s) of the plan for AMPLS ampls-global.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource ampls_ampls_global 'Microsoft.Insights/privateLinkScopes@2021-09-01' existing = {
  name: 'ampls-global'
}

// create DCE amplink-config-canadacentral (canadacentral); rules: 1 (amplink docs/domain.md)
// reason: No DCE in canadacentral can serve as configuration endpoint for 2 clusters (aks-canada, arc-toronto):
// agents fetch their configuration from a DCE in their own region, and one DCE per region serves metrics and logs
// alike. Public network access stays Enabled: aks-canada has no private path to the AMPLS and fetches configuration
// from it over the internet (verify AMPL_VERIFY_E0022 otherwise).
resource dce_amplink_config_canadacentral 'Microsoft.Insights/dataCollectionEndpoints@2024-03-11' = {
  name: 'amplink-config-canadacentral'
  location: 'canadacentral'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    description: 'Configuration access endpoint for the Kubernetes clusters in canadacentral (amplink).'
    networkAcls: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// create DCE amplink-config-uksouth (uksouth); rules: 1 (amplink docs/domain.md)
// reason: No DCE in uksouth can serve as configuration endpoint for 1 cluster (aks-uk): agents fetch their
// configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
// access stays Enabled: aks-uk has no private path to the AMPLS and fetches configuration from it over the internet
// (verify AMPL_VERIFY_E0022 otherwise).
resource dce_amplink_config_uksouth 'Microsoft.Insights/dataCollectionEndpoints@2024-03-11' = {
  name: 'amplink-config-uksouth'
  location: 'uksouth'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    description: 'Configuration access endpoint for the Kubernetes clusters in uksouth (amplink).'
    networkAcls: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// create AMPLS link amplink-config-canadacentral-connection -> amplink-config-canadacentral; rules: 1 (amplink
// docs/domain.md)
// reason: DCE amplink-config-canadacentral is the configuration endpoint of aks-canada, arc-toronto in canadacentral
// (rule 1). It is not in AMPLS ampls-global, so that traffic cannot use private link.
resource link_amplink_config_canadacentral_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'amplink-config-canadacentral-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral'
  }
  dependsOn: [
    dce_amplink_config_canadacentral
  ]
}

// create AMPLS link amplink-config-uksouth-connection -> amplink-config-uksouth; rules: 1 (amplink docs/domain.md)
// reason: DCE amplink-config-uksouth is the configuration endpoint of aks-uk in uksouth (rule 1). It is not in AMPLS
// ampls-global, so that traffic cannot use private link.
resource link_amplink_config_uksouth_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'amplink-config-uksouth-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-uksouth'
  }
  dependsOn: [
    dce_amplink_config_uksouth
    link_amplink_config_canadacentral_connection
  ]
}

// create AMPLS link amw-us-connection -> amw-us; rules: 1, 3, 6 (amplink docs/domain.md)
// reason: DCE amw-us is the configuration endpoint of aks-us-1, aks-us-2 in eastus2 (rule 1); and the default
// endpoint of Azure Monitor workspace amw-us, where aks-canada, aks-us-1, aks-us-2 and 1 more send metrics (rule 3);
// and the remote-write endpoint of on-premises arc-toronto (rule 6). It is not in AMPLS ampls-global, so that traffic
// cannot use private link.
resource link_amw_us_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'amw-us-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us'
  }
  dependsOn: [
    link_amplink_config_uksouth_connection
  ]
}

// create AMPLS link law-us-connection -> law-us; rules: 4 (amplink docs/domain.md)
// reason: Log Analytics workspace law-us is the destination of the Container insights logs of aks-us-1, aks-us-2,
// arc-toronto (rule 4). It is not in AMPLS ampls-global, so that traffic cannot use private link.
resource link_law_us_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'law-us-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.OperationalInsights/workspaces/law-us'
  }
  dependsOn: [
    link_amw_us_connection
  ]
}

// create AMPLS link MSProm-eastus2-aks-canada-connection -> MSProm-eastus2-aks-canada; rules: 2 (amplink
// docs/domain.md)
// reason: DCE MSProm-eastus2-aks-canada is the Prometheus ingestion endpoint of aks-canada (rule 2). It is not in
// AMPLS ampls-global, so that traffic cannot use private link.
resource link_MSProm_eastus2_aks_canada_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'MSProm-eastus2-aks-canada-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-canada'
  }
  dependsOn: [
    link_law_us_connection
  ]
}

// create AMPLS link MSProm-eastus2-aks-us-1-connection -> MSProm-eastus2-aks-us-1; rules: 2 (amplink docs/domain.md)
// reason: DCE MSProm-eastus2-aks-us-1 is the Prometheus ingestion endpoint of aks-us-1 (rule 2). It is not in AMPLS
// ampls-global, so that traffic cannot use private link.
resource link_MSProm_eastus2_aks_us_1_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'MSProm-eastus2-aks-us-1-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-us-1'
  }
  dependsOn: [
    link_MSProm_eastus2_aks_canada_connection
  ]
}

// create AMPLS link MSProm-eastus2-aks-us-2-connection -> MSProm-eastus2-aks-us-2; rules: 2 (amplink docs/domain.md)
// reason: DCE MSProm-eastus2-aks-us-2 is the Prometheus ingestion endpoint of aks-us-2 (rule 2). It is not in AMPLS
// ampls-global, so that traffic cannot use private link.
resource link_MSProm_eastus2_aks_us_2_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'MSProm-eastus2-aks-us-2-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-us-2'
  }
  dependsOn: [
    link_MSProm_eastus2_aks_us_1_connection
  ]
}

// create AMPLS link MSProm-eastus2-arc-toronto-connection -> MSProm-eastus2-arc-toronto; rules: 2 (amplink
// docs/domain.md)
// reason: DCE MSProm-eastus2-arc-toronto is the Prometheus ingestion endpoint of arc-toronto (rule 2). It is not in
// AMPLS ampls-global, so that traffic cannot use private link.
resource link_MSProm_eastus2_arc_toronto_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'MSProm-eastus2-arc-toronto-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-arc-toronto'
  }
  dependsOn: [
    link_MSProm_eastus2_aks_us_2_connection
  ]
}

// create AMPLS link MSProm-westeurope-aks-eu-2-connection -> MSProm-westeurope-aks-eu-2; rules: 2 (amplink
// docs/domain.md)
// reason: DCE MSProm-westeurope-aks-eu-2 is the Prometheus ingestion endpoint of aks-eu-2 (rule 2). It is not in
// AMPLS ampls-global, so that traffic cannot use private link.
resource link_MSProm_westeurope_aks_eu_2_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'MSProm-westeurope-aks-eu-2-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-eu-2'
  }
  dependsOn: [
    link_MSProm_eastus2_arc_toronto_connection
  ]
}

// create AMPLS link MSProm-westeurope-aks-eu-private-connection -> MSProm-westeurope-aks-eu-private; rules: 2
// (amplink docs/domain.md)
// reason: DCE MSProm-westeurope-aks-eu-private is the Prometheus ingestion endpoint of aks-eu-private (rule 2). It is
// not in AMPLS ampls-global, so that traffic cannot use private link.
resource link_MSProm_westeurope_aks_eu_private_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'MSProm-westeurope-aks-eu-private-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-eu-private'
  }
  dependsOn: [
    link_MSProm_westeurope_aks_eu_2_connection
  ]
}

// create AMPLS link MSProm-westeurope-aks-uk-connection -> MSProm-westeurope-aks-uk; rules: 2 (amplink
// docs/domain.md)
// reason: DCE MSProm-westeurope-aks-uk is the Prometheus ingestion endpoint of aks-uk (rule 2). It is not in AMPLS
// ampls-global, so that traffic cannot use private link.
resource link_MSProm_westeurope_aks_uk_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'MSProm-westeurope-aks-uk-connection'
  parent: ampls_ampls_global
  properties: {
    linkedResourceId: '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-uksouth/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-uk'
  }
  dependsOn: [
    link_MSProm_westeurope_aks_eu_private_connection
  ]
}

// file: modules/rg-aks-canadacentral-08bbcc72.bicep
// amplink export --format bicep: resource group rg-aks-canadacentral of subscription
// 08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec, 1 action(s) of the plan for AMPLS ampls-global.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_aks_canada 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-canada'
}

// create association configurationAccessEndpoint of cluster aks-canada; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-canada (canadacentral) has no configurationAccessEndpoint association, so its agents cannot
// fetch their configuration over private link. It will use a new DCE for canadacentral: amplink-config-canadacentral.
resource association_aks_canada 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_canada
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral'
  }
}

// file: modules/rg-aks-eastus2.bicep
// amplink export --format bicep: resource group rg-aks-eastus2 of subscription 08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec,
// 2 action(s) of the plan for AMPLS ampls-global.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_aks_us_1 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-us-1'
}
resource cluster_aks_us_2 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-us-2'
}

// create association configurationAccessEndpoint of cluster aks-us-1; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-us-1 (eastus2) has no configurationAccessEndpoint association, so its agents cannot fetch their
// configuration over private link. It will use the Azure Monitor workspace amw-us's own DCE, in eastus2: amw-us.
resource association_aks_us_1 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_us_1
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us'
  }
}

// create association configurationAccessEndpoint of cluster aks-us-2; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-us-2 (eastus2) has no configurationAccessEndpoint association, so its agents cannot fetch their
// configuration over private link. It will use the Azure Monitor workspace amw-us's own DCE, in eastus2: amw-us.
resource association_aks_us_2 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_us_2
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us'
  }
}

// file: modules/rg-aks-uksouth.bicep
// amplink export --format bicep: resource group rg-aks-uksouth of subscription 08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec,
// 1 action(s) of the plan for AMPLS ampls-global.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_aks_uk 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-uk'
}

// create association configurationAccessEndpoint of cluster aks-uk; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-uk (uksouth) has no configurationAccessEndpoint association, so its agents cannot fetch their
// configuration over private link. It will use a new DCE for uksouth: amplink-config-uksouth.
resource association_aks_uk 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_uk
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-uksouth'
  }
}

// file: modules/rg-aks-westeurope.bicep
// amplink export --format bicep: resource group rg-aks-westeurope of subscription
// 08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec, 2 action(s) of the plan for AMPLS ampls-global.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_aks_eu_1 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-eu-1'
}
resource cluster_aks_eu_2 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-eu-2'
}

// create association configurationAccessEndpoint of cluster aks-eu-1; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-eu-1 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
// their configuration over private link. It will use the Azure Monitor workspace amw-eu's own DCE, in westeurope:
// amw-eu.
resource association_aks_eu_1 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_eu_1
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-eu_westeurope_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-eu'
  }
}

// create association configurationAccessEndpoint of cluster aks-eu-2; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-eu-2 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
// their configuration over private link. It will use the Azure Monitor workspace amw-eu's own DCE, in westeurope:
// amw-eu.
resource association_aks_eu_2 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_eu_2
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-eu_westeurope_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-eu'
  }
}
