import { idKey } from '../../model/resource-id.js';
import type { Topology } from '../../model/topology.js';
import { analyseCluster } from '../../plan/analyse-cluster.js';
import type { VerifyResult } from '../types.js';
import { discoverDataPlaneEndpoints, type DataPlaneEndpoints } from './cloud.js';
import { dnsNotChecked, probeDns } from './dns.js';
import { queryLogs, type LogsAnswer } from './logs.js';
import { hasCluster, queryPrometheus, type MetricsAnswer } from './metrics.js';
import { workspaceQueryNames } from './query-hosts.js';
import type { ClusterProbe, DnsName, LiveResult, ProbeOptions, ProbeOutcome } from './types.js';

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
 * Log Analytics workspace, and DNS for every endpoint the agents use and for each workspace's query host (PromQL
 * from Grafana and workbooks: query-hosts.ts), through resolvers inside the network only.
 * The query endpoints and audiences are those of the ARM endpoint's cloud (its /metadata/endpoints), so probes of a
 * sovereign cloud or an emulator never reach public Azure. A probe that cannot run says so and is reported
 * `not-checked`, never as a pass.
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
  /** The workspaces' query names, apart: a public answer can be right for them. */
  const queryNames = new Map<string, DnsName>();
  const clusters: ClusterProbe[] = [];
  const common = {
    credential: options.credential,
    timeoutMs,
    now,
    ...(options.ca !== undefined && { ca: options.ca }),
  };
  const cloud =
    options.cloud ??
    (await discoverDataPlaneEndpoints(options.armEndpoint, {
      timeoutMs,
      ...(options.ca !== undefined && { ca: options.ca }),
      overrides: options,
    }));
  const { logs: logsApi, prometheusAudience, suffixes } = cloud;

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
    for (const key of workspaces)
      for (const name of workspaceQueryNames(topology, key, suffixes.monitor)) queryNames.set(name.host, name);
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
        if (prometheusAudience === undefined) {
          outcomes.push(unknownToCloud(cloud, 'metrics', 'the Prometheus query audience', '--prometheus-audience URI'));
          continue;
        }
        let pending = metricsCache.get(endpoint);
        if (pending === undefined) {
          pending = queryPrometheus(endpoint, { ...common, audience: prometheusAudience });
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
        if (suffixes.opinsights !== undefined)
          hosts.set(`${customerId}.ods.${suffixes.opinsights}`, `logs ingestion of ${name}`);
        if (logsApi === undefined) {
          outcomes.push(
            unknownToCloud(
              cloud,
              'logs',
              'the Log Analytics query endpoint',
              '--logs-endpoint URL --logs-audience URI',
            ),
          );
          continue;
        }
        let pending = logsCache.get(customerId);
        if (pending === undefined) {
          pending = queryLogs(customerId, { ...common, endpoint: logsApi.endpoint, audience: logsApi.audience });
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
    if (monitoring.monitored && suffixes.monitor !== undefined)
      hosts.set(`global.handler.control.${suffixes.monitor}`, 'global configuration handler');
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

  const all = new Map<string, DnsName>(queryNames);
  for (const [host, use] of hosts) all.set(host, { host, use });
  for (const name of options.moreHosts ?? [])
    all.set(name.host.toLowerCase(), { ...name, host: name.host.toLowerCase() });
  const names = [...all.values()].sort((a, b) => (a.host < b.host ? -1 : 1));
  const dnsServers = options.skip?.dns ? [] : (options.dnsServers ?? []);
  const dns = options.skip?.dns
    ? []
    : dnsServers.length === 0
      ? names.map(dnsNotChecked)
      : await probeDns(names, { timeoutMs: Math.min(timeoutMs, 5000), servers: dnsServers });
  return { cloud, clusters, dnsServers, dns };
}

function unknownToCloud(cloud: DataPlaneEndpoints, what: string, value: string, flags: string): ProbeOutcome {
  const why = cloud.metadataProblem ?? `${cloud.metadataUrl} does not give it`;
  return {
    status: 'not-checked',
    detail: `${what} not checked: ${value} of the cloud ${cloud.cloud} is not known (${why}); give it with ${flags}`,
  };
}

/** Several workspaces: a failure wins over a pass, and a pass needs every workspace checked. */
function combine(outcomes: readonly ProbeOutcome[]): ProbeOutcome {
  const fail = outcomes.find((o) => o.status === 'fail');
  if (fail) return fail;
  const notChecked = outcomes.find((o) => o.status === 'not-checked');
  if (notChecked) return notChecked;
  return outcomes[0] ?? { status: 'not-checked', detail: 'nothing to ask' };
}
