/**
 * Ingestion-endpoints benchmark (issue 13): fleets of 1,000 and 10,000 clusters over 60 regions, 10 subscriptions and
 * 3 workspace pairs in the emulator with Azure's timing (an AMPLS write ~30 s, one at a time; synchronous writes
 * 0.5 s) at a time scale, and ARM's throttling on (writes 200 + 10/s, reads 250 + 25/s per subscription). For
 * `per-cluster` and `shared`, side by side: AMPLS writes, other writes, the lower bound (the AMPLS chain, or the
 * busiest subscription's write bucket, whichever is longer: the plan's own estimate), apply's measured duration in
 * real-time equivalent (wall time / time scale), and the same writes one at a time (computed from the same durations).
 * Each mode runs against a fresh emulator.
 *
 * The time scale. The emulator runs in this process, so every request costs CPU time here that Azure spends on its
 * own machines; divided by the time scale, that CPU time turns into real-time-equivalent seconds that Azure would
 * not take (at 1/33 of real time, 1 ms of CPU reads as 33 ms). A run whose CPU is busy most of the wall time measures
 * this machine, not apply: at a scale picked for one minute of wall time, 10,000 clusters read as 1.16x to 2.5x the
 * lower bound depending on the machine's load, and 1.04x at a scale that kept the CPU a fifth busy. So each run's
 * scale gives it about AMPLINK_BENCH_WALL_SECONDS (default 60) of wall time, and more when its requests need it: at
 * least CPU_HEADROOM times the CPU time they are expected to cost (CPU_MS_PER_REQUEST, measured here). The CPU
 * column shows the share of the wall time the process was busy; above half, the duration is flagged as overstated.
 * Apply's own overheads stay in the measurement: the checks before the first write, the GET before each write,
 * polling at Retry-After, the client's write bucket.
 *
 * AMPLINK_BENCH_SIZES=1000,10000 (default 1000,10000); the per-cluster apply of 10,000 clusters (~4 days of AMPLS
 * writes in Azure; about 14 minutes of wall time here) runs only with AMPLINK_BENCH_FULL=1, else its plan's estimate
 * is shown.
 */
