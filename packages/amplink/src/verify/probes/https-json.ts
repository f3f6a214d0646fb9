import { request } from 'node:https';
import { rootCertificates } from 'node:tls';

export interface HttpResult {
  status: number;
  body: unknown;
  text: string;
}

/** Why a request never got an answer: the network, TLS or a timeout, in a few words. */
export class ProbeTransportError extends Error {
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super(reason, cause === undefined ? undefined : { cause });
    this.name = 'ProbeTransportError';
  }
}

/** One HTTPS request, with a bearer token when given; TLS is always verified, against the system CAs plus `ca` when given. */
export function httpsJson(
  url: string,
  options: {
    method: 'GET' | 'POST';
    token?: string;
    form?: Record<string, string>;
    ca?: string | string[];
    timeoutMs: number;
  },
): Promise<HttpResult> {
  const target = new URL(url);
  if (target.protocol !== 'https:') {
    return Promise.reject(new ProbeTransportError(`${url} is not https; a bearer token is only sent over TLS`));
  }
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: options.method,
        headers: {
          ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
          accept: 'application/json',
          ...(body !== undefined && {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
          }),
        },
        // Keep the system's roots when adding a CA: `ca` alone would replace them.
        ...(options.ca !== undefined && { ca: [...rootCertificates, ...[options.ca].flat()] }),
        timeout: options.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text.length > 0 ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
        res.on('error', (e) => reject(new ProbeTransportError(describeNetworkError(e), e)));
      },
    );
    req.on('timeout', () => req.destroy(new ProbeTransportError(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (e) =>
      reject(e instanceof ProbeTransportError ? e : new ProbeTransportError(describeNetworkError(e), e)),
    );
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = (error as Error | undefined)?.message ?? String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (${message})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the name does not resolve (${message})`;
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return `no network path (${message})`;
    default:
      return code !== undefined ? `${code}: ${message}` : message;
  }
}
