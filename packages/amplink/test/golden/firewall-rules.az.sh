#!/usr/bin/env bash
# amplink export --format az: the plan for AMPLS my-ampls
# (/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/my-resource-group/providers/Microsoft.Insights/privateLinkScopes/my-ampls),
# 5 action(s): 5 to create, 0 to update. Generated from the plan; review, then run.
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

# [1/5] create AMPLS link aks-amw-connection -> aks-amw; rules: 3 (amplink docs/domain.md)
# reason: DCE aks-amw is the default endpoint of Azure Monitor workspace aks-amw, where aks-fw send metrics (rule 3).
# It is not in AMPLS my-ampls, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' --resource-group 'my-resource-group' --scope-name 'my-ampls' --name 'aks-amw-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link aks-amw-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' \
    --resource-group 'my-resource-group' \
    --scope-name 'my-ampls' \
    --name 'aks-amw-connection' \
    --linked-resource '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/MA_aks-amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/aks-amw' --output none
  printf '%s\n' 'done:   create AMPLS link aks-amw-connection'
fi

# [2/5] create AMPLS link config-eastus-connection -> config-eastus; rules: 1 (amplink docs/domain.md)
# reason: DCE config-eastus is the configuration endpoint of aks-fw in eastus (rule 1). It is not in AMPLS my-ampls,
# so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' --resource-group 'my-resource-group' --scope-name 'my-ampls' --name 'config-eastus-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link config-eastus-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' \
    --resource-group 'my-resource-group' \
    --scope-name 'my-ampls' \
    --name 'config-eastus-connection' \
    --linked-resource '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/config-eastus' --output none
  printf '%s\n' 'done:   create AMPLS link config-eastus-connection'
fi

# [3/5] create AMPLS link MSProm-eastus-aks-fw-connection -> MSProm-eastus-aks-fw; rules: 2 (amplink docs/domain.md)
# reason: DCE MSProm-eastus-aks-fw is the Prometheus ingestion endpoint of aks-fw (rule 2). It is not in AMPLS
# my-ampls, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' --resource-group 'my-resource-group' --scope-name 'my-ampls' --name 'MSProm-eastus-aks-fw-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link MSProm-eastus-aks-fw-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' \
    --resource-group 'my-resource-group' \
    --scope-name 'my-ampls' \
    --name 'MSProm-eastus-aks-fw-connection' \
    --linked-resource '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/aks/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-fw' --output none
  printf '%s\n' 'done:   create AMPLS link MSProm-eastus-aks-fw-connection'
fi

# [4/5] create AMPLS link my-workspace-connection -> my-workspace; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace my-workspace is the destination of the Container insights logs of aks-fw (rule 4).
# It is not in AMPLS my-ampls, so that traffic cannot use private link.
if az monitor private-link-scope scoped-resource show --subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' --resource-group 'my-resource-group' --scope-name 'my-ampls' --name 'my-workspace-connection' --output none 2>/dev/null; then
  printf '%s\n' 'exists: create AMPLS link my-workspace-connection'
else
  az monitor private-link-scope scoped-resource create \
    --subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' \
    --resource-group 'my-resource-group' \
    --scope-name 'my-ampls' \
    --name 'my-workspace-connection' \
    --linked-resource '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/monitoring/providers/Microsoft.OperationalInsights/workspaces/my-workspace' --output none
  printf '%s\n' 'done:   create AMPLS link my-workspace-connection'
fi

# [5/5] create firewall rule collection group amplink-azure-monitor (priority 199) of policy child; rules: 5 (amplink
# docs/domain.md)
# reason: Firewall afw (policy child) does not let 1 cluster (aks-fw) reach
# aks-amw-abcd.eastus-1.ingest.monitor.azure.com, msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com: denied
# by application rule no-ingest (Deny) in collection user-deny-collection (priority 100) of rule collection group
# user-deny (priority 200) of policy child. --firewall-rules adds rule collection group amplink-azure-monitor
# (priority 199) allowing HTTPS:443 from the node subnets to exactly the hosts their agents need; the policy's own
# groups are left as they are.
url="${arm%/}/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/network/providers/Microsoft.Network/firewallPolicies/child/ruleCollectionGroups/amplink-azure-monitor?api-version=2023-09-01"
# shellcheck disable=SC2016 # the backticks delimit a JMESPath JSON literal, not a command
same="$(az rest --method get --url "$url" --query '[properties.priority, properties.ruleCollections[].rules[].{name: name, sourceAddresses: sourceAddresses, targetFqdns: targetFqdns}] == `[199,[{"name":"nodes-vnet-spoke-aks","sourceAddresses":["10.1.0.0/24"],"targetFqdns":["11111111-1111-1111-1111-111111111111.ods.opinsights.azure.com","11111111-1111-1111-1111-111111111111.oms.opinsights.azure.com","aks-amw-abcd.eastus-1.ingest.monitor.azure.com","config-eastus-abcd.eastus-1.handler.control.monitor.azure.com","login.microsoftonline.com","msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com"]}]]`' --output tsv 2>/dev/null || true)"
if [ "${same,,}" = "true" ]; then
  printf '%s\n' 'exists: create rule collection group of policy child'
else
  az rest --method put --url "$url" --output none \
    --body '{"properties":{"priority":199,"ruleCollections":[{"ruleCollectionType":"FirewallPolicyFilterRuleCollection","name":"amplink-azure-monitor","priority":65000,"action":{"type":"Allow"},"rules":[{"ruleType":"ApplicationRule","name":"nodes-vnet-spoke-aks","sourceAddresses":["10.1.0.0/24"],"protocols":[{"protocolType":"Https","port":443}],"targetFqdns":["11111111-1111-1111-1111-111111111111.ods.opinsights.azure.com","11111111-1111-1111-1111-111111111111.oms.opinsights.azure.com","aks-amw-abcd.eastus-1.ingest.monitor.azure.com","config-eastus-abcd.eastus-1.handler.control.monitor.azure.com","login.microsoftonline.com","msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com"]}]}]}}'
  for _ in $(seq 1 120); do
    state="$(az rest --method get --url "$url" --query properties.provisioningState --output tsv)"
    case "$state" in Succeeded) break ;; Failed | Canceled) echo "provisioningState $state: $url" >&2; exit 1 ;; esac
    sleep 5
  done
  printf '%s\n' 'done:   create rule collection group of policy child'
fi

printf '%s\n' 'amplink: 5 action(s) checked for AMPLS my-ampls.'
