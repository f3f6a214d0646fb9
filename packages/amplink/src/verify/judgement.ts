import type { FindingSet } from './finding-set.js';
import type { ClusterReason, ClusterVerdict, VerifyFinding } from './types.js';
import { warningTwin, type TwinnableCode } from '../model/codes.js';

/** The signals a cause stops. */
export type Signals = 'metrics' | 'logs' | 'both';

/**
 * A finding about one cluster before its severity is known: the cluster's verdict decides it. Its code has a registered
 * warning twin, the code it gets when it stops none of the cluster's data.
 */
export type ClusterFindingTemplate = Omit<VerifyFinding, 'clusters' | 'fixActions' | 'code'> & {
  code: TwinnableCode;
  fixActions?: string[];
};

/** A problem seen on one cluster, waiting for the verdict to say whether it stops that cluster's data. */
export interface Problem {
  readonly template: ClusterFindingTemplate;
  /** The table's line for it, if any: its code follows the finding's (error or warning twin). */
  readonly reason: ClusterReason | undefined;
  /** It is why the cluster goes over the public internet: it stops data when a public-path cause does. */
  readonly keepsPublic: boolean;
  stops: boolean;
}

/**
 * Why a finding about a cluster is a warning rather than an error: the problem is real, but it stops none of that
 * cluster's data today (the cluster does not reach Azure Monitor through the AMPLS, so a private link prerequisite is
 * not yet in its way).
 */
const LATENT =
  ' It stops no data yet: these clusters do not send through the AMPLS (see their route); once they do, it will.';
const PUBLIC = ' It stops none of their data today: it goes over the public internet instead of through the AMPLS.';

/**
 * One cluster's verdict and the problems behind it, computed once: the table shows the verdict, and each problem
 * becomes an error finding naming the cluster only if it stops one of the cluster's signals (else its warning twin).
 * So a cluster shown `ok ok` is never named by an error finding, and a broken signal always has one.
 */
export class ClusterJudgement {
  private readonly problems: Problem[] = [];
  private publicPathStopped = false;

  constructor(readonly verdict: ClusterVerdict) {}

  /**
   * Records a problem about this cluster; it stops nothing until `stops` names it as a cause. `reason`: the table line
   * that shows it (given to `stops` or `note`), whose code becomes the warning twin's when the problem stops nothing.
   */
  problem(template: ClusterFindingTemplate, options: { reason?: ClusterReason; keepsPublic?: boolean } = {}): Problem {
    const problem: Problem = {
      template,
      reason: options.reason,
      keepsPublic: options.keepsPublic ?? false,
      stops: false,
    };
    this.problems.push(problem);
    return problem;
  }

  /**
   * The signals stop: the verdict says broken (a signal that is off stays off), the reason is shown, and each cause
   * that stopped a collected signal becomes an error finding. `publicPath`: stopped on the way over the internet, so
   * what keeps the cluster off private link is a cause too.
   */
  stops(
    signals: Signals,
    reason: ClusterReason | undefined,
    causes: readonly Problem[],
    options: { publicPath?: boolean } = {},
  ): void {
    let stopped = false;
    for (const signal of ['metrics', 'logs'] as const) {
      if (signals !== 'both' && signals !== signal) continue;
      if (this.verdict[signal] === 'off') continue;
      this.verdict[signal] = 'broken';
      stopped = true;
    }
    if (reason && !this.verdict.reasons.includes(reason)) this.verdict.reasons.push(reason);
    if (!stopped) return;
    for (const cause of causes) cause.stops = true;
    if (options.publicPath) this.publicPathStopped = true;
  }

  /** Not enough is known: a signal that looked ok is unknown. */
  unknown(signals: Signals, reason: ClusterReason): void {
    for (const signal of ['metrics', 'logs'] as const) {
      if ((signals === 'both' || signals === signal) && this.verdict[signal] === 'ok') this.verdict[signal] = 'unknown';
    }
    if (!this.verdict.reasons.includes(reason)) this.verdict.reasons.push(reason);
  }

  /** A line in the table that changes no signal. */
  note(reason: ClusterReason): void {
    this.verdict.reasons.push(reason);
  }

  /** The findings, now that the verdict is final. */
  emit(findings: FindingSet): void {
    const clusterId = this.verdict.id;
    for (const problem of this.problems) {
      const { template } = problem;
      const stops = problem.stops || (problem.keepsPublic && this.publicPathStopped);
      if (template.severity !== 'error' || stops) {
        findings.add({ ...template, clusters: [clusterId] });
        continue;
      }
      const code = warningTwin(template.code);
      if (problem.reason && problem.reason.code === template.code) problem.reason.code = code;
      // The agents log nothing about it yet, so no agents' message is quoted.
      const { agentError: _notYet, ...quiet } = template;
      findings.add({
        ...quiet,
        code,
        severity: 'warning',
        message: template.message + (problem.keepsPublic ? PUBLIC : LATENT),
        clusters: [clusterId],
      });
    }
  }
}
