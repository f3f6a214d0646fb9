import type { Plan, PlanAction } from '../../src/plan/types.js';

/** Every free-text field a plan can carry to an export, and every name that becomes part of an id. */
export interface PlanStrings {
  amplsGroup: string;
  amplsName: string;
  endpointGroup: string;
  endpointName: string;
  location: string;
  publicNetworkAccess: string;
  /** The DCE action's api-version (a plan file's, before the plan-file check). */
  apiVersion: string;
  tags: Record<string, string>;
  endpointDescription: string;
  clusterGroup: string;
  clusterName: string;
  arcGroup: string;
  arcName: string;
  associationDescription: string;
  updateDescription: string;
  existingEndpointGroup: string;
  existingEndpointName: string;
  workspaceGroup: string;
  workspaceName: string;
  /** Link names: to the new DCE, to the workspace. */
  linkNames: [string, string];
  /** Reasons of the five actions. */
  reasons: [string, string, string, string, string];
  /** What the association update replaces (shown in review comments). */
  replaced: string;
}

export const SUBSCRIPTION = '71b36fb6-4fe4-4664-9a7b-245dc62f2930';
export const OTHER_SUBSCRIPTION = '0b0c0d0e-1111-4222-8333-444455556666';
const API = '2024-03-11';

function group(subscription: string, name: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${name}`;
}

/**
 * A plan with every action kind an export writes (new DCE with tags and description, links to it and to a
 * workspace, a new association on an AKS cluster, an association update on an Arc cluster in another subscription),
 * every string taken from `s`.
 */
export function planOf(s: PlanStrings): Plan {
  const amplsId = `${group(SUBSCRIPTION, s.amplsGroup)}/providers/Microsoft.Insights/privateLinkScopes/${s.amplsName}`;
  const endpointId = `${group(SUBSCRIPTION, s.endpointGroup)}/providers/Microsoft.Insights/dataCollectionEndpoints/${s.endpointName}`;
  const existingEndpointId = `${group(OTHER_SUBSCRIPTION, s.existingEndpointGroup)}/providers/Microsoft.Insights/dataCollectionEndpoints/${s.existingEndpointName}`;
  const workspaceId = `${group(SUBSCRIPTION, s.workspaceGroup)}/providers/Microsoft.OperationalInsights/workspaces/${s.workspaceName}`;
  const clusterId = `${group(SUBSCRIPTION, s.clusterGroup)}/providers/Microsoft.ContainerService/managedClusters/${s.clusterName}`;
  const arcId = `${group(OTHER_SUBSCRIPTION, s.arcGroup)}/providers/Microsoft.Kubernetes/connectedClusters/${s.arcName}`;
  const association = (cluster: string): string =>
    `${cluster}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`;
  const common = { permissions: [], region: s.location, clusterCount: 1, clusters: [s.clusterName] };
  const links: PlanAction[] = [
    [s.linkNames[0], endpointId, s.reasons[1], [endpointId]] as const,
    [s.linkNames[1], workspaceId, s.reasons[2], []] as const,
  ].map(([name, linked, reason, dependsOn]) => ({
    ...common,
    kind: 'create',
    resourceType: 'Microsoft.Insights/privateLinkScopes/scopedResources',
    id: `${amplsId}/scopedResources/${name}`,
    apiVersion: '2021-07-01-preview',
    body: { properties: { linkedResourceId: linked } },
    rules: [1, 3],
    reason,
    dependsOn: [...dependsOn],
  }));
  const actions: PlanAction[] = [
    {
      ...common,
      kind: 'create',
      resourceType: 'Microsoft.Insights/dataCollectionEndpoints',
      id: endpointId,
      apiVersion: s.apiVersion,
      body: {
        location: s.location,
        tags: s.tags,
        properties: { description: s.endpointDescription, networkAcls: { publicNetworkAccess: s.publicNetworkAccess } },
      },
      rules: [1],
      reason: s.reasons[0],
      dependsOn: [],
    },
    ...links,
    {
      ...common,
      kind: 'create',
      resourceType: 'Microsoft.Insights/dataCollectionRuleAssociations',
      id: association(clusterId),
      apiVersion: API,
      body: { properties: { dataCollectionEndpointId: endpointId, description: s.associationDescription } },
      rules: [1],
      reason: s.reasons[3],
      dependsOn: [endpointId, links[0]?.id as string],
    },
    {
      ...common,
      kind: 'update',
      resourceType: 'Microsoft.Insights/dataCollectionRuleAssociations',
      id: association(arcId),
      apiVersion: API,
      body: { properties: { dataCollectionEndpointId: existingEndpointId, description: s.updateDescription } },
      current: { dataCollectionEndpointId: s.replaced },
      rules: [1],
      reason: s.reasons[4],
      dependsOn: [],
    },
  ];
  return {
    schemaVersion: 1,
    ampls: { id: amplsId, name: s.amplsName },
    actions,
    findings: [],
    summary: {
      status: 'changes',
      clusters: { inScope: 2, monitored: 2, notMonitored: 0, needingChanges: 2 },
      actions: { create: 4, update: 1, total: 5 },
      findings: { error: 0, warning: 0, info: 0 },
      regions: [],
    },
  };
}

/** Plain values for every field: the plan whose export shape a hostile plan's must equal. */
export function plainStrings(tagCount: number): PlanStrings {
  return {
    amplsGroup: 'rg-ampls',
    amplsName: 'ampls',
    endpointGroup: 'rg-dce',
    endpointName: 'dce',
    location: 'eastus',
    publicNetworkAccess: 'Disabled',
    apiVersion: API,
    tags: Object.fromEntries(Array.from({ length: tagCount }, (_, i) => [`k${i}`, `v${i}`])),
    endpointDescription: 'about the dce',
    clusterGroup: 'rg-aks',
    clusterName: 'aks',
    arcGroup: 'rg-arc',
    arcName: 'arc',
    associationDescription: 'about the association',
    updateDescription: 'about the update',
    existingEndpointGroup: 'rg-old',
    existingEndpointName: 'old-dce',
    workspaceGroup: 'rg-law',
    workspaceName: 'law',
    linkNames: ['link-dce', 'link-law'],
    reasons: ['r0', 'r1', 'r2', 'r3', 'r4'],
    replaced: 'before',
  };
}
