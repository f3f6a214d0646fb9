import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isAmplinkError } from '../src/model/errors.js';
import { readPlanFile } from '../src/files/plan-file.js';
import { parsePlan } from '../src/plan/plan-file.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan, PlanAction } from '../src/plan/types.js';
import { formatPlanText } from '../src/report/plan-text.js';
import { SEED_SUBSCRIPTION, World } from './support/world.js';

function samplePlan(): Plan {
  const world = new World();
  const ampls = world.ampls();
  const amw = world.amw('aks-amw', 'eastus');
  const law = world.law('logs', 'eastus');
  const moved = world.cluster({ name: 'weu-1', region: 'westeurope', metricsTo: amw.id, logsTo: law });
  world.configuration(moved, amw.endpointId);
  world.cluster({ name: 'weu-2', region: 'westeurope', metricsTo: amw.id });
  return plan(world.topology(), { amplsId: ampls });
}

function rejects(text: string, code: string, message?: RegExp): void {
  assert.throws(
    () => parsePlan(text, 'plan.json'),
    (error: unknown) => {
      assert.ok(isAmplinkError(error), String(error));
      assert.equal(error.code, code, error.message);
      if (message) assert.match(error.message, message);
      return true;
    },
  );
}

test('a plan survives the round trip through its JSON file', async () => {
  const original = samplePlan();
  assert.ok(original.actions.some((a) => a.kind === 'update' && a.current !== undefined));
  const file = join(await mkdtemp(join(tmpdir(), 'amplink-planfile-')), 'plan.json');
  await writeFile(file, JSON.stringify(original, null, 2));
  assert.deepEqual(await readPlanFile(file), original);
});

test('bad plan files: unreadable E0001, not JSON E0002, wrong shape E0003 with the JSON path', async () => {
  await assert.rejects(readPlanFile('/nonexistent/plan.json'), (error: unknown) => {
    assert.ok(isAmplinkError(error));
    assert.equal(error.code, 'AMPL_PLANFILE_E0001');
    assert.match(error.message, /ENOENT/);
    return true;
  });
  rejects('{"schemaVersion": 1,', 'AMPL_PLANFILE_E0002', /^plan\.json is not valid JSON/);
  const good = samplePlan();
  rejects(
    JSON.stringify({ ...good, schemaVersion: 2 }),
    'AMPL_PLANFILE_E0003',
    /\$\.schemaVersion: unsupported schemaVersion 2/,
  );
  const withoutId = JSON.parse(JSON.stringify(good)) as { actions: Record<string, unknown>[] };
  delete withoutId.actions[1]?.['id'];
  rejects(JSON.stringify(withoutId), 'AMPL_PLANFILE_E0003', /\$\.actions\[1\]\.id: /);
  const badKind = JSON.parse(JSON.stringify(good)) as { actions: Record<string, unknown>[] };
  (badKind.actions[0] as Record<string, unknown>)['kind'] = 'delete';
  rejects(JSON.stringify(badKind), 'AMPL_PLANFILE_E0003', /\$\.actions\[0\]\.kind: /);
  rejects('[]', 'AMPL_PLANFILE_E0003', /^plan\.json: \$: /);
  const twice = { ...good, actions: [good.actions[0], good.actions[0]] };
  rejects(JSON.stringify(twice), 'AMPL_PLANFILE_E0003', /\$\.actions\[1\]\.id: .*appears twice/);
});

