# amplink export --format terraform: the plan for AMPLS ampls-global
# (/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/privateLinkScopes/ampls-global),
# 20 action(s): 20 to create, 0 to update. Generated from the plan; review, then run.
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
  subscription_id = "065dd924-63f7-5c71-a652-5ee2cd1f70b0"
}

provider "azurerm" {
  alias = "subscription_08bbcc72"
  features {}
  subscription_id = "08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec"
}

# Exists already:
# /subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us
data "azurerm_monitor_data_collection_endpoint" "existing_amw_us" {
  name                = "amw-us"
  resource_group_name = "MA_amw-us_eastus2_managed"
}

# Exists already:
# /subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.OperationalInsights/workspaces/law-us
data "azurerm_log_analytics_workspace" "existing_law_us" {
  name                = "law-us"
  resource_group_name = "rg-observability"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-canada
data "azurerm_monitor_data_collection_endpoint" "existing_MSProm_eastus2_aks_canada" {
  provider            = azurerm.subscription_08bbcc72
  name                = "MSProm-eastus2-aks-canada"
  resource_group_name = "rg-aks-canadacentral"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-us-1
data "azurerm_monitor_data_collection_endpoint" "existing_MSProm_eastus2_aks_us_1" {
  provider            = azurerm.subscription_08bbcc72
  name                = "MSProm-eastus2-aks-us-1"
  resource_group_name = "rg-aks-eastus2"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-us-2
data "azurerm_monitor_data_collection_endpoint" "existing_MSProm_eastus2_aks_us_2" {
  provider            = azurerm.subscription_08bbcc72
  name                = "MSProm-eastus2-aks-us-2"
  resource_group_name = "rg-aks-eastus2"
}

# Exists already:
# /subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-arc-toronto
data "azurerm_monitor_data_collection_endpoint" "existing_MSProm_eastus2_arc_toronto" {
  name                = "MSProm-eastus2-arc-toronto"
  resource_group_name = "rg-aks-canadacentral"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-eu-2
data "azurerm_monitor_data_collection_endpoint" "existing_MSProm_westeurope_aks_eu_2" {
  provider            = azurerm.subscription_08bbcc72
  name                = "MSProm-westeurope-aks-eu-2"
  resource_group_name = "rg-aks-westeurope"
}

# Exists already:
# /subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-eu-private
data "azurerm_monitor_data_collection_endpoint" "existing_MSProm_westeurope_aks_eu_private" {
  name                = "MSProm-westeurope-aks-eu-private"
  resource_group_name = "rg-aks-westeurope"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-uksouth/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-uk
data "azurerm_monitor_data_collection_endpoint" "existing_MSProm_westeurope_aks_uk" {
  provider            = azurerm.subscription_08bbcc72
  name                = "MSProm-westeurope-aks-uk"
  resource_group_name = "rg-aks-uksouth"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-canadacentral/providers/Microsoft.ContainerService/managedClusters/aks-canada
data "azurerm_kubernetes_cluster" "existing_aks_canada" {
  provider            = azurerm.subscription_08bbcc72
  name                = "aks-canada"
  resource_group_name = "rg-aks-canadacentral"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.ContainerService/managedClusters/aks-us-1
data "azurerm_kubernetes_cluster" "existing_aks_us_1" {
  provider            = azurerm.subscription_08bbcc72
  name                = "aks-us-1"
  resource_group_name = "rg-aks-eastus2"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.ContainerService/managedClusters/aks-us-2
data "azurerm_kubernetes_cluster" "existing_aks_us_2" {
  provider            = azurerm.subscription_08bbcc72
  name                = "aks-us-2"
  resource_group_name = "rg-aks-eastus2"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-uksouth/providers/Microsoft.ContainerService/managedClusters/aks-uk
data "azurerm_kubernetes_cluster" "existing_aks_uk" {
  provider            = azurerm.subscription_08bbcc72
  name                = "aks-uk"
  resource_group_name = "rg-aks-uksouth"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-eu-1
data "azurerm_kubernetes_cluster" "existing_aks_eu_1" {
  provider            = azurerm.subscription_08bbcc72
  name                = "aks-eu-1"
  resource_group_name = "rg-aks-westeurope"
}

# Exists already:
# /subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-eu_westeurope_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-eu
data "azurerm_monitor_data_collection_endpoint" "existing_amw_eu" {
  name                = "amw-eu"
  resource_group_name = "MA_amw-eu_westeurope_managed"
}

# Exists already:
# /subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-eu-2
data "azurerm_kubernetes_cluster" "existing_aks_eu_2" {
  provider            = azurerm.subscription_08bbcc72
  name                = "aks-eu-2"
  resource_group_name = "rg-aks-westeurope"
}

# create DCE amplink-config-canadacentral (canadacentral); rules: 1 (amplink docs/domain.md)
# reason: No DCE in canadacentral can serve as configuration endpoint for 2 clusters (aks-canada, arc-toronto): agents
# fetch their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.
# Public network access stays Enabled: aks-canada has no private path to the AMPLS and fetches configuration from it
# over the internet (verify AMPL_VERIFY_E0022 otherwise).
resource "azurerm_monitor_data_collection_endpoint" "dce_amplink_config_canadacentral" {
  name                          = "amplink-config-canadacentral"
  resource_group_name           = "rg-observability"
  location                      = "canadacentral"
  description                   = "Configuration access endpoint for the Kubernetes clusters in canadacentral (amplink)."
  public_network_access_enabled = true
  tags = {
    "managed-by" = "amplink"
  }
}

# create DCE amplink-config-uksouth (uksouth); rules: 1 (amplink docs/domain.md)
# reason: No DCE in uksouth can serve as configuration endpoint for 1 cluster (aks-uk): agents fetch their
# configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
# access stays Enabled: aks-uk has no private path to the AMPLS and fetches configuration from it over the internet
# (verify AMPL_VERIFY_E0022 otherwise).
resource "azurerm_monitor_data_collection_endpoint" "dce_amplink_config_uksouth" {
  name                          = "amplink-config-uksouth"
  resource_group_name           = "rg-observability"
  location                      = "uksouth"
  description                   = "Configuration access endpoint for the Kubernetes clusters in uksouth (amplink)."
  public_network_access_enabled = true
  tags = {
    "managed-by" = "amplink"
  }
}

# create AMPLS link amplink-config-canadacentral-connection -> amplink-config-canadacentral; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-canadacentral is the configuration endpoint of aks-canada, arc-toronto in canadacentral
# (rule 1). It is not in AMPLS ampls-global, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_amplink_config_canadacentral_connection" {
  name                = "amplink-config-canadacentral-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = azurerm_monitor_data_collection_endpoint.dce_amplink_config_canadacentral.id
}

# create AMPLS link amplink-config-uksouth-connection -> amplink-config-uksouth; rules: 1 (amplink docs/domain.md)
# reason: DCE amplink-config-uksouth is the configuration endpoint of aks-uk in uksouth (rule 1). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_amplink_config_uksouth_connection" {
  name                = "amplink-config-uksouth-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = azurerm_monitor_data_collection_endpoint.dce_amplink_config_uksouth.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_amplink_config_canadacentral_connection]
}

# create AMPLS link amw-us-connection -> amw-us; rules: 1, 3, 6 (amplink docs/domain.md)
# reason: DCE amw-us is the configuration endpoint of aks-us-1, aks-us-2 in eastus2 (rule 1); and the default endpoint
# of Azure Monitor workspace amw-us, where aks-canada, aks-us-1, aks-us-2 and 1 more send metrics (rule 3); and the
# remote-write endpoint of on-premises arc-toronto (rule 6). It is not in AMPLS ampls-global, so that traffic cannot
# use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_amw_us_connection" {
  name                = "amw-us-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_amw_us.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_amplink_config_uksouth_connection]
}

# create AMPLS link law-us-connection -> law-us; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace law-us is the destination of the Container insights logs of aks-us-1, aks-us-2,
# arc-toronto (rule 4). It is not in AMPLS ampls-global, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_law_us_connection" {
  name                = "law-us-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = data.azurerm_log_analytics_workspace.existing_law_us.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_amw_us_connection]
}

# create AMPLS link MSProm-eastus2-aks-canada-connection -> MSProm-eastus2-aks-canada; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus2-aks-canada is the Prometheus ingestion endpoint of aks-canada (rule 2). It is not in
# AMPLS ampls-global, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_MSProm_eastus2_aks_canada_connection" {
  name                = "MSProm-eastus2-aks-canada-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_MSProm_eastus2_aks_canada.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_law_us_connection]
}

# create AMPLS link MSProm-eastus2-aks-us-1-connection -> MSProm-eastus2-aks-us-1; rules: 2 (amplink docs/domain.md)
# reason: DCE MSProm-eastus2-aks-us-1 is the Prometheus ingestion endpoint of aks-us-1 (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_MSProm_eastus2_aks_us_1_connection" {
  name                = "MSProm-eastus2-aks-us-1-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_MSProm_eastus2_aks_us_1.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_MSProm_eastus2_aks_canada_connection]
}

# create AMPLS link MSProm-eastus2-aks-us-2-connection -> MSProm-eastus2-aks-us-2; rules: 2 (amplink docs/domain.md)
# reason: DCE MSProm-eastus2-aks-us-2 is the Prometheus ingestion endpoint of aks-us-2 (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_MSProm_eastus2_aks_us_2_connection" {
  name                = "MSProm-eastus2-aks-us-2-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_MSProm_eastus2_aks_us_2.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_MSProm_eastus2_aks_us_1_connection]
}

# create AMPLS link MSProm-eastus2-arc-toronto-connection -> MSProm-eastus2-arc-toronto; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus2-arc-toronto is the Prometheus ingestion endpoint of arc-toronto (rule 2). It is not in
# AMPLS ampls-global, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_MSProm_eastus2_arc_toronto_connection" {
  name                = "MSProm-eastus2-arc-toronto-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_MSProm_eastus2_arc_toronto.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_MSProm_eastus2_aks_us_2_connection]
}

# create AMPLS link MSProm-westeurope-aks-eu-2-connection -> MSProm-westeurope-aks-eu-2; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-westeurope-aks-eu-2 is the Prometheus ingestion endpoint of aks-eu-2 (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_MSProm_westeurope_aks_eu_2_connection" {
  name                = "MSProm-westeurope-aks-eu-2-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_MSProm_westeurope_aks_eu_2.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_MSProm_eastus2_arc_toronto_connection]
}

# create AMPLS link MSProm-westeurope-aks-eu-private-connection -> MSProm-westeurope-aks-eu-private; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-westeurope-aks-eu-private is the Prometheus ingestion endpoint of aks-eu-private (rule 2). It is
# not in AMPLS ampls-global, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_MSProm_westeurope_aks_eu_private_connection" {
  name                = "MSProm-westeurope-aks-eu-private-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_MSProm_westeurope_aks_eu_private.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_MSProm_westeurope_aks_eu_2_connection]
}

