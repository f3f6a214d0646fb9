// Running template deployments as ARM does: a deployment is accepted once its template reads (./template.ts), then
// runs in the background: every resource starts when what it depends on has succeeded, is written through the
// emulator's ARM engine as the caller (the gateway: the same checks, RBAC and long-running operations as a direct
// PUT), and a nested deployment runs as a deployment of its own at its target scope. The deployment records its
// operations, outputs, output resources and, when a resource fails, ARM's DeploymentFailed error with the details.
import { randomUUID } from 'node:crypto';
import { ArmErrors } from '../arm/arm-errors.js';
import { EmulatorError } from '../arm/errors.js';
import type { Json, JsonObject } from '../store/store.js';
import { expandResources, resourceBody, type PlannedResource } from './resources.js';
import { deploymentView, templateHash } from './views.js';
import {
  DEPLOYMENTS_TYPE,
  evaluateOutputs,
  scopeId,
  TemplateError,
  TemplateValues,
  type DeploymentScope,
  type TemplateWorld,
} from './template.js';

/** The ARM engine as a deployment sees it: every call is made as the caller who deployed. */
export interface ArmGateway {
  /** A PUT; throws the EmulatorError a client would get. `operationId` when the write is long-running. */
  put(id: string, apiVersion: string, body: JsonObject): { status: number; operationId?: string; latencyMs?: number };
  /** The resource as GET shows it, undefined when it does not exist; throws when the caller may not read it. */
  get(id: string, apiVersion?: string): JsonObject | undefined;
  operationStatus(operationId: string): string | undefined;
  subscription(subscriptionId: string): JsonObject;
  /** Throws ResourceGroupNotFound. */
  resourceGroup(subscriptionId: string, name: string): JsonObject;
  authorize(action: string, scope: string): void;
}

export interface DeploymentOperation {
  operationId: string;
  resourceId: string;
  resourceType: string;
  resourceName: string;
  apiVersion: string;
  state: 'Running' | 'Succeeded' | 'Failed';
  statusCode: number;
  error: { code: string; message: string } | undefined;
  started: number;
  ended: number | undefined;
}

export interface Deployment {
  id: string;
  name: string;
  scope: DeploymentScope;
  location: string | undefined;
  state: 'Accepted' | 'Running' | 'Succeeded' | 'Failed';
  mode: string;
  parameters: JsonObject;
  outputs: JsonObject | undefined;
  outputResources: string[];
  error: EmulatorError | undefined;
  correlationId: string;
  started: number;
  ended: number | undefined;
  statusOperationId: string;
  operations: DeploymentOperation[];
  templateHash: string;
  template: Json;
  done: Promise<void>;
}

