// Request bodies, shaped as the clients that create these resources send them (no read-only properties).
// Each body names where its shape comes from.

type Body = Record<string, unknown>;

const withTags = (body: Body, tags: Record<string, string> | undefined): Body =>
  tags === undefined || Object.keys(tags).length === 0 ? body : { ...body, tags };

/** Microsoft.Monitor/accounts 2023-04-03 (spec example AzureMonitorWorkspacesCreate.json): location and nothing else. */
export function azureMonitorWorkspaceBody(region: string, tags?: Record<string, string>): Body {
  return withTags({ location: region, properties: {} }, tags);
}

/** Microsoft.OperationalInsights/workspaces 2022-10-01; the SKU and retention are what `az monitor log-analytics workspace create` sends by default. */
export function logAnalyticsWorkspaceBody(options: {
  region: string;
  ingestion: 'Enabled' | 'Disabled';
  query: 'Enabled' | 'Disabled';
  tags?: Record<string, string>;
}): Body {
  return withTags(
    {
      location: options.region,
      properties: {
        sku: { name: 'PerGB2018' },
        retentionInDays: 30,
        publicNetworkAccessForIngestion: options.ingestion,
        publicNetworkAccessForQuery: options.query,
      },
    },
    options.tags,
  );
}

/** Microsoft.Insights/privateLinkScopes 2021-09-01 (spec example PrivateLinkScopesCreate.json); always location global. */
export function privateLinkScopeBody(ingestionAccessMode: string, queryAccessMode: string): Body {
  return {
    location: 'global',
    properties: { accessModeSettings: { ingestionAccessMode, queryAccessMode, exclusions: [] } },
  };
}

/** scopedResources 2021-09-01: only the linked resource; what `az monitor private-link-scope scoped-resource create` sends. */
export function scopedResourceBody(linkedResourceId: string): Body {
  return { properties: { linkedResourceId } };
}

/** Microsoft.Network/virtualNetworks 2023-09-01 with subnets inline, as `az network vnet create --subnet-name` sends them. */
export function virtualNetworkBody(options: {
  region: string;
  addressSpace: string[];
  subnets: { name: string; prefix: string; routeTableId?: string | undefined }[];
}): Body {
  return {
    location: options.region,
    properties: {
      addressSpace: { addressPrefixes: options.addressSpace },
      subnets: options.subnets.map((subnet) => ({
        name: subnet.name,
        properties: {
          addressPrefix: subnet.prefix,
          // Private endpoints need network policies off on their subnet (Azure Private Link documentation).
          privateEndpointNetworkPolicies: 'Disabled',
          ...(subnet.routeTableId === undefined ? {} : { routeTable: { id: subnet.routeTableId } }),
        },
      })),
    },
  };
}

/**
 * Microsoft.Network/routeTables with one route, as the AKS egress walkthrough makes it (`az network route-table
 * route create --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address <firewall IP>`).
 */
export function firewallRouteTableBody(region: string, firewallAddress: string): Body {
  return {
    location: region,
    properties: {
      disableBgpRoutePropagation: false,
      routes: [
        {
          name: 'to-azure-firewall',
          properties: {
            addressPrefix: '0.0.0.0/0',
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: firewallAddress,
          },
        },
      ],
    },
  };
}

/** Microsoft.Network/firewallPolicies: Standard tier, threat intelligence in Alert mode (the service's defaults). */
export function firewallPolicyBody(region: string): Body {
  return { location: region, properties: { sku: { tier: 'Standard' }, threatIntelMode: 'Alert' } };
}

/**
 * firewallPolicies/ruleCollectionGroups: one Allow filter collection of application rules, each allowing FQDNs over
 * Http and Https from a source prefix (shape of the spec example FirewallPolicyRuleCollectionGroupPut.json).
 */
export function applicationRuleCollectionGroupBody(options: {
  priority: number;
  collectionName: string;
  rules: { name: string; sourceAddresses: string[]; targetFqdns: string[] }[];
}): Body {
  return {
    properties: {
      priority: options.priority,
      ruleCollections: [
        {
          ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
          name: options.collectionName,
          priority: 100,
          action: { type: 'Allow' },
          rules: options.rules.map((rule) => ({
            ruleType: 'ApplicationRule',
            name: rule.name,
            sourceAddresses: rule.sourceAddresses,
            protocols: [
              { protocolType: 'Https', port: 443 },
              { protocolType: 'Http', port: 80 },
            ],
            targetFqdns: rule.targetFqdns,
          })),
        },
      ],
    },
  };
}

