import type { TokenCredential } from '@azure/core-auth';
import { ServiceClient } from '@azure/core-client';
import {
  createHttpHeaders,
  createPipelineRequest,
  isRestError,
  RestError,
  type HttpClient,
  type PipelinePolicy,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { AmplinkError } from '../model/errors.js';
import { provisioningPhaseOf, provisioningStateText } from '../model/provisioning-state.js';
import { amplinkEvent, type AmplinkEvent, type EventSink } from '../model/events.js';
import type { ResourceId } from '../model/resource-id.js';
import { AMPLINK_VERSION } from '../model/version.js';
import { parseJsonOrUndefined } from './json.js';
import { transientReason } from './arm-errors.js';
import { networkFailure } from './network-errors.js';

type Json = Record<string, unknown>;

export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

/**
 * The token audience of each cloud's Resource Manager (azure-cli `az cloud show`: endpoints.activeDirectoryResourceId);
 * any other endpoint (the emulator, a proxy) is given the public cloud's audience unless `audience` says otherwise.
 */
const AUDIENCES: Readonly<Record<string, string>> = {
  'https://management.azure.com': 'https://management.azure.com',
  'https://management.usgovcloudapi.net': 'https://management.usgovcloudapi.net',
  'https://management.chinacloudapi.cn': 'https://management.chinacloudapi.cn',
};

export interface RetryNotice {
  attempt: number;
  delayMs: number;
  reason: string;
}

/** A request refused for a passing reason, about to be sent again after `delayMs`. */
export type RetryEvent = AmplinkEvent<'AMPL_AZURE_I0001', RetryNotice>;

export interface ArmConnectionOptions {
  credential: TokenCredential;
  /** Azure Resource Manager's URL: the public cloud by default, a sovereign cloud, or the emulator. */
  endpoint?: string;
  /** Token audience; default: the endpoint's cloud (see AUDIENCES). The CLI takes it from AMPLINK_ARM_AUDIENCE. */
  audience?: string;
  /** Extra CA certificates to trust (PEM), e.g. the emulator's; TLS verification always stays on. */
  ca?: string;
  /** Retries of 429 (honouring Retry-After), 5xx and resets inside the SDK's pipeline. */
  maxRetries?: number;
  /**
   * Attempts of a request that stays refused for a passing reason after the pipeline's retries: throttling (429),
   * a busy AMPLS (409 "provisioning state"), a timeout. Jittered exponential back-off from `retryBaseMs`.
   */
  maxAttempts?: number;
  retryBaseMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** A refused connection is tried once more after this pause (a server restarting), then reported. */
  refusedRetryDelayMs?: number;
  /** Polling interval of long-running operations when Azure sends no Retry-After. */
  pollIntervalMs?: number;
  /** How long a long-running operation may take before amplink gives up on it. */
  operationDeadlineMs?: number;
  /** The SDK's HTTP client to send through (default: Node's); tests give one that records what would be sent. */
  httpClient?: HttpClient;
}

/** The settings an ArmConnection shares with the other Azure SDK clients made against the same cloud. */
export interface SharedClientSettings {
  credential: TokenCredential;
  endpoint: string;
  /** The token scopes: the cloud's Resource Manager audience. */
  scopes: string[];
  retryOptions: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number };
  userAgentPrefix: string;
  /** Per-request timeout. */
  timeoutMs: number;
  tlsOptions?: { ca: string };
  httpClient?: HttpClient;
  /** Belongs after the SDK's retry policy (position perRetry). */
  failFastPolicy: PipelinePolicy;
}

export interface SendOptions {
  body?: unknown;
  /** Request headers besides the pipeline's own, e.g. If-Match for a conditional write. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  onEvent?: EventSink<RetryEvent>;
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);

/**
 * Raw ARM JSON over the Azure SDK's own pipeline (@azure/core-client: bearer token, retries with back-off and
 * Retry-After), so amplink reads and writes resources exactly as GET returns them and the snapshot format needs
 * no model mapping. One retry policy serves discovery and apply alike.
 */
export class ArmConnection {
  readonly endpoint: string;
  /**
   * What every other Azure SDK client amplink makes against this cloud (Resource Graph) shares with this connection:
   * the same credential, endpoint, token audience, CA trust, retries and HTTP client.
   */
  readonly sdk: SharedClientSettings;
  private readonly client: ServiceClient;
  private readonly options: ArmConnectionOptions;
  private readonly ca: string | undefined;

