// file: main.bicep
// amplink export --format bicep: the plan for AMPLS ampls-central
// (/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-central),
// 25 action(s): 17 to create, 8 to update. Generated from the plan; review, then run.
//
// Deploy at subscription scope: az deployment sub create --location <region> --template-file main.bicep
// Bicep deploys one resource group per module, so each resource group with changes has its module under modules/;
// the association is an extension resource with `scope:` on its cluster, links are children of the AMPLS.
//
// NOT IN THIS BICEP OUTPUT: 8 data collection rule update(s) of shared ingestion (read-modify-write of
// properties.dataCollectionEndpointId).
// A bicep resource declares the whole rule, so it would drop the rule's data sources, destinations and flows; run
// these with `amplink apply` or the az export (`amplink export --format az`), after this deployment:
// -
// /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-southeastasia/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-sea-web
// ->
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
// -
// /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-weu-1
// ->
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
// -
// /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-weu-2
// ->
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
// -
// /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-wus2-batch
// ->
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
// -
// /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-wus2-shop
// ->
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
// -
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-francecentral/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-arc-paris-factory
// ->
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
// -
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSCI-eastus-aks-weu-private
// ->
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
// -
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-weu-private
// ->
// /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
//
// Where this differs from the article (amplink docs/domain.md):
// - One configuration DCE per region, in the AMPLS, serves metrics and logs alike: the association name is the key,
// so the article's two "associate with configuration DCE" steps would overwrite each other.
// - An association to a DCE must be named configurationAccessEndpoint (the service refuses other names).
// - Every id is on one line and quoted (the article breaks ids across lines), and every parameter has its own name
// (the article's `-Name aks-amw-LinkedResourceId` lacks a space).
targetScope = 'subscription'

// 1 action(s) in resource group rg-aks-southeastasia of subscription 09bc2690-0a83-59d9-a726-f504948fa452.
module deploy_rg_aks_southeastasia 'modules/rg-aks-southeastasia.bicep' = {
  name: 'amplink-rg-aks-southeastasia'
  scope: resourceGroup('09bc2690-0a83-59d9-a726-f504948fa452', 'rg-aks-southeastasia')
  dependsOn: [
    deploy_rg_monitoring
  ]
}

// 2 action(s) in resource group rg-aks-westeurope of subscription 09bc2690-0a83-59d9-a726-f504948fa452.
module deploy_rg_aks_westeurope_09bc2690 'modules/rg-aks-westeurope-09bc2690.bicep' = {
  name: 'amplink-rg-aks-westeurope-09bc2690'
  scope: resourceGroup('09bc2690-0a83-59d9-a726-f504948fa452', 'rg-aks-westeurope')
  dependsOn: [
    deploy_rg_monitoring
  ]
}

// 2 action(s) in resource group rg-aks-westus2 of subscription 09bc2690-0a83-59d9-a726-f504948fa452.
module deploy_rg_aks_westus2 'modules/rg-aks-westus2.bicep' = {
  name: 'amplink-rg-aks-westus2'
  scope: resourceGroup('09bc2690-0a83-59d9-a726-f504948fa452', 'rg-aks-westus2')
  dependsOn: [
    deploy_rg_monitoring
  ]
}

// 1 action(s) in resource group rg-aks-francecentral of subscription ab194b72-50dc-5372-b691-1aad8c2aa659.
module deploy_rg_aks_francecentral 'modules/rg-aks-francecentral.bicep' = {
  name: 'amplink-rg-aks-francecentral'
  scope: resourceGroup('ab194b72-50dc-5372-b691-1aad8c2aa659', 'rg-aks-francecentral')
  dependsOn: [
    deploy_rg_monitoring
  ]
}

// 1 action(s) in resource group rg-aks-westeurope of subscription ab194b72-50dc-5372-b691-1aad8c2aa659.
module deploy_rg_aks_westeurope_ab194b72 'modules/rg-aks-westeurope-ab194b72.bicep' = {
  name: 'amplink-rg-aks-westeurope-ab194b72'
  scope: resourceGroup('ab194b72-50dc-5372-b691-1aad8c2aa659', 'rg-aks-westeurope')
  dependsOn: [
    deploy_rg_monitoring
  ]
}

// 10 action(s) in resource group rg-monitoring of subscription ab194b72-50dc-5372-b691-1aad8c2aa659.
module deploy_rg_monitoring 'modules/rg-monitoring.bicep' = {
  name: 'amplink-rg-monitoring'
  scope: resourceGroup('ab194b72-50dc-5372-b691-1aad8c2aa659', 'rg-monitoring')
}

// file: modules/rg-aks-southeastasia.bicep
// amplink export --format bicep: resource group rg-aks-southeastasia of subscription
// 09bc2690-0a83-59d9-a726-f504948fa452, 1 action(s) of the plan for AMPLS ampls-central.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_aks_sea_web 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-sea-web'
}

// create association configurationAccessEndpoint of cluster aks-sea-web; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-sea-web (southeastasia) has no configurationAccessEndpoint association, so its agents cannot
// fetch their configuration over private link. It will use a new DCE for southeastasia: amplink-config-southeastasia.
resource association_aks_sea_web 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_sea_web
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-southeastasia'
  }
}

