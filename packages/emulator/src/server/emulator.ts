// startEmulator: the HTTPS server, its world, and everything a test or a user needs to talk to it. The parts live
// in their own modules: TLS (tls.ts), the world and its persistence (world.ts), the request pipeline (pipeline.ts and
// pipeline/), the ARM engine and its route table (engine/, routes.ts).
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArmErrors } from '../arm/arm-errors.js';
import { EmulatorError } from '../arm/errors.js';
import { randomValues, repeatableValues, type RepeatableValues } from '../arm/generated-values.js';
import type { AgentOptions, ClusterAgentsStatus } from '../dataplane/agents.js';
import { DataPlane, LOG_ANALYTICS_PATH } from '../dataplane/dataplane.js';
import type { DnsOptions, DnsServerInfo } from '../dataplane/dns.js';
import type { BuiltInRole, ExpandedFleet } from '../fleet/types.js';
import type { Actor } from '../providers/base.js';
import { ResourceStore, type SiteNetwork } from '../store/store.js';
import { MSI_PATH } from './auth-endpoints.js';
import { ArmEngine, type LongRunningAnswers } from './engine/engine.js';
import { resumeOperations } from './engine/resume.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { Monitor, type Counters, type RequestLogEntry } from './monitoring.js';
import { createPipeline, starting } from './pipeline.js';
import { DEFAULT_MAX_BODY_BYTES } from './pipeline/body.js';
import { RoleAssignments } from './rbac.js';
import { Throttler, type ThrottlingOptions } from './throttle.js';
import { Timing, type TimingDescription, type TimingInputNames, type TimingOptions } from './timing.js';
import { ensureTls } from './tls.js';
import { TokenService } from './tokens.js';
import { initialWorld, resolveFleet, WorldPersistence } from './world.js';

export { applyFleet, defaultFleet } from './world.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback addresses are allowed. */
  host?: string;
  /** The world to start with: an expanded fleet, or the path of a fleet YAML file. */
  fleet?: ExpandedFleet | string;
  /**
   * Persist the world here (and keep the certificates here). A world already saved there wins over `fleet` unless
   * `fresh` is set (the result's `origin` says which one the emulator started from).
   */
  stateDir?: string;
  /** Start from `fleet` (or the default world) even when stateDir holds a saved world, replacing it. */
  fresh?: boolean;
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
  /** Request bodies larger than this are refused with 413 before they are read whole (default 4 MiB, ARM's limit). */
  maxBodyBytes?: number;
  /** List page size before nextLink (default 100). */
  pageSize?: number;
  /**
   * GUIDs, etags and timestamps drawn from a seed and one fixed time instead of at random and from the clock, so the
   * same fleet gives byte-identical resources (for example files and golden tests). Azure itself has no such switch.
   */
  repeatable?: RepeatableValues;
  /** Simulated ama-metrics / ama-logs agents (default: off; call `tick()` to run one round by hand). */
  agents?: AgentOptions;
  /** The per-VNet DNS servers: on OS-chosen ports (default), on a port range, or off. */
  dns?: DnsOptions;
  /**
   * How an AMPLS scoped-resource PUT is answered: 202 and an operation to poll (`status`, the default), 200 with the
   * link `Provisioning` and the resource to poll (`provisioning`), as Azure has also answered, or each in turn (`alternate`).
   */
  longRunningAnswers?: LongRunningAnswers;
}

/** The shape of @azure/core-auth's TokenCredential, implemented here without depending on the package. */
export interface EmulatorTokenCredential {
  getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number; tokenType?: string }>;
}

