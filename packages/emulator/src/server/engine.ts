// ARM semantics: resolving a path against the table of resource types, api-version checks, the envelope,
// create/update/read/list/delete, long-running operations and cascading deletes. HTTP and auth live in http.ts;
// fleet loading calls the same methods without a principal.
import type { GeneratedValues } from './generated-values.js';
import { z } from 'zod';
import {
  armError,
  resourceGroupNotFound,
  resourceNotFound,
  subscriptionNotFound,
  type EmulatorError,
} from './errors.js';
import { idKey, parentIdOf, scopeOf, segmentsOf } from './ids.js';
import { subscriptionLocations } from './locations.js';
import { OperationTracker, type Operation } from './operations.js';
import type { Timing } from './timing.js';
import { RESOURCES_API_VERSIONS } from '../providers/api-versions.js';
import { asObject, asString, buildResource, type Actor } from '../providers/base.js';
import { RESOURCE_GROUP_TYPE, resourceGroups } from '../providers/resource-groups.js';
import { ProviderRegistry } from '../providers/registry.js';
import type { ProviderContext, ResourceProvider, WriteRequest } from '../providers/types.js';
import type { ArmResource, JsonObject, ResourceStore } from '../store/store.js';
import type { Subscription } from '../fleet/types.js';
import type { Permission } from './rbac.js';

export interface ArmRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Undefined for the platform's own writes (fleet loading): no authorization, operations complete at once. */
  actor: Actor | undefined;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How long the answer waits before it is sent: a synchronous write's latency in the timing profile. */
  latencyMs?: number;
}

export type AccessKind = 'read' | 'write' | 'delete';

export interface EngineOptions {
  store: ResourceStore;
  baseUrl: string;
  tenantId: string;
  generated: GeneratedValues;
  subscriptions: () => Subscription[];
  /** Durations of long-running operations, synchronous writes' latency and Retry-After (az 2.45 waits 30 s between polls without one). */
  timing: Timing;
  pageSize: number;
  /** Throws 403 AuthorizationFailed when the actor may not do `action` on `scope`. */
  authorize: (actor: Actor, action: string, scope: string) => void;
  /** Whether the actor may read `scope` (lists only show what the caller may read). */
  canRead: (actor: Actor, scope: string) => boolean;
  /** Counts a request by resource type and kind. */
  count: (type: string, kind: AccessKind) => void;
  /** The actor's permission blocks at a scope (Microsoft.Authorization/permissions). */
  permissions: (actor: Actor, scope: string) => Permission[];
}

/** Api-versions of Microsoft.Authorization/permissions (Authorization specs: 2015-07-01 to 2022-04-01). */
const PERMISSIONS_API_VERSIONS = ['2015-07-01', '2018-01-01-preview', '2022-04-01', '2022-05-01-preview'];
const PERMISSIONS_TYPE = 'Microsoft.Authorization/permissions';

const OPERATION_TYPES = new Set([
  'operationstatuses',
  'privatelinkscopeoperationstatuses',
  'operationresults',
  'asyncoperations',
]);

/** What a provider-style path names. */
type Resolved =
  | { kind: 'resource'; provider: ResourceProvider; id: string; name: string; scopeId: string }
  | { kind: 'collection'; provider: ResourceProvider; scopeId: string }
  | { kind: 'listAction'; provider: ResourceProvider; parentId: string; action: string };

export class ArmEngine {
  readonly providers = new ProviderRegistry();
  readonly operations = new OperationTracker();
  readonly context: ProviderContext;

  constructor(private readonly options: EngineOptions) {
    this.context = {
      store: options.store,
      baseUrl: options.baseUrl,
      tenantId: options.tenantId,
      generated: options.generated,
      providerFor: (type) => this.providers.get(type),
      putInternal: (id, apiVersion, body) => this.putInternal(id, apiVersion, body),
      deleteInternal: (id) => {
        this.handle({
          method: 'DELETE',
          path: id,
          query: new URLSearchParams({ 'api-version': this.latestVersionFor(id) }),
          body: undefined,
          actor: undefined,
        });
      },
    };
  }

  get store(): ResourceStore {
    return this.options.store;
  }

  /** A PUT by the platform itself, through the same code as a client's PUT. */
  putInternal(id: string, apiVersion: string, body: JsonObject): ArmResource {
    const response = this.handle({
      method: 'PUT',
      path: id,
      query: new URLSearchParams({ 'api-version': apiVersion }),
      body,
      actor: undefined,
    });
    const stored = this.store.get(id);
    if (!stored) throw armError(500, 'InternalServerError', `Internal write of ${id} answered ${response.status}.`);
    return stored;
  }

