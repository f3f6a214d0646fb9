import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { idKey } from '../src/model/resource-id.js';
import { Topology } from '../src/model/topology.js';
import { parsePlan } from '../src/plan/plan-file.js';
import { planOnce as plan } from '../src/plan/planner.js';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { simulateApply } from './support/simulate.js';
import { World } from './support/world.js';

const REGIONS = ['eastus', 'westeurope', 'westus2', 'japaneast'] as const;

const clusterArbitrary = fc.record({
  region: fc.constantFrom(...REGIONS),
  arc: fc.boolean(),
  metrics: fc.option(fc.nat(2), { nil: undefined }),
  logs: fc.option(fc.nat(2), { nil: undefined }),
  highLogScale: fc.boolean(),
  /** An existing configuration association: to a DCE by index, or to one that no longer exists. */
  configuration: fc.option(fc.oneof(fc.nat(5), fc.constant(-1)), { nil: undefined }),
});

const worldArbitrary = fc.record({
  workspaces: fc.array(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 3 }),
  logWorkspaces: fc.array(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 3 }),
  spareEndpoints: fc.array(fc.record({ region: fc.constantFrom(...REGIONS), ours: fc.boolean() }), { maxLength: 3 }),
  clusters: fc.array(clusterArbitrary, { minLength: 1, maxLength: 8 }),
  /** Resources (by index among all DCEs and workspaces) already linked to the AMPLS. */
  preLinked: fc.array(fc.nat(12), { maxLength: 4 }),
});

function build(spec: fc.TypeOf<typeof worldArbitrary>): { world: World; ampls: string } {
  const world = new World();
  const ampls = world.ampls();
  const amws = spec.workspaces.map((region, i) => world.amw(`amw-${i}`, region));
  const laws = spec.logWorkspaces.map((region, i) => world.law(`law-${i}`, region));
  const spares = spec.spareEndpoints.map((e, i) =>
    world.dce(`spare-${i}`, e.region, 'net', e.ours ? { 'managed-by': 'amplink' } : {}),
  );
  const endpoints = [...amws.map((a) => a.endpointId), ...spares];
  spec.clusters.forEach((c, i) => {
    const id = world.cluster({
      name: `c-${i}`,
      region: c.region,
      kind: c.arc ? 'arc' : 'aks',
      metricsTo: c.metrics === undefined ? undefined : amws[c.metrics % amws.length]?.id,
      logsTo: c.logs === undefined ? undefined : laws[c.logs % laws.length],
      highLogScale: c.highLogScale,
    });
    if (c.configuration !== undefined) {
      const target =
        c.configuration < 0
          ? `${world.group('gone')}/providers/Microsoft.Insights/dataCollectionEndpoints/deleted`
          : endpoints[c.configuration % endpoints.length];
      if (target) world.configuration(id, target);
    }
  });
  const linkable = [...endpoints, ...laws];
  for (const index of new Set(spec.preLinked)) {
    const target = linkable[index % linkable.length];
    if (target) world.link(ampls, target, `pre-${index}`);
  }
  return { world, ampls };
}

function topologyOf(resources: readonly Record<string, unknown>[]): Topology {
  return new Topology(parseSnapshot(JSON.stringify(resources)));
}

test('apply, rediscover and plan again gives no action; every monitored cluster is then served by a linked DCE of its region', () => {
  fc.assert(
    fc.property(worldArbitrary, (spec) => {
      const { world, ampls } = build(spec);
      const first = plan(world.topology(), { amplsId: ampls });
      const after = simulateApply(world.resources, first);
      const topology = topologyOf(after);
      const second = plan(topology, { amplsId: ampls });
      assert.deepEqual(second.actions, [], JSON.stringify(second.actions.map((a) => a.reason)));

      const linked = new Set(
        (topology.scopedResourcesByScope.get(idKey(ampls)) ?? []).map((s) => idKey(s.linkedResourceId)),
      );
      for (const cluster of topology.clusters) {
        const associations = topology.associationsOf(cluster.id.key);
        const monitored = associations.some((a) => a.ruleId !== undefined);
        if (!monitored) continue;
        const configuration = associations.filter((a) => a.isConfigurationEndpoint);
        assert.equal(configuration.length, 1);
        const endpoint = topology.endpoints.get(idKey(configuration[0]?.endpointId ?? ''));
        assert.equal(endpoint?.region, cluster.region);
        assert.ok(linked.has(endpoint.resource.key));
      }
    }),
    { numRuns: 150 },
  );
});

test('a converged world plans no action', () => {
  fc.assert(
    fc.property(worldArbitrary, (spec) => {
      const { world, ampls } = build(spec);
      const converged = simulateApply(world.resources, plan(world.topology(), { amplsId: ampls }));
      const result = plan(topologyOf(converged), { amplsId: ampls });
      assert.equal(result.summary.status, 'converged');
      assert.equal(result.summary.clusters.needingChanges, 0);
    }),
    { numRuns: 50 },
  );
});

test('no action deletes or replaces a resource the user has: only creates, and updates of configuration associations', () => {
  fc.assert(
    fc.property(worldArbitrary, (spec) => {
      const { world, ampls } = build(spec);
      const topology = world.topology();
      const result = plan(topology, { amplsId: ampls });
      for (const action of result.actions) {
        assert.ok(action.kind === 'create' || action.kind === 'update');
        const exists = topology.get(action.id) !== undefined;
        assert.equal(exists, action.kind === 'update', action.id);
        if (action.kind === 'update')
          assert.match(action.id, /\/dataCollectionRuleAssociations\/configurationAccessEndpoint$/i);
      }
      const after = new Set(simulateApply(world.resources, result).map((r) => idKey(String(r['id']))));
      for (const resource of topology.resources) assert.ok(after.has(resource.key));
    }),
    { numRuns: 100 },
  );
});

test('the plan does not depend on input order: the same world shuffled gives the same bytes', () => {
  fc.assert(
    fc.property(worldArbitrary, fc.infiniteStream(fc.nat()), (spec, randomness) => {
      const { world, ampls } = build(spec);
      const shuffled = [...world.resources];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = (randomness.next().value as number) % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j] as Record<string, unknown>, shuffled[i] as Record<string, unknown>];
      }
      const a = JSON.stringify(plan(world.topology(), { amplsId: ampls }));
      const b = JSON.stringify(plan(topologyOf(shuffled), { amplsId: ampls }));
      assert.equal(a, b);
    }),
    { numRuns: 100 },
  );
});

test('every dependency of an action comes before it in the plan', () => {
  fc.assert(
    fc.property(worldArbitrary, (spec) => {
      const { world, ampls } = build(spec);
      const result = plan(world.topology(), { amplsId: ampls });
      const seen = new Set<string>();
      for (const action of result.actions) {
        for (const dependency of action.dependsOn) assert.ok(seen.has(dependency), `${action.id} before ${dependency}`);
        seen.add(action.id);
      }
      assert.equal(seen.size, result.actions.length, 'action ids are unique');
    }),
    { numRuns: 100 },
  );
});

test('every plan the planner makes passes the plan-file check, with the summary it wrote', () => {
  fc.assert(
    fc.property(worldArbitrary, fc.boolean(), (spec, publicAccess) => {
      const { world, ampls } = build(spec);
      const result = plan(world.topology(), {
        amplsId: ampls,
        newEndpoints: {
          tags: { team: 'platform' },
          ...(publicAccess ? { publicNetworkAccess: 'Enabled' as const } : {}),
        },
      });
      assert.deepEqual(parsePlan(JSON.stringify(result)), result);
    }),
    { numRuns: 100 },
  );
});
