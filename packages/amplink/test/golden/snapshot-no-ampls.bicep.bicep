// file: main.bicep
// amplink export --format bicep: the plan for AMPLS ampls-fleet
// (/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet),
// 30 action(s): 30 to create, 0 to update. Generated from the plan; review, then run.
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

// 1 action(s) in resource group rg-aks-eastus of subscription d769cc5a-b34b-56ce-96bb-5307ef0b61ab.
module deploy_rg_aks_eastus 'modules/rg-aks-eastus.bicep' = {
  name: 'amplink-rg-aks-eastus'
  scope: resourceGroup('d769cc5a-b34b-56ce-96bb-5307ef0b61ab', 'rg-aks-eastus')
  dependsOn: [
    deploy_rg_monitoring
  ]
}

// 1 action(s) in resource group rg-aks-westeurope of subscription d769cc5a-b34b-56ce-96bb-5307ef0b61ab.
module deploy_rg_aks_westeurope 'modules/rg-aks-westeurope.bicep' = {
  name: 'amplink-rg-aks-westeurope'
  scope: resourceGroup('d769cc5a-b34b-56ce-96bb-5307ef0b61ab', 'rg-aks-westeurope')
  dependsOn: [
    deploy_rg_monitoring
  ]
}

// 28 action(s) in resource group rg-monitoring of subscription d769cc5a-b34b-56ce-96bb-5307ef0b61ab.
module deploy_rg_monitoring 'modules/rg-monitoring.bicep' = {
  name: 'amplink-rg-monitoring'
  scope: resourceGroup('d769cc5a-b34b-56ce-96bb-5307ef0b61ab', 'rg-monitoring')
}

// file: modules/rg-aks-eastus.bicep
// amplink export --format bicep: resource group rg-aks-eastus of subscription d769cc5a-b34b-56ce-96bb-5307ef0b61ab, 1
// action(s) of the plan for AMPLS ampls-fleet.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_aks_east 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-east'
}

// create association configurationAccessEndpoint of cluster aks-east; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-east (eastus) has no configurationAccessEndpoint association, so its agents cannot fetch their
// configuration over private link. It will use the Azure Monitor workspace amw's own DCE, in eastus: amw.
resource association_aks_east 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_east
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/MA_amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw'
  }
}

// file: modules/rg-aks-westeurope.bicep
// amplink export --format bicep: resource group rg-aks-westeurope of subscription
// d769cc5a-b34b-56ce-96bb-5307ef0b61ab, 1 action(s) of the plan for AMPLS ampls-fleet.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.
resource cluster_aks_weu 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: 'aks-weu'
}

// create association configurationAccessEndpoint of cluster aks-weu; rules: 1 (amplink docs/domain.md)
// reason: Cluster aks-weu (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
// their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
resource association_aks_weu 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'configurationAccessEndpoint'
  scope: cluster_aks_weu
  properties: {
    description: 'Configuration access endpoint of the cluster region (amplink).'
    dataCollectionEndpointId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope'
  }
}

// file: modules/rg-monitoring.bicep
// amplink export --format bicep: resource group rg-monitoring of subscription d769cc5a-b34b-56ce-96bb-5307ef0b61ab,
// 28 action(s) of the plan for AMPLS ampls-fleet.
targetScope = 'resourceGroup'

// What exists already, referenced, not deployed.

// create AMPLS ampls-fleet; rules: 1, 2, 3, 4 (amplink docs/domain.md)
// reason: AMPLS ampls-fleet does not exist (--create-ampls): the links, endpoints and DNS of this plan go to it.
// Location global; ingestion access mode Open: resources that are not in the AMPLS yet (clusters of the fleet not
// selected, or without a private path) keep sending over public endpoints; set PrivateOnly once every cluster of the
// fleet is in (DOMAIN.md "What breaks": PrivateOnly blocks every resource not in the AMPLS); query access mode Open:
// Grafana, workbooks and the portal outside the private network keep querying.
resource ampls_ampls_fleet 'Microsoft.Insights/privateLinkScopes@2021-09-01' = {
  name: 'ampls-fleet'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    accessModeSettings: {
      ingestionAccessMode: 'Open'
      queryAccessMode: 'Open'
    }
  }
}

// create private endpoint ampls-fleet-pe-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
// reason: Clusters and sites that reach VNet vnet-hub need a private endpoint to AMPLS ampls-fleet (group
// azuremonitor) for their agents' traffic to go over private link (asked for with --private-endpoint).
resource pe_ampls_fleet_pe_vnet_hub 'Microsoft.Network/privateEndpoints@2023-09-01' = {
  name: 'ampls-fleet-pe-vnet-hub'
  location: 'eastus'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    subnet: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/endpoints'
    }
    privateLinkServiceConnections: [
      {
        name: 'ampls-fleet-pe-vnet-hub'
        properties: {
          privateLinkServiceId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet'
          groupIds: [
            'azuremonitor'
          ]
        }
      }
    ]
  }
  dependsOn: [
    ampls_ampls_fleet
  ]
}

