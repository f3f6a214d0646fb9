import type { ArmResource } from '../model/resources.js';
import { nameSome } from './findings.js';

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
  key: string;
  label: string;
  name: string;
  region: string;
  /** Id of the plan action that creates the resource, when it does not exist yet. */
  createdBy: string | undefined;
  roles: Map<string, { role: LinkRole; clusters: Set<string> }>;
  clusterIds: Set<string>;
}

export interface LinkTarget {
  resource: Pick<ArmResource, 'id' | 'key' | 'name'>;
  label: string;
  region: string;
  createdBy?: string;
}

/** Every resource the selected clusters need in the AMPLS, with each reason (rule) and the clusters behind it. */
export class LinkNeeds {
  private readonly needs = new Map<string, LinkNeed>();

  add(target: LinkTarget, role: LinkRole, clusterId: string, clusterName: string): void {
    let need = this.needs.get(target.resource.key);
    if (need === undefined) {
      need = {
        resourceId: target.resource.id,
        key: target.resource.key,
        label: target.label,
        name: target.resource.name,
        region: target.region,
        createdBy: target.createdBy,
        roles: new Map(),
        clusterIds: new Set(),
      };
      this.needs.set(target.resource.key, need);
    }
    let entry = need.roles.get(role.key);
    if (entry === undefined) {
      entry = { role, clusters: new Set() };
      need.roles.set(role.key, entry);
    }
    entry.clusters.add(clusterName);
    need.clusterIds.add(clusterId);
  }

  sorted(): LinkNeed[] {
    return [...this.needs.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

export function rulesOf(need: LinkNeed): number[] {
  return [...new Set([...need.roles.values()].map((r) => r.role.rule))].sort((a, b) => a - b);
}

export function describeRoles(need: LinkNeed): string {
  return [...need.roles.values()]
    .sort((a, b) => a.role.rule - b.role.rule || (a.role.key < b.role.key ? -1 : 1))
    .map(({ role, clusters }) => `${role.describe(nameSome([...clusters].sort()))} (rule ${role.rule})`)
    .join('; and the ');
}
