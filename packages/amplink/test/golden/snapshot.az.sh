#!/usr/bin/env bash
# amplink export --format az: the plan for AMPLS ampls-central
# (/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-central),
# 25 action(s): 25 to create, 0 to update. Generated from the plan; review, then run.
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

# [1/25] create DCE amplink-config-francecentral (francecentral); rules: 1 (amplink docs/domain.md)
# reason: No DCE in francecentral can serve as configuration endpoint for 1 cluster (arc-paris-factory): agents fetch
# their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.
url="${arm%/}/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-francecentral?api-version=2024-03-11"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create DCE amplink-config-francecentral'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"francecentral","tags":{"managed-by":"amplink"},"properties":{"description":"Configuration access endpoint for the Kubernetes clusters in francecentral (amplink).","networkAcls":{"publicNetworkAccess":"Disabled"}}}'
  printf '%s\n' 'done:   create DCE amplink-config-francecentral'
fi

# [2/25] create DCE amplink-config-southeastasia (southeastasia); rules: 1 (amplink docs/domain.md)
# reason: No DCE in southeastasia can serve as configuration endpoint for 1 cluster (aks-sea-web): agents fetch their
# configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
# access stays Enabled: aks-sea-web has no private path to the AMPLS and fetches configuration from it over the
# internet (verify AMPL_VERIFY_E0022 otherwise).
url="${arm%/}/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-southeastasia?api-version=2024-03-11"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create DCE amplink-config-southeastasia'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"southeastasia","tags":{"managed-by":"amplink"},"properties":{"description":"Configuration access endpoint for the Kubernetes clusters in southeastasia (amplink).","networkAcls":{"publicNetworkAccess":"Enabled"}}}'
  printf '%s\n' 'done:   create DCE amplink-config-southeastasia'
fi

# [3/25] create DCE amplink-config-westeurope (westeurope); rules: 1 (amplink docs/domain.md)
# reason: No DCE in westeurope can serve as configuration endpoint for 3 clusters (aks-weu-1, aks-weu-2,
# aks-weu-private): agents fetch their configuration from a DCE in their own region, and one DCE per region serves
# metrics and logs alike.
url="${arm%/}/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope?api-version=2024-03-11"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create DCE amplink-config-westeurope'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"westeurope","tags":{"managed-by":"amplink"},"properties":{"description":"Configuration access endpoint for the Kubernetes clusters in westeurope (amplink).","networkAcls":{"publicNetworkAccess":"Disabled"}}}'
  printf '%s\n' 'done:   create DCE amplink-config-westeurope'
fi

# [4/25] create DCE amplink-config-westus2 (westus2); rules: 1 (amplink docs/domain.md)
# reason: No DCE in westus2 can serve as configuration endpoint for 2 clusters (aks-wus2-batch, aks-wus2-shop): agents
# fetch their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.
# Public network access stays Enabled: aks-wus2-batch has no private path to the AMPLS and fetches configuration from
# it over the internet (verify AMPL_VERIFY_E0022 otherwise).
url="${arm%/}/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2?api-version=2024-03-11"
if az rest --method get --url "$url" --output none 2>/dev/null; then
  printf '%s\n' 'exists: create DCE amplink-config-westus2'
else
  az rest --method put --url "$url" --output none \
    --body '{"location":"westus2","tags":{"managed-by":"amplink"},"properties":{"description":"Configuration access endpoint for the Kubernetes clusters in westus2 (amplink).","networkAcls":{"publicNetworkAccess":"Enabled"}}}'
  printf '%s\n' 'done:   create DCE amplink-config-westus2'
fi

# [5/25] create AMPLS link amplink-config-francecentral-connection -> amplink-config-francecentral; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-francecentral is the configuration endpoint of arc-paris-factory in francecentral (rule
# 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'amplink-config-francecentral-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link amplink-config-francecentral-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'amplink-config-francecentral-connection' \
    --linked-resource '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-francecentral' --output none
  printf '%s\n' 'done:   create AMPLS link amplink-config-francecentral-connection'
fi

# [6/25] create AMPLS link amplink-config-southeastasia-connection -> amplink-config-southeastasia; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-southeastasia is the configuration endpoint of aks-sea-web in southeastasia (rule 1). It
# is not in AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'amplink-config-southeastasia-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link amplink-config-southeastasia-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'amplink-config-southeastasia-connection' \
    --linked-resource '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-southeastasia' --output none
  printf '%s\n' 'done:   create AMPLS link amplink-config-southeastasia-connection'
fi

