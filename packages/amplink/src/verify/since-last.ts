import type { Severity } from '../plan/types.js';
import { isDnsBroken } from './probes/dns.js';
import type { LiveResult } from './probes/types.js';
import type { VerifyResult } from './types.js';

/**
 * What one verify run found, kept so that the next run can tell what is new: a scheduled check should wake someone
 * for a cluster that broke since yesterday, not every day for a fleet's known, accepted problems.
 */
export interface VerifyBaseline {
  schemaVersion: 1;
  /** When the run was made (ISO 8601), to say "since <time>". */
  madeAt: string;
  problems: BaselineProblem[];
}

export interface BaselineProblem {
  /** What makes two runs' problems the same one: the code (or the live signal) and the resources, case-folded. */
  key: string;
  /** A finding's code, or `live` for a probe that failed. */
  code: string;
  severity: Severity;
  /** One line for a person. */
  summary: string;
}

export interface SinceLast {
  /** When the run compared with was made; undefined: there was none, and every problem counts as new. */
  lastMadeAt: string | undefined;
  /**
   * Problems the last run did not have. A problem that got worse is one of them: a worse state of a cluster is
   * another finding code (a warning that became an error) or a probe that now fails.
   */
  added: BaselineProblem[];
  /** Problems of the last run that are gone. */
  resolved: BaselineProblem[];
  unchanged: number;
}

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** The problems of a run, as the next run will compare with them. */
export function baselineOf(verify: VerifyResult, live: LiveResult | undefined, madeAt: Date): VerifyBaseline {
  const problems = new Map<string, BaselineProblem>();
  for (const finding of verify.findings) {
    const subject = [...new Set(finding.resources.map((r) => r.toLowerCase()))].sort().join(' ');
    const key = `${finding.code} ${subject}`;
    problems.set(key, { key, code: finding.code, severity: finding.severity, summary: finding.message });
  }
  for (const probe of live?.clusters ?? []) {
    for (const [signal, outcome] of [
      ['metrics', probe.metrics],
      ['logs', probe.logs],
    ] as const) {
      if (outcome.status !== 'fail') continue;
      const key = `live ${signal} ${probe.id.toLowerCase()}`;
      problems.set(key, {
        key,
        code: 'live',
        severity: 'error',
        summary: `${signal} of cluster ${probe.name} did not arrive: ${outcome.detail}`,
      });
    }
  }
  for (const dns of live?.dns ?? []) {
    if (!isDnsBroken(dns)) continue;
    const key = `live dns ${dns.host.toLowerCase()}`;
    problems.set(key, { key, code: 'live', severity: 'error', summary: `${dns.host} (${dns.use}): ${dns.detail}` });
  }
  return {
    schemaVersion: 1,
    madeAt: madeAt.toISOString(),
    problems: [...problems.values()].sort((a, b) => a.key.localeCompare(b.key)),
  };
}

/** This run against the last one. */
export function compareWithLast(last: VerifyBaseline | undefined, now: VerifyBaseline): SinceLast {
  const before = new Map((last?.problems ?? []).map((p) => [p.key, p]));
  const current = new Set(now.problems.map((p) => p.key));
  return {
    lastMadeAt: last?.madeAt,
    added: now.problems.filter((p) => !before.has(p.key)),
    resolved: [...before.values()].filter((p) => !current.has(p.key)),
    unchanged: now.problems.filter((p) => before.has(p.key)).length,
  };
}

/** Whether the comparison should fail a scheduled check: a new error or warning (new information does not). */
export function sinceLastFails(since: SinceLast): boolean {
  return since.added.some((p) => RANK[p.severity] >= RANK.warning);
}
