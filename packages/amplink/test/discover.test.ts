import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningEmulator } from 'amplink-emulator';
import type { ArmConnection } from '../src/azure/arm-connection.js';
import { discoveryProgress } from '../src/cli/fleet-events.js';
import { discover, type DiscoverProgress } from '../src/discover/discover.js';
import { formatSnapshot, parseSnapshot } from '../src/discover/snapshot.js';
import { isAmplinkError } from '../src/model/errors.js';
import { isEvent } from '../src/model/events.js';
import { Topology } from '../src/model/topology.js';
import { planOnce as plan } from '../src/plan/planner.js';
import { emulatorWithConnection } from './support/emulator.js';

let emulator: RunningEmulator;
let connection: ArmConnection;
before(async () => ({ emulator, connection } = await emulatorWithConnection()));
after(() => emulator.stop());

test('discovery through the SDK reads the same world the emulator holds', async () => {
  const progress: string[] = [];
  const resources = await discover(connection, {
    onEvent: (e) => void (isEvent(e, 'AMPL_DISCOVER_I0001') && progress.push(e.data.phase)),
  });
  const held = parseSnapshot(JSON.stringify(emulator.snapshot()));
  const wanted = held.filter((r) => !/resourceGroups$|\/subscriptions\/[^/]+$/i.test(r.type)).map((r) => r.key);
  const got = new Set(resources.map((r) => r.key));
  const relevant = wanted.filter((key) =>
    /managedclusters|connectedclusters|monitor\/accounts|operationalinsights|datacollection|privatelinkscopes|virtualnetworks\/[^/]+$|privateendpoints|privatednszones/.test(
      key,
    ),
  );
  for (const key of relevant.filter((k) => !k.includes('/privateendpointconnections/')))
    assert.ok(got.has(key), `discovered ${key}`);
  assert.ok(progress.includes('graph'), 'through Resource Graph by default');
});

test('discover then plan --snapshot gives the same plan as planning live', async () => {
  const live = new Topology(await discover(connection));
  const amplsId = [...live.privateLinkScopes.values()][0]?.resource.id as string;
  const fromFile = new Topology(parseSnapshot(formatSnapshot(live.resources)));
  assert.equal(JSON.stringify(plan(fromFile, { amplsId })), JSON.stringify(plan(live, { amplsId })));
  assert.equal(plan(live, { amplsId }).summary.status, 'changes');
});

test('progress counts requests as requests and resources as resources: the phases add up to what was discovered', async () => {
  const last = new Map<string, DiscoverProgress>();
  let printed = '';
  const print = discoveryProgress({ stdout: () => undefined, stderr: (t) => void (printed += t) });
  const resources = await discover(connection, {
    discovery: 'arm',
    onEvent: (e) => {
      if (!isEvent(e, 'AMPL_DISCOVER_I0001')) return;
      last.set(e.data.phase, e.data);
      print(e);
    },
  });
  const found = ['resources', 'associations', 'links'].reduce((sum, phase) => sum + (last.get(phase)?.found ?? 0), 0);
  assert.equal(found, resources.length);
  const lists = last.get('resources');
  assert.ok(lists && lists.total < lists.found, 'this world has more resources than list calls');
  assert.match(
    printed,
    new RegExp(
      `^read ${lists.total}/${lists.total} resource lists \\(one per type and subscription\\): ${lists.found} resources$`,
      'm',
    ),
  );
  assert.doesNotMatch(printed, /discovered resources: /);
});

test('a --subscription that is not a subscription id never goes into a request path: it is looked up by name, and refused', async () => {
  emulator.reset();
  for (const subscription of ['s/resourceGroups/x', 'a?b', '..', ' x']) {
    await assert.rejects(discover(connection, { subscriptions: [subscription] }), (error: unknown) => {
      assert.ok(isAmplinkError(error));
      assert.equal(error.code, 'AMPL_DISCOVER_E0002');
      return true;
    });
  }
  // Only the list of subscriptions was read, to look the names up.
  assert.equal(emulator.requests().filter((r) => r.path.startsWith('/subscriptions/')).length, 0);
});
