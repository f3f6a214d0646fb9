import { compareNatural } from '../model/natural-order.js';
import { idKey, parseResourceId } from '../model/resource-id.js';
import type { Topology } from '../model/topology.js';
import { RESOURCE_GROUP_TEMPLATE_SCHEMA } from './arm.js';

/*
 * Azure Policy that keeps new clusters on private link after apply: no built-in policy associates AKS or Arc clusters
 * with a configuration DCE (Azure/azure-policy, built-in-policies/policyDefinitions/Monitoring: the DCR association
 * policies target VMs, scale sets and Arc machines), so amplink writes its own.
 *
 * Aliases used, each as Microsoft's own policies use it:
 * - Microsoft.Insights/dataCollectionRuleAssociations/dataCollectionEndpointId (built-in DCRA policies, Monitoring)
 * - Microsoft.ContainerService/managedClusters/addonProfiles.omsagent.enabled (built-in Container insights policies)
 * - Microsoft.ContainerService/managedClusters/azureMonitorProfile.metrics.enabled (Azure/prometheus-collector,
 *   AddonPolicyTemplate/AddonPolicyMetricsProfile.rules.json)
 * - Microsoft.Insights/dataCollectionEndpoints/networkAcls.publicNetworkAccess and
 *   Microsoft.OperationalInsights/workspaces/publicNetworkAccessForIngestion (network isolation policies)
 * - Microsoft.Insights/privateLinkScopes/scopedResources/linkedResourceId (the alias list Get-AzPolicyAlias prints, as
 *   kept in maciejporebski/azure-policy-aliases, aliases/microsoft.insights/privateLinkScopes-scopedResources.md)
 *
 * The scoped-resource audit finds the AMPLS's scoped resources as an AuditIfNotExists related resource: type
 * `.../privateLinkScopes/scopedResources` with name `<scope>/?` in the scope's resource group, and `field('id')` in the
 * existence condition is the evaluated DCE or workspace (Azure Policy docs, "auditIfNotExists effect" and "field"
 * function). Related resources are looked up only in the evaluated resource's subscription, so that definition
 * applies to the DCEs and workspaces of the AMPLS's own subscription.
 */

/** Monitoring Contributor: writes data collection rule associations and reads DCEs (the built-in DCRA policies' role). */
export const MONITORING_CONTRIBUTOR = '749f88d5-cbae-40b8-bcfc-e573ddc772fa';
const ASSOCIATION_API_VERSION = '2024-03-11';
const CLUSTER_TYPES = ['Microsoft.ContainerService/managedClusters', 'Microsoft.Kubernetes/connectedClusters'];

export const POLICY_NAMES = {
  association: 'amplink-cluster-configuration-endpoint',
  endpointAccess: 'amplink-dce-public-network-access',
  workspaceAccess: 'amplink-law-public-ingestion',
  scoped: 'amplink-monitor-resources-in-ampls',
  initiative: 'amplink-private-link-monitoring',
  assignment: 'amplink-private-link',
} as const;

/** Per region of the fleet: the DCE new clusters are associated with, and every DCE of that region in the AMPLS. */
export interface RegionEndpoints {
  region: string;
  /** The DCE most of the region's clusters use (after the plan), in the AMPLS. */
  deploy: string;
  /** Any of these is fine: a cluster already associated with one is compliant. */
  accepted: string[];
}

export interface PolicyExportInput {
  /** The world after the plan is applied (`worldAfter`): the DCEs and associations the policy keeps. */
  world: Topology;
  amplsId: string;
}

export interface PolicyBundle {
  regions: RegionEndpoints[];
  /** Subscriptions holding the fleet's clusters: one assignment each. */
  subscriptions: string[];
  /** Where the assignment's managed identity lives: the fleet's most common region. */
  location: string;
  definitions: { name: string; properties: Record<string, unknown> }[];
  initiative: { name: string; properties: Record<string, unknown> };
  /** The assignment's parameters, filled from the plan. */
  assignmentParameters: Record<string, { value: unknown }>;
}

/** The definition's id in the deployment's subscription, as ARM resolves it. */
export function definitionId(name: string): string {
  return `[subscriptionResourceId('Microsoft.Authorization/policyDefinitions', '${name}')]`;
}

function inScope(world: Topology, amplsKey: string, endpointId: string): boolean {
  return (world.scopedResourcesByLinkedId.get(idKey(endpointId)) ?? []).some((s) => s.scopeKey === amplsKey);
}

