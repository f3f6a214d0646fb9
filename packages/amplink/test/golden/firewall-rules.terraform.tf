# amplink export --format terraform: the plan for AMPLS my-ampls
# (/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/my-resource-group/providers/Microsoft.Insights/privateLinkScopes/my-ampls),
# 5 action(s): 5 to create, 0 to update. Generated from the plan; review, then run.
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
  subscription_id = "71b36fb6-4fe4-4664-9a7b-245dc62f2930"
}

# Exists already:
# /subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/MA_aks-amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/aks-amw
data "azurerm_monitor_data_collection_endpoint" "existing_aks_amw" {
  name                = "aks-amw"
  resource_group_name = "MA_aks-amw_eastus_managed"
}

# Exists already:
# /subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/config-eastus
data "azurerm_monitor_data_collection_endpoint" "existing_config_eastus" {
  name                = "config-eastus"
  resource_group_name = "monitoring"
}

# Exists already:
# /subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/aks/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-fw
data "azurerm_monitor_data_collection_endpoint" "existing_MSProm_eastus_aks_fw" {
  name                = "MSProm-eastus-aks-fw"
  resource_group_name = "aks"
}

# Exists already:
# /subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/monitoring/providers/Microsoft.OperationalInsights/workspaces/my-workspace
data "azurerm_log_analytics_workspace" "existing_my_workspace" {
  name                = "my-workspace"
  resource_group_name = "monitoring"
}

# Exists already:
# /subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/network/providers/Microsoft.Network/firewallPolicies/child
data "azurerm_firewall_policy" "existing_child" {
  name                = "child"
  resource_group_name = "network"
}

# create AMPLS link aks-amw-connection -> aks-amw; rules: 3 (amplink docs/domain.md)
# reason: DCE aks-amw is the default endpoint of Azure Monitor workspace aks-amw, where aks-fw send metrics (rule 3).
# It is not in AMPLS my-ampls, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_aks_amw_connection" {
  name                = "aks-amw-connection"
  resource_group_name = "my-resource-group"
  scope_name          = "my-ampls"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_aks_amw.id
}

# create AMPLS link config-eastus-connection -> config-eastus; rules: 1 (amplink docs/domain.md)
# reason: DCE config-eastus is the configuration endpoint of aks-fw in eastus (rule 1). It is not in AMPLS my-ampls,
# so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_config_eastus_connection" {
  name                = "config-eastus-connection"
  resource_group_name = "my-resource-group"
  scope_name          = "my-ampls"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_config_eastus.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_aks_amw_connection]
}

# create AMPLS link MSProm-eastus-aks-fw-connection -> MSProm-eastus-aks-fw; rules: 2 (amplink docs/domain.md)
# reason: DCE MSProm-eastus-aks-fw is the Prometheus ingestion endpoint of aks-fw (rule 2). It is not in AMPLS
# my-ampls, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_MSProm_eastus_aks_fw_connection" {
  name                = "MSProm-eastus-aks-fw-connection"
  resource_group_name = "my-resource-group"
  scope_name          = "my-ampls"
  linked_resource_id  = data.azurerm_monitor_data_collection_endpoint.existing_MSProm_eastus_aks_fw.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_config_eastus_connection]
}

# create AMPLS link my-workspace-connection -> my-workspace; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace my-workspace is the destination of the Container insights logs of aks-fw (rule 4).
# It is not in AMPLS my-ampls, so that traffic cannot use private link.
resource "azurerm_monitor_private_link_scoped_service" "link_my_workspace_connection" {
  name                = "my-workspace-connection"
  resource_group_name = "my-resource-group"
  scope_name          = "my-ampls"
  linked_resource_id  = data.azurerm_log_analytics_workspace.existing_my_workspace.id
  # One write at a time per AMPLS (parallel writes fail with 409).
  depends_on = [azurerm_monitor_private_link_scoped_service.link_MSProm_eastus_aks_fw_connection]
}

# create firewall rule collection group amplink-azure-monitor (priority 199) of policy child; rules: 5 (amplink
# docs/domain.md)
# reason: Firewall afw (policy child) does not let 1 cluster (aks-fw) reach
# aks-amw-abcd.eastus-1.ingest.monitor.azure.com, msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com: denied
# by application rule no-ingest (Deny) in collection user-deny-collection (priority 100) of rule collection group
# user-deny (priority 200) of policy child. --firewall-rules adds rule collection group amplink-azure-monitor
# (priority 199) allowing HTTPS:443 from the node subnets to exactly the hosts their agents need; the policy's own
# groups are left as they are.
resource "azurerm_firewall_policy_rule_collection_group" "firewall_rules_child" {
  name               = "amplink-azure-monitor"
  firewall_policy_id = data.azurerm_firewall_policy.existing_child.id
  priority           = 199

  application_rule_collection {
    name     = "amplink-azure-monitor"
    priority = 65000
    action   = "Allow"

    rule {
      name              = "nodes-vnet-spoke-aks"
      source_addresses  = ["10.1.0.0/24"]
      destination_fqdns = ["11111111-1111-1111-1111-111111111111.ods.opinsights.azure.com", "11111111-1111-1111-1111-111111111111.oms.opinsights.azure.com", "aks-amw-abcd.eastus-1.ingest.monitor.azure.com", "config-eastus-abcd.eastus-1.handler.control.monitor.azure.com", "login.microsoftonline.com", "msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com"]

      protocols {
        type = "Https"
        port = 443
      }
    }
  }
}
