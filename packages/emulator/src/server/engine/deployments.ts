// Microsoft.Resources/deployments at resource-group and subscription scope, as ARM answers them (Deployments spec
// 2025-04-01 and its examples): PUT accepted as a long-running operation (201 + Azure-AsyncOperation), GET, list,
// the operation status, operations, validate, and whatIf (202 + Location, then the changes). The template language
// and the running are ../../deployments/'s; this module is the HTTP side and the gateway through which a deployment
// writes every resource as the caller, through this same engine.
import { ArmErrors } from '../../arm/arm-errors.js';
import { EmulatorError } from '../../arm/errors.js';
import { RESOURCES_API_VERSIONS } from '../../arm/resource-types.js';
import { deploymentId, type ArmGateway, type Deployment } from '../../deployments/engine.js';
import { deploymentView, errorBody, operationView } from '../../deployments/views.js';
import { DEPLOYMENTS_TYPE, type DeploymentScope } from '../../deployments/template.js';
import { whatIf } from '../../deployments/what-if.js';
import { jsonText } from '../../providers/base.js';
import type { JsonObject } from '../../store/store.js';
import { subscriptionJson } from './platform.js';
import { page } from './paging.js';
import { checkVersion, requireMethod } from './request-checks.js';
import type { ArmRequest, ArmResponse, Engine } from './types.js';

/**
 * Where a deployments path's scope ends and its deployment segments start, if `lower` is one. The resource-group
 * operations list has no provider segments in the spec (/subscriptions/{s}/resourcegroups/{rg}/deployments/{name}/
 * operations), and Azure CLI 2.45 calls it so.
 */
export function deploymentPath(lower: readonly string[]): { scopeLength: number; restAt: number } | undefined {
  if (lower[0] !== 'subscriptions') return undefined;
  if (lower[2] === 'providers' && lower[3] === 'microsoft.resources' && lower[4] === 'deployments') {
    return { scopeLength: 2, restAt: 5 };
  }
  if (lower[2] !== 'resourcegroups') return undefined;
  if (lower[4] === 'providers' && lower[5] === 'microsoft.resources' && lower[6] === 'deployments') {
    return { scopeLength: 4, restAt: 7 };
  }
  if (lower[4] === 'deployments' && lower[6] === 'operations') return { scopeLength: 4, restAt: 5 };
  return undefined;
}

const WHAT_IF_RESULTS = 'whatIfOperationResults';

