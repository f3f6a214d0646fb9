// The exported az script under the real Azure CLI (Debian azure-cli 2.45) against the emulator: on a fleet whose plan
// has every action kind, and on one with no AMPLS at all planned with the network prerequisites, the script converges
// it (plan afterwards is empty) and a second run writes nothing.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  assertAzureCliInstalled,
  createAzureCliSession,
  startEmulator,
  type AzureCliSession,
  type RunningEmulator,
} from 'amplink-emulator';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { exportPlan } from '../src/export/index.js';
import { Topology } from '../src/model/topology.js';
import type { PlanOptions } from '../src/plan/options.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan } from '../src/plan/types.js';
import { noAmplsOptions } from '../scripts/update-golden.js';

const fleetYaml = fileURLToPath(new URL('../../../examples/fleet.yaml', import.meta.url));
const noAmplsFleet = fileURLToPath(new URL('../../../examples/fleet-no-ampls.yaml', import.meta.url));
const ENSURE_DEPS = 'run `bash scripts/ensure-system-deps.sh` at the repository root';

let emulator: RunningEmulator | undefined;
let az: AzureCliSession | undefined;
let workDir = '';

function planOnEmulator(options: PlanOptions): Plan {
  assert.ok(emulator);
  return plan(new Topology(parseSnapshot(JSON.stringify(emulator.snapshot()), 'emulator')), options);
}

function bash(
  script: string,
  env: NodeJS.ProcessEnv,
  timeout = 300_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [script], { env, timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const killed = error?.killed === true ? `\n(killed after ${timeout} ms)` : '';
      resolve({
        code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
        stdout,
        stderr: stderr + killed,
      });
    });
  });
}

function shellcheck(file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile('shellcheck', ['--shell=bash', file], (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`shellcheck is not installed: ${ENSURE_DEPS}.`));
        return;
      }
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: stdout + stderr });
    });
  });
}

before(async () => {
  await assertAzureCliInstalled();
  workDir = await mkdtemp(join(tmpdir(), 'amplink-export-az-'));
  emulator = await startEmulator({ fleet: fleetYaml, port: 0 });
  az = await createAzureCliSession(emulator);
});

