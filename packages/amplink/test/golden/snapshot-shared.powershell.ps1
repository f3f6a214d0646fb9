# amplink export --format powershell: the plan for AMPLS ampls-central
# (/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-central),
# 25 action(s): 17 to create, 8 to update. Generated from the plan; review, then run.
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

# [1/25] create DCE amplink-config-francecentral (francecentral); rules: 1 (amplink docs/domain.md)
# reason: No DCE in francecentral can serve as configuration endpoint for 1 cluster (arc-paris-factory): agents fetch
# their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.
New-AzDataCollectionEndpoint `
    -SubscriptionId 'ab194b72-50dc-5372-b691-1aad8c2aa659' `
    -ResourceGroupName 'rg-monitoring' `
    -Name 'amplink-config-francecentral' `
    -Location 'francecentral' `
    -Description 'Configuration access endpoint for the Kubernetes clusters in francecentral (amplink).' `
    -NetworkAclsPublicNetworkAccess 'Disabled' `
    -Tag @{ 'managed-by' = 'amplink' } | Out-Null
Write-Output 'done:   create DCE amplink-config-francecentral'

# [2/25] create DCE amplink-config-southeastasia (southeastasia); rules: 1 (amplink docs/domain.md)
# reason: No DCE in southeastasia can serve as configuration endpoint for 1 cluster (aks-sea-web): agents fetch their
# configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
# access stays Enabled: aks-sea-web has no private path to the AMPLS and fetches configuration from it over the
# internet (verify AMPL_VERIFY_E0022 otherwise).
New-AzDataCollectionEndpoint `
    -SubscriptionId 'ab194b72-50dc-5372-b691-1aad8c2aa659' `
    -ResourceGroupName 'rg-monitoring' `
    -Name 'amplink-config-southeastasia' `
    -Location 'southeastasia' `
    -Description 'Configuration access endpoint for the Kubernetes clusters in southeastasia (amplink).' `
    -NetworkAclsPublicNetworkAccess 'Enabled' `
    -Tag @{ 'managed-by' = 'amplink' } | Out-Null
Write-Output 'done:   create DCE amplink-config-southeastasia'

# [3/25] create DCE amplink-config-westeurope (westeurope); rules: 1 (amplink docs/domain.md)
# reason: No DCE in westeurope can serve as configuration endpoint for 3 clusters (aks-weu-1, aks-weu-2,
# aks-weu-private): agents fetch their configuration from a DCE in their own region, and one DCE per region serves
# metrics and logs alike.
New-AzDataCollectionEndpoint `
    -SubscriptionId 'ab194b72-50dc-5372-b691-1aad8c2aa659' `
    -ResourceGroupName 'rg-monitoring' `
    -Name 'amplink-config-westeurope' `
    -Location 'westeurope' `
    -Description 'Configuration access endpoint for the Kubernetes clusters in westeurope (amplink).' `
    -NetworkAclsPublicNetworkAccess 'Disabled' `
    -Tag @{ 'managed-by' = 'amplink' } | Out-Null
Write-Output 'done:   create DCE amplink-config-westeurope'

# [4/25] create DCE amplink-config-westus2 (westus2); rules: 1 (amplink docs/domain.md)
# reason: No DCE in westus2 can serve as configuration endpoint for 2 clusters (aks-wus2-batch, aks-wus2-shop): agents
# fetch their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.
# Public network access stays Enabled: aks-wus2-batch has no private path to the AMPLS and fetches configuration from
# it over the internet (verify AMPL_VERIFY_E0022 otherwise).
New-AzDataCollectionEndpoint `
    -SubscriptionId 'ab194b72-50dc-5372-b691-1aad8c2aa659' `
    -ResourceGroupName 'rg-monitoring' `
    -Name 'amplink-config-westus2' `
    -Location 'westus2' `
    -Description 'Configuration access endpoint for the Kubernetes clusters in westus2 (amplink).' `
    -NetworkAclsPublicNetworkAccess 'Enabled' `
    -Tag @{ 'managed-by' = 'amplink' } | Out-Null
Write-Output 'done:   create DCE amplink-config-westus2'

