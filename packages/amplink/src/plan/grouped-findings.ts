import { nameSomeInOrder } from './findings.js';
import type { Finding } from './types.js';

/**
 * Findings about one missing or broken resource that many clusters share are reported once,
 * naming a few of the clusters, so that a fleet of thousands gives a readable list.
 */
export class GroupedFindings {
  private readonly groups = new Map<string, { build: (clusters: string) => Finding; clusters: Set<string> }>();

  add(code: string, resourceId: string, clusterName: string, build: (clusters: string) => Finding): void {
    const key = `${code}|${resourceId.toLowerCase()}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { build, clusters: new Set() };
      this.groups.set(key, group);
    }
    group.clusters.add(clusterName);
  }

  findings(): Finding[] {
    return [...this.groups.values()].map((g) => g.build(nameSomeInOrder([...g.clusters])));
  }
}