export function deploymentsRoute(engine: Engine, req: ArmRequest, segs: string[]): ArmResponse {
  const lower = segs.map((s) => s.toLowerCase());
  const { scopeLength, restAt } = deploymentPath(lower) ?? { scopeLength: 2, restAt: 5 };
  const scope: DeploymentScope = {
    subscriptionId: engine.subscription(segs[1] ?? '').subscriptionId,
    resourceGroup:
      scopeLength === 4 ? jsonText(engine.group(engine.subscription(segs[1] ?? ''), segs[3] ?? '')['name']) : undefined,
  };
  const rest = segs.slice(restAt);
  const restLower = lower.slice(restAt);
  const method = req.method.toUpperCase();
  checkVersion(req, RESOURCES_API_VERSIONS, DEPLOYMENTS_TYPE);
  const name = rest[0];
  if (name === undefined) {
    requireMethod(method, ['GET']);
    engine.authorizeList(req, `${DEPLOYMENTS_TYPE}/read`, scopeId(scope));
    const items = engine.deployments.list(scope).filter((d) => !req.actor || engine.options.canRead(req.actor, d.id));
    return page(
      engine,
      req,
      items.map((d) => deploymentView(d)),
    );
  }
  const id = deploymentId(scope, name);
  const action = restLower[1];
  if (action === undefined) return deployment(engine, req, method, scope, name, id);
  if (action === 'validate' && rest.length === 2) {
    requireMethod(method, ['POST']);
    engine.authorize(req, `${DEPLOYMENTS_TYPE}/validate/action`, id);
    const prepared = engine.deployments.prepare({ scope, name, body: req.body }, gatewayFor(engine, req));
    return {
      status: 200,
      body: {
        id,
        name,
        type: DEPLOYMENTS_TYPE,
        properties: {
          provisioningState: 'Succeeded',
          mode: prepared.mode,
          parameters: prepared.values.allParameters(),
          validatedResources: prepared.resources.filter((r) => r.deploy).map((r) => ({ id: r.id })),
        },
      },
    };
  }
  if (action === 'whatif' && rest.length === 2) {
    requireMethod(method, ['POST']);
    engine.authorize(req, `${DEPLOYMENTS_TYPE}/whatIf/action`, id);
    const gateway = gatewayFor(engine, req);
    const changes = whatIf(engine.deployments, { scope, name, body: req.body }, gateway, {
      resourcesAt: (scopeIdText) => resourcesAt(engine, req, scopeIdText),
    });
    const resultId = engine.options.generated.uuid();
    engine.deployments.rememberWhatIf(resultId, changes);
    return {
      status: 202,
      headers: {
        Location: `${engine.options.baseUrl}${id}/${WHAT_IF_RESULTS}/${resultId}?api-version=${req.query.get('api-version') ?? ''}`,
        'Retry-After': engine.options.timing.retryAfter(),
      },
    };
  }
  if (action === WHAT_IF_RESULTS.toLowerCase() && rest.length === 3) {
    requireMethod(method, ['GET']);
    const changes = engine.deployments.whatIfResult(rest[2] ?? '');
    if (!changes) throw ArmErrors.operationNotFound(rest[2] ?? '');
    return { status: 200, body: { status: 'Succeeded', properties: { changes } } };
  }
  const found = engine.deployments.get(id);
  if (action === 'operationstatuses' && rest.length === 3) {
    requireMethod(method, ['GET']);
    const byOp = engine.deployments.byOperation(rest[2] ?? '');
    if (!byOp || byOp !== found) throw ArmErrors.operationNotFound(rest[2] ?? '');
    engine.authorize(req, `${DEPLOYMENTS_TYPE}/read`, id);
    const running = byOp.state === 'Accepted' || byOp.state === 'Running';
    return {
      status: 200,
      body: { status: byOp.state, ...(byOp.error && { error: errorBody(byOp.error) }) },
      headers: running ? { 'Retry-After': engine.options.timing.retryAfter() } : {},
    };
  }
  if (action === 'exporttemplate' && rest.length === 2) {
    requireMethod(method, ['POST']);
    if (!found) throw ArmErrors.deploymentNotFound(name);
    engine.authorize(req, `${DEPLOYMENTS_TYPE}/exportTemplate/action`, id);
    return { status: 200, body: { template: found.template } };
  }
  if (action === 'operations' && rest.length <= 3) {
    requireMethod(method, ['GET']);
    if (!found) throw ArmErrors.deploymentNotFound(name);
    engine.authorize(req, `${DEPLOYMENTS_TYPE}/operations/read`, id);
    if (rest.length === 3) {
      const op = found.operations.find((o) => o.operationId.toLowerCase() === restLower[2]);
      if (!op) throw ArmErrors.deploymentOperationNotFound(rest[2] ?? '');
      return { status: 200, body: operationView(found, op) };
    }
    return page(
      engine,
      req,
      found.operations.map((o) => operationView(found, o)),
    );
  }
  throw ArmErrors.unservedPath(req.path);
}