  handle(req: ArmRequest): ArmResponse {
    const segs = segmentsOf(req.path);
    const lower = segs.map((s) => s.toLowerCase());
    const method = req.method.toUpperCase();
    if (lower.length === 1 && lower[0] === 'subscriptions') return this.listSubscriptions(req);
    if (lower.length === 1 && lower[0] === 'tenants') return this.listTenants(req);
    if (lower[0] !== 'subscriptions' || segs[1] === undefined) throw noRoute(req.path);
    const subscription = this.subscription(segs[1]);
    if (lower.length === 2) {
      requireMethod(method, ['GET']);
      this.checkVersion(req, RESOURCES_API_VERSIONS, 'subscriptions');
      return { status: 200, body: this.subscriptionJson(subscription) };
    }
    if (lower.length === 4 && lower[2] === 'operationresults') return this.operationResult(req, segs[3] ?? '');
    if (lower.length === 3 && lower[2] === 'resourcegroups') return this.listResourceGroups(req, subscription);
    if (lower.length === 3 && lower[2] === 'resources') return this.listGeneric(req, subscription, undefined);
    if (lower.length === 3 && lower[2] === 'locations') return this.listLocations(req, subscription);
    if (lower[2] === 'providers' && lower.length <= 5 && !OPERATION_TYPES.has(lower[lower.length - 2] ?? '')) {
      const provider = lower.length === 3 ? undefined : segs[3];
      if (lower.length <= 4 || lower[4] === 'register') return this.providerInfo(req, subscription, provider);
    }
    if (lower[2] === 'resourcegroups' && lower.length >= 4) {
      if (lower.length === 4) return this.resourceGroup(req, subscription, segs[3] ?? '');
      const group = this.group(subscription, segs[3] ?? '');
      if (lower.length === 5 && lower[4] === 'resources') return this.listGeneric(req, subscription, group);
    }
    if (isPermissionsPath(lower)) return this.permissions(req, segs.slice(0, -3));
    const op = this.operationPath(segs);
    if (op !== undefined) return this.operationStatus(req, op);
    const resolved = this.resolve(req, segs);
    switch (resolved.kind) {
      case 'collection':
        requireMethod(method, ['GET']);
        return this.list(req, resolved.provider, resolved.scopeId);
      case 'listAction':
        requireMethod(method, ['GET']);
        return this.listAction(req, resolved.provider, resolved.parentId, resolved.action);
      case 'resource':
        if (method === 'GET') return this.get(req, resolved.provider, resolved.id);
        if (method === 'PUT') return this.put(req, resolved.provider, resolved.id, resolved.name, req.body, false);
        if (method === 'PATCH') return this.patch(req, resolved.provider, resolved.id);
        if (method === 'DELETE') return this.delete(req, resolved.provider, resolved.id);
        if (method === 'HEAD') return { status: this.store.has(resolved.id) ? 204 : 404 };
        throw methodNotAllowed(method);
    }
  }

  // ---- path resolution -------------------------------------------------------------------------------------------

  private resolve(req: ArmRequest, segs: string[]): Resolved {
    let p = -1;
    for (let i = segs.length - 1; i >= 2; i--) {
      if (segs[i]?.toLowerCase() === 'providers') {
        p = i;
        break;
      }
    }
    if (p < 0 || segs[p + 1] === undefined || segs[p + 2] === undefined) throw noRoute(req.path);
    const scopeSegs = segs.slice(0, p);
    const rest = segs.slice(p + 1);
    const namespace = rest[0] ?? '';
    const typeParts = [namespace];
    const names: string[] = [];
    for (let i = 1; i < rest.length; i++) (i % 2 === 1 ? typeParts : names).push(rest[i] ?? '');
    const scopeId = this.canonicalScope(scopeSegs, req);
    const apiVersion = req.query.get('api-version');
    const typeName = typeParts.join('/');
    const provider = this.providers.get(typeName);
    if (!provider && names.length === typeParts.length - 2 && names.length >= 1) {
      // A list action under a resource, e.g. {dcrId}/associations.
      const parentProvider = this.providers.get(typeParts.slice(0, -1).join('/'));
      const action = typeParts[typeParts.length - 1] ?? '';
      if (parentProvider?.listActions?.[action] !== undefined) {
        this.checkVersion(req, parentProvider.apiVersions, parentProvider.type);
        const parentId = this.canonicalId(scopeId, parentProvider, names);
        this.authorize(req, `${parentProvider.type}/read`, parentId);
        this.requireResource(parentProvider, parentId);
        return { kind: 'listAction', provider: parentProvider, parentId, action };
      }
    }
    if (!provider) {
      const ns = this.providers.namespace(namespace);
      if (ns === undefined) {
        throw armError(
          404,
          'NoRegisteredProviderFound',
          `No registered resource provider found for location '' and API version '${apiVersion ?? ''}' for type '${typeParts.slice(1).join('/')}' in namespace '${namespace}'.`,
        );
      }
      throw armError(
        404,
        'InvalidResourceType',
        `The resource type '${typeParts.slice(1).join('/')}' could not be found in the namespace '${ns}' for api version '${apiVersion ?? ''}'.`,
      );
    }
    this.checkVersion(req, provider.apiVersions, provider.type);
    const scopeIsGroupOrSubscription =
      scopeSegs.length === 2 || (scopeSegs.length === 4 && scopeSegs[2]?.toLowerCase() === 'resourcegroups');
    if (provider.extension) {
      if (!this.store.has(scopeId)) throw this.missingTarget(scopeId);
    } else if (!scopeIsGroupOrSubscription) {
      throw noRoute(req.path);
    } else if (scopeSegs.length === 2 && names.length > 0) {
      throw noRoute(req.path);
    }
    if (names.length === typeParts.length - 1) {
      const id = this.canonicalId(scopeId, provider, names);
      const parent = parentIdOf(id) ?? scopeId;
      if (names.length > 1)
        this.requireResource(this.providers.get(provider.type.split('/').slice(0, -1).join('/')), parent);
      return { kind: 'resource', provider, id, name: names[names.length - 1] ?? '', scopeId };
    }
    if (names.length === typeParts.length - 2) {
      const parentId = names.length === 0 ? scopeId : this.canonicalId(scopeId, this.parentProvider(provider), names);
      if (names.length > 0) this.requireResource(this.parentProvider(provider), parentId);
      return { kind: 'collection', provider, scopeId: parentId };
    }
    throw noRoute(req.path);
  }