/** A fleet's own rule collection group (`firewalls[].ruleCollectionGroups[]`), as firewallPolicy.json shapes it. */
export function ruleCollectionGroupBody(group: {
  priority: number;
  ruleCollections: {
    name: string;
    priority: number;
    action: 'Allow' | 'Deny';
    application: { name: string; sourceAddresses: string[]; targetFqdns: string[] }[];
    network: { name: string; sourceAddresses: string[]; destinationAddresses: string[]; destinationPorts: string[] }[];
  }[];
}): Body {
  return {
    properties: {
      priority: group.priority,
      ruleCollections: group.ruleCollections.map((collection) => ({
        ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
        name: collection.name,
        priority: collection.priority,
        action: { type: collection.action },
        rules: [
          ...collection.application.map((rule) => ({
            ruleType: 'ApplicationRule',
            name: rule.name,
            sourceAddresses: rule.sourceAddresses,
            protocols: [
              { protocolType: 'Https', port: 443 },
              { protocolType: 'Http', port: 80 },
            ],
            targetFqdns: rule.targetFqdns,
          })),
          ...collection.network.map((rule) => ({
            ruleType: 'NetworkRule',
            name: rule.name,
            sourceAddresses: rule.sourceAddresses,
            ipProtocols: ['TCP'],
            destinationAddresses: rule.destinationAddresses,
            destinationPorts: rule.destinationPorts,
          })),
        ],
      })),
    },
  };
}

/** Microsoft.Network/azureFirewalls in a VNet (sku AZFW_VNet), its rules in a policy (spec example AzureFirewallPut.json). */
export function azureFirewallBody(options: { region: string; subnetId: string; policyId: string }): Body {
  return {
    location: options.region,
    properties: {
      sku: { name: 'AZFW_VNet', tier: 'Standard' },
      threatIntelMode: 'Alert',
      ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: options.subnetId } } }],
      firewallPolicy: { id: options.policyId },
    },
  };
}

/** virtualNetworks/virtualNetworkPeerings 2023-09-01, as `az network vnet peering create --allow-vnet-access` sends it. */
export function peeringBody(remoteVirtualNetworkId: string): Body {
  return {
    properties: {
      remoteVirtualNetwork: { id: remoteVirtualNetworkId },
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: false,
    },
  };
}

/**
 * Microsoft.Network/privateEndpoints 2023-09-01 to an AMPLS; DOMAIN.md: group id `azuremonitor`. A manual request goes
 * in `manualPrivateLinkServiceConnections`, as `--manual-request` sends it, and waits for the AMPLS's approval.
 */
