import { fileURLToPath } from 'node:url';
import type { TokenCredential } from '@azure/core-auth';
import { startEmulator, type RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../apply/apply.js';
import type { ApplyResult } from '../apply/outcome.js';
import { ArmConnection } from '../azure/arm-connection.js';
import { discover } from '../discover/discover.js';
import { AmplinkError } from '../model/errors.js';
import type { SiteNetworkOption } from '../model/site-networks.js';
import { Topology } from '../model/topology.js';
import { nameSome, plural } from '../plan/findings.js';
import { plan } from '../plan/plan.js';
import type { Plan } from '../plan/types.js';
import { dataArrival, type Arrival, type ClusterArrival } from '../verify/arrival.js';
import { runLiveProbes } from '../verify/probes/live.js';
import type { LiveResult } from '../verify/probes/types.js';
import type { VerifyResult } from '../verify/types.js';
import { verify } from '../verify/verify.js';
import type { RunWrites } from './apply-fleet.js';
import type { OnFleetEvent } from './events.js';

export const DEFAULT_DEMO_FLEET = fileURLToPath(new URL('../../../../examples/fleet.yaml', import.meta.url));

export interface DemoOptions {
  /** The fleet file the emulator plays (default: examples/fleet.yaml). */
  fleet?: string;
  /** The port the emulator listens on (default 0: a free one). */
  port?: number;
  /** Called once the fleet is discovered, verified and planned, before anything is changed. */
  onBefore?: (before: DemoBefore) => void;
  /** Runs apply's writes, e.g. inside a progress display (default: just run them). */
  aroundWrites?: (plan: Plan, run: RunWrites) => Promise<ApplyResult>;
  onEvent?: OnFleetEvent;
  /**
   * Which VNet the fleet's Arc sites reach, as their owner would say it (`--site-network`); default: the sites of the
   * fleet file, which the demo's user wrote (Azure keeps them on no resource, so discovery cannot find them).
   */
  siteNetworks?: readonly SiteNetworkOption[];
}

/** The fleet as the demo found it. */
export interface DemoBefore {
  emulatorUrl: string;
  clusters: number;
  regions: number;
  ampls: { name: string; ingestionAccessMode: string | undefined; linkedResources: number };
  verify: VerifyResult;
  plan: Plan;
}

export interface DemoResult {
  kind: 'demo';
  fleet: string;
  before: DemoBefore;
  applied: ApplyResult;
  /** Planned again after apply: converged when apply did its job. */
  after: Plan;
  verifyAfter: VerifyResult;
  live: LiveResult;
  arrival: Arrival;
  /** AMPL_DEMO_E0003 when data is not proven to arrive for some cluster after apply. */
  notProven?: AmplinkError;
  durationMs: number;
}

async function startDemoEmulator(fleet: string, port: number): Promise<RunningEmulator> {
  try {
    // Azure takes seconds per AMPLS change; the demo's Azure answers in 100 ms and lets amplink poll at once.
    return await startEmulator({
      fleet,
      port,
      lroDelayMs: 100,
      lroRetryAfterSeconds: 0,
      agents: { enabled: true, tickMs: 1000 },
    });
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'EMULATOR_PORT_IN_USE' || code === 'EMULATOR_PORT_DENIED')
      throw new AmplinkError({
        code: 'AMPL_DEMO_E0004',
        message: `The emulator cannot listen on port ${port}: ${(cause as Error).message.split(';')[0] ?? ''}.`,
        fix: 'Stop what uses that port, or give another with --port (0 picks a free one).',
        cause,
      });
    throw new AmplinkError({
      code: 'AMPL_DEMO_E0001',
      message: `The emulator could not start with fleet '${fleet}': ${(cause as Error).message}`,
      fix: 'Check the fleet file (examples/fleet.yaml shows the format).',
      cause,
    });
  }
}

/** The emulator's signed tokens as the SDK's TokenCredential. */
export function emulatorCredential(emulator: RunningEmulator): TokenCredential {
  return {
    getToken: async (scopes) => {
      const { token, expiresOnTimestamp } = await emulator.tokenCredential.getToken(scopes);
      return { token, expiresOnTimestamp };
    },
  };
}

