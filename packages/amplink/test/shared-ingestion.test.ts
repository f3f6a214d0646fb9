import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseResources } from '../src/model/parse-resources.js';
import { exportPlan } from '../src/export/index.js';
import { Topology } from '../src/model/topology.js';
import { AUTO_SHARED_THRESHOLD_WRITES } from '../src/plan/estimate.js';
import { parsePlan } from '../src/plan/plan-file.js';
import { plan } from '../src/plan/plan.js';
import { worldAfter } from '../src/plan/simulate.js';
import type { Plan, PlanAction } from '../src/plan/types.js';
import { formatPlanText } from '../src/report/plan-text.js';
import { World } from './support/world.js';

const DCR = 'Microsoft.Insights/dataCollectionRules';
const LINK = 'Microsoft.Insights/privateLinkScopes/scopedResources';

/** `clusters` AKS clusters in westeurope sending to one workspace pair in eastus; some with high log scale. */
function fleet(clusters: number, options: { highLogScale?: number } = {}) {
  const world = new World();
  const ampls = world.ampls();
  const amw = world.amw('amw', 'eastus');
  const law = world.law('law', 'eastus');
  for (let i = 1; i <= clusters; i++) {
    world.cluster({
      name: `aks-${i}`,
      region: 'westeurope',
      metricsTo: amw.id,
      logsTo: law,
      highLogScale: i <= (options.highLogScale ?? 0),
    });
  }
  return { world, ampls, amw, law };
}

const links = (result: Plan) => result.actions.filter((a) => a.resourceType === LINK);
const ruleUpdates = (result: Plan) => result.actions.filter((a) => a.resourceType === DCR);
const endpointOf = (action: PlanAction) =>
  (action.body['properties'] as Record<string, string>)['dataCollectionEndpointId'];

function after(world: World, result: Plan): Topology {
  return new Topology(parseResources(worldAfter(world.resources, result), 'after'));
}