# [5/25] create AMPLS link amplink-config-francecentral-connection -> amplink-config-francecentral; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-francecentral is the configuration endpoint of arc-paris-factory in francecentral (rule
# 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
Set-AzContext -Subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-central' -Name 'amplink-config-francecentral-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link amplink-config-francecentral-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-central' `
        -Name 'amplink-config-francecentral-connection' `
        -LinkedResourceId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-francecentral' | Out-Null
    Write-Output 'done:   create AMPLS link amplink-config-francecentral-connection'
}

# [6/25] create AMPLS link amplink-config-southeastasia-connection -> amplink-config-southeastasia; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-southeastasia is the configuration endpoint of aks-sea-web in southeastasia (rule 1). It
# is not in AMPLS ampls-central, so that traffic cannot use private link.
Set-AzContext -Subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-central' -Name 'amplink-config-southeastasia-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link amplink-config-southeastasia-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-central' `
        -Name 'amplink-config-southeastasia-connection' `
        -LinkedResourceId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-southeastasia' | Out-Null
    Write-Output 'done:   create AMPLS link amplink-config-southeastasia-connection'
}

# [7/25] create AMPLS link amplink-config-westeurope-connection -> amplink-config-westeurope; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-westeurope is the configuration endpoint of aks-weu-1, aks-weu-2, aks-weu-private in
# westeurope (rule 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
Set-AzContext -Subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-central' -Name 'amplink-config-westeurope-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link amplink-config-westeurope-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-central' `
        -Name 'amplink-config-westeurope-connection' `
        -LinkedResourceId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope' | Out-Null
    Write-Output 'done:   create AMPLS link amplink-config-westeurope-connection'
}

# [8/25] create AMPLS link amplink-config-westus2-connection -> amplink-config-westus2; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-westus2 is the configuration endpoint of aks-wus2-batch, aks-wus2-shop in westus2 (rule
# 1). It is not in AMPLS ampls-central, so that traffic cannot use private link.
Set-AzContext -Subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-central' -Name 'amplink-config-westus2-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link amplink-config-westus2-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-central' `
        -Name 'amplink-config-westus2-connection' `
        -LinkedResourceId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2' | Out-Null
    Write-Output 'done:   create AMPLS link amplink-config-westus2-connection'
}

# [9/25] create AMPLS link amw-central-connection -> amw-central; rules: 2, 3, 4, 6 (amplink docs/domain.md)
# reason: DCE amw-central is the shared Prometheus ingestion endpoint of aks-sea-web, aks-weu-1, aks-weu-2 and 4 more
# (rule 2); and the default endpoint of Azure Monitor workspace amw-central, where aks-sea-web, aks-weu-1, aks-weu-2
# and 4 more send metrics (rule 3); and the shared high-scale logs ingestion endpoint of aks-weu-private (rule 4); and
# the remote-write endpoint of on-premises arc-paris-factory (rule 6). It is not in AMPLS ampls-central, so that
# traffic cannot use private link.
Set-AzContext -Subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-central' -Name 'amw-central-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link amw-central-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-central' `
        -Name 'amw-central-connection' `
        -LinkedResourceId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central' | Out-Null
    Write-Output 'done:   create AMPLS link amw-central-connection'
}

# [10/25] create AMPLS link law-central-connection -> law-central; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace law-central is the destination of the Container insights logs of aks-sea-web,
# aks-weu-1, aks-weu-2 and 3 more (rule 4). It is not in AMPLS ampls-central, so that traffic cannot use private link.
Set-AzContext -Subscription 'ab194b72-50dc-5372-b691-1aad8c2aa659' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-central' -Name 'law-central-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link law-central-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-central' `
        -Name 'law-central-connection' `
        -LinkedResourceId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-central' | Out-Null
    Write-Output 'done:   create AMPLS link law-central-connection'
}

# [11/25] create association configurationAccessEndpoint of cluster aks-sea-web; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-sea-web (southeastasia) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for southeastasia: amplink-config-southeastasia.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-southeastasia/providers/Microsoft.ContainerService/managedClusters/aks-sea-web' `
    -DataCollectionEndpointId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-southeastasia' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-sea-web'

# [12/25] create association configurationAccessEndpoint of cluster aks-weu-1; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu-1 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu-1' `
    -DataCollectionEndpointId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-weu-1'

