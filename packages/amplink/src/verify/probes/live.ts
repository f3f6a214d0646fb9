import { idKey } from '../../model/resource-id.js';
import type { Topology } from '../../model/topology.js';
import { analyseCluster } from '../../plan/analyse-cluster.js';
import type { VerifyResult } from '../types.js';
import { probeDns } from './dns.js';
import { queryLogs, type LogsAnswer } from './logs.js';
import { hasCluster, queryPrometheus, type MetricsAnswer } from './metrics.js';
import type { ClusterProbe, LiveResult, ProbeOptions, ProbeOutcome } from './types.js';

const GLOBAL_HANDLER = 'global.handler.control.monitor.azure.com';

function isOutcome(value: unknown): value is ProbeOutcome {
  return typeof value === 'object' && value !== null && 'status' in value;
}

function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Proves whether data arrives: PromQL `up` per cluster against each Azure Monitor workspace, KQL against each
 * Log Analytics workspace, and DNS for every endpoint the agents use. A probe that cannot run says so and is
 * reported `not-checked`, never as a pass.
 */
export async function runLiveProbes(
  topology: Topology,
  result: VerifyResult,
  options: ProbeOptions,
): Promise<LiveResult> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const now = options.now ?? new Date();
  const metricsCache = new Map<string, Promise<MetricsAnswer | ProbeOutcome>>();
  const logsCache = new Map<string, Promise<LogsAnswer | ProbeOutcome>>();
  const hosts = new Map<string, string>();
  const clusters: ClusterProbe[] = [];
  const common = {
    credential: options.credential,
    timeoutMs,
    now,
    ...(options.ca !== undefined && { ca: options.ca }),
  };

  const clustersByKey = new Map(topology.clusters.map((c) => [c.id.key, c]));
  for (const verdict of result.clusters) {
    const cluster = clustersByKey.get(idKey(verdict.id));
    if (cluster === undefined) continue;
    const monitoring = analyseCluster(topology, cluster);
    const why = verdict.reasons.map((r) => r.text).join('; ');

    // Metrics: each workspace the cluster's Prometheus rules send to.
    let metrics: ProbeOutcome;
    const workspaces = [
      ...new Set(monitoring.prometheusRules.flatMap((r) => r.monitoringAccountIds).map((id) => idKey(id))),
    ];
    if (workspaces.length === 0 || options.skip?.metrics) {
      metrics = {
        status: 'not-checked',
        detail: options.skip?.metrics ? 'metrics probe skipped' : 'metrics are not collected',
      };
    } else {
      const outcomes: ProbeOutcome[] = [];
      for (const key of workspaces) {
        const workspace = topology.monitorWorkspaces.get(key);
        const endpoint =
          options.prometheusEndpoint ??
          (workspace?.resource.properties['metrics'] as { prometheusQueryEndpoint?: string } | undefined)
            ?.prometheusQueryEndpoint;
        const name = workspace?.resource.name ?? key.split('/').pop() ?? key;
        if (endpoint === undefined) {
          outcomes.push({ status: 'not-checked', detail: `metrics not checked: ${name} shows no query endpoint` });
          continue;
        }
        let pending = metricsCache.get(endpoint);
        if (pending === undefined) {
          pending = queryPrometheus(endpoint, common);
          metricsCache.set(endpoint, pending);
        }
        const answer = await pending;
        if (isOutcome(answer)) outcomes.push(answer);
        else if (hasCluster(answer, cluster.id.id, cluster.id.name)) {
          outcomes.push({ status: 'pass', detail: `up samples in the last 15 minutes in ${name}`, target: endpoint });
        } else {
          outcomes.push({
            status: 'fail',
            detail: `no up samples from ${cluster.id.name} in the last 15 minutes in ${name}${why ? ` (${why})` : ''}`,
            target: endpoint,
          });
        }
      }
      metrics = combine(outcomes);
    }

    // Logs: each Log Analytics workspace the Container insights rules write to.
    let logs: ProbeOutcome;
    const lawKeys = [
      ...new Set(monitoring.containerInsightsRules.flatMap((r) => r.logAnalyticsWorkspaceIds).map((id) => idKey(id))),
    ];
    if (lawKeys.length === 0 || options.skip?.logs) {
      logs = { status: 'not-checked', detail: options.skip?.logs ? 'logs probe skipped' : 'logs are not collected' };
    } else {
      const outcomes: ProbeOutcome[] = [];
      for (const key of lawKeys) {
        const workspace = topology.logAnalyticsWorkspaces.get(key);
        const customerId = workspace?.resource.properties['customerId'];
        const name = workspace?.resource.name ?? key.split('/').pop() ?? key;
        if (typeof customerId !== 'string') {
          outcomes.push({ status: 'not-checked', detail: `logs not checked: ${name} shows no workspace id` });
          continue;
        }
        hosts.set(`${customerId}.ods.opinsights.azure.com`, `logs ingestion of ${name}`);
        let pending = logsCache.get(customerId);
        if (pending === undefined) {
          pending = queryLogs(customerId, {
            ...common,
            ...(options.logsEndpoint !== undefined && { endpoint: options.logsEndpoint }),
          });
          logsCache.set(customerId, pending);
        }
        const answer = await pending;
        if (isOutcome(answer)) outcomes.push(answer);
        else {
          const tables = answer.clusters.get(cluster.id.key);
          outcomes.push(
            tables
              ? {
                  status: 'pass',
                  detail: `rows in ${[...new Set(tables)].join(', ')} in the last 15 minutes in ${name}`,
                }
              : {
                  status: 'fail',
                  detail: `no KubePodInventory or ContainerLogV2 rows from ${cluster.id.name} in the last 15 minutes in ${name}${why ? ` (${why})` : ''}`,
                },
          );
        }
      }
      logs = combine(outcomes);
    }
    clusters.push({ id: cluster.id.id, name: cluster.id.name, metrics, logs });

    // DNS: every endpoint the agents use.
    if (monitoring.monitored) hosts.set(GLOBAL_HANDLER, 'global configuration handler');
    const configuration = monitoring.configurationAssociation?.endpointId;
    const endpointIds = [
      ...(configuration ? [configuration] : []),
      ...monitoring.prometheusRules.map((r) => r.endpointId),
      ...monitoring.containerInsightsRules.map((r) => r.endpointId),
    ].filter((id): id is string => id !== undefined);
    for (const id of endpointIds) {
      const endpoint = topology.endpoints.get(idKey(id));
      if (endpoint === undefined) continue;
      const p = endpoint.resource.properties;
      const name = endpoint.resource.name;
      const config = hostOf((p['configurationAccess'] as { endpoint?: unknown } | undefined)?.endpoint);
      const logsHost = hostOf((p['logsIngestion'] as { endpoint?: unknown } | undefined)?.endpoint);
      const metricsHost = hostOf((p['metricsIngestion'] as { endpoint?: unknown } | undefined)?.endpoint);
      if (config) hosts.set(config, `configuration of DCE ${name}`);
      if (logsHost) hosts.set(logsHost, `logs ingestion of DCE ${name}`);
      if (metricsHost) hosts.set(metricsHost, `metrics ingestion of DCE ${name}`);
    }
  }

  const dns = options.skip?.dns
    ? []
    : await probeDns(
        [...hosts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([host, use]) => ({ host, use })),
        { timeoutMs: Math.min(timeoutMs, 5000), ...(options.dnsServers && { servers: options.dnsServers }) },
      );
  return { clusters, dns };
}

/** Several workspaces: a failure wins over a pass, and a pass needs every workspace checked. */
function combine(outcomes: readonly ProbeOutcome[]): ProbeOutcome {
  const fail = outcomes.find((o) => o.status === 'fail');
  if (fail) return fail;
  const notChecked = outcomes.find((o) => o.status === 'not-checked');
  if (notChecked) return notChecked;
  return outcomes[0] ?? { status: 'not-checked', detail: 'nothing to ask' };
}
