import { sameId } from '../model/resource-id.js';
import { compareKeys } from '../plan/findings.js';
import type { VerifyFinding } from './types.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Findings merged by code and first resource: one finding per broken thing, naming every cluster it breaks,
 * so that output grows with the problems, not with the fleet. The clusters the plan fixes and those it does not are
 * two findings: merged, a cluster no action reaches would count as fixed (missing zones fixed only in the VNets the
 * plan links them to).
 */
export class FindingSet {
  private readonly byKey = new Map<string, VerifyFinding>();
  /** The clusters and fix actions each finding holds, for membership: a finding can name every cluster of a fleet. */
  private readonly members = new Map<VerifyFinding, { clusters: Set<string>; fixActions: Set<string> }>();

  add(
    finding: Omit<VerifyFinding, 'clusters' | 'fixActions'> & Partial<Pick<VerifyFinding, 'clusters' | 'fixActions'>>,
  ): void {
    const planned = (finding.fixActions?.length ?? 0) > 0;
    const key = `${finding.code}|${planned ? 'plan' : 'manual'}|${(finding.resources[0] ?? '').toLowerCase()}`;
    const existing = this.byKey.get(key);
    if (existing === undefined) {
      const clusters = new Set(finding.clusters ?? []);
      const fixActions = new Set(finding.fixActions ?? []);
      const added = { ...finding, clusters: [...clusters], fixActions: [...fixActions] };
      this.byKey.set(key, added);
      this.members.set(added, { clusters, fixActions });
      return;
    }
    const members = this.members.get(existing) as { clusters: Set<string>; fixActions: Set<string> };
    for (const c of finding.clusters ?? []) addNew(members.clusters, existing.clusters, c);
    for (const a of finding.fixActions ?? []) addNew(members.fixActions, existing.fixActions, a);
    for (const r of finding.resources) if (!existing.resources.some((x) => sameId(x, r))) existing.resources.push(r);
  }

  sorted(): VerifyFinding[] {
    return [...this.byKey.values()]
      .map((f) => ({ ...f, clusters: [...f.clusters].sort(compareKeys) }))
      .sort(
        (a, b) =>
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
          (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
          compareKeys(a.resources[0] ?? '', b.resources[0] ?? '') ||
          Number(b.fixActions.length > 0) - Number(a.fixActions.length > 0),
      );
  }
}

function addNew(seen: Set<string>, list: string[], item: string): void {
  if (seen.has(item)) return;
  seen.add(item);
  list.push(item);
}
