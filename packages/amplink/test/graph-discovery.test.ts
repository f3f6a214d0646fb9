// Discovery through Azure Resource Graph against the emulator, compared with discovery by ARM list calls on the same
// world: the same resources, the same plan; the fallback of --discovery auto where Resource Graph is refused, and the
// coded error of --discovery graph; Resource Graph's quota honoured.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { loadFleetFile, startEmulator, type ExpandedFleet, type RunningEmulator } from 'amplink-emulator';
import { emulatorCredential } from '../src/workflows/demo.js';
import { runCli } from '../src/cli/program.js';
import { ArmConnection } from '../src/azure/arm-connection.js';
import { queryAllRows, resourceGraphClient, timespanMs } from '../src/azure/resource-graph.js';
import { discover, type DiscoverEvent, type DiscoverOptions } from '../src/discover/discover.js';
import { formatSnapshot } from '../src/discover/snapshot.js';
import { isAmplinkError } from '../src/model/errors.js';
import type { ArmResource } from '../src/model/resources.js';
import { Topology } from '../src/model/topology.js';
import { verify } from '../src/verify/verify.js';
import { planKeepingDataFlowing } from '../src/plan/plan.js';
import { amplink } from './support/cli.js';
import { connectionTo } from './support/emulator.js';

// Two subscriptions, four regions, AKS and an Arc cluster, associations, an AMPLS with links and a private endpoint.
const FLEET = fileURLToPath(new URL('../../../examples/fleet-two-workspaces.yaml', import.meta.url));
// What an ARM GET has and a Resource Graph row does not (its columns: id, name, type, location, tags, properties...).
const NOT_IN_GRAPH_ROWS = ['etag', 'systemData'];

let fleet: ExpandedFleet;
let emulator: RunningEmulator;
let connection: ArmConnection;

before(async () => {
  fleet = await loadFleetFile(FLEET);
  emulator = await startEmulator({ fleet, lroDelayMs: 0, lroRetryAfterSeconds: 0 });
  connection = connectionTo(emulator);
});
after(() => emulator.stop());

/** The snapshot as `amplink discover` writes it, without the fields only ARM GET has. */
function comparable(resources: readonly ArmResource[]): unknown {
  const parsed = JSON.parse(formatSnapshot(resources)) as { value: Record<string, unknown>[] };
  return parsed.value.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !NOT_IN_GRAPH_ROWS.includes(k))));
}

function amplsOf(topology: Topology): string {
  const scope = [...topology.privateLinkScopes.values()][0];
  assert.ok(scope, 'the world has an AMPLS');
  return scope.resource.id;
}

/** Collects what discovery says besides its progress. */
function noticesInto(notices: { code: string; message: string }[]): (event: DiscoverEvent) => void {
  return (event) => {
    if (event.code !== 'AMPL_DISCOVER_I0001') notices.push({ code: event.code, message: event.message });
  };
}

async function discoverCounting(options: DiscoverOptions, on: ArmConnection = connection) {
  emulator.reset();
  const resources = await discover(on, options);
  const requests = emulator.requests();
  return { resources, requests };
}

