// The one route table of the emulator's HTTPS endpoint, in the order a request is matched against it: the control
// API, the data plane, the token endpoints, then ARM: its own routes (subscriptions, groups, providers, permissions,
// Resource Graph, operations) and last the providers' resources. Matching reads the path only, so the pipeline can
// route a request before it signs the caller in (as Azurite dispatches before it authenticates); a path that matches
// nothing gets ARM's InvalidResourceType error, never a silent 200.
import { ArmErrors } from '../arm/arm-errors.js';
import { isDataPlanePath } from '../dataplane/dataplane.js';
import { isTokenEndpoint } from './auth-endpoints.js';
import { authorizationPathOf, authorizationRoute } from './engine/authorization.js';
import { deleteResource, getResource, listAction, listResources, patchResource, putResource } from './engine/crud.js';
import { OPERATION_TYPES, operationIdOf, operationResult, operationStatus } from './engine/lro.js';
import {
  getSubscription,
  isPermissionsPath,
  listGeneric,
  listLocations,
  listResourceGroups,
  listSubscriptions,
  listTenants,
  permissions,
  providerInfo,
  resourceGraphQuery,
  resourceGroup,
} from './engine/platform.js';
import { deploymentPath, deploymentsRoute } from './engine/deployments.js';
import { requireMethod } from './engine/request-checks.js';
import { RESOURCE_GRAPH_PATH } from './resource-graph.js';
import { resolve } from './engine/resolve.js';
import type { ArmRequest, ArmResponse, Engine } from './engine/types.js';

/** A request path as routes read it: segments (no empty ones) and the same lower-cased. */
export interface RoutePath {
  method: string;
  segs: readonly string[];
  lower: readonly string[];
  pathname: string;
}

interface RouteBase {
  name: string;
  matches(path: RoutePath): boolean;
}

/** Answered by a pipeline stage of its own (control API, data plane, token endpoints), before ARM's sign-in. */
export interface OwnStageRoute extends RouteBase {
  plane: 'control' | 'data' | 'token';
}

export interface ArmRoute extends RouteBase {
  plane: 'arm';
  handle(engine: Engine, req: ArmRequest, segs: string[]): ArmResponse;
  /** False for Resource Graph: it answers from its own per-user quota, not from ARM's subscription buckets. */
  throttled: boolean;
}

export type Route = OwnStageRoute | ArmRoute;

const arm = (
  name: string,
  matches: (lower: readonly string[], segs: readonly string[], path: RoutePath) => boolean,
  handle: ArmRoute['handle'],
  throttled = true,
): ArmRoute => ({ plane: 'arm', name, matches: (p) => matches(p.lower, p.segs, p), handle, throttled });

/** A provider resource, collection or list action: {scope}/providers/{namespace}/{type}/... */
function providerResource(engine: Engine, req: ArmRequest, segs: string[]): ArmResponse {
  const method = req.method.toUpperCase();
  const resolved = resolve(engine, req, segs);
  switch (resolved.kind) {
    case 'collection':
      requireMethod(method, ['GET']);
      return listResources(engine, req, resolved.provider, resolved.scopeId);
    case 'listAction':
      requireMethod(method, ['GET']);
      return listAction(engine, req, resolved.provider, resolved.parentId, resolved.action, resolved.itemName);
    case 'resource':
      if (method === 'GET') return getResource(engine, req, resolved.provider, resolved.id);
      if (method === 'PUT')
        return putResource(engine, req, resolved.provider, resolved.id, resolved.name, req.body, false);
      if (method === 'PATCH') return patchResource(engine, req, resolved.provider, resolved.id);
      if (method === 'DELETE') return deleteResource(engine, req, resolved.provider, resolved.id);
      if (method === 'HEAD') return { status: engine.store.has(resolved.id) ? 204 : 404 };
      throw ArmErrors.methodNotAllowed(method);
  }
}

