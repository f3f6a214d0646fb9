/**
 * Apply benchmark (issue 3): a 1,000-cluster, 20-region fleet in the emulator, 100 ms added to every request and
 * ARM's throttling on (writes 200 + 10/s, reads 250 + 25/s per subscription and principal, DOMAIN.md).
 * Prints the wall time of `applyPlan`, the lower bound (throttling, and the longest chain: the writes to one AMPLS,
 * which Azure takes one at a time), and the time of the same actions one at a time — what following the article by
 * hand or by a simple script amounts to — measured on a sample of the actions and scaled (AMPLINK_BENCH_FULL=1: all).
 */
import { expandFleet, generateFleet, startEmulator } from 'amplink-emulator';
import { applyPlan } from '../src/apply/apply.js';
import { emulatorCredential } from '../src/workflows/demo.js';
import { ArmConnection } from '../src/azure/arm-connection.js';
import { discover } from '../src/discover/discover.js';
import { Topology } from '../src/model/topology.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan } from '../src/plan/types.js';

const CLUSTERS = 1000;
const REGIONS = 20;
const LATENCY_MS = 100;
const WRITES = { burst: 200, perSecond: 10 };
const READS = { burst: 250, perSecond: 25 };

async function world() {
  const fleet = expandFleet(generateFleet({ clusters: CLUSTERS, regions: REGIONS, subscriptions: 4, workspaces: 1 }));
  const emulator = await startEmulator({ fleet, lroDelayMs: 0, lroRetryAfterSeconds: 0, pageSize: 1000 });
  const connection = new ArmConnection({
    credential: emulatorCredential(emulator),
    endpoint: emulator.url,
    ca: emulator.caCertPem,
    pollIntervalMs: 0,
  });
  const topology = new Topology(await discover(connection));
  const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
  const result = plan(topology, { amplsId });
  // From here on Azure as the benchmark wants it: slow, and throttled from full buckets.
  emulator.setFaults({ rules: [{ kind: 'latency', latencyMs: LATENCY_MS }] });
  await emulator.stop().catch(() => undefined);
  return { fleet, result };
}

async function throttledEmulator(fleetAndPlan: Awaited<ReturnType<typeof world>>, actions: Plan['actions']) {
  const emulator = await startEmulator({
    fleet: fleetAndPlan.fleet,
    lroDelayMs: 0,
    lroRetryAfterSeconds: 0,
    throttling: { writes: WRITES, reads: READS },
    faults: { rules: [{ kind: 'latency', latencyMs: LATENCY_MS }] },
  });
  emulator.reset();
  const connection = new ArmConnection({
    credential: emulatorCredential(emulator),
    endpoint: emulator.url,
    ca: emulator.caCertPem,
    pollIntervalMs: 0,
  });
  return { emulator, connection, plan: { ...fleetAndPlan.result, actions } };
}

function subscriptionOf(id: string): string {
  return id.split('/')[2] ?? '';
}

function lowerBoundSeconds(result: Plan): { throttle: number; chain: number } {
  const writesPerSubscription = new Map<string, number>();
  const readsPerSubscription = new Map<string, number>();
  let links = 0;
  for (const action of result.actions) {
    const sub = subscriptionOf(action.id);
    writesPerSubscription.set(sub, (writesPerSubscription.get(sub) ?? 0) + 1);
    // One GET to check before the write; a long-running write adds one poll.
    const isLink = action.resourceType.endsWith('scopedResources');
    readsPerSubscription.set(sub, (readsPerSubscription.get(sub) ?? 0) + (isLink ? 2 : 1));
    if (isLink) links++;
  }
  const bucket = (count: number, limit: { burst: number; perSecond: number }) =>
    Math.max(0, count - limit.burst) / limit.perSecond;
  const throttle = Math.max(
    ...[...writesPerSubscription.values()].map((w) => bucket(w, WRITES)),
    ...[...readsPerSubscription.values()].map((r) => bucket(r, READS)),
  );
  // Every write to the one AMPLS waits for the previous: a PUT and one poll each, at the added latency; before the
  // first, the DCE it may depend on (one PUT).
  const chain = ((links * 2 + 1) * LATENCY_MS) / 1000;
  return { throttle, chain };
}

const base = await world();
const bound = lowerBoundSeconds(base.result);
const lower = Math.max(bound.throttle, bound.chain);

const concurrent = await throttledEmulator(base, base.result.actions);
const t0 = performance.now();
const applied = await applyPlan(concurrent.connection, concurrent.plan, { concurrency: 32 });
const wall = (performance.now() - t0) / 1000;
const throttled = concurrent.emulator.counters().throttled;
await concurrent.emulator.stop();

const full = process.env['AMPLINK_BENCH_FULL'] === '1';
const sampleSize = full ? base.result.actions.length : Math.min(300, base.result.actions.length);
// A sample with the plan's mix: every n-th action, dependencies first (the plan's order keeps them first).
const step = base.result.actions.length / sampleSize;
const sample = Array.from({ length: sampleSize }, (_, i) => base.result.actions[Math.floor(i * step)]).filter(
  (a): a is Plan['actions'][number] => a !== undefined,
);
const sampleIds = new Set(sample.map((a) => a.id));
const closed = base.result.actions.filter((a) => sampleIds.has(a.id) || sample.some((s) => s.dependsOn.includes(a.id)));
const sequential = await throttledEmulator(base, closed);
const t1 = performance.now();
// One action at a time measures the writes alone: the permission check is made once per apply, not per action.
for (const action of closed)
  await applyPlan(sequential.connection, { ...sequential.plan, actions: [action] }, { checkPermissions: false });
const sequentialSample = (performance.now() - t1) / 1000;
await sequential.emulator.stop();
const sequentialSeconds = (sequentialSample / closed.length) * base.result.actions.length;

console.log(
  `amplink apply benchmark: ${CLUSTERS} clusters, ${REGIONS} regions, ${base.result.actions.length} actions ` +
    `(${base.result.actions.filter((a) => a.resourceType.endsWith('scopedResources')).length} AMPLS links), ${LATENCY_MS} ms per request, ARM throttling on`,
);
console.log(
  `apply:        ${wall.toFixed(1)} s wall (${applied.summary.done} done, ${applied.summary.failed} failed, ${throttled} requests throttled with 429)`,
);
const failures = new Map<string, number>();
for (const o of applied.outcomes) if (o.error) failures.set(o.error.code, (failures.get(o.error.code) ?? 0) + 1);
if (failures.size > 0) console.log(`failures:     ${[...failures].map(([code, n]) => `${n} × ${code}`).join(', ')}`);
console.log(
  `lower bound:  ${lower.toFixed(1)} s (throttling ${bound.throttle.toFixed(1)} s; AMPLS chain ${bound.chain.toFixed(1)} s)`,
);
console.log(
  `one at a time: ${sequentialSeconds.toFixed(1)} s (${full ? 'measured on all actions' : `measured on ${closed.length} actions, ${sequentialSample.toFixed(1)} s, scaled`})`,
);
console.log(
  `ratios: apply / lower bound = ${(wall / lower).toFixed(2)} (target <= 1.3); one at a time / apply = ${(sequentialSeconds / wall).toFixed(1)}x`,
);