// create private endpoint amw-pe-vnet-hub; rules: none (amplink docs/domain.md)
// reason: Grafana and workbooks in VNet vnet-hub query Azure Monitor workspace amw privately through its own private
// endpoint (group prometheusMetrics; asked for with --query-private-endpoint).
resource pe_amw_pe_vnet_hub 'Microsoft.Network/privateEndpoints@2023-09-01' = {
  name: 'amw-pe-vnet-hub'
  location: 'eastus'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    subnet: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/endpoints'
    }
    privateLinkServiceConnections: [
      {
        name: 'amw-pe-vnet-hub'
        properties: {
          privateLinkServiceId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Monitor/accounts/amw'
          groupIds: [
            'prometheusMetrics'
          ]
        }
      }
    ]
  }
}

// create private DNS zone privatelink.agentsvc.azure-automation.net; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
// reason: Private DNS zone privatelink.agentsvc.azure-automation.net is missing: the endpoint's records go there, and
// the networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
resource zone_privatelink_agentsvc_azure_automation_net 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.agentsvc.azure-automation.net'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
}

// create private DNS zone privatelink.blob.core.windows.net; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
// reason: Private DNS zone privatelink.blob.core.windows.net is missing: the endpoint's records go there, and the
// networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
resource zone_privatelink_blob_core_windows_net 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.blob.core.windows.net'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
}

// create private DNS zone privatelink.eastus.prometheus.monitor.azure.com; rules: none (amplink docs/domain.md)
// reason: Private DNS zone privatelink.eastus.prometheus.monitor.azure.com is missing: the endpoint's records go
// there, and the networks that use the endpoint resolve through it (the workspace query zone).
resource zone_privatelink_eastus_prometheus_monitor_azure_com 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.eastus.prometheus.monitor.azure.com'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
}

// create private DNS zone privatelink.monitor.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
// reason: Private DNS zone privatelink.monitor.azure.com is missing: the endpoint's records go there, and the
// networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
resource zone_privatelink_monitor_azure_com 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.monitor.azure.com'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
}

// create private DNS zone privatelink.ods.opinsights.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
// reason: Private DNS zone privatelink.ods.opinsights.azure.com is missing: the endpoint's records go there, and the
// networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
resource zone_privatelink_ods_opinsights_azure_com 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.ods.opinsights.azure.com'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
}

// create private DNS zone privatelink.oms.opinsights.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
// reason: Private DNS zone privatelink.oms.opinsights.azure.com is missing: the endpoint's records go there, and the
// networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
resource zone_privatelink_oms_opinsights_azure_com 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.oms.opinsights.azure.com'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
}

// create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
// docs/domain.md)
// reason: VNet vnet-hub is not linked to privatelink.agentsvc.azure-automation.net, so names there would resolve to
// public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_agentsvc_azure_automation_net_amplink_vnet_hub 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.agentsvc.azure-automation.net/amplink-vnet-hub'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_agentsvc_azure_automation_net
  ]
}

// create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
// docs/domain.md)
// reason: VNet vnet-spoke is not linked to privatelink.agentsvc.azure-automation.net, so names there would resolve to
// public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_agentsvc_azure_automation_net_amplink_vnet_spoke 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.agentsvc.azure-automation.net/amplink-vnet-spoke'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_agentsvc_azure_automation_net
  ]
}

// create VNet link privatelink.blob.core.windows.net/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
// reason: VNet vnet-hub is not linked to privatelink.blob.core.windows.net, so names there would resolve to public
// addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_blob_core_windows_net_amplink_vnet_hub 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.blob.core.windows.net/amplink-vnet-hub'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_blob_core_windows_net
  ]
}

// create VNet link privatelink.blob.core.windows.net/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
// docs/domain.md)
// reason: VNet vnet-spoke is not linked to privatelink.blob.core.windows.net, so names there would resolve to public
// addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_blob_core_windows_net_amplink_vnet_spoke 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.blob.core.windows.net/amplink-vnet-spoke'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_blob_core_windows_net
  ]
}

// create VNet link privatelink.eastus.prometheus.monitor.azure.com/amplink-vnet-hub; rules: none (amplink
// docs/domain.md)
// reason: VNet vnet-hub is not linked to privatelink.eastus.prometheus.monitor.azure.com, so names there would
// resolve to public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_eastus_prometheus_monitor_azure_com_amplink_vnet_hub 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.eastus.prometheus.monitor.azure.com/amplink-vnet-hub'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_eastus_prometheus_monitor_azure_com
  ]
}

