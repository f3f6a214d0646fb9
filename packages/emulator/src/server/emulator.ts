// startEmulator: the HTTPS server, its world, and everything a test or a user needs to talk to it. The parts live
// in their own modules: TLS (tls.ts), the world and its persistence (world.ts), the request pipeline (pipeline.ts and
// pipeline/), the ARM engine and its route table (engine/, routes.ts).
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorError } from '../arm/errors.js';
import { randomValues, repeatableValues, type RepeatableValues } from '../arm/generated-values.js';
import type { AgentOptions, ClusterAgentsStatus } from '../dataplane/agents.js';
import { DataPlane, LOG_ANALYTICS_PATH } from '../dataplane/dataplane.js';
import type { DnsServerInfo } from '../dataplane/dns.js';
import type { BuiltInRole, ExpandedFleet } from '../fleet/types.js';
import type { Actor } from '../providers/base.js';
import { ResourceStore, type SiteNetwork } from '../store/store.js';
import { MSI_PATH } from './auth-endpoints.js';
import { ArmEngine } from './engine/engine.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { Monitor, type Counters, type RequestLogEntry } from './monitoring.js';
import { createPipeline, starting } from './pipeline.js';
import { RoleAssignments } from './rbac.js';
import { Throttler, type ThrottlingOptions } from './throttle.js';
import { Timing, type TimingDescription, type TimingInputNames, type TimingOptions } from './timing.js';
import { ensureTls } from './tls.js';
import { TokenService } from './tokens.js';
import { initialWorld, WorldPersistence } from './world.js';

export { applyFleet, defaultFleet } from './world.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback addresses are allowed. */
  host?: string;
  /** The world to start with: an expanded fleet, or the path of a fleet YAML file. */
  fleet?: ExpandedFleet | string;
  /** Persist the world here (and keep the certificates here). An existing saved world wins over `fleet`. */
  stateDir?: string;
  /** The journal in stateDir is folded into a snapshot once it passes this size or the snapshot's (default 4 MiB). */
  stateJournalLimitBytes?: number;
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
  /**
   * Which VNet each on-premises (Arc) site reaches: the physical world the fleet describes, which no ARM answer
   * shows. For whoever plays the fleet's owner (a demo, a test), who knows their own sites.
   */
  siteNetworks(): SiteNetwork[];
  setFaults(faults: FaultOptions): void;
  setRoles(principalObjectId: string, roles: { role: BuiltInRole; scope: string }[]): void;
  /** Folds the state journal into a new snapshot now (every change is journaled as it happens). */
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

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new EmulatorError('EMULATOR_BAD_OPTION', `The emulator binds loopback addresses only, not '${host}'.`);
  }
  const timing = Timing.resolve(options.timing, options, options.timingInputNames);
  const certDir =
    options.stateDir ?? options.certDir ?? join(tmpdir(), `amplink-emulator-certs-${process.getuid?.() ?? 'user'}`);
  const tls = ensureTls(certDir);
  const initial = await initialWorld(options.stateDir, options.fleet);
  const world = initial.settings;
  const roles = new RoleAssignments(world.roleAssignments);
  const store = new ResourceStore();
  const monitor = new Monitor();
  const faults = new FaultInjector(options.faults);
  const throttler =
    options.throttling === undefined || options.throttling === false
      ? undefined
      : new Throttler(options.throttling === true ? {} : options.throttling, timing);

  // The base URL needs the port, so the server listens first; until the pipeline is ready it answers 503.
  let baseUrl = '';
  let listener = starting(monitor, () => baseUrl);
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem, keepAlive: true }, (req, res) => {
    listener(req, res);
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

  const engine = new ArmEngine({
    store,
    baseUrl,
    tenantId: world.tenantId,
    generated: options.repeatable ? repeatableValues(options.repeatable) : randomValues,
    subscriptions: () => world.subscriptions,
    timing,
    pageSize: options.pageSize ?? 100,
    authorize: (actor, action, scope) => roles.authorize(actor, action, scope),
    canRead: (actor, scope) => roles.canRead(actor, scope),
    count: (type, kind) => monitor.count(type, kind),
    permissions: (actor, scope) => roles.permissionsAt(actor, scope),
    accessKey: (actor) =>
      JSON.stringify(roles.list().filter((a) => a.principalObjectId.toLowerCase() === actor.objectId.toLowerCase())),
    throttling: throttler !== undefined,
    roleAssignments: roles,
    principalExists: (objectId) => world.principals.some((p) => p.objectId.toLowerCase() === objectId.toLowerCase()),
  });
  const dataPlane = new DataPlane(store, () => tokens, baseUrl);
  const persistence = new WorldPersistence(options.stateDir, world, store, roles, options.stateJournalLimitBytes);
  try {
    persistence.load(engine, initial.saved, initial.fleet);
  } catch (error) {
    server.close();
    throw error;
  }
  roles.onChange = () => persistence.rolesChanged();

  const actorFor = (objectId: string): Actor => ({
    objectId,
    displayName: world.principals.find((p) => p.objectId === objectId)?.displayName ?? objectId,
  });
  const snapshot = (): { value: unknown[] } => ({ value: store.all().map((r) => engine.view(r)) });
  const reset = (): void => {
    monitor.reset();
    throttler?.reset();
    engine.resourceGraph.resetQuota();
  };
  listener = createPipeline({
    baseUrl,
    world: {
      tenantId: world.tenantId,
      principals: () => world.principals,
      defaultPrincipalObjectId: () => world.defaultPrincipalObjectId,
    },
    engine,
    tokens,
    actorFor,
    dataPlane,
    faults,
    monitor,
    throttler,
    control: {
      resourceCount: () => store.size,
      monitor,
      timing,
      faults,
      roles,
      snapshot,
      agents: () => dataPlane.agents.list(),
      tick: () => dataPlane.tick(),
      reset,
    },
  });

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
    reset,
    snapshot,
    siteNetworks: () => store.siteNetworks(),
    setFaults: (f) => faults.configure(f),
    setRoles: (principalObjectId, newRoles) => {
      roles.replaceRoles(principalObjectId, newRoles);
    },
    flush: () => persistence.flush(),
    tick: () => dataPlane.tick(),
    agents: () => dataPlane.agents.list(),
    dnsServers: () => dataPlane.dnsServers(),
    logAnalyticsEndpoint: `${baseUrl}${LOG_ANALYTICS_PATH}`,
    stop: async () => {
      await dataPlane.stop();
      engine.operations.completeAll();
      persistence.close();
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
