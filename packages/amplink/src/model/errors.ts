import type { AmplinkCode } from './codes.js';

/** Who must act to fix an error: the user (bad input), amplink itself (a bug), or Azure (a service refusal). */
export type Fault = 'user' | 'tool' | 'azure';

export interface AmplinkErrorOptions {
  /** Stable code, e.g. AMPL_ID_E0001, registered in codes.ts. Tests and scripts match on it, never on the wording. */
  code: AmplinkCode;
  message: string;
  fault?: Fault;
  /** What to do about it, in the user's terms. */
  fix?: string;
  cause?: unknown;
}

/** The one error type amplink throws; the CLI maps it to an exit code in one place. */
export class AmplinkError extends Error {
  readonly code: AmplinkCode;
  readonly fault: Fault;
  readonly fix: string | undefined;

  constructor(options: AmplinkErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AmplinkError';
    this.code = options.code;
    this.fault = options.fault ?? 'user';
    this.fix = options.fix;
  }
}

export function isAmplinkError(value: unknown): value is AmplinkError {
  return value instanceof AmplinkError;
}

/** How much of an input a message repeats: enough to recognise it, never megabytes of it. */
export const SHOWN_INPUT_LENGTH = 80;

/** Resource ids are long by nature (a DCR association's id passes 250 characters): they are cut later. */
export const SHOWN_ID_LENGTH = 400;

/** An input as messages show it: whole when short, else its start and its length ("…(5,000,000 characters)"). */
export function shownInput(value: string, max = SHOWN_INPUT_LENGTH): string {
  if (value.length <= max) return value;
  return `${value.slice(0, max)}…(${value.length.toLocaleString('en-US')} characters)`;
}
