# amplink export --format powershell: the plan for AMPLS ampls-fleet
# (/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet),
# 30 action(s): 30 to create, 0 to update. Generated from the plan; review, then run.
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

# [1/30] create AMPLS ampls-fleet; rules: 1, 2, 3, 4 (amplink docs/domain.md)
# reason: AMPLS ampls-fleet does not exist (--create-ampls): the links, endpoints and DNS of this plan go to it.
# Location global; ingestion access mode Open: resources that are not in the AMPLS yet (clusters of the fleet not
# selected, or without a private path) keep sending over public endpoints; set PrivateOnly once every cluster of the
# fleet is in (DOMAIN.md "What breaks": PrivateOnly blocks every resource not in the AMPLS); query access mode Open:
# Grafana, workbooks and the portal outside the private network keep querying.
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet?api-version=2021-09-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create AMPLS ampls-fleet'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"accessModeSettings":{"ingestionAccessMode":"Open","queryAccessMode":"Open"}}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create AMPLS ampls-fleet'
}

# [2/30] create private endpoint ampls-fleet-pe-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Clusters and sites that reach VNet vnet-hub need a private endpoint to AMPLS ampls-fleet (group
# azuremonitor) for their agents' traffic to go over private link (asked for with --private-endpoint).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateEndpoints/ampls-fleet-pe-vnet-hub?api-version=2023-09-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create private endpoint ampls-fleet-pe-vnet-hub'
} else {
    $body = '{"location":"eastus","tags":{"managed-by":"amplink"},"properties":{"subnet":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/endpoints"},"privateLinkServiceConnections":[{"name":"ampls-fleet-pe-vnet-hub","properties":{"privateLinkServiceId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet","groupIds":["azuremonitor"]}}]}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create private endpoint ampls-fleet-pe-vnet-hub'
}

# [3/30] create private endpoint amw-pe-vnet-hub; rules: none (amplink docs/domain.md)
# reason: Grafana and workbooks in VNet vnet-hub query Azure Monitor workspace amw privately through its own private
# endpoint (group prometheusMetrics; asked for with --query-private-endpoint).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateEndpoints/amw-pe-vnet-hub?api-version=2023-09-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create private endpoint amw-pe-vnet-hub'
} else {
    $body = '{"location":"eastus","tags":{"managed-by":"amplink"},"properties":{"subnet":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/endpoints"},"privateLinkServiceConnections":[{"name":"amw-pe-vnet-hub","properties":{"privateLinkServiceId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Monitor/accounts/amw","groupIds":["prometheusMetrics"]}}]}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create private endpoint amw-pe-vnet-hub'
}

# [4/30] create private DNS zone privatelink.agentsvc.azure-automation.net; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: Private DNS zone privatelink.agentsvc.azure-automation.net is missing: the endpoint's records go there, and
# the networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.agentsvc.azure-automation.net?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create private DNS zone privatelink.agentsvc.azure-automation.net'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create private DNS zone privatelink.agentsvc.azure-automation.net'
}

# [5/30] create private DNS zone privatelink.blob.core.windows.net; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.blob.core.windows.net is missing: the endpoint's records go there, and the
# networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create private DNS zone privatelink.blob.core.windows.net'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create private DNS zone privatelink.blob.core.windows.net'
}

# [6/30] create private DNS zone privatelink.eastus.prometheus.monitor.azure.com; rules: none (amplink docs/domain.md)
# reason: Private DNS zone privatelink.eastus.prometheus.monitor.azure.com is missing: the endpoint's records go
# there, and the networks that use the endpoint resolve through it (the workspace query zone).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.prometheus.monitor.azure.com?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create private DNS zone privatelink.eastus.prometheus.monitor.azure.com'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create private DNS zone privatelink.eastus.prometheus.monitor.azure.com'
}

# [7/30] create private DNS zone privatelink.monitor.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.monitor.azure.com is missing: the endpoint's records go there, and the networks
# that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create private DNS zone privatelink.monitor.azure.com'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create private DNS zone privatelink.monitor.azure.com'
}

