// Azure Resource Graph over the emulator's own store: POST /providers/Microsoft.ResourceGraph/resources
// (Resources_Resources in specification/resourcegraph, QueryRequest -> QueryResponse). Queries run through the
// emulator's one KQL implementation (src/kql). Tables as Resource Graph fills them:
//   resources           tracked resources (clusters, workspaces, AMW, DCEs, DCRs, AMPLS, private endpoints, private DNS
//                       zones and their VNet links, VNets...); sub-resources Azure keeps inside their parent's
//                       properties (subnets, DNS zone groups, record sets, scoped resources, connections) are not rows.
//   insightsresources   data collection rule associations.
//   resourcecontainers  subscriptions and resource groups.
// Types and locations are lower-cased and resourceGroup too, as Resource Graph returns them; rows are limited to the
// request's subscriptions and to what the caller may read.
import { createHash } from 'node:crypto';
import { ArmErrors } from '../arm/arm-errors.js';
import { scopeOf } from '../arm/ids.js';
import {
  checkVersion,
  MAX_TOP,
  readRequest,
  readToken,
  RESOURCE_GRAPH_API_VERSIONS,
  type QueryRequest,
} from './resource-graph-request.js';
import type { Timing } from './timing.js';

export { RESOURCE_GRAPH_API_VERSIONS };
import { runQuery, type KqlTableSource, type Row } from '../kql/evaluate.js';
import { KqlError, parseQuery, type Query } from '../kql/syntax.js';
import { DCRA_TYPE } from '../providers/data-collection-rule-associations.js';
import { RESOURCE_GROUP_TYPE } from '../providers/resource-groups.js';
import type { Actor } from '../providers/base.js';
import type { ArmResource, ResourceStore } from '../store/store.js';
import type { Subscription } from '../fleet/types.js';

export const RESOURCE_GRAPH_PATH = '/providers/microsoft.resourcegraph/resources';

/** Resource Graph's per-user quota: 15 queries in every 5-second window (aka.ms/resourcegraph-throttling). */
export const RESOURCE_GRAPH_QUOTA = { queries: 15, windowSeconds: 5 };
/** Without $top a page is as large as a page may be (resource-graph-request.ts). */
const DEFAULT_TOP = MAX_TOP;

const RESOURCES_COLUMNS = [
  'id',
  'name',
  'type',
  'tenantId',
  'kind',
  'location',
  'resourceGroup',
  'subscriptionId',
  'managedBy',
  'sku',
  'plan',
  'properties',
  'tags',
  'identity',
  'zones',
  'extendedLocation',
];

export interface ResourceGraphOptions {
  store: ResourceStore;
  tenantId: string;
  subscriptions: () => Subscription[];
  /** Whether a resource type is a tracked resource (a row of `resources`). */
  isTracked: (type: string) => boolean;
  /** A resource as GET returns it. */
  view: (resource: ArmResource) => ArmResource;
  canRead: (actor: Actor, scope: string) => boolean;
  /** Changes when the actor's role assignments change (cached results depend on them). */
  accessKey: (actor: Actor) => string;
  timing: Timing;
  /** The emulator's throttling switch: with it off there is no quota (no headers, no 429). */
  quota: boolean;
}

/** A query's whole result, kept while the store and the caller's roles stay the same so pages are slices of it. */
interface Evaluated {
  fingerprint: string;
  columns: string[];
  rows: Row[];
  hasId: boolean;
  hasTake: boolean;
}

const CACHED_RESULTS = 8;

export class ResourceGraph {
  private readonly windows = new Map<string, { start: number; used: number }>();
  private readonly results = new Map<string, Evaluated>();

  constructor(private readonly options: ResourceGraphOptions) {}

  resetQuota(): void {
    this.windows.clear();
    this.results.clear();
  }

  /** Answers one query; throws EmulatorError (400, 405, 429) in Resource Graph's shapes. */
  handle(
    method: string,
    query: URLSearchParams,
    body: unknown,
    actor: Actor,
    now = Date.now(),
  ): { status: number; body: unknown; headers: Record<string, string> } {
    if (method !== 'POST') throw ArmErrors.methodNotAllowed(method);
    checkVersion(query.get('api-version'));
    const headers = this.takeQuota(actor.objectId, now);
    const request = readRequest(body);
    const subscriptionIds = this.scope(request, actor);
    const evaluated = this.evaluate(request.query, subscriptionIds, actor, now);
    return { status: 200, body: this.page(request, evaluated), headers };
  }