// create VNet link privatelink.monitor.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
// reason: VNet vnet-hub is not linked to privatelink.monitor.azure.com, so names there would resolve to public
// addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_monitor_azure_com_amplink_vnet_hub 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.monitor.azure.com/amplink-vnet-hub'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_monitor_azure_com
  ]
}

// create VNet link privatelink.monitor.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
// reason: VNet vnet-spoke is not linked to privatelink.monitor.azure.com, so names there would resolve to public
// addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_monitor_azure_com_amplink_vnet_spoke 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.monitor.azure.com/amplink-vnet-spoke'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_monitor_azure_com
  ]
}

// create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
// docs/domain.md)
// reason: VNet vnet-hub is not linked to privatelink.ods.opinsights.azure.com, so names there would resolve to public
// addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_ods_opinsights_azure_com_amplink_vnet_hub 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.ods.opinsights.azure.com/amplink-vnet-hub'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_ods_opinsights_azure_com
  ]
}

// create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
// docs/domain.md)
// reason: VNet vnet-spoke is not linked to privatelink.ods.opinsights.azure.com, so names there would resolve to
// public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_ods_opinsights_azure_com_amplink_vnet_spoke 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.ods.opinsights.azure.com/amplink-vnet-spoke'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_ods_opinsights_azure_com
  ]
}

// create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
// docs/domain.md)
// reason: VNet vnet-hub is not linked to privatelink.oms.opinsights.azure.com, so names there would resolve to public
// addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_oms_opinsights_azure_com_amplink_vnet_hub 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.oms.opinsights.azure.com/amplink-vnet-hub'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_oms_opinsights_azure_com
  ]
}

// create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
// docs/domain.md)
// reason: VNet vnet-spoke is not linked to privatelink.oms.opinsights.azure.com, so names there would resolve to
// public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource zone_link_privatelink_oms_opinsights_azure_com_amplink_vnet_spoke 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  name: 'privatelink.oms.opinsights.azure.com/amplink-vnet-spoke'
  location: 'global'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    virtualNetwork: {
      id: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke'
    }
    registrationEnabled: false
  }
  dependsOn: [
    zone_privatelink_oms_opinsights_azure_com
  ]
}

// create DNS zone group ampls-fleet-pe-vnet-hub/default; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
// reason: The endpoint's zone group writes its A records into privatelink.monitor.azure.com,
// privatelink.oms.opinsights.azure.com, privatelink.ods.opinsights.azure.com and 2 more and keeps them current, as
// Azure does for endpoints made in the portal; without it the names resolve to no private address.
resource zone_group_ampls_fleet_pe_vnet_hub_default 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-09-01' = {
  name: 'ampls-fleet-pe-vnet-hub/default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'privatelink-monitor-azure-com'
        properties: {
          privateDnsZoneId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com'
        }
      }
      {
        name: 'privatelink-oms-opinsights-azure-com'
        properties: {
          privateDnsZoneId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.oms.opinsights.azure.com'
        }
      }
      {
        name: 'privatelink-ods-opinsights-azure-com'
        properties: {
          privateDnsZoneId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.ods.opinsights.azure.com'
        }
      }
      {
        name: 'privatelink-agentsvc-azure-automation-net'
        properties: {
          privateDnsZoneId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.agentsvc.azure-automation.net'
        }
      }
      {
        name: 'privatelink-blob-core-windows-net'
        properties: {
          privateDnsZoneId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net'
        }
      }
    ]
  }
  dependsOn: [
    pe_ampls_fleet_pe_vnet_hub
    zone_privatelink_monitor_azure_com
    zone_privatelink_oms_opinsights_azure_com
    zone_privatelink_ods_opinsights_azure_com
    zone_privatelink_agentsvc_azure_automation_net
    zone_privatelink_blob_core_windows_net
    zone_link_privatelink_monitor_azure_com_amplink_vnet_hub
    zone_link_privatelink_monitor_azure_com_amplink_vnet_spoke
    zone_link_privatelink_oms_opinsights_azure_com_amplink_vnet_hub
    zone_link_privatelink_oms_opinsights_azure_com_amplink_vnet_spoke
    zone_link_privatelink_ods_opinsights_azure_com_amplink_vnet_hub
    zone_link_privatelink_ods_opinsights_azure_com_amplink_vnet_spoke
    zone_link_privatelink_agentsvc_azure_automation_net_amplink_vnet_hub
    zone_link_privatelink_agentsvc_azure_automation_net_amplink_vnet_spoke
    zone_link_privatelink_blob_core_windows_net_amplink_vnet_hub
    zone_link_privatelink_blob_core_windows_net_amplink_vnet_spoke
  ]
}