# [13/25] create association configurationAccessEndpoint of cluster aks-weu-2; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu-2 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu-2' `
    -DataCollectionEndpointId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-weu-2'

# [14/25] create association configurationAccessEndpoint of cluster aks-wus2-batch; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-wus2-batch (westus2) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westus2: amplink-config-westus2.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.ContainerService/managedClusters/aks-wus2-batch' `
    -DataCollectionEndpointId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-wus2-batch'

# [15/25] create association configurationAccessEndpoint of cluster aks-wus2-shop; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-wus2-shop (westus2) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westus2: amplink-config-westus2.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.ContainerService/managedClusters/aks-wus2-shop' `
    -DataCollectionEndpointId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westus2' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-wus2-shop'

# [16/25] create association configurationAccessEndpoint of cluster arc-paris-factory; rules: 1 (amplink
# docs/domain.md)
# reason: Cluster arc-paris-factory (francecentral) has no configurationAccessEndpoint association, so its agents
# cannot fetch their configuration over private link. It will use a new DCE for francecentral:
# amplink-config-francecentral.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-francecentral/providers/Microsoft.Kubernetes/connectedClusters/arc-paris-factory' `
    -DataCollectionEndpointId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-francecentral' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster arc-paris-factory'

# [17/25] create association configurationAccessEndpoint of cluster aks-weu-private; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu-private (westeurope) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu-private' `
    -DataCollectionEndpointId '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-weu-private'

# [18/25] update rule MSProm-eastus-aks-sea-web: ingest through amw-central; rules: 2 (amplink docs/domain.md)
# reason: Prometheus rule MSProm-eastus-aks-sea-web of aks-sea-web ingests through its own DCE
# MSProm-eastus-aks-sea-web, which is not in AMPLS ampls-central. Shared ingestion points the rule at amw-central, the
# default DCE of Azure Monitor workspace amw-central (eastus; in the AMPLS by rule 3) instead of adding one AMPLS link
# per cluster (about 30 s each, one at a time). Only properties.dataCollectionEndpointId changes (apply reads the rule
# and writes it back with its etag); MSProm-eastus-aks-sea-web stays (amplink never deletes). Trade-off: re-enabling
# managed Prometheus on the cluster (az aks update --enable-azure-monitor-metrics) writes the rule back to its own
# DCE; amplink verify reports that drift (AMPL_VERIFY_E0009) and apply points it back.
# replaces:
# "/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-southeastasia/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-sea-web"
$path = '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-southeastasia/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-sea-web?api-version=2024-03-11'
$endpoint = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central'
$read = Invoke-AzRestMethod -Path $path -Method GET
if ($read.StatusCode -ne 200) { throw "GET $path answered $($read.StatusCode): $($read.Content)" }
$rule = $read.Content | ConvertFrom-Json -Depth 100
# -eq compares strings without regard to case, as ARM compares ids.
if ($rule.properties.dataCollectionEndpointId -eq $endpoint) {
    Write-Output 'exists: update rule MSProm-eastus-aks-sea-web -> amw-central'
} else {
    $rule.properties | Add-Member -NotePropertyName dataCollectionEndpointId -NotePropertyValue $endpoint -Force
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload ($rule | ConvertTo-Json -Depth 100)
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    Write-Output 'done:   update rule MSProm-eastus-aks-sea-web -> amw-central'
}