# [8/30] create private DNS zone privatelink.ods.opinsights.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.ods.opinsights.azure.com is missing: the endpoint's records go there, and the
# networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.ods.opinsights.azure.com?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create private DNS zone privatelink.ods.opinsights.azure.com'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create private DNS zone privatelink.ods.opinsights.azure.com'
}

# [9/30] create private DNS zone privatelink.oms.opinsights.azure.com; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: Private DNS zone privatelink.oms.opinsights.azure.com is missing: the endpoint's records go there, and the
# networks that use the endpoint resolve through it (DOMAIN.md "Private endpoint": the five zones).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.oms.opinsights.azure.com?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create private DNS zone privatelink.oms.opinsights.azure.com'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create private DNS zone privatelink.oms.opinsights.azure.com'
}

# [10/30] create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.agentsvc.azure-automation.net, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.agentsvc.azure-automation.net/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-hub'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-hub'
}

# [11/30] create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.agentsvc.azure-automation.net, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.agentsvc.azure-automation.net/virtualNetworkLinks/amplink-vnet-spoke?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-spoke'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.agentsvc.azure-automation.net/amplink-vnet-spoke'
}

# [12/30] create VNet link privatelink.blob.core.windows.net/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.blob.core.windows.net, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.blob.core.windows.net/amplink-vnet-hub'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.blob.core.windows.net/amplink-vnet-hub'
}

# [13/30] create VNet link privatelink.blob.core.windows.net/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.blob.core.windows.net, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net/virtualNetworkLinks/amplink-vnet-spoke?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.blob.core.windows.net/amplink-vnet-spoke'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.blob.core.windows.net/amplink-vnet-spoke'
}

# [14/30] create VNet link privatelink.eastus.prometheus.monitor.azure.com/amplink-vnet-hub; rules: none (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.eastus.prometheus.monitor.azure.com, so names there would resolve
# to public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.prometheus.monitor.azure.com/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.eastus.prometheus.monitor.azure.com/amplink-vnet-hub'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.eastus.prometheus.monitor.azure.com/amplink-vnet-hub'
}

# [15/30] create VNet link privatelink.monitor.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.monitor.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.monitor.azure.com/amplink-vnet-hub'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.monitor.azure.com/amplink-vnet-hub'
}

# [16/30] create VNet link privatelink.monitor.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.monitor.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com/virtualNetworkLinks/amplink-vnet-spoke?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.monitor.azure.com/amplink-vnet-spoke'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.monitor.azure.com/amplink-vnet-spoke'
}

# [17/30] create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.ods.opinsights.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.ods.opinsights.azure.com/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-hub'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-hub'
}

# [18/30] create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.ods.opinsights.azure.com, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.ods.opinsights.azure.com/virtualNetworkLinks/amplink-vnet-spoke?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-spoke'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.ods.opinsights.azure.com/amplink-vnet-spoke'
}

# [19/30] create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-hub; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-hub is not linked to privatelink.oms.opinsights.azure.com, so names there would resolve to public
# addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.oms.opinsights.azure.com/virtualNetworkLinks/amplink-vnet-hub?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-hub'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-hub"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-hub'
}

# [20/30] create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-spoke; rules: 1, 2, 3, 4, 6 (amplink
# docs/domain.md)
# reason: VNet vnet-spoke is not linked to privatelink.oms.opinsights.azure.com, so names there would resolve to
# public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.oms.opinsights.azure.com/virtualNetworkLinks/amplink-vnet-spoke?api-version=2020-06-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-spoke'
} else {
    $body = '{"location":"global","tags":{"managed-by":"amplink"},"properties":{"virtualNetwork":{"id":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/virtualNetworks/vnet-spoke"},"registrationEnabled":false}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create VNet link privatelink.oms.opinsights.azure.com/amplink-vnet-spoke'
}

