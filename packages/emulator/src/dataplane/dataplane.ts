/**
 * The emulator's data plane: simulated agents, the query APIs over what they sent, and DNS per VNet.
 *
 * HTTP (same HTTPS server and CA as ARM; bearer tokens from the emulator's token endpoints):
 * - Prometheus HTTP API at each AMW's `properties.metrics.prometheusQueryEndpoint` (`<emulator>/prometheus/<accountId>`):
 *   `GET|POST /api/v1/query` (`query`, `time`) and `/api/v1/query_range` (`query`, `start`, `end`, `step`);
 *   token audience `https://prometheus.monitor.azure.com`. PromQL subset: promql.ts.
 * - Log Analytics query API at `<emulator>/loganalytics/v1` (the `endpoint` option of `LogsQueryClient`):
 *   `POST /workspaces/{customerId}/query` and `POST /{resourceId}/query` (a LAW or a cluster id), body
 *   `{ query, timespan }`; token audience `https://api.loganalytics.io` or this cloud's own Log Analytics resource id
 *   `<emulator>/loganalytics` (the `logAnalyticsResourceId` of its /metadata/endpoints). KQL subset: kql.ts.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Agents, type AgentOptions, type ClusterAgentsStatus } from './agents.js';
import { DnsServers, type DnsOptions, type DnsServerInfo } from './dns.js';
import { KqlError, parseKql, parseRequestTimespan, runKql, type KqlTable } from './kql.js';
import { NetworkModel, TYPES, type ResourceReader } from './network.js';
import { evaluateInstant, formatValue, parsePromQL, PromQLError } from './promql.js';
import { SampleStore, type LogRow } from './samples.js';
import { LOG_ANALYTICS_AUDIENCE, PROMETHEUS_AUDIENCE, type TokenService } from '../server/tokens.js';
import { asObject, jsonText } from '../providers/base.js';

export const PROMETHEUS_PATH = '/prometheus/';
/** The Log Analytics API's resource id (token audience) is `<emulator>/loganalytics`, as /metadata/endpoints says. */
export const LOG_ANALYTICS_RESOURCE_PATH = '/loganalytics';
export const LOG_ANALYTICS_PATH = `${LOG_ANALYTICS_RESOURCE_PATH}/v1`;

/** Whether a request path belongs to the data plane. */
export function isDataPlanePath(pathname: string): boolean {
  return pathname.startsWith(PROMETHEUS_PATH) || pathname.toLowerCase().startsWith(`${LOG_ANALYTICS_PATH}/`);
}

export interface DataPlaneAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export class DataPlane {
  readonly samples = new SampleStore();
  readonly agents: Agents;
  readonly dns: DnsServers;

  constructor(
    private readonly reader: ResourceReader,
    private readonly tokens: () => TokenService | undefined,
    private readonly baseUrl: string,
    dnsOptions: DnsOptions = {},
  ) {
    this.agents = new Agents(reader, this.samples);
    this.dns = new DnsServers(
      () => new NetworkModel(reader),
      () => reader.ofType(TYPES.vnet).map((v) => ({ id: v.id, name: jsonText(v['name']) })),
      dnsOptions,
    );
  }

  startAgents(options: AgentOptions): void {
    if (options.enabled === true) this.agents.start(options.tickMs ?? 1000);
  }

  tick(now?: number): ClusterAgentsStatus[] {
    const status = this.agents.tick(now);
    // A full --dns-ports range shows when the servers are listed; a tick goes on without the new VNet's server.
    this.dns.sync().catch(() => undefined);
    return status;
  }

  async dnsServers(): Promise<DnsServerInfo[]> {
    await this.dns.sync();
    return this.dns.list();
  }

  async stop(): Promise<void> {
    this.agents.stop();
    await this.dns.close();
  }

  async handle(method: string, url: URL, raw: string, headers: IncomingHttpHeaders): Promise<DataPlaneAnswer> {
    if (url.pathname.startsWith(PROMETHEUS_PATH)) return this.prometheus(method, url, raw, headers);
    return this.logAnalytics(method, url, raw, headers);
  }