function notProvenSignals(cluster: ClusterArrival): string {
  return (['metrics', 'logs'] as const)
    .filter((s) => cluster[s].status === 'missing' || cluster[s].status === 'not-checked')
    .map((s) => `${s} ${cluster[s].status}`)
    .join(', ');
}

function notProvenError(arrival: Arrival, fleet: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_DEMO_E0003',
    message: `after apply, data is not proven to arrive for ${arrival.notProven.length} of ${plural(arrival.monitored, 'monitored cluster')}: ${nameSome(arrival.notProven.map((c) => `${c.name} (${notProvenSignals(c)})`))}.`,
    fix: `what stops them is in the fleet's network, DNS, firewall or public access settings, which amplink does not change (the reasons are under "Not proven" and in verify's findings); change them in ${fleet} and run the demo again.`,
  });
}

/**
 * `amplink demo` (npm start): the whole story on the embedded emulator — discover the fleet through the Azure SDK,
 * show what is wrong and the plan, apply it, plan again, and prove with live queries that each cluster's data arrives.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const fleet = options.fleet ?? DEFAULT_DEMO_FLEET;
  const started = performance.now();
  const emulator = await startDemoEmulator(fleet, options.port ?? 0);
  try {
    const connection = new ArmConnection({
      credential: emulatorCredential(emulator),
      endpoint: emulator.url,
      ca: emulator.caCertPem,
    });
    const onEvent = options.onEvent;
    const sites = {
      siteNetworks:
        options.siteNetworks ??
        emulator.siteNetworks().map((site) => ({ clusters: site.clusterId, vnetId: site.vnetId })),
    };
    const topology = new Topology(await discover(connection, onEvent ? { onEvent } : {}), sites);
    const scope = [...topology.privateLinkScopes.values()][0];
    if (scope === undefined) {
      throw new AmplinkError({
        code: 'AMPL_DEMO_E0002',
        message: `The fleet '${fleet}' has no Azure Monitor Private Link Scope.`,
        fix: 'Add one under privateLinkScopes: in the fleet file.',
      });
    }
    const amplsId = scope.resource.id;
    emulator.tick();
    const checkedBefore = verify(topology, { amplsId, plan: plan(topology, { amplsId }) });
    const before: DemoBefore = {
      emulatorUrl: emulator.url,
      clusters: topology.clusters.length,
      regions: new Set(topology.clusters.map((c) => c.region)).size,
      ampls: {
        name: scope.resource.name,
        ingestionAccessMode: scope.ingestionAccessMode,
        linkedResources: (topology.scopedResourcesByScope.get(scope.resource.key) ?? []).length,
      },
      verify: checkedBefore,
      plan: checkedBefore.plan,
    };
    options.onBefore?.(before);
    const run: RunWrites = ({ onEvent: onApplyEvent }) =>
      applyPlan(connection, before.plan, onApplyEvent ? { onEvent: onApplyEvent } : {});
    const applied = await (options.aroundWrites ? options.aroundWrites(before.plan, run) : run({}));
    const rediscovered = new Topology(await discover(connection), sites);
    const after = plan(rediscovered, { amplsId });
    // Two rounds of the agents, so that data sent over the new path is there to query.
    emulator.tick();
    emulator.tick();
    const verifyAfter = verify(rediscovered, { amplsId });
    const live = await runLiveProbes(rediscovered, verifyAfter, {
      credential: emulatorCredential(emulator),
      ca: emulator.caCertPem,
      armEndpoint: emulator.url,
      skip: { dns: true },
    });
    const arrival = dataArrival(verifyAfter, live);
    return {
      kind: 'demo',
      fleet,
      before,
      applied,
      after,
      verifyAfter,
      live,
      arrival,
      ...(arrival.notProven.length > 0 && { notProven: notProvenError(arrival, fleet) }),
      durationMs: performance.now() - started,
    };
  } finally {
    await emulator.stop();
  }
}