/** A deployment request's body, read. */
export interface DeploymentRequest {
  scope: DeploymentScope;
  name: string;
  body: unknown;
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function field(o: JsonObject, name: string): Json | undefined {
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

export const deploymentId = (scope: DeploymentScope, name: string): string =>
  `${scopeId(scope)}/providers/${DEPLOYMENTS_TYPE}/${name}`;

/** A template read and expanded, ready to run or to show what it would change. */
export interface PreparedDeployment {
  values: TemplateValues;
  resources: PlannedResource[];
  mode: string;
  location: string | undefined;
}

interface Prepared extends PreparedDeployment {
  request: DeploymentRequest;
}

export class DeploymentService {
  private readonly deployments = new Map<string, Deployment>();
  private readonly byStatusOperation = new Map<string, Deployment>();
  /** What-if results by the id their Location names, until a client reads them (the newest 1,000 kept). */
  private readonly whatIfResults = new Map<string, JsonObject[]>();

  constructor(private readonly options: { pollMs: number; delay: (ms: number) => Promise<void> }) {}

  rememberWhatIf(resultId: string, changes: JsonObject[]): void {
    this.whatIfResults.set(resultId, changes);
    if (this.whatIfResults.size > 1000) this.whatIfResults.delete(this.whatIfResults.keys().next().value ?? '');
  }

  whatIfResult(resultId: string): JsonObject[] | undefined {
    return this.whatIfResults.get(resultId);
  }

  get(id: string): Deployment | undefined {
    return this.deployments.get(id.toLowerCase());
  }

  list(scope: DeploymentScope): Deployment[] {
    const prefix = `${scopeId(scope)}/providers/${DEPLOYMENTS_TYPE}/`.toLowerCase();
    return [...this.deployments.values()].filter((d) => d.id.toLowerCase().startsWith(prefix));
  }

  byOperation(operationId: string): Deployment | undefined {
    return this.byStatusOperation.get(operationId.toLowerCase());
  }

  delete(id: string): void {
    const found = this.get(id);
    if (found) this.byStatusOperation.delete(found.statusOperationId);
    this.deployments.delete(id.toLowerCase());
  }

  /** Reads and expands the template; throws InvalidTemplate (and the request's other errors) as ARM's preflight does. */
  prepare(request: DeploymentRequest, gateway: ArmGateway, outer?: TemplateValues): PreparedDeployment {
    return this.read(request, gateway, outer);
  }

  /** Starts a deployment (it runs in the background); throws what ARM refuses before accepting one. */
  start(request: DeploymentRequest, gateway: ArmGateway, outer?: TemplateValues): Deployment {
    const prepared = this.read(request, gateway, outer);
    const id = deploymentId(request.scope, request.name);
    const previous = this.get(id);
    if (previous && (previous.state === 'Accepted' || previous.state === 'Running')) {
      throw ArmErrors.deploymentActive(request.name, new Date(previous.started).toISOString());
    }
    const deployment: Deployment = {
      id,
      name: request.name,
      scope: request.scope,
      location: prepared.location,
      state: 'Accepted',
      mode: prepared.mode,
      parameters: {},
      outputs: undefined,
      outputResources: [],
      error: undefined,
      correlationId: randomUUID(),
      started: Date.now(),
      ended: undefined,
      statusOperationId: randomUUID().replace(/-/g, '').toUpperCase(),
      operations: [],
      templateHash: templateHash(prepared.values.template),
      template: prepared.values.template,
      done: Promise.resolve(),
    };
    deployment.parameters = safely(() => prepared.values.allParameters()) ?? {};
    if (previous) this.byStatusOperation.delete(previous.statusOperationId);
    this.deployments.set(id.toLowerCase(), deployment);
    this.byStatusOperation.set(deployment.statusOperationId.toLowerCase(), deployment);
    deployment.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      this.run(deployment, prepared, gateway),
    );
    return deployment;
  }

  private read(request: DeploymentRequest, gateway: ArmGateway, outer: TemplateValues | undefined): Prepared {
    const body = request.body;
    if (!isObject(body)) throw ArmErrors.bodyNotObject();
    const properties = field(body, 'properties');
    if (!isObject(properties)) throw ArmErrors.invalidProperty('properties', 'a deployment needs its properties');
    if (field(properties, 'templateLink') !== undefined && field(properties, 'template') === undefined) {
      throw ArmErrors.templateSourceNotSupported("'properties.templateLink'");
    }
    if (field(properties, 'parametersLink') !== undefined) {
      throw ArmErrors.templateSourceNotSupported("'properties.parametersLink'");
    }
    const template = field(properties, 'template');
    if (!isObject(template)) throw ArmErrors.invalidProperty('properties.template', 'the template must be an object');
    const modeValue = field(properties, 'mode');
    const mode = typeof modeValue === 'string' ? modeValue : 'Incremental';
    if (mode.toLowerCase() !== 'incremental') throw ArmErrors.deploymentModeNotSupported(mode);
    const location = field(body, 'location');
    if (request.scope.resourceGroup === undefined && (typeof location !== 'string' || location === '')) {
      throw ArmErrors.locationRequired();
    }
    gateway.subscription(request.scope.subscriptionId);
    if (request.scope.resourceGroup !== undefined) {
      gateway.resourceGroup(request.scope.subscriptionId, request.scope.resourceGroup);
    }
    const parameters = field(properties, 'parameters') ?? {};
    if (!isObject(parameters)) throw ArmErrors.invalidProperty('properties.parameters', 'it must be an object');
    let resources: PlannedResource[] = [];
    const world = this.world(request, gateway, () => resources);
    try {
      const values = new TemplateValues(template, parameters, request.scope, world, outer);
      resources = expandResources(values);
      if (!outer) values.allParameters();
      return {
        values,
        resources,
        mode,
        location: typeof location === 'string' ? location : undefined,
        request,
      };
    } catch (error) {
      if (error instanceof TemplateError) throw ArmErrors.invalidTemplate(error.message);
      throw error;
    }
  }

  private world(request: DeploymentRequest, gateway: ArmGateway, resources: () => PlannedResource[]): TemplateWorld {
    return {
      subscription: (subscriptionId) => gateway.subscription(subscriptionId),
      resourceGroup: (scope) => gateway.resourceGroup(scope.subscriptionId, scope.resourceGroup ?? ''),
      deployment: () => ({ name: request.name, properties: { templateLink: null } }),
      reference: (nameOrId, full, apiVersion) => {
        const planned = nameOrId.startsWith('/')
          ? undefined
          : resources().find((r) => r.symbolicNames.some((n) => n.toLowerCase() === nameOrId.toLowerCase()));
        const id = planned?.id ?? nameOrId;
        const nested = this.get(id);
        if (nested) return full ? deploymentView(nested) : (deploymentView(nested)['properties'] ?? null);
        if (!id.startsWith('/')) {
          throw new TemplateError(
            `reference '${nameOrId}'`,
            `The resource '${nameOrId}' is not defined in the template.`,
          );
        }
        const found = gateway.get(id, apiVersion ?? (planned?.apiVersion || undefined));
        if (!found) {
          const segs = id.split('/');
          throw ArmErrors.resourceNotFound(
            planned?.type ?? segs.slice(-2, -1).join('/'),
            segs[segs.length - 1] ?? '',
            request.scope.resourceGroup ?? '',
          );
        }
        return full ? found : (found['properties'] ?? null);
      },
    };
  }

  private async run(deployment: Deployment, prepared: Prepared, gateway: ArmGateway): Promise<void> {
    deployment.state = 'Running';
    const byKey = new Map(prepared.resources.map((r) => [r.key, r]));
    const runs = new Map<string, Promise<void>>();
    const runOne = (r: PlannedResource): Promise<void> => {
      let running = runs.get(r.key);
      if (running === undefined) {
        running = Promise.all(
          r.dependsOn.map((k) => byKey.get(k)).map((d) => (d ? runOne(d) : Promise.resolve())),
        ).then(() => (r.deploy ? this.deployResource(deployment, prepared, r, gateway) : undefined));
        runs.set(r.key, running);
      }
      return running;
    };
    await Promise.allSettled(prepared.resources.map(runOne));
    const failed = deployment.operations.filter((o) => o.state === 'Failed');
    if (failed.length > 0) {
      this.finish(
        deployment,
        ArmErrors.deploymentFailed(failed.map((o) => o.error ?? { code: 'Failed', message: '' })),
      );
      return;
    }
    try {
      deployment.outputs = evaluateOutputs(prepared.values);
      this.finish(deployment, undefined);
    } catch (error) {
      this.finish(deployment, ArmErrors.deploymentOutputEvaluationFailed(messageOf(error)));
    }
  }

  private finish(deployment: Deployment, error: EmulatorError | undefined): void {
    deployment.error = error;
    deployment.state = error ? 'Failed' : 'Succeeded';
    deployment.ended = Date.now();
  }

  private async deployResource(
    deployment: Deployment,
    prepared: Prepared,
    r: PlannedResource,
    gateway: ArmGateway,
  ): Promise<void> {
    if (r.existing) {
      if (!gateway.get(r.id)) {
        const segs = r.id.split('/');
        throw ArmErrors.resourceNotFound(r.type, segs[segs.length - 1] ?? '', deployment.scope.resourceGroup ?? '');
      }
      return;
    }
    const op: DeploymentOperation = {
      operationId: randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(),
      resourceId: r.id,
      resourceType: r.type,
      resourceName: r.name,
      apiVersion: r.apiVersion,
      state: 'Running',
      statusCode: 0,
      error: undefined,
      started: Date.now(),
      ended: undefined,
    };
    deployment.operations.push(op);
    try {
      if (r.type.toLowerCase() === DEPLOYMENTS_TYPE.toLowerCase()) {
        await this.deployNested(deployment, prepared, r, gateway, op);
      } else {
        const body = resourceBody(prepared.values, r, false);
        const answer = gateway.put(r.id, r.apiVersion, body);
        op.statusCode = answer.status;
        if (answer.latencyMs !== undefined && answer.latencyMs > 0) await this.options.delay(answer.latencyMs);
        if (answer.operationId !== undefined) await this.waitFor(answer.operationId, gateway);
        deployment.outputResources.push(r.id);
      }
      op.state = 'Succeeded';
    } catch (error) {
      op.state = 'Failed';
      op.error = errorOf(error);
      if (op.statusCode === 0 || op.statusCode < 400)
        op.statusCode = error instanceof EmulatorError ? error.status : 400;
      throw error;
    } finally {
      op.ended = Date.now();
    }
  }

  private async waitFor(operationId: string, gateway: ArmGateway): Promise<void> {
    for (;;) {
      const status = gateway.operationStatus(operationId);
      if (status === 'Succeeded' || status === undefined) return;
      if (status === 'Failed' || status === 'Canceled') throw ArmErrors.operationFailed();
      await this.options.delay(this.options.pollMs);
    }
  }

  private async deployNested(
    parent: Deployment,
    prepared: Prepared,
    r: PlannedResource,
    gateway: ArmGateway,
    op: DeploymentOperation,
  ): Promise<void> {
    const target = r.target ?? parent.scope;
    const body = resourceBody(prepared.values, r, true);
    const properties = asObject(field(body, 'properties'));
    const options = asObject(field(properties, 'expressionEvaluationOptions'));
    const inner = isInnerScope(field(options, 'scope'));
    gateway.authorize(`${DEPLOYMENTS_TYPE}/write`, deploymentId(target, r.name.split('/').pop() ?? r.name));
    const child = this.start(
      {
        scope: target,
        name: r.name,
        body: {
          ...(typeof field(body, 'location') === 'string' && { location: field(body, 'location') ?? '' }),
          properties: inner ? properties : { ...properties, parameters: {} },
        },
      },
      gateway,
      inner ? undefined : prepared.values,
    );
    op.statusCode = 201;
    await child.done;
    parent.outputResources.push(...child.outputResources);
    if (child.state === 'Failed') {
      throw child.error ?? ArmErrors.deploymentFailed([]);
    }
  }
}

/** `expressionEvaluationOptions.scope`: outer (ARM's default) unless it says inner. */
export function isInnerScope(value: Json | undefined): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'inner';
}

function errorOf(error: unknown): { code: string; message: string } {
  if (error instanceof EmulatorError) {
    return {
      code: error.code,
      message: error.details
        ? `${error.message} ${error.details.map((d) => `${d.code}: ${d.message}`).join(' ')}`
        : error.message,
    };
  }
  if (error instanceof TemplateError) return errorOf(ArmErrors.invalidTemplate(error.message));
  return { code: 'InternalServerError', message: messageOf(error) };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function asObject(v: Json | undefined): JsonObject {
  return isObject(v) ? v : {};
}

function safely<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
