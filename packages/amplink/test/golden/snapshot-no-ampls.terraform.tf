# amplink export --format terraform: the plan for AMPLS ampls-fleet
# (/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet),
# 30 action(s): 30 to create, 0 to update. Generated from the plan; review, then run.
#
# Run: terraform init && terraform plan. The default azurerm provider is the AMPLS subscription; other subscriptions
# have an alias. Associations need no alias: their target_resource_id is a full id.
#
# Where this differs from the article (amplink docs/domain.md):
# - One configuration DCE per region, in the AMPLS, serves metrics and logs alike: the association name is the key, so
# the article's two "associate with configuration DCE" steps would overwrite each other.
# - An association to a DCE must be named configurationAccessEndpoint (the service refuses other names).
# - Every id is on one line and quoted (the article breaks ids across lines), and every parameter has its own name
# (the article's `-Name aks-amw-LinkedResourceId` lacks a space).

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 3.80.0"
    }
  }
}

provider "azurerm" {
  features {}
  subscription_id = "d769cc5a-b34b-56ce-96bb-5307ef0b61ab"
}

# Exists already:
# /subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/MA_amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw
data "azurerm_monitor_data_collection_endpoint" "existing_amw" {
  name                = "amw"
  resource_group_name = "MA_amw_eastus_managed"
}

# Exists already:
# /subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law
data "azurerm_log_analytics_workspace" "existing_law" {
  name                = "law"
  resource_group_name = "rg-monitoring"
}

# Exists already:
# /subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-eastus/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-east
data "azurerm_monitor_data_collection_endpoint" "existing_MSProm_eastus_aks_east" {
  name                = "MSProm-eastus-aks-east"
  resource_group_name = "rg-aks-eastus"
}

# Exists already:
# /subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-weu
data "azurerm_monitor_data_collection_endpoint" "existing_MSProm_eastus_aks_weu" {
  name                = "MSProm-eastus-aks-weu"
  resource_group_name = "rg-aks-westeurope"
}

# Exists already:
# /subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-eastus/providers/Microsoft.ContainerService/managedClusters/aks-east
data "azurerm_kubernetes_cluster" "existing_aks_east" {
  name                = "aks-east"
  resource_group_name = "rg-aks-eastus"
}

# Exists already:
# /subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu
data "azurerm_kubernetes_cluster" "existing_aks_weu" {
  name                = "aks-weu"
  resource_group_name = "rg-aks-westeurope"
}

# create AMPLS ampls-fleet; rules: 1, 2, 3, 4 (amplink docs/domain.md)
# reason: AMPLS ampls-fleet does not exist (--create-ampls): the links, endpoints and DNS of this plan go to it.
# Location global; ingestion access mode Open: resources that are not in the AMPLS yet (clusters of the fleet not
# selected, or without a private path) keep sending over public endpoints; set PrivateOnly once every cluster of the
# fleet is in (DOMAIN.md "What breaks": PrivateOnly blocks every resource not in the AMPLS); query access mode Open:
# Grafana, workbooks and the portal outside the private network keep querying.
resource "azurerm_monitor_private_link_scope" "ampls_ampls_fleet" {
  name                  = "ampls-fleet"
  resource_group_name   = "rg-monitoring"
  ingestion_access_mode = "Open"
  query_access_mode     = "Open"
  tags = {
    "managed-by" = "amplink"
  }
}

# create private endpoint ampls-fleet-pe-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Clusters and sites that reach VNet vnet-hub need a private endpoint to AMPLS ampls-fleet (group
# azuremonitor) for their agents' traffic to go over private link (asked for with --private-endpoint).
resource "azurerm_private_endpoint" "pe_ampls_fleet_pe_vnet_hub" {
  name                = "ampls-fleet-pe-vnet-hub"
  resource_group_name = "rg-monitoring"
  location            = "eastus"
  subnet_id           = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/endpoints"
  private_service_connection {
    name                           = "ampls-fleet-pe-vnet-hub"
    private_connection_resource_id = azurerm_monitor_private_link_scope.ampls_ampls_fleet.id
    is_manual_connection           = false
    subresource_names              = ["azuremonitor"]
  }
  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.zone_privatelink_monitor_azure_com.id, azurerm_private_dns_zone.zone_privatelink_oms_opinsights_azure_com.id, azurerm_private_dns_zone.zone_privatelink_ods_opinsights_azure_com.id, azurerm_private_dns_zone.zone_privatelink_agentsvc_azure_automation_net.id, azurerm_private_dns_zone.zone_privatelink_blob_core_windows_net.id]
  }
  tags = {
    "managed-by" = "amplink"
  }
}

