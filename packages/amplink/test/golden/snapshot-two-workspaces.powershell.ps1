# amplink export --format powershell: the plan for AMPLS ampls-global
# (/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/privateLinkScopes/ampls-global),
# 20 action(s): 20 to create, 0 to update. Generated from the plan; review, then run.
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

# [1/20] create DCE amplink-config-canadacentral (canadacentral); rules: 1 (amplink docs/domain.md)
# reason: No DCE in canadacentral can serve as configuration endpoint for 2 clusters (aks-canada, arc-toronto): agents
# fetch their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.
# Public network access stays Enabled: aks-canada has no private path to the AMPLS and fetches configuration from it
# over the internet (verify AMPL_VERIFY_E0022 otherwise).
New-AzDataCollectionEndpoint `
    -SubscriptionId '065dd924-63f7-5c71-a652-5ee2cd1f70b0' `
    -ResourceGroupName 'rg-observability' `
    -Name 'amplink-config-canadacentral' `
    -Location 'canadacentral' `
    -Description 'Configuration access endpoint for the Kubernetes clusters in canadacentral (amplink).' `
    -NetworkAclsPublicNetworkAccess 'Enabled' `
    -Tag @{ 'managed-by' = 'amplink' } | Out-Null
Write-Output 'done:   create DCE amplink-config-canadacentral'

# [2/20] create DCE amplink-config-uksouth (uksouth); rules: 1 (amplink docs/domain.md)
# reason: No DCE in uksouth can serve as configuration endpoint for 1 cluster (aks-uk): agents fetch their
# configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
# access stays Enabled: aks-uk has no private path to the AMPLS and fetches configuration from it over the internet
# (verify AMPL_VERIFY_E0022 otherwise).
New-AzDataCollectionEndpoint `
    -SubscriptionId '065dd924-63f7-5c71-a652-5ee2cd1f70b0' `
    -ResourceGroupName 'rg-observability' `
    -Name 'amplink-config-uksouth' `
    -Location 'uksouth' `
    -Description 'Configuration access endpoint for the Kubernetes clusters in uksouth (amplink).' `
    -NetworkAclsPublicNetworkAccess 'Enabled' `
    -Tag @{ 'managed-by' = 'amplink' } | Out-Null
Write-Output 'done:   create DCE amplink-config-uksouth'

# [3/20] create AMPLS link amplink-config-canadacentral-connection -> amplink-config-canadacentral; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-canadacentral is the configuration endpoint of aks-canada, arc-toronto in canadacentral
# (rule 1). It is not in AMPLS ampls-global, so that traffic cannot use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'amplink-config-canadacentral-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link amplink-config-canadacentral-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'amplink-config-canadacentral-connection' `
        -LinkedResourceId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral' | Out-Null
    Write-Output 'done:   create AMPLS link amplink-config-canadacentral-connection'
}

# [4/20] create AMPLS link amplink-config-uksouth-connection -> amplink-config-uksouth; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-uksouth is the configuration endpoint of aks-uk in uksouth (rule 1). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'amplink-config-uksouth-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link amplink-config-uksouth-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'amplink-config-uksouth-connection' `
        -LinkedResourceId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-uksouth' | Out-Null
    Write-Output 'done:   create AMPLS link amplink-config-uksouth-connection'
}

# [5/20] create AMPLS link amw-us-connection -> amw-us; rules: 1, 3, 6 (amplink docs/domain.md)
# reason: DCE amw-us is the configuration endpoint of aks-us-1, aks-us-2 in eastus2 (rule 1); and the default endpoint
# of Azure Monitor workspace amw-us, where aks-canada, aks-us-1, aks-us-2 and 1 more send metrics (rule 3); and the
# remote-write endpoint of on-premises arc-toronto (rule 6). It is not in AMPLS ampls-global, so that traffic cannot
# use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'amw-us-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link amw-us-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'amw-us-connection' `
        -LinkedResourceId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us' | Out-Null
    Write-Output 'done:   create AMPLS link amw-us-connection'
}

# [6/20] create AMPLS link law-us-connection -> law-us; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace law-us is the destination of the Container insights logs of aks-us-1, aks-us-2,
# arc-toronto (rule 4). It is not in AMPLS ampls-global, so that traffic cannot use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'law-us-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link law-us-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'law-us-connection' `
        -LinkedResourceId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.OperationalInsights/workspaces/law-us' | Out-Null
    Write-Output 'done:   create AMPLS link law-us-connection'
}

# [7/20] create AMPLS link MSProm-eastus2-aks-canada-connection -> MSProm-eastus2-aks-canada; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus2-aks-canada is the Prometheus ingestion endpoint of aks-canada (rule 2). It is not in
# AMPLS ampls-global, so that traffic cannot use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'MSProm-eastus2-aks-canada-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link MSProm-eastus2-aks-canada-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'MSProm-eastus2-aks-canada-connection' `
        -LinkedResourceId '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-canada' | Out-Null
    Write-Output 'done:   create AMPLS link MSProm-eastus2-aks-canada-connection'
}

# [8/20] create AMPLS link MSProm-eastus2-aks-us-1-connection -> MSProm-eastus2-aks-us-1; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus2-aks-us-1 is the Prometheus ingestion endpoint of aks-us-1 (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'MSProm-eastus2-aks-us-1-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link MSProm-eastus2-aks-us-1-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'MSProm-eastus2-aks-us-1-connection' `
        -LinkedResourceId '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-us-1' | Out-Null
    Write-Output 'done:   create AMPLS link MSProm-eastus2-aks-us-1-connection'
}

