// file: main.bicep
// amplink export --format bicep: the plan for AMPLS my-ampls
// (/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/my-resource-group/providers/Microsoft.Insights/privateLinkScopes/my-ampls),
// 5 action(s): 5 to create, 0 to update. Generated from the plan; review, then run.
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

// 4 action(s) in resource group my-resource-group of subscription 71b36fb6-4fe4-4664-9a7b-245dc62f2930.
module deploy_my_resource_group 'modules/my-resource-group.bicep' = {
  name: 'amplink-my-resource-group'
  scope: resourceGroup('71b36fb6-4fe4-4664-9a7b-245dc62f2930', 'my-resource-group')
}

// 1 action(s) in resource group network of subscription 71b36fb6-4fe4-4664-9a7b-245dc62f2930.
module deploy_network 'modules/network.bicep' = {
  name: 'amplink-network'
  scope: resourceGroup('71b36fb6-4fe4-4664-9a7b-245dc62f2930', 'network')
}

// file: modules/my-resource-group.bicep
// amplink export --format bicep: resource group my-resource-group of subscription
// 71b36fb6-4fe4-4664-9a7b-245dc62f2930, 4 action(s) of the plan for AMPLS my-ampls.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource ampls_my_ampls 'Microsoft.Insights/privateLinkScopes@2021-09-01' existing = {
  name: 'my-ampls'
}

// create AMPLS link aks-amw-connection -> aks-amw; rules: 3 (amplink docs/domain.md)
// reason: DCE aks-amw is the default endpoint of Azure Monitor workspace aks-amw, where aks-fw send metrics (rule 3).
// It is not in AMPLS my-ampls, so that traffic cannot use private link.
resource link_aks_amw_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'aks-amw-connection'
  parent: ampls_my_ampls
  properties: {
    linkedResourceId: '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/MA_aks-amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/aks-amw'
  }
}

// create AMPLS link config-eastus-connection -> config-eastus; rules: 1 (amplink docs/domain.md)
// reason: DCE config-eastus is the configuration endpoint of aks-fw in eastus (rule 1). It is not in AMPLS my-ampls,
// so that traffic cannot use private link.
resource link_config_eastus_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'config-eastus-connection'
  parent: ampls_my_ampls
  properties: {
    linkedResourceId: '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/config-eastus'
  }
  dependsOn: [
    link_aks_amw_connection
  ]
}

// create AMPLS link MSProm-eastus-aks-fw-connection -> MSProm-eastus-aks-fw; rules: 2 (amplink docs/domain.md)
// reason: DCE MSProm-eastus-aks-fw is the Prometheus ingestion endpoint of aks-fw (rule 2). It is not in AMPLS
// my-ampls, so that traffic cannot use private link.
resource link_MSProm_eastus_aks_fw_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'MSProm-eastus-aks-fw-connection'
  parent: ampls_my_ampls
  properties: {
    linkedResourceId: '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/aks/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-fw'
  }
  dependsOn: [
    link_config_eastus_connection
  ]
}

// create AMPLS link my-workspace-connection -> my-workspace; rules: 4 (amplink docs/domain.md)
// reason: Log Analytics workspace my-workspace is the destination of the Container insights logs of aks-fw (rule 4).
// It is not in AMPLS my-ampls, so that traffic cannot use private link.
resource link_my_workspace_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'my-workspace-connection'
  parent: ampls_my_ampls
  properties: {
    linkedResourceId: '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/monitoring/providers/Microsoft.OperationalInsights/workspaces/my-workspace'
  }
  dependsOn: [
    link_MSProm_eastus_aks_fw_connection
  ]
}

// file: modules/network.bicep
// amplink export --format bicep: resource group network of subscription 71b36fb6-4fe4-4664-9a7b-245dc62f2930, 1
// action(s) of the plan for AMPLS my-ampls.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource policy_child 'Microsoft.Network/firewallPolicies@2023-09-01' existing = {
  name: 'child'
}

// create firewall rule collection group amplink-azure-monitor (priority 199) of policy child; rules: 5 (amplink
// docs/domain.md)
// reason: Firewall afw (policy child) does not let 1 cluster (aks-fw) reach
// aks-amw-abcd.eastus-1.ingest.monitor.azure.com, msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com: denied
// by application rule no-ingest (Deny) in collection user-deny-collection (priority 100) of rule collection group
// user-deny (priority 200) of policy child. --firewall-rules adds rule collection group amplink-azure-monitor
// (priority 199) allowing HTTPS:443 from the node subnets to exactly the hosts their agents need; the policy's own
// groups are left as they are.
resource firewall_rules_amplink_azure_monitor 'Microsoft.Network/firewallPolicies/ruleCollectionGroups@2023-09-01' = {
  name: 'amplink-azure-monitor'
  parent: policy_child
  properties: {
    priority: 199
    ruleCollections: [
      {
        ruleCollectionType: 'FirewallPolicyFilterRuleCollection'
        name: 'amplink-azure-monitor'
        priority: 65000
        action: {
          type: 'Allow'
        }
        rules: [
          {
            ruleType: 'ApplicationRule'
            name: 'nodes-vnet-spoke-aks'
            sourceAddresses: [
              '10.1.0.0/24'
            ]
            protocols: [
              {
                protocolType: 'Https'
                port: 443
              }
            ]
            targetFqdns: [
              '11111111-1111-1111-1111-111111111111.ods.opinsights.azure.com'
              '11111111-1111-1111-1111-111111111111.oms.opinsights.azure.com'
              'aks-amw-abcd.eastus-1.ingest.monitor.azure.com'
              'config-eastus-abcd.eastus-1.handler.control.monitor.azure.com'
              'login.microsoftonline.com'
              'msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com'
            ]
          }
        ]
      }
    ]
  }
}