describe('shared ingestion endpoints', () => {
  test('shared: Prometheus rules point at the workspace DCE, high-scale logs rules at one DCE of the workspace region', () => {
    const { world, ampls, amw } = fleet(5, { highLogScale: 2 });
    const result = plan(world.topology(), { amplsId: ampls, ingestionEndpoints: 'shared' });
    const updates = ruleUpdates(result);
    assert.equal(updates.length, 7);
    for (const update of updates.filter((u) => u.id.includes('/MSProm-'))) {
      assert.equal(endpointOf(update), amw.endpointId);
      assert.deepEqual(update.rules, [2]);
      assert.equal(update.kind, 'update');
      assert.deepEqual(Object.keys(update.body), ['properties']);
      assert.deepEqual(Object.keys(update.body['properties'] as object), ['dataCollectionEndpointId']);
      assert.match(update.reason, /Trade-off: re-enabling managed Prometheus/);
      assert.deepEqual(update.permissions, [{ action: `${DCR}/write`, scope: update.id }]);
      assert.match(String(update.current?.['dataCollectionEndpointId']), /MSProm-eastus-aks-/);
    }
    const logs = updates.filter((u) => u.id.includes('/MSCI-'));
    assert.equal(logs.length, 2);
    assert.equal(new Set(logs.map(endpointOf)).size, 1, 'one DCE for the workspace region');
    // No per-cluster DCE joins the AMPLS: links are the workspaces, their DCE and the configuration DCE.
    for (const link of links(result))
      assert.doesNotMatch(String(link.body['properties'] && JSON.stringify(link.body)), /MSProm-|MSCI-ingest-/);
    assert.ok(links(result).length <= 3);
    // A rule is pointed at its DCE only once that DCE is in the AMPLS.
    const linkIds = new Set(links(result).map((l) => l.id));
    for (const update of updates)
      assert.ok(update.dependsOn.every((d) => linkIds.has(d) || !d.includes('scopedResources')));
    assert.equal(result.ingestionEndpoints?.chosen, 'shared');
    assert.equal(result.estimate?.amplsWrites, links(result).length);
  });

  test('the world after a shared plan plans nothing more, and keeps every other property of the rules', () => {
    const { world, ampls } = fleet(4, { highLogScale: 1 });
    const result = plan(world.topology(), { amplsId: ampls, ingestionEndpoints: 'shared' });
    const next = after(world, result);
    const again = plan(next, { amplsId: ampls, ingestionEndpoints: 'shared' });
    assert.equal(again.summary.status, 'converged', JSON.stringify(again.actions.map((a) => a.id)));
    // auto on a fleet that already shares stays shared, so it plans nothing either.
    assert.equal(plan(next, { amplsId: ampls }).summary.status, 'converged');
    const clusterRules = [...next.rules.values()].filter((r) => /^MS(Prom|CI)-/.test(r.resource.name));
    assert.equal(clusterRules.length, 8);
    for (const rule of clusterRules) {
      assert.ok(rule.collectsPrometheus || rule.collectsContainerInsights, 'data sources and destinations kept');
    }
  });

  test('auto: per-cluster while the AMPLS writes stay under half an hour, shared above, and says why with both estimates', () => {
    const small = fleet(3);
    const few = plan(small.world.topology(), { amplsId: small.ampls });
    assert.equal(few.ingestionEndpoints?.chosen, 'per-cluster');
    assert.equal(ruleUpdates(few).length, 0);
    assert.match(few.ingestionEndpoints?.reason ?? '', /at most 60/);
    assert.equal(few.estimate?.otherMode?.mode, 'shared');

    const big = fleet(AUTO_SHARED_THRESHOLD_WRITES);
    const many = plan(big.world.topology(), { amplsId: big.ampls });
    assert.equal(many.ingestionEndpoints?.chosen, 'shared');
    assert.match(many.ingestionEndpoints?.reason ?? '', /more than 60/);
    assert.equal(many.estimate?.otherMode?.mode, 'per-cluster');
    assert.ok((many.estimate?.otherMode?.amplsWrites ?? 0) > AUTO_SHARED_THRESHOLD_WRITES);
    assert.ok((many.estimate?.amplsWrites ?? Infinity) <= 3);
    assert.ok((many.estimate?.seconds ?? Infinity) < (many.estimate?.otherMode?.seconds ?? 0));
    const text = formatPlanText(many);
    assert.match(text, /Estimated apply time in Azure: about \d+ (s|min)/);
    assert.match(text, /Ingestion endpoints: shared \(auto: /);
  });

  test('an ingestionEndpoints value that is no mode is refused, naming the modes', () => {
    const { world, ampls } = fleet(1);
    assert.throws(
      () => plan(world.topology(), { amplsId: ampls, ingestionEndpoints: 'sharded' as never }),
      (error: Error & { code?: string }) =>
        error.code === 'AMPL_PLAN_E0010' && /per-cluster, shared, auto/.test(error.message),
    );
  });

  test('mixed fleets: a rule whose DCE is already in the AMPLS keeps it', () => {
    const { world, ampls } = fleet(3);
    const linkedDce = world.resources.find((r) => String(r['id']).endsWith('/MSProm-eastus-aks-1')) as { id: string };
    world.add({
      id: `${ampls}/scopedResources/aks-1-prom`,
      name: 'aks-1-prom',
      type: 'Microsoft.Insights/privateLinkScopes/scopedResources',
      properties: { linkedResourceId: linkedDce.id, provisioningState: 'Succeeded' },
    });
    const result = plan(world.topology(), { amplsId: ampls, ingestionEndpoints: 'shared' });
    const updated = ruleUpdates(result).map((u) => u.id.split('/').pop());
    assert.deepEqual(updated.sort(), ['MSProm-eastus-aks-2', 'MSProm-eastus-aks-3']);
  });

  test('a plan file with a rule update is accepted only as the planner makes it', () => {
    const { world, ampls } = fleet(2);
    const result = plan(world.topology(), { amplsId: ampls, ingestionEndpoints: 'shared' });
    const text = JSON.stringify(result);
    const read = parsePlan(text);
    assert.equal(ruleUpdates(read).length, 2);
    assert.equal(read.estimate?.amplsWrites, result.estimate?.amplsWrites);
    const tamper = (change: (update: Record<string, unknown>) => void) => {
      const json = JSON.parse(text) as { actions: Record<string, unknown>[] };
      change(json.actions.find((a) => a['resourceType'] === DCR) as Record<string, unknown>);
      return () => parsePlan(JSON.stringify(json));
    };
    const refused = { code: 'AMPL_PLANFILE_E0004' };
    assert.throws(
      tamper((u) => {
        (u['body'] as { properties: Record<string, unknown> }).properties['dataSources'] = {};
      }),
      refused,
    );
    assert.throws(
      tamper((u) => {
        u['kind'] = 'create';
      }),
      refused,
    );
    assert.throws(
      tamper((u) => {
        (u['body'] as { properties: Record<string, unknown> }).properties['dataCollectionEndpointId'] = String(
          u['id'],
        ).replace(/dataCollectionRules/, 'dataCollectionRuleAssociations');
      }),
      refused,
    );
    assert.throws(
      tamper((u) => {
        u['id'] = String(u['id']).replace('dataCollectionRules', 'dataCollectionEndpoints');
      }),
      refused,
    );
    assert.throws(
      tamper((u) => {
        (u['current'] as Record<string, unknown>)['etag'] = 'a\r\nX-Injected: 1';
      }),
      refused,
    );
    assert.throws(
      tamper((u) => {
        u['permissions'] = [];
      }),
      refused,
    );
  });

  test('every export expresses the rule updates: az and PowerShell write them, templates name them', () => {
    const { world, ampls } = fleet(2);
    const result = plan(world.topology(), { amplsId: ampls, ingestionEndpoints: 'shared' });
    const az = exportPlan(result, 'az');
    assert.match(az, /--headers "If-Match=\$etag"/);
    assert.match(az, /merge\(@, \{properties: merge\(properties, \{dataCollectionEndpointId: /);
    assert.match(exportPlan(result, 'powershell'), /Invoke-AzRestMethod -Path \$path -Method PUT/);
    for (const format of ['bicep', 'terraform', 'arm'] as const) {
      const text = exportPlan(result, format);
      assert.match(text, /NOT IN THIS \w+ OUTPUT: 2 data collection rule update/, format);
      for (const update of ruleUpdates(result)) assert.ok(text.includes(update.id), `${format} names ${update.id}`);
    }
  });
});