# [7/25] create AMPLS link amplink-config-westeurope-connection -> amplink-config-westeurope; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-westeurope is the configuration endpoint of aks-weu-1, aks-weu-2, aks-weu-private in
# westeurope (rule 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'amplink-config-westeurope-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link amplink-config-westeurope-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'amplink-config-westeurope-connection' \
    --linked-resource '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope' --output none
  printf '%s\n' 'done:   create AMPLS link amplink-config-westeurope-connection'
fi

# [8/25] create AMPLS link amplink-config-westus2-connection -> amplink-config-westus2; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-westus2 is the configuration endpoint of aks-wus2-batch, aks-wus2-shop in westus2 (rule
# 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'amplink-config-westus2-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link amplink-config-westus2-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'amplink-config-westus2-connection' \
    --linked-resource '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2' --output none
  printf '%s\n' 'done:   create AMPLS link amplink-config-westus2-connection'
fi

# [9/25] create AMPLS link amw-central-connection -> amw-central; rules: 3, 6 (amplink docs/domain.md)
# reason: DCE amw-central is the default endpoint of Azure Monitor workspace amw-central, where aks-sea-web,
# aks-weu-1, aks-weu-2 and 4 more send metrics (rule 3); and the remote-write endpoint of on-premises
# arc-paris-factory (rule 6). It is not in AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'amw-central-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link amw-central-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'amw-central-connection' \
    --linked-resource '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central' --output none
  printf '%s\n' 'done:   create AMPLS link amw-central-connection'
fi

# [10/25] create AMPLS link law-central-connection -> law-central; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace law-central is the destination of the Container insights logs of aks-sea-web,
# aks-weu-1, aks-weu-2 and 3 more (rule 4). It is not in AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'law-central-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link law-central-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'law-central-connection' \
    --linked-resource '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-central' --output none
  printf '%s\n' 'done:   create AMPLS link law-central-connection'
fi

# [11/25] create AMPLS link MSCI-ingest-eastus-aks-weu-private-connection -> MSCI-ingest-eastus-aks-weu-private;
# rules: 4 (amplink docs/domain.md)
# reason: DCE MSCI-ingest-eastus-aks-weu-private is the high-scale logs ingestion endpoint of aks-weu-private (rule
# 4). It is not in AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'MSCI-ingest-eastus-aks-weu-private-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSCI-ingest-eastus-aks-weu-private-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'MSCI-ingest-eastus-aks-weu-private-connection' \
    --linked-resource '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSCI-ingest-eastus-aks-weu-private' --output none
  printf '%s\n' 'done:   create AMPLS link MSCI-ingest-eastus-aks-weu-private-connection'
fi

# [12/25] create AMPLS link MSProm-eastus-aks-sea-web-connection -> MSProm-eastus-aks-sea-web; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus-aks-sea-web is the Prometheus ingestion endpoint of aks-sea-web (rule 2). It is not in
# AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'MSProm-eastus-aks-sea-web-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus-aks-sea-web-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'MSProm-eastus-aks-sea-web-connection' \
    --linked-resource '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-southeastasia/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-sea-web' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus-aks-sea-web-connection'
fi

# [13/25] create AMPLS link MSProm-eastus-aks-weu-1-connection -> MSProm-eastus-aks-weu-1; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus-aks-weu-1 is the Prometheus ingestion endpoint of aks-weu-1 (rule 2). It is not in AMPLS
# ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'MSProm-eastus-aks-weu-1-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus-aks-weu-1-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'MSProm-eastus-aks-weu-1-connection' \
    --linked-resource '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-weu-1' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus-aks-weu-1-connection'
fi

# [14/25] create AMPLS link MSProm-eastus-aks-weu-2-connection -> MSProm-eastus-aks-weu-2; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus-aks-weu-2 is the Prometheus ingestion endpoint of aks-weu-2 (rule 2). It is not in AMPLS
# ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'MSProm-eastus-aks-weu-2-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus-aks-weu-2-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'MSProm-eastus-aks-weu-2-connection' \
    --linked-resource '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-weu-2' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus-aks-weu-2-connection'
fi

# [15/25] create AMPLS link MSProm-eastus-aks-weu-private-connection -> MSProm-eastus-aks-weu-private; rules: 2
# (amplink docs/domain.md)
# reason: DCE MSProm-eastus-aks-weu-private is the Prometheus ingestion endpoint of aks-weu-private (rule 2). It is
# not in AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'MSProm-eastus-aks-weu-private-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus-aks-weu-private-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'MSProm-eastus-aks-weu-private-connection' \
    --linked-resource '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-weu-private' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus-aks-weu-private-connection'
fi

