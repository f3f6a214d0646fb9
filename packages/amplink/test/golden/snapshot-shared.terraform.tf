# amplink export --format terraform: the plan for AMPLS ampls-central
# (/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-central),
# 25 action(s): 17 to create, 8 to update. Generated from the plan; review, then run.
#
# Run: terraform init && terraform plan. The default azurerm provider is the AMPLS subscription; other subscriptions
# have an alias. Associations need no alias: their target_resource_id is a full id.
#
# NOT IN THIS TERRAFORM OUTPUT: 8 data collection rule update(s) of shared ingestion (read-modify-write of
# properties.dataCollectionEndpointId).
# A terraform resource declares the whole rule, so it would drop the rule's data sources, destinations and flows; run
# these with `amplink apply` or the az export (`amplink export --format az`), after this deployment:
# -
# /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-southeastasia/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-sea-web
# ->
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
# -
# /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-weu-1
# ->
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
# -
# /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-weu-2
# ->
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
# -
# /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-wus2-batch
# ->
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
# -
# /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-wus2-shop
# ->
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
# -
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-francecentral/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-arc-paris-factory
# ->
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
# -
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSCI-eastus-aks-weu-private
# ->
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
# -
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-weu-private
# ->
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
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
  subscription_id = "ab194b72-50dc-5372-b691-1aad8c2aa659"
}

provider "azurerm" {
  alias = "subscription_09bc2690"
  features {}
  subscription_id = "09bc2690-0a83-59d9-a726-f504948fa452"
}

# Exists already:
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central
data "azurerm_monitor_data_collection_endpoint" "existing_amw_central" {
  name                = "amw-central"
  resource_group_name = "MA_amw-central_eastus_managed"
}

# Exists already:
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-central
data "azurerm_log_analytics_workspace" "existing_law_central" {
  name                = "law-central"
  resource_group_name = "rg-monitoring"
}

# Exists already:
# /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-southeastasia/providers/Microsoft.ContainerService/managedClusters/aks-sea-web
data "azurerm_kubernetes_cluster" "existing_aks_sea_web" {
  provider            = azurerm.subscription_09bc2690
  name                = "aks-sea-web"
  resource_group_name = "rg-aks-southeastasia"
}

# Exists already:
# /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu-1
data "azurerm_kubernetes_cluster" "existing_aks_weu_1" {
  provider            = azurerm.subscription_09bc2690
  name                = "aks-weu-1"
  resource_group_name = "rg-aks-westeurope"
}

# Exists already:
# /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu-2
data "azurerm_kubernetes_cluster" "existing_aks_weu_2" {
  provider            = azurerm.subscription_09bc2690
  name                = "aks-weu-2"
  resource_group_name = "rg-aks-westeurope"
}

# Exists already:
# /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.ContainerService/managedClusters/aks-wus2-batch
data "azurerm_kubernetes_cluster" "existing_aks_wus2_batch" {
  provider            = azurerm.subscription_09bc2690
  name                = "aks-wus2-batch"
  resource_group_name = "rg-aks-westus2"
}

# Exists already:
# /subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.ContainerService/managedClusters/aks-wus2-shop
data "azurerm_kubernetes_cluster" "existing_aks_wus2_shop" {
  provider            = azurerm.subscription_09bc2690
  name                = "aks-wus2-shop"
  resource_group_name = "rg-aks-westus2"
}

# Exists already:
# /subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu-private
data "azurerm_kubernetes_cluster" "existing_aks_weu_private" {
  name                = "aks-weu-private"
  resource_group_name = "rg-aks-westeurope"
}

# create DCE amplink-config-francecentral (francecentral); rules: 1 (amplink docs/domain.md)
# reason: No DCE in francecentral can serve as configuration endpoint for 1 cluster (arc-paris-factory): agents fetch
# their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.
resource "azurerm_monitor_data_collection_endpoint" "dce_amplink_config_francecentral" {
  name                          = "amplink-config-francecentral"
  resource_group_name           = "rg-monitoring"
  location                      = "francecentral"
  description                   = "Configuration access endpoint for the Kubernetes clusters in francecentral (amplink)."
  public_network_access_enabled = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create DCE amplink-config-southeastasia (southeastasia); rules: 1 (amplink docs/domain.md)
# reason: No DCE in southeastasia can serve as configuration endpoint for 1 cluster (aks-sea-web): agents fetch their
# configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
# access stays Enabled: aks-sea-web has no private path to the AMPLS and fetches configuration from it over the
# internet (verify AMPL_VERIFY_E0022 otherwise).
resource "azurerm_monitor_data_collection_endpoint" "dce_amplink_config_southeastasia" {
  name                          = "amplink-config-southeastasia"
  resource_group_name           = "rg-monitoring"
  location                      = "southeastasia"
  description                   = "Configuration access endpoint for the Kubernetes clusters in southeastasia (amplink)."
  public_network_access_enabled = true
  tags = {
    "managed-by" = "amplink"
  }
}

# create DCE amplink-config-westeurope (westeurope); rules: 1 (amplink docs/domain.md)
# reason: No DCE in westeurope can serve as configuration endpoint for 3 clusters (aks-weu-1, aks-weu-2,
# aks-weu-private): agents fetch their configuration from a DCE in their own region, and one DCE per region serves
# metrics and logs alike.
resource "azurerm_monitor_data_collection_endpoint" "dce_amplink_config_westeurope" {
  name                          = "amplink-config-westeurope"
  resource_group_name           = "rg-monitoring"
  location                      = "westeurope"
  description                   = "Configuration access endpoint for the Kubernetes clusters in westeurope (amplink)."
  public_network_access_enabled = false
  tags = {
    "managed-by" = "amplink"
  }
}

# create DCE amplink-config-westus2 (westus2); rules: 1 (amplink docs/domain.md)
# reason: No DCE in westus2 can serve as configuration endpoint for 2 clusters (aks-wus2-batch, aks-wus2-shop): agents
# fetch their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.
# Public network access stays Enabled: aks-wus2-batch has no private path to the AMPLS and fetches configuration from
# it over the internet (verify AMPL_VERIFY_E0022 otherwise).
resource "azurerm_monitor_data_collection_endpoint" "dce_amplink_config_westus2" {
  name                          = "amplink-config-westus2"
  resource_group_name           = "rg-monitoring"
  location                      = "westus2"
  description                   = "Configuration access endpoint for the Kubernetes clusters in westus2 (amplink)."
  public_network_access_enabled = true
  tags = {
    "managed-by" = "amplink"
  }
}

# create AMPLS link amplink-config-francecentral-connection -> amplink-config-francecentral; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-francecentral is the configuration endpoint of arc-paris-factory in francecentral (rule
# 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_amplink_config_francecentral_connection" {
  name                = "amplink-config-francecentral-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = "ampls-central"
  linked_resource_id  = azurerm_monitor_data_collection_endpoint.dce_amplink_config_francecentral.id
}