describe('discovery through Resource Graph', () => {
  test('reads the same world as ARM listing: the same snapshot, topology, plan and verify', async () => {
    const arm = await discoverCounting({ discovery: 'arm' });
    const graph = await discoverCounting({ discovery: 'graph' });
    assert.ok(arm.resources.length > 50, `${arm.resources.length} resources`);
    assert.deepEqual(comparable(graph.resources), comparable(arm.resources));

    const armTopology = new Topology(arm.resources);
    const graphTopology = new Topology(graph.resources);
    assert.equal(graphTopology.clusters.length, armTopology.clusters.length);
    assert.ok(
      graphTopology.clusters.some((c) => /connectedclusters/i.test(c.resource.type)),
      'an Arc cluster',
    );
    assert.ok(new Set(graphTopology.clusters.map((c) => c.resource.resourceId.subscriptionId)).size > 1);
    const amplsId = amplsOf(armTopology);
    const armPlan = planKeepingDataFlowing(armTopology, { amplsId });
    const graphPlan = planKeepingDataFlowing(graphTopology, { amplsId });
    assert.ok(armPlan.actions.length > 0, 'the world needs changes');
    assert.equal(JSON.stringify(graphPlan), JSON.stringify(armPlan));
    assert.equal(
      JSON.stringify(verify(graphTopology, { amplsId, plan: graphPlan })),
      JSON.stringify(verify(armTopology, { amplsId, plan: armPlan })),
    );
  });

  test("asks Resource Graph instead of listing each cluster's associations and each type per subscription", async () => {
    const arm = await discoverCounting({ discovery: 'arm' });
    const graph = await discoverCounting({});
    const isGraph = (path: string) => /^\/providers\/microsoft\.resourcegraph\/resources$/i.test(path);
    const associationLists = (paths: string[]) =>
      paths.filter((p) => /\/providers\/microsoft\.insights\/datacollectionruleassociations$/i.test(p)).length;
    const clusters = new Topology(arm.resources).clusters.length;
    assert.equal(associationLists(arm.requests.map((r) => r.path)), clusters);
    assert.equal(associationLists(graph.requests.map((r) => r.path)), 0);
    assert.equal(graph.requests.filter((r) => isGraph(r.path)).length, 2, 'one page of resources, one of associations');
    assert.equal(arm.requests.filter((r) => isGraph(r.path)).length, 0);
    assert.ok(graph.requests.length < arm.requests.length);
  });

  test('a principal with rights on one subscription sees through Resource Graph what it sees through ARM', async () => {
    const team = fleet.principals.find((p) => p.displayName === 'monitoring-team');
    assert.ok(team, 'the fleet has a monitoring team');
    const credential = emulator.credentialFor(team.objectId);
    const reader = new ArmConnection({
      credential: { getToken: async (scopes) => credential.getToken(scopes) },
      endpoint: emulator.url,
      ca: emulator.caCertPem,
      retryBaseMs: 20,
    });
    const arm = await discoverCounting({ discovery: 'arm' }, reader);
    const graph = await discoverCounting({ discovery: 'graph' }, reader);
    const everything = await discover(connection, { discovery: 'arm' });
    assert.ok(arm.resources.length > 0 && arm.resources.length < everything.length);
    assert.deepEqual(comparable(graph.resources), comparable(arm.resources));
  });
});

/** Resource Graph answering as it does where it is refused or absent; everything else goes to the emulator. */
function refusingGraph(status: number, body: unknown): { connection: ArmConnection; refused: () => number } {
  const real = createDefaultHttpClient();
  let refused = 0;
  const httpClient: HttpClient = {
    sendRequest: async (request: PipelineRequest) => {
      if (!/\/providers\/microsoft\.resourcegraph\/resources/i.test(new URL(request.url).pathname))
        return real.sendRequest(request);
      refused += 1;
      return {
        request,
        status,
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
        bodyAsText: JSON.stringify(body),
      };
    },
  };
  return {
    connection: new ArmConnection({
      credential: emulatorCredential(emulator),
      endpoint: emulator.url,
      ca: emulator.caCertPem,
      httpClient,
      retryBaseMs: 20,
    }),
    refused: () => refused,
  };
}

const REFUSALS: [string, number, unknown][] = [
  [
    'a deny assignment',
    403,
    {
      error: {
        code: 'AuthorizationFailed',
        message: "The client does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read'.",
      },
    },
  ],
  [
    'a cloud without Resource Graph',
    404,
    {
      error: {
        code: 'InvalidResourceNamespace',
        message: "The resource namespace 'Microsoft.ResourceGraph' is invalid.",
      },
    },
  ],
  [
    'the provider not registered',
    400,
    {
      error: {
        code: 'NoRegisteredProviderFound',
        message: "No registered resource provider found for location '' and API version '2024-04-01'.",
      },
    },
  ],
];

describe('--discovery auto and graph where Resource Graph is refused', () => {
  for (const [what, status, body] of REFUSALS) {
    test(`${what} (${status}): auto lists through ARM and says so; graph stops with a coded error`, async () => {
      const refusing = refusingGraph(status, body);
      const notices: { code: string; message: string }[] = [];
      const fallback = await discover(refusing.connection, { onEvent: noticesInto(notices) });
      const arm = await discover(connection, { discovery: 'arm' });
      assert.deepEqual(comparable(fallback), comparable(arm));
      assert.deepEqual(
        notices.map((n) => n.code),
        ['AMPL_DISCOVER_W0004'],
      );
      assert.match(
        notices[0]?.message ?? '',
        new RegExp(`${status} ${(body as { error: { code: string } }).error.code}`),
      );
      assert.ok(refusing.refused() >= 1);

      await assert.rejects(discover(refusing.connection, { discovery: 'graph' }), (error: unknown) => {
        assert.ok(isAmplinkError(error));
        assert.equal(error.code, 'AMPL_DISCOVER_E0004');
        assert.match(error.fix ?? '', /--discovery arm/);
        return true;
      });
    });
  }

  test('a failure ARM listing would meet too (sign-in refused) is not a refusal: no fallback', async () => {
    const refusing = refusingGraph(401, { error: { code: 'InvalidAuthenticationToken', message: 'expired' } });
    const notices: { code: string; message: string }[] = [];
    await assert.rejects(discover(refusing.connection, { onEvent: noticesInto(notices) }), (error: unknown) => {
      assert.ok(isAmplinkError(error));
      assert.equal(error.code, 'AMPL_AZURE_E0401');
      return true;
    });
    assert.deepEqual(notices, []);
  });
});

