import type { ProbeOutcome } from './types.js';
import { ProbeTransportError } from './https-json.js';

/** An HTTP status that means the probe could not look, not that data is missing. */
export function notCheckedForStatus(status: number, what: string, target: string, text: string): ProbeOutcome {
  const hint =
    status === 401
      ? 'the token was refused (401)'
      : status === 403
        ? 'no rights to read it (403): grant the identity Monitoring Data Reader (Azure Monitor workspace) or Log Analytics Reader (workspace)'
        : status === 429
          ? 'throttled (429)'
          : `HTTP ${status}${text ? `: ${text.slice(0, 160)}` : ''}`;
  return { status: 'not-checked', detail: `${what} not checked: ${hint}`, target };
}

export function notCheckedForError(error: unknown, what: string, target: string): ProbeOutcome {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number') return notCheckedForStatus(status, what, target, (error as Error).message);
  const reason =
    error instanceof ProbeTransportError
      ? error.reason
      : ((error as { name?: string } | undefined)?.name ?? '').includes('CredentialUnavailable') ||
          ((error as { name?: string } | undefined)?.name ?? '').includes('Authentication')
        ? `no token: ${(error as Error).message}`
        : ((error as Error | undefined)?.message ?? String(error));
  return { status: 'not-checked', detail: `${what} not checked: ${reason}`, target };
}