test('a plan file can only ask for what the planner makes: E0004 for anything else', () => {
  const base = samplePlan();
  const edit = (change: (p: Plan) => void): string => {
    const copy = structuredClone(base);
    change(copy);
    return JSON.stringify(copy);
  };
  const scope = base.ampls.id;
  rejects(
    edit((p) => {
      const action = p.actions[0] as Plan['actions'][number];
      Object.assign(action, {
        kind: 'update',
        resourceType: 'Microsoft.Insights/privateLinkScopes',
        apiVersion: '2021-09-01',
        id: scope,
        body: {
          location: 'global',
          tags: { 'managed-by': 'amplink' },
          properties: { accessModeSettings: { ingestionAccessMode: 'Open', queryAccessMode: 'Open' } },
        },
      });
    }),
    'AMPL_PLANFILE_E0004',
    // amplink creates an AMPLS when asked (--create-ampls), never changes one.
    /a Microsoft\.Insights\/privateLinkScopes is only ever created, never updated/,
  );
  rejects(
    edit((p) => {
      const dce = p.actions.find((a) => a.resourceType.endsWith('dataCollectionEndpoints'));
      if (dce) dce.kind = 'update';
    }),
    'AMPL_PLANFILE_E0004',
    /a DCE is only ever created/,
  );
  rejects(
    edit((p) => {
      const association = p.actions.find((a) => a.resourceType.endsWith('dataCollectionRuleAssociations'));
      if (association)
        association.id = association.id.replace(/configurationAccessEndpoint$/, 'ContainerInsightsExtension');
    }),
    'AMPL_PLANFILE_E0004',
    /only the configurationAccessEndpoint association/,
  );
  rejects(
    edit((p) => {
      const link = p.actions.find((a) => a.resourceType.endsWith('scopedResources'));
      if (link) link.resourceType = 'Microsoft.Insights/dataCollectionEndpoints';
    }),
    'AMPL_PLANFILE_E0004',
    /the id is a Microsoft\.Insights\/privateLinkScopes\/scopedResources/,
  );
  assert.equal(parsePlan(JSON.stringify(base)).actions.length, base.actions.length);
});

