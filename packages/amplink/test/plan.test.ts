import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAmplinkError } from '../src/model/errors.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan, PlanAction } from '../src/plan/types.js';
import { simulateApply } from './support/simulate.js';
import { SEED_SUBSCRIPTION, seedWorld, World } from './support/world.js';

const DCE = 'Microsoft.Insights/dataCollectionEndpoints';
const DCRA = 'Microsoft.Insights/dataCollectionRuleAssociations';
const LINK = 'Microsoft.Insights/privateLinkScopes/scopedResources';

function linkedIds(result: Plan): string[] {
  return result.actions
    .filter((a) => a.resourceType === LINK)
    .map((a) => (a.body['properties'] as { linkedResourceId: string }).linkedResourceId);
}

function only(result: Plan, type: string): PlanAction[] {
  return result.actions.filter((a) => a.resourceType === type);
}

function endpointOf(action: PlanAction): string {
  return (action.body['properties'] as { dataCollectionEndpointId: string }).dataCollectionEndpointId;
}

function replan(world: World, ampls: string, first: Plan): Plan {
  const after = new World();
  after.resources.push(...simulateApply(world.resources, first));
  return plan(after.topology(), { amplsId: ampls });
}

function assertThrowsCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (error: unknown) => isAmplinkError(error) && error.code === code);
}

