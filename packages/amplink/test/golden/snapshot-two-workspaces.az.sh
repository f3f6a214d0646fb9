#!/usr/bin/env bash
# amplink export --format az: the plan for AMPLS ampls-global
# (/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/privateLinkScopes/ampls-global),
# 20 action(s): 20 to create, 0 to update. Generated from the plan; review, then run.
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

# [1/20] create DCE amplink-config-canadacentral (canadacentral); rules: 1 (amplink docs/domain.md)
# reason: No DCE in canadacentral can serve as configuration endpoint for 2 clusters (aks-canada, arc-toronto): agents
# fetch their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.
# Public network access stays Enabled: aks-canada has no private path to the AMPLS and fetches configuration from it
# over the internet (verify AMPL_VERIFY_E0022 otherwise).
url="${arm%/}/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral?api-version=2024-03-11"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create DCE amplink-config-canadacentral'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"canadacentral","tags":{"managed-by":"amplink"},"properties":{"description":"Configuration access endpoint for the Kubernetes clusters in canadacentral (amplink).","networkAcls":{"publicNetworkAccess":"Enabled"}}}'
  printf '%s\n' 'done:   create DCE amplink-config-canadacentral'
fi

# [2/20] create DCE amplink-config-uksouth (uksouth); rules: 1 (amplink docs/domain.md)
# reason: No DCE in uksouth can serve as configuration endpoint for 1 cluster (aks-uk): agents fetch their
# configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
# access stays Enabled: aks-uk has no private path to the AMPLS and fetches configuration from it over the internet
# (verify AMPL_VERIFY_E0022 otherwise).
url="${arm%/}/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-uksouth?api-version=2024-03-11"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create DCE amplink-config-uksouth'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"uksouth","tags":{"managed-by":"amplink"},"properties":{"description":"Configuration access endpoint for the Kubernetes clusters in uksouth (amplink).","networkAcls":{"publicNetworkAccess":"Enabled"}}}'
  printf '%s\n' 'done:   create DCE amplink-config-uksouth'
fi

# [3/20] create AMPLS link amplink-config-canadacentral-connection -> amplink-config-canadacentral; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-canadacentral is the configuration endpoint of aks-canada, arc-toronto in canadacentral
# (rule 1). It is not in AMPLS ampls-global, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'amplink-config-canadacentral-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link amplink-config-canadacentral-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'amplink-config-canadacentral-connection' \
    --linked-resource '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral' --output none
  printf '%s\n' 'done:   create AMPLS link amplink-config-canadacentral-connection'
fi

# [4/20] create AMPLS link amplink-config-uksouth-connection -> amplink-config-uksouth; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-uksouth is the configuration endpoint of aks-uk in uksouth (rule 1). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'amplink-config-uksouth-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link amplink-config-uksouth-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'amplink-config-uksouth-connection' \
    --linked-resource '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-uksouth' --output none
  printf '%s\n' 'done:   create AMPLS link amplink-config-uksouth-connection'
fi

# [5/20] create AMPLS link amw-us-connection -> amw-us; rules: 1, 3, 6 (amplink docs/domain.md)
# reason: DCE amw-us is the configuration endpoint of aks-us-1, aks-us-2 in eastus2 (rule 1); and the default endpoint
# of Azure Monitor workspace amw-us, where aks-canada, aks-us-1, aks-us-2 and 1 more send metrics (rule 3); and the
# remote-write endpoint of on-premises arc-toronto (rule 6). It is not in AMPLS ampls-global, so that traffic cannot
# use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'amw-us-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link amw-us-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'amw-us-connection' \
    --linked-resource '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us' --output none
  printf '%s\n' 'done:   create AMPLS link amw-us-connection'
fi

# [6/20] create AMPLS link law-us-connection -> law-us; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace law-us is the destination of the Container insights logs of aks-us-1, aks-us-2,
# arc-toronto (rule 4). It is not in AMPLS ampls-global, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'law-us-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link law-us-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'law-us-connection' \
    --linked-resource '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.OperationalInsights/workspaces/law-us' --output none
  printf '%s\n' 'done:   create AMPLS link law-us-connection'
fi

# [7/20] create AMPLS link MSProm-eastus2-aks-canada-connection -> MSProm-eastus2-aks-canada; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus2-aks-canada is the Prometheus ingestion endpoint of aks-canada (rule 2). It is not in
# AMPLS ampls-global, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'MSProm-eastus2-aks-canada-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus2-aks-canada-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'MSProm-eastus2-aks-canada-connection' \
    --linked-resource '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-canada' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus2-aks-canada-connection'
fi

# [8/20] create AMPLS link MSProm-eastus2-aks-us-1-connection -> MSProm-eastus2-aks-us-1; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus2-aks-us-1 is the Prometheus ingestion endpoint of aks-us-1 (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'MSProm-eastus2-aks-us-1-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus2-aks-us-1-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'MSProm-eastus2-aks-us-1-connection' \
    --linked-resource '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-us-1' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus2-aks-us-1-connection'
fi

# [9/20] create AMPLS link MSProm-eastus2-aks-us-2-connection -> MSProm-eastus2-aks-us-2; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus2-aks-us-2 is the Prometheus ingestion endpoint of aks-us-2 (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'MSProm-eastus2-aks-us-2-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus2-aks-us-2-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'MSProm-eastus2-aks-us-2-connection' \
    --linked-resource '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-us-2' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus2-aks-us-2-connection'
