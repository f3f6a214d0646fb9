// End to end against the emulator: "done" means Succeeded (a link stuck Creating is waited for, never written over),
// and regions Azure returns are facts (a fleet in canary and sovereign regions plans and applies; typed regions are
// checked against the subscription's own list).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandFleet, type FleetDocument, type RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../src/apply/apply.js';
import type { ApplyEvent } from '../src/apply/outcome.js';
import { resourcesAzureIsWriting, waitForAzure } from '../src/apply/wait-for-azure.js';
import { ArmConnection } from '../src/azure/arm-connection.js';
import { discover } from '../src/discover/discover.js';
import { emulatorCredential } from '../src/workflows/demo.js';
import { idKey } from '../src/model/resource-id.js';
import { Topology } from '../src/model/topology.js';
import { planOnce as plan } from '../src/plan/planner.js';
import { amplink } from './support/cli.js';
import { connectionTo, emulatorWithConnection } from './support/emulator.js';

const LINK_TYPE = 'Microsoft.Insights/privateLinkScopes/scopedResources';

function stuckLinkFleet(state: 'Creating' | 'Provisioning'): FleetDocument {
  return {
    subscriptions: [{ name: 'prod' }],
    azureMonitorWorkspaces: [{ name: 'amw', region: 'eastus' }],
    logAnalyticsWorkspaces: [{ name: 'law', region: 'eastus' }],
    privateLinkScopes: [{ name: 'ampls', linked: [{ resource: 'amw', provisioningState: state }] }],
    clusters: [
      { name: 'aks-1', region: 'eastus', prometheus: { workspace: 'amw' }, containerInsights: { workspace: 'law' } },
    ],
  };
}

async function amplsIdOf(emulator: RunningEmulator): Promise<string> {
  const topology = new Topology(await discover(connectionTo(emulator)));
  return [...topology.privateLinkScopes.values()][0]?.resource.id as string;
}

function linkWrites(emulator: RunningEmulator, linkName: string): number {
  return emulator
    .requests()
    .filter((r) => r.method === 'PUT' && r.path.toLowerCase().endsWith(`/scopedresources/${linkName}`)).length;
}

