// Emulator benchmark: a 10,000-cluster fleet loaded, GETs per second over keep-alive HTTPS, list-all-clusters time.
import { Agent, request } from 'node:https';
import { expandFleet, generateFleet, startEmulator } from '../src/index.js';

const CLUSTERS = Number(process.env['BENCH_CLUSTERS'] ?? 10_000);
const CONCURRENCY = 32;
const DURATION_MS = 5_000;

const loadStarted = Date.now();
const fleet = expandFleet(generateFleet({ clusters: CLUSTERS, regions: 3, subscriptions: 4 }));
const emu = await startEmulator({ fleet, pageSize: 1000 });
const loadMs = Date.now() - loadStarted;
const token = (await emu.tokenCredential.getToken('https://management.azure.com/.default')).token;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: emu.caCertPem });
const clusterIds = emu
  .snapshot()
  .value.map((r) => r as { id: string; type: string })
  .filter((r) => r.type === 'Microsoft.ContainerService/managedClusters')
  .map((r) => r.id);

function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, emu.url), { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let done = 0;
let failed = 0;
const deadline = Date.now() + DURATION_MS;
const started = Date.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async (_v, worker) => {
    let i = worker;
    while (Date.now() < deadline) {
      const id = clusterIds[i % clusterIds.length] ?? '';
      const res = await get(`${id}?api-version=2024-09-01`);
      if (res.status === 200) done += 1;
      else failed += 1;
      i += CONCURRENCY;
    }
  }),
);
const getsPerSecond = (done / (Date.now() - started)) * 1000;

const subscriptions = fleet.subscriptions.map((s) => s.subscriptionId);
const listStarted = Date.now();
let listed = 0;
for (const sub of subscriptions) {
  let next: string | undefined =
    `/subscriptions/${sub}/providers/Microsoft.ContainerService/managedClusters?api-version=2024-09-01`;
  while (next) {
    const page = JSON.parse((await get(next)).body) as { value: unknown[]; nextLink?: string };
    listed += page.value.length;
    next = page.nextLink;
  }
}
const listMs = Date.now() - listStarted;

console.log(
  `emulator bench: ${clusterIds.length} clusters, ${fleet.writes.length} fleet writes loaded in ${loadMs} ms`,
);
console.log(
  `GET cluster: ${getsPerSecond.toFixed(0)} GETs/s (${CONCURRENCY} keep-alive HTTPS clients, ${done} ok, ${failed} failed)`,
);
console.log(
  `list all clusters (paged, 1000 per page, ${subscriptions.length} subscriptions): ${listed} in ${listMs} ms`,
);
agent.destroy();
await emu.stop();
