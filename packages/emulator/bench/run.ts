// Emulator benchmark, measured as a user runs it: `amplink-emulator start --fleet F` as its own process, with a
// 10,000-cluster fleet YAML, once in memory and once with `--state DIR`, each driven over keep-alive HTTPS: GETs per
// second, writes (PUT of a data collection endpoint) per second, the time to list every cluster, and the time of a
// Resource Graph query over every cluster (paged as discovery pages it). The two runs
// are printed side by side with their ratio (issue 15's target: --state within 1.5x of the in-memory write rate).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateFleet } from '../src/index.js';
import { msiToken, startCli, type RunningCli } from '../test/cli-process.js';

const CLUSTERS = Number(process.env['BENCH_CLUSTERS'] ?? 10_000);
const CONCURRENCY = 32;
const DURATION_MS = 5_000;
const CLUSTER_TYPE = 'Microsoft.ContainerService/managedClusters';

const ROUNDS = 3;

/** One emulator process and what the bench measured on it. */
interface Subject {
  emu: RunningCli;
  call: (method: string, path: string, body?: string) => Promise<{ status: number; body: string }>;
  agent: Agent;
  startMs: number;
  clusterIds: string[];
  group: string;
  gets: number[];
  writes: number[];
  failed: number;
  written: number;
}

const work = mkdtempSync(join(tmpdir(), 'amplink-emulator-bench-'));
const fleetFile = join(work, 'fleet.yaml');
writeFileSync(fleetFile, stringify(generateFleet({ clusters: CLUSTERS, regions: 3, subscriptions: 4 })));

async function start(extraArgs: string[]): Promise<Subject> {
  const started = Date.now();
  const emu = await startCli(['--fleet', fleetFile, ...extraArgs], 600_000);
  const startMs = Date.now() - started;
  const token = await msiToken(emu);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: emu.caCertPem });
  const call = (method: string, path: string, body?: string) => send(emu, agent, token, method, path, body);
  const snapshot = JSON.parse((await call('GET', '/_emulator/snapshot')).body) as {
    value: { id: string; type: string }[];
  };
  const clusterIds = snapshot.value.filter((r) => r.type === CLUSTER_TYPE).map((r) => r.id);
  const subscription = clusterIds[0]?.split('/')[2] ?? '';
  const group = `/subscriptions/${subscription}/resourceGroups/rg-monitoring`;
  return { emu, call, agent, startMs, clusterIds, group, gets: [], writes: [], failed: 0, written: 0 };
}

async function measureGets(s: Subject): Promise<void> {
  s.gets.push(
    await rate(async (i) => {
      const res = await s.call('GET', `${s.clusterIds[i % s.clusterIds.length] ?? ''}?api-version=2024-09-01`);
      if (res.status !== 200) s.failed += 1;
      return res.status === 200;
    }),
  );
}

async function measureWrites(s: Subject): Promise<void> {
  s.writes.push(
    await rate(async () => {
      const i = s.written++;
      const res = await s.call(
        'PUT',
        `${s.group}/providers/Microsoft.Insights/dataCollectionEndpoints/bench-${i}?api-version=2022-06-01`,
        JSON.stringify({ location: 'eastus', tags: { bench: String(i) } }),
      );
      const ok = res.status === 200 || res.status === 201;
      if (!ok) s.failed += 1;
      return ok;
    }),
  );
}

async function listAll(s: Subject): Promise<number> {
  const started = Date.now();
  for (const sub of new Set(s.clusterIds.map((id) => id.split('/')[2] ?? ''))) {
    let next: string | undefined = `/subscriptions/${sub}/providers/${CLUSTER_TYPE}?api-version=2024-09-01`;
    while (next) {
      const page = JSON.parse((await s.call('GET', next)).body) as { nextLink?: string };
      next = page.nextLink;
    }
  }
  return Date.now() - started;
}

/**
 * Every cluster through Azure Resource Graph, as discovery asks it: one KQL query over the fleet's subscriptions,
 * 1,000 rows a page, followed by $skipToken. The time and the number of pages.
 */
