import type { Severity } from '../plan/types.js';
import { padStyled, severityStyle, type Style } from './style.js';
import { count, wrap } from './text.js';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings of one code: a fleet of thousands has thousands of the same finding, each about another cluster. */
export interface CodeGroup<F> {
  code: string;
  severity: Severity;
  findings: F[];
}

/** Grouped by code, errors first, then in the order the findings came (the checks' own order). */
export function groupByCode<F extends { code: string; severity: Severity }>(findings: readonly F[]): CodeGroup<F>[] {
  const groups = new Map<string, CodeGroup<F>>();
  for (const finding of findings) {
    // A code has one severity, except plan codes that verify passes through with its own: kept apart.
    const key = `${finding.code}\u0000${finding.severity}`;
    const group = groups.get(key) ?? { code: finding.code, severity: finding.severity, findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group, order) => ({ group, order }))
    .sort((a, b) => SEVERITY_ORDER[a.group.severity] - SEVERITY_ORDER[b.group.severity] || a.order - b.order)
    .map(({ group }) => group);
}

/** A fix said once for a group: when the findings' fixes differ (each names its own cluster), the first one's. */
export function groupFix(fixes: readonly (string | undefined)[]): { fix: string; same: boolean } | undefined {
  const given = fixes.filter((f): f is string => f !== undefined);
  const [first] = given;
  if (first === undefined) return undefined;
  return { fix: first, same: given.every((f) => f === first) };
}

/** The first line of a collapsed group, the same in plan and verify: severity, code, how many, one example. */
export function groupHeadline<F extends { message: string }>(group: CodeGroup<F>, style: Style): string {
  const severity = padStyled(group.severity, 7, severityStyle(style, group.severity));
  const example = group.findings[0]?.message ?? '';
  return wrap(
    `${severity} ${group.code} ${style.bold(`× ${count(group.findings.length)}`)}, e.g.: ${example}`,
    118,
    '  ',
  );
}
