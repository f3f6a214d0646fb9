import { AmplinkError } from '../model/errors.js';
import { compareNatural } from '../model/natural-order.js';
import { idKey, parseResourceId } from '../model/resource-id.js';
import { Topology } from '../model/topology.js';
import { worldAfter } from '../plan/simulate.js';
import { parseResources } from '../model/parse-resources.js';
import type { Plan } from '../plan/types.js';
import { RESOURCE_GROUP_TEMPLATE_SCHEMA, SUBSCRIPTION_TEMPLATE_SCHEMA } from './arm.js';
import { BicepExpression, writeObject } from './bicep.js';
import { CodeWriter } from './writer.js';
import { bashSingleQuoted as shellQuote } from './escape.js';
import type { ExportFile } from './types.js';

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
const POLICY_API_VERSION = '2025-11-01';
const ROLE_ASSIGNMENT_API_VERSION = '2022-04-01';
const ASSOCIATION_API_VERSION = '2024-03-11';
const CLUSTER_TYPES = ['Microsoft.ContainerService/managedClusters', 'Microsoft.Kubernetes/connectedClusters'];

const ASSIGNMENT_DISPLAY_NAME = 'amplink: Kubernetes monitoring through private link';

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

/** Subscriptions whose DCEs the policy associates: the identity must be allowed to read them there too. */
function endpointScopes(bundle: PolicyBundle): string[] {
  const groups = new Set<string>();
  for (const region of bundle.regions) {
    const id = parseResourceId(region.deploy);
    if (id.resourceGroup !== undefined) {
      groups.add(`/subscriptions/${id.subscriptionId}/resourceGroups/${id.resourceGroup}`);
    }
  }
  return [...groups].sort(compareNatural);
}

/** One subscription's deployment: the definitions, the initiative, its assignment with an identity, and its role. */
export function policyTemplate(bundle: PolicyBundle): Record<string, unknown> {
  const definitionResources = bundle.definitions.map((d) => ({
    type: 'Microsoft.Authorization/policyDefinitions',
    apiVersion: POLICY_API_VERSION,
    name: d.name,
    properties: { policyType: 'Custom', ...d.properties },
  }));
  const initiativeId = `[subscriptionResourceId('Microsoft.Authorization/policySetDefinitions', '${POLICY_NAMES.initiative}')]`;
  const assignmentId = `[subscriptionResourceId('Microsoft.Authorization/policyAssignments', '${POLICY_NAMES.assignment}')]`;
  // ARM evaluates `[...]` in every string of a template: the policy's own expressions must reach Azure Policy as text.
  const escaped = (value: unknown): unknown => escapeExpressions(value);
  return {
    $schema: SUBSCRIPTION_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      ...definitionResources.map((r) => ({ ...r, properties: escaped(r.properties) })),
      {
        type: 'Microsoft.Authorization/policySetDefinitions',
        apiVersion: POLICY_API_VERSION,
        name: POLICY_NAMES.initiative,
        dependsOn: definitionResources.map((r) => definitionId(r.name)),
        properties: {
          policyType: 'Custom',
          ...(escaped(bundle.initiative.properties) as Record<string, unknown>),
          // Resolved by ARM, not by Azure Policy: the definitions' ids in this subscription.
          policyDefinitions: (
            bundle.initiative.properties['policyDefinitions'] as { policyDefinitionId: string }[]
          ).map((p) => ({ ...(escaped(p) as Record<string, unknown>), policyDefinitionId: p.policyDefinitionId })),
        },
      },
      {
        type: 'Microsoft.Authorization/policyAssignments',
        apiVersion: POLICY_API_VERSION,
        name: POLICY_NAMES.assignment,
        location: bundle.location,
        dependsOn: [initiativeId],
        identity: { type: 'SystemAssigned' },
        properties: {
          displayName: ASSIGNMENT_DISPLAY_NAME,
          policyDefinitionId: initiativeId,
          parameters: escaped(bundle.assignmentParameters),
        },
      },
      {
        type: 'Microsoft.Authorization/roleAssignments',
        apiVersion: ROLE_ASSIGNMENT_API_VERSION,
        name: `[guid(subscription().id, '${POLICY_NAMES.assignment}', '${MONITORING_CONTRIBUTOR}')]`,
        dependsOn: [assignmentId],
        properties: {
          roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${MONITORING_CONTRIBUTOR}')]`,
          principalId: `[reference(${assignmentId.slice(1, -1)}, '${POLICY_API_VERSION}', 'full').identity.principalId]`,
          principalType: 'ServicePrincipal',
        },
      },
    ],
    outputs: {
      principalId: {
        type: 'string',
        value: `[reference(${assignmentId.slice(1, -1)}, '${POLICY_API_VERSION}', 'full').identity.principalId]`,
      },
    },
  };
}

/**
 * The same deployment as Bicep. Bicep strings are literals (the compiler escapes a leading `[` itself), so the policy's
 * own expressions are written as they are; only the references between the resources are Bicep expressions.
 */
