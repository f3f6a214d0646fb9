// One error type for the whole emulator. ARM answers carry an HTTP status and ARM's error code (their codes and
// messages are in arm-errors.ts, the one catalogue); errors that never reach the wire (a corrupt state file, a bad
// option) carry a code with the EMULATOR_ prefix.

export interface ArmErrorBody {
  error: { code: string; message: string; target?: string; details?: { code: string; message: string }[] };
}

export class EmulatorError extends Error {
  readonly code: string;
  /** HTTP status when the error is answered to a client; 500 for internal failures. */
  readonly status: number;
  readonly headers: Record<string, string>;
  /** error.details of the answer (Resource Graph names the kind of mistake there). */
  readonly details: { code: string; message: string }[] | undefined;

  constructor(
    code: string,
    message: string,
    options: {
      status?: number;
      cause?: unknown;
      headers?: Record<string, string>;
      details?: { code: string; message: string }[];
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EmulatorError';
    this.code = code;
    this.status = options.status ?? 500;
    this.headers = options.headers ?? {};
    this.details = options.details;
  }

  /** The same error answered with more headers. */
  withHeaders(headers: Record<string, string>): EmulatorError {
    return new EmulatorError(this.code, this.message, {
      status: this.status,
      cause: this.cause,
      headers: { ...this.headers, ...headers },
      ...(this.details ? { details: this.details } : {}),
    });
  }

  toArmBody(): ArmErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}