# create private endpoint amw-pe-vnet-hub; rules: none (amplink docs/domain.md)
# reason: Grafana and workbooks in VNet vnet-hub query Azure Monitor workspace amw privately through its own private
# endpoint (group prometheusMetrics; asked for with --query-private-endpoint).
resource "azurerm_private_endpoint" "pe_amw_pe_vnet_hub" {
  name                = "amw-pe-vnet-hub"
  resource_group_name = "rg-monitoring"
  location            = "eastus"
  subnet_id           = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/endpoints"
  private_service_connection {
    name                           = "amw-pe-vnet-hub"
    private_connection_resource_id = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Monitor/accounts/amw"
    is_manual_connection           = false
    subresource_names              = ["prometheusMetrics"]
  }
  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.zone_privatelink_eastus_prometheus_monitor_azure_com.id]
  }
  tags = {
    "managed-by" = "amplink"
  }
}

# create private DNS zone privatelink.agentsvc.azure-automation.net; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.agentsvc.azure-automation.net is missing: the endpoint's records go there, and
# the networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
resource "azurerm_private_dns_zone" "zone_privatelink_agentsvc_azure_automation_net" {
  name                = "privatelink.agentsvc.azure-automation.net"
  resource_group_name = "rg-monitoring"
  tags = {
    "managed-by" = "amplink"
  }
}

# create private DNS zone privatelink.blob.core.windows.net; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.blob.core.windows.net is missing: the endpoint's records go there, and the
# networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
resource "azurerm_private_dns_zone" "zone_privatelink_blob_core_windows_net" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "rg-monitoring"
  tags = {
    "managed-by" = "amplink"
  }
}

# create private DNS zone privatelink.eastus.prometheus.monitor.azure.com; rules: none (amplink docs/domain.md)
# reason: Private DNS zone privatelink.eastus.prometheus.monitor.azure.com is missing: the endpoint's records go
# there, and the networks that use the endpoint resolve through it (the workspace query zone).
resource "azurerm_private_dns_zone" "zone_privatelink_eastus_prometheus_monitor_azure_com" {
  name                = "privatelink.eastus.prometheus.monitor.azure.com"
  resource_group_name = "rg-monitoring"
  tags = {
    "managed-by" = "amplink"
  }
}

# create private DNS zone privatelink.monitor.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.monitor.azure.com is missing: the endpoint's records go there, and the networks
# that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
resource "azurerm_private_dns_zone" "zone_privatelink_monitor_azure_com" {
  name                = "privatelink.monitor.azure.com"
  resource_group_name = "rg-monitoring"
  tags = {
    "managed-by" = "amplink"
  }
}

# create private DNS zone privatelink.ods.opinsights.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.ods.opinsights.azure.com is missing: the endpoint's records go there, and the
# networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
resource "azurerm_private_dns_zone" "zone_privatelink_ods_opinsights_azure_com" {
  name                = "privatelink.ods.opinsights.azure.com"
  resource_group_name = "rg-monitoring"
  tags = {
    "managed-by" = "amplink"
  }
}