/** ARM's routes in the order ARM's front door tries them; the first that matches answers. */
const ARM_ROUTES: readonly ArmRoute[] = [
  arm(
    'Resource Graph query',
    (_l, _s, path) => path.pathname.toLowerCase().replace(/\/+$/, '') === RESOURCE_GRAPH_PATH,
    (engine, req) => resourceGraphQuery(engine, req),
    false,
  ),
  arm(
    'list subscriptions',
    (l) => l.length === 1 && l[0] === 'subscriptions',
    (e, req) => listSubscriptions(e, req),
  ),
  arm(
    'list tenants',
    (l) => l.length === 1 && l[0] === 'tenants',
    (e, req) => listTenants(e, req),
  ),
  arm(
    'role assignments and role definitions',
    (l, segs) => authorizationPathOf(l, segs) !== undefined,
    (e, req, segs) => {
      const path = authorizationPathOf(
        segs.map((s) => s.toLowerCase()),
        segs,
      );
      if (path === undefined) throw ArmErrors.unservedPath(req.path);
      return authorizationRoute(e, req, path);
    },
  ),
  arm(
    'not ARM',
    (l) => l[0] !== 'subscriptions',
    (_e, req) => {
      throw ArmErrors.unservedPath(req.path);
    },
  ),
  arm('subscription', (l) => l.length === 2, getSubscription),
  arm(
    'operation result',
    (l) => l.length === 4 && l[2] === 'operationresults',
    (e, req, segs) => operationResult(e, req, segs[3] ?? ''),
  ),
  arm('template deployments', (l) => deploymentPath(l) !== undefined, deploymentsRoute),
  arm('list resource groups', (l) => l.length === 3 && l[2] === 'resourcegroups', listResourceGroups),
  arm('list resources', (l) => l.length === 3 && l[2] === 'resources', listGeneric),
  arm('list locations', (l) => l.length === 3 && l[2] === 'locations', listLocations),
  arm(
    'resource providers',
    (l) =>
      l[2] === 'providers' &&
      l.length <= 5 &&
      !OPERATION_TYPES.has(l[l.length - 2] ?? '') &&
      (l.length <= 4 || l[4] === 'register'),
    providerInfo,
  ),
  arm('resource group', (l) => l.length === 4 && l[2] === 'resourcegroups', resourceGroup),
  arm(
    'list resources in group',
    (l) => l.length === 5 && l[2] === 'resourcegroups' && l[4] === 'resources',
    listGeneric,
  ),
  arm('permissions', (l) => isPermissionsPath(l), permissions),
  arm(
    'operation status',
    (_l, segs) => operationIdOf(segs) !== undefined,
    (e, req, segs) => operationStatus(e, req, operationIdOf(segs) ?? ''),
  ),
  arm('provider resources', () => true, providerResource),
];

export const ROUTES: readonly Route[] = [
  { plane: 'control', name: 'emulator control API', matches: (p) => p.pathname.startsWith('/_emulator/') },
  { plane: 'data', name: 'Prometheus and Log Analytics query APIs', matches: (p) => isDataPlanePath(p.pathname) },
  { plane: 'token', name: 'token endpoints', matches: (p) => isTokenEndpoint(p.method, p.pathname) },
  ...ARM_ROUTES,
];

export function routePath(method: string, pathname: string): RoutePath {
  const segs = pathname.split('/').filter((s) => s.length > 0);
  return { method, pathname, segs, lower: segs.map((s) => s.toLowerCase()) };
}

/** The first route that matches; the last ARM route matches every path. */
export function routeFor(path: RoutePath): Route {
  return ROUTES.find((r) => r.matches(path)) ?? providerRoute;
}

/** The ARM route of a path (the platform's own writes are ARM requests by construction). */
export function armRouteFor(segs: readonly string[]): ArmRoute {
  const path = routePath('GET', '/' + segs.join('/'));
  return ARM_ROUTES.find((r) => r.matches(path)) ?? providerRoute;
}

const providerRoute = ARM_ROUTES[ARM_ROUTES.length - 1] as ArmRoute;