// file: modules/rg-aks-westeurope-09bc2690.bicep
// amplink export --format bicep: resource group rg-aks-westeurope of subscription
// 09bc2690-0a83-59d9-a726-f504948fa452, 2 action(s) of the plan for AMPLS ampls-central.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_aks_weu_1 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-weu-1'
}
resource cluster_aks_weu_2 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-weu-2'
}

// create association configurationAccessEndpoint of cluster aks-weu-1; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-weu-1 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
// their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
resource association_aks_weu_1 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_weu_1
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope'
  }
}

// create association configurationAccessEndpoint of cluster aks-weu-2; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-weu-2 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
// their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
resource association_aks_weu_2 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_weu_2
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope'
  }
}

// file: modules/rg-aks-westus2.bicep
// amplink export --format bicep: resource group rg-aks-westus2 of subscription 09bc2690-0a83-59d9-a726-f504948fa452,
// 2 action(s) of the plan for AMPLS ampls-central.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_aks_wus2_batch 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-wus2-batch'
}
resource cluster_aks_wus2_shop 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-wus2-shop'
}

// create association configurationAccessEndpoint of cluster aks-wus2-batch; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-wus2-batch (westus2) has no configurationAccessEndpoint association, so its agents cannot fetch
// their configuration over private link. It will use a new DCE for westus2: amplink-config-westus2.
resource association_aks_wus2_batch 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_wus2_batch
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2'
  }
}

// create association configurationAccessEndpoint of cluster aks-wus2-shop; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-wus2-shop (westus2) has no configurationAccessEndpoint association, so its agents cannot fetch
// their configuration over private link. It will use a new DCE for westus2: amplink-config-westus2.
resource association_aks_wus2_shop 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_wus2_shop
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2'
  }
}

// file: modules/rg-aks-francecentral.bicep
// amplink export --format bicep: resource group rg-aks-francecentral of subscription
// ab194b72-50dc-5372-b691-1aad8c2aa659, 1 action(s) of the plan for AMPLS ampls-central.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_arc_paris_factory 'Microsoft.Kubernetes/connectedClusters@2024-01-01' existing = {
  name: 'arc-paris-factory'
}

// create association configurationAccessEndpoint of cluster arc-paris-factory; rules: 1 (amplink docs/domain.md)
// reason: Cluster arc-paris-factory (francecentral) has no configurationAccessEndpoint association, so its agents
// cannot fetch their configuration over private link. It will use a new DCE for francecentral:
// amplink-config-francecentral.
resource association_arc_paris_factory 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_arc_paris_factory
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-francecentral'
  }
}

// file: modules/rg-aks-westeurope-ab194b72.bicep
// amplink export --format bicep: resource group rg-aks-westeurope of subscription
// ab194b72-50dc-5372-b691-1aad8c2aa659, 1 action(s) of the plan for AMPLS ampls-central.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_aks_weu_private 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-weu-private'
}

// create association configurationAccessEndpoint of cluster aks-weu-private; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-weu-private (westeurope) has no configurationAccessEndpoint association, so its agents cannot
// fetch their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
resource association_aks_weu_private 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_weu_private
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope'
  }
}

// file: modules/rg-monitoring.bicep
// amplink export --format bicep: resource group rg-monitoring of subscription ab194b72-50dc-5372-b691-1aad8c2aa659,
// 10 action(s) of the plan for AMPLS ampls-central.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource ampls_ampls_central 'Microsoft.Insights/privateLinkScopes@2021-09-01' existing = {
  name: 'ampls-central'
}

// create DCE amplink-config-francecentral (francecentral); rules: 1 (amplink docs/domain.md)
// reason: No DCE in francecentral can serve as configuration endpoint for 1 cluster (arc-paris-factory): agents fetch
// their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.
resource dce_amplink_config_francecentral 'Microsoft.Insights/dataCollectionEndpoints@2024-03-11' = {
  name: 'amplink-config-francecentral'
  location: 'francecentral'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    description: 'Configuration access endpoint for the Kubernetes clusters in francecentral (amplink).'
    networkAcls: {
      publicNetworkAccess: 'Disabled'
    }
  }
}

// create DCE amplink-config-southeastasia (southeastasia); rules: 1 (amplink docs/domain.md)
// reason: No DCE in southeastasia can serve as configuration endpoint for 1 cluster (aks-sea-web): agents fetch their
// configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
// access stays Enabled: aks-sea-web has no private path to the AMPLS and fetches configuration from it over the
// internet (verify AMPL_VERIFY_E0022 otherwise).
resource dce_amplink_config_southeastasia 'Microsoft.Insights/dataCollectionEndpoints@2024-03-11' = {
  name: 'amplink-config-southeastasia'
  location: 'southeastasia'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    description: 'Configuration access endpoint for the Kubernetes clusters in southeastasia (amplink).'
    networkAcls: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// create DCE amplink-config-westeurope (westeurope); rules: 1 (amplink docs/domain.md)
// reason: No DCE in westeurope can serve as configuration endpoint for 3 clusters (aks-weu-1, aks-weu-2,
// aks-weu-private): agents fetch their configuration from a DCE in their own region, and one DCE per region serves
// metrics and logs alike.
resource dce_amplink_config_westeurope 'Microsoft.Insights/dataCollectionEndpoints@2024-03-11' = {
  name: 'amplink-config-westeurope'
  location: 'westeurope'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    description: 'Configuration access endpoint for the Kubernetes clusters in westeurope (amplink).'
    networkAcls: {
      publicNetworkAccess: 'Disabled'
    }
  }
}