# [21/30] create DNS zone group ampls-fleet-pe-vnet-hub/default; rules: 1, 2, 3, 4, 6 (amplink docs/domain.md)
# reason: The endpoint's zone group writes its A records into privatelink.monitor.azure.com,
# privatelink.oms.opinsights.azure.com, privatelink.ods.opinsights.azure.com and 2 more and keeps them current, as
# Azure does for endpoints made in the portal; without it the names resolve to no private address.
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateEndpoints/ampls-fleet-pe-vnet-hub/privateDnsZoneGroups/default?api-version=2023-09-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create DNS zone group ampls-fleet-pe-vnet-hub/default'
} else {
    $body = '{"properties":{"privateDnsZoneConfigs":[{"name":"privatelink-monitor-azure-com","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com"}},{"name":"privatelink-oms-opinsights-azure-com","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.oms.opinsights.azure.com"}},{"name":"privatelink-ods-opinsights-azure-com","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.ods.opinsights.azure.com"}},{"name":"privatelink-agentsvc-azure-automation-net","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.agentsvc.azure-automation.net"}},{"name":"privatelink-blob-core-windows-net","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"}}]}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create DNS zone group ampls-fleet-pe-vnet-hub/default'
}

# [22/30] create DNS zone group amw-pe-vnet-hub/default; rules: none (amplink docs/domain.md)
# reason: The endpoint's zone group writes its A records into privatelink.eastus.prometheus.monitor.azure.com and
# keeps them current, as Azure does for endpoints made in the portal; without it the names resolve to no private
# address.
$path = '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateEndpoints/amw-pe-vnet-hub/privateDnsZoneGroups/default?api-version=2023-09-01'
if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {
    Write-Output 'exists: create DNS zone group amw-pe-vnet-hub/default'
} else {
    $body = '{"properties":{"privateDnsZoneConfigs":[{"name":"privatelink-eastus-prometheus-monitor-azure-com","properties":{"privateDnsZoneId":"/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.prometheus.monitor.azure.com"}}]}}'
    $write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body
    if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }
    do {
        Start-Sleep -Seconds 2
        $state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState
        if ($state -in @('Failed', 'Canceled')) { throw "provisioning $state for $path" }
    } while ($state -ne 'Succeeded')
    Write-Output 'done:   create DNS zone group amw-pe-vnet-hub/default'
}

