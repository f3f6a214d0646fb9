// ARM's own routes, beside the providers' ones: subscriptions, tenants, locations, resource groups, generic resource
// lists, provider registrations, permissions and Resource Graph. Each answers a request the route table sent it.
import { z } from 'zod';
import { ArmErrors } from '../../arm/arm-errors.js';
import { scopeOf } from '../../arm/ids.js';
import { RESOURCE_TYPES, RESOURCES_API_VERSIONS } from '../../arm/resource-types.js';
import type { Subscription } from '../../fleet/types.js';
import { resourceGroups } from '../../providers/resource-groups.js';
import type { ArmResource, JsonObject } from '../../store/store.js';
import { subscriptionLocations } from '../locations.js';
import { getResource, patchResource, putResource } from './crud.js';
import { page } from './paging.js';
import { checkVersion, requireMethod } from './request-checks.js';
import { canonicalScope } from './resolve.js';
import type { ArmRequest, ArmResponse, Engine } from './types.js';
import { jsonText } from '../../providers/base.js';

const RESOURCE_GROUP_TYPE = RESOURCE_TYPES.resourceGroup.type;

/** Api-versions of Microsoft.Authorization/permissions (Authorization specs: 2015-07-01 to 2022-04-01). */
const PERMISSIONS_API_VERSIONS = ['2015-07-01', '2018-01-01-preview', '2022-04-01', '2022-05-01-preview'];
const PERMISSIONS_TYPE = 'Microsoft.Authorization/permissions';
const RESOURCE_GRAPH_TYPE = 'Microsoft.ResourceGraph/resources';

// ---- subscriptions and tenants -----------------------------------------------------------------------------------

export function subscriptionJson(engine: Engine, sub: Subscription): JsonObject {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: sub.subscriptionId,
    tenantId: engine.options.tenantId,
    displayName: sub.displayName,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
  };
}

export function listSubscriptions(engine: Engine, req: ArmRequest): ArmResponse {
  requireMethod(req.method.toUpperCase(), ['GET']);
  checkVersion(req, RESOURCES_API_VERSIONS, 'subscriptions');
  const actor = req.actor;
  // A caller sees the subscriptions where it holds some role at or below the subscription.
  const visible = engine.options
    .subscriptions()
    .filter((s) => !actor || engine.options.canRead(actor, `/subscriptions/${s.subscriptionId}/*`));
  return page(
    engine,
    req,
    visible.map((s) => subscriptionJson(engine, s)),
  );
}

export function getSubscription(engine: Engine, req: ArmRequest, segs: string[]): ArmResponse {
  requireMethod(req.method.toUpperCase(), ['GET']);
  checkVersion(req, RESOURCES_API_VERSIONS, 'subscriptions');
  return { status: 200, body: subscriptionJson(engine, engine.subscription(segs[1] ?? '')) };
}

export function listTenants(engine: Engine, req: ArmRequest): ArmResponse {
  requireMethod(req.method.toUpperCase(), ['GET']);
  checkVersion(req, RESOURCES_API_VERSIONS, 'subscriptions');
  const t = engine.options.tenantId;
  return page(engine, req, [
    {
      id: `/tenants/${t}`,
      tenantId: t,
      tenantCategory: 'Home',
      displayName: 'Amplink Emulator',
      defaultDomain: 'amplink-emulator.onmicrosoft.com',
      domains: ['amplink-emulator.onmicrosoft.com'],
      tenantType: 'AAD',
    },
  ]);
}

export function listLocations(engine: Engine, req: ArmRequest, segs: string[]): ArmResponse {
  checkVersion(req, RESOURCES_API_VERSIONS, 'subscriptions');
  const sub = engine.subscription(segs[1] ?? '');
  return page(engine, req, subscriptionLocations(sub.subscriptionId, engine.store.all()));
}

// ---- resource groups and generic lists ---------------------------------------------------------------------------

