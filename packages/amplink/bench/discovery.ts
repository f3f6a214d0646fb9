/**
 * Discovery benchmark (issue 14): a fleet of 2,000 and of 10,000 clusters in one subscription, in the emulator with
 * ARM's throttling on (reads 250 burst + 25/s per subscription and principal) and Resource Graph's quota (15 queries per
 * 5 s per user, DOMAIN.md). For each size, `amplink discover` runs as a user runs it — the built CLI as a whole process,
 * signed in through the emulator's managed identity endpoint — once with `--discovery arm` and once with
 * `--discovery graph`, each from full buckets. Prints requests (429s among them) and wall time side by side.
 * Targets at 10,000 clusters: Resource Graph takes >= 20x fewer requests and is >= 10x faster.
 * AMPLINK_BENCH_DISCOVERY_SIZES=2000 runs only the sizes given (comma-separated).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandFleet, generateFleet, startEmulator, type RunningEmulator } from 'amplink-emulator';

const BIN = fileURLToPath(new URL('../bin/amplink.js', import.meta.url));
const SIZES = (process.env['AMPLINK_BENCH_DISCOVERY_SIZES'] ?? '2000,10000').split(',').map(Number);
const REGIONS = 10;

interface Run {
  how: 'arm' | 'graph';
  seconds: number;
  requests: number;
  graphRequests: number;
  throttled: number;
  resources: number;
  ids: string[];
}

/** `amplink discover` as a child process, as a user would type it; the snapshot it wrote. */
async function discoverAsUser(emulator: RunningEmulator, how: Run['how'], out: string): Promise<Run> {
  emulator.reset(); // full ARM buckets and a fresh Resource Graph quota, counters at zero
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'discover', '--discovery', how, '--out', out], {
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        NODE_EXTRA_CA_CERTS: emulator.caCertPath,
        MSI_ENDPOINT: emulator.msiEndpoint,
        AMPLINK_ARM_ENDPOINT: emulator.url,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let text = '';
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('close', (exit) => resolve({ code: exit, stderr: text }));
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`amplink discover --discovery ${how} exited ${code}:\n${stderr}`);
  const counters = emulator.counters();
  const snapshot = JSON.parse(await readFile(out, 'utf8')) as { value: { id: string }[] };
  return {
    how,
    seconds,
    requests: counters.requests,
    graphRequests: counters.reads['Microsoft.ResourceGraph/resources'] ?? 0,
    throttled: counters.throttled,
    resources: snapshot.value.length,
    ids: snapshot.value.map((r) => r.id.toLowerCase()),
  };
}

async function measure(clusters: number, dir: string): Promise<{ clusters: number; arm: Run; graph: Run }> {
  const fleet = expandFleet(generateFleet({ clusters, regions: REGIONS, subscriptions: 1, workspaces: 1 }));
  const emulator = await startEmulator({ fleet, throttling: true });
  try {
    const arm = await discoverAsUser(emulator, 'arm', join(dir, `arm-${clusters}.json`));
    const graph = await discoverAsUser(emulator, 'graph', join(dir, `graph-${clusters}.json`));
    if (arm.ids.join('\n') !== graph.ids.join('\n'))
      throw new Error(`${clusters} clusters: the two snapshots hold different resources`);
    return { clusters, arm, graph };
  } finally {
    await emulator.stop();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'amplink-bench-discovery-'));
try {
  const results = [];
  for (const size of SIZES) results.push(await measure(size, dir));
  console.log(
    `amplink discovery benchmark: \`amplink discover\` as a whole process, one subscription, ${REGIONS} regions, ` +
      'ARM throttling (reads 250 + 25/s) and Resource Graph quota (15 per 5 s) on',
  );
  console.log(
    'clusters  resources  --discovery arm: requests (429s)  wall     --discovery graph: requests (Graph, 429s)  wall     fewer requests  faster',
  );
  for (const { clusters, arm, graph } of results) {
    const fewer = arm.requests / graph.requests;
    const faster = arm.seconds / graph.seconds;
    console.log(
      `${clusters.toLocaleString('en-US').padStart(8)}  ${arm.resources.toLocaleString('en-US').padStart(9)}  ` +
        `${`${arm.requests.toLocaleString('en-US')} (${arm.throttled.toLocaleString('en-US')})`.padStart(31)}  ` +
        `${arm.seconds.toFixed(1).padStart(6)} s  ` +
        `${`${graph.requests} (${graph.graphRequests}, ${graph.throttled})`.padStart(41)}  ${graph.seconds.toFixed(1).padStart(6)} s  ` +
        `${`x${fewer.toFixed(1)}`.padStart(14)}  ${`x${faster.toFixed(1)}`.padStart(6)}`,
    );
  }
  const tenK = results.find((r) => r.clusters === 10_000);
  if (tenK) {
    const fewer = tenK.arm.requests / tenK.graph.requests;
    const faster = tenK.arm.seconds / tenK.graph.seconds;
    console.log(
      `targets at 10,000 clusters: ${fewer.toFixed(1)}x fewer requests (>= 20x: ${fewer >= 20 ? 'met' : 'MISSED'}), ` +
        `${faster.toFixed(1)}x faster (>= 10x: ${faster >= 10 ? 'met' : 'MISSED'})`,
    );
  } else console.log('targets are for 10,000 clusters, which this run left out (AMPLINK_BENCH_DISCOVERY_SIZES)');
} finally {
  await rm(dir, { recursive: true, force: true });
}