# create AMPLS link MSProm-westeurope-aks-uk-connection -> MSProm-westeurope-aks-uk; rules: 2 (amplink docs/domain.md)
# reason: DCE MSProm-westeurope-aks-uk is the Prometheus ingestion endpoint of aks-uk (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_MSProm_westeurope_aks_uk_connection" {
  name                = "MSProm-westeurope-aks-uk-connection"
  resource_group_name = "rg-observability"
  scope_name          = "ampls-global"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_MSProm_westeurope_aks_uk.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_MSProm_westeurope_aks_eu_private_connection]
}

# create association configurationAccessEndpoint of cluster arc-toronto; rules: 1 (amplink docs/domain.md)
# reason: Cluster arc-toronto (canadacentral) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for canadacentral: amplink-config-canadacentral.
resource "azurerm_monitor_data_collection_rule_association" "association_arc_toronto" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = "/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Kubernetes/connectedClusters/arc-toronto"
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_canadacentral.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-canada; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-canada (canadacentral) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for canadacentral: amplink-config-canadacentral.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_canada" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_canada.id
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_canadacentral.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-us-1; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-us-1 (eastus2) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use the Azure Monitor workspace amw-us's own DCE, in eastus2: amw-us.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_us_1" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_us_1.id
  data_collection_endpoint_id = data.azurerm_monitor_data_collection_endpoint.existing_amw_us.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-us-2; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-us-2 (eastus2) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use the Azure Monitor workspace amw-us's own DCE, in eastus2: amw-us.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_us_2" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_us_2.id
  data_collection_endpoint_id = data.azurerm_monitor_data_collection_endpoint.existing_amw_us.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-uk; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-uk (uksouth) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use a new DCE for uksouth: amplink-config-uksouth.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_uk" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_uk.id
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_uksouth.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-eu-1; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-eu-1 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use the Azure Monitor workspace amw-eu's own DCE, in westeurope:
# amw-eu.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_eu_1" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_eu_1.id
  data_collection_endpoint_id = data.azurerm_monitor_data_collection_endpoint.existing_amw_eu.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-eu-2; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-eu-2 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use the Azure Monitor workspace amw-eu's own DCE, in westeurope:
# amw-eu.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_eu_2" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_eu_2.id
  data_collection_endpoint_id = data.azurerm_monitor_data_collection_endpoint.existing_amw_eu.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}