  private evaluate(text: string, subscriptions: Set<string>, actor: Actor, now: number): Evaluated {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([text, [...subscriptions].sort()]))
      .digest('base64url')
      .slice(0, 16);
    const key = `${fingerprint}|${actor.objectId}|${this.options.store.version}|${this.options.accessKey(actor)}`;
    const cached = this.results.get(key);
    if (cached) return cached;
    let parsed: Query;
    let result: { columns: string[]; rows: Row[] };
    try {
      parsed = parseQuery(text);
      result = runQuery(parsed, (name) => this.table(name, subscriptions, actor), now);
    } catch (error) {
      if (error instanceof KqlError) throw ArmErrors.resourceGraphInvalidQuery(error.kind, error.message);
      throw error;
    }
    const hasId = result.columns.includes('id');
    // Pages must not shift between calls: without an explicit order, rows come sorted by id (the paging key).
    const rows =
      hasId && !parsed.operators.some((op) => op.kind === 'sort')
        ? [...result.rows].sort((a, b) => compareIds(a['id'], b['id']))
        : result.rows;
    const evaluated: Evaluated = {
      fingerprint,
      columns: result.columns,
      rows,
      hasId,
      hasTake: parsed.operators.some((op) => op.kind === 'take'),
    };
    if (this.results.size >= CACHED_RESULTS) this.results.delete(this.results.keys().next().value ?? '');
    this.results.set(key, evaluated);
    return evaluated;
  }

  /** Fixed 5-second windows per principal, in the timing's scaled time. */
  private takeQuota(principal: string, now: number): Record<string, string> {
    if (!this.options.quota) return {};
    const windowMs = this.options.timing.scale(RESOURCE_GRAPH_QUOTA.windowSeconds * 1000);
    let window = this.windows.get(principal);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(principal, window);
    }
    const leftMs = window.start + windowMs - now;
    const resetsAfter = formatTimespan(leftMs);
    if (window.used >= RESOURCE_GRAPH_QUOTA.queries) {
      const realSeconds = Math.max(1, Math.ceil(leftMs / this.options.timing.timeScale / 1000));
      throw ArmErrors.resourceGraphQuotaExceeded(now, {
        'Retry-After': this.options.timing.retryAfter(realSeconds),
        'x-ms-user-quota-remaining': '0',
        'x-ms-user-quota-resets-after': resetsAfter,
      });
    }
    window.used += 1;
    return {
      'x-ms-user-quota-remaining': String(RESOURCE_GRAPH_QUOTA.queries - window.used),
      'x-ms-user-quota-resets-after': resetsAfter,
    };
  }

  /** The subscriptions a query runs over: those asked for (or all) that the caller may read something in. */
  private scope(request: QueryRequest, actor: Actor): Set<string> {
    const all = this.options.subscriptions();
    for (const group of request.managementGroups ?? []) {
      if (group.toLowerCase() !== this.options.tenantId.toLowerCase()) {
        throw ArmErrors.resourceGraphBadRequest(
          'InvalidManagementGroup',
          `Management group '${group}' is not known: the emulator has only the tenant root group '${this.options.tenantId}'. Query by subscriptions instead.`,
        );
      }
    }
    const wanted =
      request.subscriptions === undefined || request.subscriptions.length === 0
        ? all
        : all.filter((s) => request.subscriptions?.some((w) => w.toLowerCase() === s.subscriptionId.toLowerCase()));
    return new Set(
      wanted
        .filter((s) => this.options.canRead(actor, `/subscriptions/${s.subscriptionId}/*`))
        .map((s) => s.subscriptionId.toLowerCase()),
    );
  }

  private table(name: string, subscriptions: Set<string>, actor: Actor): KqlTableSource | undefined {
    const kind = name.toLowerCase();
    if (kind !== 'resources' && kind !== 'insightsresources' && kind !== 'resourcecontainers') return undefined;
    const rows: Row[] = [];
    if (kind === 'resourcecontainers') {
      for (const sub of this.options.subscriptions()) {
        const id = `/subscriptions/${sub.subscriptionId}`;
        if (subscriptions.has(sub.subscriptionId.toLowerCase()) && this.options.canRead(actor, id))
          rows.push(this.subscriptionRow(sub));
      }
    }
    const types =
      kind === 'resourcecontainers'
        ? [RESOURCE_GROUP_TYPE]
        : kind === 'insightsresources'
          ? [DCRA_TYPE]
          : this.options.store
              .types()
              .filter((t) => t !== RESOURCE_GROUP_TYPE.toLowerCase() && this.options.isTracked(t));
    for (const type of types) {
      for (const resource of this.options.store.ofType(type)) {
        const sub = scopeOf(resource.id)?.subscriptionId.toLowerCase();
        if (sub === undefined || !subscriptions.has(sub) || !this.options.canRead(actor, resource.id)) continue;
        rows.push(this.resourceRow(this.options.view(resource)));
      }
    }
    return { columns: RESOURCES_COLUMNS, rows };
  }

  private resourceRow(r: ArmResource): Row {
    const scope = scopeOf(r.id);
    const isGroup = r.type.toLowerCase() === RESOURCE_GROUP_TYPE.toLowerCase();
    const row: Row = {
      id: r.id,
      name: r['name'] ?? '',
      // Resource Graph names a group's type after its place under the subscription.
      type: isGroup ? 'microsoft.resources/subscriptions/resourcegroups' : r.type.toLowerCase(),
      tenantId: this.options.tenantId,
      kind: r['kind'] ?? '',
      location: typeof r['location'] === 'string' ? r['location'].toLowerCase().replace(/\s+/g, '') : '',
      resourceGroup: (scope?.resourceGroup ?? '').toLowerCase(),
      subscriptionId: scope?.subscriptionId ?? '',
      managedBy: r['managedBy'] ?? '',
      sku: r['sku'] ?? null,
      plan: r['plan'] ?? null,
      properties: r['properties'] ?? {},
      tags: r['tags'] ?? {},
      identity: r['identity'] ?? null,
      zones: r['zones'] ?? null,
      extendedLocation: r['extendedLocation'] ?? null,
    };
    return row;
  }

  private subscriptionRow(sub: Subscription): Row {
    return {
      id: `/subscriptions/${sub.subscriptionId}`,
      name: sub.displayName,
      type: 'microsoft.resources/subscriptions',
      tenantId: this.options.tenantId,
      kind: '',
      location: '',
      resourceGroup: '',
      subscriptionId: sub.subscriptionId,
      managedBy: '',
      sku: null,
      plan: null,
      properties: {
        state: 'Enabled',
        subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01' },
      },
      tags: {},
      identity: null,
      zones: null,
      extendedLocation: null,
    };
  }

  private page(request: QueryRequest, result: Evaluated): Record<string, unknown> {
    const fingerprint = result.fingerprint;
    const token = request.options?.$skipToken === undefined ? undefined : readToken(request.options.$skipToken);
    if (token !== undefined && token.q !== fingerprint) {
      throw ArmErrors.resourceGraphBadRequest(
        'InvalidSkipToken',
        'The $skipToken belongs to another query or other subscriptions: send it with the query and scopes that returned it.',
      );
    }
    const top = request.options?.$top ?? token?.n ?? DEFAULT_TOP;
    // "If limit or take is used in the query, skip is ignored" (same page); a $skipToken still pages.
    const skip = (result.hasTake ? undefined : request.options?.$skip) ?? token?.o ?? 0;
    const { hasId, rows } = result;
    const data = rows.slice(skip, skip + top);
    const more = skip + data.length < rows.length;
    const body: Record<string, unknown> = {
      totalRecords: rows.length,
      count: data.length,
      // Without an id column Resource Graph cannot page: it says the result is truncated instead of giving a token.
      resultTruncated: more && !hasId ? 'true' : 'false',
    };
    if (more && hasId)
      body['$skipToken'] = Buffer.from(JSON.stringify({ q: fingerprint, o: skip + data.length, n: top })).toString(
        'base64',
      );
    body['data'] =
      request.options?.resultFormat === 'table'
        ? asTable(result.columns, data)
        : data.map((r) => pick(r, result.columns));
    body['facets'] = [];
    return body;
  }
}

function compareIds(a: unknown, b: unknown): number {
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function pick(row: Row, columns: string[]): Row {
  const out: Row = {};
  for (const c of columns) out[c] = row[c] ?? null;
  return out;
}

function asTable(columns: string[], rows: Row[]): { columns: { name: string; type: string }[]; rows: unknown[][] } {
  const typeOf = (name: string): string => {
    const value = rows.map((r) => r[name]).find((v) => v !== null && v !== undefined);
    if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
    if (typeof value === 'boolean') return 'boolean';
    if (value instanceof Date) return 'datetime';
    if (typeof value === 'object') return 'object';
    return 'string';
  };
  return {
    columns: columns.map((name) => ({ name, type: typeOf(name) })),
    rows: rows.map((r) => columns.map((c) => r[c] ?? null)),
  };
}

/** hh:mm:ss as Resource Graph sends its reset time; scaled time adds the fraction ("00:00:00.05"). */
export function formatTimespan(ms: number): string {
  const total = Math.max(0, ms) / 1000;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const whole = Math.floor(seconds);
  const fraction = Math.round((seconds - whole) * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(whole)}${fraction > 0 ? `.${String(fraction).padStart(3, '0')}` : ''}`;
}
