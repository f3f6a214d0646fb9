// One error type for the whole emulator. ARM answers carry an HTTP status and ARM's error code;
// errors that never reach the wire (a corrupt state file, a bad option) carry a code with the EMULATOR_ prefix.

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

  toArmBody(): ArmErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

/** An error ARM would answer: status plus ARM's code and message. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): EmulatorError {
  return new EmulatorError(code, message, { status, ...(headers ? { headers } : {}) });
}

// ARM's own not-found messages (as seen in real responses; the aka.ms link is part of ARM's text).
export function resourceNotFound(type: string, name: string, resourceGroup: string): EmulatorError {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function resourceGroupNotFound(resourceGroup: string): EmulatorError {
  return armError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

export function subscriptionNotFound(subscriptionId: string): EmulatorError {
  return armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
}