  constructor(options: ArmConnectionOptions) {
    this.options = options;
    this.endpoint = (options.endpoint ?? PUBLIC_ARM_ENDPOINT).replace(/\/+$/, '');
    this.ca = options.ca;
    const audience = options.audience ?? AUDIENCES[this.endpoint] ?? PUBLIC_ARM_ENDPOINT;
    this.sdk = {
      credential: options.credential,
      endpoint: this.endpoint,
      scopes: [`${audience.replace(/\/+$/, '')}/.default`],
      retryOptions: { maxRetries: options.maxRetries ?? 6, retryDelayInMs: 500, maxRetryDelayInMs: 30_000 },
      userAgentPrefix: `amplink/${AMPLINK_VERSION}`,
      timeoutMs: options.timeoutMs ?? 60_000,
      ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
      ...(options.httpClient ? { httpClient: options.httpClient } : {}),
      failFastPolicy: failFastPolicy(options.refusedRetryDelayMs ?? 250),
    };
    this.client = new ServiceClient({
      credential: this.sdk.credential,
      credentialScopes: this.sdk.scopes,
      endpoint: this.endpoint,
      retryOptions: this.sdk.retryOptions,
      userAgentOptions: { userAgentPrefix: this.sdk.userAgentPrefix },
      ...(this.sdk.tlsOptions ? { tlsOptions: this.sdk.tlsOptions } : {}),
      ...(this.sdk.httpClient ? { httpClient: this.sdk.httpClient } : {}),
    });
    // Inside the SDK's retry policy, so that a host that cannot answer is not retried for half a minute.
    this.client.pipeline.addPolicy(this.sdk.failFastPolicy, { afterPolicies: ['defaultRetryPolicy'] });
  }

  /** The URL of an ARM path or parsed id; see `armUrl`. */
  url(path: ResourceId | string, apiVersion?: string): string {
    return armUrl(this.endpoint, path, apiVersion);
  }

  /** One request; a passing refusal is tried again (see `maxAttempts`), a lasting one throws a RestError. */
  async send(method: 'GET' | 'PUT' | 'DELETE', url: string, options: SendOptions = {}): Promise<PipelineResponse> {
    return this.retrying({ method, url }, () => this.sendOnce(method, url, options), options);
  }