// create DNS zone group amw-pe-vnet-hub/default; rules: none (amplink docs/domain.md)
// reason: The endpoint's zone group writes its A records into privatelink.eastus.prometheus.monitor.azure.com and
// keeps them current, as Azure does for endpoints made in the portal; without it the names resolve to no private
// address.
resource zone_group_amw_pe_vnet_hub_default 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-09-01' = {
  name: 'amw-pe-vnet-hub/default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'privatelink-eastus-prometheus-monitor-azure-com'
        properties: {
          privateDnsZoneId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.prometheus.monitor.azure.com'
        }
      }
    ]
  }
  dependsOn: [
    pe_amw_pe_vnet_hub
    zone_privatelink_eastus_prometheus_monitor_azure_com
    zone_link_privatelink_eastus_prometheus_monitor_azure_com_amplink_vnet_hub
  ]
}

// create DCE amplink-config-westeurope (westeurope); rules: 1 (amplink docs/domain.md)
// reason: No DCE in westeurope can serve as configuration endpoint for 1 cluster (aks-weu): agents fetch their
// configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
// access stays Enabled: aks-weu has no private path to the AMPLS and fetches configuration from it over the internet
// (verify AMPL_VERIFY_E0022 otherwise).
resource dce_amplink_config_westeurope 'Microsoft.Insights/dataCollectionEndpoints@2024-03-11' = {
  name: 'amplink-config-westeurope'
  location: 'westeurope'
  tags: {
    'managed-by': 'amplink'
  }
  properties: {
    description: 'Configuration access endpoint for the Kubernetes clusters in westeurope (amplink).'
    networkAcls: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// create AMPLS link amplink-config-westeurope-connection -> amplink-config-westeurope; rules: 1 (amplink
// docs/domain.md)
// reason: DCE amplink-config-westeurope is the configuration endpoint of aks-weu in westeurope (rule 1). It is not in
// AMPLS ampls-fleet, so that traffic cannot use private link.
resource link_amplink_config_westeurope_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'amplink-config-westeurope-connection'
  parent: ampls_ampls_fleet
  properties: {
    linkedResourceId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope'
  }
  dependsOn: [
    dce_amplink_config_westeurope
    ampls_ampls_fleet
  ]
}

// create AMPLS link amw-connection -> amw; rules: 1, 3 (amplink docs/domain.md)
// reason: DCE amw is the configuration endpoint of aks-east in eastus (rule 1); and the default endpoint of Azure
// Monitor workspace amw, where aks-east, aks-weu send metrics (rule 3). It is not in AMPLS ampls-fleet, so that
// traffic cannot use private link.
resource link_amw_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'amw-connection'
  parent: ampls_ampls_fleet
  properties: {
    linkedResourceId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/MA_amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw'
  }
  dependsOn: [
    ampls_ampls_fleet
    link_amplink_config_westeurope_connection
  ]
}

// create AMPLS link law-connection -> law; rules: 4 (amplink docs/domain.md)
// reason: Log Analytics workspace law is the destination of the Container insights logs of aks-east, aks-weu (rule
// 4). It is not in AMPLS ampls-fleet, so that traffic cannot use private link.
resource link_law_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'law-connection'
  parent: ampls_ampls_fleet
  properties: {
    linkedResourceId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law'
  }
  dependsOn: [
    ampls_ampls_fleet
    link_amw_connection
  ]
}

// create AMPLS link MSProm-eastus-aks-east-connection -> MSProm-eastus-aks-east; rules: 2 (amplink docs/domain.md)
// reason: DCE MSProm-eastus-aks-east is the Prometheus ingestion endpoint of aks-east (rule 2). It is not in AMPLS
// ampls-fleet, so that traffic cannot use private link.
resource link_MSProm_eastus_aks_east_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'MSProm-eastus-aks-east-connection'
  parent: ampls_ampls_fleet
  properties: {
    linkedResourceId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-eastus/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-east'
  }
  dependsOn: [
    ampls_ampls_fleet
    link_law_connection
  ]
}

// create AMPLS link MSProm-eastus-aks-weu-connection -> MSProm-eastus-aks-weu; rules: 2 (amplink docs/domain.md)
// reason: DCE MSProm-eastus-aks-weu is the Prometheus ingestion endpoint of aks-weu (rule 2). It is not in AMPLS
// ampls-fleet, so that traffic cannot use private link.
resource link_MSProm_eastus_aks_weu_connection 'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01' = {
  name: 'MSProm-eastus-aks-weu-connection'
  parent: ampls_ampls_fleet
  properties: {
    linkedResourceId: '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-weu'
  }
  dependsOn: [
    ampls_ampls_fleet
    link_MSProm_eastus_aks_east_connection
  ]
}