/** Per region, what the policy deploys and accepts; regions whose clusters use no DCE in the AMPLS are left out. */
export function regionEndpoints(world: Topology, amplsId: string): RegionEndpoints[] {
  const amplsKey = idKey(amplsId);
  const uses = new Map<string, Map<string, { id: string; count: number }>>();
  for (const cluster of world.clusters) {
    const association = world.associationsOf(idKey(cluster.id.id)).find((a) => a.isConfigurationEndpoint);
    const endpointId = association?.endpointId;
    if (endpointId === undefined || !inScope(world, amplsKey, endpointId)) continue;
    const endpoint = world.endpoints.get(idKey(endpointId));
    if (endpoint === undefined || endpoint.region !== cluster.region) continue;
    const counts = uses.get(cluster.region) ?? new Map<string, { id: string; count: number }>();
    const entry = counts.get(idKey(endpointId)) ?? { id: endpoint.resource.id, count: 0 };
    entry.count += 1;
    counts.set(idKey(endpointId), entry);
    uses.set(cluster.region, counts);
  }
  return [...uses.entries()]
    .sort(([a], [b]) => compareNatural(a, b))
    .map(([region, counts]) => {
      const ranked = [...counts.values()].sort((a, b) => b.count - a.count || compareNatural(a.id, b.id));
      const accepted = (world.endpointsByRegion.get(region) ?? [])
        .map((e) => e.resource.id)
        .filter((id) => inScope(world, amplsKey, id))
        .sort(compareNatural);
      return { region, deploy: (ranked[0] as { id: string }).id, accepted };
    });
}

function associationDefinition(): Record<string, unknown> {
  const template = {
    $schema: RESOURCE_GROUP_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: {
      clusterType: { type: 'string' },
      clusterName: { type: 'string' },
      endpointId: { type: 'string' },
    },
    resources: [
      {
        type: 'Microsoft.Insights/dataCollectionRuleAssociations',
        apiVersion: ASSOCIATION_API_VERSION,
        // The association's name is its key: a cluster has one configuration DCE (DOMAIN.md, DCRA).
        name: 'configurationAccessEndpoint',
        scope: "[resourceId(parameters('clusterType'), parameters('clusterName'))]",
        properties: {
          dataCollectionEndpointId: "[parameters('endpointId')]",
          description: "The cluster's configuration DCE, in its region and in the AMPLS (amplink policy, rule 1).",
        },
      },
    ],
  };
  return {
    displayName: 'amplink: clusters fetch their monitoring configuration from a DCE in the AMPLS',
    description:
      "Associates every AKS cluster with monitoring on, and every Arc-enabled Kubernetes cluster, with its region's configuration DCE that is in the AMPLS (DOMAIN.md rule 1). A cluster associated with any DCE of its region that is in the AMPLS is compliant.",
    mode: 'Indexed',
    metadata: { category: 'Monitoring', version: '1.0.0', source: 'amplink export --format policy' },
    parameters: {
      configurationEndpoints: {
        type: 'Object',
        metadata: {
          displayName: 'Configuration DCE per region',
          description: 'Region -> the DCE id new clusters of that region are associated with.',
        },
      },
      acceptedEndpoints: {
        type: 'Object',
        metadata: {
          displayName: 'DCEs in the AMPLS per region',
          description: 'Region -> the DCE ids in the AMPLS; an association with any of them is compliant.',
        },
      },
      effect: {
        type: 'String',
        allowedValues: ['DeployIfNotExists', 'AuditIfNotExists', 'Disabled'],
        defaultValue: 'DeployIfNotExists',
        metadata: { displayName: 'Effect' },
      },
    },
    policyRule: {
      if: {
        allOf: [
          { field: 'type', in: CLUSTER_TYPES },
          { value: "[contains(parameters('configurationEndpoints'), field('location'))]", equals: 'true' },
          {
            anyOf: [
              // Arc clusters carry no monitoring flag of their own: the association is harmless without the agents.
              { field: 'type', equals: 'Microsoft.Kubernetes/connectedClusters' },
              { field: 'Microsoft.ContainerService/managedClusters/addonProfiles.omsagent.enabled', equals: 'true' },
              {
                field: 'Microsoft.ContainerService/managedClusters/azureMonitorProfile.metrics.enabled',
                equals: 'true',
              },
            ],
          },
        ],
      },
      then: {
        effect: "[parameters('effect')]",
        details: {
          type: 'Microsoft.Insights/dataCollectionRuleAssociations',
          name: 'configurationAccessEndpoint',
          evaluationDelay: 'AfterProvisioning',
          roleDefinitionIds: [`/providers/Microsoft.Authorization/roleDefinitions/${MONITORING_CONTRIBUTOR}`],
          existenceCondition: {
            field: 'Microsoft.Insights/dataCollectionRuleAssociations/dataCollectionEndpointId',
            in: "[parameters('acceptedEndpoints')[field('location')]]",
          },
          deployment: {
            properties: {
              mode: 'incremental',
              template,
              parameters: {
                clusterType: { value: "[field('type')]" },
                clusterName: { value: "[field('name')]" },
                endpointId: { value: "[parameters('configurationEndpoints')[field('location')]]" },
              },
            },
          },
        },
      },
    },
  };
}