describe('a link stuck in Creating, end to end', () => {
  test('plan reports it (AMPL_PLAN_W0008, exit 2), apply never writes it and exits 1, plan then says "waiting"', async () => {
    const { emulator } = await emulatorWithConnection({ fleet: expandFleet(stuckLinkFleet('Creating')) });
    try {
      const ampls = await amplsIdOf(emulator);
      const planned = await amplink(emulator, ['plan', '--ampls', ampls]);
      assert.equal(planned.code, 2, planned.stderr);
      assert.doesNotMatch(planned.stdout, /nothing to change/);
      assert.match(
        planned.stdout,
        /warning AMPL_PLAN_W0008 {2}AMPLS ampls's link amw-connection \(to amw\) is Creating/,
      );
      assert.match(planned.stdout, /configuration association of 1 cluster \(aks-1\) waits for it/);

      const applied = await amplink(emulator, ['apply', '--ampls', ampls, '--yes', '--wait-for-azure', '1']);
      assert.equal(applied.code, 1, applied.stdout + applied.stderr);
      assert.match(applied.stderr, /waiting for 1 resource Azure is still writing/);
      assert.match(
        applied.stderr,
        /AMPL_AZURE_E0903: .*amw-connection is still Creating by Azure after 1 s of waiting/,
      );
      assert.match(applied.stderr, /Azure is still working on 1 resource the clusters need \(AMPL_PLAN_W0008\)/);
      assert.match(applied.stdout, /0 failed, 0 not tried/);
      assert.equal(linkWrites(emulator, 'amw-connection'), 0, 'the busy link is never written');

      const again = await amplink(emulator, ['plan', '--ampls', ampls, '--json']);
      assert.equal(again.code, 2);
      const result = JSON.parse(again.stdout) as { summary: { status: string }; actions: unknown[] };
      assert.equal(result.summary.status, 'waiting');
      assert.deepEqual(result.actions, []);
    } finally {
      await emulator.stop();
    }
  });

  test('apply waits for a link another writer is still creating, then counts it done', async () => {
    const { emulator, connection } = await emulatorWithConnection({ lroDelayMs: 800 });
    try {
      const topology = new Topology(await discover(connection));
      const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
      const thePlan = plan(topology, { amplsId });
      // A link to a resource that exists already (not to a DCE the plan creates first).
      const link = thePlan.actions.find((a) => a.resourceType === LINK_TYPE && a.dependsOn.length === 0);
      assert.ok(link);
      // Someone else's PUT of the same link: accepted (202), Creating until its operation ends.
      const other = await connection.send('PUT', connection.url(link.id, link.apiVersion), { body: link.body });
      assert.equal(other.status, 202);
      const events: ApplyEvent[] = [];
      const result = await applyPlan(
        connection,
        { ...thePlan, actions: [{ ...link, dependsOn: [] }] },
        {
          onEvent: (e) => events.push(e),
        },
      );
      assert.deepEqual(
        events.filter((e) => e.code === 'AMPL_APPLY_I0004').map((e) => (e.data as { state: string }).state),
        ['Creating'],
      );
      assert.equal(result.outcomes[0]?.status, 'already-done');
      assert.equal(result.summary.writes, 0, 'no PUT that Azure would refuse with 409');
    } finally {
      await emulator.stop();
    }
  });

  test('what apply --ampls does with a link another writer is still creating: wait until Succeeded, then plan again', async () => {
    const { emulator, connection } = await emulatorWithConnection({ lroDelayMs: 800 });
    try {
      const amplsId = [...new Topology(await discover(connection)).privateLinkScopes.values()][0]?.resource
        .id as string;
      const first = plan(new Topology(await discover(connection)), { amplsId });
      const link = first.actions.find((a) => a.resourceType === LINK_TYPE && a.dependsOn.length === 0);
      assert.ok(link);
      const other = await connection.send('PUT', connection.url(link.id, link.apiVersion), { body: link.body });
      assert.equal(other.status, 202);
      const busyPlan = plan(new Topology(await discover(connection)), { amplsId });
      assert.deepEqual(resourcesAzureIsWriting(busyPlan).map(idKey), [idKey(link.id)]);
      assert.ok(!busyPlan.actions.some((a) => idKey(a.id) === idKey(link.id)));

      await waitForAzure(connection, resourcesAzureIsWriting(busyPlan), { deadlineMs: 20_000 });
      const after = plan(new Topology(await discover(connection)), { amplsId });
      assert.deepEqual(resourcesAzureIsWriting(after), []);
      assert.notEqual(after.summary.status, 'waiting');
      assert.equal(after.actions.length, first.actions.length - 1, 'everything but the link the other writer made');
    } finally {
      await emulator.stop();
    }
  });

  test('apply waits for a stuck link only until its deadline, then fails the action with a coded error', async () => {
    const { emulator } = await emulatorWithConnection({ fleet: expandFleet(stuckLinkFleet('Provisioning')) });
    try {
      const impatient = new ArmConnection({
        credential: emulatorCredential(emulator),
        endpoint: emulator.url,
        ca: emulator.caCertPem,
        pollIntervalMs: 50,
        operationDeadlineMs: 400,
      });
      const resources = await discover(impatient);
      // The plan as it was made before the link appeared: it creates the link that is now Provisioning.
      const before = new Topology(resources.filter((r) => r.type.toLowerCase() !== LINK_TYPE.toLowerCase()));
      const amplsId = [...before.privateLinkScopes.values()][0]?.resource.id as string;
      const thePlan = plan(before, { amplsId });
      const link = thePlan.actions.find((a) => a.resourceType === LINK_TYPE && /amw-connection$/.test(a.id));
      assert.ok(link);
      const result = await applyPlan(impatient, { ...thePlan, actions: [{ ...link, dependsOn: [] }] });
      assert.equal(result.outcomes[0]?.status, 'failed');
      assert.equal(result.outcomes[0]?.error?.code, 'AMPL_AZURE_E0903');
      assert.match(result.outcomes[0]?.error?.message ?? '', /is still Provisioning by Azure after 0 s of waiting/);
      assert.equal(result.summary.writes, 0);
    } finally {
      await emulator.stop();
    }
  });
});