  private async authorize(header: string | undefined, audiences: string[]): Promise<string | undefined> {
    const token = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1];
    if (token === undefined) return 'The Authorization header is missing or not a bearer token.';
    const service = this.tokens();
    if (service === undefined) return 'The emulator is starting.';
    const result = await service.verifyFor(token, audiences);
    if (result.claims) return undefined;
    if (result.problem === 'audience')
      return `The access token has the wrong audience; expected ${audiences.join(' or ')}.`;
    if (result.problem === 'expired') return 'The access token has expired.';
    return 'The access token is invalid.';
  }

  // ---- Prometheus HTTP API -------------------------------------------------------------------------------------

  private async prometheus(
    method: string,
    url: URL,
    raw: string,
    headers: IncomingHttpHeaders,
  ): Promise<DataPlaneAnswer> {
    const error = (status: number, errorType: string, message: string): DataPlaneAnswer => ({
      status,
      body: { status: 'error', errorType, error: message },
    });
    const match = /^\/prometheus\/([^/]+)\/api\/v1\/(query|query_range)\/?$/.exec(url.pathname);
    if (!match?.[1] || !match[2]) return error(404, 'not_found', `no such Prometheus API path: ${url.pathname}`);
    if (method !== 'GET' && method !== 'POST') return error(405, 'bad_data', `method ${method} not allowed`);
    const problem = await this.authorize(headers.authorization, [PROMETHEUS_AUDIENCE]);
    if (problem !== undefined)
      return { ...error(401, 'unauthorized', problem), headers: { 'WWW-Authenticate': 'Bearer' } };
    const accountId = match[1].toLowerCase();
    const account = this.reader
      .ofType(TYPES.amw)
      .find((a) => jsonText(asObject(a['properties'])['accountId']).toLowerCase() === accountId);
    if (account === undefined) return error(404, 'not_found', `no Azure Monitor workspace with account id ${match[1]}`);
    const params = new URLSearchParams(url.search);
    const contentType = headers['content-type'] ?? '';
    if (method === 'POST' && (contentType.includes('application/x-www-form-urlencoded') || contentType === '')) {
      for (const [k, v] of new URLSearchParams(raw)) params.set(k, v);
    }
    const query = params.get('query');
    if (query === null || query.trim() === '') return error(400, 'bad_data', 'invalid parameter "query": empty query');
    try {
      const node = parsePromQL(query);
      const series = this.samples.series(accountId);
      if (match[2] === 'query') {
        const time = parseTime(params.get('time'), 'time') ?? Date.now();
        const result = evaluateInstant(node, series, time).map((e) => ({
          metric: e.metric,
          value: [time / 1000, formatValue(e.value)],
        }));
        return { status: 200, body: { status: 'success', data: { resultType: 'vector', result } } };
      }
      const start = parseTime(params.get('start'), 'start');
      const end = parseTime(params.get('end'), 'end');
      const stepText = params.get('step');
      const step = stepText === null ? undefined : parseStep(stepText);
      if (start === undefined || end === undefined || step === undefined)
        return error(400, 'bad_data', 'invalid parameter: start, end and step are required');
      if (end < start)
        return error(400, 'bad_data', 'invalid parameter "end": end timestamp must not be before start time');
      if ((end - start) / step > 11_000)
        return error(
          400,
          'bad_data',
          'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
        );
      const byKey = new Map<string, { metric: Record<string, string>; values: [number, string][] }>();
      for (let t = start; t <= end; t += step) {
        for (const e of evaluateInstant(node, series, t)) {
          const key = JSON.stringify(Object.entries(e.metric).sort());
          const entry = byKey.get(key) ?? { metric: e.metric, values: [] };
          byKey.set(key, entry);
          entry.values.push([t / 1000, formatValue(e.value)]);
        }
      }
      return { status: 200, body: { status: 'success', data: { resultType: 'matrix', result: [...byKey.values()] } } };
    } catch (caught) {
      if (caught instanceof PromQLError) return error(400, 'bad_data', caught.message);
      throw caught;
    }
  }

  // ---- Log Analytics query API ---------------------------------------------------------------------------------

  private async logAnalytics(
    method: string,
    url: URL,
    raw: string,
    headers: IncomingHttpHeaders,
  ): Promise<DataPlaneAnswer> {
    const error = (status: number, code: string, message: string): DataPlaneAnswer => ({
      status,
      body: { error: { code, message } },
    });
    const rest = url.pathname.slice(LOG_ANALYTICS_PATH.length);
    const workspaceMatch = /^\/workspaces\/([^/]+)\/query\/?$/i.exec(rest);
    const resourceMatch = /^(\/subscriptions\/.+)\/query\/?$/i.exec(rest);
    if (!workspaceMatch && !resourceMatch)
      return error(404, 'PathNotFoundError', `The requested path does not exist: ${url.pathname}`);
    if (method !== 'POST' && method !== 'GET')
      return error(405, 'MethodNotAllowed', `Method ${method} is not allowed.`);
    const problem = await this.authorize(headers.authorization, [
      LOG_ANALYTICS_AUDIENCE,
      `${this.baseUrl}${LOG_ANALYTICS_RESOURCE_PATH}`,
    ]);
    if (problem !== undefined)
      return { ...error(401, 'InvalidTokenError', problem), headers: { 'WWW-Authenticate': 'Bearer' } };
    let body: { query?: unknown; timespan?: unknown } = {};
    if (method === 'POST') {
      try {
        body = raw === '' ? {} : (JSON.parse(raw) as typeof body);
      } catch {
        return error(400, 'BadArgumentError', 'The request body is not JSON.');
      }
    } else {
      body = {
        query: url.searchParams.get('query') ?? undefined,
        timespan: url.searchParams.get('timespan') ?? undefined,
      };
    }
    if (typeof body.query !== 'string' || body.query.trim() === '')
      return error(400, 'BadArgumentError', 'The request had some invalid properties: query is required.');
    // Which workspaces, and (resource-centric) which rows.
    const workspaces = this.reader.ofType(TYPES.law);
    const customerIdOf = (w: (typeof workspaces)[number]): string =>
      jsonText(asObject(w['properties'])['customerId']).toLowerCase();
    let targets = workspaces;
    let resourceFilter: string | undefined;
    if (workspaceMatch?.[1]) {
      const wanted = decodeURIComponent(workspaceMatch[1]).toLowerCase();
      targets = workspaces.filter((w) => customerIdOf(w) === wanted || w.id.toLowerCase() === wanted);
      if (targets.length === 0)
        return error(404, 'WorkspaceNotFoundError', `Workspace ${workspaceMatch[1]} not found.`);
    } else if (resourceMatch?.[1]) {
      const resourceId = decodeURIComponent(resourceMatch[1]).toLowerCase();
      const law = workspaces.find((w) => w.id.toLowerCase() === resourceId);
      if (law) targets = [law];
      else resourceFilter = resourceId;
    }
    try {
      const now = Date.now();
      const parsed = parseKql(body.query, now);
      const window = parseRequestTimespan(typeof body.timespan === 'string' ? body.timespan : undefined, now);
      let rows: LogRow[] | undefined;
      for (const workspace of targets) {
        const found = this.samples.rows(customerIdOf(workspace), parsed.table);
        if (found !== undefined) rows = [...(rows ?? []), ...found];
      }
      if (resourceFilter !== undefined && rows !== undefined)
        rows = rows.filter((r) => String(r['_ResourceId'] ?? '').toLowerCase() === resourceFilter);
      // Known tables exist (empty) even before any agent sent a row.
      if (rows === undefined && KNOWN_TABLES.has(parsed.table)) rows = [];
      const table: KqlTable = runKql(parsed, rows, window, TABLE_COLUMNS[parsed.table]);
      return { status: 200, body: { tables: [table] } };
    } catch (caught) {
      if (caught instanceof KqlError) {
        return {
          status: 400,
          body: {
            error: {
              code: 'BadArgumentError',
              message: 'The request had some invalid properties',
              innererror: { code: 'SyntaxError', message: caught.message },
            },
          },
        };
      }
      throw caught;
    }
  }
}