async function graphAll(s: Subject): Promise<{ ms: number; pages: number; rows: number }> {
  const subscriptions = [...new Set(s.clusterIds.map((id) => id.split('/')[2] ?? ''))];
  const query = `resources | where type =~ '${CLUSTER_TYPE}' | project id, name, type, location, properties`;
  const started = Date.now();
  let pages = 0;
  let rows = 0;
  let skipToken: string | undefined;
  do {
    const res = await s.call(
      'POST',
      '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01',
      JSON.stringify({ subscriptions, query, options: { $top: 1000, ...(skipToken && { $skipToken: skipToken }) } }),
    );
    if (res.status !== 200) throw new Error(`Resource Graph answered ${res.status}: ${res.body.slice(0, 200)}`);
    const page = JSON.parse(res.body) as { data: unknown[]; $skipToken?: string };
    pages += 1;
    rows += page.data.length;
    skipToken = page.$skipToken;
  } while (skipToken !== undefined);
  if (rows !== s.clusterIds.length) throw new Error(`Resource Graph gave ${rows} clusters of ${s.clusterIds.length}`);
  return { ms: Date.now() - started, pages, rows };
}

/** Requests per second over DURATION_MS, CONCURRENCY at a time; request i is `one(i)`. */
async function rate(one: (i: number) => Promise<boolean>): Promise<number> {
  let ok = 0;
  let next = 0;
  const started = Date.now();
  const deadline = started + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) if (await one(next++)) ok += 1;
    }),
  );
  return (ok / (Date.now() - started)) * 1000;
}

function send(
  emu: RunningCli,
  agent: Agent,
  token: string,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, emu.url),
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A clean stop (with --state: the journal folded into a snapshot); its duration. */
async function stop(s: Subject): Promise<number> {
  s.agent.destroy();
  const started = Date.now();
  const code = await s.emu.stop();
  if (code !== 0) throw new Error(`the emulator exited with ${code}: ${s.emu.stderr()}`);
  return Date.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

// Both processes run at once and are measured in turns (memory, state, memory, ...), so a busy machine slows both
// alike; the median of ROUNDS rounds is printed.
const memory = await start([]);
const persisted = await start(['--state', join(work, 'state')]);
for (let round = 0; round < ROUNDS; round++) {
  await measureGets(memory);
  await measureGets(persisted);
  await measureWrites(memory);
  await measureWrites(persisted);
}
const listMemory = await listAll(memory);
const listPersisted = await listAll(persisted);
const graphMemory = await graphAll(memory);
const graphPersisted = await graphAll(persisted);
const stopMemory = await stop(memory);
const stopPersisted = await stop(persisted);
rmSync(work, { recursive: true, force: true });

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
const row = (what: string, a: string, b: string, r: string) =>
  `${what.padEnd(38)}${a.padStart(12)}${b.padStart(14)}${r.padStart(12)}`;
const perSecond = (values: number[]) => `${median(values).toFixed(0)}/s`;
console.log(
  `emulator bench: amplink-emulator start --fleet (${memory.clusterIds.length} clusters) as two processes, in memory and ` +
    `with --state DIR; ${CONCURRENCY} keep-alive HTTPS clients; median of ${ROUNDS} turns of ${DURATION_MS / 1000} s`,
);
console.log(row('', 'in memory', '--state DIR', 'ratio'));
console.log(
  row(
    'start (fleet loaded, ready)',
    `${memory.startMs} ms`,
    `${persisted.startMs} ms`,
    ratio(persisted.startMs, memory.startMs),
  ),
);
console.log(
  row(
    'GET cluster',
    perSecond(memory.gets),
    perSecond(persisted.gets),
    ratio(median(memory.gets), median(persisted.gets)),
  ),
);
console.log(
  row(
    'PUT data collection endpoint',
    perSecond(memory.writes),
    perSecond(persisted.writes),
    ratio(median(memory.writes), median(persisted.writes)),
  ),
);
console.log(
  row('list all clusters (paged)', `${listMemory} ms`, `${listPersisted} ms`, ratio(listPersisted, listMemory)),
);
console.log(
  row(
    `Resource Graph, every cluster (${graphMemory.pages} pages)`,
    `${graphMemory.ms} ms`,
    `${graphPersisted.ms} ms`,
    ratio(graphPersisted.ms, graphMemory.ms),
  ),
);
console.log(row('clean stop (--state: snapshot written)', `${stopMemory} ms`, `${stopPersisted} ms`, ''));
console.log('ratio: in memory / --state for rates, --state / in memory for times (1.00 = no cost; target <= 1.5)');
if (memory.failed + persisted.failed > 0) console.log(`failed requests: ${memory.failed + persisted.failed}`);