describe('issue 10, item 1: each attack on a hand-edited plan file is refused before any request', () => {
  const base = samplePlan();
  const edit = (change: (p: Plan) => void): string => {
    const copy = structuredClone(base);
    change(copy);
    return JSON.stringify(copy);
  };
  const ofType = (p: Plan, suffix: string) => p.actions.find((a) => a.resourceType.endsWith(suffix)) as PlanAction;
  const cluster = (p: Plan) => ofType(p, 'dataCollectionRuleAssociations').id.split('/providers/Microsoft.Insights')[0];
  const tail = '/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint';

  test("'?' in an id, which used to PUT the AMPLS, a cluster, a group or a DNS record: E0003", () => {
    const targets = [
      base.ampls.id,
      cluster(base),
      `/subscriptions/${SEED_SUBSCRIPTION}/resourceGroups/aks`,
      `/subscriptions/${SEED_SUBSCRIPTION}/resourceGroups/net/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com/A/global`,
    ];
    for (const target of targets) {
      rejects(
        edit((p) => {
          ofType(p, 'dataCollectionRuleAssociations').id = `${target}?${tail}`;
        }),
        'AMPL_PLANFILE_E0003',
        /\$\.actions\[\d+\]\.id: Malformed Azure resource id .*: it holds '\?'/,
      );
    }
  });

  test("'..' segments, '#', '%2F' and whitespace in ids: E0003", () => {
    const attacks: [(id: string) => string, RegExp][] = [
      [(id) => id.replace('/resourceGroups/aks/', '/resourceGroups/other/../aks/'), /'\.' or '\.\.' segment/],
      [(id) => `${id}#x`, /it holds '#'/],
      [(id) => id.replace(/\/configurationAccessEndpoint$/, '%2FconfigurationAccessEndpoint'), /it holds '%'/],
      [(id) => `${id} `, /whitespace/],
      [(id) => id.replace('aks', 'a\u0001ks'), /control character/],
    ];
    for (const [attack, message] of attacks) {
      rejects(
        edit((p) => {
          const association = ofType(p, 'dataCollectionRuleAssociations');
          association.id = attack(association.id);
        }),
        'AMPL_PLANFILE_E0003',
        message,
      );
    }
  });

  test('an apiVersion other than the one amplink uses for the type: E0004', () => {
    rejects(
      edit((p) => {
        ofType(p, 'dataCollectionEndpoints').apiVersion = '2024-03-11&x=1#';
      }),
      'AMPL_PLANFILE_E0004',
      /\$\.actions\[0\]\.apiVersion: amplink writes .* with api-version 2024-03-11 only/,
    );
  });

  test('a DCE body with properties the planner does not write: E0004', () => {
    rejects(
      edit((p) => {
        const properties = ofType(p, 'dataCollectionEndpoints').body['properties'] as Record<string, unknown>;
        properties['networkAcls'] = { publicNetworkAccess: 'Enabled' };
        properties['immutableId'] = 'x';
      }),
      'AMPL_PLANFILE_E0004',
      /\$\.actions\[0\]\.body\.properties: not the body the planner writes/,
    );
  });

  test('a dependency cycle: E0006 naming it; a dependency on no action: E0005', () => {
    rejects(
      edit((p) => {
        const [a, b] = p.actions as [PlanAction, PlanAction];
        a.dependsOn = [b.id];
        b.dependsOn = [a.id];
      }),
      'AMPL_PLANFILE_E0006',
      /wait for each other in a cycle \(.* -> .*\)/,
    );
    rejects(
      edit((p) => {
        (p.actions[0] as PlanAction).dependsOn = [`${base.ampls.id}/scopedResources/nowhere`];
      }),
      'AMPL_PLANFILE_E0005',
      /\$\.actions\[0\]\.dependsOn\[0\]: .* is not the id of an action in this plan/,
    );
  });

  test('a non-string or foreign linkedResourceId: a coded error, not "id.trim is not a function"', () => {
    for (const value of [42, { id: 'x' }, null]) {
      rejects(
        edit((p) => {
          (ofType(p, 'scopedResources').body['properties'] as Record<string, unknown>)['linkedResourceId'] = value;
        }),
        'AMPL_PLANFILE_E0004',
        /linkedResourceId: not the body the planner writes/,
      );
    }
    rejects(
      edit((p) => {
        (ofType(p, 'scopedResources').body['properties'] as Record<string, unknown>)['linkedResourceId'] = cluster(p);
      }),
      'AMPL_PLANFILE_E0004',
      /an AMPLS holds .* not a Microsoft\.ContainerService\/managedClusters/,
    );
  });

  test('a plan whose ampls.id names another AMPLS, or no AMPLS: E0004', () => {
    rejects(
      edit((p) => {
        p.ampls.id = base.ampls.id.replace('my-ampls', 'other-ampls');
      }),
      'AMPL_PLANFILE_E0004',
      /a link is written only under the plan's AMPLS/,
    );
    rejects(
      edit((p) => {
        p.ampls.id = `/subscriptions/${SEED_SUBSCRIPTION}/resourceGroups/aks`;
      }),
      'AMPL_PLANFILE_E0004',
      /\$\.ampls\.id: .* is not an AMPLS id/,
    );
  });

  test('permissions other than those the change needs (apply reads them before writing): E0004', () => {
    rejects(
      edit((p) => {
        const permission = ofType(p, 'scopedResources').permissions[0];
        if (permission) permission.scope = `/subscriptions/${SEED_SUBSCRIPTION}/resourceGroups/elsewhere`;
      }),
      'AMPL_PLANFILE_E0004',
      /\.permissions: the permissions are not the ones this change needs/,
    );
  });

  test('an association anywhere but on a cluster: E0004', () => {
    rejects(
      edit((p) => {
        ofType(p, 'dataCollectionRuleAssociations').id = `${base.ampls.id}${tail}`;
      }),
      'AMPL_PLANFILE_E0004',
      /only on an AKS or Arc-enabled cluster/,
    );
  });

  test('an edited summary is recomputed from the actions: "converged" with actions is not "nothing to change"', () => {
    const parsed = parsePlan(
      edit((p) => {
        p.summary.status = 'converged';
        p.summary.actions = { create: 0, update: 0, total: 0 };
      }),
    );
    assert.deepEqual(parsed.summary, base.summary);
    assert.equal(parsed.summary.status, 'changes');
    assert.doesNotMatch(formatPlanText(parsed), /nothing to change/);
  });
});
