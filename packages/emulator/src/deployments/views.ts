// Deployments as ARM shows them: the deployment (DeploymentExtended), its operations, and their errors.
import type { EmulatorError } from '../arm/errors.js';
import type { Json, JsonObject } from '../store/store.js';
import type { Deployment, DeploymentOperation } from './engine.js';
import { DEPLOYMENTS_TYPE } from './template.js';

const STATUS_CODES: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
};

export const statusCodeText = (status: number): string => STATUS_CODES[status] ?? String(status);

/** The deployment as GET shows it (DeploymentExtended). */
export function deploymentView(d: Deployment): JsonObject {
  const end = d.ended ?? Date.now();
  const properties: JsonObject = {
    templateHash: d.templateHash,
    parameters: d.parameters,
    mode: d.mode,
    provisioningState: d.state,
    timestamp: new Date(d.ended ?? d.started).toISOString(),
    duration: isoDuration(end - d.started),
    correlationId: d.correlationId,
    providers: providersOf(d),
    dependencies: [],
    ...(d.outputs !== undefined && { outputs: d.outputs }),
    ...(d.state === 'Succeeded' && { outputResources: d.outputResources.map((id) => ({ id })) }),
    ...(d.error !== undefined && { error: errorBody(d.error) }),
  };
  return {
    id: d.id,
    name: d.name,
    type: DEPLOYMENTS_TYPE,
    ...(d.location !== undefined && { location: d.location }),
    properties,
  };
}

export function operationView(d: Deployment, op: DeploymentOperation): JsonObject {
  const end = op.ended ?? Date.now();
  return {
    id: `${d.id}/operations/${op.operationId}`,
    operationId: op.operationId,
    properties: {
      provisioningOperation: 'Create',
      provisioningState: op.state,
      timestamp: new Date(op.ended ?? op.started).toISOString(),
      duration: isoDuration(end - op.started),
      trackingId: d.correlationId,
      ...(op.statusCode > 0 && { statusCode: statusCodeText(op.statusCode) }),
      ...(op.error !== undefined && { statusMessage: { status: 'Failed', error: op.error } }),
      targetResource: {
        id: op.resourceId,
        resourceType: op.resourceType,
        resourceName: op.resourceName,
        apiVersion: op.apiVersion,
      },
    },
  };
}

export function errorBody(error: EmulatorError): JsonObject {
  return error.toArmBody().error;
}

function isoDuration(ms: number): string {
  return `PT${(Math.max(0, ms) / 1000).toFixed(3)}S`;
}

/** A number that changes with the template, as ARM's templateHash does (its algorithm is not public). */
export function templateHash(template: Json): string {
  let h = 0n;
  for (const ch of JSON.stringify(template))
    h = (h * 131n + BigInt(ch.codePointAt(0) ?? 0)) % 10_000_000_000_000_000_000n;
  return h.toString();
}

function providersOf(d: Deployment): Json[] {
  const byNamespace = new Map<string, Set<string>>();
  for (const op of d.operations) {
    const [namespace, ...rest] = op.resourceType.split('/');
    if (namespace === undefined) continue;
    const types = byNamespace.get(namespace) ?? new Set<string>();
    types.add(rest.join('/'));
    byNamespace.set(namespace, types);
  }
  return [...byNamespace.entries()].map(([namespace, types]) => ({
    namespace,
    resourceTypes: [...types].map((resourceType) => ({ resourceType, locations: [] })),
  }));
}