# [16/25] create AMPLS link MSProm-eastus-aks-wus2-batch-connection -> MSProm-eastus-aks-wus2-batch; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus-aks-wus2-batch is the Prometheus ingestion endpoint of aks-wus2-batch (rule 2). It is not
# in AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'MSProm-eastus-aks-wus2-batch-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus-aks-wus2-batch-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'MSProm-eastus-aks-wus2-batch-connection' \
    --linked-resource '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-wus2-batch' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus-aks-wus2-batch-connection'
fi

# [17/25] create AMPLS link MSProm-eastus-aks-wus2-shop-connection -> MSProm-eastus-aks-wus2-shop; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus-aks-wus2-shop is the Prometheus ingestion endpoint of aks-wus2-shop (rule 2). It is not in
# AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'MSProm-eastus-aks-wus2-shop-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus-aks-wus2-shop-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'MSProm-eastus-aks-wus2-shop-connection' \
    --linked-resource '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-wus2-shop' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus-aks-wus2-shop-connection'
fi

# [18/25] create AMPLS link MSProm-eastus-arc-paris-factory-connection -> MSProm-eastus-arc-paris-factory; rules: 2
# (amplink docs/domain.md)
# reason: DCE MSProm-eastus-arc-paris-factory is the Prometheus ingestion endpoint of arc-paris-factory (rule 2). It
# is not in AMPLS ampls-central, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' --resource-group 'rg-monitoring' --scope-name 'ampls-central' --name 'MSProm-eastus-arc-paris-factory-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus-arc-paris-factory-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' \
    --resource-group 'rg-monitoring' \
    --scope-name 'ampls-central' \
    --name 'MSProm-eastus-arc-paris-factory-connection' \
    --linked-resource '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-francecentral/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-arc-paris-factory' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus-arc-paris-factory-connection'
fi

# [19/25] create association configurationAccessEndpoint of cluster aks-sea-web; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-sea-web (southeastasia) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for southeastasia: amplink-config-southeastasia.
url="${arm%/}/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-southeastasia/providers/Microsoft.ContainerService/managedClusters/aks-sea-web/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-southeastasia'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-sea-web'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-southeastasia"}}'
  printf '%s\n' 'done:   create association of cluster aks-sea-web'
fi

# [20/25] create association configurationAccessEndpoint of cluster aks-weu-1; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu-1 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
url="${arm%/}/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu-1/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-weu-1'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope"}}'
  printf '%s\n' 'done:   create association of cluster aks-weu-1'
fi

# [21/25] create association configurationAccessEndpoint of cluster aks-weu-2; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu-2 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
url="${arm%/}/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu-2/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-weu-2'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope"}}'
  printf '%s\n' 'done:   create association of cluster aks-weu-2'
fi

# [22/25] create association configurationAccessEndpoint of cluster aks-wus2-batch; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-wus2-batch (westus2) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westus2: amplink-config-westus2.
url="${arm%/}/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.ContainerService/managedClusters/aks-wus2-batch/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-wus2-batch'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2"}}'
  printf '%s\n' 'done:   create association of cluster aks-wus2-batch'
fi

# [23/25] create association configurationAccessEndpoint of cluster aks-wus2-shop; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-wus2-shop (westus2) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westus2: amplink-config-westus2.
url="${arm%/}/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.ContainerService/managedClusters/aks-wus2-shop/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-wus2-shop'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2"}}'
  printf '%s\n' 'done:   create association of cluster aks-wus2-shop'
fi

# [24/25] create association configurationAccessEndpoint of cluster arc-paris-factory; rules: 1 (amplink
# docs/domain.md)
# reason: Cluster arc-paris-factory (francecentral) has no configurationAccessEndpoint association, so its agents
# cannot fetch their configuration over private link. It will use a new DCE for francecentral:
# amplink-config-francecentral.
url="${arm%/}/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-francecentral/providers/Microsoft.Kubernetes/connectedClusters/arc-paris-factory/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-francecentral'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster arc-paris-factory'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-francecentral"}}'
  printf '%s\n' 'done:   create association of cluster arc-paris-factory'
fi

# [25/25] create association configurationAccessEndpoint of cluster aks-weu-private; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu-private (westeurope) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
url="${arm%/}/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu-private/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11"
endpoint='/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope'
current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"
# ARM compares ids without regard to case.
if [ "${current,,}" = "${endpoint,,}" ]; then
  printf '%s\n' 'exists: create association of cluster aks-weu-private'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"description":"Configuration access endpoint of the cluster region (amplink).","dataCollectionEndpointId":"/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope"}}'
  printf '%s\n' 'done:   create association of cluster aks-weu-private'
fi

printf '%s\n' 'amplink: 25 action(s) checked for AMPLS ampls-central.'
