import { idKey } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { ExportAction } from './actions.js';

/** Bicep and ARM deploy one resource group per module / nested deployment; this groups the actions so. */
export interface Deployment {
  subscriptionId: string;
  resourceGroup: string;
  /** Unique and stable: the file name stem and the deployment name. */
  name: string;
  actions: ExportAction[];
  /** Names of the deployments whose actions this one's actions depend on. */
  dependsOn: string[];
}

/** api-versions for `existing` references; the emulator's arm/resource-types.ts cites the stable spec folders. */
export const EXISTING_API_VERSIONS: Record<string, string> = {
  [RESOURCE_TYPES.managedCluster.toLowerCase()]: '2024-09-01',
  [RESOURCE_TYPES.connectedCluster.toLowerCase()]: '2024-01-01',
  [RESOURCE_TYPES.privateLinkScope.toLowerCase()]: '2021-09-01',
  [RESOURCE_TYPES.firewallPolicy.toLowerCase()]: '2023-09-01',
};

export function existingApiVersion(type: string): string {
  return EXISTING_API_VERSIONS[type.toLowerCase()] ?? '2021-04-01';
}

const DEPLOYMENT_NAME_MAX = 64;

export function groupDeployments(actions: ExportAction[]): Deployment[] {
  const byKey = new Map<string, Deployment>();
  for (const entry of actions) {
    const key = `${entry.subscriptionId}/${entry.resourceGroup}`.toLowerCase();
    let deployment = byKey.get(key);
    if (!deployment) {
      deployment = {
        subscriptionId: entry.subscriptionId,
        resourceGroup: entry.resourceGroup,
        name: '',
        actions: [],
        dependsOn: [],
      };
      byKey.set(key, deployment);
    }
    deployment.actions.push(entry);
  }
  const deployments = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, deployment]) => deployment);
  const groupCount = new Map<string, number>();
  for (const d of deployments)
    groupCount.set(d.resourceGroup.toLowerCase(), (groupCount.get(d.resourceGroup.toLowerCase()) ?? 0) + 1);
  for (const d of deployments) {
    const unique = (groupCount.get(d.resourceGroup.toLowerCase()) ?? 0) === 1;
    const stem = unique ? d.resourceGroup : `${d.resourceGroup}-${d.subscriptionId.slice(0, 8)}`;
    d.name = `amplink-${stem.replace(/[^A-Za-z0-9_.-]/g, '-')}`.slice(0, DEPLOYMENT_NAME_MAX);
  }
  const owner = new Map<string, Deployment>();
  for (const d of deployments) for (const entry of d.actions) owner.set(entry.id.key, d);
  for (const d of deployments) {
    const needs = new Set<string>();
    for (const entry of d.actions) {
      for (const dependency of entry.action.dependsOn) {
        const other = owner.get(idKey(dependency));
        if (other && other !== d) needs.add(other.name);
      }
    }
    d.dependsOn = [...needs].sort();
  }
  return deployments;
}

/** Ids of actions in the same deployment that this action depends on (plan dependsOn, plus the previous AMPLS link). */
export function localDependencies(deployment: Deployment, entry: ExportAction): ExportAction[] {
  const here = new Map(deployment.actions.map((a) => [a.id.key, a]));
  const result: ExportAction[] = [];
  for (const dependency of entry.action.dependsOn) {
    const local = here.get(idKey(dependency));
    if (local) result.push(local);
  }
  const previous = previousLink(deployment, entry);
  if (previous && !result.includes(previous)) result.push(previous);
  return result;
}

/** Writes to one AMPLS must not overlap (409 "Cannot modify resource while in provisioning state"): chain them. */
function previousLink(deployment: Deployment, entry: ExportAction): ExportAction | undefined {
  if (entry.type !== 'link') return undefined;
  const links = deployment.actions.filter((a) => a.type === 'link' && a.scope.key === entry.scope.key);
  const index = links.indexOf(entry);
  return index > 0 ? links[index - 1] : undefined;
}