describe("Resource Graph's quota", () => {
  test('reads x-ms-user-quota-resets-after as Resource Graph writes it', () => {
    assert.equal(timespanMs('00:00:05'), 5000);
    assert.equal(timespanMs('01:02:03'), 3_723_000);
    assert.equal(timespanMs('00:00:00.050'), 50);
    assert.equal(timespanMs('5s'), undefined);
    assert.equal(timespanMs(undefined), undefined);
  });

  test('waits for the quota to reset instead of being refused', async () => {
    const throttled = await startEmulator({ fleet, throttling: true });
    try {
      const gated = connectionTo(throttled);
      const client = resourceGraphClient(gated);
      const scope = fleet.subscriptions.map((s) => s.subscriptionId);
      throttled.reset();
      // 20 queries against a quota of 15 per 5 s: the gate holds the 16th until the window resets.
      for (let i = 0; i < 20; i += 1) {
        const rows = await queryAllRows(gated, client, 'resources | project id | take 1', { subscriptions: scope });
        assert.equal(rows.length, 1);
      }
      const counters = throttled.counters();
      assert.equal(counters.reads['Microsoft.ResourceGraph/resources'], 20);
      assert.equal(counters.throttled, 0, 'no query was refused');
    } finally {
      await throttled.stop();
    }
  });

  test('a 429 is waited out (Retry-After), not a reason to fall back', async () => {
    emulator.reset();
    emulator.setFaults({
      rules: [{ kind: 'status', status: 429, path: 'microsoft.resourcegraph', count: 2, retryAfterSeconds: 1 }],
    });
    try {
      const notices: { code: string; message: string }[] = [];
      const graph = await discover(connection, { onEvent: noticesInto(notices) });
      assert.equal(emulator.counters().faultsInjected, 2);
      assert.deepEqual(notices, []);
      assert.deepEqual(comparable(graph), comparable(await discover(connection, { discovery: 'arm' })));
    } finally {
      emulator.setFaults({ rules: [] });
    }
  });
});

describe('amplink discover --discovery', () => {
  test('arm and graph write the same snapshot; plan --json is the same either way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amplink-discovery-'));
    const written: Record<string, unknown> = {};
    for (const how of ['arm', 'graph'] as const) {
      const out = join(dir, `${how}.json`);
      const run = await amplink(emulator, ['discover', '--discovery', how, '--out', out]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, how === 'graph' ? /Resource Graph pages/ : /resource lists/);
      const snapshot = JSON.parse(await readFile(out, 'utf8')) as { value: Record<string, unknown>[] };
      written[how] = snapshot.value.map((r) =>
        Object.fromEntries(Object.entries(r).filter(([k]) => !NOT_IN_GRAPH_ROWS.includes(k))),
      );
    }
    assert.deepEqual(written['graph'], written['arm']);

    const amplsId = amplsOf(new Topology(await discover(connection)));
    const plans = await Promise.all(
      ['arm', 'graph'].map((how) => amplink(emulator, ['plan', '--discovery', how, '--ampls', amplsId, '--json'])),
    );
    for (const run of plans) assert.equal(run.code, 2, run.stderr);
    assert.equal(plans[1]?.stdout, plans[0]?.stdout);

    let stderr = '';
    const code = await runCli(['discover', '--discovery', 'resourcegraph'], {
      stdout: () => undefined,
      stderr: (text) => void (stderr += text),
    });
    assert.equal(code, 1);
    assert.match(stderr, /AMPL_CLI_E0003: --discovery 'resourcegraph' is not one of auto, graph, arm/);
  });
});
