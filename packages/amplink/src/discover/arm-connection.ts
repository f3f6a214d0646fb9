import type { TokenCredential } from '@azure/core-auth';
import { ServiceClient } from '@azure/core-client';
import { createHttpHeaders, createPipelineRequest, RestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import { AmplinkError } from '../model/errors.js';

type Json = Record<string, unknown>;

export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

export interface ArmConnectionOptions {
  credential: TokenCredential;
  /** Azure Resource Manager's URL: the public cloud by default, a sovereign cloud, or the emulator. */
  endpoint?: string;
  /** Extra CA certificates to trust (PEM), e.g. the emulator's; TLS verification always stays on. */
  ca?: string;
  /** Retries of 429 (honouring Retry-After), 5xx, resets and timeouts, by the SDK's pipeline. */
  maxRetries?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Polling interval of long-running operations when Azure sends no Retry-After. */
  pollIntervalMs?: number;
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);

/**
 * Raw ARM JSON over the official SDK's pipeline (bearer token, retries with back-off and jitter, Retry-After):
 * amplink reads and writes resources exactly as GET returns them, so the snapshot format needs no model mapping.
 */
export class ArmConnection {
  readonly endpoint: string;
  private readonly client: ServiceClient;
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly ca: string | undefined;

  constructor(options: ArmConnectionOptions) {
    this.endpoint = (options.endpoint ?? PUBLIC_ARM_ENDPOINT).replace(/\/+$/, '');
    this.ca = options.ca;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    const audience = this.endpoint === PUBLIC_ARM_ENDPOINT ? PUBLIC_ARM_ENDPOINT : 'https://management.azure.com';
    this.client = new ServiceClient({
      credential: options.credential,
      credentialScopes: [`${audience}/.default`],
      endpoint: this.endpoint,
      retryOptions: { maxRetries: options.maxRetries ?? 6, retryDelayInMs: 500, maxRetryDelayInMs: 30_000 },
      userAgentOptions: { userAgentPrefix: 'amplink/0.1.0' },
      ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    });
  }

  url(path: string, apiVersion?: string): string {
    const base = path.startsWith('https://') ? path : `${this.endpoint}${path}`;
    if (apiVersion === undefined || /[?&]api-version=/.test(base)) return base;
    return `${base}${base.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
  }

  async send(method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<PipelineResponse> {
    const request = createPipelineRequest({
      url,
      method,
      timeout: this.timeoutMs,
      headers: createHttpHeaders(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(this.ca ? { tlsSettings: { ca: this.ca } } : {}),
    });
    const response = await this.client.sendRequest(request);
    if (response.status >= 400) {
      throw new RestError(`${method} ${url} answered ${response.status}`, {
        statusCode: response.status,
        request,
        response,
      });
    }
    return response;
  }

  /** The resource as GET returns it, or undefined when ARM says it does not exist (404). */
  async get(path: string, apiVersion: string): Promise<Json | undefined> {
    try {
      return parse((await this.send('GET', this.url(path, apiVersion))).bodyAsText) as Json;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Every item of an ARM list, following nextLink. */
  async list(path: string, apiVersion: string): Promise<Json[]> {
    const items: Json[] = [];
    let next: string | undefined = this.url(path, apiVersion);
    while (next) {
      const page = parse((await this.send('GET', next)).bodyAsText) as { value?: Json[]; nextLink?: string | null };
      items.push(...(page.value ?? []));
      next = page.nextLink ?? undefined;
    }
    return items;
  }

  /**
   * PUT, then follow a long-running operation to its end. Resolves to the resource as GET returns it, unless
   * `readBack` is false (apply needs only to know that it succeeded, and saves a round trip per change).
   */
  async put(
    path: string,
    apiVersion: string,
    body: unknown,
    options: { signal?: AbortSignal; readBack?: boolean } = {},
  ): Promise<Json | undefined> {
    const url = this.url(path, apiVersion);
    const response = await this.send('PUT', url, body);
    const operation = response.headers.get('azure-asyncoperation') ?? response.headers.get('location');
    if ((response.status === 201 || response.status === 202) && operation) {
      await this.poll(operation, response.headers.get('retry-after'), options.signal);
      return options.readBack === false ? undefined : ((await this.get(path, apiVersion)) ?? {});
    }
    return (parse(response.bodyAsText) as Json | undefined) ?? {};
  }

  private async poll(operationUrl: string, retryAfter: string | undefined, signal?: AbortSignal): Promise<void> {
    let wait = retryAfterMs(retryAfter) ?? this.pollIntervalMs;
    for (;;) {
      await sleep(wait, signal);
      const response = await this.send('GET', operationUrl);
      const status = String((parse(response.bodyAsText) as Json | undefined)?.['status'] ?? '').toLowerCase();
      if (response.status === 200 && (status === '' || TERMINAL.has(status))) {
        if (status === 'failed' || status === 'canceled' || status === 'cancelled') {
          const error = (parse(response.bodyAsText) as { error?: { code?: string; message?: string } }).error;
          throw new AmplinkError({
            code: 'AMPL_AZURE_E0409',
            message:
              `The long-running operation ${operationUrl} ended ${status}: ${error?.code ?? ''} ${error?.message ?? ''}`.trim(),
            fault: 'azure',
            fix: 'Run again: actions already done are skipped.',
          });
        }
        return;
      }
      wait = retryAfterMs(response.headers.get('retry-after')) ?? this.pollIntervalMs;
    }
  }
}

function parse(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryAfterMs(value: string | undefined | null): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