# [19/25] update rule MSProm-eastus-aks-weu-1: ingest through amw-central; rules: 2 (amplink docs/domain.md)
# reason: Prometheus rule MSProm-eastus-aks-weu-1 of aks-weu-1 ingests through its own DCE MSProm-eastus-aks-weu-1,
# which is not in AMPLS ampls-central. Shared ingestion points the rule at amw-central, the default DCE of Azure
# Monitor workspace amw-central (eastus; in the AMPLS by rule 3) instead of adding one AMPLS link per cluster (about
# 30 s each, one at a time). Only properties.dataCollectionEndpointId changes (apply reads the rule and writes it back
# with its etag); MSProm-eastus-aks-weu-1 stays (amplink never deletes). Trade-off: re-enabling managed Prometheus on
# the cluster (az aks update --enable-azure-monitor-metrics) writes the rule back to its own DCE; amplink verify
# reports that drift (AMPL_VERIFY_E0009) and apply points it back.
# replaces:
# "/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-weu-1"
$path = '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-weu-1?api-version=2024-03-11'
$endpoint = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central'
$read = Invoke-AzRestMethod -Path $path -Method GET
if ($read.StatusCode -ne 200) { throw "GET $path answered $($read.StatusCode): $($read.Content)" }
$rule = $read.Content | ConvertFrom-Json -Depth 100
# -eq compares strings without regard to case, as ARM compares ids.
if ($rule.properties.dataCollectionEndpointId -eq $endpoint) {
    Write-Output 'exists: update rule MSProm-eastus-aks-weu-1 -> amw-central'
} else {
    $rule.properties | Add-Member -NotePropertyName dataCollectionEndpointId -NotePropertyValue $endpoint -Force
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload ($rule | ConvertTo-Json -Depth 100)
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    Write-Output 'done:   update rule MSProm-eastus-aks-weu-1 -> amw-central'
}

# [20/25] update rule MSProm-eastus-aks-weu-2: ingest through amw-central; rules: 2 (amplink docs/domain.md)
# reason: Prometheus rule MSProm-eastus-aks-weu-2 of aks-weu-2 ingests through its own DCE MSProm-eastus-aks-weu-2,
# which is not in AMPLS ampls-central. Shared ingestion points the rule at amw-central, the default DCE of Azure
# Monitor workspace amw-central (eastus; in the AMPLS by rule 3) instead of adding one AMPLS link per cluster (about
# 30 s each, one at a time). Only properties.dataCollectionEndpointId changes (apply reads the rule and writes it back
# with its etag); MSProm-eastus-aks-weu-2 stays (amplink never deletes). Trade-off: re-enabling managed Prometheus on
# the cluster (az aks update --enable-azure-monitor-metrics) writes the rule back to its own DCE; amplink verify
# reports that drift (AMPL_VERIFY_E0009) and apply points it back.
# replaces:
# "/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-weu-2"
$path = '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-weu-2?api-version=2024-03-11'
$endpoint = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central'
$read = Invoke-AzRestMethod -Path $path -Method GET
if ($read.StatusCode -ne 200) { throw "GET $path answered $($read.StatusCode): $($read.Content)" }
$rule = $read.Content | ConvertFrom-Json -Depth 100
# -eq compares strings without regard to case, as ARM compares ids.
if ($rule.properties.dataCollectionEndpointId -eq $endpoint) {
    Write-Output 'exists: update rule MSProm-eastus-aks-weu-2 -> amw-central'
} else {
    $rule.properties | Add-Member -NotePropertyName dataCollectionEndpointId -NotePropertyValue $endpoint -Force
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload ($rule | ConvertTo-Json -Depth 100)
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    Write-Output 'done:   update rule MSProm-eastus-aks-weu-2 -> amw-central'
}

# [21/25] update rule MSProm-eastus-aks-wus2-batch: ingest through amw-central; rules: 2 (amplink docs/domain.md)
# reason: Prometheus rule MSProm-eastus-aks-wus2-batch of aks-wus2-batch ingests through its own DCE
# MSProm-eastus-aks-wus2-batch, which is not in AMPLS ampls-central. Shared ingestion points the rule at amw-central,
# the default DCE of Azure Monitor workspace amw-central (eastus; in the AMPLS by rule 3) instead of adding one AMPLS
# link per cluster (about 30 s each, one at a time). Only properties.dataCollectionEndpointId changes (apply reads the
# rule and writes it back with its etag); MSProm-eastus-aks-wus2-batch stays (amplink never deletes). Trade-off:
# re-enabling managed Prometheus on the cluster (az aks update --enable-azure-monitor-metrics) writes the rule back to
# its own DCE; amplink verify reports that drift (AMPL_VERIFY_E0009) and apply points it back.
# replaces:
# "/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-wus2-batch"
$path = '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-wus2-batch?api-version=2024-03-11'
$endpoint = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central'
$read = Invoke-AzRestMethod -Path $path -Method GET
if ($read.StatusCode -ne 200) { throw "GET $path answered $($read.StatusCode): $($read.Content)" }
$rule = $read.Content | ConvertFrom-Json -Depth 100
# -eq compares strings without regard to case, as ARM compares ids.
if ($rule.properties.dataCollectionEndpointId -eq $endpoint) {
    Write-Output 'exists: update rule MSProm-eastus-aks-wus2-batch -> amw-central'
} else {
    $rule.properties | Add-Member -NotePropertyName dataCollectionEndpointId -NotePropertyValue $endpoint -Force
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload ($rule | ConvertTo-Json -Depth 100)
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    Write-Output 'done:   update rule MSProm-eastus-aks-wus2-batch -> amw-central'
}

