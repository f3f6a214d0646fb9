// Create, read, update, list and delete of provider resources, as ARM does them: authorization, counting, the
// envelope (base.ts), provider hooks, and long-running writes where the type has them.
import { ArmErrors } from '../../arm/arm-errors.js';
import { idKey, scopeOf } from '../../arm/ids.js';
import { asObject, asString, buildResource, jsonText, normalizeLocation } from '../../providers/base.js';
import { RESOURCE_GROUP_TYPE } from '../../providers/resource-groups.js';
import { locationAccepted, offeredLocations } from '../locations.js';
import { checkResourceName } from './names.js';
import type { ResourceProvider, WriteRequest } from '../../providers/types.js';
import type { ArmResource, Json, JsonObject } from '../../store/store.js';
import type { Operation } from '../operations.js';
import { lroHeaders, statusPath, synchronousLatency } from './lro.js';
import { page } from './paging.js';
import { notFound } from './resolve.js';
import type { ArmRequest, ArmResponse, Engine } from './types.js';

export function getResource(engine: Engine, req: ArmRequest, provider: ResourceProvider, id: string): ArmResponse {
  engine.authorize(req, `${provider.type}/read`, id);
  engine.options.count(provider.type, 'read');
  const found = engine.store.get(id) ?? provider.virtual?.(engine.context, id);
  if (!found) throw notFound(provider, id);
  return { status: 200, body: engine.view(found) };
}

export function listResources(
  engine: Engine,
  req: ArmRequest,
  provider: ResourceProvider,
  scopeId: string,
): ArmResponse {
  engine.authorizeList(req, `${provider.type}/read`, scopeId);
  engine.options.count(provider.type, 'read');
  let items: ArmResource[];
  if (provider.extension || provider.type.split('/').length > 2) {
    items = engine.store.childrenOf(scopeId, provider.type);
  } else {
    const prefix = idKey(scopeId) + '/';
    items = engine.store.ofType(provider.type).filter((r) => idKey(r.id).startsWith(prefix));
  }
  return pageOfViews(engine, req, items);
}

export function listAction(
  engine: Engine,
  req: ArmRequest,
  provider: ResourceProvider,
  parentId: string,
  action: string,
  itemName?: string,
): ArmResponse {
  const parent = engine.store.get(parentId);
  const run = provider.listActions?.[action];
  if (!parent || !run) throw ArmErrors.unservedPath(req.path);
  engine.authorize(req, `${provider.type}/read`, parentId);
  engine.options.count(provider.type, 'read');
  const items = run(engine.context, parent);
  if (itemName === undefined) return pageOfViews(engine, req, items);
  // One item by name (ARM names compare without regard to case), else ARM's not-found for it.
  const found = items.find((i) => idKey(jsonText(i['name'])) === idKey(itemName));
  if (!found) throw notFound(provider, `${parentId}/${action}/${itemName}`);
  return { status: 200, body: engine.view(found) };
}

/** A page of the items the caller may read, as GET shows them. */
function pageOfViews(engine: Engine, req: ArmRequest, items: ArmResource[]): ArmResponse {
  return page(
    engine,
    req,
    engine.readable(req, items).map((r) => engine.view(r)),
  );
}

export function putResource(
  engine: Engine,
  req: ArmRequest,
  provider: ResourceProvider,
  id: string,
  name: string,
  rawBody: unknown,
  isPatch: boolean,
): ArmResponse {
  engine.authorize(req, `${provider.type}/write`, id);
  engine.options.count(provider.type, 'write');
  const lockKey = provider.serializationKey?.(id);
  if (lockKey !== undefined && engine.operations.inProgress(lockKey)) throw ArmErrors.provisioningInProgress();
  const body = validateBody(provider, rawBody);
  const existing = engine.store.get(id);
  // A client's write is checked as ARM checks it; the platform's own writes (fleet loading) are Azure's already.
  if (req.actor !== undefined) {
    if (existing === undefined) checkResourceName(provider.type, name);
    checkLocation(engine, provider, id, body);
  }
  assertSameLocation(existing, body, name, id);
  const write: WriteRequest = {
    id: existing?.id ?? id,
    name: existing ? jsonText(existing['name'] ?? name) : name,
    apiVersion: req.query.get('api-version') ?? '',
    body,
    existing,
    ...(req.ifMatch !== undefined && !isPatch && { ifMatch: req.ifMatch }),
  };
  provider.validate?.(engine.context, write);
  const created = existing === undefined;
  const longRunning = provider.longRunning?.put === true && req.actor !== undefined && !isPatch;
  if (!longRunning) {
    const resource = buildResource(provider, engine.context, write, req.actor, 'Succeeded');
    engine.store.put(resource);
    provider.afterPut?.(engine.context, resource, created, body);
    return {
      status: created ? 201 : 200,
      body: engine.view(engine.store.get(resource.id) ?? resource),
      ...synchronousLatency(engine, req),
    };
  }
  const answer = provider.longRunning?.provisioningAnswer === true ? engine.nextLongRunningAnswer() : 'status';
  const state = answer === 'provisioning' ? 'Provisioning' : created ? 'Creating' : 'Updating';
  const resource = buildResource(provider, engine.context, write, req.actor, state);
  engine.store.put(resource);
  const op = startPutOperation(engine, provider, resource, { created, body, lockKey });
  // As recorded: 200, the resource Provisioning, no operation header; the client polls the resource until it is done.
  if (answer === 'provisioning') return { status: 200, body: engine.view(engine.store.get(resource.id) ?? resource) };
  const headers = lroHeaders(engine, req, op);
  if (provider.longRunning?.statusStyle === 'privateLinkScope') return { status: 202, headers };
  return { status: created ? 201 : 200, body: engine.view(engine.store.get(resource.id) ?? resource), headers };
}

