// ARM semantics: a request goes through the one route table (routes.ts: ARM's own routes and the providers'), after
// the checks ARM makes of every path's subscription and resource group. The engine holds what every route shares:
// the store, the providers, operations, Resource Graph, authorization. CRUD is in crud.ts, paging in paging.ts,
// long-running operations in lro.ts, provider paths in resolve.ts, ARM's own routes in platform.ts; HTTP and sign-in
// are the pipeline's (../pipeline.ts). Fleet loading calls the same code without a principal.
import { ArmErrors } from '../../arm/arm-errors.js';
import { segmentsOf, typeOfId } from '../../arm/ids.js';
import { RESOURCES_API_VERSIONS } from '../../arm/resource-types.js';
import type { Subscription } from '../../fleet/types.js';
import { DeploymentService } from '../../deployments/engine.js';
import { ProviderRegistry } from '../../providers/registry.js';
import type { ProviderContext } from '../../providers/types.js';
import type { ArmResource, JsonObject, ResourceStore } from '../../store/store.js';
import { OperationTracker } from '../operations.js';
import { ResourceGraph } from '../resource-graph.js';
import { armRouteFor, type ArmRoute } from '../routes.js';
import type { ArmRequest, ArmResponse, Engine, EngineOptions } from './types.js';

export type { ArmRequest, ArmResponse, AccessKind, EngineOptions, LongRunningAnswers } from './types.js';

export class ArmEngine implements Engine {
  readonly providers = new ProviderRegistry();
  readonly operations = new OperationTracker();
  readonly context: ProviderContext;
  readonly resourceGraph: ResourceGraph;
  readonly deployments = new DeploymentService({
    pollMs: 20,
    // Unref'd: a deployment still waiting does not keep a stopped emulator's process alive.
    delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
  });
  private eitherWayAnswers = 0;

  constructor(readonly options: EngineOptions) {
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
    this.resourceGraph = new ResourceGraph({
      store: options.store,
      tenantId: options.tenantId,
      subscriptions: options.subscriptions,
      isTracked: (type) => this.providers.get(type)?.tracked === true,
      view: (r) => this.view(r),
      canRead: options.canRead,
      accessKey: options.accessKey,
      timing: options.timing,
      quota: options.throttling,
    });
  }

  get store(): ResourceStore {
    return this.options.store;
  }

  /** Answers a request; the pipeline passes the route it found, the platform's own writes let the engine find it. */
  handle(req: ArmRequest, route: ArmRoute = armRouteFor(segmentsOf(req.path))): ArmResponse {
    const segs = segmentsOf(req.path);
    this.checkScope(segs);
    return route.handle(this, req, segs);
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
    if (!stored) throw ArmErrors.internalWriteFailed(id, response.status);
    return stored;
  }

  latestVersionFor(id: string): string {
    const stored = this.store.get(id);
    const type = stored?.type ?? typeOfId(id);
    const provider = type === undefined ? undefined : this.providers.get(type);
    const versions = provider?.apiVersions ?? RESOURCES_API_VERSIONS;
    return versions[versions.length - 1] ?? '2021-04-01';
  }

  nextLongRunningAnswer(): 'status' | 'provisioning' {
    const answers = this.options.longRunningAnswers ?? 'status';
    if (answers !== 'alternate') return answers;
    this.eitherWayAnswers += 1;
    return this.eitherWayAnswers % 2 === 1 ? 'status' : 'provisioning';
  }

  view(resource: ArmResource): ArmResource {
    const provider = this.providers.get(resource.type);
    return provider?.view ? provider.view(this.context, resource) : resource;
  }

  /**
   * ARM looks up the subscription of every path below /subscriptions/{s}, and the group of every path below a
   * group (not the group itself: PUT creates it), before the route: a missing one answers for the whole path.
   */
  private checkScope(segs: string[]): void {
    if (segs[0]?.toLowerCase() !== 'subscriptions' || segs[1] === undefined) return;
    const subscription = this.subscription(segs[1]);
    if (segs.length >= 5 && segs[2]?.toLowerCase() === 'resourcegroups') this.group(subscription, segs[3] ?? '');
  }

  subscription(subscriptionId: string): Subscription {
    const found = this.options
      .subscriptions()
      .find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
    if (!found) throw ArmErrors.subscriptionNotFound(subscriptionId);
    return found;
  }

  group(sub: Subscription, name: string): ArmResource {
    const group = this.store.get(`/subscriptions/${sub.subscriptionId}/resourceGroups/${name}`);
    if (!group) throw ArmErrors.resourceGroupNotFound(name);
    return group;
  }

  remove(id: string): void {
    for (const removed of this.store.delete(id)) {
      this.providers.get(removed.type)?.afterDelete?.(this.context, removed);
    }
  }

  authorize(req: ArmRequest, action: string, scope: string): void {
    if (req.actor) this.options.authorize(req.actor, action, scope);
  }

  authorizeList(req: ArmRequest, action: string, scope: string): void {
    if (req.actor && !this.options.canRead(req.actor, `${scope}/*`)) this.options.authorize(req.actor, action, scope);
  }

  readable(req: ArmRequest, items: ArmResource[]): ArmResource[] {
    const actor = req.actor;
    if (!actor) return items;
    return items.filter((r) => this.options.canRead(actor, r.id));
  }
}
