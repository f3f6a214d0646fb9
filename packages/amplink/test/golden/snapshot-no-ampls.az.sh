#!/usr/bin/env bash
# amplink export --format az: the plan for AMPLS ampls-fleet
# (/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet),
# 30 action(s): 30 to create, 0 to update. Generated from the plan; review, then run.
#
# Requires Azure CLI 2.45 or later, no extension, signed in (`az login`) with the permissions the plan lists.
# Why `az rest` for DCEs and associations: Azure CLI 2.45 has no `az monitor data-collection` commands (older versions
# need the monitor-control-service extension for them), so the script PUTs the ARM bodies with explicit api-versions.
# The URL host is the active cloud's resource-manager endpoint (`az cloud show`), so the script also works in
# sovereign clouds and against the amplink emulator.
# AMPLS links use `az monitor private-link-scope scoped-resource create`, one after another (parallel writes to one
# AMPLS fail with 409).
# Firewall rule collection groups (with --firewall-rules) use `az rest` too: Azure CLI 2.45's `az network firewall`
# commands need the azure-firewall extension.
# Idempotent: each step reads first; it creates what is missing and re-points an association only when its DCE
# differs, so a second run writes nothing.
#
# Where this differs from the article (amplink docs/domain.md):
# - One configuration DCE per region, in the AMPLS, serves metrics and logs alike: the association name is the key, so
# the article's two "associate with configuration DCE" steps would overwrite each other.
# - An association to a DCE must be named configurationAccessEndpoint (the service refuses other names).
# - Every id is on one line and quoted (the article breaks ids across lines), and every parameter has its own name
# (the article's `-Name aks-amw-LinkedResourceId` lacks a space).
set -euo pipefail

# The active cloud resource-manager endpoint, e.g. https://management.azure.com/.
arm="$(az cloud show --query endpoints.resourceManager --output tsv)"

# Waits for a long-running PUT to end (az rest returns as soon as Azure accepts it).
wait_succeeded() {
  local state
  for _ in $(seq 1 120); do
    state="$(az rest --method get --url "$1" --query properties.provisioningState --output tsv)"
    case "$state" in
      Succeeded) return 0 ;;
      Failed | Canceled) printf '%s\n' "provisioning $state: $1" >&2; return 1 ;;
    esac
    sleep 5
  done
  printf '%s\n' "not Succeeded after 10 minutes: $1" >&2
  return 1
}

# [1/30] create AMPLS ampls-fleet; rules: 1, 2, 3, 4 (amplink docs/domain.md)
# reason: AMPLS ampls-fleet does not exist (--create-ampls): the links, endpoints and DNS of this plan go to it.
# Location global; ingestion access mode Open: resources that are not in the AMPLS yet (clusters of the fleet not
# selected, or without a private path) keep sending over public endpoints; set PrivateOnly once every cluster of the
# fleet is in (DOMAIN.md "What breaks": PrivateOnly blocks every resource not in the AMPLS); query access mode Open:
# Grafana, workbooks and the portal outside the private network keep querying.
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet?api-version=2021-09-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS ampls-fleet'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"accessModeSettings":{"ingestionAccessMode":"Open","queryAccessMode":"Open"}}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create AMPLS ampls-fleet'
fi

# [2/30] create private endpoint ampls-fleet-pe-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Clusters and sites that reach VNet vnet-hub need a private endpoint to AMPLS ampls-fleet (group
# azuremonitor) for their agents' traffic to go over private link (asked for with --private-endpoint).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateEndpoints/ampls-fleet-pe-vnet-hub?api-version=2023-09-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create private endpoint ampls-fleet-pe-vnet-hub'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"eastus","tags":{"managed-by":"amplink"},"properties":{"subnet":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/endpoints"},"privateLinkServiceConnections":[{"name":"ampls-fleet-pe-vnet-hub","properties":{"privateLinkServiceId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet","groupIds":["azuremonitor"]}}]}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create private endpoint ampls-fleet-pe-vnet-hub'
fi

# [3/30] create private endpoint amw-pe-vnet-hub; rules: none (amplink docs/domain.md)
# reason: Grafana and workbooks in VNet vnet-hub query Azure Monitor workspace amw privately through its own private
# endpoint (group prometheusMetrics; asked for with --query-private-endpoint).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateEndpoints/amw-pe-vnet-hub?api-version=2023-09-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create private endpoint amw-pe-vnet-hub'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"eastus","tags":{"managed-by":"amplink"},"properties":{"subnet":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/endpoints"},"privateLinkServiceConnections":[{"name":"amw-pe-vnet-hub","properties":{"privateLinkServiceId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Monitor/accounts/amw","groupIds":["prometheusMetrics"]}}]}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create private endpoint amw-pe-vnet-hub'
fi

# [4/30] create private DNS zone privatelink.agentsvc.azure-automation.net; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: Private DNS zone privatelink.agentsvc.azure-automation.net is missing: the endpoint's records go there, and
# the networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.agentsvc.azure-automation.net?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create private DNS zone privatelink.agentsvc.azure-automation.net'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create private DNS zone privatelink.agentsvc.azure-automation.net'
fi

