import { isAmplinkError } from '../model/errors.js';

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

/** One line per error with its code, the fix on the next; a stack trace only with --debug. */
export function reportError(error: unknown, io: Io, debug: boolean): number {
  if (isAmplinkError(error)) {
    io.stderr(`amplink: ${error.code}: ${error.message}\n`);
    if (error.fix) io.stderr(`  fix: ${error.fix}\n`);
    if (debug && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.error;
  }
  io.stderr(`amplink: AMPL_INTERNAL_E0001: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
  io.stderr('  fix: this is a bug in amplink; run again with --debug and report the output.\n');
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.error;
}
