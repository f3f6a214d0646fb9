import type { TokenCredential } from '@azure/core-auth';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { notCheckedForError } from './classify.js';
import type { ProbeOutcome } from './types.js';
import { jsonText } from '../../model/json.js';

/** Container insights tables and the column that names the cluster (DOMAIN.md "Checking that data arrives"). */
export const LOGS_QUERIES = [
  {
    table: 'KubePodInventory',
    query: 'KubePodInventory | where TimeGenerated > ago(15m) | summarize count() by ClusterId',
    column: 'ClusterId',
  },
  {
    table: 'ContainerLogV2',
    query: 'ContainerLogV2 | where TimeGenerated > ago(15m) | summarize count() by _ResourceId',
    column: '_ResourceId',
  },
] as const;

export interface LogsAnswer {
  /** Lower-case cluster resource ids with rows in the last 15 minutes, and the tables they were seen in. */
  clusters: Map<string, string[]>;
  /** Tables that could not be read, with why. */
  problems: string[];
}

/**
 * Asks one Log Analytics workspace (by its customerId) with the official client, over the last 15 minutes, at the
 * cloud's query endpoint with a token for its audience (the client's defaults are the public cloud's).
 */
export async function queryLogs(
  workspaceId: string,
  options: {
    credential: TokenCredential;
    endpoint: string;
    audience: string;
    ca?: string | string[];
    timeoutMs: number;
    now: Date;
  },
): Promise<LogsAnswer | ProbeOutcome> {
  const client = new LogsQueryClient(options.credential, {
    endpoint: options.endpoint,
    credentials: { scopes: [`${options.audience}/.default`] },
    retryOptions: { maxRetries: 1 },
    ...(options.ca !== undefined && { tlsOptions: { ca: [options.ca].flat().join('\n') } }),
  });
  const target = `${options.endpoint} workspace ${workspaceId}`;
  const clusters = new Map<string, string[]>();
  const problems: string[] = [];
  let answered = 0;
  let firstError: ProbeOutcome | undefined;
  for (const { table, query, column } of LOGS_QUERIES) {
    try {
      const result = await withTimeout(
        client.queryWorkspace(
          workspaceId,
          query,
          { duration: 'PT15M', endTime: options.now },
          { serverTimeoutInSeconds: Math.ceil(options.timeoutMs / 1000) },
        ),
        options.timeoutMs,
      );
      const tables = result.status === LogsQueryResultStatus.Success ? result.tables : result.partialTables;
      answered++;
      for (const t of tables) {
        const index = t.columnDescriptors.findIndex((c) => c.name === column);
        if (index < 0) continue;
        for (const row of t.rows) {
          const key = jsonText(row[index]).toLowerCase();
          if (key.length === 0) continue;
          clusters.set(key, [...(clusters.get(key) ?? []), table]);
        }
      }
    } catch (error) {
      const outcome = notCheckedForError(error, 'logs', target);
      firstError ??= outcome;
      problems.push(`${table}: ${outcome.detail}`);
    }
  }
  if (answered === 0 && firstError) return firstError;
  return { clusters, problems };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