# [22/25] update rule MSProm-eastus-aks-wus2-shop: ingest through amw-central; rules: 2 (amplink docs/domain.md)
# reason: Prometheus rule MSProm-eastus-aks-wus2-shop of aks-wus2-shop ingests through its own DCE
# MSProm-eastus-aks-wus2-shop, which is not in AMPLS ampls-central. Shared ingestion points the rule at amw-central,
# the default DCE of Azure Monitor workspace amw-central (eastus; in the AMPLS by rule 3) instead of adding one AMPLS
# link per cluster (about 30 s each, one at a time). Only properties.dataCollectionEndpointId changes (apply reads the
# rule and writes it back with its etag); MSProm-eastus-aks-wus2-shop stays (amplink never deletes). Trade-off:
# re-enabling managed Prometheus on the cluster (az aks update --enable-azure-monitor-metrics) writes the rule back to
# its own DCE; amplink verify reports that drift (AMPL_VERIFY_E0009) and apply points it back.
# replaces:
# "/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-wus2-shop"
$path = '/subscriptions/09bc2690-0a83-59d9-a726-f504948fa452/resourceGroups/rg-aks-westus2/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-wus2-shop?api-version=2024-03-11'
$endpoint = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central'
$read = Invoke-AzRestMethod -Path $path -Method GET
if ($read.StatusCode -ne 200) { throw "GET $path answered $($read.StatusCode): $($read.Content)" }
$rule = $read.Content | ConvertFrom-Json -Depth 100
# -eq compares strings without regard to case, as ARM compares ids.
if ($rule.properties.dataCollectionEndpointId -eq $endpoint) {
    Write-Output 'exists: update rule MSProm-eastus-aks-wus2-shop -> amw-central'
} else {
    $rule.properties | Add-Member -NotePropertyName dataCollectionEndpointId -NotePropertyValue $endpoint -Force
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload ($rule | ConvertTo-Json -Depth 100)
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    Write-Output 'done:   update rule MSProm-eastus-aks-wus2-shop -> amw-central'
}

# [23/25] update rule MSProm-eastus-arc-paris-factory: ingest through amw-central; rules: 2 (amplink docs/domain.md)
# reason: Prometheus rule MSProm-eastus-arc-paris-factory of arc-paris-factory ingests through its own DCE
# MSProm-eastus-arc-paris-factory, which is not in AMPLS ampls-central. Shared ingestion points the rule at
# amw-central, the default DCE of Azure Monitor workspace amw-central (eastus; in the AMPLS by rule 3) instead of
# adding one AMPLS link per cluster (about 30 s each, one at a time). Only properties.dataCollectionEndpointId changes
# (apply reads the rule and writes it back with its etag); MSProm-eastus-arc-paris-factory stays (amplink never
# deletes). Trade-off: re-enabling managed Prometheus on the cluster (az aks update --enable-azure-monitor-metrics)
# writes the rule back to its own DCE; amplink verify reports that drift (AMPL_VERIFY_E0009) and apply points it back.
# replaces:
# "/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-francecentral/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-arc-paris-factory"
$path = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-francecentral/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-arc-paris-factory?api-version=2024-03-11'
$endpoint = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central'
$read = Invoke-AzRestMethod -Path $path -Method GET
if ($read.StatusCode -ne 200) { throw "GET $path answered $($read.StatusCode): $($read.Content)" }
$rule = $read.Content | ConvertFrom-Json -Depth 100
# -eq compares strings without regard to case, as ARM compares ids.
if ($rule.properties.dataCollectionEndpointId -eq $endpoint) {
    Write-Output 'exists: update rule MSProm-eastus-arc-paris-factory -> amw-central'
} else {
    $rule.properties | Add-Member -NotePropertyName dataCollectionEndpointId -NotePropertyValue $endpoint -Force
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload ($rule | ConvertTo-Json -Depth 100)
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    Write-Output 'done:   update rule MSProm-eastus-arc-paris-factory -> amw-central'
}