function accessDefinition(options: {
  displayName: string;
  description: string;
  type: string;
  alias: string;
  regions: boolean;
}): Record<string, unknown> {
  return {
    displayName: options.displayName,
    description: options.description,
    mode: 'Indexed',
    metadata: { category: 'Monitoring', version: '1.0.0', source: 'amplink export --format policy' },
    parameters: {
      regions: {
        type: 'Array',
        metadata: { displayName: "The fleet's regions", description: 'Only resources in these regions are audited.' },
      },
      effect: {
        type: 'String',
        allowedValues: ['Audit', 'Disabled'],
        defaultValue: 'Audit',
        metadata: { displayName: 'Effect' },
      },
    },
    policyRule: {
      if: {
        allOf: [
          { field: 'type', equals: options.type },
          { field: 'location', in: "[parameters('regions')]" },
          { field: options.alias, notEquals: 'Disabled' },
        ],
      },
      then: { effect: "[parameters('effect')]" },
    },
  };
}

/** DCEs and workspaces of the fleet's regions that the AMPLS does not list as scoped resources (rules 1 and 4). */
function scopedDefinition(): Record<string, unknown> {
  const scope = "parameters('privateLinkScopeId')";
  return {
    displayName: "amplink: the fleet's DCEs and Log Analytics workspaces are in the AMPLS",
    description:
      "Audits data collection endpoints and Log Analytics workspaces in the fleet's regions that are not scoped resources of the AMPLS: the agents reach them only through it (DOMAIN.md rules 1 and 4). Only resources in the AMPLS's subscription are evaluated: Azure Policy looks up related resources in the evaluated resource's subscription.",
    mode: 'Indexed',
    metadata: { category: 'Monitoring', version: '1.0.0', source: 'amplink export --format policy' },
    parameters: {
      regions: {
        type: 'Array',
        metadata: { displayName: "The fleet's regions", description: 'Only resources in these regions are audited.' },
      },
      privateLinkScopeId: {
        type: 'String',
        metadata: { displayName: 'AMPLS', description: 'The resource id of the Azure Monitor Private Link Scope.' },
      },
      effect: {
        type: 'String',
        allowedValues: ['AuditIfNotExists', 'Disabled'],
        defaultValue: 'AuditIfNotExists',
        metadata: { displayName: 'Effect' },
      },
    },
    policyRule: {
      if: {
        allOf: [
          {
            field: 'type',
            in: ['Microsoft.Insights/dataCollectionEndpoints', 'Microsoft.OperationalInsights/workspaces'],
          },
          { field: 'location', in: "[parameters('regions')]" },
          // An id is /subscriptions/{2}/resourceGroups/{4}/providers/Microsoft.Insights/privateLinkScopes/{8}.
          { value: `[split(${scope}, '/')[2]]`, equals: '[subscription().subscriptionId]' },
        ],
      },
      then: {
        effect: "[parameters('effect')]",
        details: {
          type: 'Microsoft.Insights/privateLinkScopes/scopedResources',
          name: `[concat(split(${scope}, '/')[8], '/?')]`,
          existenceScope: 'resourceGroup',
          resourceGroupName: `[split(${scope}, '/')[4]]`,
          existenceCondition: {
            field: 'Microsoft.Insights/privateLinkScopes/scopedResources/linkedResourceId',
            equals: "[field('id')]",
          },
        },
      },
    },
  };
}

