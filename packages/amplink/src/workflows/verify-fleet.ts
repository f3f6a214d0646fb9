import type { TokenCredential } from '@azure/core-auth';
import type { Topology } from '../model/topology.js';
import type { PlanOptions } from '../plan/options.js';
import type { Plan } from '../plan/types.js';
import type { DataPlaneOverrides } from '../verify/probes/cloud.js';
import type { LiveResult } from '../verify/probes/types.js';
import { plan as makePlan } from '../plan/plan.js';
import { baselineOf, compareWithLast, type SinceLast, type VerifyBaseline } from '../verify/since-last.js';
import { remoteWriteTarget, type RemoteWriteOptions } from '../plan/remote-write.js';
import type { VerifyResult } from '../verify/types.js';
import { verify } from '../verify/verify.js';
import { probingEvent, type OnFleetEvent } from './events.js';
import { fleetTopology, type FleetSource } from './fleet.js';

/** `verify --live`: where and how to query the workspaces and resolve the endpoints. */
export interface LiveVerifyOptions {
  credential: TokenCredential;
  /** The probes ask the data plane of this ARM endpoint's cloud (its /metadata/endpoints). */
  armEndpoint: string;
  /** CA certificates (PEM) to trust for the queries besides the system's. */
  ca?: string;
  timeoutMs: number;
  /** Resolvers inside the clusters' network; none: DNS is not judged. */
  dnsServers: string[];
  /** Query every Azure Monitor workspace here instead of its own query endpoint. */
  prometheusEndpoint?: string;
  overrides: DataPlaneOverrides;
}

export interface VerifyFleetOptions {
  source: FleetSource;
  /** The AMPLS and the selection, as for plan: the findings' fixes are the actions `amplink plan` gives. */
  plan: PlanOptions;
  /** Also prove with queries and DNS that data arrives. */
  live?: LiveVerifyOptions;
  onEvent?: OnFleetEvent;
  /**
   * Compare with an earlier run (`verify --since-last`): `last` is what it found (undefined: there was none), `now`
   * stamps this run's problems for the next comparison.
   */
  sinceLast?: { last: VerifyBaseline | undefined; now: Date };
}

export interface VerifyFleetResult {
  kind: 'verify';
  /** The world verified. */
  topology: Topology;
  verify: VerifyResult;
  live?: LiveResult;
  /** With `sinceLast`: what is new or gone since that run, and this run's problems to keep for the next. */
  sinceLast?: SinceLast;
  baseline?: VerifyBaseline;
}

/** `amplink verify`: per cluster, whether metrics and logs can flow through private link; with `live`, whether they do. */
export async function verifyFleet(options: VerifyFleetOptions): Promise<VerifyFleetResult> {
  const { plan: planOptions, onEvent } = options;
  const topology = await fleetTopology(options.source, planOptions, onEvent);
  const result = verifyWithPlan(topology, planOptions);
  const live =
    options.live === undefined
      ? undefined
      : await liveProbes(topology, result, options.live, onEvent, planOptions.remoteWrite);
  return {
    kind: 'verify',
    topology,
    verify: result,
    ...(live !== undefined && { live }),
    ...(options.sinceLast !== undefined && compared(result, live, options.sinceLast)),
  };
}

function compared(
  verify: VerifyResult,
  live: LiveResult | undefined,
  { last, now }: { last: VerifyBaseline | undefined; now: Date },
): { sinceLast: SinceLast; baseline: VerifyBaseline } {
  const baseline = baselineOf(verify, live, now);
  return { sinceLast: compareWithLast(last, baseline), baseline };
}

async function liveProbes(
  topology: Topology,
  result: VerifyResult,
  options: LiveVerifyOptions,
  onEvent: OnFleetEvent | undefined,
  remoteWriteOptions: RemoteWriteOptions | undefined,
): Promise<LiveResult> {
  const { credential, armEndpoint, ca, timeoutMs, dnsServers, prometheusEndpoint, overrides } = options;
  // The probes bring the Azure SDK's HTTP stack: loaded only for --live (it took verify of a snapshot 0.4 s to load).
  const [{ discoverDataPlaneEndpoints }, { runLiveProbes }] = await Promise.all([
    import('../verify/probes/cloud.js'),
    import('../verify/probes/live.js'),
  ]);
  const cloud = await discoverDataPlaneEndpoints(armEndpoint, {
    timeoutMs,
    ...(ca !== undefined && { ca }),
    overrides,
  });
  onEvent?.(probingEvent(cloud, dnsServers));
  // Remote write's samples go to the workspace's DCE from the site's VNet: its host must resolve privately there too.
  const remoteWrite =
    remoteWriteOptions === undefined ? undefined : remoteWriteTarget(topology, remoteWriteOptions.workspaceId);
  return runLiveProbes(topology, result, {
    ...(remoteWrite && {
      moreHosts: [
        {
          host: new URL(remoteWrite.metricsIngestionEndpoint).hostname,
          use: `remote write to DCE ${remoteWrite.endpoint.resource.name}`,
        },
      ],
    }),
    credential,
    timeoutMs,
    cloud,
    ...(ca !== undefined && { ca }),
    ...(prometheusEndpoint !== undefined && { prometheusEndpoint }),
    dnsServers,
  });
}

/** verify with the plan `amplink plan` makes with the same options, so that the findings' fixes are its actions. */
export function verifyWithPlan(
  topology: Topology,
  options: PlanOptions,
  plan: Plan = makePlan(topology, options),
): VerifyResult {
  return verify(topology, {
    amplsId: options.amplsId,
    ...(options.clusters && { clusters: options.clusters }),
    ...(options.limits && { limits: options.limits }),
    ...(options.newEndpoints && { newEndpoints: options.newEndpoints }),
    plan,
  });
}
