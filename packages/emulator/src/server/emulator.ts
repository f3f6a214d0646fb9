// startEmulator: the HTTPS server, its world, and everything a test or a user needs to talk to it.
import { randomValues, repeatableValues, type RepeatableValues } from './generated-values.js';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleAuthRequest, MSI_PATH } from './auth-endpoints.js';
import { ArmEngine, type ArmResponse } from './engine.js';
import { armError, EmulatorError } from './errors.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { scopeOf } from './ids.js';
import { Monitor, type Counters, type RequestLogEntry } from './monitoring.js';
import { RoleAssignments } from './rbac.js';
import { ResourceGraph } from './resource-graph.js';
import { Throttler, type RequestKind, type ThrottlingOptions } from './throttle.js';
import { Timing, type TimingDescription, type TimingInputNames, type TimingOptions } from './timing.js';
import { ensureTls } from './tls.js';
import { ARM_AUDIENCES, TokenService } from './tokens.js';
import { loadWorld, saveWorld, type WorldState } from '../store/persist.js';
import { ResourceStore, type JsonObject } from '../store/store.js';
import type { Actor } from '../providers/base.js';
import type { BuiltInRole, ExpandedFleet, Subscription } from '../fleet/types.js';
import { DataPlane, LOG_ANALYTICS_PATH } from '../dataplane/dataplane.js';
import type { AgentOptions, ClusterAgentsStatus } from '../dataplane/agents.js';
import type { DnsServerInfo } from '../dataplane/dns.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback addresses are allowed. */
  host?: string;
  /** The world to start with: an expanded fleet, or the path of a fleet YAML file. */
  fleet?: ExpandedFleet | string;
  /** Persist the world here (and keep the certificates here). An existing saved world wins over `fleet`. */
  stateDir?: string;
  /** Where the CA and server certificate live when there is no stateDir (default: a folder under the OS temp dir). */
  certDir?: string;
  faults?: FaultOptions;
  /** ARM-like token buckets; off unless given (true = DOMAIN.md's limits). */
  throttling?: boolean | ThrottlingOptions;
  /**
   * How long operations take: `{ profile: 'azure' }` for Azure's durations (src/server/timing.ts), and a `timeScale`
   * (e.g. 0.01) that runs every duration, Retry-After and throttling refill at that fraction of real time.
   * Default: the instant profile at real time.
   */
  timing?: TimingOptions;
  /** The instant profile's delay before long-running operations complete (default 200 ms). */
  lroDelayMs?: number;
  /** Retry-After sent with long-running operations, in real-time seconds (default 1; 0 lets clients poll at their own pace). */
  lroRetryAfterSeconds?: number;
  /** How errors about the timing options name them (the CLI passes its flags). */
  timingInputNames?: TimingInputNames;
  /** List page size before nextLink (default 100). */
  pageSize?: number;
  /**
   * GUIDs, etags and timestamps drawn from a seed and one fixed time instead of at random and from the clock, so the
   * same fleet gives byte-identical resources (for example files and golden tests). Azure itself has no such switch.
   */
  repeatable?: RepeatableValues;
  /** Simulated ama-metrics / ama-logs agents (default: off; call `tick()` to run one round by hand). */
  agents?: AgentOptions;
}

/** The shape of @azure/core-auth's TokenCredential, implemented here without depending on the package. */
export interface EmulatorTokenCredential {
  getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number; tokenType?: string }>;
}

export interface RunningEmulator {
  /** The ARM endpoint, e.g. https://127.0.0.1:8443 (no trailing slash). */
  url: string;
  port: number;
  caCertPath: string;
  caCertPem: string;
  tenantId: string;
  /** The MSI endpoint for `az login --identity` (MSI_ENDPOINT). */
  msiEndpoint: string;
  tokenCredential: EmulatorTokenCredential;
  credentialFor(principalObjectId: string): EmulatorTokenCredential;
  counters(): Counters;
  requests(): RequestLogEntry[];
  /** The timing profile and scale in force, with real-time durations (also GET /_emulator/timing). */
  timing: TimingDescription;
  /** Clears counters, request log and throttling buckets. */
  reset(): void;
  /** Every resource as GET returns it: { value: [...] } (the format `amplink plan --snapshot` reads). */
  snapshot(): { value: unknown[] };
  setFaults(faults: FaultOptions): void;
  setRoles(principalObjectId: string, roles: { role: BuiltInRole; scope: string }[]): void;
  /** Writes the world to stateDir now (it is also written shortly after every change). */
  flush(): void;
  /** Runs one round of every monitored cluster's agents now and returns their status. */
  tick(): ClusterAgentsStatus[];
  /** The agents' status after the last round (also GET /_emulator/agents). */
  agents(): ClusterAgentsStatus[];
  /** One loopback DNS server per VNet (and one for the internet's view); see src/dataplane/dns.ts. */
  dnsServers(): Promise<DnsServerInfo[]>;
  /** The Log Analytics query API root: the `endpoint` option of LogsQueryClient. */
  logAnalyticsEndpoint: string;
  stop(): Promise<void>;
}