export interface RunningEmulator {
  /** The ARM endpoint, e.g. https://127.0.0.1:8443 (no trailing slash). */
  url: string;
  port: number;
  /** What the world started from: the world saved in stateDir, the fleet, or the default one-subscription world. */
  origin: 'saved' | 'fleet' | 'default';
  /** Set when stateDir held a saved world that `fresh` replaced, or that won over a fleet that was also given. */
  savedWorld?: { resources: number; usedOverFleet: boolean };
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
  /** Clears counters, request log and throttling buckets (also POST /_emulator/counters/reset). */
  reset(): void;
  /**
   * Puts the world back as the fleet (or the default world) made it, clears counters, and saves it (also
   * POST /_emulator/reset). Throws when the emulator started from a saved world with no fleet given.
   */
  resetWorld(): Promise<void>;
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
  const port = checkPort(options.port ?? 0);
  const initial = await initialWorld(options.stateDir, options.fleet, options.fresh === true);
  const world = initial.settings;
  const roles = new RoleAssignments(world.roleAssignments);
  const store = new ResourceStore();
  const monitor = new Monitor();
  const faults = new FaultInjector(options.faults);
  const throttlingOn = options.throttling !== undefined && options.throttling !== false;
  // ARM counts every request and says what is left (x-ms-ratelimit-remaining-*), whether or not it refuses past the
  // limit here: with throttling off the buckets are kept but never refuse.
  const throttler = new Throttler(
    typeof options.throttling === 'object' ? options.throttling : {},
    timing,
    throttlingOn,
  );

  // The base URL needs the port, so the server listens first; until the pipeline is ready it answers 503.
  let baseUrl = '';
  let listener = starting(monitor, () => baseUrl);
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem, keepAlive: true }, (req, res) => {
    listener(req, res);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  }).catch((error: unknown) => {
    throw listenError(error, host, port);
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  baseUrl = `https://${host === '::1' ? '[::1]' : host}:${boundPort}`;
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
    throttling: throttlingOn,
    roleAssignments: roles,
    principalExists: (objectId) => world.principals.some((p) => p.objectId.toLowerCase() === objectId.toLowerCase()),
    ...(options.longRunningAnswers !== undefined && { longRunningAnswers: options.longRunningAnswers }),
  });
  const dataPlane = new DataPlane(store, () => tokens, baseUrl, options.dns);
  const persistence = new WorldPersistence(options.stateDir, world, store, roles, options.stateJournalLimitBytes);
  try {
    persistence.load(engine, initial.saved, initial.fleet);
  } catch (error) {
    server.close();
    throw error;
  }
  roles.onChange = () => persistence.rolesChanged();
  // Operations cut off by a stop that did not end them (a crash, a kill) run again: nothing stays Creating forever.
  if (initial.saved) resumeOperations(engine);

  const actorFor = (objectId: string): Actor => ({
    objectId,
    displayName: world.principals.find((p) => p.objectId === objectId)?.displayName ?? objectId,
  });
  const snapshot = (): { value: unknown[] } => ({ value: store.all().map((r) => engine.view(r)) });
  const reset = (): void => {
    monitor.reset();
    throttler.reset();
    engine.resourceGraph.resetQuota();
  };
  const resetWorld = async (): Promise<boolean> => {
    // Without a fleet, a world that started as the default one resets to it; one that started saved has no origin.
    if (options.fleet === undefined && initial.origin === 'saved') return false;
    const fleet = initial.fleet ?? (await resolveFleet(options.fleet));
    persistence.resetTo(engine, fleet);
    reset();
    return true;
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
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    control: {
      resourceCount: () => store.size,
      monitor,
      timing,
      faults,
      roles,
      snapshot,
      agents: () => dataPlane.agents.list(),
      tick: () => dataPlane.tick(),
      resetCounters: reset,
      resetWorld,
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
    port: boundPort,
    origin: initial.origin,
    ...(initial.savedWorld !== undefined ? { savedWorld: initial.savedWorld } : {}),
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
    resetWorld: async () => {
      if (!(await resetWorld())) throw ArmErrors.controlNoFleet();
    },
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

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new EmulatorError(
      'EMULATOR_BAD_OPTION',
      `--port '${String(port)}' is not a port; fix: give a whole number from 1 to 65535, or 0 for a free one.`,
    );
  }
  return port;
}

function listenError(error: unknown, host: string, port: number): EmulatorError {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE')
    return new EmulatorError(
      'EMULATOR_PORT_IN_USE',
      `Port ${port} on ${host} is already in use; fix: stop what listens there, or pick another with --port (0 picks a free one).`,
      { cause: error },
    );
  if (code === 'EACCES')
    return new EmulatorError(
      'EMULATOR_PORT_DENIED',
      `This user may not listen on port ${port} on ${host} (ports below 1024 need privileges); fix: pick another with --port.`,
      { cause: error },
    );
  return new EmulatorError('EMULATOR_LISTEN_FAILED', `Cannot listen on ${host}:${port}: ${String(error)}`, {
    cause: error,
  });
}
