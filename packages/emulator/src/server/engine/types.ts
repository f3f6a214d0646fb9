// What the engine's parts share: a request and its answer as ARM sees them, the engine's options, and the engine
// itself as the routes (platform.ts, crud.ts, lro.ts, resolve.ts) use it.
import type { GeneratedValues } from '../../arm/generated-values.js';
import type { DeploymentService } from '../../deployments/engine.js';
import type { Subscription } from '../../fleet/types.js';
import type { Actor } from '../../providers/base.js';
import type { ProviderRegistry } from '../../providers/registry.js';
import type { ProviderContext } from '../../providers/types.js';
import type { ArmResource, ResourceStore } from '../../store/store.js';
import type { OperationTracker } from '../operations.js';
import type { Permission, RoleAssignments } from '../rbac.js';
import type { ResourceGraph } from '../resource-graph.js';
import type { Timing } from '../timing.js';

export interface ArmRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Undefined for the platform's own writes (fleet loading): no authorization, operations complete at once. */
  actor: Actor | undefined;
  /** The If-Match header of a conditional write, for the types that honour it. */
  ifMatch?: string;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How long the answer waits before it is sent: a synchronous write's latency in the timing profile. */
  latencyMs?: number;
}

export type AccessKind = 'read' | 'write' | 'delete';

/**
 * How a PUT that may be answered either way is answered (types with `longRunning.provisioningAnswer`): 202 with an
 * operation to poll (`status`), 200 with the resource `Provisioning` (`provisioning`), or each in turn (`alternate`,
 * the first such PUT 202), so that clients of both shapes are exercised deterministically.
 */
export type LongRunningAnswers = 'status' | 'provisioning' | 'alternate';

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
  /** Changes when the actor's role assignments change (Resource Graph's cached results depend on them). */
  accessKey: (actor: Actor) => string;
  /** The emulator's throttling switch: Resource Graph has a quota only when it is on. */
  throttling: boolean;
  /** The role assignments RBAC checks, as Microsoft.Authorization/roleAssignments lists and writes them. */
  roleAssignments: RoleAssignments;
  /** Whether the directory has this object id (a role assignment's principal must exist). */
  principalExists: (objectId: string) => boolean;
  /** Default `status`. */
  longRunningAnswers?: LongRunningAnswers;
}

/** The engine as its routes see it. */
export interface Engine {
  readonly options: EngineOptions;
  readonly store: ResourceStore;
  readonly providers: ProviderRegistry;
  readonly operations: OperationTracker;
  readonly context: ProviderContext;
  readonly resourceGraph: ResourceGraph;
  readonly deployments: DeploymentService;
  /** Answers a request through the route table (a deployment writes its resources so). */
  handle(req: ArmRequest): ArmResponse;
  /** The newest api-version of a stored resource's type. */
  latestVersionFor(id: string): string;
  /** The resource as GET shows it. */
  view(resource: ArmResource): ArmResource;
  authorize(req: ArmRequest, action: string, scope: string): void;
  /** Lists are filtered per item; a caller with no role anywhere below the scope is refused outright. */
  authorizeList(req: ArmRequest, action: string, scope: string): void;
  /** The items the caller may read. */
  readable(req: ArmRequest, items: ArmResource[]): ArmResource[];
  subscription(subscriptionId: string): Subscription;
  group(subscription: Subscription, name: string): ArmResource;
  /** Removes a resource and everything below it, letting each removed resource's type react. */
  remove(id: string): void;
  /** How the next PUT that may be answered either way is answered (`longRunningAnswers`). */
  nextLongRunningAnswer(): 'status' | 'provisioning';
}
