/**
 * `npm run bench`, the planner: `amplink plan --snapshot S --json` as whole processes, the way a user runs it, at
 * 1,000 / 10,000 / 100,000 clusters (60 regions, 3 Azure Monitor + 3 Log Analytics workspaces, 10 subscriptions):
 * wall time, CPU time, peak RSS, and how they grow with the fleet. Targets (issue 14): 10,000 clusters under 1.5 s and
 * 500 MB, 100,000 under 15 s and 2 GB, growth close to linear.
 *
 * Beside each build runs the floor: a process that only reads and parses the same snapshot and writes as many bytes of
 * JSON as the plan has, in the same 64 KiB pieces, so each run also reads as a ratio to what no planner can avoid.
 *
 * `--compare OTHER_MAIN_JS` runs another build's dist/cli/main.js (say, main's, copied beside this one) on the same
 * snapshots in the same run, side by side, and says whether both wrote the same plan bytes: on a shared machine,
 * numbers from different runs do not compare. `--sizes 1000,10000` picks the sizes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { syntheticFleet } from './synthetic-fleet.js';

interface Run {
  label: string;
  clusters: number;
  wallS: number;
  cpuS: number;
  peakRssMiB: number;
  exitCode: number | null;
  /** sha256 of stdout: the plan JSON. */
  digest: string;
  bytes: number;
  /** The first line of stderr when the process failed (a coded error, or V8's out-of-memory crash). */
  failure: string | undefined;
}

const { values } = parseArgs({
  options: { compare: { type: 'string' }, sizes: { type: 'string', default: '1000,10000,100000' } },
});
const sizes = (values.sizes ?? '').split(',').map(Number);
const mainJs = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const builds: { label: string; entry: string }[] = [{ label: 'this build', entry: mainJs }];
const FLOOR = 'floor';
if (values.compare !== undefined) builds.unshift({ label: 'compared', entry: values.compare });
const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
const folder = mkdtempSync(join(tmpdir(), 'amplink-bench-'));
// Where /usr/bin/time is missing, the child reports its own peak RSS as it exits.
const rssHook = join(folder, 'peak-rss.mjs');
writeFileSync(
  rssHook,
  "process.on('exit', () => process.stderr.write(`\\nbench-peak-rss-kib ${process.resourceUsage().maxRSS}\\n`));\n",
);

/**
 * Written one resource at a time, in the ARM list form `discover --out` writes and in its order (by id, as
 * `formatSnapshot` sorts), so the bench stays small and reads what users' snapshots hold. A snapshot in another order
 * (`az graph query` output) plans slower: its objects lie in memory in file order, not in the order they are visited
 * (at 100,000 clusters, Topology 4.4 s instead of 2.4 s and the plan 12.4 s instead of 8.4 s, in-process).
 */
function writeSnapshot(clusters: number): { path: string; amplsId: string; resources: number } {
  const { resources, amplsId } = syntheticFleet({ clusters, regions: 60, workspaces: 3, subscriptions: 10 });
  const key = (r: Record<string, unknown>) => String(r['id']).toLowerCase();
  resources.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const path = join(folder, `fleet-${clusters}.json`);
  const fd = openSync(path, 'w');
  writeSync(fd, '{\n  "value": [\n');
  resources.forEach((r, i) => writeSync(fd, `${i === 0 ? '' : ',\n'}    ${JSON.stringify(r)}`));
  writeSync(fd, '\n  ]\n}\n');
  closeSync(fd);
  return { path, amplsId, resources: resources.length };
}

function seconds(text: string): number {
  // "Elapsed (wall clock) time (h:mm:ss or m:ss)": 1:02:03 or 2:03.45
  return text
    .trim()
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);
}

/**
 * The floor's whole program, run with `node -e`: JSON.parse of the snapshot, then JSON.stringify of the parsed resources
 * again and again until as many bytes as the plan has are written to stdout.
 */
const FLOOR_PROGRAM = `
const { readFileSync, writeSync } = require('node:fs');
const [path, bytes] = process.argv.slice(1);
const parsed = JSON.parse(readFileSync(path, 'utf8'));
let left = Number(bytes);
while (left > 0) {
  const text = JSON.stringify(parsed, null, 2).slice(0, left);
  for (let at = 0; at < text.length; at += 65536) writeSync(1, text.slice(at, at + 65536));
  left -= text.length;
}`;

function measure(label: string, args: string[], clusters: number): Promise<Run> {
  const command = hasTime ? TIME : process.execPath;
  const argv = hasTime ? ['-v', process.execPath, ...args] : ['--import', rssHook, ...args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = createHash('sha256');
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep the start (the error) and the end (time's report); a V8 crash can print a long stack in between.
      stderr = stderr.length < 20_000 ? stderr + chunk.toString() : stderr.slice(0, 10_000) + chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - started) / 1000;
      const field = (name: string) => new RegExp(`^\\s*${name}: (.+)$`, 'm').exec(stderr)?.[1];
      const exit = hasTime ? Number(field('Exit status') ?? code) : code;
      const rssKib = Number(
        hasTime ? field('Maximum resident set size \\(kbytes\\)') : /bench-peak-rss-kib (\d+)/.exec(stderr)?.[1],
      );
      resolve({
        label,
        clusters,
        wallS: hasTime ? seconds(field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)') ?? '0') : wall,
        cpuS: hasTime ? Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')) : NaN,
        peakRssMiB: rssKib / 1024,
        exitCode: exit,
        digest: hash.digest('hex').slice(0, 12),
        bytes,
        // plan exits 2 when there are changes, as every bench fleet has; the floor exits 0.
        failure:
          exit === 2 || (exit === 0 && label === FLOOR)
            ? undefined
            : stderr.split('\n').find((l) => l.trim() !== '' && !/^\s*Command/.test(l)),
      });
    });
  });
}

