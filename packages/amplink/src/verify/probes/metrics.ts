import type { TokenCredential } from '@azure/core-auth';
import { notCheckedForError, notCheckedForStatus } from './classify.js';
import { httpsJson } from './https-json.js';
import type { ProbeOutcome } from './types.js';

/** The PromQL asked of each Azure Monitor workspace: which clusters sent `up` samples in the last 15 minutes. */
export const METRICS_QUERY = 'count by (cluster) (count_over_time(up[15m]))';

export interface MetricsAnswer {
  /** Lower-case values of the `cluster` label that have samples. */
  clusters: Set<string>;
}

/**
 * Asks one workspace's Prometheus query API (`POST <endpoint>/api/v1/query`, the Prometheus HTTP API that Azure
 * Monitor workspaces serve) with a token for the cloud's Prometheus audience (https://prometheus.monitor.azure.com in
 * the public cloud).
 */
export async function queryPrometheus(
  endpoint: string,
  options: { credential: TokenCredential; audience: string; ca?: string | string[]; timeoutMs: number; now: Date },
): Promise<MetricsAnswer | ProbeOutcome> {
  const what = 'metrics';
  let token: string;
  try {
    const access = await options.credential.getToken(`${options.audience}/.default`);
    if (access === null) return { status: 'not-checked', detail: 'metrics not checked: no token', target: endpoint };
    token = access.token;
  } catch (error) {
    return notCheckedForError(error, what, endpoint);
  }
  const url = `${endpoint.replace(/\/+$/, '')}/api/v1/query`;
  try {
    const result = await httpsJson(url, {
      method: 'POST',
      token,
      form: { query: METRICS_QUERY, time: (options.now.getTime() / 1000).toFixed(3) },
      ...(options.ca !== undefined && { ca: options.ca }),
      timeoutMs: options.timeoutMs,
    });
    if (result.status !== 200) return notCheckedForStatus(result.status, what, endpoint, result.text);
    const body = result.body as
      { status?: string; data?: { result?: { metric?: Record<string, string> }[] } } | undefined;
    if (body?.status !== 'success' || !Array.isArray(body.data?.result)) {
      return { status: 'not-checked', detail: `metrics not checked: unexpected answer from ${url}`, target: endpoint };
    }
    const clusters = new Set<string>();
    for (const series of body.data.result) {
      const label = series.metric?.['cluster'];
      if (typeof label === 'string') clusters.add(label.toLowerCase());
    }
    return { clusters };
  } catch (error) {
    return notCheckedForError(error, what, endpoint);
  }
}

/** A cluster's `cluster` label is its name (managed Prometheus) or, in some set-ups, its resource id. */
export function hasCluster(answer: MetricsAnswer, clusterId: string, clusterName: string): boolean {
  return answer.clusters.has(clusterName.toLowerCase()) || answer.clusters.has(clusterId.toLowerCase());
}
