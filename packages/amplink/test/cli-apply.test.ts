import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadFleetFile, type RunningEmulator } from 'amplink-emulator';
import { discover } from '../src/discover/discover.js';
import { idKey } from '../src/model/resource-id.js';
import { Topology } from '../src/model/topology.js';
import { plan } from '../src/plan/planner.js';
import { amplink } from './support/cli.js';
import { connectionTo, EXAMPLE_FLEET, emulatorWithConnection } from './support/emulator.js';

function writes(emulator: RunningEmulator): number {
  return Object.values(emulator.counters().writes).reduce((a, b) => a + b, 0);
}

async function converged(emulator: RunningEmulator): Promise<void> {
  const topology = new Topology(await discover(connectionTo(emulator)));
  const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
  assert.equal(plan(topology, { amplsId }).summary.status, 'converged');
  const links = (topology.scopedResourcesByScope.get(idKey(amplsId)) ?? []).map((l) => idKey(l.linkedResourceId));
  assert.equal(new Set(links).size, links.length, 'no resource linked twice');
}

async function amplsOf(emulator: RunningEmulator): Promise<string> {
  const topology = new Topology(
    (await import('../src/discover/snapshot.js')).parseSnapshot(JSON.stringify(emulator.snapshot())),
  );
  return [...topology.privateLinkScopes.values()][0]?.resource.id as string;
}

describe('amplink apply, the real command against the emulator', () => {
  test('without a terminal and without --yes it refuses and changes nothing; with --yes it converges', async () => {
    const { emulator } = await emulatorWithConnection();
    try {
      const ampls = await amplsOf(emulator);
      const refused = await amplink(emulator, ['apply', '--ampls', ampls]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /AMPL_APPLY_E0001/);
      assert.equal(writes(emulator), 0);

      const applied = await amplink(emulator, ['apply', '--ampls', ampls, '--yes']);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(applied.stdout, /Applied in [\d.]+ s: 25 done, 0 already there, 0 failed, 0 not tried/);
      const again = await amplink(emulator, ['plan', '--ampls', ampls]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /nothing to change/);
    } finally {
      await emulator.stop();
    }
  });

  test('killed halfway (SIGKILL), apply run again converges with no duplicate', async () => {
    const { emulator } = await emulatorWithConnection({ lroDelayMs: 150 });
    try {
      const ampls = await amplsOf(emulator);
      const killed = await amplink(emulator, ['apply', '--ampls', ampls, '--yes'], {
        killWhen: () => writes(emulator) >= 8,
      });
      assert.equal(killed.signal, 'SIGKILL');
      const written = writes(emulator);
      assert.ok(written >= 8 && written < 25, `killed after ${written} writes`);
      const resumed = await amplink(emulator, ['apply', '--ampls', ampls, '--yes']);
      assert.equal(resumed.code, 0, resumed.stderr);
      await converged(emulator);
    } finally {
      await emulator.stop();
    }
  });

  test('a principal without write rights gets the permission error naming action and scope, and a re-run finishes', async () => {
    const { emulator } = await emulatorWithConnection();
    const fleet = await loadFleetFile(EXAMPLE_FLEET);
    const principal = fleet.defaultPrincipalObjectId;
    const grants = fleet.roleAssignments.filter((r) => r.principalObjectId === principal);
    try {
      const ampls = await amplsOf(emulator);
      emulator.setRoles(
        principal,
        fleet.subscriptions.map((s) => ({ role: 'Reader', scope: `/subscriptions/${s.subscriptionId}` })),
      );
      const denied = await amplink(emulator, ['apply', '--ampls', ampls, '--yes']);
      assert.equal(denied.code, 1);
      assert.match(
        denied.stdout,
        /AMPL_AZURE_E0403: .*may not perform 'Microsoft\.Insights\/dataCollectionEndpoints\/write' on '\/subscriptions\//,
      );
      assert.match(denied.stdout, /fix: Grant a role that includes/);
      assert.equal(writes(emulator), 0, 'nothing was written');

      emulator.setRoles(
        principal,
        grants.map((g) => ({ role: g.role, scope: g.scope })),
      );
      const permissions = await amplink(emulator, ['permissions', '--ampls', ampls]);
      assert.match(permissions.stdout, /Microsoft\.Insights\/dataCollectionRuleAssociations\/write/);
      const finished = await amplink(emulator, ['apply', '--ampls', ampls, '--yes']);
      assert.equal(finished.code, 0, finished.stderr);
      await converged(emulator);
    } finally {
      await emulator.stop();
    }
  });
});