export function resourceGroup(engine: Engine, req: ArmRequest, segs: string[]): ArmResponse {
  checkVersion(req, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
  const sub = engine.subscription(segs[1] ?? '');
  const name = segs[3] ?? '';
  const id =
    engine.store.get(`/subscriptions/${sub.subscriptionId}/resourceGroups/${name}`)?.id ??
    `/subscriptions/${sub.subscriptionId}/resourceGroups/${name}`;
  const method = req.method.toUpperCase();
  if (method === 'HEAD') {
    engine.authorize(req, `${RESOURCE_GROUP_TYPE}/read`, id);
    return { status: engine.store.has(id) ? 204 : 404 };
  }
  if (method === 'GET') return getResource(engine, req, resourceGroups, id);
  if (method === 'PUT') return putResource(engine, req, resourceGroups, id, name, req.body, false);
  if (method === 'PATCH') return patchResource(engine, req, resourceGroups, id);
  if (method === 'DELETE') {
    engine.authorize(req, `${RESOURCE_GROUP_TYPE}/delete`, id);
    engine.options.count(RESOURCE_GROUP_TYPE, 'delete');
    if (!engine.store.has(id)) throw ArmErrors.resourceGroupNotFound(name);
    // ARM deletes a group asynchronously: 202 with a Location to poll (Resources spec, ResourceGroups_Delete).
    const op = engine.operations.start({
      resourceId: id,
      lockKey: undefined,
      delayMs: 0,
      statusPath: (opId) => `/subscriptions/${sub.subscriptionId}/operationresults/${opId}`,
      complete: () => engine.remove(id),
    });
    if (req.actor === undefined) return { status: 200 };
    return {
      status: 202,
      headers: {
        Location: `${engine.options.baseUrl}/subscriptions/${sub.subscriptionId}/operationresults/${op.id}?api-version=${req.query.get('api-version') ?? ''}`,
        'Retry-After': engine.options.timing.retryAfter(),
      },
    };
  }
  throw ArmErrors.methodNotAllowed(method);
}

export function listResourceGroups(engine: Engine, req: ArmRequest, segs: string[]): ArmResponse {
  requireMethod(req.method.toUpperCase(), ['GET']);
  checkVersion(req, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
  const sub = engine.subscription(segs[1] ?? '');
  engine.options.count(RESOURCE_GROUP_TYPE, 'read');
  const prefix = `/subscriptions/${sub.subscriptionId}/`.toLowerCase();
  const filter = parseFilter(req.query.get('$filter'), ['tagname', 'tagvalue']);
  const groups = engine.store
    .ofType(RESOURCE_GROUP_TYPE)
    .filter((g) => g.id.toLowerCase().startsWith(prefix) && hasTag(g, filter));
  return page(engine, req, engine.readable(req, groups));
}

/** GET /subscriptions/{s}/resources and by group: tracked resources in the GenericResourceExpanded shape. */
export function listGeneric(engine: Engine, req: ArmRequest, segs: string[]): ArmResponse {
  const sub = engine.subscription(segs[1] ?? '');
  const group = segs.length > 3 ? engine.group(sub, segs[3] ?? '') : undefined;
  requireMethod(req.method.toUpperCase(), ['GET']);
  checkVersion(req, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
  const filter = parseFilter(req.query.get('$filter'));
  const prefix = (group ? group.id : `/subscriptions/${sub.subscriptionId}`).toLowerCase() + '/';
  const types =
    filter.resourceType !== undefined
      ? [filter.resourceType]
      : engine.providers
          .all()
          .filter((p) => p.tracked && p.type !== RESOURCE_GROUP_TYPE)
          .map((p) => p.type);
  const out: JsonObject[] = [];
  for (const type of types) {
    const provider = engine.providers.get(type);
    if (!provider?.tracked || provider.type === RESOURCE_GROUP_TYPE) continue;
    engine.options.count(provider.type, 'read');
    for (const r of engine.store.ofType(provider.type)) {
      if (!r.id.toLowerCase().startsWith(prefix)) continue;
      if (filter.resourceGroup !== undefined && scopeOf(r.id)?.resourceGroup?.toLowerCase() !== filter.resourceGroup)
        continue;
      if (filter.name !== undefined && jsonText(r['name']).toLowerCase() !== filter.name) continue;
      if (!hasTag(r, filter)) continue;
      if (req.actor && !engine.options.canRead(req.actor, r.id)) continue;
      out.push(genericItem(r));
    }
  }
  return page(engine, req, out);
}

function genericItem(r: ArmResource): JsonObject {
  const item: JsonObject = { id: r.id, name: r['name'] ?? '', type: r.type, location: r['location'] ?? '' };
  for (const key of ['kind', 'sku', 'identity', 'managedBy', 'tags'] as const)
    if (r[key] !== undefined) item[key] = r[key];
  return item;
}

interface GenericFilter {
  resourceType?: string;
  resourceGroup?: string;
  name?: string;
  tagName?: string;
  tagValue?: string;
}

const FILTER_FIELDS = ['resourcetype', 'resourcegroup', 'name', 'tagname', 'tagvalue'] as const;
type FilterField = (typeof FILTER_FIELDS)[number];

const filterClause = z.string().regex(/^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i);

/**
 * The $filter forms discovery and az use: `field eq '...'` joined by `and`, for the fields a list allows
 * (resources: resourceType, resourceGroup, name, tagName, tagValue; resource groups: tagName, tagValue). `az group
 * list --tag k=v` and `az resource list --tag k=v` send `tagName eq 'k' and tagValue eq 'v'`; a quote inside a value
 * is doubled, as OData writes it. tagValue needs tagName, as ARM requires.
 */
function parseFilter(filter: string | null, allowed: readonly FilterField[] = FILTER_FIELDS): GenericFilter {
  const out: GenericFilter = {};
  if (filter === null || filter.trim() === '') return out;
  for (const clause of filter.split(/\s+and\s+/i)) {
    const match = filterClause.safeParse(clause).success ? /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'/i.exec(clause) : null;
    const field = (match?.[1] ?? '').toLowerCase() as FilterField;
    if (!allowed.includes(field)) throw ArmErrors.invalidFilter(filter);
    const raw = (match?.[2] ?? '').replace(/''/g, "'");
    if (field === 'resourcetype') out.resourceType = raw.toLowerCase();
    else if (field === 'resourcegroup') out.resourceGroup = raw.toLowerCase();
    else if (field === 'name') out.name = raw.toLowerCase();
    else if (field === 'tagname') out.tagName = raw;
    else out.tagValue = raw;
  }
  if (out.tagValue !== undefined && out.tagName === undefined) throw ArmErrors.invalidFilter(filter);
  return out;
}

/** Tag names compare without case, tag values with it (ARM's tag filter). */
function hasTag(resource: ArmResource, filter: GenericFilter): boolean {
  if (filter.tagName === undefined) return true;
  const tags = resource['tags'];
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) return false;
  const wanted = filter.tagName.toLowerCase();
  const entry = Object.entries(tags).find(([key]) => key.toLowerCase() === wanted);
  if (entry === undefined) return false;
  return filter.tagValue === undefined || entry[1] === filter.tagValue;
}

// ---- provider registrations, permissions, Resource Graph ---------------------------------------------------------

/** GET /subscriptions/{s}/providers[/{namespace}[/register]]: the namespaces and types the emulator serves. */
export function providerInfo(engine: Engine, req: ArmRequest, segs: string[]): ArmResponse {
  checkVersion(req, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
  const sub = engine.subscription(segs[1] ?? '');
  const namespace = segs[3];
  const describe = (ns: string): JsonObject => {
    const types = engine.providers.all().filter((p) => p.type.split('/')[0]?.toLowerCase() === ns.toLowerCase());
    return {
      id: `/subscriptions/${sub.subscriptionId}/providers/${ns}`,
      namespace: ns,
      registrationState: 'Registered',
      registrationPolicy: 'RegistrationRequired',
      resourceTypes: types.map((p) => ({
        resourceType: p.type.split('/').slice(1).join('/'),
        locations: [],
        // Newest first, as ARM lists them; az picks the newest non-preview version from here.
        apiVersions: [...p.apiVersions].reverse(),
        capabilities: p.extension ? 'SupportsExtension' : 'None',
      })),
    };
  };
  if (namespace === undefined) {
    const namespaces = [...new Set(engine.providers.all().map((p) => p.type.split('/')[0] ?? ''))];
    return page(engine, req, namespaces.map(describe));
  }
  const ns = engine.providers.namespace(namespace);
  if (ns === undefined) throw ArmErrors.invalidResourceNamespace(namespace);
  return { status: 200, body: describe(ns) };
}

/**
 * GET {scope}/providers/Microsoft.Authorization/permissions: what the caller may do at a resource group or a
 * resource (Permissions_ListForResourceGroup / _ListForResource), or a subscription. Any signed-in caller may ask.
 */
export function permissions(engine: Engine, req: ArmRequest, segs: string[]): ArmResponse {
  requireMethod(req.method.toUpperCase(), ['GET']);
  checkVersion(req, PERMISSIONS_API_VERSIONS, PERMISSIONS_TYPE);
  const scopeId = canonicalScope(engine, segs.slice(0, -3), req);
  engine.options.count(PERMISSIONS_TYPE, 'read');
  const value = req.actor
    ? engine.options.permissions(req.actor, scopeId)
    : [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }];
  return page(engine, req, value);
}

export function isPermissionsPath(lower: readonly string[]): boolean {
  const n = lower.length;
  return (
    n >= 5 &&
    lower[n - 3] === 'providers' &&
    lower[n - 2] === 'microsoft.authorization' &&
    lower[n - 1] === 'permissions'
  );
}

/** POST /providers/Microsoft.ResourceGraph/resources, answered from the engine's store. */
export function resourceGraphQuery(engine: Engine, req: ArmRequest): ArmResponse {
  if (req.actor === undefined) throw ArmErrors.unservedPath(req.path);
  engine.options.count(RESOURCE_GRAPH_TYPE, 'read');
  return engine.resourceGraph.handle(req.method, req.query, req.body, req.actor);
}
