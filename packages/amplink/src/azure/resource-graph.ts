import { ResourceGraphClient, type QueryRequest, type QueryResponse } from '@azure/arm-resourcegraph';
import type { PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';
import type { EventSink } from '../model/events.js';
import { sleep, type ArmConnection, type RetryEvent } from './arm-connection.js';

type Json = Record<string, unknown>;

/**
 * Rows per page: Resource Graph returns at most 1,000 records a call ("Working with large Azure resource data sets",
 * learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data).
 */
export const RESOURCE_GRAPH_PAGE = 1000;

/**
 * Subscriptions per request: "Batch requests for the query with a subset of subscriptions to stay under the 1,000
 * subscription limit" (Troubleshoot errors using Azure Resource Graph, "Too many subscriptions").
 */
export const RESOURCE_GRAPH_SUBSCRIPTIONS = 1000;

/** The path of Resources_Resources (specification/resourcegraph), for messages and retries. */
const RESOURCES_PATH = '/providers/Microsoft.ResourceGraph/resources';

/**
 * Resource Graph's official client (@azure/arm-resourcegraph) made with everything the ARM connection has: its
 * credential and token audience, its endpoint, its CA trust, its retries and HTTP client, and its fail-fast policy. A
 * quota gate sits after the retry policy, so every attempt waits for Resource Graph's per-user quota.
 */
export function resourceGraphClient(connection: ArmConnection, quota = resourceGraphQuota()): ResourceGraphClient {
  const sdk = connection.sdk;
  return new ResourceGraphClient(sdk.credential, {
    endpoint: sdk.endpoint,
    credentials: { scopes: sdk.scopes },
    retryOptions: sdk.retryOptions,
    userAgentOptions: { userAgentPrefix: sdk.userAgentPrefix },
    ...(sdk.tlsOptions ? { tlsOptions: sdk.tlsOptions } : {}),
    ...(sdk.httpClient ? { httpClient: sdk.httpClient } : {}),
    additionalPolicies: [
      { policy: sdk.failFastPolicy, position: 'perRetry' },
      { policy: quota, position: 'perRetry' },
    ],
  });
}

/**
 * Resource Graph's quota, as its answers state it: `x-ms-user-quota-remaining` queries left in the window, which
 * resets after `x-ms-user-quota-resets-after` (hh:mm:ss); a 429 past it ("Guidance for throttled requests in Azure
 * Resource Graph", learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests).
 * When none is left, the next query waits for the reset instead of being refused. Queries in flight may reach the
 * service after the one whose answer states what is left, so they are counted against it; while nothing is known (at
 * the start, after a reset) a couple of queries go at a time until an answer says.
 */
export function resourceGraphQuota(clock: () => number = Date.now): PipelinePolicy {
  let remaining: number | undefined;
  let resetsAt = 0;
  let inFlight = 0;
  let changed: (() => void)[] = [];
  const wake = (): void => {
    const waiting = changed;
    changed = [];
    for (const resolve of waiting) resolve();
  };
  return {
    name: 'amplinkResourceGraphQuota',
    async sendRequest(request, next) {
      const signal = request.abortSignal as AbortSignal | undefined;
      for (;;) {
        const now = clock();
        if (remaining !== undefined && now >= resetsAt) remaining = undefined;
        if (remaining === undefined ? inFlight < IN_FLIGHT_UNKNOWN : remaining > 0) break;
        if (remaining === undefined) await new Promise<void>((resolve) => changed.push(resolve));
        else await sleep(resetsAt - now, signal);
      }
      if (remaining !== undefined) remaining -= 1;
      inFlight += 1;
      const sentAt = clock();
      try {
        const response = await next(request);
        const stated = quotaOf(response);
        if (stated !== undefined) {
          const others = inFlight - 1;
          const left = Math.max(0, stated.remaining - others);
          const sameWindow = remaining !== undefined && clock() < resetsAt;
          remaining = sameWindow ? Math.min(remaining ?? left, left) : left;
          // The service measured the time left when the query reached it, a little after it was sent.
          resetsAt = sentAt + stated.resetsAfterMs + RESET_MARGIN_MS;
        }
        return response;
      } finally {
        inFlight -= 1;
        wake();
      }
    },
  };
}

/** Queries sent while the quota is unknown: discovery's two; a window holds many more (15 in the documented example). */
const IN_FLIGHT_UNKNOWN = 2;

/** Covers the time a query takes to reach Resource Graph, so that a query sent at the reset lands after it. */
const RESET_MARGIN_MS = 100;

function quotaOf(response: PipelineResponse): { remaining: number; resetsAfterMs: number } | undefined {
  const remaining = Number(response.headers.get('x-ms-user-quota-remaining') ?? Number.NaN);
  const resetsAfterMs = timespanMs(response.headers.get('x-ms-user-quota-resets-after'));
  if (!Number.isInteger(remaining) || resetsAfterMs === undefined) return undefined;
  // A 429 means none is left, whatever the header says.
  return { remaining: response.status === 429 ? 0 : remaining, resetsAfterMs };
}

/** hh:mm:ss with optional fractional seconds, as Resource Graph sends its reset time; undefined for anything else. */
export function timespanMs(text: string | undefined): number | undefined {
  const match = /^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text?.trim() ?? '');
  if (!match) return undefined;
  const [, hours, minutes, seconds] = match;
  return Math.round(((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000);
}

export interface GraphQueryOptions {
  /** Subscriptions to query; batched by RESOURCE_GRAPH_SUBSCRIPTIONS. */
  subscriptions: readonly string[];
  signal?: AbortSignal;
  onEvent?: EventSink<RetryEvent>;
  /** After each page: the rows it held, and the pages known so far (they grow as each batch's first page arrives). */
  onPage?: (page: { rows: number; pagesKnown: number }) => void;
}

/**
 * Every row of a query, page by page with `$skipToken`, over the subscriptions in batches. A page that is cut short
 * without a token to go on (`resultTruncated`) would lose rows: it is an error, never a silently partial answer.
 */
export async function queryAllRows(
  connection: ArmConnection,
  client: ResourceGraphClient,
  query: string,
  options: GraphQueryOptions,
): Promise<Json[]> {
  const rows: Json[] = [];
  const batches: string[][] = [];
  for (let i = 0; i < options.subscriptions.length; i += RESOURCE_GRAPH_SUBSCRIPTIONS)
    batches.push(options.subscriptions.slice(i, i + RESOURCE_GRAPH_SUBSCRIPTIONS));
  let pagesKnown = 0;
  for (const subscriptions of batches) {
    let skipToken: string | undefined;
    let first = true;
    do {
      const request: QueryRequest = {
        query,
        subscriptions,
        options: { top: RESOURCE_GRAPH_PAGE, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
      };
      const response: QueryResponse = await connection.retrying(
        { method: 'POST', url: connection.url(RESOURCES_PATH) },
        () =>
          client.resources(request, {
            requestOptions: { timeout: connection.sdk.timeoutMs },
            ...(options.signal ? { abortSignal: options.signal } : {}),
          }),
        options,
      );
      const data = Array.isArray(response.data) ? (response.data as Json[]) : [];
      if (first) pagesKnown += Math.max(1, Math.ceil(response.totalRecords / RESOURCE_GRAPH_PAGE));
      first = false;
      skipToken = response.skipToken ?? undefined;
      // The SDK types it "true" | "false"; a boolean from a looser server reads the same.
      const truncated: unknown = response.resultTruncated;
      if (skipToken === undefined && (truncated === 'true' || truncated === true))
        throw new TruncatedAnswer(query, response.count, response.totalRecords);
      for (const row of data) rows.push(row);
      options.onPage?.({ rows: data.length, pagesKnown });
    } while (skipToken !== undefined);
  }
  return rows;
}

/** Resource Graph cut an answer short and gave no `$skipToken` to read the rest. */
export class TruncatedAnswer extends Error {
  override readonly name = 'TruncatedAnswer';
  constructor(
    readonly query: string,
    readonly count: number,
    readonly totalRecords: number,
  ) {
    super(`Resource Graph returned ${count} of ${totalRecords} rows and no $skipToken to read the rest`);
  }
}