after(async () => {
  await az?.dispose();
  await emulator?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

test('the az script converges a fleet with every action kind, and a second run writes nothing', async () => {
  assert.ok(emulator && az);
  const resources = (emulator.snapshot().value as { id: string }[]).map((r) => r.id);
  const find = (suffix: string): string => {
    const id = resources.find((r) => r.toLowerCase().endsWith(suffix.toLowerCase()));
    assert.ok(id, `examples/fleet.yaml has ${suffix}`);
    return id;
  };
  const amplsId = find('/privateLinkScopes/ampls-central');
  const shop = find('/managedClusters/aks-wus2-shop');
  // Point aks-wus2-shop at the workspace's DCE in eastus: the wrong region, so the plan updates that association.
  const wrongRegion = find('/dataCollectionEndpoints/amw-central');
  await az.json([
    'rest',
    '--method',
    'put',
    '--url',
    `${shop}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11`,
    '--body',
    JSON.stringify({ properties: { dataCollectionEndpointId: wrongRegion } }),
  ]);

  // Two clusters keep the az calls few: aks-weu-1 (new DCE, new association, links) and aks-wus2-shop (update).
  const options: PlanOptions = { amplsId, clusters: { names: ['aks-weu-1', 'aks-wus2-shop'] } };
  const before = planOnEmulator(options);
  const kinds = new Set(before.actions.map((a) => `${a.kind} ${a.resourceType}`));
  for (const kind of [
    'create Microsoft.Insights/dataCollectionEndpoints',
    'create Microsoft.Insights/dataCollectionRuleAssociations',
    'update Microsoft.Insights/dataCollectionRuleAssociations',
    'create Microsoft.Insights/privateLinkScopes/scopedResources',
  ]) {
    assert.ok(kinds.has(kind), `the plan has ${kind}: ${[...kinds].join(', ')}`);
  }

  const script = join(workDir, 'amplink.sh');
  await writeFile(script, exportPlan(before, 'az'));
  const lint = await shellcheck(script);
  assert.equal(lint.code, 0, lint.output);

  const first = await bash(script, az.env);
  assert.equal(first.code, 0, `first run failed:\n${first.stdout}\n${first.stderr}`);
  assert.equal(first.stdout.match(/^done: /gm)?.length, before.actions.length, first.stdout);
  const converged = planOnEmulator(options);
  assert.equal(converged.summary.status, 'converged', JSON.stringify(converged.actions.map((a) => a.id)));
  assert.deepEqual(converged.actions, []);

  const writesBefore = emulator.counters().writes;
  const second = await bash(script, az.env);
  assert.equal(second.code, 0, `second run failed:\n${second.stdout}\n${second.stderr}`);
  assert.deepEqual(emulator.counters().writes, writesBefore, 'the second run made no write');
  assert.equal(second.stdout.match(/^exists: /gm)?.length, before.actions.length, second.stdout);
  assert.doesNotMatch(second.stdout, /^done: /m);
});

test('with shared ingestion, the real az CLI runs the rule updates (JMESPath merge, If-Match) and converges', async () => {
  assert.ok(emulator && az);
  const amplsId = (emulator.snapshot().value as { id: string }[])
    .map((r) => r.id)
    .find((id) => id.toLowerCase().endsWith('/privatelinkscopes/ampls-central'));
  assert.ok(amplsId);
  const options: PlanOptions = { amplsId, clusters: { names: ['aks-sea-web'] }, ingestionEndpoints: 'shared' };
  const before = planOnEmulator(options);
  const rules = before.actions.filter((a) => a.resourceType === 'Microsoft.Insights/dataCollectionRules');
  assert.ok(rules.length > 0, 'the plan updates a rule');
  const script = join(workDir, 'amplink-shared.sh');
  await writeFile(script, exportPlan(before, 'az'));
  const first = await bash(script, az.env);
  assert.equal(first.code, 0, `first run failed:\n${first.stdout}\n${first.stderr}`);
  const converged = planOnEmulator(options);
  assert.equal(converged.summary.status, 'converged', JSON.stringify(converged.actions.map((a) => a.id)));
  const conditional = emulator
    .requests()
    .filter((r) => r.method === 'PUT' && /\/dataCollectionRules\//i.test(r.path) && r.status === 200);
  assert.equal(conditional.length, rules.length);
  const second = await bash(script, az.env);
  assert.equal(second.code, 0, second.stderr);
  assert.doesNotMatch(second.stdout, /^done: /m);
});

test('the network prerequisites: the real az CLI creates the AMPLS, endpoints, zones, links and zone groups, and converges', async () => {
  assert.ok(az);
  const network = await startEmulator({ fleet: noAmplsFleet, port: 0 });
  const session = await createAzureCliSession(network);
  try {
    const world = () => new Topology(parseSnapshot(JSON.stringify(network.snapshot()), 'emulator'));
    // One cluster keeps the az calls few; the network prerequisites are the same whatever the clusters.
    const options = { ...noAmplsOptions(world()), clusters: { names: ['aks-east'] } };
    const before = plan(world(), options);
    const types = new Set(before.actions.map((a) => a.resourceType));
    for (const type of [
      'Microsoft.Insights/privateLinkScopes',
      'Microsoft.Network/privateEndpoints',
      'Microsoft.Network/privateDnsZones',
      'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    ]) {
      assert.ok(types.has(type), `the plan has ${type}`);
    }
    const script = join(workDir, 'amplink-network.sh');
    await writeFile(script, exportPlan(before, 'az'));
    const lint = await shellcheck(script);
    assert.equal(lint.code, 0, lint.output);
    // About 70 az calls of a second or more each (several on a busy machine): a generous hang guard.
    const first = await bash(script, session.env, 1_200_000);
    assert.equal(first.code, 0, `first run failed:\n${first.stdout}\n${first.stderr}`);
    assert.equal(first.stdout.match(/^done: /gm)?.length, before.actions.length, first.stdout);
    const converged = plan(world(), options);
    assert.deepEqual(
      converged.actions.map((a) => a.id),
      [],
    );
    assert.equal(converged.summary.status, 'converged');
    const writesBefore = network.counters().writes;
    const second = await bash(script, session.env, 1_200_000);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(network.counters().writes, writesBefore, 'the second run made no write');
    assert.doesNotMatch(second.stdout, /^done: /m);
  } finally {
    await session.dispose();
    await network.stop();
  }
});

test('with --firewall-rules, the real az CLI writes the rule collection group (az rest, waited for) and converges', async () => {
  assert.ok(emulator && az);
  const ids = (emulator.snapshot().value as { id: string }[]).map((r) => r.id);
  const amplsId = ids.find((id) => id.toLowerCase().endsWith('/privatelinkscopes/ampls-central'));
  const policy = ids.find((id) => /\/firewallPolicies\/[^/]+$/i.test(id));
  assert.ok(amplsId && policy, 'examples/fleet.yaml has an AMPLS and a firewall policy');
  // The user denies the sign-in in a group of their own (priority 200, before the fleet's allow at 300): amplink's group
  // must come before it.
  await az.json([
    'rest',
    '--method',
    'put',
    '--url',
    `${policy}/ruleCollectionGroups/user-deny?api-version=2023-09-01`,
    '--body',
    JSON.stringify({
      properties: {
        priority: 200,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: 'deny-sign-in',
            priority: 100,
            action: { type: 'Deny' },
            rules: [
              {
                ruleType: 'ApplicationRule',
                name: 'no-login',
                sourceAddresses: ['*'],
                protocols: [{ protocolType: 'Https', port: 443 }],
                targetFqdns: ['login.microsoftonline.com'],
              },
            ],
          },
        ],
      },
    }),
  ]);
  const options: PlanOptions = { amplsId, clusters: { names: ['aks-weu-private'] }, firewallRules: true };
  const before = planOnEmulator(options);
  const groups = before.actions.filter(
    (a) => a.resourceType === 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  );
  assert.equal(groups.length, 1, JSON.stringify(before.findings));
  assert.equal((groups[0]?.body['properties'] as { priority: number }).priority, 199);
  const script = join(workDir, 'amplink-firewall.sh');
  await writeFile(script, exportPlan(before, 'az'));
  const lint = await shellcheck(script);
  assert.equal(lint.code, 0, lint.output);
  const first = await bash(script, az.env);
  assert.equal(first.code, 0, `first run failed:\n${first.stdout}\n${first.stderr}`);
  const converged = planOnEmulator(options);
  assert.deepEqual(
    converged.actions.filter((a) => a.resourceType === 'Microsoft.Network/firewallPolicies/ruleCollectionGroups'),
    [],
  );
  const second = await bash(script, az.env);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /^exists: create rule collection group/m);
  assert.doesNotMatch(second.stdout, /^done: /m);
});