export function patchResource(engine: Engine, req: ArmRequest, provider: ResourceProvider, id: string): ArmResponse {
  const existing = engine.store.get(id);
  if (!existing) throw notFound(provider, id);
  const sent = asObject(req.body as JsonObject);
  const merged: JsonObject = {};
  for (const key of ['location', 'tags', 'kind', 'identity', 'sku'] as const) {
    const value = sent[key] ?? existing[key];
    if (value !== undefined) merged[key] = value;
  }
  merged['properties'] = mergeDeep(asObject(existing['properties']), asObject(sent['properties']));
  const response = putResource(engine, req, provider, id, jsonText(existing['name']), merged, true);
  return { ...response, status: 200 };
}

export function deleteResource(engine: Engine, req: ArmRequest, provider: ResourceProvider, id: string): ArmResponse {
  engine.authorize(req, `${provider.type}/delete`, id);
  engine.options.count(provider.type, 'delete');
  const existing = engine.store.get(id);
  if (!existing) return { status: 204 };
  const lockKey = provider.serializationKey?.(id);
  if (lockKey !== undefined && engine.operations.inProgress(lockKey)) throw ArmErrors.provisioningInProgress();
  provider.beforeDelete?.(engine.context, existing);
  if (provider.longRunning?.delete !== true || req.actor === undefined) {
    engine.remove(id);
    return { status: 200, ...synchronousLatency(engine, req) };
  }
  engine.store.put({ ...existing, properties: { ...asObject(existing['properties']), provisioningState: 'Deleting' } });
  const op = startDeleteOperation(engine, provider, existing, lockKey);
  return { status: 202, headers: lroHeaders(engine, req, op, true) };
}

/** The operation that ends a long-running PUT: the resource Succeeded, then its type's side effects. */
export function startPutOperation(
  engine: Engine,
  provider: ResourceProvider,
  resource: ArmResource,
  write: { created: boolean; body: JsonObject; lockKey: string | undefined },
): Operation {
  return engine.operations.start({
    resourceId: resource.id,
    lockKey: write.lockKey,
    delayMs: engine.options.timing.operationMs(provider.type, 'put'),
    statusPath: (opId) => statusPath(provider, resource, opId),
    complete: () => {
      const current = engine.store.get(resource.id);
      if (!current) return;
      const done = { ...current, properties: { ...asObject(current['properties']), provisioningState: 'Succeeded' } };
      engine.store.put(done);
      provider.afterPut?.(engine.context, done, write.created, write.body);
    },
  });
}

/** The operation that ends a long-running DELETE: the resource and everything below it go. */
export function startDeleteOperation(
  engine: Engine,
  provider: ResourceProvider,
  existing: ArmResource,
  lockKey: string | undefined,
): Operation {
  return engine.operations.start({
    resourceId: existing.id,
    lockKey,
    delayMs: engine.options.timing.operationMs(provider.type, 'delete'),
    statusPath: (opId) => statusPath(provider, existing, opId),
    complete: () => engine.remove(existing.id),
  });
}

function validateBody(provider: ResourceProvider, raw: unknown): JsonObject {
  if (raw === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw ArmErrors.bodyNotObject();
  }
  const body = raw as JsonObject;
  if (
    provider.tracked &&
    provider.defaultLocation === undefined &&
    (typeof body['location'] !== 'string' || body['location'] === '')
  ) {
    throw ArmErrors.locationRequired();
  }
  const result = provider.schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  throw ArmErrors.invalidProperty(path || '(body)', issue?.message ?? 'invalid value');
}

function mergeDeep(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current !== null &&
      typeof current === 'object' &&
      !Array.isArray(current)
        ? mergeDeep(current, value)
        : value;
  }
  return out;
}

function checkLocation(engine: Engine, provider: ResourceProvider, id: string, body: JsonObject): void {
  const sent = asString(body['location']);
  if (!provider.tracked || sent === undefined) return;
  const location = normalizeLocation(sent);
  const subscriptionId = scopeOf(id)?.subscriptionId ?? '';
  if (locationAccepted(location, provider.defaultLocation, subscriptionId, () => engine.store.all())) return;
  const offered = offeredLocations(provider.defaultLocation);
  throw provider.type === RESOURCE_GROUP_TYPE
    ? ArmErrors.locationNotAvailableForResourceGroup(sent, offered)
    : ArmErrors.locationNotAvailableForResourceType(sent, provider.type, offered);
}

const squashLocation = (value: Json | undefined) => jsonText(value).toLowerCase().replace(/\s+/g, '');

/** A tracked resource cannot move by PUT: ARM refuses a second location for the same name. */
function assertSameLocation(existing: JsonObject | undefined, body: JsonObject, name: string, id: string): void {
  if (existing === undefined || existing['location'] === undefined || body['location'] === undefined) return;
  if (squashLocation(existing['location']) === squashLocation(body['location'])) return;
  const group = /\/resourcegroups\/([^/]+)/i.exec(id)?.[1] ?? '';
  throw ArmErrors.resourceLocationTaken(name, jsonText(existing['location']), group, jsonText(body['location']));
}