// create DCE amplink-config-westus2 (westus2); rules: 1 (amplink docs/domain.md)
// reason: No DCE in westus2 can serve as configuration endpoint for 2 clusters (aks-wus2-batch, aks-wus2-shop):
// agents fetch their configuration from a DCE in their own region, and one DCE per region serves metrics and logs
// alike. Public network access stays Enabled: aks-wus2-batch has no private path to the AMPLS and fetches
// configuration from it over the internet (verify AMPL_VERIFY_E0022 otherwise).
resource dce_amplink_config_westus2 'Microsoft.Insights/dataCollectionEndpoints@2024-03-11' = {
  name: 'amplink-config-westus2'
  location: 'westus2'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    description: 'Configuration access endpoint for the Kubernetes clusters in westus2 (amplink).'
    networkAcls: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// create AMPLS link amplink-config-francecentral-connection -> amplink-config-francecentral; rules: 1 (amplink
// docs/domain.md)
// reason: DCE amplink-config-francecentral is the configuration endpoint of arc-paris-factory in francecentral (rule
// 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
resource link_amplink_config_francecentral_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'amplink-config-francecentral-connection'
  parent: ampls_ampls_central
  properties: {
    linkedResourceId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-francecentral'
  }
  dependsOn: [
    dce_amplink_config_francecentral
  ]
}

// create AMPLS link amplink-config-southeastasia-connection -> amplink-config-southeastasia; rules: 1 (amplink
// docs/domain.md)
// reason: DCE amplink-config-southeastasia is the configuration endpoint of aks-sea-web in southeastasia (rule 1). It
// is not in AMPLS ampls-central, so that traffic cannot use private link.
resource link_amplink_config_southeastasia_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'amplink-config-southeastasia-connection'
  parent: ampls_ampls_central
  properties: {
    linkedResourceId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-southeastasia'
  }
  dependsOn: [
    dce_amplink_config_southeastasia
    link_amplink_config_francecentral_connection
  ]
}

// create AMPLS link amplink-config-westeurope-connection -> amplink-config-westeurope; rules: 1 (amplink
// docs/domain.md)
// reason: DCE amplink-config-westeurope is the configuration endpoint of aks-weu-1, aks-weu-2, aks-weu-private in
// westeurope (rule 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
resource link_amplink_config_westeurope_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'amplink-config-westeurope-connection'
  parent: ampls_ampls_central
  properties: {
    linkedResourceId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope'
  }
  dependsOn: [
    dce_amplink_config_westeurope
    link_amplink_config_southeastasia_connection
  ]
}

// create AMPLS link amplink-config-westus2-connection -> amplink-config-westus2; rules: 1 (amplink docs/domain.md)
// reason: DCE amplink-config-westus2 is the configuration endpoint of aks-wus2-batch, aks-wus2-shop in westus2 (rule
// 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
resource link_amplink_config_westus2_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'amplink-config-westus2-connection'
  parent: ampls_ampls_central
  properties: {
    linkedResourceId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2'
  }
  dependsOn: [
    dce_amplink_config_westus2
    link_amplink_config_westeurope_connection
  ]
}

// create AMPLS link amw-central-connection -> amw-central; rules: 2, 3, 4, 6 (amplink docs/domain.md)
// reason: DCE amw-central is the shared Prometheus ingestion endpoint of aks-sea-web, aks-weu-1, aks-weu-2 and 4 more
// (rule 2); and the default endpoint of Azure Monitor workspace amw-central, where aks-sea-web, aks-weu-1, aks-weu-2
// and 4 more send metrics (rule 3); and the shared high-scale logs ingestion endpoint of aks-weu-private (rule 4);
// and the remote-write endpoint of on-premises arc-paris-factory (rule 6). It is not in AMPLS ampls-central, so that
// traffic cannot use private link.
resource link_amw_central_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'amw-central-connection'
  parent: ampls_ampls_central
  properties: {
    linkedResourceId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central'
  }
  dependsOn: [
    link_amplink_config_westus2_connection
  ]
}

// create AMPLS link law-central-connection -> law-central; rules: 4 (amplink docs/domain.md)
// reason: Log Analytics workspace law-central is the destination of the Container insights logs of aks-sea-web,
// aks-weu-1, aks-weu-2 and 3 more (rule 4). It is not in AMPLS ampls-central, so that traffic cannot use private
// link.
resource link_law_central_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'law-central-connection'
  parent: ampls_ampls_central
  properties: {
    linkedResourceId: '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-central'
  }
  dependsOn: [
    link_amw_central_connection
  ]
}
