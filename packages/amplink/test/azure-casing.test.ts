// Against the emulator answering as Azure does (docs/domain.md "What Azure returns"): AMPLS, scoped-resource and
// Log Analytics ids in Azure's own casing, `linkedResourceId` in lower case, DCEs naming AMPLS by immutable id, and
// scoped-resource PUTs answered 202 or 200 `Provisioning` in turn. amplink keys every id case-insensitively, writes ids
// in canonical casing whatever casing Azure answered, waits for links answered either way, and a converged world stays
// converged. The real command (apply, plan, verify) and the exported az script under Azure CLI 2.45.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertAzureCliInstalled, createAzureCliSession, type RunningEmulator } from 'amplink-emulator';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { exportPlan } from '../src/export/index.js';
import { idKey, parseResourceId } from '../src/model/resource-id.js';
import { Topology } from '../src/model/topology.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan } from '../src/plan/types.js';
import { amplink } from './support/cli.js';
import { emulatorWithConnection } from './support/emulator.js';

const LINK_TYPE = 'Microsoft.Insights/privateLinkScopes/scopedResources';

function topologyOf(emulator: RunningEmulator): Topology {
  return new Topology(parseSnapshot(JSON.stringify(emulator.snapshot()), 'emulator'));
}

/** The AMPLS id as a user types it (the casing of the specs), not as Azure answers it. */
function amplsAsTyped(emulator: RunningEmulator): string {
  const answered = (emulator.snapshot().value as { id: string; type: string }[]).find(
    (r) => r.type === 'microsoft.insights/privatelinkscopes',
  );
  assert.ok(answered, 'the example fleet has an AMPLS');
  assert.match(answered.id, /\/providers\/microsoft\.insights\/privatelinkscopes\//, 'answered as Azure does');
  return answered.id.replace('/microsoft.insights/privatelinkscopes/', '/Microsoft.Insights/privateLinkScopes/');
}

function scopedPuts(emulator: RunningEmulator): number[] {
  return emulator
    .requests()
    .filter((r) => r.method === 'PUT' && /\/scopedResources\//i.test(r.path))
    .map((r) => r.status);
}

describe('ids as Azure answers them', () => {
  test('a parsed id is in canonical casing, names as given; its key is the one key of every casing', () => {
    const sub = '/subscriptions/065dd924-63f7-5c71-a652-5ee2cd1f70b0';
    const canonical = `${sub}/resourceGroups/Rg-Obs/providers/Microsoft.Insights/privateLinkScopes/Ampls-1/scopedResources/Law-1`;
    for (const answered of [
      `${sub}/resourceGroups/Rg-Obs/providers/microsoft.insights/privatelinkscopes/Ampls-1/scopedresources/Law-1`,
      `${sub}/RESOURCEGROUPS/Rg-Obs/PROVIDERS/MICROSOFT.INSIGHTS/PRIVATELINKSCOPES/Ampls-1/SCOPEDRESOURCES/Law-1/`,
      canonical,
    ]) {
      const id = parseResourceId(answered);
      assert.equal(id.id, canonical, answered);
      assert.equal(id.type, 'Microsoft.Insights/privateLinkScopes/scopedResources');
      assert.equal(id.key, idKey(canonical));
    }
    const workspace = parseResourceId(
      `${sub}/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/Law`,
    );
    assert.equal(workspace.id, `${sub}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/Law`);
    const association = parseResourceId(
      `${sub}/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/aks/providers/microsoft.insights/datacollectionruleassociations/configurationAccessEndpoint`,
    );
    assert.equal(
      association.id,
      `${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`,
    );
    assert.equal(
      association.scope?.id,
      `${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`,
    );
    // A type amplink does not know keeps the casing it was given past the namespace it knows.
    assert.equal(
      parseResourceId(`${sub}/resourceGroups/rg/providers/microsoft.network/someNewThings/x`).id,
      `${sub}/resourceGroups/rg/providers/Microsoft.Network/someNewThings/x`,
    );
  });

  test('the plan keys them case-insensitively and writes every id in canonical casing', async () => {
    const { emulator } = await emulatorWithConnection();
    try {
      const topology = topologyOf(emulator);
      const amplsId = amplsAsTyped(emulator);
      const thePlan = plan(topology, { amplsId: amplsId.toLowerCase() });
      assert.equal(thePlan.ampls.id, amplsId, 'the AMPLS in canonical casing, however it was typed or answered');
      const links = thePlan.actions.filter((a) => a.resourceType === LINK_TYPE);
      assert.ok(links.length > 0);
      const linked = links.map((a) => String((a.body['properties'] as Record<string, unknown>)['linkedResourceId']));
      for (const id of [...thePlan.actions.map((a) => a.id), ...linked]) {
        assert.doesNotMatch(id, /\/resourcegroups\/|\/microsoft\.|\/privatelinkscopes\/|\/scopedresources\//, id);
      }
      assert.ok(
        linked.some((id) =>
          id.includes('/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/'),
        ),
        `the workspace Azure answers as .../resourcegroups/.../microsoft.operationalinsights/... is written canonically: ${linked.join(', ')}`,
      );
    } finally {
      await emulator.stop();
    }
  });
});

describe('links answered 202 and 200 Provisioning in turn, with the real command', () => {
  test('apply waits for each link either way, writes nothing twice, and plan and verify then find nothing to do', async () => {
    const { emulator } = await emulatorWithConnection({ lroDelayMs: 60, longRunningAnswers: 'alternate' });
    try {
      const ampls = amplsAsTyped(emulator);
      const applied = await amplink(emulator, ['apply', '--ampls', ampls, '--yes']);
      assert.equal(applied.code, 0, applied.stdout + applied.stderr);
      assert.match(applied.stdout, /0 failed, 0 not tried/);
      const answers = scopedPuts(emulator);
      assert.ok(answers.includes(202) && answers.includes(200), `both shapes: ${answers.join(', ')}`);
      // A link written over one still Provisioning would be refused: apply waited for each before the next.
      assert.equal(emulator.counters().byStatus['409'], undefined, JSON.stringify(emulator.counters().byStatus));

      const again = await amplink(emulator, ['plan', '--ampls', ampls]);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, /nothing to change/);
      const verified = await amplink(emulator, ['verify', '--ampls', ampls.toLowerCase()]);
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    } finally {
      await emulator.stop();
    }
  });
});

describe('the exported az script under Azure CLI 2.45, links answered either way', () => {
  test('az waits for a link answered 202 and for one answered 200 Provisioning; plan then leaves both alone', async () => {
    await assertAzureCliInstalled();
    const { emulator } = await emulatorWithConnection({ lroDelayMs: 60, longRunningAnswers: 'alternate' });
    const az = await createAzureCliSession(emulator);
    const workDir = await mkdtemp(join(tmpdir(), 'amplink-casing-az-'));
    try {
      const amplsId = amplsAsTyped(emulator);
      const full: Plan = plan(topologyOf(emulator), { amplsId });
      // Two links to resources that exist: the first PUT is answered 202, the second 200 Provisioning. az polls the
      // second resource itself, 30 s apart without Retry-After (as recorded), so two links keep the test short.
      const links = full.actions.filter((a) => a.resourceType === LINK_TYPE && a.dependsOn.length === 0).slice(0, 2);
      assert.equal(links.length, 2);
      const script = join(workDir, 'links.sh');
      await writeFile(script, exportPlan({ ...full, actions: links }, 'az'));
      const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(
          'bash',
          [script],
          { env: az.env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
          (error, _out, stderr) =>
            resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stderr }),
        );
      });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(scopedPuts(emulator), [202, 200]);
      const after = plan(topologyOf(emulator), { amplsId });
      const written = new Set(links.map((a) => a.id.toLowerCase()));
      assert.deepEqual(
        after.actions.filter((a) => written.has(a.id.toLowerCase())).map((a) => a.id),
        [],
        'both links are done, in whichever casing Azure shows them',
      );
      assert.equal(after.actions.length, full.actions.length - 2);
    } finally {
      await az.dispose();
      await emulator.stop();
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