  private parentProvider(provider: ResourceProvider): ResourceProvider | undefined {
    return this.providers.get(provider.type.split('/').slice(0, -1).join('/'));
  }

  /** Scope id with stored casing; checks that the subscription and group exist. */
  private canonicalScope(scopeSegs: string[], req: ArmRequest): string {
    const sub = this.subscription(scopeSegs[1] ?? '');
    if (scopeSegs.length === 2) return `/subscriptions/${sub.subscriptionId}`;
    if (scopeSegs[2]?.toLowerCase() !== 'resourcegroups' || scopeSegs[3] === undefined) throw noRoute(req.path);
    const group = this.group(sub, scopeSegs[3]);
    if (scopeSegs.length === 4) return group.id;
    const target = '/' + scopeSegs.join('/');
    const stored = this.store.get(target);
    if (!stored) throw this.missingTarget(target);
    return stored.id;
  }

  private canonicalId(scopeId: string, provider: ResourceProvider | undefined, names: string[]): string {
    const typeParts = (provider?.type ?? '').split('/');
    let id = `${scopeId}/providers/${typeParts[0] ?? ''}`;
    names.forEach((name, i) => {
      id += `/${typeParts[i + 1] ?? ''}/${name}`;
    });
    return this.store.get(id)?.id ?? id;
  }