/** Container insights tables with their columns (Azure Monitor Logs table reference), so a query binds before any row. */
const TABLE_COLUMNS: Record<string, string[]> = {
  KubePodInventory: [
    'TimeGenerated',
    'ClusterId',
    'ClusterName',
    'Computer',
    'Namespace',
    'Name',
    'PodStatus',
    'PodUid',
    'ControllerName',
    'ContainerName',
    '_ResourceId',
  ],
  ContainerLogV2: [
    'TimeGenerated',
    'Computer',
    'ContainerId',
    'ContainerName',
    'PodName',
    'PodNamespace',
    'LogMessage',
    'LogSource',
    'LogLevel',
    '_ResourceId',
  ],
  KubeEvents: [
    'TimeGenerated',
    'ClusterId',
    'ClusterName',
    'Computer',
    'Namespace',
    'Name',
    'ObjectKind',
    'Reason',
    'Message',
    'KubeEventType',
    'Count',
    '_ResourceId',
  ],
};
const KNOWN_TABLES = new Set(Object.keys(TABLE_COLUMNS));

/** Prometheus accepts Unix seconds (possibly fractional) or RFC 3339. */
function parseTime(text: string | null, name: string): number | undefined {
  if (text === null || text === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new PromQLError(`invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`);
  return ms;
}

function parseStep(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.max(1, Math.round(Number(text) * 1000));
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  if (!match?.[1] || !match[2])
    throw new PromQLError(`invalid parameter "step": cannot parse "${text}" to a valid duration`);
  return Math.max(1, Number(match[1]) * (unit[match[2]] ?? 1000));
}
