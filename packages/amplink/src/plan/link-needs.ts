import type { ResourceId } from '../model/resource-id.js';
import type { ArmResource } from '../model/resources.js';
import { nameSomeInOrder } from './findings.js';

/** One reason a resource must be in the AMPLS, shared by every cluster it serves. */
export interface LinkRole {
  /** Same key, same role: clusters accumulate under it. */
  key: string;
  rule: number;
  /** Phrase completing "<resource> is the ...", given the names of the clusters concerned. */
  describe: (clusterNames: string) => string;
}

export interface LinkNeed {
  resourceId: string;
  /** The id as read with the resource (parsed once); undefined for a resource the plan creates. */
  parsedId: ResourceId | undefined;
  key: string;
  label: string;
  name: string;
  region: string;
  /** Id of the plan action that creates the resource, when it does not exist yet. */
  createdBy: string | undefined;
  /** A few roles at most, so a list; clusters in the order they were added, each once per role. */
  roles: { role: LinkRole; clusters: string[] }[];
  /** Ids of the clusters served, as added (a cluster may appear once per role): see `clustersOf`. */
  clusterIds: string[];
}

export interface LinkTarget {
  resource: Pick<ArmResource, 'id' | 'key' | 'name'> & { resourceId?: ResourceId };
  label: string;
  region: string;
  createdBy?: string;
}

/** Every resource the selected clusters need in the AMPLS, with each reason (rule) and the clusters behind it. */
export class LinkNeeds {
  private readonly needs = new Map<string, LinkNeed>();

  add(target: LinkTarget, role: LinkRole, clusterId: string, clusterName: string): void {
    const entry = this.role(target, role);
    // Clusters are planned one after another, so a repeat (a cluster with two rules to one workspace) is the last one:
    // lists stay free of duplicates without a Set per need, which matters with 100,000 clusters.
    if (entry.clusters[entry.clusters.length - 1] !== clusterName) entry.clusters.push(clusterName);
    const need = this.needs.get(target.resource.key) as LinkNeed;
    if (need.clusterIds[need.clusterIds.length - 1] !== clusterId) need.clusterIds.push(clusterId);
  }

  /** A need no cluster brings (remote write from a site outside Azure). */
  addForSite(target: LinkTarget, role: LinkRole): void {
    this.role(target, role);
  }

  private role(target: LinkTarget, role: LinkRole): { role: LinkRole; clusters: string[] } {
    let need = this.needs.get(target.resource.key);
    if (need === undefined) {
      need = {
        resourceId: target.resource.id,
        parsedId: target.resource.resourceId,
        key: target.resource.key,
        label: target.label,
        name: target.resource.name,
        region: target.region,
        createdBy: target.createdBy,
        roles: [],
        clusterIds: [],
      };
      this.needs.set(target.resource.key, need);
    }
    let entry = need.roles.find((r) => r.role.key === role.key);
    if (entry === undefined) {
      entry = { role, clusters: [] };
      need.roles.push(entry);
    }
    return entry;
  }

  sorted(): LinkNeed[] {
    return [...this.needs.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/** The clusters a need serves, each once. */
export function clustersOf(need: LinkNeed): readonly string[] {
  return need.roles.length === 1 ? need.clusterIds : [...new Set(need.clusterIds)];
}

export function rulesOf(need: LinkNeed): number[] {
  return [...new Set(need.roles.map((r) => r.role.rule))].sort((a, b) => a - b);
}

export function describeRoles(need: LinkNeed): string {
  return [...need.roles]
    .sort((a, b) => a.role.rule - b.role.rule || (a.role.key < b.role.key ? -1 : 1))
    .map(({ role, clusters }) => `${role.describe(nameSomeInOrder(clusters))} (rule ${role.rule})`)
    .join('; and the ');
}
