# amplink export --format powershell: the plan for AMPLS my-ampls
# (/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/my-resource-group/providers/Microsoft.Insights/privateLinkScopes/my-ampls),
# 5 action(s): 5 to create, 0 to update. Generated from the plan; review, then run.
#
# Requires PowerShell 7 with the Az.Accounts and Az.Monitor modules, signed in with Connect-AzAccount.
# DCEs and associations: New-AzDataCollectionEndpoint and New-AzDataCollectionRuleAssociation. AMPLS links:
# New-AzInsightsPrivateLinkScopedResource, one after another (parallel writes to one AMPLS fail with 409).
# Firewall rule collection groups (--firewall-rules): Invoke-AzRestMethod PUT with -WaitForCompletion (Az.Accounts
# 2.13 or later).
#
# Where this differs from the article (amplink docs/domain.md):
# - One configuration DCE per region, in the AMPLS, serves metrics and logs alike: the association name is the key, so
# the article's two "associate with configuration DCE" steps would overwrite each other.
# - An association to a DCE must be named configurationAccessEndpoint (the service refuses other names).
# - Every id is on one line and quoted (the article breaks ids across lines), and every parameter has its own name
# (the article's `-Name aks-amw-LinkedResourceId` lacks a space).
#Requires -Modules Az.Accounts, Az.Monitor
$ErrorActionPreference = 'Stop'

# [1/5] create AMPLS link aks-amw-connection -> aks-amw; rules: 3 (amplink docs/domain.md)
# reason: DCE aks-amw is the default endpoint of Azure Monitor workspace aks-amw, where aks-fw send metrics (rule 3).
# It is not in AMPLS my-ampls, so that traffic cannot use private link.
Set-AzContext -Subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'my-resource-group' -ScopeName 'my-ampls' -Name 'aks-amw-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link aks-amw-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'my-resource-group' `
        -ScopeName 'my-ampls' `
        -Name 'aks-amw-connection' `
        -LinkedResourceId '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/MA_aks-amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/aks-amw' | Out-Null
    Write-Output 'done:   create AMPLS link aks-amw-connection'
}

# [2/5] create AMPLS link config-eastus-connection -> config-eastus; rules: 1 (amplink docs/domain.md)
# reason: DCE config-eastus is the configuration endpoint of aks-fw in eastus (rule 1). It is not in AMPLS my-ampls,
# so that traffic cannot use private link.
Set-AzContext -Subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'my-resource-group' -ScopeName 'my-ampls' -Name 'config-eastus-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link config-eastus-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'my-resource-group' `
        -ScopeName 'my-ampls' `
        -Name 'config-eastus-connection' `
        -LinkedResourceId '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/config-eastus' | Out-Null
    Write-Output 'done:   create AMPLS link config-eastus-connection'
}

# [3/5] create AMPLS link MSProm-eastus-aks-fw-connection -> MSProm-eastus-aks-fw; rules: 2 (amplink docs/domain.md)
# reason: DCE MSProm-eastus-aks-fw is the Prometheus ingestion endpoint of aks-fw (rule 2). It is not in AMPLS
# my-ampls, so that traffic cannot use private link.
Set-AzContext -Subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'my-resource-group' -ScopeName 'my-ampls' -Name 'MSProm-eastus-aks-fw-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link MSProm-eastus-aks-fw-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'my-resource-group' `
        -ScopeName 'my-ampls' `
        -Name 'MSProm-eastus-aks-fw-connection' `
        -LinkedResourceId '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/aks/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-fw' | Out-Null
    Write-Output 'done:   create AMPLS link MSProm-eastus-aks-fw-connection'
}

# [4/5] create AMPLS link my-workspace-connection -> my-workspace; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace my-workspace is the destination of the Container insights logs of aks-fw (rule 4).
# It is not in AMPLS my-ampls, so that traffic cannot use private link.
Set-AzContext -Subscription '71b36fb6-4fe4-4664-9a7b-245dc62f2930' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'my-resource-group' -ScopeName 'my-ampls' -Name 'my-workspace-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link my-workspace-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'my-resource-group' `
        -ScopeName 'my-ampls' `
        -Name 'my-workspace-connection' `
        -LinkedResourceId '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/monitoring/providers/Microsoft.OperationalInsights/workspaces/my-workspace' | Out-Null
    Write-Output 'done:   create AMPLS link my-workspace-connection'
}

# [5/5] create firewall rule collection group amplink-azure-monitor (priority 199) of policy child; rules: 5 (amplink
# docs/domain.md)
# reason: Firewall afw (policy child) does not let 1 cluster (aks-fw) reach
# aks-amw-abcd.eastus-1.ingest.monitor.azure.com, msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com: denied
# by application rule no-ingest (Deny) in collection user-deny-collection (priority 100) of rule collection group
# user-deny (priority 200) of policy child. --firewall-rules adds rule collection group amplink-azure-monitor
# (priority 199) allowing HTTPS:443 from the node subnets to exactly the hosts their agents need; the policy's own
# groups are left as they are.
$path = '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/network/providers/Microsoft.Network/firewallPolicies/child/ruleCollectionGroups/amplink-azure-monitor?api-version=2023-09-01'
$wanted = '199;nodes-vnet-spoke-aks|10.1.0.0/24|11111111-1111-1111-1111-111111111111.ods.opinsights.azure.com,11111111-1111-1111-1111-111111111111.oms.opinsights.azure.com,aks-amw-abcd.eastus-1.ingest.monitor.azure.com,config-eastus-abcd.eastus-1.handler.control.monitor.azure.com,login.microsoftonline.com,msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com'
$read = Invoke-AzRestMethod -Path $path -Method GET
$have = ""
if ($read.StatusCode -eq 200) {
    $group = $read.Content | ConvertFrom-Json -Depth 100
    $have = "$($group.properties.priority);" + (($group.properties.ruleCollections.rules | ForEach-Object { "$($_.name)|$($_.sourceAddresses -join ',')|$($_.targetFqdns -join ',')" }) -join ';')
}
if ($have -ceq $wanted) {
    Write-Output 'exists: create rule collection group of policy child'
} else {
    $body = '{"properties":{"priority":199,"ruleCollections":[{"ruleCollectionType":"FirewallPolicyFilterRuleCollection","name":"amplink-azure-monitor","priority":65000,"action":{"type":"Allow"},"rules":[{"ruleType":"ApplicationRule","name":"nodes-vnet-spoke-aks","sourceAddresses":["10.1.0.0/24"],"protocols":[{"protocolType":"Https","port":443}],"targetFqdns":["11111111-1111-1111-1111-111111111111.ods.opinsights.azure.com","11111111-1111-1111-1111-111111111111.oms.opinsights.azure.com","aks-amw-abcd.eastus-1.ingest.monitor.azure.com","config-eastus-abcd.eastus-1.handler.control.monitor.azure.com","login.microsoftonline.com","msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com"]}]}]}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body -WaitForCompletion
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    Write-Output 'done:   create rule collection group of policy child'
}