function deployment(
  engine: Engine,
  req: ArmRequest,
  method: string,
  scope: DeploymentScope,
  name: string,
  id: string,
): ArmResponse {
  if (method === 'GET' || method === 'HEAD') {
    engine.authorize(req, `${DEPLOYMENTS_TYPE}/read`, id);
    const found = engine.deployments.get(id);
    if (method === 'HEAD') return { status: found ? 204 : 404 };
    if (!found) throw ArmErrors.deploymentNotFound(name);
    return { status: 200, body: deploymentView(found) };
  }
  if (method === 'PUT') {
    engine.authorize(req, `${DEPLOYMENTS_TYPE}/write`, id);
    const started = engine.deployments.start({ scope, name, body: req.body }, gatewayFor(engine, req));
    return {
      status: 201,
      body: deploymentView(started),
      headers: statusHeaders(engine, req, started),
    };
  }
  if (method === 'DELETE') {
    engine.authorize(req, `${DEPLOYMENTS_TYPE}/delete`, id);
    const found = engine.deployments.get(id);
    if (!found) return { status: 204 };
    if (found.state === 'Accepted' || found.state === 'Running') {
      throw ArmErrors.deploymentActive(name, new Date(found.started).toISOString());
    }
    engine.deployments.delete(id);
    return { status: 200 };
  }
  throw ArmErrors.methodNotAllowed(method);
}

function statusHeaders(engine: Engine, req: ArmRequest, d: Deployment): Record<string, string> {
  return {
    'Azure-AsyncOperation': `${engine.options.baseUrl}${d.id}/operationStatuses/${d.statusOperationId}?api-version=${req.query.get('api-version') ?? ''}`,
    'Retry-After': engine.options.timing.retryAfter(),
  };
}

const scopeId = (scope: DeploymentScope): string =>
  scope.resourceGroup === undefined
    ? `/subscriptions/${scope.subscriptionId}`
    : `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`;

/** The resources a whatIf leaves alone: a group's top-level resources, or a subscription's groups. */
function resourcesAt(engine: Engine, req: ArmRequest, scope: string): string[] {
  const prefix = scope.toLowerCase() + '/';
  const atSubscription = !/\/resourcegroups\//i.test(scope);
  return engine.store
    .all()
    .filter((r) => {
      const id = r.id.toLowerCase();
      if (!id.startsWith(prefix)) return false;
      const rest = id.slice(prefix.length).split('/');
      return atSubscription
        ? rest.length === 2 && rest[0] === 'resourcegroups'
        : rest.length === 4 && rest[0] === 'providers';
    })
    .filter((r) => !req.actor || engine.options.canRead(req.actor, r.id))
    .map((r) => r.id);
}

/** How a deployment reaches the engine: each call made as the caller who deployed, through the route table. */
function gatewayFor(engine: Engine, req: ArmRequest): ArmGateway {
  const actor = req.actor;
  const request = (method: string, id: string, apiVersion: string, body?: JsonObject): ArmResponse =>
    engine.handle({ method, path: id, query: new URLSearchParams({ 'api-version': apiVersion }), body, actor });
  return {
    put: (id, apiVersion, body) => {
      const answer = request('PUT', id, apiVersion, body);
      const status =
        answer.headers?.['Azure-AsyncOperation'] ?? (answer.status === 202 ? answer.headers?.['Location'] : undefined);
      const operationId = status === undefined ? undefined : new URL(status).pathname.split('/').pop();
      return {
        status: answer.status,
        ...(operationId !== undefined && { operationId }),
        ...(answer.latencyMs !== undefined && { latencyMs: answer.latencyMs }),
      };
    },
    get: (id, apiVersion) => {
      try {
        return request('GET', id, apiVersion ?? engine.latestVersionFor(id)).body as JsonObject;
      } catch (error) {
        if (error instanceof EmulatorError && error.status === 404) return undefined;
        throw error;
      }
    },
    operationStatus: (operationId) => engine.operations.get(operationId)?.status,
    subscription: (subscriptionId) => subscriptionJson(engine, engine.subscription(subscriptionId)),
    resourceGroup: (subscriptionId, name) => engine.view(engine.group(engine.subscription(subscriptionId), name)),
    authorize: (action, scope) => engine.authorize(req, action, scope),
  };
}