# [9/20] create AMPLS link MSProm-eastus2-aks-us-2-connection -> MSProm-eastus2-aks-us-2; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus2-aks-us-2 is the Prometheus ingestion endpoint of aks-us-2 (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'MSProm-eastus2-aks-us-2-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link MSProm-eastus2-aks-us-2-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'MSProm-eastus2-aks-us-2-connection' `
        -LinkedResourceId '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-aks-us-2' | Out-Null
    Write-Output 'done:   create AMPLS link MSProm-eastus2-aks-us-2-connection'
}

# [10/20] create AMPLS link MSProm-eastus2-arc-toronto-connection -> MSProm-eastus2-arc-toronto; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus2-arc-toronto is the Prometheus ingestion endpoint of arc-toronto (rule 2). It is not in
# AMPLS ampls-global, so that traffic cannot use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'MSProm-eastus2-arc-toronto-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link MSProm-eastus2-arc-toronto-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'MSProm-eastus2-arc-toronto-connection' `
        -LinkedResourceId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-arc-toronto' | Out-Null
    Write-Output 'done:   create AMPLS link MSProm-eastus2-arc-toronto-connection'
}

# [11/20] create AMPLS link MSProm-westeurope-aks-eu-2-connection -> MSProm-westeurope-aks-eu-2; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-westeurope-aks-eu-2 is the Prometheus ingestion endpoint of aks-eu-2 (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'MSProm-westeurope-aks-eu-2-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link MSProm-westeurope-aks-eu-2-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'MSProm-westeurope-aks-eu-2-connection' `
        -LinkedResourceId '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-eu-2' | Out-Null
    Write-Output 'done:   create AMPLS link MSProm-westeurope-aks-eu-2-connection'
}

# [12/20] create AMPLS link MSProm-westeurope-aks-eu-private-connection -> MSProm-westeurope-aks-eu-private; rules: 2
# (amplink docs/domain.md)
# reason: DCE MSProm-westeurope-aks-eu-private is the Prometheus ingestion endpoint of aks-eu-private (rule 2). It is
# not in AMPLS ampls-global, so that traffic cannot use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'MSProm-westeurope-aks-eu-private-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link MSProm-westeurope-aks-eu-private-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'MSProm-westeurope-aks-eu-private-connection' `
        -LinkedResourceId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-eu-private' | Out-Null
    Write-Output 'done:   create AMPLS link MSProm-westeurope-aks-eu-private-connection'
}

# [13/20] create AMPLS link MSProm-westeurope-aks-uk-connection -> MSProm-westeurope-aks-uk; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-westeurope-aks-uk is the Prometheus ingestion endpoint of aks-uk (rule 2). It is not in AMPLS
# ampls-global, so that traffic cannot use private link.
Set-AzContext -Subscription '065dd924-63f7-5c71-a652-5ee2cd1f70b0' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-observability' -ScopeName 'ampls-global' -Name 'MSProm-westeurope-aks-uk-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link MSProm-westeurope-aks-uk-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-observability' `
        -ScopeName 'ampls-global' `
        -Name 'MSProm-westeurope-aks-uk-connection' `
        -LinkedResourceId '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-uksouth/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-westeurope-aks-uk' | Out-Null
    Write-Output 'done:   create AMPLS link MSProm-westeurope-aks-uk-connection'
}

# [14/20] create association configurationAccessEndpoint of cluster arc-toronto; rules: 1 (amplink docs/domain.md)
# reason: Cluster arc-toronto (canadacentral) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for canadacentral: amplink-config-canadacentral.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-aks-canadacentral/providers/Microsoft.Kubernetes/connectedClusters/arc-toronto' `
    -DataCollectionEndpointId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster arc-toronto'

# [15/20] create association configurationAccessEndpoint of cluster aks-canada; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-canada (canadacentral) has no configurationAccessEndpoint association, so its agents cannot
# fetch their configuration over private link. It will use a new DCE for canadacentral: amplink-config-canadacentral.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-canadacentral/providers/Microsoft.ContainerService/managedClusters/aks-canada' `
    -DataCollectionEndpointId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-canadacentral' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-canada'

# [16/20] create association configurationAccessEndpoint of cluster aks-us-1; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-us-1 (eastus2) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use the Azure Monitor workspace amw-us's own DCE, in eastus2: amw-us.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.ContainerService/managedClusters/aks-us-1' `
    -DataCollectionEndpointId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-us-1'

# [17/20] create association configurationAccessEndpoint of cluster aks-us-2; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-us-2 (eastus2) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use the Azure Monitor workspace amw-us's own DCE, in eastus2: amw-us.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-eastus2/providers/Microsoft.ContainerService/managedClusters/aks-us-2' `
    -DataCollectionEndpointId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-us_eastus2_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-us' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-us-2'

# [18/20] create association configurationAccessEndpoint of cluster aks-uk; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-uk (uksouth) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use a new DCE for uksouth: amplink-config-uksouth.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-uksouth/providers/Microsoft.ContainerService/managedClusters/aks-uk' `
    -DataCollectionEndpointId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/rg-observability/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-uksouth' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-uk'

# [19/20] create association configurationAccessEndpoint of cluster aks-eu-1; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-eu-1 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use the Azure Monitor workspace amw-eu's own DCE, in westeurope:
# amw-eu.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-eu-1' `
    -DataCollectionEndpointId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-eu_westeurope_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-eu' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-eu-1'

# [20/20] create association configurationAccessEndpoint of cluster aks-eu-2; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-eu-2 (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use the Azure Monitor workspace amw-eu's own DCE, in westeurope:
# amw-eu.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/08bbcc72-4020-5f66-93ab-bbd1d6d3a7ec/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-eu-2' `
    -DataCollectionEndpointId '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0/resourceGroups/MA_amw-eu_westeurope_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw-eu' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-eu-2'