# [23/30] create DCE amplink-config-westeurope (westeurope); rules: 1 (amplink docs/domain.md)
# reason: No DCE in westeurope can serve as configuration endpoint for 1 cluster (aks-weu): agents fetch their
# configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike. Public network
# access stays Enabled: aks-weu has no private path to the AMPLS and fetches configuration from it over the internet
# (verify AMPL_VERIFY_E0022 otherwise).
New-AzDataCollectionEndpoint `
    -SubscriptionId 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' `
    -ResourceGroupName 'rg-monitoring' `
    -Name 'amplink-config-westeurope' `
    -Location 'westeurope' `
    -Description 'Configuration access endpoint for the Kubernetes clusters in westeurope (amplink).' `
    -NetworkAclsPublicNetworkAccess 'Enabled' `
    -Tag @{ 'managed-by' = 'amplink' } | Out-Null
Write-Output 'done:   create DCE amplink-config-westeurope'

# [24/30] create AMPLS link amplink-config-westeurope-connection -> amplink-config-westeurope; rules: 1 (amplink
# docs/domain.md)
# reason: DCE amplink-config-westeurope is the configuration endpoint of aks-weu in westeurope (rule 1). It is not in
# AMPLS ampls-fleet, so that traffic cannot use private link.
Set-AzContext -Subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-fleet' -Name 'amplink-config-westeurope-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link amplink-config-westeurope-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-fleet' `
        -Name 'amplink-config-westeurope-connection' `
        -LinkedResourceId '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope' | Out-Null
    Write-Output 'done:   create AMPLS link amplink-config-westeurope-connection'
}

# [25/30] create AMPLS link amw-connection -> amw; rules: 1, 3 (amplink docs/domain.md)
# reason: DCE amw is the configuration endpoint of aks-east in eastus (rule 1); and the default endpoint of Azure
# Monitor workspace amw, where aks-east, aks-weu send metrics (rule 3). It is not in AMPLS ampls-fleet, so that
# traffic cannot use private link.
Set-AzContext -Subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-fleet' -Name 'amw-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link amw-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-fleet' `
        -Name 'amw-connection' `
        -LinkedResourceId '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/MA_amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw' | Out-Null
    Write-Output 'done:   create AMPLS link amw-connection'
}

# [26/30] create AMPLS link law-connection -> law; rules: 4 (amplink docs/domain.md)
# reason: Log Analytics workspace law is the destination of the Container insights logs of aks-east, aks-weu (rule 4).
# It is not in AMPLS ampls-fleet, so that traffic cannot use private link.
Set-AzContext -Subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-fleet' -Name 'law-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link law-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-fleet' `
        -Name 'law-connection' `
        -LinkedResourceId '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law' | Out-Null
    Write-Output 'done:   create AMPLS link law-connection'
}

# [27/30] create AMPLS link MSProm-eastus-aks-east-connection -> MSProm-eastus-aks-east; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus-aks-east is the Prometheus ingestion endpoint of aks-east (rule 2). It is not in AMPLS
# ampls-fleet, so that traffic cannot use private link.
Set-AzContext -Subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-fleet' -Name 'MSProm-eastus-aks-east-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link MSProm-eastus-aks-east-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-fleet' `
        -Name 'MSProm-eastus-aks-east-connection' `
        -LinkedResourceId '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-eastus/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-east' | Out-Null
    Write-Output 'done:   create AMPLS link MSProm-eastus-aks-east-connection'
}

# [28/30] create AMPLS link MSProm-eastus-aks-weu-connection -> MSProm-eastus-aks-weu; rules: 2 (amplink
# docs/domain.md)
# reason: DCE MSProm-eastus-aks-weu is the Prometheus ingestion endpoint of aks-weu (rule 2). It is not in AMPLS
# ampls-fleet, so that traffic cannot use private link.
Set-AzContext -Subscription 'd769cc5a-b34b-56ce-96bb-5307ef0b61ab' | Out-Null
if (Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName 'rg-monitoring' -ScopeName 'ampls-fleet' -Name 'MSProm-eastus-aks-weu-connection' -ErrorAction SilentlyContinue) {
    Write-Output 'exists: create AMPLS link MSProm-eastus-aks-weu-connection'
} else {
    New-AzInsightsPrivateLinkScopedResource `
        -ResourceGroupName 'rg-monitoring' `
        -ScopeName 'ampls-fleet' `
        -Name 'MSProm-eastus-aks-weu-connection' `
        -LinkedResourceId '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-westeurope/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-weu' | Out-Null
    Write-Output 'done:   create AMPLS link MSProm-eastus-aks-weu-connection'
}

# [29/30] create association configurationAccessEndpoint of cluster aks-east; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-east (eastus) has no configurationAccessEndpoint association, so its agents cannot fetch their
# configuration over private link. It will use the Azure Monitor workspace amw's own DCE, in eastus: amw.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-eastus/providers/Microsoft.ContainerService/managedClusters/aks-east' `
    -DataCollectionEndpointId '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/MA_amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/amw' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-east'

# [30/30] create association configurationAccessEndpoint of cluster aks-weu; rules: 1 (amplink docs/domain.md)
# reason: Cluster aks-weu (westeurope) has no configurationAccessEndpoint association, so its agents cannot fetch
# their configuration over private link. It will use a new DCE for westeurope: amplink-config-westeurope.
New-AzDataCollectionRuleAssociation `
    -AssociationName 'configurationAccessEndpoint' `
    -ResourceUri '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-aks-westeurope/providers/Microsoft.ContainerService/managedClusters/aks-weu' `
    -DataCollectionEndpointId '/subscriptions/d769cc5a-b34b-56ce-96bb-5307ef0b61ab/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/amplink-config-westeurope' `
    -Description 'Configuration access endpoint of the cluster region (amplink).' | Out-Null
Write-Output 'done:   create association of cluster aks-weu'
