import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAmplinkError } from '../src/model/errors.js';
import { parsePlan, readPlanFile } from '../src/plan/plan-file.js';
import { plan } from '../src/plan/planner.js';
import type { Plan } from '../src/plan/types.js';
import { World } from './support/world.js';

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
        id: scope,
        body: {
          location: 'global',
          properties: { accessModeSettings: { ingestionAccessMode: 'Open', queryAccessMode: 'Open' } },
        },
      });
    }),
    'AMPL_PLANFILE_E0004',
    /Microsoft\.Insights\/privateLinkScopes is not a type amplink writes/,
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
