// The small untruths of issue 11: what the output says agrees with what it counts and with docs/domain.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/program.js';
import { readSnapshotFile } from '../src/discover/snapshot.js';
import { Topology } from '../src/model/topology.js';
import { verify } from '../src/verify/verify.js';
import { planKeepingDataFlowing } from '../src/plan/plan.js';
import { World } from './support/world.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/snapshot.json');
const EXAMPLE_AMPLS =
  '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-central';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

function numbers(text: string, pattern: RegExp): number[] {
  return [...text.matchAll(pattern)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

describe('rule numbers: the output, README.md and docs/domain.md agree', () => {
  const domain = numbers(readFileSync(join(ROOT, 'docs/domain.md'), 'utf8'), /^### Rule (\d+) — /gm);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  test('docs/domain.md numbers rules 1–6, and the README lists the same numbers, written out (not a Markdown list)', () => {
    assert.deepEqual(domain, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(numbers(readme, /^- \*\*Rule (\d+)\.\*\* /gm), domain);
  });

  test('every rule number a plan or verify gives for the examples is a rule of docs/domain.md', async () => {
    for (const file of ['snapshot.json', 'snapshot-two-workspaces.json']) {
      const topology = new Topology(await readSnapshotFile(join(ROOT, 'examples', file)));
      const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
      const result = planKeepingDataFlowing(topology, { amplsId });
      const used = new Set([
        ...result.actions.flatMap((a) => a.rules),
        ...result.findings.flatMap((f) => f.rules),
        ...verify(topology, { amplsId, plan: result }).findings.flatMap((f) => f.rules),
      ]);
      for (const rule of used) assert.ok(domain.includes(rule), `${file}: rule ${rule} is not in docs/domain.md`);
      assert.ok(used.has(6), `${file}: the Arc cluster's rule 6 is used`);
    }
  });

  test('the plan table says "rule 1" and "rules 3, 6"', async () => {
    const { stdout } = await cli(['plan', '--snapshot', EXAMPLE, '--ampls', EXAMPLE_AMPLS, '--no-reasons']);
    assert.match(stdout, /amw-central \(dataCollectionEndpoints\) +rules 3, 6\n/);
    assert.match(stdout, /law-central \(workspaces\) +rule 4\n/);
    assert.doesNotMatch(stdout, /rule \d+,/);
  });
});

test('a region without clusters says what its changes are, not "0 clusters"', async () => {
  const summary = await cli(['plan', '--snapshot', EXAMPLE, '--ampls', EXAMPLE_AMPLS, '--no-reasons']);
  assert.match(summary.stdout, /\n {2}eastus +0 +10 +0 +10 AMPLS links \(what clusters of other regions send to\)\n/);
  const { stdout } = await cli(['plan', '--snapshot', EXAMPLE, '--ampls', EXAMPLE_AMPLS, '--no-reasons', '--detail']);
  assert.doesNotMatch(stdout, /— 0 clusters/);
  assert.match(
    stdout,
    /\neastus — no clusters; 10 to create, 0 to update: the workspaces and DCEs here that clusters of other regions send their data to\n/,
  );
  assert.match(stdout, /\nwesteurope — 3 clusters; 5 to create, 0 to update\n/);
});

test('names sort by their numbers: aks-westus2-87 before aks-westus2-927, in plan and verify', async () => {
  const world = new World();
  const ampls = world.ampls();
  const amw = world.amw('amw', 'eastus');
  for (const n of [927, 87, 100, 9]) world.cluster({ name: `aks-westus2-${n}`, region: 'westus2', metricsTo: amw.id });
  const dir = await mkdtemp(join(tmpdir(), 'amplink-order-'));
  const snapshot = join(dir, 'snapshot.json');
  await writeFile(snapshot, world.snapshotText());
  const expected = ['aks-westus2-9', 'aks-westus2-87', 'aks-westus2-100', 'aks-westus2-927'];

  const plan = await cli(['plan', '--snapshot', snapshot, '--ampls', ampls, '--no-reasons', '--detail']);
  const associations = [...plan.stdout.matchAll(/create association (\S+) ->/g)].map((m) => m[1]);
  assert.deepEqual(associations, expected);
  const verified = await cli(['verify', '--snapshot', snapshot, '--ampls', ampls, '--detail']);
  const rows = [...verified.stdout.matchAll(/^ {2}(aks-westus2-\d+) /gm)].map((m) => m[1]);
  assert.deepEqual(rows, expected);
  // The summaries name a few of alike clusters, in the same order.
  const few = `${expected.slice(0, 3).join(', ')} and 1 more`;
  assert.ok((await cli(['plan', '--snapshot', snapshot, '--ampls', ampls])).stdout.includes(few));
  assert.ok((await cli(['verify', '--snapshot', snapshot, '--ampls', ampls])).stdout.includes(few));
});

test('permissions does not say "besides */read" and then list read actions', async () => {
  const { stdout, code } = await cli(['permissions', '--snapshot', EXAMPLE, '--ampls', EXAMPLE_AMPLS]);
  assert.equal(code, 0);
  assert.doesNotMatch(stdout, /besides/);
  assert.match(stdout, /^Microsoft\.Insights\/dataCollectionEndpoints\/read\n/m);
  assert.match(stdout, /^The plan's 25 changes need these permissions, per scope \(.*'\/read' ones\):\n/);
});