describe('the seed article example (aks06 and aks-amw in eastus)', () => {
  const { world, ampls, cluster, amw, law } = seedWorld();
  const result = plan(world.topology(), { amplsId: ampls });

  test('associates aks06 with the workspace own DCE, which serves its region', () => {
    const [association, ...others] = only(result, DCRA);
    assert.equal(others.length, 0);
    assert.ok(association);
    assert.equal(association.kind, 'create');
    assert.equal(
      association.id,
      `${cluster}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`,
    );
    assert.equal(endpointOf(association), amw.endpointId);
    assert.match(association.reason, /aks-amw's own DCE/);
    assert.deepEqual(association.rules, [1]);
    assert.deepEqual(association.permissions, [
      { action: 'Microsoft.Insights/dataCollectionRuleAssociations/write', scope: cluster },
    ]);
  });

  test('links the workspace DCE, the Prometheus ingestion DCE and the Log Analytics workspace, and creates no DCE', () => {
    assert.equal(only(result, DCE).length, 0);
    const ingestion = `/subscriptions/${world.subscription}/resourceGroups/aks/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks06`;
    assert.deepEqual(new Set(linkedIds(result)), new Set([amw.endpointId, ingestion, law]));
    const workspaceLink = result.actions.find((a) => linkedIds({ ...result, actions: [a] })[0] === amw.endpointId);
    assert.deepEqual(workspaceLink?.rules, [1, 3]);
    assert.equal(workspaceLink?.id, `${ampls}/scopedResources/aks-amw-connection`);
    assert.equal(result.summary.status, 'changes');
    assert.deepEqual(result.summary.actions, { create: 4, update: 0, total: 4 });
  });

  test('apply, rediscover and plan again gives nothing', () => {
    const second = replan(world, ampls, result);
    assert.deepEqual(second.actions, []);
    assert.equal(second.summary.status, 'converged');
  });
});

describe('rule 1: one configuration DCE per region', () => {
  test('clusters in a region without a DCE share one new DCE, for metrics and logs alike', () => {
    const world = new World();
    const ampls = world.ampls();
    const amw = world.amw('amw', 'eastus');
    const law = world.law('law', 'eastus');
    for (const name of ['we-1', 'we-2', 'we-3'])
      world.cluster({ name, region: 'West Europe', metricsTo: amw.id, logsTo: law });
    const result = plan(world.topology(), { amplsId: ampls });
    const creates = only(result, DCE);
    assert.equal(creates.length, 1);
    const [dce] = creates;
    assert.ok(dce);
    assert.equal(
      dce.id,
      `/subscriptions/${world.subscription}/resourceGroups/my-resource-group/providers/${DCE}/amplink-config-westeurope`,
    );
    assert.deepEqual(dce.body, {
      location: 'westeurope',
      tags: { 'managed-by': 'amplink' },
      properties: {
        description: 'Configuration access endpoint for the Kubernetes clusters in westeurope (amplink).',
        networkAcls: { publicNetworkAccess: 'Disabled' },
      },
    });
    assert.equal(dce.clusterCount, 3);
    const associations = only(result, DCRA);
    assert.equal(associations.length, 3);
    const link = result.actions.find(
      (a) => a.resourceType === LINK && linkedIds({ ...result, actions: [a] })[0] === dce.id,
    );
    assert.ok(link);
    assert.deepEqual(link.dependsOn, [dce.id]);
    // A cluster is pointed at the DCE only once the DCE is in the AMPLS.
    for (const a of associations) {
      assert.equal(endpointOf(a), dce.id);
      assert.deepEqual(a.dependsOn, [dce.id, link.id]);
      assert.ok(result.actions.indexOf(link) < result.actions.indexOf(a));
    }
    assert.ok(result.actions.indexOf(dce) < result.actions.indexOf(link));
  });

  test('never two configuration associations: a cluster with metrics and logs gets exactly one', () => {
    const world = new World();
    const ampls = world.ampls();
    const amw = world.amw('amw', 'eastus');
    const law = world.law('law', 'westus2');
    world.cluster({ name: 'c', region: 'westus2', metricsTo: amw.id, logsTo: law });
    const result = plan(world.topology(), { amplsId: ampls });
    assert.equal(only(result, DCRA).length, 1);
  });

  const reuseCases: {
    name: string;
    build: (w: World, amplsId: string) => { expected: string; why: RegExp };
  }[] = [
    {
      name: 'the workspace own DCE in that region comes before a DCE already in the AMPLS',
      build: (w, amplsId) => {
        const linked = w.dce('linked-west', 'westus2', 'net');
        w.link(amplsId, linked);
        const amw = w.amw('amw-west', 'westus2');
        return { expected: amw.endpointId, why: /amw-west's own DCE/ };
      },
    },
    {
      name: 'a DCE of the region already in the AMPLS comes before one amplink created',
      build: (w, amplsId) => {
        w.dce('amplink-config-westus2', 'westus2', 'my-resource-group', { 'managed-by': 'amplink' });
        const linked = w.dce('linked-west', 'westus2', 'net');
        w.link(amplsId, linked, 'odd-name');
        return { expected: linked, why: /already in the AMPLS/ };
      },
    },
    {
      name: 'a DCE amplink created before comes before a new one',
      build: (w) => ({
        expected: w.dce('fleet-west', 'westus2', 'other-group', { 'managed-by': 'amplink' }),
        why: /amplink created/,
      }),
    },
    {
      name: 'a DCE in another region is never chosen; a new one is made',
      build: (w) => {
        w.dce('east-only', 'eastus', 'net', { 'managed-by': 'amplink' });
        return {
          expected: `/subscriptions/${w.subscription}/resourceGroups/my-resource-group/providers/${DCE}/amplink-config-westus2`,
          why: /a new DCE for westus2/,
        };
      },
    },
  ];
  for (const { name, build } of reuseCases) {
    test(`reuse order: ${name}`, () => {
      const world = new World();
      const ampls = world.ampls();
      const amw = world.amw('amw', 'eastus');
      world.cluster({ name: 'w1', region: 'westus2', metricsTo: amw.id });
      const { expected, why } = build(world, ampls);
      const result = plan(world.topology(), { amplsId: ampls });
      const [association] = only(result, DCRA);
      assert.ok(association);
      assert.equal(endpointOf(association).toLowerCase(), expected.toLowerCase());
      assert.match(association.reason, why);
    });
  }

  test('a cluster whose configuration DCE is in its region keeps it; only the link is added', () => {
    const world = new World();
    const ampls = world.ampls();
    const amw = world.amw('amw', 'eastus');
    const own = world.dce('own-west', 'westus2', 'net');
    const cluster = world.cluster({ name: 'w1', region: 'westus2', metricsTo: amw.id });
    world.configuration(cluster, own);
    const result = plan(world.topology(), { amplsId: ampls });
    assert.equal(only(result, DCRA).length, 0);
    assert.ok(linkedIds(result).includes(own));
  });

  test('other clusters of the region reuse the DCE a cluster already uses, before a new one is made', () => {
    const world = new World();
    const ampls = world.ampls();
    const amw = world.amw('amw', 'eastus');
    const own = world.dce('own-west', 'westus2', 'net');
    world.configuration(world.cluster({ name: 'w1', region: 'westus2', metricsTo: amw.id }), own);
    world.cluster({ name: 'w2', region: 'westus2', metricsTo: amw.id });
    const result = plan(world.topology(), { amplsId: ampls });
    assert.equal(only(result, DCE).length, 0);
    assert.equal(endpointOf(only(result, DCRA)[0] as PlanAction), own);
  });

  test('an association to a DCE in the wrong region is updated, and the reason says so', () => {
    const world = new World();
    const ampls = world.ampls();
    const amw = world.amw('amw', 'eastus');
    const cluster = world.cluster({ name: 'w1', region: 'westus2', metricsTo: amw.id });
    world.configuration(cluster, amw.endpointId);
    const result = plan(world.topology(), { amplsId: ampls });
    const [association] = only(result, DCRA);
    assert.equal(association?.kind, 'update');
    assert.match(association?.reason ?? '', /points to DCE amw in eastus, but the cluster is in westus2/);
    assert.deepEqual(association?.current, { dataCollectionEndpointId: amw.endpointId });
  });

  test('an association to a DCE that no longer exists is updated, and the reason says so', () => {
    const world = new World();
    const ampls = world.ampls();
    const amw = world.amw('amw', 'eastus');
    const cluster = world.cluster({ name: 'e1', region: 'eastus', metricsTo: amw.id });
    const gone = `/subscriptions/${world.subscription}/resourceGroups/x/providers/${DCE}/deleted`;
    world.configuration(cluster, gone);
    const [association] = only(plan(world.topology(), { amplsId: ampls }), DCRA);
    assert.equal(association?.kind, 'update');
    assert.match(association?.reason ?? '', /which no longer exists/);
    assert.equal(endpointOf(association as PlanAction), amw.endpointId);
  });
});

describe('rules 2, 3, 4 and 6: each cluster own destinations', () => {
  test('several workspaces: each cluster brings exactly its own destinations into the AMPLS', () => {
    const world = new World();
    const ampls = world.ampls();
    const amwA = world.amw('amw-a', 'eastus');
    const amwB = world.amw('amw-b', 'westeurope');
    const lawA = world.law('law-a', 'eastus');
    const lawB = world.law('law-b', 'westeurope');
    world.law('law-unused', 'eastus');
    world.amw('amw-unused', 'centralus');
    world.cluster({ name: 'a1', region: 'eastus', metricsTo: amwA.id, logsTo: lawA });
    world.cluster({ name: 'b1', region: 'westeurope', metricsTo: amwB.id, logsTo: lawB });
    const linked = new Set(linkedIds(plan(world.topology(), { amplsId: ampls })).map((id) => id.toLowerCase()));
    for (const id of [amwA.endpointId, amwB.endpointId, lawA, lawB]) assert.ok(linked.has(id.toLowerCase()), id);
    assert.ok(![...linked].some((id) => id.includes('unused')));
    assert.ok([...linked].some((id) => id.endsWith('/msprom-eastus-a1')));
    assert.ok([...linked].some((id) => id.endsWith('/msprom-westeurope-b1')));
  });

  test('a high-scale logs ingestion DCE is linked under rule 4', () => {
    const world = new World();
    const ampls = world.ampls();
    const law = world.law('law', 'eastus');
    world.cluster({ name: 'hs', region: 'eastus', logsTo: law, highLogScale: true });
    const result = plan(world.topology(), { amplsId: ampls });
    const link = result.actions.find((a) => /MSCI-ingest-eastus-hs/.test(JSON.stringify(a.body)));
    assert.deepEqual(link?.rules, [4]);
    assert.match(link?.reason ?? '', /high-scale logs ingestion endpoint of hs/);
  });

  test('an Arc cluster needs its workspace DCE for remote write (rule 6)', () => {
    const world = new World();
    const ampls = world.ampls();
    const amw = world.amw('amw', 'eastus');
    world.cluster({ name: 'onprem', region: 'eastus', kind: 'arc', metricsTo: amw.id });
    const result = plan(world.topology(), { amplsId: ampls });
    const link = result.actions.find((a) => linkedIds({ ...result, actions: [a] })[0] === amw.endpointId);
    assert.deepEqual(link?.rules, [1, 3, 6]);
    assert.match(link?.reason ?? '', /remote-write endpoint of on-premises onprem/);
  });

  test('a resource already linked, under any name and in any casing, needs nothing', () => {
    const { world, ampls, law } = seedWorld();
    world.link(ampls, law.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'), 'whatever-it-was-called');
    const result = plan(world.topology(), { amplsId: ampls });
    assert.ok(!linkedIds(result).some((id) => id.toLowerCase() === law.toLowerCase()));
  });

  test('a link Azure left Failed is written again under its own name', () => {
    const { world, ampls, law } = seedWorld();
    const linkId = world.link(ampls, law, 'logs-link');
    const link = world.resources.find((r) => r['id'] === linkId) as { properties: Record<string, unknown> };
    link.properties['provisioningState'] = 'Failed';
    const relink = plan(world.topology(), { amplsId: ampls }).actions.find((a) => a.id === linkId);
    assert.equal(relink?.kind, 'update');
    assert.match(relink?.reason ?? '', /Its link to AMPLS my-ampls is Failed, so it carries no traffic/);
  });

  test('a link Azure is still writing is a finding, not an action; what waits for it is held back', () => {
    for (const state of ['Creating', 'Provisioning', 'Updating', 'Accepted']) {
      const { world, ampls, amw } = seedWorld();
      const linkId = world.link(ampls, amw.endpointId, 'amw-link');
      const link = world.resources.find((r) => r['id'] === linkId) as { properties: Record<string, unknown> };
      link.properties['provisioningState'] = state;
      const result = plan(world.topology(), { amplsId: ampls });
      assert.ok(!result.actions.some((a) => a.id === linkId), `${state}: no write to the busy link`);
      assert.ok(!linkedIds(result).some((id) => id.toLowerCase() === amw.endpointId.toLowerCase()));
      // aks06's association would point at the workspace DCE, whose link may still fail: it waits.
      assert.deepEqual(only(result, DCRA), [], `${state}: the association waits for the link`);
      const finding = result.findings.find((f) => f.code === 'AMPL_PLAN_W0008');
      assert.ok(finding, `${state}: a finding`);
      assert.equal(finding.severity, 'warning');
      assert.deepEqual(finding.resources, [linkId]);
      assert.match(finding.message, new RegExp(`is ${state}: Azure is still working on it`));
      assert.match(finding.message, /configuration association of 1 cluster \(aks06\) waits for it/);
      assert.equal(result.summary.status, 'changes', 'the other links are still planned');
    }
  });

  test('with nothing else to do, a busy link makes the plan "waiting", never "converged"', () => {
    const { world, ampls, law } = seedWorld();
    const first = plan(world.topology(), { amplsId: ampls });
    const after = new World();
    after.resources.push(...simulateApply(world.resources, first));
    const lawLink = after.resources.find(
      (r) => String((r['properties'] as Record<string, unknown> | undefined)?.['linkedResourceId']) === law,
    ) as { properties: Record<string, unknown> };
    lawLink.properties['provisioningState'] = 'Creating';
    const result = plan(after.topology(), { amplsId: ampls });
    assert.deepEqual(result.actions, []);
    assert.equal(result.summary.status, 'waiting');
    lawLink.properties['provisioningState'] = 'Succeeded';
    assert.equal(plan(after.topology(), { amplsId: ampls }).summary.status, 'converged');
    delete lawLink.properties['provisioningState'];
    assert.equal(plan(after.topology(), { amplsId: ampls }).summary.status, 'converged', 'absent counts as done');
  });

  test('a DCE Azure is still creating is not linked, nor are clusters pointed at it, until it is done', () => {
    const world = new World();
    const ampls = world.ampls();
    const dce = world.dce('config-westus', 'westus', 'net', { 'managed-by': 'amplink' });
    (world.resources.find((r) => r['id'] === dce) as { properties: Record<string, unknown> }).properties[
      'provisioningState'
    ] = 'Creating';
    const law = world.law('law', 'westus');
    world.cluster({ name: 'w1', region: 'westus', logsTo: law });
    const result = plan(world.topology(), { amplsId: ampls });
    assert.ok(!linkedIds(result).includes(dce));
    assert.ok(!only(result, DCRA).some((a) => endpointOf(a) === dce));
    const finding = result.findings.find((f) => f.code === 'AMPL_PLAN_W0008');
    assert.deepEqual(finding?.resources, [dce]);
    assert.match(finding?.message ?? '', /DCE config-westus is Creating/);
  });

  test('a link to another AMPLS does not count for this one', () => {
    const { world, ampls, law } = seedWorld();
    const other = world.ampls('other-ampls', 'elsewhere');
    world.link(other, law);
    assert.ok(linkedIds(plan(world.topology(), { amplsId: ampls })).includes(law));
  });

  test('new scoped resources get unique, deterministic names when <name>-connection is taken', () => {
    const world = new World();
    const ampls = world.ampls();
    const lawA = world.law('logs', 'eastus', 'group-a');
    const lawB = world.law('logs', 'eastus', 'group-b');
    const unrelated = world.dce('unrelated', 'eastus', 'net');
    world.link(ampls, unrelated, 'logs-connection');
    world.cluster({ name: 'a', region: 'eastus', logsTo: lawA });
    world.cluster({ name: 'b', region: 'eastus', logsTo: lawB });
    const names = only(plan(world.topology(), { amplsId: ampls }), LINK)
      .filter((a) => /workspaces/.test(JSON.stringify(a.body)))
      .map((a) => a.id.split('/').pop() as string);
    assert.equal(names.length, 2);
    assert.notEqual(names[0], names[1]);
    for (const name of names) assert.match(name, /^logs-[0-9a-f]{8}-connection$/);
    const again = only(plan(world.topology(), { amplsId: ampls }), LINK).map((a) => a.id);
    assert.ok(names.every((n) => again.some((id) => id.endsWith(`/${n}`))));
  });
});

describe('findings: what the planner will not or cannot do', () => {
  const cases: { name: string; build: (w: World, amplsId: string) => void; code: string; severity: string }[] = [
    {
      name: 'a cluster without monitoring',
      build: (w) => void w.cluster({ name: 'bare', region: 'eastus' }),
      code: 'AMPL_PLAN_I0001',
      severity: 'info',
    },
    {
      name: 'monitoring switched on but no rule associated',
      build: (w) => {
        const id = w.cluster({ name: 'half', region: 'eastus' });
        const cluster = w.resources.find((r) => r['id'] === id) as {
          properties: { azureMonitorProfile: { metrics: { enabled: boolean } } };
        };
        cluster.properties.azureMonitorProfile.metrics.enabled = true;
      },
      code: 'AMPL_PLAN_W0002',
      severity: 'warning',
    },
    {
      name: 'an association to a rule that cannot be found',
      build: (w) => {
        const id = w.cluster({ name: 'lost', region: 'eastus' });
        w.association(id, 'ContainerInsightsExtension', {
          dataCollectionRuleId: `${w.group('gone')}/providers/Microsoft.Insights/dataCollectionRules/r`,
        });
      },
      code: 'AMPL_PLAN_W0003',
      severity: 'warning',
    },
    {
      name: 'a Prometheus rule without an ingestion DCE',
      build: (w) =>
        void w.cluster({
          name: 'old',
          region: 'eastus',
          metricsTo: w.amw('amw', 'eastus').id,
          prometheusWithoutEndpoint: true,
        }),
      code: 'AMPL_PLAN_W0004',
      severity: 'warning',
    },
    {
      name: 'a destination workspace that cannot be found',
      build: (w) =>
        void w.cluster({
          name: 'orphan',
          region: 'eastus',
          logsTo: `${w.group('gone')}/providers/Microsoft.OperationalInsights/workspaces/ws`,
        }),
      code: 'AMPL_PLAN_W0005',
      severity: 'warning',
    },
  ];
  for (const { name, build, code, severity } of cases) {
    test(name, () => {
      const world = new World();
      const ampls = world.ampls();
      build(world, ampls);
      const result = plan(world.topology(), { amplsId: ampls });
      const finding = result.findings.find((f) => f.code === code);
      assert.ok(finding, `expected ${code} in ${JSON.stringify(result.findings)}`);
      assert.equal(finding.severity, severity);
      assert.ok(finding.resources.length > 0);
    });
  }

  test('a missing workspace shared by many clusters is one finding naming a few of them', () => {
    const world = new World();
    const ampls = world.ampls();
    const gone = `${world.group('gone')}/providers/Microsoft.OperationalInsights/workspaces/ws`;
    for (let i = 0; i < 50; i++) world.cluster({ name: `c${i}`, region: 'eastus', logsTo: gone });
    const findings = plan(world.topology(), { amplsId: ampls }).findings.filter((f) => f.code === 'AMPL_PLAN_W0005');
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /and 47 more/);
  });
});

describe('limits block the whole plan', () => {
  test('more Log Analytics workspaces than an AMPLS links: no action, an error finding', () => {
    const world = new World();
    const ampls = world.ampls();
    world.cluster({ name: 'a', region: 'eastus', logsTo: world.law('one', 'eastus') });
    world.cluster({ name: 'b', region: 'eastus', logsTo: world.law('two', 'eastus') });
    const result = plan(world.topology(), { amplsId: ampls, limits: { logAnalyticsWorkspacesPerScope: 1 } });
    assert.deepEqual(result.actions, []);
    assert.equal(result.summary.status, 'blocked');
    assert.equal(result.findings[0]?.code, 'AMPL_PLAN_E0101');
  });

  test('a resource already in as many AMPLS as allowed blocks the plan', () => {
    const { world, ampls, law } = seedWorld();
    world.link(world.ampls('other', 'elsewhere'), law);
    const result = plan(world.topology(), { amplsId: ampls, limits: { scopesPerResource: 1 } });
    assert.equal(result.summary.status, 'blocked');
    assert.ok(result.findings.some((f) => f.code === 'AMPL_PLAN_E0102' && f.resources.includes(law)));
  });

  test('a new DCE whose id is taken by a DCE in another region blocks the plan', () => {
    const world = new World();
    const ampls = world.ampls();
    world.dce('amplink-config-westus2', 'eastus', 'my-resource-group');
    world.cluster({ name: 'w', region: 'westus2', logsTo: world.law('law', 'eastus') });
    const result = plan(world.topology(), { amplsId: ampls });
    assert.equal(result.summary.status, 'blocked');
    assert.equal(result.findings[0]?.code, 'AMPL_PLAN_E0003');
  });
});

describe('options', () => {
  function fleet(): { world: World; ampls: string } {
    const world = new World();
    const ampls = world.ampls();
    const law = world.law('law', 'eastus');
    world.cluster({ name: 'prod-1', region: 'eastus', group: 'prod', logsTo: law, tags: { env: 'prod' } });
    world.cluster({ name: 'dev-1', region: 'eastus', group: 'dev', logsTo: law, tags: { env: 'dev' } });
    world.cluster({
      name: 'other-sub',
      region: 'eastus',
      subscription: '00000000-0000-0000-0000-00000000beef',
      logsTo: law,
    });
    return { world, ampls };
  }
  const filters: [string, Record<string, unknown>, string[]][] = [
    ['by subscription', { subscriptions: ['00000000-0000-0000-0000-00000000BEEF'] }, ['other-sub']],
    ['by resource group name', { resourceGroups: ['PROD'] }, ['prod-1']],
    ['by name with a wildcard', { names: ['dev-*'] }, ['dev-1']],
    ['by tag', { tags: { env: 'prod' } }, ['prod-1']],
  ];
  for (const [name, clusters, expected] of filters) {
    test(`selects clusters ${name}`, () => {
      const { world, ampls } = fleet();
      const result = plan(world.topology(), { amplsId: ampls, clusters });
      const names = only(result, DCRA).map((a) => a.id.split('/')[8]);
      assert.deepEqual(names, expected);
    });
  }

  test('new DCE group, name pattern, tags and public access are honoured', () => {
    const world = new World();
    const ampls = world.ampls();
    world.cluster({ name: 'w', region: 'westus2', logsTo: world.law('law', 'eastus') });
    const group = `/subscriptions/${world.subscription}/resourceGroups/monitoring-infra`;
    const [dce] = only(
      plan(world.topology(), {
        amplsId: ampls,
        newEndpoints: {
          resourceGroupId: group,
          namePattern: 'cfg-{region}',
          tags: { team: 'platform' },
          publicNetworkAccess: 'Enabled',
        },
      }),
      DCE,
    );
    assert.equal(dce?.id, `${group}/providers/${DCE}/cfg-westus2`);
    assert.deepEqual(dce?.body['tags'], { 'managed-by': 'amplink', team: 'platform' });
    assert.deepEqual((dce?.body['properties'] as Record<string, unknown>)['networkAcls'], {
      publicNetworkAccess: 'Enabled',
    });
  });

  test('bad options are errors with codes', () => {
    const { world, ampls } = seedWorld();
    const topology = world.topology();
    assertThrowsCode(() => plan(topology, { amplsId: `${ampls}-missing` }), 'AMPL_PLAN_E0001');
    assertThrowsCode(() => plan(topology, { amplsId: world.group('x') }), 'AMPL_PLAN_E0002');
    assertThrowsCode(() => plan(topology, { amplsId: 'my-ampls' }), 'AMPL_ID_E0001');
    assertThrowsCode(() => plan(topology, { amplsId: ampls, newEndpoints: { namePattern: 'dce' } }), 'AMPL_PLAN_E0005');
    assertThrowsCode(
      () => plan(topology, { amplsId: ampls, newEndpoints: { namePattern: 'dce_{region}' } }),
      'AMPL_PLAN_E0006',
    );
    assertThrowsCode(
      () =>
        plan(topology, {
          amplsId: ampls,
          newEndpoints: { namePattern: 'a-very-long-configuration-endpoint-{region}' },
        }),
      'AMPL_PLAN_E0006',
    );
  });
});

test('planning never mutates its input', () => {
  const { world, ampls } = seedWorld();
  const topology = world.topology();
  const before = JSON.stringify(topology.resources.map((r) => r.raw));
  plan(topology, { amplsId: ampls });
  assert.equal(JSON.stringify(topology.resources.map((r) => r.raw)), before);
});

describe('regions: what Azure returns is a fact, what the user types is checked', () => {
  function regionsWorld(): { world: World; ampls: string } {
    const world = new World();
    const ampls = world.ampls();
    const law = world.law('law', 'eastus');
    // A canary region, a US Government region, a China region and one newer than amplink's list; Azure wrote some
    // of them as display names.
    world.cluster({ name: 'canary', region: 'eastus2euap', logsTo: law });
    world.cluster({ name: 'gov', region: 'USGov Virginia', logsTo: law });
    world.cluster({ name: 'china', region: 'chinanorth3', logsTo: law });
    world.cluster({ name: 'future', region: 'marsnorth1', logsTo: law });
    return { world, ampls };
  }

  test('a fleet in canary, sovereign and unknown regions plans a DCE per region and converges', () => {
    const { world, ampls } = regionsWorld();
    const result = plan(world.topology(), { amplsId: ampls });
    assert.equal(result.summary.status, 'changes');
    assert.ok(!result.findings.some((f) => f.code.startsWith('AMPL_REGION')));
    assert.deepEqual(
      only(result, DCE)
        .map((a) => a.body['location'])
        .sort(),
      ['chinanorth3', 'eastus2euap', 'marsnorth1', 'usgovvirginia'],
    );
    assert.ok(only(result, DCE).every((a) => a.id.endsWith(`/amplink-config-${String(a.body['location'])}`)));
    assert.equal(replan(world, ampls, result).summary.status, 'converged');
  });

  test('--cluster-region selects clusters by region in any spelling; offline, an unknown one is a warning', () => {
    const { world, ampls } = regionsWorld();
    const selected = plan(world.topology(), { amplsId: ampls, clusters: { regions: ['USGov Virginia'] } });
    assert.equal(selected.summary.clusters.inScope, 1);
    assert.ok(!selected.findings.some((f) => f.code === 'AMPL_REGION_W0001'));
    const future = plan(world.topology(), { amplsId: ampls, clusters: { regions: ['marsnorth1'] } });
    assert.equal(future.summary.clusters.inScope, 1);
    const warning = future.findings.find((f) => f.code === 'AMPL_REGION_W0001');
    assert.equal(warning?.severity, 'warning');
    assert.match(warning?.message ?? '', /cluster region 'marsnorth1' is not among the regions amplink knows/);
  });

  test('connected, a typed region Azure does not list is AMPL_REGION_E0001; one it lists is accepted', () => {
    const { world, ampls } = regionsWorld();
    const azureRegions = ['eastus', 'eastus2euap', 'marsnorth1'];
    const ok = plan(world.topology(), { amplsId: ampls, azureRegions, clusters: { regions: ['marsnorth1'] } });
    assert.ok(!ok.findings.some((f) => f.code.startsWith('AMPL_REGION')));
    assertThrowsCode(
      () => plan(world.topology(), { amplsId: ampls, azureRegions, clusters: { regions: ['eastus2eaup'] } }),
      'AMPL_REGION_E0001',
    );
  });

  test('a location that is no region name at all is refused before it can become part of an id', () => {
    const world = new World();
    const ampls = world.ampls();
    world.cluster({ name: 'bad', region: 'east/us' });
    assertThrowsCode(() => plan(world.topology(), { amplsId: ampls }), 'AMPL_REGION_E0002');
  });
});

test('--dce-resource-group in a subscription discovery never saw (a name typed for an id) is AMPL_PLAN_E0009', () => {
  const world = new World();
  const ampls = world.ampls();
  const amw = world.amw('aks-amw', 'eastus');
  world.cluster({ name: 'weu-1', region: 'westeurope', metricsTo: amw.id });
  const topology = world.topology();
  assert.throws(
    () =>
      plan(topology, {
        amplsId: ampls,
        newEndpoints: { resourceGroupId: '/subscriptions/platform-prod/resourceGroups/rg-dce' },
      }),
    (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'AMPL_PLAN_E0009');
      assert.match((error as Error).message, /platform-prod/);
      return true;
    },
  );
  const known = plan(topology, {
    amplsId: ampls,
    newEndpoints: { resourceGroupId: `/subscriptions/${SEED_SUBSCRIPTION}/resourceGroups/rg-dce` },
  });
  assert.ok(known.actions.some((a) => a.id.includes('/resourceGroups/rg-dce/')));
});