const runs: Run[] = [];
const fleets: { clusters: number; resources: number; mib: number }[] = [];
for (const clusters of sizes) {
  const { path, amplsId, resources } = writeSnapshot(clusters);
  fleets.push({ clusters, resources, mib: statSync(path).size / 2 ** 20 });
  for (const build of builds) {
    process.stderr.write(`${build.label}: plan --snapshot of ${clusters.toLocaleString('en-US')} clusters...\n`);
    const args = [build.entry, 'plan', '--snapshot', path, '--ampls', amplsId, '--json'];
    runs.push(await measure(build.label, args, clusters));
  }
  const planBytes = runs.find((r) => r.clusters === clusters && r.label === 'this build')?.bytes ?? 0;
  process.stderr.write(`${FLOOR}: read the snapshot, write ${planBytes.toLocaleString('en-US')} bytes of JSON...\n`);
  runs.push(await measure(FLOOR, ['-e', FLOOR_PROGRAM, path, String(planBytes)], clusters));
  rmSync(path);
}
rmSync(folder, { recursive: true, force: true });

const node = execFileSync(process.execPath, ['--version'], { encoding: 'utf8' }).trim();
console.log(
  `amplink planner benchmark: amplink plan --snapshot S --json as a whole process (${hasTime ? '/usr/bin/time -v' : 'no /usr/bin/time: wall time and the child’s own peak RSS'}; node ${node})`,
);
console.log('60 regions, 3 Azure Monitor + 3 Log Analytics workspaces, 10 subscriptions; stdout hashed, not printed');
console.log('build        clusters  resources  snapshot     wall      CPU   peak RSS  plan sha256   result');
for (const run of runs) {
  const fleet = fleets.find((f) => f.clusters === run.clusters);
  console.log(
    `${run.label.padEnd(11)} ${String(run.clusters).padStart(9)}  ${String(fleet?.resources ?? '').padStart(9)}  ` +
      `${(fleet?.mib ?? 0).toFixed(0).padStart(5)} MiB  ${run.wallS.toFixed(2).padStart(6)} s  ${run.cpuS.toFixed(2).padStart(6)} s  ` +
      `${run.peakRssMiB.toFixed(0).padStart(5)} MiB  ${run.digest}  ${run.failure === undefined ? 'ok' : `exit ${run.exitCode}: ${run.failure.slice(0, 100)}`}`,
  );
}
for (const build of builds) {
  const mine = runs.filter((r) => r.label === build.label);
  for (let i = 1; i < mine.length; i++) {
    const a = mine[i - 1] as Run;
    const b = mine[i] as Run;
    console.log(
      `${build.label}: growth ${a.clusters} -> ${b.clusters} clusters (x${b.clusters / a.clusters}): wall x${(b.wallS / a.wallS).toFixed(1)}, CPU x${(b.cpuS / a.cpuS).toFixed(1)}, peak RSS x${(b.peakRssMiB / a.peakRssMiB).toFixed(1)}`,
    );
  }
  const verdict = (clusters: number, seconds: number, mib: number) => {
    const run = mine.find((r) => r.clusters === clusters);
    if (run === undefined) return `${clusters}: not run`;
    const met = run.failure === undefined && run.wallS < seconds && run.peakRssMiB < mib;
    return `${clusters.toLocaleString('en-US')} clusters ${run.wallS.toFixed(2)} s, ${run.peakRssMiB.toFixed(0)} MiB (< ${seconds} s and ${mib} MiB: ${met ? 'met' : 'MISSED'})`;
  };
  console.log(`${build.label}: targets: ${verdict(10_000, 1.5, 500)}; ${verdict(100_000, 15, 2048)}`);
}
for (const clusters of sizes) {
  const floor = runs.find((r) => r.label === FLOOR && r.clusters === clusters);
  if (floor === undefined || floor.failure !== undefined) continue;
  const ratios = builds.map((build) => {
    const run = runs.find((r) => r.label === build.label && r.clusters === clusters);
    return run === undefined
      ? `${build.label} not run`
      : `${build.label} x${(run.wallS / floor.wallS).toFixed(1)} its wall time, x${(run.peakRssMiB / floor.peakRssMiB).toFixed(1)} its peak RSS`;
  });
  console.log(
    `${clusters.toLocaleString('en-US')} clusters: the floor (parse the snapshot, write the plan's ${(floor.bytes / 2 ** 20).toFixed(0)} MiB of JSON, nothing else) takes ${floor.wallS.toFixed(2)} s and ${floor.peakRssMiB.toFixed(0)} MiB; ${ratios.join('; ')}`,
  );
}
if (builds.length === 2) {
  for (const clusters of sizes) {
    const [a, b] = builds.map((build) => runs.find((r) => r.label === build.label && r.clusters === clusters));
    const same = a?.failure === undefined && b?.failure === undefined && a?.digest === b?.digest;
    console.log(
      `${clusters} clusters: ${same ? 'both builds wrote the same plan bytes' : 'the plans differ, or one run failed'}`,
    );
  }
}
