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

/**
 * Marks an AmplinkError from any copy of amplink: an app whose dependencies bring two copies (two versions, or ESM and
 * a bundle) has two AmplinkError classes, and `instanceof` knows only its own. `Symbol.for` is the same in every copy.
 */
const AMPLINK_ERROR = Symbol.for('amplink.AmplinkError');

/** The one error type amplink throws; the CLI maps it to an exit code in one place. */
export class AmplinkError extends Error {
  readonly [AMPLINK_ERROR] = true;
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

/** Whether `value` is an AmplinkError, made by this copy of amplink or by any other. */
export function isAmplinkError(value: unknown): value is AmplinkError {
  return (
    typeof value === 'object' && value !== null && (value as { [AMPLINK_ERROR]?: unknown })[AMPLINK_ERROR] === true
  );
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
