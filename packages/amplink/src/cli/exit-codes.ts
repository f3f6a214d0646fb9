import { AmplinkError, isAmplinkError } from '../model/errors.js';

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

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
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
    message: `unexpected error: ${(error as Error)?.message ?? String(error)}`,
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