# [5/30] create private DNS zone privatelink.blob.core.windows.net; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.blob.core.windows.net is missing: the endpoint's records go there, and the
# networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create private DNS zone privatelink.blob.core.windows.net'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create private DNS zone privatelink.blob.core.windows.net'
fi

# [6/30] create private DNS zone privatelink.eastus.prometheus.monitor.azure.com; rules: none (amplink docs/domain.md)
# reason: Private DNS zone privatelink.eastus.prometheus.monitor.azure.com is missing: the endpoint's records go
# there, and the networks that use the endpoint resolve through it (the workspace query zone).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.prometheus.monitor.azure.com?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create private DNS zone privatelink.eastus.prometheus.monitor.azure.com'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create private DNS zone privatelink.eastus.prometheus.monitor.azure.com'
fi

# [7/30] create private DNS zone privatelink.monitor.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.monitor.azure.com is missing: the endpoint's records go there, and the networks
# that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create private DNS zone privatelink.monitor.azure.com'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create private DNS zone privatelink.monitor.azure.com'
fi

# [8/30] create private DNS zone privatelink.ods.opinsights.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.ods.opinsights.azure.com is missing: the endpoint's records go there, and the
# networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.ods.opinsights.azure.com?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create private DNS zone privatelink.ods.opinsights.azure.com'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create private DNS zone privatelink.ods.opinsights.azure.com'
fi

# [9/30] create private DNS zone privatelink.oms.opinsights.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.oms.opinsights.azure.com is missing: the endpoint's records go there, and the
# networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.oms.opinsights.azure.com?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create private DNS zone privatelink.oms.opinsights.azure.com'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create private DNS zone privatelink.oms.opinsights.azure.com'
fi

# [10/30] create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.agentsvc.azure-automation.net, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.agentsvc.azure-automation.net/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-hub'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-hub'
fi

# [11/30] create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.agentsvc.azure-automation.net, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.agentsvc.azure-automation.net/virtualNetworkLinks/amplink-vnet-spoke?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-spoke'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-spoke'
fi

# [12/30] create VNet link privatelink.blob.core.windows.net/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.blob.core.windows.net, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.blob.core.windows.net/amplink-vnet-hub'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.blob.core.windows.net/amplink-vnet-hub'
fi

# [13/30] create VNet link privatelink.blob.core.windows.net/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.blob.core.windows.net, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net/virtualNetworkLinks/amplink-vnet-spoke?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.blob.core.windows.net/amplink-vnet-spoke'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.blob.core.windows.net/amplink-vnet-spoke'
fi

# [14/30] create VNet link privatelink.eastus.prometheus.monitor.azure.com/amplink-vnet-hub; rules: none (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.eastus.prometheus.monitor.azure.com, so names there would resolve
# to public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.prometheus.monitor.azure.com/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.eastus.prometheus.monitor.azure.com/amplink-vnet-hub'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.eastus.prometheus.monitor.azure.com/amplink-vnet-hub'
fi

# [15/30] create VNet link privatelink.monitor.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.monitor.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.monitor.azure.com/amplink-vnet-hub'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.monitor.azure.com/amplink-vnet-hub'
fi

# [16/30] create VNet link privatelink.monitor.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.monitor.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com/virtualNetworkLinks/amplink-vnet-spoke?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.monitor.azure.com/amplink-vnet-spoke'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.monitor.azure.com/amplink-vnet-spoke'
fi

# [17/30] create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.ods.opinsights.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.ods.opinsights.azure.com/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-hub'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-hub'
fi

# [18/30] create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.ods.opinsights.azure.com, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.ods.opinsights.azure.com/virtualNetworkLinks/amplink-vnet-spoke?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-spoke'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-spoke'
fi

# [19/30] create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.oms.opinsights.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.oms.opinsights.azure.com/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-hub'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-hub'
fi

# [20/30] create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.oms.opinsights.azure.com, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.oms.opinsights.azure.com/virtualNetworkLinks/amplink-vnet-spoke?api-version=2020-06-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-spoke'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"},"registrationEnabled":false}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-spoke'
fi

# [21/30] create DNS zone group ampls-fleet-pe-vnet-hub/default; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: The endpoint's zone group writes its A records into privatelink.monitor.azure.com,
# privatelink.oms.opinsights.azure.com, privatelink.ods.opinsights.azure.com and 2 more and keeps them current, as
# Azure does for endpoints made in the portal; without it the names resolve to no private address.
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateEndpoints/ampls-fleet-pe-vnet-hub/privateDnsZoneGroups/default?api-version=2023-09-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create DNS zone group ampls-fleet-pe-vnet-hub/default'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"privateDnsZoneConfigs":[{"name":"privatelink-monitor-azure-com","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com"}},{"name":"privatelink-oms-opinsights-azure-com","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.oms.opinsights.azure.com"}},{"name":"privatelink-ods-opinsights-azure-com","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.ods.opinsights.azure.com"}},{"name":"privatelink-agentsvc-azure-automation-net","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.agentsvc.azure-automation.net"}},{"name":"privatelink-blob-core-windows-net","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"}}]}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create DNS zone group ampls-fleet-pe-vnet-hub/default'
fi