# [24/25] update rule MSCI-eastus-aks-weu-private: ingest through amw-central; rules: 4 (amplink docs/domain.md)
# reason: High-scale Container insights rule MSCI-eastus-aks-weu-private of aks-weu-private ingests through its own
# DCE MSCI-ingest-eastus-aks-weu-private, which is not in AMPLS ampls-central. Shared ingestion points the rule at
# amw-central, the Azure Monitor workspace amw-central's own DCE, in eastus (the DCE of the workspace's region eastus
# for configuration and ingestion alike) instead of adding one AMPLS link per cluster (about 30 s each, one at a
# time). Only properties.dataCollectionEndpointId changes (apply reads the rule and writes it back with its etag);
# MSCI-ingest-eastus-aks-weu-private stays (amplink never deletes). Trade-off: re-enabling the monitoring add-on on
# the cluster (az aks enable-addons -a monitoring) writes the rule back to its own DCE; amplink verify reports that
# drift (AMPL_VERIFY_E0009) and apply points it back.
# replaces:
# "/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSCI-ingest-eastus-aks-weu-private"
$path = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSCI-eastus-aks-weu-private?api-version=2024-03-11'
$endpoint = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central'
$read = Invoke-AzRestMethod -Path $path -Method GET
if ($read.StatusCode -ne 200) { throw "GET $path answered $($read.StatusCode): $($read.Content)" }
$rule = $read.Content | ConvertFrom-Json -Depth 100
# -eq compares strings without regard to case, as ARM compares ids.
if ($rule.properties.dataCollectionEndpointId -eq $endpoint) {
    Write-Output 'exists: update rule MSCI-eastus-aks-weu-private -> amw-central'
} else {
    $rule.properties | Add-Member -NotePropertyName dataCollectionEndpointId -NotePropertyValue $endpoint -Force
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload ($rule | ConvertTo-Json -Depth 100)
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    Write-Output 'done:   update rule MSCI-eastus-aks-weu-private -> amw-central'
}

# [25/25] update rule MSProm-eastus-aks-weu-private: ingest through amw-central; rules: 2 (amplink docs/domain.md)
# reason: Prometheus rule MSProm-eastus-aks-weu-private of aks-weu-private ingests through its own DCE
# MSProm-eastus-aks-weu-private, which is not in AMPLS ampls-central. Shared ingestion points the rule at amw-central,
# the default DCE of Azure Monitor workspace amw-central (eastus; in the AMPLS by rule 3) instead of adding one AMPLS
# link per cluster (about 30 s each, one at a time). Only properties.dataCollectionEndpointId changes (apply reads the
# rule and writes it back with its etag); MSProm-eastus-aks-weu-private stays (amplink never deletes). Trade-off:
# re-enabling managed Prometheus on the cluster (az aks update --enable-azure-monitor-metrics) writes the rule back to
# its own DCE; amplink verify reports that drift (AMPL_VERIFY_E0009) and apply points it back.
# replaces:
# "/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-weu-private"
$path = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-weu-private?api-version=2024-03-11'
$endpoint = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/MA_amw-central_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-central'
$read = Invoke-AzRestMethod -Path $path -Method GET
if ($read.StatusCode -ne 200) { throw "GET $path answered $($read.StatusCode): $($read.Content)" }
$rule = $read.Content | ConvertFrom-Json -Depth 100
# -eq compares strings without regard to case, as ARM compares ids.
if ($rule.properties.dataCollectionEndpointId -eq $endpoint) {
    Write-Output 'exists: update rule MSProm-eastus-aks-weu-private -> amw-central'
} else {
    $rule.properties | Add-Member -NotePropertyName dataCollectionEndpointId -NotePropertyValue $endpoint -Force
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload ($rule | ConvertTo-Json -Depth 100)
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    Write-Output 'done:   update rule MSProm-eastus-aks-weu-private -> amw-central'
}
