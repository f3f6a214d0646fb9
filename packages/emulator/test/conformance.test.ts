// Conformance with the REST API specs (public files of Azure/azure-rest-api-specs, beside the repository in
// ../shared/rest-api-specs and never copied into it; see rest-api-specs.ts): every example request is accepted, and every
// response has the example's shape and validates against the spec schema. Without the files the suite is one skipped
// test, whose reason `npm test` repeats in its closing lines.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it, test } from 'node:test';
import { Ajv } from 'ajv';
import type { RunningEmulator } from '../src/index.js';
import { call, startTestEmulator, testFleet, OWNER } from './helpers.js';
import { loadSchemas, missingSpecs, REST_API_SPECS } from './rest-api-specs.js';

const SPECS = join(REST_API_SPECS, 'specification');
const MONITOR = join(SPECS, 'monitor/resource-manager');
const SPEC_FILES = [
  'Microsoft.Insights/stable/2024-03-11/dataCollectionEndpoints_API.json',
  'Microsoft.Insights/stable/2024-03-11/dataCollectionRules_API.json',
  'Microsoft.Insights/stable/2024-03-11/dataCollectionRuleAssociations_API.json',
  'Microsoft.Insights/stable/2021-09-01/privateLinkScopes_API.json',
  'Microsoft.Monitor/stable/2023-04-03/monitoringAccounts_API.json',
].map((f) => join(MONITOR, f));

type Json = Record<string, unknown>;
interface Example {
  file: string;
  method: string;
  template: string;
  parameters: Json;
  responses: Record<string, { body?: unknown }>;
  bodyParameter: string | undefined;
  schemas: Record<string, string | undefined>;
  specFile: string;
}

const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

function examplesOf(specFile: string): Example[] {
  const spec = readJson(specFile);
  const out: Example[] = [];
  for (const [template, ops] of Object.entries(spec['paths'] as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(ops)) {
      if (method === 'parameters') continue;
      const refs = Object.values((op['x-ms-examples'] ?? {}) as Record<string, { $ref: string }>);
      const bodyParam = ((op['parameters'] ?? []) as Json[]).find((p) => p['in'] === 'body');
      const schemas: Record<string, string | undefined> = {};
      for (const [status, r] of Object.entries(op['responses'] as Record<string, Json>)) {
        schemas[status] = (r['schema'] as Json | undefined)?.['$ref'] as string | undefined;
      }
      for (const ref of refs) {
        const file = resolve(dirname(specFile), ref.$ref);
        if (!existsSync(file)) continue;
        const ex = readJson(file);
        out.push({
          file,
          method: method.toUpperCase(),
          template,
          parameters: ex['parameters'] as Json,
          responses: ex['responses'] as Record<string, { body?: unknown }>,
          bodyParameter: bodyParam?.['name'] as string | undefined,
          schemas,
          specFile,
        });
      }
    }
  }
  // Writes first, so that reads find what they read.
  const order = { PUT: 0, PATCH: 1, GET: 2, DELETE: 3 } as Record<string, number>;
  return out.sort((a, b) => (order[a.method] ?? 9) - (order[b.method] ?? 9));
}

