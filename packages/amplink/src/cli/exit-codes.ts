import { colorWanted } from './color.js';
import { AmplinkError, isAmplinkError } from '../model/errors.js';
import { liveFailed } from '../verify/probes/live-failed.js';
import { sinceLastFails } from '../verify/since-last.js';
import type { ApplyFleetResult } from '../workflows/apply-fleet.js';
import type { DemoResult } from '../workflows/demo.js';
import type { PermissionsResult, PlanFleetResult } from '../workflows/plan-fleet.js';
import type { VerifyFleetResult } from '../workflows/verify-fleet.js';

/** Exit codes, set in this one place (like `terraform plan -detailed-exitcode`, plus verify's own). */
export const EXIT = {
  /** Nothing needs changing / the command did what was asked. */
  ok: 0,
  /** Bad input, a refusal from Azure, a blocked plan, or a bug: the message says which. */
  error: 1,
  /** `plan`: the plan has changes. */
  changes: 2,
  /** `verify`: at least one error finding. */
  findings: 3,
  /** Stopped by SIGINT (Ctrl-C) or SIGTERM, as shells report it: 128 + the signal's number. */
  interrupted: 130,
  terminated: 143,
} as const;

export type WorkflowResult = PlanFleetResult | PermissionsResult | VerifyFleetResult | ApplyFleetResult | DemoResult;

/** The exit code of a command that ran to its end, from what its workflow found (a thrown error is EXIT.error). */
export function exitCodeFor(result: WorkflowResult): number {
  switch (result.kind) {
    case 'plan':
      if (result.plan.summary.status === 'blocked') return EXIT.error;
      // A plan waiting for Azure (a link still Creating) has not converged: like changes, it asks to run again.
      return result.plan.summary.status === 'converged' ? EXIT.ok : EXIT.changes;
    case 'permissions':
      return EXIT.ok;
    case 'verify':
      // Compared with the last run, only what is new wakes someone: known problems were reported then.
      if (result.sinceLast !== undefined) return sinceLastFails(result.sinceLast) ? EXIT.findings : EXIT.ok;
      return result.verify.summary.findings.error > 0 || (result.live !== undefined && liveFailed(result.live))
        ? EXIT.findings
        : EXIT.ok;
    case 'apply': {
      const { plan, applied, declined, waiting } = result;
      if (plan.summary.status === 'blocked' || declined) return EXIT.error;
      // Resources Azure is still writing were left alone (AMPL_PLAN_W0008): the fleet has not converged yet.
      const unfinished = applied === undefined ? 0 : applied.summary.failed + applied.summary.notTried;
      return unfinished === 0 && waiting === 0 ? EXIT.ok : EXIT.error;
    }
    case 'demo':
      if (result.after.summary.status !== 'converged' || result.applied.summary.failed > 0) return EXIT.error;
      // Not proven for some cluster after apply: as verify's error findings.
      return result.notProven === undefined ? EXIT.ok : EXIT.findings;
  }
}

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colours in what goes to stdout (a terminal, or FORCE_COLOR); absent: plain text. */
  color?: boolean;
  /**
   * Resolves once stdout has taken what was written. A pipe takes 64 KiB at a time and Node keeps the rest in memory:
   * output written in pieces waits here, or a 100,000-cluster plan would sit in memory whole a second time.
   */
  stdoutDrained?(): Promise<void>;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: colorWanted(process.stdout, process.env),
  stdoutDrained: () =>
    process.stdout.writableNeedDrain
      ? new Promise((resolve) => process.stdout.once('drain', () => resolve()))
      : Promise.resolve(),
};

export interface ReportOptions {
  /** Add the stack trace. */
  debug: boolean;
  /** `--json` was given: the error is one JSON object, `{"error":{"code","message","fix"}}`, on stderr. */
  json: boolean;
}

/** Any thrown value as the AmplinkError the user sees; what is not one already is a bug in amplink. */
function asAmplinkError(error: unknown): AmplinkError {
  if (isAmplinkError(error)) return error;
  return new AmplinkError({
    code: 'AMPL_INTERNAL_E0001',
    message: `unexpected error: ${(error as { message?: string } | null | undefined)?.message ?? String(error)}`,
    fault: 'tool',
    fix: 'this is a bug in amplink; run again with --debug and report the output.',
    cause: error,
  });
}

/**
 * One line per error with its code, the fix on the next (or one JSON object with --json), always on stderr so that
 * stdout holds only results; a stack trace only with --debug.
 */
export function reportError(error: unknown, io: Io, { debug, json }: ReportOptions): number {
  const failure = asAmplinkError(error);
  const stack = debug ? ((error as Error | undefined)?.stack ?? undefined) : undefined;
  if (json) {
    const body = { code: failure.code, message: failure.message, fix: failure.fix ?? null };
    io.stderr(JSON.stringify({ error: stack === undefined ? body : { ...body, stack } }) + '\n');
    return EXIT.error;
  }
  io.stderr(`amplink: ${failure.code}: ${failure.message}\n`);
  if (failure.fix) io.stderr(`  fix: ${failure.fix}\n`);
  if (stack) io.stderr(`${stack}\n`);
  return EXIT.error;
}