import { expandFleet, generateFleet, startEmulator, type RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../src/apply/apply.js';
import { ArmConnection } from '../src/azure/arm-connection.js';
import { emulatorCredential } from '../src/workflows/demo.js';
import { discover } from '../src/discover/discover.js';
import { Topology } from '../src/model/topology.js';
import { ARM_WRITE_BUCKET, describeDuration } from '../src/plan/estimate.js';
import { plan } from '../src/plan/plan.js';
import type { ApplyEstimate, Plan } from '../src/plan/types.js';

type Mode = 'per-cluster' | 'shared';

interface Row {
  clusters: number;
  mode: Mode;
  estimate: ApplyEstimate;
  timeScale: number | undefined;
  wallSeconds: number | undefined;
  realSeconds: number | undefined;
  /** Share of the wall time this process's CPU was busy during apply (emulator and amplink together). */
  cpuShare: number | undefined;
  failed: number;
  oneAtATimeSeconds: number;
}

const SYNCHRONOUS_WRITE_SECONDS = 0.5; // the emulator's azure profile (packages/emulator/src/server/timing.ts)
/**
 * Both emulators draw etags from the same seed, so the rules' etags the plan records are those the applying emulator
 * has (apply's writes are conditional on them).
 */
const REPEATABLE = { seed: 'ingestion-endpoints-bench', time: '2026-01-01T00:00:00.000Z' };
/**
 * Retry-After of the long-running operations, in real seconds: polling every second of a 30 s operation would cost
 * 30 polls of CPU per AMPLS write, which the time scale multiplies; every 2 s costs at most 2 s of a write's 30.
 */
const RETRY_AFTER_SECONDS = 2;

function connection(emulator: RunningEmulator): ArmConnection {
  return new ArmConnection({
    credential: emulatorCredential(emulator),
    endpoint: emulator.url,
    ca: emulator.caCertPem,
    pollIntervalMs: 0,
    timeoutMs: 120_000,
  });
}

/**
 * CPU time per request, client and emulator together, measured here: 10,000 clusters shared took 39 s of CPU for
 * about 45,000 requests (GET before each write, the write, polls).
 */
const CPU_MS_PER_REQUEST = 0.9;
/** Wall time at least this many times the expected CPU time: the CPU about a third busy or less. */
const CPU_HEADROOM = 3;

/** Requests apply sends: a GET and a PUT per action, and an AMPLS write's polls at Retry-After. */
function expectedRequests(estimate: ApplyEstimate): number {
  const polls = Math.ceil(estimate.amplsWriteSeconds / RETRY_AFTER_SECONDS);
  return estimate.otherWrites * 2 + estimate.amplsWrites * (2 + polls);
}

/**
 * A time scale that makes the run's lower bound about `wallSeconds` of wall time, or longer when its requests' CPU
 * time would otherwise keep the process busy (see the header), within [0.0005, 0.2].
 */
function scaleFor(estimate: ApplyEstimate, wallSeconds: number): number {
  const cpuSeconds = (expectedRequests(estimate) * CPU_MS_PER_REQUEST) / 1000;
  const wall = Math.max(wallSeconds, CPU_HEADROOM * cpuSeconds);
  const scale = wall / Math.max(1, estimate.seconds);
  return Math.min(0.2, Math.max(0.0005, Number(scale.toPrecision(1))));
}

/** Both modes' plans of one fleet, from one discovery of an unthrottled, instant emulator. */
async function plans(clusters: number) {
  const fleet = expandFleet(generateFleet({ clusters, regions: 60, subscriptions: 10, workspaces: 3 }));
  const planning = await startEmulator({
    fleet,
    lroDelayMs: 0,
    lroRetryAfterSeconds: 0,
    pageSize: 1000,
    repeatable: REPEATABLE,
  });
  try {
    const topology = new Topology(await discover(connection(planning)));
    const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
    const byMode = {
      'per-cluster': plan(topology, { amplsId, ingestionEndpoints: 'per-cluster' }),
      shared: plan(topology, { amplsId, ingestionEndpoints: 'shared' }),
    };
    return { fleet, byMode };
  } finally {
    await planning.stop();
  }
}

/** Applies a plan against a fresh emulator with Azure's timing and ARM's throttling. */
async function run(
  clusters: number,
  mode: Mode,
  fleet: Parameters<typeof startEmulator>[0]['fleet'],
  result: Plan,
  runApply: boolean,
): Promise<Row> {
  const estimate = result.estimate as ApplyEstimate;
  const oneAtATimeSeconds =
    estimate.amplsWrites * estimate.amplsWriteSeconds + estimate.otherWrites * SYNCHRONOUS_WRITE_SECONDS;
  const skipped = {
    timeScale: undefined,
    wallSeconds: undefined,
    realSeconds: undefined,
    cpuShare: undefined,
    failed: 0,
  };
  if (!runApply) return { clusters, mode, estimate, ...skipped, oneAtATimeSeconds };
  const timeScale = scaleFor(estimate, Number(process.env['AMPLINK_BENCH_WALL_SECONDS'] ?? 60));
  const emulator = await startEmulator({
    fleet,
    timing: { profile: 'azure', timeScale },
    lroRetryAfterSeconds: RETRY_AFTER_SECONDS,
    throttling: true,
    pageSize: 1000,
    repeatable: REPEATABLE,
  });
  try {
    emulator.reset();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const applied = await applyPlan(connection(emulator), result, {
      concurrency: 64,
      // amplink's own bucket runs on the emulator's clock: ARM's rate, scaled like everything else.
      writeBucket: { burst: ARM_WRITE_BUCKET.burst, perSecond: ARM_WRITE_BUCKET.perSecond / timeScale },
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return {
      clusters,
      mode,
      estimate,
      timeScale,
      wallSeconds,
      realSeconds: wallSeconds / timeScale,
      cpuShare: (cpu.user + cpu.system) / 1e6 / wallSeconds,
      failed: applied.summary.failed + applied.summary.notTried,
      oneAtATimeSeconds,
    };
  } finally {
    await emulator.stop();
  }
}

const sizes = (process.env['AMPLINK_BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const full = process.env['AMPLINK_BENCH_FULL'] === '1';
const rows: Row[] = [];
for (const clusters of sizes) {
  const { fleet, byMode } = await plans(clusters);
  for (const mode of ['per-cluster', 'shared'] as const) {
    const runApply = full || mode === 'shared' || clusters <= 1000;
    rows.push(await run(clusters, mode, fleet, byMode[mode], runApply));
  }
}

const pad = (text: string, width: number) => text.padStart(width);
/** The process was busy more than half the wall time: CPU time, multiplied by 1/scale, overstates the duration. */
const cpuBound = (r: Row) => (r.cpuShare ?? 0) > 0.5;
console.log(
  'amplink ingestion-endpoints benchmark: 60 regions, 10 subscriptions, 3 workspace pairs; Azure timing (AMPLS write 30 s, one at a time), ARM throttling on',
);
console.log(
  `${pad('clusters', 8)}  ${pad('mode', 11)}  ${pad('AMPLS writes', 12)}  ${pad('other writes', 12)}  ${pad('lower bound', 14)}  ${pad('apply (real-time equiv.)', 24)}  ${pad('apply/bound', 11)}  ${pad('time scale', 10)}  ${pad('CPU', 4)}  ${pad('one at a time', 14)}`,
);
for (const r of rows) {
  const measured =
    r.realSeconds === undefined
      ? 'not run (FULL=1)'
      : `${describeDuration(r.realSeconds).replace('about ', '')}${r.failed > 0 ? ` (${r.failed} failed)` : ''}${cpuBound(r) ? ' (CPU-bound)' : ''}`;
  const ratio = r.realSeconds === undefined ? '-' : (r.realSeconds / Math.max(1, r.estimate.seconds)).toFixed(2);
  console.log(
    `${pad(String(r.clusters), 8)}  ${pad(r.mode, 11)}  ${pad(String(r.estimate.amplsWrites), 12)}  ${pad(String(r.estimate.otherWrites), 12)}  ` +
      `${pad(describeDuration(r.estimate.seconds).replace('about ', ''), 14)}  ${pad(measured, 24)}  ${pad(ratio, 11)}  ` +
      `${pad(r.timeScale === undefined ? '-' : String(r.timeScale), 10)}  ${pad(r.cpuShare === undefined ? '-' : `${Math.round(r.cpuShare * 100)}%`, 4)}  ${pad(describeDuration(r.oneAtATimeSeconds).replace('about ', ''), 14)}`,
  );
}
for (const clusters of sizes) {
  const shared = rows.find((r) => r.clusters === clusters && r.mode === 'shared');
  if (shared?.realSeconds === undefined) continue;
  const regionsAndWorkspaces = 60 + 3 + 3;
  console.log(
    `targets, ${clusters} clusters shared: AMPLS writes ${shared.estimate.amplsWrites} (<= regions + workspaces + a few = ${regionsAndWorkspaces}+: ${shared.estimate.amplsWrites <= regionsAndWorkspaces + 5 ? 'met' : 'MISSED'}); ` +
      `apply ${describeDuration(shared.realSeconds)} (< 1 h: ${shared.realSeconds < 3600 ? 'met' : 'MISSED'}; <= 1.2x lower bound: ${shared.realSeconds <= 1.2 * shared.estimate.seconds ? 'met' : 'MISSED'})`,
  );
}