# [22/30] create DNS zone group amw-pe-vnet-hub/default; rules: none (amplink docs/domain.md)
# reason: The endpoint's zone group writes its A records into privatelink.eastus.prometheus.monitor.azure.com and
# keeps them current, as Azure does for endpoints made in the portal; without it the names resolve to no private
# address.
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateEndpoints/amw-pe-vnet-hub/privateDnsZoneGroups/default?api-version=2023-09-01"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create DNS zone group amw-pe-vnet-hub/default'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"privateDnsZoneConfigs":[{"name":"privatelink-eastus-prometheus-monitor-azure-com","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.prometheus.monitor.azure.com"}}]}}'
  wait_succeeded "$url"
  printf '%s\n' 'done:   create DNS zone group amw-pe-vnet-hub/default'
fi

# [23/30] create DCE amplink-config-westeurope (westeurope); rules: 1 (amplink docs/domain.md)
# reason: No DCE in westeurope can serve as configuration endpoint for 1 cluster (aks-weu): agents fetch their
# configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
# access stays Enabled: aks-weu has no private path to the AMPLS and fetches configuration from it over the internet
# (verify AMPL_VERIFY_E0022 otherwise).
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope?api-version=2024-03-11"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create DCE amplink-config-westeurope'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"westeurope","tags":{"managed-by":"amplink"},"properties":{"description":"Configuration access endpoint for the Kubernetes clusters in westeurope (amplink).","networkAcls":{"publicNetworkAccess":"Enabled"}}}'
  printf '%s\n' 'done:   create DCE amplink-config-westeurope'
fi

# [24/30] create AMPLS link amplink-config-westeurope-connection -> amplink-config-westeurope; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-westeurope is the configuration endpoint of aks-weu in westeurope (rule 1). It is not in
# AMPLS ampls-fleet, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' --resource-group 'rg-monitoring' --scope-name 'ampls-fleet' --name 'amplink-config-westeurope-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link amplink-config-westeurope-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-fleet' \
    --name 'amplink-config-westeurope-connection' \
    --linked-resource '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope' --output none
  printf '%s\n' 'done:   create AMPLS link amplink-config-westeurope-connection'
fi

# [25/30] create AMPLS link amw-connection -> amw; rules: 1, 3 (amplink docs/domain.md)
# reason: DCE amw is the configuration endpoint of aks-east in eastus (rule 1); and the default endpoint of Azure
# Monitor workspace amw, where aks-east, aks-weu send metrics (rule 3). It is not in AMPLS ampls-fleet, so that
# traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' --resource-group 'rg-monitoring' --scope-name 'ampls-fleet' --name 'amw-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link amw-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-fleet' \
    --name 'amw-connection' \
    --linked-resource '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/MA_amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw' --output none
  printf '%s\n' 'done:   create AMPLS link amw-connection'
fi

# [26/30] create AMPLS link law-connection -> law; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace law is the destination of the Container insights logs of aks-east, aks-weu (rule 4).
# It is not in AMPLS ampls-fleet, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' --resource-group 'rg-monitoring' --scope-name 'ampls-fleet' --name 'law-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link law-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-fleet' \
    --name 'law-connection' \
    --linked-resource '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law' --output none
  printf '%s\n' 'done:   create AMPLS link law-connection'
fi

# [27/30] create AMPLS link MSProm-eastus-aks-east-connection -> MSProm-eastus-aks-east; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus-aks-east is the Prometheus ingestion endpoint of aks-east (rule 2). It is not in AMPLS
# ampls-fleet, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' --resource-group 'rg-monitoring' --scope-name 'ampls-fleet' --name 'MSProm-eastus-aks-east-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus-aks-east-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-fleet' \
    --name 'MSProm-eastus-aks-east-connection' \
    --linked-resource '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-eastus/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-east' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus-aks-east-connection'
fi

# [28/30] create AMPLS link MSProm-eastus-aks-weu-connection -> MSProm-eastus-aks-weu; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus-aks-weu is the Prometheus ingestion endpoint of aks-weu (rule 2). It is not in AMPLS
# ampls-fleet, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' --resource-group 'rg-monitoring' --scope-name 'ampls-fleet' --name 'MSProm-eastus-aks-weu-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus-aks-weu-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-fleet' \
    --name 'MSProm-eastus-aks-weu-connection' \
    --linked-resource '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-weu' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus-aks-weu-connection'
fi

# [29/30] create association configurationAccessEndpoint of cluster aks-east; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-east (eastus) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use the Azure Monitor workspace amw's own DCE, in eastus: amw.
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-eastus/providers/Microsoft.ContainerService/managedClusters/aks-east/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/MA_amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-east'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/MA_amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw"}}'
  printf '%s\n' 'done:   create association of cluster aks-east'
fi

# [30/30] create association configurationAccessEndpoint of cluster aks-weu; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
url="${arm%/}/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-weu'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope"}}'
  printf '%s\n' 'done:   create association of cluster aks-weu'
fi

printf '%s\n' 'amplink: 30 action(s) checked for AMPLS ampls-fleet.'