  private requireResource(provider: ResourceProvider | undefined, id: string): ArmResource {
    const found = this.store.get(id);
    if (found) return found;
    void provider;
    const after = id.split(/\/providers\//i).pop() ?? '';
    const names = after.split('/').filter((_s, i) => i > 0 && i % 2 === 0);
    throw armError(
      404,
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${names.join('/')}' not found.`,
    );
  }

  private missingTarget(id: string): EmulatorError {
    const scope = scopeOf(id);
    const segs = segmentsOf(id);
    return resourceNotFound(
      segs.slice(-4, -2).concat(segs.slice(-2, -1)).slice(0, 2).join('/'),
      segs[segs.length - 1] ?? '',
      scope?.resourceGroup ?? '',
    );
  }

  private subscription(subscriptionId: string): Subscription {
    const found = this.options
      .subscriptions()
      .find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
    if (!found) throw subscriptionNotFound(subscriptionId);
    return found;
  }

  private group(sub: Subscription, name: string): ArmResource {
    const group = this.store.get(`/subscriptions/${sub.subscriptionId}/resourceGroups/${name}`);
    if (!group) throw resourceGroupNotFound(name);
    return group;
  }

  private checkVersion(req: ArmRequest, versions: readonly string[], type: string): string {
    const version = req.query.get('api-version');
    if (version === null || version === '') {
      throw armError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    }
    if (versions.includes(version)) return version;
    const supported = [...versions].join(', ');
    if (!/^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i.test(version) || type === RESOURCE_GROUP_TYPE || type === 'subscriptions') {
      throw armError(
        400,
        'InvalidApiVersionParameter',
        `The api-version '${version}' is invalid. The supported versions are '${supported}'.`,
      );
    }
    const [namespace, ...rest] = type.split('/');
    throw armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '' and API version '${version}' for type '${rest.join('/')}' in namespace '${namespace ?? ''}'. The supported api-versions are '${supported}'.`,
    );
  }

  latestVersionFor(id: string): string {
    const stored = this.store.get(id);
    const provider = stored ? this.providers.get(stored.type) : undefined;
    const versions = provider?.apiVersions ?? RESOURCES_API_VERSIONS;
    return versions[versions.length - 1] ?? '2021-04-01';
  }

  // ---- reads -----------------------------------------------------------------------------------------------------

  view(resource: ArmResource): ArmResource {
    const provider = this.providers.get(resource.type);
    return provider?.view ? provider.view(this.context, resource) : resource;
  }

  private get(req: ArmRequest, provider: ResourceProvider, id: string): ArmResponse {
    this.authorize(req, `${provider.type}/read`, id);
    this.options.count(provider.type, 'read');
    const found = this.store.get(id);
    if (!found) throw this.notFound(provider, id);
    return { status: 200, body: this.view(found) };
  }

  private notFound(provider: ResourceProvider, id: string): EmulatorError {
    const segs = segmentsOf(id);
    const scope = scopeOf(id);
    if (provider.type === RESOURCE_GROUP_TYPE) return resourceGroupNotFound(segs[3] ?? '');
    const after = id.split(/\/providers\//i).pop() ?? '';
    const parts = after.split('/');
    const typePath = [parts[0], ...parts.filter((_s, i) => i % 2 === 1)].join('/');
    const namePath = parts.filter((_s, i) => i > 0 && i % 2 === 0).join('/');
    return resourceNotFound(typePath, namePath, scope?.resourceGroup ?? '');
  }

  private list(req: ArmRequest, provider: ResourceProvider, scopeId: string): ArmResponse {
    this.authorizeList(req, `${provider.type}/read`, scopeId);
    this.options.count(provider.type, 'read');
    let items: ArmResource[];
    if (provider.extension) {
      items = this.store.childrenOf(scopeId, provider.type);
    } else if (provider.type.split('/').length > 2) {
      items = this.store.childrenOf(scopeId, provider.type);
    } else {
      const prefix = idKey(scopeId) + '/';
      items = this.store.ofType(provider.type).filter((r) => idKey(r.id).startsWith(prefix));
    }
    return this.page(
      req,
      this.readable(req, items).map((r) => this.view(r)),
    );
  }

  private listAction(req: ArmRequest, provider: ResourceProvider, parentId: string, action: string): ArmResponse {
    const parent = this.store.get(parentId);
    const run = provider.listActions?.[action];
    if (!parent || !run) throw noRoute(req.path);
    this.authorize(req, `${provider.type}/read`, parentId);
    this.options.count(provider.type, 'read');
    return this.page(
      req,
      this.readable(req, run(this.context, parent)).map((r) => this.view(r)),
    );
  }

  private readable(req: ArmRequest, items: ArmResource[]): ArmResource[] {
    const actor = req.actor;
    if (!actor) return items;
    return items.filter((r) => this.options.canRead(actor, r.id));
  }

  /** ARM pages lists with nextLink; the SDK and az follow it. The $skiptoken is an offset. */
  private page(req: ArmRequest, items: unknown[]): ArmResponse {
    const skip = Math.max(0, Number.parseInt(req.query.get('$skiptoken') ?? '0', 10) || 0);
    const topParam = req.query.get('$top');
    const size =
      topParam !== null
        ? Math.max(1, Math.min(this.options.pageSize, Number.parseInt(topParam, 10) || this.options.pageSize))
        : this.options.pageSize;
    const value = items.slice(skip, skip + size);
    const body: { value: unknown[]; nextLink?: string } = { value };
    if (skip + size < items.length) {
      const next = new URLSearchParams(req.query);
      next.set('$skiptoken', String(skip + size));
      body.nextLink = `${this.options.baseUrl}${req.path}?${next.toString()}`;
    }
    return { status: 200, body };
  }

  // ---- writes ----------------------------------------------------------------------------------------------------

  private put(
    req: ArmRequest,
    provider: ResourceProvider,
    id: string,
    name: string,
    rawBody: unknown,
    isPatch: boolean,
  ): ArmResponse {
    this.authorize(req, `${provider.type}/write`, id);
    this.options.count(provider.type, 'write');
    const lockKey = provider.serializationKey?.(id);
    if (lockKey !== undefined && this.operations.inProgress(lockKey)) {
      // terraform-provider-azurerm issue 22236 quotes the service's message.
      throw armError(409, 'Conflict', "Cannot modify resource while in provisioning state: 'Provisioning'");
    }
    const body = validateBody(provider, rawBody);
    const existing = this.store.get(id);
    assertSameLocation(existing, body, name, id);
    const write: WriteRequest = {
      id: existing?.id ?? id,
      name: existing ? String(existing['name'] ?? name) : name,
      apiVersion: req.query.get('api-version') ?? '',
      body,
      existing,
    };
    provider.validate?.(this.context, write);
    const created = existing === undefined;
    const longRunning = provider.longRunning?.put === true && req.actor !== undefined && !isPatch;
    if (!longRunning) {
      const resource = buildResource(provider, this.context, write, req.actor, 'Succeeded');
      this.store.put(resource);
      provider.afterPut?.(this.context, resource, created, body);
      return {
        status: created ? 201 : 200,
        body: this.view(this.store.get(resource.id) ?? resource),
        ...this.synchronousLatency(req),
      };
    }
    const resource = buildResource(provider, this.context, write, req.actor, created ? 'Creating' : 'Updating');
    this.store.put(resource);
    const op = this.operations.start({
      resourceId: resource.id,
      lockKey,
      delayMs: this.options.timing.operationMs(provider.type, 'put'),
      statusPath: (opId) => this.statusPath(provider, resource, opId),
      complete: () => {
        const current = this.store.get(resource.id);
        if (!current) return;
        const done = { ...current, properties: { ...asObject(current['properties']), provisioningState: 'Succeeded' } };
        this.store.put(done);
        provider.afterPut?.(this.context, done, created, body);
      },
    });
    const headers = this.lroHeaders(req, op);
    if (provider.longRunning?.statusStyle === 'privateLinkScope') return { status: 202, headers };
    return { status: created ? 201 : 200, body: this.view(this.store.get(resource.id) ?? resource), headers };
  }

  private patch(req: ArmRequest, provider: ResourceProvider, id: string): ArmResponse {
    const existing = this.store.get(id);
    if (!existing) throw this.notFound(provider, id);
    const sent = asObject(req.body as JsonObject);
    const merged: JsonObject = {};
    for (const key of ['location', 'tags', 'kind', 'identity', 'sku'] as const) {
      const value = sent[key] ?? existing[key];
      if (value !== undefined) merged[key] = value;
    }
    merged['properties'] = mergeDeep(asObject(existing['properties']), asObject(sent['properties']));
    const response = this.put(req, provider, id, String(existing['name']), merged, true);
    return { ...response, status: 200 };
  }

  private delete(req: ArmRequest, provider: ResourceProvider, id: string): ArmResponse {
    this.authorize(req, `${provider.type}/delete`, id);
    this.options.count(provider.type, 'delete');
    const existing = this.store.get(id);
    if (!existing) return { status: 204 };
    const lockKey = provider.serializationKey?.(id);
    if (lockKey !== undefined && this.operations.inProgress(lockKey)) {
      throw armError(409, 'Conflict', "Cannot modify resource while in provisioning state: 'Provisioning'");
    }
    provider.beforeDelete?.(this.context, existing);
    if (provider.longRunning?.delete !== true || req.actor === undefined) {
      this.remove(id);
      return { status: 200, ...this.synchronousLatency(req) };
    }
    this.store.put({ ...existing, properties: { ...asObject(existing['properties']), provisioningState: 'Deleting' } });
    const op = this.operations.start({
      resourceId: id,
      lockKey,
      delayMs: this.options.timing.operationMs(provider.type, 'delete'),
      statusPath: (opId) => this.statusPath(provider, existing, opId),
      complete: () => this.remove(id),
    });
    return { status: 202, headers: this.lroHeaders(req, op, true) };
  }

  /** A client's synchronous write takes the timing profile's latency; the platform's own writes take none. */
  private synchronousLatency(req: ArmRequest): { latencyMs?: number } {
    const latencyMs = req.actor === undefined ? 0 : this.options.timing.synchronousWriteMs();
    return latencyMs > 0 ? { latencyMs } : {};
  }

  /** Removes a resource and everything below it, letting each removed resource's type react. */
  private remove(id: string): void {
    for (const removed of this.store.delete(id)) {
      this.providers.get(removed.type)?.afterDelete?.(this.context, removed);
    }
  }

  private statusPath(provider: ResourceProvider, resource: ArmResource, opId: string): string {
    const scope = scopeOf(resource.id);
    const namespace = provider.type.split('/')[0] ?? '';
    if (provider.longRunning?.statusStyle === 'privateLinkScope') {
      // Spec example privateLinkScopeOperationStatuses.json (Microsoft.Insights 2021-09-01).
      return `/subscriptions/${scope?.subscriptionId ?? ''}/resourceGroups/${scope?.resourceGroup ?? ''}/providers/${namespace}/privateLinkScopeOperationStatuses/${opId}`;
    }
    const location = asString(resource['location']) ?? 'global';
    return `/subscriptions/${scope?.subscriptionId ?? ''}/providers/${namespace}/locations/${location}/operationStatuses/${opId}`;
  }

  private lroHeaders(req: ArmRequest, op: Operation, withLocation = false): Record<string, string> {
    const apiVersion = req.query.get('api-version') ?? '';
    const statusUrl = `${this.options.baseUrl}${op.statusPath}?api-version=${apiVersion}`;
    const headers: Record<string, string> = {
      'Azure-AsyncOperation': statusUrl,
      'Retry-After': this.options.timing.retryAfter(),
    };
    if (withLocation || op.statusPath.includes('privateLinkScopeOperationStatuses')) {
      headers['Location'] =
        `${this.options.baseUrl}/subscriptions/${scopeOf(op.resourceId)?.subscriptionId ?? ''}/operationresults/${op.id}?api-version=${apiVersion}`;
    }
    return headers;
  }

  private operationPath(segs: string[]): string | undefined {
    const type = segs[segs.length - 2]?.toLowerCase();
    if (type !== undefined && OPERATION_TYPES.has(type) && segs.some((s) => s.toLowerCase() === 'providers'))
      return segs[segs.length - 1];
    return undefined;
  }

  private operationStatus(req: ArmRequest, opId: string): ArmResponse {
    requireMethod(req.method.toUpperCase(), ['GET']);
    if (req.query.get('api-version') === null) this.checkVersion(req, [], 'operations');
    const op = this.operations.get(opId);
    if (!op) throw armError(404, 'OperationNotFound', `The operation '${opId}' was not found.`);
    const body: JsonObject = { id: op.statusPath, name: op.id, status: op.status, startTime: op.startTime };
    if (op.endTime !== undefined) body['endTime'] = op.endTime;
    if (op.status === 'Failed') body['error'] = { code: 'InternalServerError', message: 'The operation failed.' };
    return {
      status: 200,
      body,
      headers: op.status === 'InProgress' ? { 'Retry-After': this.options.timing.retryAfter() } : {},
    };
  }

  private operationResult(req: ArmRequest, opId: string): ArmResponse {
    if (req.query.get('api-version') === null) this.checkVersion(req, [], 'operations');
    const op = this.operations.get(opId);
    if (!op) throw armError(404, 'OperationNotFound', `The operation '${opId}' was not found.`);
    if (op.status === 'InProgress') {
      return {
        status: 202,
        headers: {
          Location: `${this.options.baseUrl}${req.path}?${req.query.toString()}`,
          'Retry-After': this.options.timing.retryAfter(),
        },
      };
    }
    return { status: 200 };
  }

  // ---- subscriptions, tenants, groups, generic lists, providers -------------------------------------------------

  private subscriptionJson(sub: Subscription): JsonObject {
    return {
      id: `/subscriptions/${sub.subscriptionId}`,
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      subscriptionId: sub.subscriptionId,
      tenantId: this.options.tenantId,
      displayName: sub.displayName,
      state: 'Enabled',
      subscriptionPolicies: {
        locationPlacementId: 'Public_2014-09-01',
        quotaId: 'PayAsYouGo_2014-09-01',
        spendingLimit: 'Off',
      },
    };
  }

  private listSubscriptions(req: ArmRequest): ArmResponse {
    requireMethod(req.method.toUpperCase(), ['GET']);
    this.checkVersion(req, RESOURCES_API_VERSIONS, 'subscriptions');
    const actor = req.actor;
    // A caller sees the subscriptions where it holds some role at or below the subscription.
    const visible = this.options
      .subscriptions()
      .filter((s) => !actor || this.options.canRead(actor, `/subscriptions/${s.subscriptionId}/*`));
    return this.page(
      req,
      visible.map((s) => this.subscriptionJson(s)),
    );
  }

  private listTenants(req: ArmRequest): ArmResponse {
    requireMethod(req.method.toUpperCase(), ['GET']);
    this.checkVersion(req, RESOURCES_API_VERSIONS, 'subscriptions');
    const t = this.options.tenantId;
    return this.page(req, [
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

  private listLocations(req: ArmRequest, sub: Subscription): ArmResponse {
    this.checkVersion(req, RESOURCES_API_VERSIONS, 'subscriptions');
    return this.page(req, subscriptionLocations(sub.subscriptionId, this.store.all()));
  }

  private resourceGroup(req: ArmRequest, sub: Subscription, name: string): ArmResponse {
    this.checkVersion(req, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
    const id =
      this.store.get(`/subscriptions/${sub.subscriptionId}/resourceGroups/${name}`)?.id ??
      `/subscriptions/${sub.subscriptionId}/resourceGroups/${name}`;
    const method = req.method.toUpperCase();
    if (method === 'HEAD') {
      this.authorize(req, `${RESOURCE_GROUP_TYPE}/read`, id);
      return { status: this.store.has(id) ? 204 : 404 };
    }
    if (method === 'GET') return this.get(req, resourceGroups, id);
    if (method === 'PUT') return this.put(req, resourceGroups, id, name, req.body, false);
    if (method === 'PATCH') return this.patch(req, resourceGroups, id);
    if (method === 'DELETE') {
      this.authorize(req, `${RESOURCE_GROUP_TYPE}/delete`, id);
      this.options.count(RESOURCE_GROUP_TYPE, 'delete');
      if (!this.store.has(id)) throw resourceGroupNotFound(name);
      // ARM deletes a group asynchronously: 202 with a Location to poll (Resources spec, ResourceGroups_Delete).
      const op = this.operations.start({
        resourceId: id,
        lockKey: undefined,
        delayMs: 0,
        statusPath: (opId) => `/subscriptions/${sub.subscriptionId}/operationresults/${opId}`,
        complete: () => this.remove(id),
      });
      if (req.actor === undefined) return { status: 200 };
      return {
        status: 202,
        headers: {
          Location: `${this.options.baseUrl}/subscriptions/${sub.subscriptionId}/operationresults/${op.id}?api-version=${req.query.get('api-version') ?? ''}`,
          'Retry-After': this.options.timing.retryAfter(),
        },
      };
    }
    throw methodNotAllowed(method);
  }

  private listResourceGroups(req: ArmRequest, sub: Subscription): ArmResponse {
    requireMethod(req.method.toUpperCase(), ['GET']);
    this.checkVersion(req, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
    this.options.count(RESOURCE_GROUP_TYPE, 'read');
    const prefix = `/subscriptions/${sub.subscriptionId}/`.toLowerCase();
    const groups = this.store.ofType(RESOURCE_GROUP_TYPE).filter((g) => g.id.toLowerCase().startsWith(prefix));
    return this.page(req, this.readable(req, groups));
  }

  /** GET /subscriptions/{s}/resources and by group: tracked resources in the GenericResourceExpanded shape. */
  private listGeneric(req: ArmRequest, sub: Subscription, group: ArmResource | undefined): ArmResponse {
    requireMethod(req.method.toUpperCase(), ['GET']);
    this.checkVersion(req, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
    const filter = parseFilter(req.query.get('$filter'));
    const prefix = (group ? group.id : `/subscriptions/${sub.subscriptionId}`).toLowerCase() + '/';
    const types =
      filter.resourceType !== undefined
        ? [filter.resourceType]
        : this.providers
            .all()
            .filter((p) => p.tracked && p.type !== RESOURCE_GROUP_TYPE)
            .map((p) => p.type);
    const out: JsonObject[] = [];
    for (const type of types) {
      const provider = this.providers.get(type);
      if (!provider?.tracked || provider.type === RESOURCE_GROUP_TYPE) continue;
      this.options.count(provider.type, 'read');
      for (const r of this.store.ofType(provider.type)) {
        if (!r.id.toLowerCase().startsWith(prefix)) continue;
        if (filter.resourceGroup !== undefined && scopeOf(r.id)?.resourceGroup?.toLowerCase() !== filter.resourceGroup)
          continue;
        if (filter.name !== undefined && String(r['name']).toLowerCase() !== filter.name) continue;
        if (req.actor && !this.options.canRead(req.actor, r.id)) continue;
        const item: JsonObject = { id: r.id, name: r['name'] ?? '', type: r.type, location: r['location'] ?? '' };
        for (const key of ['kind', 'sku', 'identity', 'managedBy', 'tags'] as const)
          if (r[key] !== undefined) item[key] = r[key];
        out.push(item);
      }
    }
    return this.page(req, out);
  }

  private providerInfo(req: ArmRequest, sub: Subscription, namespace: string | undefined): ArmResponse {
    this.checkVersion(req, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
    const describe = (ns: string): JsonObject => {
      const types = this.providers.all().filter((p) => p.type.split('/')[0]?.toLowerCase() === ns.toLowerCase());
      return {
        id: `/subscriptions/${sub.subscriptionId}/providers/${ns}`,
        namespace: ns,
        registrationState: 'Registered',
        registrationPolicy: 'RegistrationRequired',
        resourceTypes: types.map((p) => ({
          resourceType: p.type.split('/').slice(1).join('/'),
          locations: p.tracked ? [] : [],
          // Newest first, as ARM lists them; az picks the newest non-preview version from here.
          apiVersions: [...p.apiVersions].reverse(),
          capabilities: p.extension ? 'SupportsExtension' : 'None',
        })),
      };
    };
    if (namespace === undefined) {
      const namespaces = [...new Set(this.providers.all().map((p) => p.type.split('/')[0] ?? ''))];
      return this.page(req, namespaces.map(describe));
    }
    const ns = this.providers.namespace(namespace);
    if (ns === undefined)
      throw armError(404, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`);
    return { status: 200, body: describe(ns) };
  }

  // ---- authorization ---------------------------------------------------------------------------------------------

  /**
   * GET {scope}/providers/Microsoft.Authorization/permissions: what the caller may do at a resource group or a
   * resource (Permissions_ListForResourceGroup / _ListForResource), or a subscription. Any signed-in caller may ask.
   */
  private permissions(req: ArmRequest, scopeSegs: string[]): ArmResponse {
    requireMethod(req.method.toUpperCase(), ['GET']);
    this.checkVersion(req, PERMISSIONS_API_VERSIONS, PERMISSIONS_TYPE);
    const scopeId = this.canonicalScope(scopeSegs, req);
    this.options.count(PERMISSIONS_TYPE, 'read');
    const value = req.actor
      ? this.options.permissions(req.actor, scopeId)
      : [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }];
    return this.page(req, value);
  }

  private authorize(req: ArmRequest, action: string, scope: string): void {
    if (req.actor) this.options.authorize(req.actor, action, scope);
  }

  private authorizeList(req: ArmRequest, action: string, scope: string): void {
    // Lists are filtered per item; a caller with no role anywhere below the scope is refused outright.
    if (req.actor && !this.options.canRead(req.actor, `${scope}/*`)) this.options.authorize(req.actor, action, scope);
  }
}

function isPermissionsPath(lower: string[]): boolean {
  const n = lower.length;
  return (
    n >= 5 &&
    lower[n - 3] === 'providers' &&
    lower[n - 2] === 'microsoft.authorization' &&
    lower[n - 1] === 'permissions'
  );
}

function validateBody(provider: ResourceProvider, raw: unknown): JsonObject {
  if (raw === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw armError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: the body must be a JSON object.',
    );
  }
  const body = raw as JsonObject;
  if (
    provider.tracked &&
    provider.defaultLocation === undefined &&
    (typeof body['location'] !== 'string' || body['location'] === '')
  ) {
    throw armError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  const result = provider.schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  throw armError(
    400,
    'InvalidRequestContent',
    `The request content was invalid: property '${path || '(body)'}': ${issue?.message ?? 'invalid value'}.`,
  );
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

interface GenericFilter {
  resourceType?: string;
  resourceGroup?: string;
  name?: string;
}

const filterClause = z.string().regex(/^\s*(resourceType|resourceGroup|name)\s+eq\s+'([^']*)'\s*$/i);

/** The $filter forms discovery and az use: resourceType / resourceGroup / name eq '...' joined by and. */
function parseFilter(filter: string | null): GenericFilter {
  const out: GenericFilter = {};
  if (filter === null || filter.trim() === '') return out;
  for (const clause of filter.split(/\s+and\s+/i)) {
    if (!filterClause.safeParse(clause).success) {
      throw armError(
        400,
        'InvalidFilterInQueryString',
        `Invalid $filter '${filter}': the emulator supports resourceType, resourceGroup and name with eq.`,
      );
    }
    const match = /^\s*(\w+)\s+eq\s+'([^']*)'/i.exec(clause);
    const field = match?.[1]?.toLowerCase();
    const value = (match?.[2] ?? '').toLowerCase();
    if (field === 'resourcetype') out.resourceType = value;
    else if (field === 'resourcegroup') out.resourceGroup = value;
    else out.name = value;
  }
  return out;
}

function requireMethod(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw methodNotAllowed(method);
}

function methodNotAllowed(method: string): EmulatorError {
  return armError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed for this resource.`);
}

function noRoute(path: string): EmulatorError {
  return armError(
    404,
    'InvalidResourceType',
    `The resource path '${path}' does not name a resource type the emulator serves.`,
  );
}

const squashLocation = (value: unknown) =>
  String(value ?? '')
    .toLowerCase()
    .replace(/\s+/g, '');

/**
 * A tracked resource cannot move by PUT: ARM refuses a second location for the same name with
 * InvalidResourceLocation (the message users meet, e.g. MicrosoftDocs/azure-docs issue 70422).
 */
function assertSameLocation(existing: JsonObject | undefined, body: JsonObject, name: string, id: string): void {
  if (existing === undefined || existing['location'] === undefined || body['location'] === undefined) return;
  if (squashLocation(existing['location']) === squashLocation(body['location'])) return;
  const group = /\/resourcegroups\/([^/]+)/i.exec(id)?.[1] ?? '';
  throw armError(
    409,
    'InvalidResourceLocation',
    `The resource '${name}' already exists in location '${String(existing['location'])}' in resource group '${group}'. A resource with the same name cannot be created in location '${String(body['location'])}'. Please select a new resource name.`,
  );
}
