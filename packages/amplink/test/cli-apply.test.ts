import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadFleetFile, type RunningEmulator } from 'amplink-emulator';
import { discover } from '../src/discover/discover.js';
import { idKey } from '../src/model/resource-id.js';
import { Topology } from '../src/model/topology.js';
import { planOnce as plan } from '../src/plan/planner.js';
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

  test('two applies at once: both end, no resource written twice, and the fleet converges', async () => {
    const { emulator } = await emulatorWithConnection({ lroDelayMs: 100 });
    try {
      const ampls = await amplsOf(emulator);
      const [first, second] = await Promise.all([
        amplink(emulator, ['apply', '--ampls', ampls, '--yes', '--json']),
        amplink(emulator, ['apply', '--ampls', ampls, '--yes', '--json']),
      ]);
      for (const run of [first, second]) {
        assert.ok(run.code === 0 || run.code === 1, run.stderr);
        assert.doesNotMatch(run.stderr, /AMPL_INTERNAL|\n\s+at /);
      }
      // A run that planned while the other was writing may exit 1 (a link still being written: AMPL_PLAN_W0008);
      // whatever it left, a re-run finishes.
      const finish = await amplink(emulator, ['apply', '--ampls', ampls, '--yes']);
      assert.equal(finish.code, 0, finish.stderr);
      await converged(emulator);
      const resources = emulator.snapshot().value as {
        type: string;
        location: string;
        tags?: Record<string, string>;
      }[];
      const created = resources.filter(
        (r) => r.type === 'Microsoft.Insights/dataCollectionEndpoints' && r.tags?.['managed-by'] === 'amplink',
      );
      assert.ok(created.length > 0);
      const regions = created.map((r) => r.location.toLowerCase());
      assert.equal(new Set(regions).size, regions.length, 'one configuration DCE per region, not one per run');
    } finally {
      await emulator.stop();
    }
  });

  test('a principal without write rights gets one coded error naming action and scope before any write, and a re-run finishes', async () => {
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
      emulator.reset();
      const denied = await amplink(emulator, ['apply', '--ampls', ampls, '--yes']);
      assert.equal(denied.code, 1);
      assert.match(
        denied.stderr,
        /^amplink: AMPL_APPLY_E0010: .*wrote nothing: .*'Microsoft\.Insights\/dataCollectionEndpoints\/write' on '\/subscriptions\//m,
      );
      assert.match(denied.stderr, /^ {2}fix: Grant a role with these actions/m);
      assert.doesNotMatch(denied.stderr, /at .*\.ts:\d+/, 'no stack trace without --debug');
      assert.equal(emulator.requests().filter((r) => r.method === 'PUT').length, 0, 'not one PUT was sent');

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

  test('refusals the check could not foresee are shown grouped, with Azure’s code and message and the fix', async () => {
    const { emulator } = await emulatorWithConnection({
      faults: { rules: [{ kind: 'status', status: 404, path: 'Microsoft\\.Authorization/permissions$' }] },
    });
    const fleet = await loadFleetFile(EXAMPLE_FLEET);
    try {
      const ampls = await amplsOf(emulator);
      emulator.setRoles(
        fleet.defaultPrincipalObjectId,
        fleet.subscriptions.map((s) => ({ role: 'Reader', scope: `/subscriptions/${s.subscriptionId}` })),
      );
      const denied = await amplink(emulator, ['apply', '--ampls', ampls, '--yes']);
      assert.equal(denied.code, 1);
      assert.match(denied.stderr, /AMPL_APPLY_W0010: The permissions at \d+ scopes could not be read/);
      // DCE writes and AMPLS links are refused for two different missing actions: two groups, whatever their size.
      assert.match(denied.stdout, /Failed: 14, for 2 reasons/);
      assert.match(
        denied.stdout,
        /^ {2}10 × AMPL_AZURE_E0403 .*may not perform 'Microsoft\.Insights\/privateLinkScopes\/scopedResources\/write'/m,
      );
      assert.match(denied.stdout, /^ +and 7 more$/m);
      assert.match(
        denied.stdout,
        /^ {2}4 × AMPL_AZURE_E0403 permission denied — the signed-in principal may not perform 'Microsoft\.Insights\/dataCollectionEndpoints\/write' on '<target>'\. Azure: AuthorizationFailed: The client/m,
      );
      assert.match(
        denied.stdout,
        /^ +fix: Grant a role that includes Microsoft\.Insights\/dataCollectionEndpoints\/write/m,
      );
      assert.match(denied.stdout, /^ +e\.g\. create \/subscriptions\/.*\/dataCollectionEndpoints\//m);
      assert.match(denied.stdout, /Not tried: \d+, for 1 reason/);
    } finally {
      await emulator.stop();
    }
  });

  test('Ctrl-C (SIGINT) mid-apply: running writes finish, the summary is printed, exit 130; apply again converges', async () => {
    const { emulator } = await emulatorWithConnection({
      lroDelayMs: 300,
      faults: { rules: [{ kind: 'latency', method: 'PUT', latencyMs: 250 }] },
    });
    try {
      const ampls = await amplsOf(emulator);
      const stopped = await amplink(emulator, ['apply', '--ampls', ampls, '--yes'], {
        killWhen: () => writes(emulator) >= 3,
        killSignal: 'SIGINT',
      });
      assert.equal(stopped.code, 130, stopped.stderr);
      assert.match(stopped.stderr, /SIGINT: stopping — no new change starts/);
      const summary = /Applied in [\d.]+ s: (\d+) done, (\d+) already there, (\d+) failed, (\d+) not tried/.exec(
        stopped.stdout,
      );
      assert.ok(summary, stopped.stdout);
      const [done, failed, notTried] = [Number(summary[1]), Number(summary[3]), Number(summary[4])];
      assert.ok(done >= 3, `${done} done`);
      assert.equal(failed, 0, 'nothing under way was abandoned');
      assert.ok(notTried > 0 && done + notTried === 25, stopped.stdout);
      assert.match(stopped.stdout, /AMPL_APPLY_E0005 apply was stopped before this action finished/);
      assert.equal(writes(emulator), done, 'every write sent was finished; none started after the signal');

      emulator.setFaults({ rules: [] });
      const resumed = await amplink(emulator, ['apply', '--ampls', ampls, '--yes']);
      assert.equal(resumed.code, 0, resumed.stderr);
      await converged(emulator);
    } finally {
      await emulator.stop();
    }
  });

  test('a second SIGTERM stops at once with exit 143, without waiting for the writes under way', async () => {
    const { emulator } = await emulatorWithConnection({
      faults: { rules: [{ kind: 'latency', method: 'PUT', latencyMs: 8_000 }] },
    });
    try {
      const ampls = await amplsOf(emulator);
      let signalled = 0;
      const stopped = await amplink(emulator, ['apply', '--ampls', ampls, '--yes'], {
        // A PUT is under way once the emulator holds it: the fault's latency is spent before it is answered.
        killWhen: () => emulator.counters().faultsInjected > 0 && (signalled = Date.now()) > 0,
        killSignal: 'SIGTERM',
        againAfterMs: 300,
      });
      const waited = Date.now() - signalled;
      assert.equal(stopped.code, 143, stopped.stderr);
      assert.match(stopped.stderr, /SIGTERM again: stopped at once/);
      assert.doesNotMatch(stopped.stdout, /Applied in/);
      assert.ok(waited < 5_000, `it did not wait for the 8 s writes (${waited} ms)`);
    } finally {
      await emulator.stop();
    }
  });
});