fi

# [10/20] create AMPLS link MSProm-eastus2-arc-toronto-connection -> MSProm-eastus2-arc-toronto; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus2-arc-toronto is the Prometheus ingestion endpoint of arc-toronto (rule 2). It is not in
# AMPLS ampls-global, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'MSProm-eastus2-arc-toronto-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus2-arc-toronto-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'MSProm-eastus2-arc-toronto-connection' \
    --linked-resource '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-arc-toronto' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus2-arc-toronto-connection'
fi

# [11/20] create AMPLS link MSProm-westeurope-aks-eu-2-connection -> MSProm-westeurope-aks-eu-2; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-westeurope-aks-eu-2 is the Prometheus ingestion endpoint of aks-eu-2 (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'MSProm-westeurope-aks-eu-2-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-westeurope-aks-eu-2-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'MSProm-westeurope-aks-eu-2-connection' \
    --linked-resource '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-eu-2' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-westeurope-aks-eu-2-connection'
fi

# [12/20] create AMPLS link MSProm-westeurope-aks-eu-private-connection -> MSProm-westeurope-aks-eu-private; rules: 2
# (amplink docs/domain.md)
# reason: DCE MSProm-westeurope-aks-eu-private is the Prometheus ingestion endpoint of aks-eu-private (rule 2). It is
# not in AMPLS ampls-global, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'MSProm-westeurope-aks-eu-private-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-westeurope-aks-eu-private-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'MSProm-westeurope-aks-eu-private-connection' \
    --linked-resource '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-eu-private' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-westeurope-aks-eu-private-connection'
fi

# [13/20] create AMPLS link MSProm-westeurope-aks-uk-connection -> MSProm-westeurope-aks-uk; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-westeurope-aks-uk is the Prometheus ingestion endpoint of aks-uk (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' --resource-group 'rg-observability' --scope-name 'ampls-global' --name 'MSProm-westeurope-aks-uk-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-westeurope-aks-uk-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' \
    --resource-group 'rg-observability' \
    --scope-name 'ampls-global' \
    --name 'MSProm-westeurope-aks-uk-connection' \
    --linked-resource '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-uksouth/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-uk' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-westeurope-aks-uk-connection'
fi

# [14/20] create association configurationAccessEndpoint of cluster arc-toronto; rules: 1 (amplink docs/domain.md)
# reason: Cluster arc-toronto (canadacentral) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for canadacentral: amplink-config-canadacentral.
url="${arm%/}/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Kubernetes/connectedClusters/arc-toronto/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster arc-toronto'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral"}}'
  printf '%s\n' 'done:   create association of cluster arc-toronto'
fi

# [15/20] create association configurationAccessEndpoint of cluster aks-canada; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-canada (canadacentral) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for canadacentral: amplink-config-canadacentral.
url="${arm%/}/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-canadacentral/providers/Microsoft.ContainerService/managedClusters/aks-canada/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-canada'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral"}}'
  printf '%s\n' 'done:   create association of cluster aks-canada'
fi

# [16/20] create association configurationAccessEndpoint of cluster aks-us-1; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-us-1 (eastus2) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use the Azure Monitor workspace amw-us's own DCE, in eastus2: amw-us.
url="${arm%/}/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.ContainerService/managedClusters/aks-us-1/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-us-1'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us"}}'
  printf '%s\n' 'done:   create association of cluster aks-us-1'
fi

# [17/20] create association configurationAccessEndpoint of cluster aks-us-2; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-us-2 (eastus2) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use the Azure Monitor workspace amw-us's own DCE, in eastus2: amw-us.
url="${arm%/}/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.ContainerService/managedClusters/aks-us-2/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-us-2'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us"}}'
  printf '%s\n' 'done:   create association of cluster aks-us-2'
fi

# [18/20] create association configurationAccessEndpoint of cluster aks-uk; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-uk (uksouth) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use a new DCE for uksouth: amplink-config-uksouth.
url="${arm%/}/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-uksouth/providers/Microsoft.ContainerService/managedClusters/aks-uk/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-uksouth'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-uk'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-uksouth"}}'
  printf '%s\n' 'done:   create association of cluster aks-uk'
fi

# [19/20] create association configurationAccessEndpoint of cluster aks-eu-1; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-eu-1 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use the Azure Monitor workspace amw-eu's own DCE, in westeurope:
# amw-eu.
url="${arm%/}/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-eu-1/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-eu_westeurope_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-eu'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-eu-1'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-eu_westeurope_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-eu"}}'
  printf '%s\n' 'done:   create association of cluster aks-eu-1'
fi

# [20/20] create association configurationAccessEndpoint of cluster aks-eu-2; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-eu-2 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use the Azure Monitor workspace amw-eu's own DCE, in westeurope:
# amw-eu.
url="${arm%/}/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-eu-2/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-eu_westeurope_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-eu'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-eu-2'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-eu_westeurope_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-eu"}}'
  printf '%s\n' 'done:   create association of cluster aks-eu-2'
fi

printf '%s\n' 'amplink: 20 action(s) checked for AMPLS ampls-global.'
