import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyPlan } from '../src/apply/apply.js';
import { isAmplinkError } from '../src/model/errors.js';
import { parsePlan } from '../src/plan/plan-file.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan } from '../src/plan/types.js';
import { FAKE_ENDPOINT, recordingConnection, type RecordedRequest } from './support/recording-arm.js';
import { seedWorld, World } from './support/world.js';

type Json = Record<string, unknown>;

interface Base {
  name: string;
  resources: Json[];
  plan: Plan;
}

/** Real plans, made by the planner on test worlds: creates and updates of all three kinds. */
function bases(): Base[] {
  const made: Base[] = [];
  {
    const world = new World();
    const ampls = world.ampls();
    const amw = world.amw('aks-amw', 'eastus');
    const law = world.law('logs', 'eastus');
    const moved = world.cluster({ name: 'weu-1', region: 'westeurope', metricsTo: amw.id, logsTo: law });
    world.configuration(moved, amw.endpointId);
    world.cluster({ name: 'weu-2', region: 'westeurope', metricsTo: amw.id });
    world.cluster({
      name: 'arc-1',
      region: 'japaneast',
      kind: 'arc',
      metricsTo: amw.id,
      highLogScale: true,
      logsTo: law,
    });
    made.push({ name: 'regions', resources: world.resources, plan: plan(world.topology(), { amplsId: ampls }) });
  }
  {
    const { world, ampls, law } = seedWorld();
    const linkId = world.link(ampls, law);
    const link = world.resources.find((r) => r['id'] === linkId) as Json;
    link['properties'] = { ...(link['properties'] as Json), provisioningState: 'Failed' };
    made.push({
      name: 'seed, failed link',
      resources: world.resources,
      plan: plan(world.topology(), { amplsId: ampls }),
    });
  }
  for (const base of made) {
    const kinds = new Set(base.plan.actions.map((a) => `${a.kind} ${a.resourceType.split('/').pop() ?? ''}`));
    assert.ok(kinds.size >= 3, `${base.name}: ${[...kinds].join(', ')}`);
  }
  return made;
}

/** Counterexamples name the base and the mutation instead of printing whole worlds. */
const named = <T extends object>(value: T, name: string): T =>
  Object.assign(value, { [fc.toStringMethod]: () => name });

const BASES = bases().map((b) => named(b, b.name));

const API = new Map([
  ['microsoft.insights/datacollectionendpoints', '2024-03-11'],
  ['microsoft.insights/datacollectionruleassociations', '2024-03-11'],
  ['microsoft.insights/privatelinkscopes', '2021-09-01'],
  ['microsoft.insights/privatelinkscopes/scopedresources', '2021-09-01'],
  ['microsoft.authorization/permissions', '2022-04-01'],
]);

/** Every request apply sends for a plan the planner made (its reads, permission reads and writes), recorded once. */
async function plannedRequests(base: Base): Promise<Set<string>> {
  const { connection, sent } = recordingConnection(base.resources);
  await applyPlan(connection, base.plan, { concurrency: 4, checkPlannedState: true });
  return new Set(sent.map(key));
}

function key(request: RecordedRequest): string {
  return JSON.stringify([request.method, request.url.toLowerCase(), request.body ?? null]);
}

/** Segments as ARM ids have them: no reserved or blank character, no dot segment. */
const SAFE_SEGMENT = /^[\p{L}\p{N}\p{M}_\-.()]+$/u;

/**
 * The shapes of request the planner can make for some world with this AMPLS (any group, any cluster): used where a
 * mutation leaves a plan the planner could have made with other options or another world.
 */