# create AMPLS link amplink-config-southeastasia-connection -> amplink-config-southeastasia; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-southeastasia is the configuration endpoint of aks-sea-web in southeastasia (rule 1). It
# is not in AMPLS ampls-central, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_amplink_config_southeastasia_connection" {
  name                = "amplink-config-southeastasia-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = "ampls-central"
  linked_resource_id  = azurerm_monitor_data_collection_endpoint.dce_amplink_config_southeastasia.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_amplink_config_francecentral_connection]
}

# create AMPLS link amplink-config-westeurope-connection -> amplink-config-westeurope; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-westeurope is the configuration endpoint of aks-weu-1, aks-weu-2, aks-weu-private in
# westeurope (rule 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_amplink_config_westeurope_connection" {
  name                = "amplink-config-westeurope-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = "ampls-central"
  linked_resource_id  = azurerm_monitor_data_collection_endpoint.dce_amplink_config_westeurope.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_amplink_config_southeastasia_connection]
}

# create AMPLS link amplink-config-westus2-connection -> amplink-config-westus2; rules: 1 (amplink docs/domain.md)
# reason: DCE amplink-config-westus2 is the configuration endpoint of aks-wus2-batch, aks-wus2-shop in westus2 (rule
# 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_amplink_config_westus2_connection" {
  name                = "amplink-config-westus2-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = "ampls-central"
  linked_resource_id  = azurerm_monitor_data_collection_endpoint.dce_amplink_config_westus2.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_amplink_config_westeurope_connection]
}

# create AMPLS link amw-central-connection -> amw-central; rules: 2, 3, 4, 6 (amplink docs/domain.md)
# reason: DCE amw-central is the shared Prometheus ingestion endpoint of aks-sea-web, aks-weu-1, aks-weu-2 and 4 more
# (rule 2); and the default endpoint of Azure Monitor workspace amw-central, where aks-sea-web, aks-weu-1, aks-weu-2
# and 4 more send metrics (rule 3); and the shared high-scale logs ingestion endpoint of aks-weu-private (rule 4); and
# the remote-write endpoint of on-premises arc-paris-factory (rule 6). It is not in AMPLS ampls-central, so that
# traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_amw_central_connection" {
  name                = "amw-central-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = "ampls-central"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_amw_central.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_amplink_config_westus2_connection]
}

# create AMPLS link law-central-connection -> law-central; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace law-central is the destination of the Container insights logs of aks-sea-web,
# aks-weu-1, aks-weu-2 and 3 more (rule 4). It is not in AMPLS ampls-central, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_law_central_connection" {
  name                = "law-central-connection"
  resource_group_name = "rg-monitoring"
  scope_name          = "ampls-central"
  linked_resource_id  = data.azurerm_log_analytics_workspace.existing_law_central.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_amw_central_connection]
}

# create association configurationAccessEndpoint of cluster aks-sea-web; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-sea-web (southeastasia) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for southeastasia: amplink-config-southeastasia.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_sea_web" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_sea_web.id
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_southeastasia.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-weu-1; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu-1 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_weu_1" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_weu_1.id
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_westeurope.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-weu-2; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu-2 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_weu_2" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_weu_2.id
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_westeurope.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-wus2-batch; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-wus2-batch (westus2) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westus2: amplink-config-westus2.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_wus2_batch" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_wus2_batch.id
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_westus2.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-wus2-shop; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-wus2-shop (westus2) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westus2: amplink-config-westus2.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_wus2_shop" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_wus2_shop.id
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_westus2.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster arc-paris-factory; rules: 1 (amplink docs/domain.md)
# reason: Cluster arc-paris-factory (francecentral) has no configurationAccessEndpoint association, so its agents
# cannot fetch their configuration over private link. It will use a new DCE for francecentral:
# amplink-config-francecentral.
resource "azurerm_monitor_data_collection_rule_association" "association_arc_paris_factory" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = "/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-francecentral/providers/Microsoft.Kubernetes/connectedClusters/arc-paris-factory"
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_francecentral.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}

# create association configurationAccessEndpoint of cluster aks-weu-private; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu-private (westeurope) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
resource "azurerm_monitor_data_collection_rule_association" "association_aks_weu_private" {
  name                        = "configurationAccessEndpoint"
  target_resource_id          = data.azurerm_kubernetes_cluster.existing_aks_weu_private.id
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.dce_amplink_config_westeurope.id
  description                 = "Configuration access endpoint of the cluster region (amplink)."
}
