// The exported ARM template deployed for real: `az deployment sub create` (Debian azure-cli 2.45) runs it against
// the emulator, whose deployments write each resource through the same engine as a direct PUT; afterwards the plan
// is empty, and deploying the same template again changes nothing.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { exportPlan } from '../src/export/index.js';
import { Topology } from '../src/model/topology.js';
import type { PlanOptions } from '../src/plan/options.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan } from '../src/plan/types.js';
import { azOnEmulator } from './support/az-on-emulator.js';

const session = azOnEmulator(undefined, 'amplink-export-arm-');

function planOnEmulator(options: PlanOptions): Plan {
  return plan(new Topology(parseSnapshot(JSON.stringify(session().emulator.snapshot()), 'emulator')), options);
}

test('az deployment sub create runs the exported ARM template and the plan afterwards is empty', async () => {
  const { emulator, az, workDir } = session();
  const resources = (emulator.snapshot().value as { id: string }[]).map((r) => r.id);
  const amplsId = resources.find((r) => r.toLowerCase().endsWith('/privatelinkscopes/ampls-central'));
  assert.ok(amplsId, 'examples/fleet.yaml has ampls-central');
  const subscription = amplsId.split('/')[2] ?? '';

  const options: PlanOptions = { amplsId };
  const before = planOnEmulator(options);
  const kinds = new Set(before.actions.map((a) => `${a.kind} ${a.resourceType}`));
  for (const kind of [
    'create Microsoft.Insights/dataCollectionEndpoints',
    'create Microsoft.Insights/dataCollectionRuleAssociations',
    'create Microsoft.Insights/privateLinkScopes/scopedResources',
  ]) {
    assert.ok(kinds.has(kind), `the plan has ${kind}: ${[...kinds].join(', ')}`);
  }
  const groups = new Set(before.actions.map((a) => a.id.split('/').slice(0, 5).join('/').toLowerCase()));
  assert.ok(groups.size > 2, 'the plan writes to several resource groups (nested deployments)');

  const template = join(workDir, 'template.json');
  await writeFile(template, exportPlan(before, 'arm'));
  const deploy = (name: string): Promise<unknown> =>
    az.json([
      'deployment',
      'sub',
      'create',
      '--subscription',
      subscription,
      '--location',
      'eastus',
      '--name',
      name,
      '--template-file',
      template,
    ]);
  const first = (await deploy('amplink-first')) as { properties?: { provisioningState?: string } };
  assert.equal(first.properties?.provisioningState, 'Succeeded');

  const converged = planOnEmulator(options);
  assert.equal(converged.summary.status, 'converged', JSON.stringify(converged.actions.map((a) => a.id)));
  assert.deepEqual(converged.actions, []);

  // Incremental mode: the same template again puts the same bodies, and the plan stays empty.
  const second = (await deploy('amplink-second')) as { properties?: { provisioningState?: string } };
  assert.equal(second.properties?.provisioningState, 'Succeeded');
  assert.deepEqual(planOnEmulator(options).actions, []);
});