describe('a link Azure left Failed', () => {
  test("apply of a plan that creates it writes it again instead of refusing it as someone else's", async () => {
    const fleet = stuckLinkFleet('Creating');
    fleet.privateLinkScopes = [{ name: 'ampls', linked: [{ resource: 'amw', provisioningState: 'Failed' }] }];
    const { emulator, connection } = await emulatorWithConnection({ fleet: expandFleet(fleet) });
    try {
      const resources = await discover(connection);
      const before = new Topology(resources.filter((r) => r.type.toLowerCase() !== LINK_TYPE.toLowerCase()));
      const amplsId = [...before.privateLinkScopes.values()][0]?.resource.id as string;
      const link = plan(before, { amplsId }).actions.find(
        (a) => a.resourceType === LINK_TYPE && /amw-connection$/.test(a.id),
      );
      assert.ok(link);
      assert.equal(link.kind, 'create');
      const result = await applyPlan(connection, {
        ...plan(before, { amplsId }),
        actions: [{ ...link, dependsOn: [] }],
      });
      assert.equal(result.outcomes[0]?.status, 'done', JSON.stringify(result.outcomes[0]));
      assert.equal(result.summary.writes, 1);
      const after = await connection.get(link.id, link.apiVersion);
      assert.equal((after?.['properties'] as Record<string, unknown>)['provisioningState'], 'Succeeded');
    } finally {
      await emulator.stop();
    }
  });
});

describe('regions Azure returns are facts', () => {
  const canaryAndSovereign: FleetDocument = {
    subscriptions: [{ name: 'prod' }],
    azureMonitorWorkspaces: [{ name: 'amw', region: 'eastus2euap' }],
    logAnalyticsWorkspaces: [{ name: 'law', region: 'usgovvirginia' }],
    privateLinkScopes: [{ name: 'ampls' }],
    clusters: [
      {
        name: 'aks-canary',
        region: 'eastus2euap',
        prometheus: { workspace: 'amw' },
        containerInsights: { workspace: 'law' },
      },
      { name: 'aks-gov', region: 'usgovvirginia', containerInsights: { workspace: 'law' } },
      { name: 'aks-cn', region: 'chinanorth3', prometheus: { workspace: 'amw' } },
    ],
  };

  test('a fleet in canary and sovereign regions plans, applies and converges', async () => {
    const { emulator } = await emulatorWithConnection({ fleet: expandFleet(canaryAndSovereign) });
    try {
      const ampls = await amplsIdOf(emulator);
      const planned = await amplink(emulator, ['plan', '--ampls', ampls]);
      assert.equal(planned.code, 2, planned.stdout + planned.stderr);
      assert.doesNotMatch(planned.stdout + planned.stderr, /AMPL_REGION/);
      assert.match(planned.stdout, /\+ create DCE {9}amplink-config-chinanorth3/);
      assert.match(planned.stdout, /\+ create DCE {9}amplink-config-usgovvirginia/);
      const applied = await amplink(emulator, ['apply', '--ampls', ampls, '--yes']);
      assert.equal(applied.code, 0, applied.stdout + applied.stderr);
      const again = await amplink(emulator, ['plan', '--ampls', ampls]);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, /nothing to change/);
    } finally {
      await emulator.stop();
    }
  });

  test('--cluster-region is checked against the regions the subscription lists: a typo is AMPL_REGION_E0001', async () => {
    const { emulator } = await emulatorWithConnection({ fleet: expandFleet(canaryAndSovereign) });
    try {
      const ampls = await amplsIdOf(emulator);
      const typo = await amplink(emulator, ['plan', '--ampls', ampls, '--cluster-region', 'eastus2eaup']);
      assert.equal(typo.code, 1);
      assert.match(typo.stderr, /AMPL_REGION_E0001: cluster region 'eastus2eaup' is not a region of this subscription/);
      assert.match(typo.stderr, /Did you mean 'eastus2euap'/);
      assert.doesNotMatch(typo.stderr, /\n\s+at /, 'no stack trace');
      const listed = emulator.requests().filter((r) => /\/locations$/i.test(r.path));
      assert.equal(listed.length, 1, 'the list is read from Azure, once');

      const gov = await amplink(emulator, ['plan', '--ampls', ampls, '--cluster-region', 'USGov Virginia', '--json']);
      assert.equal(gov.code, 2, gov.stderr);
      const result = JSON.parse(gov.stdout) as {
        summary: { clusters: { inScope: number } };
        findings: { code: string }[];
      };
      assert.equal(result.summary.clusters.inScope, 1);
      assert.ok(!result.findings.some((f) => f.code.startsWith('AMPL_REGION')));
    } finally {
      await emulator.stop();
    }
  });
});
