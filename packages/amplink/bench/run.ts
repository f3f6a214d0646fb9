/**
 * `npm run bench`: planning time and peak memory for fleets of 1,000, 10,000 and 100,000 clusters over 60 regions
 * and 3 workspaces. Each size runs in a child process of its own, so that its peak memory is its own.
 * Targets (issue 2): 10,000 clusters under 1 s, 100,000 under 10 s, growth close to linear.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { Topology } from '../src/model/topology.js';
import { plan } from '../src/plan/planner.js';
import { syntheticFleet } from './synthetic-fleet.js';

interface Measurement {
  clusters: number;
  resources: number;
  actions: number;
  parseMs: number;
  topologyMs: number;
  planMs: number;
  peakRssMiB: number;
}

function measure(clusters: number): Measurement {
  const { resources, amplsId } = syntheticFleet({ clusters, regions: 60, workspaces: 3, subscriptions: 10 });
  const text = JSON.stringify({ value: resources });
  const t0 = performance.now();
  const parsed = parseSnapshot(text);
  const t1 = performance.now();
  const topology = new Topology(parsed);
  const t2 = performance.now();
  const result = plan(topology, { amplsId });
  const t3 = performance.now();
  return {
    clusters,
    resources: resources.length,
    actions: result.actions.length,
    parseMs: t1 - t0,
    topologyMs: t2 - t1,
    planMs: t3 - t2,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

const only = process.argv[2];
if (only !== undefined) {
  process.stdout.write(JSON.stringify(measure(Number(only))));
} else {
  const sizes = [1_000, 10_000, 100_000];
  const self = fileURLToPath(import.meta.url);
  const results: Measurement[] = sizes.map(
    (size) =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=8192', self, String(size)], {
          encoding: 'utf8',
        }),
      ) as Measurement,
  );
  console.log('amplink planner benchmark (60 regions, 3 Azure Monitor + 3 Log Analytics workspaces, 10 subscriptions)');
  console.log('clusters  resources  actions  parse+validate  topology  plan     topology+plan  peak RSS');
  for (const r of results) {
    console.log(
      `${String(r.clusters).padStart(8)}  ${String(r.resources).padStart(9)}  ${String(r.actions).padStart(7)}  ` +
        `${r.parseMs.toFixed(0).padStart(11)} ms  ${r.topologyMs.toFixed(0).padStart(5)} ms  ${r.planMs.toFixed(0).padStart(4)} ms  ` +
        `${(r.topologyMs + r.planMs).toFixed(0).padStart(10)} ms  ${r.peakRssMiB.toFixed(0).padStart(5)} MiB`,
    );
  }
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1] as Measurement;
    const b = results[i] as Measurement;
    const time = (b.topologyMs + b.planMs) / (a.topologyMs + a.planMs);
    console.log(
      `growth ${a.clusters} -> ${b.clusters} clusters (x${b.clusters / a.clusters}): planning time x${time.toFixed(1)}, with parsing x${((b.parseMs + b.topologyMs + b.planMs) / (a.parseMs + a.topologyMs + a.planMs)).toFixed(1)}`,
    );
  }
  const tenK = results[1] as Measurement;
  const hundredK = results[2] as Measurement;
  const planning = (m: Measurement) => m.topologyMs + m.planMs;
  const endToEnd = (m: Measurement) => m.parseMs + m.topologyMs + m.planMs;
  const verdict = (ms: number, limit: number) =>
    `${ms.toFixed(0)} ms (< ${limit} ms: ${ms < limit ? 'met' : 'MISSED'})`;
  console.log(
    `targets, planning time: 10,000 clusters ${verdict(planning(tenK), 1000)}, 100,000 clusters ${verdict(planning(hundredK), 10000)}`,
  );
  console.log(
    `with reading and validating the snapshot JSON too: 10,000 clusters ${endToEnd(tenK).toFixed(0)} ms, 100,000 clusters ${endToEnd(hundredK).toFixed(0)} ms`,
  );
}
