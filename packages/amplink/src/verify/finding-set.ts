import { sameId } from '../model/resource-id.js';
import { compareKeys } from '../plan/findings.js';
import type { VerifyFinding } from './types.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Findings merged by code and first resource: one finding per broken thing, naming every cluster it breaks,
 * so that output grows with the problems, not with the fleet.
 */
export class FindingSet {
  private readonly byKey = new Map<string, VerifyFinding>();

  add(
    finding: Omit<VerifyFinding, 'clusters' | 'fixActions'> & Partial<Pick<VerifyFinding, 'clusters' | 'fixActions'>>,
  ): void {
    const key = `${finding.code}|${(finding.resources[0] ?? '').toLowerCase()}`;
    const existing = this.byKey.get(key);
    if (existing === undefined) {
      this.byKey.set(key, {
        ...finding,
        clusters: [...new Set(finding.clusters ?? [])],
        fixActions: [...new Set(finding.fixActions ?? [])],
      });
      return;
    }
    for (const c of finding.clusters ?? []) if (!existing.clusters.includes(c)) existing.clusters.push(c);
    for (const a of finding.fixActions ?? []) if (!existing.fixActions.includes(a)) existing.fixActions.push(a);
    for (const r of finding.resources) if (!existing.resources.some((x) => sameId(x, r))) existing.resources.push(r);
  }

  sorted(): VerifyFinding[] {
    return [...this.byKey.values()]
      .map((f) => ({ ...f, clusters: [...f.clusters].sort(compareKeys) }))
      .sort(
        (a, b) =>
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
          (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
          compareKeys(a.resources[0] ?? '', b.resources[0] ?? ''),
      );
  }
}