# create private DNS zone privatelink.oms.opinsights.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.oms.opinsights.azure.com is missing: the endpoint's records go there, and the
# networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
resource "azurerm_private_dns_zone" "zone_privatelink_oms_opinsights_azure_com" {
  name                = "privatelink.oms.opinsights.azure.com"
  resource_group_name = "rg-monitoring"
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.agentsvc.azure-automation.net, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_hub" {
  name                  = "amplink-vnet-hub"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_agentsvc_azure_automation_net.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.agentsvc.azure-automation.net, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_spoke" {
  name                  = "amplink-vnet-spoke"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_agentsvc_azure_automation_net.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.blob.core.windows.net/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.blob.core.windows.net, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_hub_2" {
  name                  = "amplink-vnet-hub"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_blob_core_windows_net.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.blob.core.windows.net/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.blob.core.windows.net, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_spoke_2" {
  name                  = "amplink-vnet-spoke"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_blob_core_windows_net.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.eastus.prometheus.monitor.azure.com/amplink-vnet-hub; rules: none (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.eastus.prometheus.monitor.azure.com, so names there would resolve
# to public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_hub_3" {
  name                  = "amplink-vnet-hub"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_eastus_prometheus_monitor_azure_com.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.monitor.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.monitor.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_hub_4" {
  name                  = "amplink-vnet-hub"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_monitor_azure_com.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.monitor.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.monitor.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_spoke_3" {
  name                  = "amplink-vnet-spoke"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_monitor_azure_com.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.ods.opinsights.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_hub_5" {
  name                  = "amplink-vnet-hub"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_ods_opinsights_azure_com.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.ods.opinsights.azure.com, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_spoke_4" {
  name                  = "amplink-vnet-spoke"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_ods_opinsights_azure_com.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.oms.opinsights.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_hub_6" {
  name                  = "amplink-vnet-hub"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_oms_opinsights_azure_com.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.oms.opinsights.azure.com, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
resource "azurerm_private_dns_zone_virtual_network_link" "zone_link_amplink_vnet_spoke_5" {
  name                  = "amplink-vnet-spoke"
  resource_group_name   = "rg-monitoring"
  private_dns_zone_name = azurerm_private_dns_zone.zone_privatelink_oms_opinsights_azure_com.name
  virtual_network_id    = "/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
  registration_enabled  = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create DNS zone group ampls-fleet-pe-vnet-hub/default; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: The endpoint's zone group writes its A records into privatelink.monitor.azure.com,
# privatelink.oms.opinsights.azure.com, privatelink.ods.opinsights.azure.com and 2 more and keeps them current, as
# Azure does for endpoints made in the portal; without it the names resolve to no private address.
# Written as the private_dns_zone_group block of its private endpoint above.

# create DNS zone group amw-pe-vnet-hub/default; rules: none (amplink docs/domain.md)
# reason: The endpoint's zone group writes its A records into privatelink.eastus.prometheus.monitor.azure.com and
# keeps them current, as Azure does for endpoints made in the portal; without it the names resolve to no private
# address.
# Written as the private_dns_zone_group block of its private endpoint above.

# create DCE amplink-config-westeurope (westeurope); rules: 1 (amplink docs/domain.md)
# reason: No DCE in westeurope can serve as configuration endpoint for 1 cluster (aks-weu): agents fetch their
# configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
# access stays Enabled: aks-weu has no private path to the AMPLS and fetches configuration from it over the internet
# (verify AMPL_VERIFY_E0022 otherwise).
resource "azurerm_monitor_data_collection_endpoint" "dce_amplink_config_westeurope" {
  name                          = "amplink-config-westeurope"
  resource_group_name           = "rg-monitoring"
  location                      = "westeurope"
  description                   = "Configuration access endpoint for the Kubernetes clusters in westeurope (amplink)."
  public_network_access_enabled = true
  tags = {
    "managed-by" = "amplink"
  }
}

# create AMPLS link amplink-config-westeurope-connection -> amplink-config-westeurope; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-westeurope is the configuration endpoint of aks-weu in westeurope (rule 1). It is not in
# AMPLS ampls-fleet, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_amplink_config_westeurope_connection" {
  name                = "amplink-config-westeurope-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = azurerm_monitor_private_link_scope.ampls_ampls_fleet.name
  linked_resource_id  = azurerm_monitor_data_collection_endpoint.dce_amplink_config_westeurope.id
}

# create AMPLS link amw-connection -> amw; rules: 1, 3 (amplink docs/domain.md)
# reason: DCE amw is the configuration endpoint of aks-east in eastus (rule 1); and the default endpoint of Azure
# Monitor workspace amw, where aks-east, aks-weu send metrics (rule 3). It is not in AMPLS ampls-fleet, so that
# traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_amw_connection" {
  name                = "amw-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = azurerm_monitor_private_link_scope.ampls_ampls_fleet.name
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_amw.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_amplink_config_westeurope_connection]
}

# create AMPLS link law-connection -> law; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace law is the destination of the Container insights logs of aks-east, aks-weu (rule 4).
# It is not in AMPLS ampls-fleet, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_law_connection" {
  name                = "law-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = azurerm_monitor_private_link_scope.ampls_ampls_fleet.name
  linked_resource_id  = data.azurerm_log_analytics_workspace.existing_law.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_amw_connection]
}

# create AMPLS link MSProm-eastus-aks-east-connection -> MSProm-eastus-aks-east; rules: 2 (amplink docs/domain.md)
# reason: DCE MSProm-eastus-aks-east is the Prometheus ingestion endpoint of aks-east (rule 2). It is not in AMPLS
# ampls-fleet, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_MSProm_eastus_aks_east_connection" {
  name                = "MSProm-eastus-aks-east-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = azurerm_monitor_private_link_scope.ampls_ampls_fleet.name
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_MSProm_eastus_aks_east.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_law_connection]
}

# create AMPLS link MSProm-eastus-aks-weu-connection -> MSProm-eastus-aks-weu; rules: 2 (amplink docs/domain.md)
# reason: DCE MSProm-eastus-aks-weu is the Prometheus ingestion endpoint of aks-weu (rule 2). It is not in AMPLS
# ampls-fleet, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_MSProm_eastus_aks_weu_connection" {
  name                = "MSProm-eastus-aks-weu-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = azurerm_monitor_private_link_scope.ampls_ampls_fleet.name
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_MSProm_eastus_aks_weu.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_MSProm_eastus_aks_east_connection]
}

# create association configurationAccessEndpoint of cluster aks-east; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-east (eastus) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use the Azure Monitor workspace amw's own DCE, in eastus: amw.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_east" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_east.id
  data_collection_endpoint_id = data.azurerm_monitor_data_collection_endpoint.existing_amw.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-weu; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_weu" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_weu.id
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_westeurope.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}