export function privateEndpointBody(options: {
  region: string;
  subnetId: string;
  name: string;
  scopeId: string;
  manualApproval?: boolean | undefined;
}): Body {
  const connections = [
    { name: options.name, properties: { privateLinkServiceId: options.scopeId, groupIds: ['azuremonitor'] } },
  ];
  return {
    location: options.region,
    properties: {
      subnet: { id: options.subnetId },
      [options.manualApproval === true ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections']:
        connections,
    },
  };
}

/** Microsoft.Network/privateDnsZones 2020-06-01: zones and their links are global. */
export function privateDnsZoneBody(): Body {
  return { location: 'global', properties: {} };
}

export function virtualNetworkLinkBody(virtualNetworkId: string): Body {
  return { location: 'global', properties: { virtualNetwork: { id: virtualNetworkId }, registrationEnabled: false } };
}

export function aRecordBody(ipv4Address: string): Body {
  return { properties: { ttl: 3600, aRecords: [{ ipv4Address }] } };
}

/** Microsoft.ContainerService/managedClusters 2024-09-01 with monitoring on as `az aks create --enable-azure-monitor-metrics --enable-addons monitoring` leaves it. */
export function managedClusterBody(options: {
  region: string;
  name: string;
  privateCluster: boolean;
  firewallEgress: boolean;
  subnetId?: string;
  prometheus: boolean;
  logAnalyticsWorkspaceId?: string;
  tags?: Record<string, string>;
}): Body {
  const agentPool: Body = {
    name: 'nodepool1',
    count: 3,
    vmSize: 'Standard_D4ds_v5',
    osType: 'Linux',
    mode: 'System',
    type: 'VirtualMachineScaleSets',
  };
  if (options.subnetId !== undefined) agentPool['vnetSubnetID'] = options.subnetId;
  const addonProfiles: Body = {};
  if (options.logAnalyticsWorkspaceId !== undefined) {
    // acs/addonconfiguration.py: the monitoring addon ("omsagent") with managed identity auth ("useAADAuth": "true");
    // addon config values are strings.
    addonProfiles['omsagent'] = {
      enabled: true,
      config: { logAnalyticsWorkspaceResourceID: options.logAnalyticsWorkspaceId, useAADAuth: 'true' },
    };
  }
  const properties: Body = {
    dnsPrefix: options.name,
    agentPoolProfiles: [agentPool],
    networkProfile: {
      networkPlugin: 'azure',
      // A cluster behind Azure Firewall routes egress through a user-defined route (AKS egress documentation).
      outboundType: options.firewallEgress ? 'userDefinedRouting' : 'loadBalancer',
    },
    apiServerAccessProfile: { enablePrivateCluster: options.privateCluster },
    addonProfiles,
  };
  if (options.prometheus) {
    properties['azureMonitorProfile'] = {
      metrics: { enabled: true, kubeStateMetrics: { metricLabelsAllowlist: '', metricAnnotationsAllowList: '' } },
    };
  }
  return withTags({ location: options.region, identity: { type: 'SystemAssigned' }, properties }, options.tags);
}

/** Microsoft.Kubernetes/connectedClusters 2024-01-01: `agentPublicKeyCertificate` is required (hybridkubernetes spec). */
export function connectedClusterBody(options: {
  region: string;
  agentPublicKeyCertificate: string;
  tags?: Record<string, string>;
}): Body {
  return withTags(
    {
      location: options.region,
      identity: { type: 'SystemAssigned' },
      properties: {
        agentPublicKeyCertificate: options.agentPublicKeyCertificate,
        distribution: 'k3s',
        infrastructure: 'generic',
      },
    },
    options.tags,
  );
}

/** acs/azuremonitormetrics/dc/dce_api.py: the Prometheus DCE is `kind: Linux` with empty properties. */
export function prometheusDceBody(region: string): Body {
  return { location: region, kind: 'Linux', properties: {} };
}

/** acs/addonconfiguration.py `create_data_collection_endpoint`: public access off when the cluster uses an AMPLS. */
export function containerInsightsDceBody(region: string, privateLink: boolean): Body {
  return {
    location: region,
    kind: 'Linux',
    properties: { networkAcls: { publicNetworkAccess: privateLink ? 'Disabled' : 'Enabled' } },
  };
}

/** acs/azuremonitormetrics/dc/dcr_api.py: the Prometheus DCR forwards Microsoft-PrometheusMetrics to the AMW. */
export function prometheusDcrBody(options: { region: string; dceId: string; workspaceId: string }): Body {
  return {
    location: options.region,
    kind: 'Linux',
    properties: {
      dataCollectionEndpointId: options.dceId,
      dataSources: {
        prometheusForwarder: [
          { name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'], labelIncludeFilter: {} },
        ],
      },
      dataFlows: [{ destinations: ['MonitoringAccount1'], streams: ['Microsoft-PrometheusMetrics'] }],
      description: 'DCR description',
      destinations: { monitoringAccounts: [{ accountResourceId: options.workspaceId, name: 'MonitoringAccount1' }] },
    },
  };
}

/** acs/addonconfiguration.py: default Container insights stream group. */
const defaultContainerInsightsStreams = ['Microsoft-ContainerInsights-Group-Default'];
/** acs/addonconfiguration.py `ContainerInsightsStreams`: the streams of high log scale mode (ContainerLogV2-HighScale). */
const highLogScaleStreams = [
  'Microsoft-ContainerLog',
  'Microsoft-ContainerLogV2-HighScale',
  'Microsoft-KubeEvents',
  'Microsoft-KubePodInventory',
  'Microsoft-KubeNodeInventory',
  'Microsoft-KubePVInventory',
  'Microsoft-KubeServices',
  'Microsoft-KubeMonAgentEvents',
  'Microsoft-InsightsMetrics',
  'Microsoft-ContainerInventory',
  'Microsoft-ContainerNodeInventory',
  'Microsoft-Perf',
];

/** acs/addonconfiguration.py: the Container insights DCR (extension ContainerInsights -> one LAW destination). */
export function containerInsightsDcrBody(options: {
  region: string;
  workspaceId: string;
  ingestionDceId?: string;
}): Body {
  const streams = options.ingestionDceId === undefined ? defaultContainerInsightsStreams : highLogScaleStreams;
  const properties: Body = {
    dataSources: {
      extensions: [
        {
          name: 'ContainerInsightsExtension',
          streams,
          extensionName: 'ContainerInsights',
          extensionSettings: { dataCollectionSettings: { enableContainerLogV2: true } },
        },
      ],
    },
    dataFlows: [{ streams, destinations: ['la-workspace'] }],
    destinations: { logAnalytics: [{ workspaceResourceId: options.workspaceId, name: 'la-workspace' }] },
  };
  if (options.ingestionDceId !== undefined) properties['dataCollectionEndpointId'] = options.ingestionDceId;
  return { location: options.region, kind: 'Linux', properties };
}

/** dataCollectionRuleAssociations 2024-03-11: a proxy resource, so no location; one of rule or endpoint. */
export function ruleAssociationBody(dataCollectionRuleId: string, description: string): Body {
  return { properties: { dataCollectionRuleId, description } };
}

export function endpointAssociationBody(dataCollectionEndpointId: string): Body {
  return {
    properties: {
      dataCollectionEndpointId,
      description: 'associates config dataCollectionEndpoint to AKS cluster resource',
    },
  };
}