/** The policies, their initiative and the assignment's parameters, from the world after the plan. */
export function policyBundle({ world, amplsId }: PolicyExportInput): PolicyBundle {
  const regions = regionEndpoints(world, amplsId);
  const clusterRegions = new Map<string, number>();
  const subscriptions = new Set<string>();
  for (const cluster of world.clusters) {
    clusterRegions.set(cluster.region, (clusterRegions.get(cluster.region) ?? 0) + 1);
    subscriptions.add(cluster.id.subscriptionId.toLowerCase());
  }
  const location =
    [...clusterRegions.entries()].sort(([a, n], [b, m]) => m - n || compareNatural(a, b))[0]?.[0] ?? 'eastus';
  const definitions = [
    { name: POLICY_NAMES.association, properties: associationDefinition() },
    {
      name: POLICY_NAMES.endpointAccess,
      properties: accessDefinition({
        displayName: 'amplink: DCEs of the fleet refuse public network access',
        description:
          "Audits data collection endpoints in the fleet's regions that accept public network access: with private link, the agents reach them through the AMPLS (a DCE serving a cluster without a private path keeps it on, and is reported).",
        type: 'Microsoft.Insights/dataCollectionEndpoints',
        alias: 'Microsoft.Insights/dataCollectionEndpoints/networkAcls.publicNetworkAccess',
        regions: true,
      }),
    },
    {
      name: POLICY_NAMES.workspaceAccess,
      properties: accessDefinition({
        displayName: 'amplink: Log Analytics workspaces of the fleet refuse public ingestion',
        description:
          "Audits Log Analytics workspaces in the fleet's regions that accept ingestion from public networks (rule 4: they are reached through the AMPLS).",
        type: 'Microsoft.OperationalInsights/workspaces',
        alias: 'Microsoft.OperationalInsights/workspaces/publicNetworkAccessForIngestion',
        regions: true,
      }),
    },
    { name: POLICY_NAMES.scoped, properties: scopedDefinition() },
  ];
  const fleetRegions = [...clusterRegions.keys()].sort(compareNatural);
  const assignmentParameters = {
    configurationEndpoints: { value: Object.fromEntries(regions.map((r) => [r.region, r.deploy])) },
    acceptedEndpoints: { value: Object.fromEntries(regions.map((r) => [r.region, r.accepted])) },
    regions: { value: fleetRegions },
    privateLinkScopeId: { value: amplsId },
  };
  const passThrough = (names: readonly string[]) =>
    Object.fromEntries(names.map((n) => [n, { value: `[parameters('${n}')]` }]));
  const initiative = {
    name: POLICY_NAMES.initiative,
    properties: {
      displayName: 'amplink: Kubernetes monitoring through private link',
      description: `Keeps the fleet planned by amplink on the AMPLS ${parseResourceId(amplsId).name}: new clusters get the configuration DCE of their region; public access of DCEs and workspaces, and those left out of the AMPLS, are audited.`,
      metadata: { category: 'Monitoring', version: '1.0.0', source: 'amplink export --format policy' },
      parameters: {
        configurationEndpoints: { type: 'Object' },
        acceptedEndpoints: { type: 'Object' },
        regions: { type: 'Array' },
        privateLinkScopeId: { type: 'String' },
      },
      policyDefinitions: [
        {
          policyDefinitionReferenceId: 'configurationEndpoint',
          policyDefinitionId: definitionId(POLICY_NAMES.association),
          parameters: passThrough(['configurationEndpoints', 'acceptedEndpoints']),
        },
        {
          policyDefinitionReferenceId: 'endpointPublicAccess',
          policyDefinitionId: definitionId(POLICY_NAMES.endpointAccess),
          parameters: passThrough(['regions']),
        },
        {
          policyDefinitionReferenceId: 'workspacePublicIngestion',
          policyDefinitionId: definitionId(POLICY_NAMES.workspaceAccess),
          parameters: passThrough(['regions']),
        },
        {
          policyDefinitionReferenceId: 'scopedInAmpls',
          policyDefinitionId: definitionId(POLICY_NAMES.scoped),
          parameters: passThrough(['regions', 'privateLinkScopeId']),
        },
      ],
    },
  };
  return {
    regions,
    subscriptions: [...subscriptions].sort(),
    location,
    definitions,
    initiative,
    assignmentParameters,
  };
}