export function policyBicep(bundle: PolicyBundle): string {
  const w = new CodeWriter('//');
  w.comment(
    'amplink policy: keeps new clusters on private link (the plan fixes the fleet now; the policy keeps it so). Deploy to each subscription of the fleet: az deployment sub create --location ' +
      `${bundle.location} --template-file policy.bicep; policy.sh does the same with policy.json and grants the roles outside the subscription.`,
  );
  w.line("targetScope = 'subscription'");
  const symbols = new Map<string, string>();
  const resource = (symbol: string, type: string, apiVersion: string, body: Record<string, unknown>) => {
    w.line('');
    w.line(`resource ${symbol} '${type}@${apiVersion}' = {`);
    w.indent(() => writeObject(w, body));
    w.line('}');
  };
  bundle.definitions.forEach((d, i) => {
    const symbol = `definition${i + 1}`;
    symbols.set(definitionId(d.name), symbol);
    resource(symbol, 'Microsoft.Authorization/policyDefinitions', POLICY_API_VERSION, {
      name: d.name,
      properties: { policyType: 'Custom', ...d.properties },
    });
  });
  const references = bundle.initiative.properties['policyDefinitions'] as { policyDefinitionId: string }[];
  resource('initiative', 'Microsoft.Authorization/policySetDefinitions', POLICY_API_VERSION, {
    name: bundle.initiative.name,
    properties: {
      policyType: 'Custom',
      ...bundle.initiative.properties,
      policyDefinitions: references.map((r) => {
        const symbol = symbols.get(r.policyDefinitionId);
        if (symbol === undefined) {
          throw new AmplinkError({
            code: 'AMPL_INTERNAL_E0001',
            message: `The policy initiative refers to ${r.policyDefinitionId}, which the export did not write.`,
            fix: 'Run again with --debug and report it: this is a bug in amplink.',
            fault: 'tool',
          });
        }
        return { ...r, policyDefinitionId: new BicepExpression(`${symbol}.id`) };
      }),
    },
  });
  resource('assignment', 'Microsoft.Authorization/policyAssignments', POLICY_API_VERSION, {
    name: POLICY_NAMES.assignment,
    location: bundle.location,
    identity: { type: 'SystemAssigned' },
    properties: {
      displayName: ASSIGNMENT_DISPLAY_NAME,
      policyDefinitionId: new BicepExpression('initiative.id'),
      parameters: bundle.assignmentParameters,
    },
  });
  resource('role', 'Microsoft.Authorization/roleAssignments', ROLE_ASSIGNMENT_API_VERSION, {
    name: new BicepExpression(`guid(subscription().id, '${POLICY_NAMES.assignment}', '${MONITORING_CONTRIBUTOR}')`),
    properties: {
      roleDefinitionId: new BicepExpression(
        `subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${MONITORING_CONTRIBUTOR}')`,
      ),
      principalId: new BicepExpression('assignment.identity.principalId'),
      principalType: 'ServicePrincipal',
    },
  });
  w.line('');
  w.line('output principalId string = assignment.identity.principalId');
  return w.toString();
}

/** `[x]` → `[[x]`: ARM's escape for a string that starts with `[` and is not its expression. */
function escapeExpressions(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('[') && value.endsWith(']') ? `[${value}` : value;
  if (Array.isArray(value)) return value.map(escapeExpressions);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeExpressions(v)]));
  }
  return value;
}

/** The same as az commands: the deployment per subscription, then the roles the identity needs outside it. */
export function policyScript(bundle: PolicyBundle): string {
  const w = new CodeWriter('#');
  w.line('#!/usr/bin/env bash');
  w.line(
    '# amplink policy: keeps new clusters on private link (the plan fixes the fleet now; the policy keeps it so).',
  );
  w.line('# Deploys policy.json (beside this script) to each subscription of the fleet, then grants the');
  w.line("# assignment's identity read access to the configuration DCEs that live outside that subscription.");
  w.line('set -euo pipefail');
  w.line('here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"');
  const outside = endpointScopes(bundle);
  for (const subscription of bundle.subscriptions) {
    w.line('');
    w.line(`principal="$(az deployment sub create --subscription ${shellQuote(subscription)} \\`);
    w.line(`  --name amplink-policy --location ${shellQuote(bundle.location)} \\`);
    w.line('  --template-file "$here/policy.json" --query properties.outputs.principalId.value -o tsv)"');
    for (const scope of outside.filter((s) => !s.toLowerCase().startsWith(`/subscriptions/${subscription}/`))) {
      w.line(
        `az role assignment create --assignee-object-id "$principal" --assignee-principal-type ServicePrincipal --role ${MONITORING_CONTRIBUTOR} --scope ${shellQuote(scope)}`,
      );
    }
    w.line(
      `az policy remediation create --subscription ${shellQuote(subscription)} --name amplink-existing-clusters --policy-assignment ${POLICY_NAMES.assignment} --definition-reference-id configurationEndpoint`,
    );
  }
  return w.toString();
}

/** The policy files for a fleet and its plan: what the policy keeps is the world once the plan is applied. */
export function exportPolicyFiles(input: { topology: Topology; plan: Plan; amplsId: string }): ExportFile[] {
  const before = input.topology.resources.map((r) => r.raw as Record<string, unknown>);
  const world = new Topology(parseResources(worldAfter(before, input.plan), 'the world after the plan'));
  const bundle = policyBundle({ world, amplsId: input.amplsId });
  return [
    { name: 'policy.json', content: JSON.stringify(policyTemplate(bundle), null, 2) + '\n' },
    { name: 'policy.bicep', content: policyBicep(bundle) },
    { name: 'policy.sh', content: policyScript(bundle) },
  ];
}