function urlOf(ex: Example): string {
  let path = ex.template;
  for (const [k, v] of Object.entries(ex.parameters)) {
    if (typeof v === 'string')
      path = path.replace(`{${k}}`, k === 'resourceUri' ? v.replace(/^\//, '') : encodeURIComponent(v));
  }
  return `${path}?api-version=${String(ex.parameters['api-version'])}`;
}

const ARM_ID = /^\/?subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/i;

function idsIn(node: unknown, out: Set<string>): Set<string> {
  if (typeof node === 'string' && ARM_ID.test(node)) out.add(node.startsWith('/') ? node : `/${node}`);
  else if (Array.isArray(node)) node.forEach((n) => idsIn(n, out));
  else if (node && typeof node === 'object') Object.values(node).forEach((n) => idsIn(n, out));
  return out;
}

const subscriptionsOf = (examples: Example[]): string[] => [
  ...new Set(
    examples.flatMap((e) =>
      [...JSON.stringify(e.parameters).matchAll(/subscriptions\/([0-9a-f-]{36})/gi)]
        .map((m) => m[1] ?? '')
        .concat(typeof e.parameters['subscriptionId'] === 'string' ? [e.parameters['subscriptionId']] : []),
    ),
  ),
];

const MINIMAL_API: Record<string, string> = {
  'microsoft.insights/datacollectionendpoints': '2024-03-11',
  'microsoft.insights/datacollectionrules': '2024-03-11',
  'microsoft.operationalinsights/workspaces': '2022-10-01',
  'microsoft.insights/components': '2020-02-02',
  'microsoft.compute/virtualmachines': '2024-03-01',
  'microsoft.monitor/accounts': '2023-04-03',
  'microsoft.insights/privatelinkscopes': '2021-09-01',
};

const SUITE = 'conformance with the REST API spec examples';
const notHere = missingSpecs(SPEC_FILES);
if (notHere !== undefined) test(SUITE, { skip: notHere }, () => undefined);
else
  describe(SUITE, () => {
    const examples = SPEC_FILES.flatMap(examplesOf);
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    let emu: RunningEmulator;

    before(async () => {
      const seen = new Set<string>();
      SPEC_FILES.forEach((f) => loadSchemas(ajv, f, seen));
      const subs = subscriptionsOf(examples);
      emu = await startTestEmulator({
        lroDelayMs: 0,
        fleet: testFleet({
          subscriptions: subs.map((s) => ({ subscriptionId: s, displayName: s })),
          resourceGroups: [],
          roleAssignments: subs.map((s) => ({
            principalObjectId: OWNER,
            role: 'Owner' as const,
            scope: `/subscriptions/${s}`,
          })),
        }),
      });
    });
    after(async () => emu.stop());

    /** Creates the group and every resource an example refers to, so that the example request itself is what is tested. */
    async function ensurePrerequisites(ex: Example): Promise<void> {
      const ids = idsIn(ex.parameters, new Set());
      // A list under a resource ({dceId}/associations) needs that resource.
      if (ex.template.endsWith('/associations'))
        ids.add(
          urlOf(ex)
            .split('?')[0]
            ?.replace(/\/associations$/, '') ?? '',
        );
      const sub = ex.parameters['subscriptionId'];
      const group = ex.parameters['resourceGroupName'];
      const groups = new Set<string>([...ids].map((id) => id.split('/providers/')[0] ?? ''));
      if (typeof sub === 'string' && typeof group === 'string')
        groups.add(`/subscriptions/${sub}/resourceGroups/${group}`);
      for (const g of groups) await call(emu, 'PUT', `${g}?api-version=2021-04-01`, { body: { location: 'eastus' } });
      for (const id of ids) {
        const type = (id.split('/providers/')[1] ?? '')
          .split('/')
          .filter((_s, i) => i < 2)
          .join('/')
          .toLowerCase();
        const api = MINIMAL_API[type];
        if (api === undefined) continue;
        const exists = await call(emu, 'GET', `${id}?api-version=${api}`);
        if (exists.status === 200) continue;
        const body =
          type === 'microsoft.insights/privatelinkscopes'
            ? {
                location: 'global',
                properties: { accessModeSettings: { queryAccessMode: 'Open', ingestionAccessMode: 'Open' } },
              }
            : { location: 'eastus' };
        const made = await call(emu, 'PUT', `${id}?api-version=${api}`, { body });
        assert.ok(made.status < 300, `prerequisite ${id}: ${JSON.stringify(made.body)}`);
      }
    }

    it('finds the examples beside the repository', () => {
      assert.ok(examples.length >= 30, `found ${examples.length} examples under ${SPECS}`);
    });

    for (const ex of examplesOf.length ? examples : []) {
      const name = `${ex.method} ${ex.file.split('/examples/')[1] ?? ex.file}`;
      it(`${name} is accepted and answers the example's shape and schema`, async () => {
        await ensurePrerequisites(ex);
        const path = urlOf(ex);
        if (ex.method !== 'PUT') {
          // The example's own resource must exist for GET/PATCH/DELETE: make it from the spec's PUT of the same path.
          const put = examples.find(
            (e) => e.method === 'PUT' && e.template === ex.template && e.specFile === ex.specFile,
          );
          if (put && !ex.template.endsWith('}') === false) {
            const existing = await call(
              emu,
              'GET',
              path.replace(/api-version=[^&]+/, `api-version=${String(put.parameters['api-version'])}`),
            );
            if (existing.status === 404)
              await call(emu, 'PUT', urlOf({ ...put, parameters: { ...put.parameters, ...ex.parameters } }), {
                body: put.bodyParameter ? put.parameters[put.bodyParameter] : {},
              });
          }
        }
        const body = ex.bodyParameter ? ex.parameters[ex.bodyParameter] : undefined;
        const res = await call(emu, ex.method, path, body === undefined ? {} : { body });
        const expected = Object.keys(ex.responses).map(Number);
        const okStatuses = ex.method === 'PUT' ? [200, 201, 202] : ex.method === 'DELETE' ? [200, 202, 204] : expected;
        assert.ok(okStatuses.includes(res.status), `${name}: status ${res.status} ${JSON.stringify(res.body)}`);
        const exampleBody = (ex.responses[String(res.status)] ?? ex.responses['200'] ?? ex.responses['201'])?.body;
        if (res.body === undefined || exampleBody === undefined) return;
        const ours = res.body as Json;
        const theirs = exampleBody as Json;
        // Shape: the example's top-level fields are there (tags only when sent; list pages may or may not need nextLink).
        for (const key of Object.keys(theirs)) {
          if (['tags', 'nextLink', 'kind', 'identity'].includes(key)) continue;
          assert.ok(key in ours, `${name}: response lacks '${key}'`);
        }
        if (typeof theirs['type'] === 'string')
          assert.equal(String(ours['type']).toLowerCase(), theirs['type'].toLowerCase());
        const schemaRef = ex.schemas[String(res.status)] ?? ex.schemas['200'];
        if (schemaRef === undefined) return;
        const [file = '', pointer = ''] = schemaRef.split('#');
        const schemaId = pathToFileURL(file === '' ? ex.specFile : resolve(dirname(ex.specFile), file)).href;
        const validate = ajv.getSchema(`${schemaId}#${pointer}`);
        assert.ok(validate, `schema ${schemaRef}`);
        assert.ok(validate(ours), `${name}: ${ajv.errorsText(validate.errors)}`);
      });
    }
  });