const DEFAULT_TENANT = '72f988bf-0000-4000-8000-00000000e1a7';
const DEFAULT_SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';
const DEFAULT_PRINCIPAL = '00000000-0000-4000-8000-0000000000aa';

/** The world when no fleet is given: one subscription, the managed identity as its Owner. */
export function defaultFleet(): ExpandedFleet {
  return {
    tenantId: DEFAULT_TENANT,
    subscriptions: [{ subscriptionId: DEFAULT_SUBSCRIPTION, displayName: 'Amplink Emulator Subscription' }],
    resourceGroups: [],
    writes: [],
    principals: [{ objectId: DEFAULT_PRINCIPAL, displayName: 'amplink-emulator-identity' }],
    roleAssignments: [
      { principalObjectId: DEFAULT_PRINCIPAL, role: 'Owner', scope: `/subscriptions/${DEFAULT_SUBSCRIPTION}` },
    ],
    defaultPrincipalObjectId: DEFAULT_PRINCIPAL,
  };
}

async function resolveFleet(fleet: ExpandedFleet | string | undefined): Promise<ExpandedFleet> {
  if (fleet === undefined) return defaultFleet();
  if (typeof fleet !== 'string') return fleet;
  const fleetModule = (await import('../fleet/index.js')) as {
    loadFleetFile?: (path: string) => Promise<ExpandedFleet>;
  };
  if (typeof fleetModule.loadFleetFile !== 'function') {
    throw new EmulatorError('EMULATOR_FLEET_LOADER_MISSING', 'This build has no fleet file loader (src/fleet).');
  }
  return fleetModule.loadFleetFile(fleet);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new EmulatorError('EMULATOR_BAD_OPTION', `The emulator binds loopback addresses only, not '${host}'.`);
  }
  const timing = Timing.resolve(options.timing, options, options.timingInputNames);
  const certDir =
    options.stateDir ?? options.certDir ?? join(tmpdir(), `amplink-emulator-certs-${process.getuid?.() ?? 'user'}`);
  const tls = ensureTls(certDir);
  const saved = options.stateDir !== undefined ? loadWorld(options.stateDir) : undefined;
  const initialFleet = saved ? undefined : await resolveFleet(options.fleet);

  const world: Omit<WorldState, 'resources'> = saved
    ? {
        tenantId: saved.tenantId,
        subscriptions: saved.subscriptions,
        principals: saved.principals,
        roleAssignments: saved.roleAssignments,
        defaultPrincipalObjectId: saved.defaultPrincipalObjectId,
      }
    : {
        tenantId: initialFleet?.tenantId ?? DEFAULT_TENANT,
        subscriptions: initialFleet?.subscriptions ?? [],
        principals: initialFleet?.principals ?? [],
        roleAssignments: initialFleet?.roleAssignments ?? [],
        defaultPrincipalObjectId: initialFleet?.defaultPrincipalObjectId ?? DEFAULT_PRINCIPAL,
      };
  const roles = new RoleAssignments(world.roleAssignments);
  const store = new ResourceStore();
  const monitor = new Monitor();
  const faults = new FaultInjector(options.faults);
  const throttling =
    options.throttling === undefined || options.throttling === false
      ? undefined
      : new Throttler(options.throttling === true ? {} : options.throttling, timing);

  // Set once listening (the base URL needs the port); requests before that get 503.
  const late: { engine?: ArmEngine; tokens?: TokenService } = {};
  let baseUrl = '';
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem, keepAlive: true }, (req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  baseUrl = `https://${host === '::1' ? '[::1]' : host}:${port}`;
  const tokens = await TokenService.create(certDir, baseUrl, baseUrl);

  const subscriptions = (): Subscription[] => world.subscriptions;
  const engine = new ArmEngine({
    store,
    baseUrl,
    tenantId: world.tenantId,
    generated: options.repeatable ? repeatableValues(options.repeatable) : randomValues,
    subscriptions,
    timing,
    pageSize: options.pageSize ?? 100,
    authorize: (actor, action, scope) => roles.authorize(actor, action, scope),
    canRead: (actor, scope) => roles.canRead(actor, scope),
    count: (type, kind) => monitor.count(type, kind),
    permissions: (actor, scope) => roles.permissionsAt(actor, scope),
  });
  const resourceGraph = new ResourceGraph({
    store,
    tenantId: world.tenantId,
    subscriptions,
    isTracked: (type) => engine.providers.get(type)?.tracked === true,
    view: (r) => engine.view(r),
    canRead: (actor, scope) => roles.canRead(actor, scope),
    accessKey: (actor) =>
      JSON.stringify(roles.list().filter((a) => a.principalObjectId.toLowerCase() === actor.objectId.toLowerCase())),
    timing,
    quota: throttling !== undefined,
  });
  late.engine = engine;
  late.tokens = tokens;
  const dataPlane = new DataPlane(store, () => late.tokens, baseUrl);

  const loadInitial = (fleet: ExpandedFleet | undefined, state: WorldState | undefined): void => {
    store.onChange = () => undefined;
    store.clear();
    if (state) for (const resource of state.resources) store.put(resource);
    if (fleet) applyFleet(engine, fleet);
    store.onChange = scheduleSave;
  };

  let saveTimer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    if (options.stateDir === undefined) return;
    saveWorld(options.stateDir, { ...world, roleAssignments: roles.list(), resources: store.all() });
  };
  function scheduleSave(): void {
    if (options.stateDir === undefined || saveTimer) return;
    saveTimer = setTimeout(flush, 50);
    saveTimer.unref();
  }
  try {
    loadInitial(initialFleet, saved);
  } catch (error) {
    server.close();
    throw error;
  }
  if (!saved) flush();

  const actorFor = (objectId: string): Actor => ({
    objectId,
    displayName: world.principals.find((p) => p.objectId === objectId)?.displayName ?? objectId,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    // Clients may send '//subscriptions/...' (an id appended to a trailing slash); ARM tolerates repeated slashes.
    const url = new URL((req.url ?? '/').replace(/\/{2,}/g, '/'), baseUrl);
    let principal: string | undefined;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const text = body === undefined ? '' : JSON.stringify(body);
      const requestId = randomUUID();
      res.writeHead(status, {
        ...(text !== '' ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
        'Content-Length': Buffer.byteLength(text),
        'x-ms-request-id': requestId,
        'x-ms-correlation-request-id': String(req.headers['x-ms-correlation-request-id'] ?? requestId),
        ...headers,
      });
      res.end(text);
      monitor.record({
        time: new Date(started).toISOString(),
        method,
        path: url.pathname,
        status,
        ...(principal ? { principal } : {}),
        durationMs: Date.now() - started,
      });
    };
    try {
      const raw = await readBody(req);
      if (url.pathname.startsWith('/_emulator/')) {
        if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
          throw armError(403, 'Forbidden', 'The emulator control API answers loopback clients only.');
        const answer = admin(method, url, raw);
        send(answer.status, answer.body);
        return;
      }
      if (dataPlane.handles(url.pathname)) {
        const answer = await dataPlane.handle(method, url, raw, req.headers);
        send(answer.status, answer.body, answer.headers ?? {});
        return;
      }
      const { tokens: tokenService, engine: armEngine } = late;
      if (!tokenService || !armEngine) throw armError(503, 'ServiceUnavailable', 'The emulator is starting.');
      const auth = await handleAuthRequest(
        method,
        url,
        raw,
        tokens,
        {
          tenantId: world.tenantId,
          principals: () => world.principals,
          defaultPrincipalObjectId: () => world.defaultPrincipalObjectId,
        },
        baseUrl,
      );
      if (auth) {
        send(auth.status, auth.body);
        return;
      }
      const fault = faults.decide(method, url.pathname);
      if (fault.kind !== 'none') {
        monitor.fault();
        if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
        if (fault.kind === 'reset') {
          monitor.record({
            time: new Date(started).toISOString(),
            method,
            path: url.pathname,
            status: 0,
            durationMs: Date.now() - started,
          });
          req.socket.destroy();
          return;
        }
        if (fault.kind === 'status') {
          const code =
            fault.status === 429
              ? 'TooManyRequests'
              : fault.status === 503
                ? 'ServiceUnavailable'
                : 'InternalServerError';
          const headers: Record<string, string> =
            fault.status === 429 || fault.retryAfterSeconds !== undefined
              ? { 'Retry-After': String(fault.retryAfterSeconds ?? 1) }
              : {};
          send(fault.status, { error: { code, message: `Injected fault: ${fault.status}.` } }, headers);
          return;
        }
      }
      const actor = await authenticate(req.headers.authorization, tokenService);
      principal = actor.objectId;
      const headers: Record<string, string> = {};
      if (ResourceGraph.handles(url.pathname)) {
        // Resource Graph answers from its own per-user quota, not from ARM's per-subscription buckets.
        monitor.count('Microsoft.ResourceGraph/resources', 'read');
        const answer = resourceGraph.handle(method, url.searchParams, parseJsonBody(raw), actor);
        send(answer.status, answer.body, answer.headers);
        return;
      }
      const kind: RequestKind =
        method === 'GET' || method === 'HEAD' ? 'reads' : method === 'DELETE' ? 'deletes' : 'writes';
      if (throttling) {
        const subscriptionId = scopeOf(url.pathname)?.subscriptionId ?? 'tenant';
        headers[`x-ms-ratelimit-remaining-subscription-${kind}`] = String(
          throttling.take(subscriptionId, actor.objectId, kind),
        );
      }
      const body = parseJsonBody(raw);
      const response: ArmResponse = armEngine.handle({
        method,
        path: url.pathname,
        query: url.searchParams,
        body,
        actor,
      });
      if (response.latencyMs !== undefined) await new Promise((r) => setTimeout(r, response.latencyMs));
      send(response.status, method === 'HEAD' ? undefined : response.body, { ...headers, ...(response.headers ?? {}) });
    } catch (error) {
      if (error instanceof EmulatorError && error.status < 500) {
        send(
          error.status,
          error.toArmBody(),
          error.status === 401
            ? {
                'WWW-Authenticate': `Bearer authorization_uri="${baseUrl}/${world.tenantId}", error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`,
                ...error.headers,
              }
            : error.headers,
        );
      } else {
        const message = error instanceof Error ? error.message : String(error);
        send(500, { error: { code: 'InternalServerError', message } });
      }
    }
  }

  async function authenticate(header: string | undefined, service: TokenService): Promise<Actor> {
    // ARM's 401 answers (codes as ARM returns them).
    if (header === undefined || header === '')
      throw armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1])
      throw armError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      );
    const result = await service.verifyForArm(match[1]);
    if (result.claims) return actorFor(result.claims.oid);
    if (result.problem === 'expired')
      throw armError(
        401,
        'ExpiredAuthenticationToken',
        'The access token expiry UTC time is earlier than current UTC time.',
      );
    if (result.problem === 'audience') {
      throw armError(
        401,
        'InvalidAuthenticationTokenAudience',
        `The access token has been obtained for wrong audience or resource. It should exactly match with one of the allowed audiences '${ARM_AUDIENCES.join("','")}'.`,
      );
    }
    throw armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
  }

  const snapshot = (): { value: unknown[] } => ({ value: store.all().map((r) => engine.view(r)) });

  function admin(method: string, url: URL, raw: string): { status: number; body: unknown } {
    const what = url.pathname.replace(/^\/_emulator\//, '').replace(/\/+$/, '');
    const json = (): JsonObject => {
      try {
        return raw === '' ? {} : (JSON.parse(raw) as JsonObject);
      } catch {
        throw armError(400, 'InvalidRequestContent', 'The body is not JSON.');
      }
    };
    if (method === 'GET' && what === 'health') return { status: 200, body: { status: 'ok', resources: store.size } };
    if (method === 'GET' && what === 'requests') return { status: 200, body: { value: monitor.requests() } };
    if (method === 'GET' && what === 'counters') return { status: 200, body: monitor.snapshot() };
    if (method === 'GET' && what === 'snapshot') return { status: 200, body: snapshot() };
    if (method === 'GET' && what === 'timing') return { status: 200, body: timing.describe() };
    if (method === 'GET' && what === 'agents') return { status: 200, body: { value: dataPlane.agents.list() } };
    if (method === 'POST' && what === 'agents/tick') return { status: 200, body: { value: dataPlane.tick() } };
    if (method === 'POST' && what === 'reset') {
      running.reset();
      return { status: 200, body: { reset: true } };
    }
    if (what === 'faults') {
      if (method === 'POST') faults.configure(json() as unknown as FaultOptions);
      return { status: 200, body: faults.current() };
    }
    if (what === 'roles') {
      if (method === 'POST') {
        const body = json() as unknown as {
          principalObjectId?: string;
          roles?: { role: BuiltInRole; scope: string }[];
        };
        if (typeof body.principalObjectId !== 'string' || !Array.isArray(body.roles)) {
          throw armError(
            400,
            'InvalidRequestContent',
            'Expected {"principalObjectId": "...", "roles": [{"role": "Reader", "scope": "/subscriptions/..."}]}.',
          );
        }
        roles.replaceRoles(body.principalObjectId, body.roles);
        scheduleSave();
      }
      return { status: 200, body: { value: roles.list() } };
    }
    throw armError(404, 'NotFound', `No emulator control endpoint '${url.pathname}'.`);
  }

  const credentialFor = (principalObjectId: string): EmulatorTokenCredential => ({
    async getToken(scopes) {
      const scope = Array.isArray(scopes) ? (scopes[0] ?? '') : scopes;
      const audience = scope.replace(/\/?\.default$/, '/');
      const issued = await tokens.issue({
        tenantId: world.tenantId,
        objectId: principalObjectId,
        audience,
      });
      return { token: issued.accessToken, expiresOnTimestamp: issued.expiresOn * 1000, tokenType: 'Bearer' };
    },
  });

  const running: RunningEmulator = {
    url: baseUrl,
    port,
    caCertPath: tls.caCertPath,
    caCertPem: tls.caCertPem,
    tenantId: world.tenantId,
    msiEndpoint: `${baseUrl}${MSI_PATH}`,
    tokenCredential: credentialFor(world.defaultPrincipalObjectId),
    credentialFor,
    timing: timing.describe(),
    counters: () => monitor.snapshot(),
    requests: () => monitor.requests(),
    reset: () => {
      monitor.reset();
      throttling?.reset();
      resourceGraph.resetQuota();
    },
    snapshot,
    setFaults: (f) => faults.configure(f),
    setRoles: (principalObjectId, newRoles) => {
      roles.replaceRoles(principalObjectId, newRoles);
      scheduleSave();
    },
    flush,
    tick: () => dataPlane.tick(),
    agents: () => dataPlane.agents.list(),
    dnsServers: () => dataPlane.dnsServers(),
    logAnalyticsEndpoint: `${baseUrl}${LOG_ANALYTICS_PATH}`,
    stop: async () => {
      await dataPlane.stop();
      engine.operations.completeAll();
      flush();
      engine.operations.clear();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  if (options.agents?.enabled === true) {
    await dataPlane.dnsServers();
    dataPlane.startAgents(options.agents);
  }
  return running;
}

/** Resource groups, then every write in order, through the same provider code as an HTTP PUT (no auth, no delay). */
export function applyFleet(engine: ArmEngine, fleet: ExpandedFleet): void {
  for (const group of fleet.resourceGroups) {
    engine.putInternal(group.id, '2021-04-01', {
      location: group.location,
      ...(group.tags ? { tags: group.tags } : {}),
    });
  }
  for (const write of fleet.writes) {
    try {
      const stored = engine.putInternal(write.id, write.apiVersion, write.body as JsonObject);
      if (write.provisioningState !== undefined) {
        // Left as Azure shows a resource whose operation has not ended (or failed): no operation will end it.
        const properties = { ...(stored['properties'] as JsonObject), provisioningState: write.provisioningState };
        engine.store.put({ ...stored, properties });
      }
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new EmulatorError(
        'EMULATOR_FLEET_WRITE_FAILED',
        `Fleet write ${write.id} (api-version ${write.apiVersion}) failed: ${message}`,
        { cause },
      );
    }
  }
}

function parseJsonBody(raw: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw armError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: it is not JSON.',
    );
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