function plannable(request: RecordedRequest, amplsKey: string): string | undefined {
  const parsed = new URL(request.url);
  if (parsed.origin !== FAKE_ENDPOINT) return 'another host';
  const raw = parsed.pathname.split('/').slice(1);
  const segments = raw.map(decodeURIComponent);
  if (!segments.every((s) => SAFE_SEGMENT.test(s) && s !== '.' && s !== '..')) return `path ${parsed.pathname}`;
  const lower = segments.map((s) => s.toLowerCase());
  const providers = lower.lastIndexOf('providers');
  const type = [lower[providers + 1], ...lower.slice(providers + 2).filter((_, i) => i % 2 === 0)].join('/');
  const query = [...parsed.searchParams];
  if (query.length !== 1 || query[0]?.[0] !== 'api-version' || query[0][1] !== API.get(type))
    return `query ${parsed.search}`;
  const path = '/' + lower.join('/');
  if (type === 'microsoft.authorization/permissions') {
    return request.method === 'GET' ? undefined : 'permissions';
  }
  if (type === 'microsoft.insights/privatelinkscopes')
    return request.method === 'GET' && path === amplsKey ? undefined : 'AMPLS';
  if (request.method === 'GET') return undefined;
  if (request.method !== 'PUT') return request.method;
  const body = request.body as Json;
  const properties = body['properties'] as Json;
  const keys = (o: Json) => Object.keys(o).sort().join(',');
  if (type === 'microsoft.insights/datacollectionendpoints') {
    return keys(body) === 'location,properties,tags' && keys(properties) === 'description,networkAcls'
      ? undefined
      : 'DCE body';
  }
  if (type === 'microsoft.insights/datacollectionruleassociations') {
    const onCluster =
      /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/(microsoft\.containerservice\/managedclusters|microsoft\.kubernetes\/connectedclusters)\/[^/]+\/providers\/microsoft\.insights\/datacollectionruleassociations\/configurationaccessendpoint$/;
    const endpoint = String(properties['dataCollectionEndpointId']).toLowerCase();
    return onCluster.test(path) &&
      keys(properties) === 'dataCollectionEndpointId,description' &&
      /\/providers\/microsoft\.insights\/datacollectionendpoints\/[^/]+$/.test(endpoint)
      ? undefined
      : 'association';
  }
  if (type === 'microsoft.insights/privatelinkscopes/scopedresources') {
    const linked = properties['linkedResourceId'];
    return path.startsWith(`${amplsKey}/scopedresources/`) &&
      path.split('/').length === amplsKey.split('/').length + 2 &&
      keys(properties) === 'linkedResourceId' &&
      typeof linked === 'string' &&
      /\/providers\/microsoft\.(operationalinsights\/workspaces|insights\/datacollectionendpoints|insights\/components)\/[^/]+$/i.test(
        linked,
      )
      ? undefined
      : 'link';
  }
  return `type ${type}`;
}

type Expect = 'refused' | 'as-planned' | 'plannable';
interface Mutation {
  label: string;
  expect: Expect;
  apply: (p: Json, rng: { pick: <T>(list: readonly T[]) => T; text: string }) => void;
}

const actionsOf = (p: Json) => p['actions'] as Json[];
const ofType = (p: Json, suffix: string) => actionsOf(p).filter((a) => String(a['resourceType']).endsWith(suffix));
const AMPLS_OTHER =
  '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/other/providers/Microsoft.Insights/privateLinkScopes/other-ampls';

