// Long-running operations as ARM shows them: the status resource a write points to (Azure-AsyncOperation, Location),
// and the routes that answer polls of it. The operations themselves are kept by ../operations.ts.
import { ArmErrors } from '../../arm/arm-errors.js';
import { scopeOf } from '../../arm/ids.js';
import { asString } from '../../providers/base.js';
import type { ResourceProvider } from '../../providers/types.js';
import type { ArmResource, JsonObject } from '../../store/store.js';
import type { Operation } from '../operations.js';
import { checkVersion, requireMethod } from './request-checks.js';
import type { ArmRequest, ArmResponse, Engine } from './types.js';

/** The last-but-one segment of an operation status path. */
export const OPERATION_TYPES = new Set([
  'operationstatuses',
  'privatelinkscopeoperationstatuses',
  'operationresults',
  'asyncoperations',
]);

/** The operation id when `segs` is a provider's operation status path. */
export function operationIdOf(segs: readonly string[]): string | undefined {
  const type = segs[segs.length - 2]?.toLowerCase();
  if (type !== undefined && OPERATION_TYPES.has(type) && segs.some((s) => s.toLowerCase() === 'providers'))
    return segs[segs.length - 1];
  return undefined;
}

export function statusPath(provider: ResourceProvider, resource: ArmResource, opId: string): string {
  const scope = scopeOf(resource.id);
  const namespace = provider.type.split('/')[0] ?? '';
  if (provider.longRunning?.statusStyle === 'privateLinkScope') {
    // Spec example privateLinkScopeOperationStatuses.json (Microsoft.Insights 2021-09-01).
    return `/subscriptions/${scope?.subscriptionId ?? ''}/resourceGroups/${scope?.resourceGroup ?? ''}/providers/${namespace}/privateLinkScopeOperationStatuses/${opId}`;
  }
  const location = asString(resource['location']) ?? 'global';
  return `/subscriptions/${scope?.subscriptionId ?? ''}/providers/${namespace}/locations/${location}/operationStatuses/${opId}`;
}

export function lroHeaders(
  engine: Engine,
  req: ArmRequest,
  op: Operation,
  withLocation = false,
): Record<string, string> {
  const apiVersion = req.query.get('api-version') ?? '';
  const { baseUrl, timing } = engine.options;
  const headers: Record<string, string> = {
    'Azure-AsyncOperation': `${baseUrl}${op.statusPath}?api-version=${apiVersion}`,
    'Retry-After': timing.retryAfter(),
  };
  if (withLocation || op.statusPath.includes('privateLinkScopeOperationStatuses')) {
    headers['Location'] =
      `${baseUrl}/subscriptions/${scopeOf(op.resourceId)?.subscriptionId ?? ''}/operationresults/${op.id}?api-version=${apiVersion}`;
  }
  return headers;
}

/** A client's synchronous write takes the timing profile's latency; the platform's own writes take none. */
export function synchronousLatency(engine: Engine, req: ArmRequest): { latencyMs?: number } {
  const latencyMs = req.actor === undefined ? 0 : engine.options.timing.synchronousWriteMs();
  return latencyMs > 0 ? { latencyMs } : {};
}

/** GET {provider path}/operationStatuses/{id} (and the other status types): the Azure-AsyncOperation resource. */
export function operationStatus(engine: Engine, req: ArmRequest, opId: string): ArmResponse {
  requireMethod(req.method.toUpperCase(), ['GET']);
  if (req.query.get('api-version') === null) checkVersion(req, [], 'operations');
  const op = engine.operations.get(opId);
  if (!op) throw ArmErrors.operationNotFound(opId);
  const body: JsonObject = { id: op.statusPath, name: op.id, status: op.status, startTime: op.startTime };
  if (op.endTime !== undefined) body['endTime'] = op.endTime;
  if (op.status === 'Failed') body['error'] = ArmErrors.operationFailed().toArmBody().error;
  return {
    status: 200,
    body,
    headers: op.status === 'InProgress' ? { 'Retry-After': engine.options.timing.retryAfter() } : {},
  };
}

/** GET /subscriptions/{s}/operationresults/{id}: the Location resource, 202 until the operation ends. */
export function operationResult(engine: Engine, req: ArmRequest, opId: string): ArmResponse {
  if (req.query.get('api-version') === null) checkVersion(req, [], 'operations');
  const op = engine.operations.get(opId);
  if (!op) throw ArmErrors.operationNotFound(opId);
  if (op.status === 'InProgress') {
    return {
      status: 202,
      headers: {
        Location: `${engine.options.baseUrl}${req.path}?${req.query.toString()}`,
        'Retry-After': engine.options.timing.retryAfter(),
      },
    };
  }
  return { status: 200 };
}