  /**
   * Runs `call` (one request, through this connection's pipeline or a client sharing its settings), and again after
   * a pause while it is refused for a passing reason (see `maxAttempts`); a lasting refusal is thrown.
   */
  async retrying<T>(
    { method, url }: { method: string; url: string },
    call: () => Promise<T>,
    options: Pick<SendOptions, 'signal' | 'onEvent'> = {},
  ): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 8;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const reason = transientReason(error, options.signal);
        if (reason === undefined || attempt >= maxAttempts) {
          if (options.signal?.aborted) throw error;
          throw networkFailure(error, { url, timeoutMs: this.sdk.timeoutMs })?.error ?? error;
        }
        const base = (this.options.retryBaseMs ?? 1000) * 2 ** (attempt - 1);
        const delayMs = retryAfterMs(headerOf(error, 'retry-after')) ?? Math.round(base / 2 + Math.random() * base);
        options.onEvent?.(
          amplinkEvent('AMPL_AZURE_I0001', `${method} tried again in ${delayMs} ms: ${reason}`, {
            attempt,
            delayMs,
            reason,
          }),
        );
        await sleep(delayMs, options.signal);
      }
    }
  }

  private async sendOnce(method: string, url: string, options: SendOptions): Promise<PipelineResponse> {
    const request = createPipelineRequest({
      url,
      method: method as 'GET',
      timeout: this.sdk.timeoutMs,
      headers: createHttpHeaders({
        ...options.headers,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      }),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(this.ca ? { tlsSettings: { ca: this.ca } } : {}),
      ...(options.signal ? { abortSignal: options.signal } : {}),
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
  async get(
    path: ResourceId | string,
    apiVersion: string,
    options: Omit<SendOptions, 'body'> = {},
  ): Promise<Json | undefined> {
    try {
      return parseJsonOrUndefined((await this.send('GET', this.url(path, apiVersion), options)).bodyAsText) as Json;
    } catch (error) {
      if (isRestError(error) && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Every item of an ARM list, following nextLink. */
  async list(path: ResourceId | string, apiVersion: string): Promise<Json[]> {
    const items: Json[] = [];
    let next: string | undefined = this.url(path, apiVersion);
    while (next) {
      const page = parseJsonOrUndefined((await this.send('GET', next)).bodyAsText) as
        { value?: Json[]; nextLink?: string | null } | undefined;
      items.push(...(page?.value ?? []));
      next = page?.nextLink ?? undefined;
    }
    return items;
  }

  /**
   * PUT, then follow a long-running operation to its end. Resolves to the resource as GET returns it, unless
   * `readBack` is false (apply needs only to know that it succeeded, and saves a round trip per change).
   */
  async put(
    path: ResourceId | string,
    apiVersion: string,
    body: unknown,
    options: Omit<SendOptions, 'body'> & { readBack?: boolean } = {},
  ): Promise<Json | undefined> {
    const response = await this.send('PUT', this.url(path, apiVersion), { ...options, body });
    const operation = response.headers.get('azure-asyncoperation') ?? response.headers.get('location');
    if ((response.status === 201 || response.status === 202) && operation) {
      await this.poll(operation, response.headers.get('retry-after'), options);
      return options.readBack === false ? undefined : ((await this.get(path, apiVersion, options)) ?? {});
    }
    const answered = (parseJsonOrUndefined(response.bodyAsText) as Json | undefined) ?? {};
    if (provisioningPhaseOf(answered) !== 'in-progress') return answered;
    // 200/201 with the resource still being written and no operation to follow (a scoped resource `Provisioning`,
    // as azure-cli's recording test_monitor_private_link_scope_scenario.yaml shows): the resource is what to poll.
    const settled = await this.waitUntil(
      path,
      apiVersion,
      (resource) => resource === undefined || provisioningPhaseOf(resource) !== 'in-progress',
      { ...options, describe: (resource) => provisioningStateText(resource) },
    );
    if (provisioningPhaseOf(settled) === 'failed') {
      throw new AmplinkError({
        code: 'AMPL_AZURE_E0901',
        message: `The write of ${typeof path === 'string' ? path : path.id} ended ${provisioningStateText(settled)}.`,
        fault: 'azure',
        fix: 'Run again: actions already done are skipped, and this one is written again.',
      });
    }
    return settled ?? {};
  }

  /**
   * GETs the resource again, with growing pauses, until `settled` says Azure is done with it (or it is gone), within
   * the same deadline as a long-running operation. For a resource some other writer's operation is still running on.
   */
  async waitUntil(
    path: ResourceId | string,
    apiVersion: string,
    settled: (resource: Json | undefined) => boolean,
    options: Omit<SendOptions, 'body'> & {
      describe?: (resource: Json | undefined) => string;
      deadlineMs?: number;
    } = {},
  ): Promise<Json | undefined> {
    const allowedMs = options.deadlineMs ?? this.options.operationDeadlineMs ?? 30 * 60_000;
    const deadline = Date.now() + allowedMs;
    let wait = this.options.pollIntervalMs ?? 2_000;
    for (;;) {
      const resource = await this.get(path, apiVersion, options);
      if (settled(resource)) return resource;
      if (Date.now() + wait > deadline) {
        throw new AmplinkError({
          code: 'AMPL_AZURE_E0903',
          message: `${typeof path === 'string' ? path : path.id} is still ${options.describe?.(resource) ?? 'being written'} by Azure after ${Math.round(allowedMs / 1000)} s of waiting.`,
          fault: 'azure',
          fix: 'Run again later; if it does not change within an hour, the operation is stuck: delete the resource (amplink never deletes) and run again.',
        });
      }
      await sleep(wait, options.signal);
      wait = Math.min(wait * 2, 30_000);
    }
  }

  private async poll(operationUrl: string, retryAfter: string | undefined, options: Omit<SendOptions, 'body'>) {
    const deadline = Date.now() + (this.options.operationDeadlineMs ?? 30 * 60_000);
    let wait = retryAfterMs(retryAfter) ?? this.options.pollIntervalMs ?? 2_000;
    for (;;) {
      if (Date.now() + wait > deadline) {
        throw new AmplinkError({
          code: 'AMPL_AZURE_E0902',
          message: `The long-running operation ${operationUrl} did not end in time.`,
          fault: 'azure',
          fix: 'Run again later: actions already done are skipped, and this one is checked before it is tried again.',
        });
      }
      await sleep(wait, options.signal);
      const response = await this.send('GET', operationUrl, options);
      const body = parseJsonOrUndefined(response.bodyAsText) as
        { status?: unknown; error?: { code?: string; message?: string } } | undefined;
      // Azure's body is untrusted: a status that is not a string is still read as its text, never as a terminal state.
      const rawStatus = body?.status ?? '';
      const status = (typeof rawStatus === 'string' ? rawStatus : JSON.stringify(rawStatus)).toLowerCase();
      // A Location URL answers 202 while running, then 200/201/204 with or without a body; an
      // Azure-AsyncOperation URL answers 200 with a status (ARM async operations guideline).
      const finished = response.status !== 202 && (status === '' || TERMINAL.has(status));
      if (finished) {
        if (status === 'failed' || status === 'canceled' || status === 'cancelled') {
          throw new AmplinkError({
            code: 'AMPL_AZURE_E0901',
            message:
              `The long-running operation ${operationUrl} ended ${status}: ${body?.error?.code ?? ''} ${body?.error?.message ?? ''}`.trim(),
            fault: 'azure',
            fix: 'Run again: actions already done are skipped.',
          });
        }
        return;
      }
      wait = retryAfterMs(response.headers.get('retry-after')) ?? this.options.pollIntervalMs ?? 2_000;
    }
  }
}

/**
 * The URL of an ARM request, built from the path's segments only: each segment is percent-encoded on its own, so no
 * character of an id can start a query (`?`), a fragment (`#`) or another segment (`%2F`), and `.`/`..` segments,
 * which URL normalisation would resolve into another resource, are refused. The api-version is a query parameter
 * value, encoded as one. A parsed id is rebuilt from its normalised text; a string path (discovery's lists, built
 * from what Azure returned) is split the same way.
 */
export function armUrl(endpoint: string, path: ResourceId | string, apiVersion?: string): string {
  const text = typeof path === 'string' ? path : path.id;
  const segments = text.split('/');
  if (segments[0] !== '' || segments.length < 2) throw badPath(text, 'it must start with /');
  let url = endpoint;
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (segment === '' || segment === '.' || segment === '..') {
      throw badPath(text, segment === '' ? 'it has an empty segment' : `it has a '${segment}' segment`);
    }
    url += '/' + encodeURIComponent(segment);
  }
  return apiVersion === undefined ? url : `${url}?${new URLSearchParams({ 'api-version': apiVersion }).toString()}`;
}

function badPath(path: string, problem: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_ID_E0001',
    message: `Malformed Azure resource path '${path}': ${problem}.`,
    fault: 'tool',
    fix: 'Report this: amplink builds request paths only from resource ids.',
  });
}

/**
 * Reports a host that cannot answer (refused, no such name, untrusted certificate) at once, as a coded error naming the
 * host and the cause, instead of letting the retry policy try it again for half a minute; a refused connection is tried
 * once more after a short pause. Timeouts and cut connections pass through to the retry policy: those can pass.
 */
function failFastPolicy(refusedRetryDelayMs: number): PipelinePolicy {
  return {
    name: 'amplinkFailFastPolicy',
    async sendRequest(request, next) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await next(request);
        } catch (error) {
          const failure = networkFailure(error, { url: request.url });
          if (failure === undefined || failure.retryable) throw error;
          if ((error as { code?: string }).code === 'ECONNREFUSED' && attempt === 1) {
            await sleep(refusedRetryDelayMs);
            continue;
          }
          throw failure.error;
        }
      }
    },
  };
}

function headerOf(error: unknown, name: string): string | undefined {
  return isRestError(error) ? (error.response?.headers.get(name) ?? undefined) : undefined;
}

function retryAfterMs(value: string | undefined | null): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    // An aborted sleep rejects with the signal's own reason, as node:timers/promises does: the caller tells its abort by it.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the reason is the caller's, passed back unchanged
    const abort = () => reject(signal?.reason);
    if (signal?.aborted) {
      abort();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      abort();
    };
    // The listener goes when the sleep ends: one signal serves every poll of a long apply.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