const ID_ATTACKS: ((id: string, ampls: string) => string)[] = [
  (_id, ampls) => `${ampls}?/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`,
  (id) => `${id}?x=1`,
  (id) => id.replace(/\/providers\//, '?/providers/'),
  (id) => `${id}#fragment`,
  (id) => id.replace(/\/([^/]+)$/, '%2F$1'),
  (id) => id.replace(/\/providers\//, '/x/../providers/'),
  (id) => id.replace(/resourceGroups\/[^/]+/i, 'resourceGroups/other/../$&'),
  (id) => `${id}/.`,
  (id) => ` ${id}`,
  (id) => `${id} `,
  (id) => id.replace(/\/([^/]+)$/, '/$1\tx'),
  (id) => id.replace(/\/([^/]+)$/, '/$1\u0000'),
  (id) => id.replace(/\/([^/]+)$/, '/$1\nx'),
  (id) => id.replace('/', '//'),
  (id) => `${id}/`,
  (id) => id.replace(/\/([^/]+)$/, '/$1%00'),
];

const MUTATIONS: Mutation[] = [
  {
    label: 'an id attacked',
    expect: 'refused',
    apply: (p, r) => {
      const action = r.pick(actionsOf(p));
      action['id'] = r.pick(ID_ATTACKS)(String(action['id']), String((p['ampls'] as Json)['id']));
    },
  },
  {
    label: 'a linkedResourceId or dataCollectionEndpointId attacked',
    expect: 'refused',
    apply: (p, r) => {
      const action = r.pick(actionsOf(p).filter((a) => !String(a['resourceType']).endsWith('dataCollectionEndpoints')));
      const properties = (action['body'] as Json)['properties'] as Json;
      const field = 'linkedResourceId' in properties ? 'linkedResourceId' : 'dataCollectionEndpointId';
      properties[field] = r.pick(ID_ATTACKS)(String(properties[field]), String((p['ampls'] as Json)['id']));
    },
  },
  {
    label: 'the AMPLS id attacked',
    expect: 'refused',
    apply: (p, r) => {
      const ampls = p['ampls'] as Json;
      ampls['id'] = r.pick(ID_ATTACKS)(String(ampls['id']), String(ampls['id']));
    },
  },
  {
    label: 'a resourceType changed',
    expect: 'refused',
    apply: (p, r) => {
      const action = r.pick(actionsOf(p));
      const types = [
        'Microsoft.Insights/privateLinkScopes',
        'Microsoft.Insights/dataCollectionEndpoints',
        'Microsoft.Insights/dataCollectionRuleAssociations',
        'Microsoft.Insights/privateLinkScopes/scopedResources',
        'Microsoft.ContainerService/managedClusters',
        'Microsoft.Resources/resourceGroups',
        'microsoft.insights/privatelinkscopes/scopedresources',
        r.text,
      ].filter((t) => t !== action['resourceType']);
      action['resourceType'] = r.pick(types);
    },
  },
  {
    label: 'an apiVersion changed',
    expect: 'refused',
    apply: (p, r) => {
      const action = r.pick(actionsOf(p));
      const version = String(action['apiVersion']);
      action['apiVersion'] = r.pick([
        `${version}&x=1#`,
        `${version}-preview`,
        '2015-01-01',
        `${version} `,
        r.text || 'x',
      ]);
    },
  },
  {
    label: 'an extra property in a body',
    expect: 'refused',
    apply: (p, r) => {
      const body = r.pick(actionsOf(p))['body'] as Json;
      const where = r.pick([body, body['properties'] as Json]);
      const name = r.pick([
        'publicNetworkAccess',
        'accessModeSettings',
        'kind',
        'etag',
        'identity',
        'sku',
        `x${r.text}`,
      ]);
      if (!(name in where)) where[name] = r.pick([{ any: 'thing' }, 'Enabled', 1, null]);
      else where[`${name}2`] = 1;
    },
  },
  {
    label: 'a DCE body with other network settings or a foreign description',
    expect: 'refused',
    apply: (p, r) => {
      const dce = r.pick(ofType(p, 'dataCollectionEndpoints'));
      const properties = (dce['body'] as Json)['properties'] as Json;
      r.pick([
        () => (properties['networkAcls'] = { publicNetworkAccess: 'Enabled', ipRules: ['0.0.0.0/0'] }),
        () => (properties['description'] = r.text),
        () => ((dce['body'] as Json)['location'] = 'West Europe'),
        () => ((dce['body'] as Json)['tags'] = {}),
        () => (dce['kind'] = 'update'),
      ])();
    },
  },
  {
    label: 'a linkedResourceId of another type, or not a string',
    expect: 'refused',
    apply: (p, r) => {
      const link = r.pick(ofType(p, 'scopedResources'));
      const properties = (link['body'] as Json)['properties'] as Json;
      const cluster = String(ofType(p, 'dataCollectionRuleAssociations')[0]?.['id'] ?? '').split(
        '/providers/Microsoft.Insights',
      )[0];
      properties['linkedResourceId'] = r.pick([
        cluster,
        String((p['ampls'] as Json)['id']),
        '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/g',
        '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/g/providers/Microsoft.Insights/dataCollectionRules/r',
        '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/g/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com/A/x',
        42,
        { id: 'x' },
        ['/subscriptions/x'],
        null,
      ]);
    },
  },
  {
    label: 'an association moved off its cluster or renamed',
    expect: 'refused',
    apply: (p, r) => {
      const association = r.pick(ofType(p, 'dataCollectionRuleAssociations'));
      const id = String(association['id']);
      const ampls = String((p['ampls'] as Json)['id']);
      const tail = '/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint';
      association['id'] = r.pick([
        `${ampls}${tail}`,
        `/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/aks${tail}`,
        `/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930${tail}`,
        id.replace(/configurationAccessEndpoint$/, 'ContainerInsightsExtension'),
      ]);
    },
  },
  {
    label: 'a link under another AMPLS, or the plan naming another AMPLS',
    expect: 'refused',
    apply: (p, r) => {
      const ampls = p['ampls'] as Json;
      if (r.pick([true, false])) {
        ampls['id'] = r.pick([AMPLS_OTHER, '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/g']);
      } else {
        const link = r.pick(ofType(p, 'scopedResources'));
        link['id'] = `${AMPLS_OTHER}/scopedResources/${String(link['id']).split('/').pop() ?? ''}`;
      }
    },
  },
  {
    label: 'dependsOn naming no action, or in a cycle',
    expect: 'refused',
    apply: (p, r) => {
      const actions = actionsOf(p);
      const a = r.pick(actions);
      const b = r.pick(actions);
      r.pick([
        () => (a['dependsOn'] = [...(a['dependsOn'] as string[]), `${AMPLS_OTHER}/scopedResources/nowhere`]),
        () => (a['dependsOn'] = [...(a['dependsOn'] as string[]), a['id']]),
        () => {
          a['dependsOn'] = [...(a['dependsOn'] as string[]), b['id']];
          b['dependsOn'] = [...(b['dependsOn'] as string[]), a['id']];
        },
        () => {
          const chain = actions.slice(0, 3);
          chain.forEach((c, i) => (c['dependsOn'] = [chain[(i + 1) % chain.length]?.['id']]));
        },
      ])();
    },
  },
  {
    label: 'permissions naming other scopes or actions',
    expect: 'refused',
    apply: (p, r) => {
      const permission = r.pick(r.pick(actionsOf(p))['permissions'] as Json[]);
      r.pick([
        () => (permission['scope'] = `/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/other`),
        () => (permission['scope'] = r.pick(ID_ATTACKS)(String(permission['scope']), String(permission['scope']))),
        () => (permission['action'] = 'Microsoft.Authorization/roleAssignments/write'),
      ])();
    },
  },
  {
    label: 'the summary, reasons and findings edited',
    expect: 'as-planned',
    apply: (p, r) => {
      const summary = p['summary'] as Json;
      summary['status'] = r.pick(['converged', 'blocked', 'changes']);
      summary['actions'] = { create: 0, update: 0, total: 0 };
      summary['findings'] = { error: 3, warning: 0, info: 0 };
      summary['regions'] = (summary['regions'] as Json[]).map((g) => ({ ...g, create: 0, update: 99 }));
      for (const action of actionsOf(p)) action['reason'] = r.text;
    },
  },
  {
    label: 'a target moved to another group or subscription',
    expect: 'plannable',
    apply: (p, r) => {
      const action = r.pick(actionsOf(p));
      const move = (id: string) =>
        r.pick([
          id.replace(/resourceGroups\/[^/]+/i, 'resourceGroups/other-group'),
          id.replace(/subscriptions\/[^/]+/i, 'subscriptions/00000000-0000-0000-0000-000000000009'),
        ]);
      action['id'] = move(String(action['id']));
      const properties = (action['body'] as Json)['properties'] as Json;
      for (const field of ['linkedResourceId', 'dataCollectionEndpointId']) {
        if (typeof properties[field] === 'string') properties[field] = move(properties[field]);
      }
    },
  },
];

interface Run {
  refused?: { code: string; message: string };
  sent: RecordedRequest[];
  parsed?: Plan;
}

async function applyFile(base: Base, text: string): Promise<Run> {
  const { connection, sent } = recordingConnection(base.resources);
  let parsed: Plan;
  try {
    parsed = parsePlan(text, 'plan.json');
  } catch (error) {
    assert.ok(isAmplinkError(error), `a refusal is a coded error, not ${String(error)}`);
    // A message may quote the input as it is: only words the file does not hold betray a bug in the message.
    const slips = ['is not a function', 'undefined', '[object Object]'].filter((w) => !text.includes(w));
    for (const slip of slips) assert.ok(!error.message.includes(slip), `${slip} in: ${error.message}`);
    return { refused: { code: error.code, message: error.message }, sent };
  }
  try {
    await applyPlan(connection, parsed, { concurrency: 4, checkPlannedState: true });
  } catch (error) {
    assert.ok(isAmplinkError(error), `apply refuses with a coded error, not ${String(error)}`);
    return { refused: { code: error.code, message: error.message }, sent, parsed };
  }
  return { sent, parsed };
}

const mutationArbitrary = fc.record({
  base: fc.constantFrom(...BASES),
  mutation: fc.constantFrom(...MUTATIONS.map((m) => named(m, m.label))),
  seed: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  text: fc.string({ maxLength: 12 }),
});

function mutate(base: Base, mutation: Mutation, seed: number[], text: string): string | undefined {
  const copy = structuredClone(base.plan) as unknown as Json;
  let i = 0;
  const pick = <T>(list: readonly T[]): T => {
    const value = list[(seed[i++ % seed.length] ?? 0) % list.length];
    if (value === undefined) throw new Error('empty choice');
    return value;
  };
  try {
    mutation.apply(copy, { pick, text });
  } catch (error) {
    // An earlier mutation may have left nothing of the kind this one edits.
    if ((error as Error).message !== 'empty choice') throw error;
    return undefined;
  }
  return JSON.stringify(copy);
}

describe('plan files are untrusted input (fast-check over mutated real plans)', () => {
  test('the unmutated plans apply with exactly the requests the planner made', async () => {
    for (const base of BASES) {
      const run = await applyFile(base, JSON.stringify(base.plan));
      assert.equal(run.refused, undefined, run.refused?.message);
      const planned = await plannedRequests(base);
      assert.ok(run.sent.filter((r) => r.method === 'PUT').length === base.plan.actions.length);
      assert.ok(run.sent.some((r) => r.url.includes('/providers/Microsoft.Authorization/permissions?')));
      for (const request of run.sent) assert.ok(planned.has(key(request)), key(request));
    }
  });

  test('every mutation is refused with a coded error before any request, or sends only what the planner could', async () => {
    await fc.assert(
      fc.asyncProperty(mutationArbitrary, async ({ base, mutation, seed, text }) => {
        const file = mutate(base, mutation, seed, text);
        // Some attacks leave some ids as they were (nothing to replace): those runs prove nothing.
        fc.pre(file !== undefined && file !== JSON.stringify(base.plan));
        const run = await applyFile(base, file);
        const amplsKey = base.plan.ampls.id.toLowerCase();
        if (mutation.expect === 'refused') {
          assert.ok(run.refused, `${mutation.label} must be refused: ${file}`);
          assert.match(run.refused.code, /^AMPL_(PLANFILE|APPLY)_E\d{4}$/);
          assert.equal(run.sent.filter((r) => r.method !== 'GET').length, 0, 'a refused plan writes nothing');
          if (run.parsed === undefined) assert.equal(run.sent.length, 0, 'refused before the first request');
          return;
        }
        if (mutation.expect === 'as-planned') {
          assert.equal(run.refused, undefined, run.refused?.message);
          assert.equal(run.parsed?.summary.status, 'changes', 'the summary is recomputed, never read');
          assert.deepEqual(run.parsed?.summary, base.plan.summary);
          const planned = await plannedRequests(base);
          for (const request of run.sent) assert.ok(planned.has(key(request)), key(request));
          return;
        }
        for (const request of run.sent) {
          const problem = plannable(request, amplsKey);
          assert.equal(problem, undefined, `${mutation.label}: ${key(request)}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('several mutations at once: refused with a coded error, or only plannable requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BASES),
        fc.array(
          fc.record({
            mutation: fc.constantFrom(...MUTATIONS.map((m) => named(m, m.label))),
            seed: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
          }),
          {
            minLength: 2,
            maxLength: 4,
          },
        ),
        fc.string({ maxLength: 12 }),
        async (base, steps, text) => {
          let current: Base = base;
          let file = JSON.stringify(base.plan);
          for (const step of steps) {
            file = mutate(current, step.mutation, step.seed, text) ?? file;
            current = { ...current, plan: JSON.parse(file) as Plan };
          }
          const run = await applyFile(base, file);
          if (run.refused) {
            assert.equal(run.sent.filter((r) => r.method !== 'GET').length, 0);
            return;
          }
          for (const request of run.sent) {
            assert.equal(plannable(request, base.plan.ampls.id.toLowerCase()), undefined, key(request));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
