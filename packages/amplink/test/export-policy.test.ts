import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import Ajv from 'ajv-draft-04';
import { runCli } from '../src/cli/program.js';
import { armUnescaped as unescaped } from './support/az-on-emulator.js';
import { World } from './support/world.js';

const SCHEMAS = new URL('../../../../shared/rest-api-specs/schemas/', import.meta.url);
const POLICY_SPEC = new URL(
  '../../../../shared/rest-api-specs/specification/resources/resource-manager/Microsoft.Authorization/policy/stable/2025-11-01/openapi.json',
  import.meta.url,
);

interface SpecSchema {
  $ref?: string;
  properties?: Record<string, SpecSchema>;
  additionalProperties?: SpecSchema | boolean;
  items?: SpecSchema;
  readOnly?: boolean;
}

/**
 * What the spec's schemas leave open: the keys a body sets that the spec does not declare (Azure ignores or refuses
 * them), and the read-only ones (set by Azure, never by the caller), anywhere below the schema.
 */
function undeclared(definitions: Record<string, SpecSchema>, schema: SpecSchema, value: unknown, at: string): string[] {
  const resolved = schema.$ref === undefined ? schema : (definitions[schema.$ref.replace('#/definitions/', '')] ?? {});
  if (Array.isArray(value)) {
    const items = resolved.items;
    return items === undefined ? [] : value.flatMap((v, i) => undeclared(definitions, items, v, `${at}[${i}]`));
  }
  if (value === null || typeof value !== 'object') return [];
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const declared = resolved.properties?.[key];
    const open = resolved.additionalProperties;
    if (declared !== undefined) {
      if (declared.readOnly === true) problems.push(`${at}.${key} is read-only`);
      problems.push(...undeclared(definitions, declared, child, `${at}.${key}`));
    } else if (typeof open === 'object') {
      problems.push(...undeclared(definitions, open, child, `${at}.${key}`));
    } else if (resolved.properties !== undefined && open !== true) {
      problems.push(`${at}.${key} is not in the spec`);
    }
  }
  return problems;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

interface Template {
  resources: { type: string; name: string; properties: Record<string, unknown>; identity?: unknown }[];
}

/** Clusters in two regions; eastus has the workspace's DCE in the AMPLS, westeurope needs a new configuration DCE. */
async function exported(): Promise<{
  dir: string;
  template: Template;
  script: string;
  bicep: string;
  ampls: string;
  world: World;
}> {
  const world = new World();
  const ampls = world.ampls();
  const amw = world.amw('aks-amw', 'eastus');
  const law = world.law('logs', 'eastus');
  world.cluster({ name: 'east-1', region: 'eastus', metricsTo: amw.id, logsTo: law });
  world.cluster({ name: 'weu-1', region: 'westeurope', metricsTo: amw.id, logsTo: law });
  world.cluster({ name: 'weu-2', region: 'westeurope', metricsTo: amw.id });
  const dir = await mkdtemp(join(tmpdir(), 'amplink-policy-'));
  const snapshot = join(dir, 'snapshot.json');
  await writeFile(snapshot, world.snapshotText());
  const out = join(dir, 'policy');
  const run = await cli(['export', '--format', 'policy', '--snapshot', snapshot, '--ampls', ampls, '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  const template = JSON.parse(await readFile(join(out, 'policy.json'), 'utf8')) as Template;
  const script = await readFile(join(out, 'policy.sh'), 'utf8');
  return { dir, template, script, bicep: await readFile(join(out, 'policy.bicep'), 'utf8'), ampls, world };
}

describe('export --format policy', () => {
  test('the association policy deploys each region its DCE from the plan and accepts any DCE of the AMPLS there', async () => {
    const { template } = await exported();
    const assignment = template.resources.find((r) => r.type === 'Microsoft.Authorization/policyAssignments');
    assert.ok(assignment);
    assert.deepEqual(assignment.identity, { type: 'SystemAssigned' });
    const parameters = unescaped(assignment.properties['parameters']) as Record<string, { value: unknown }>;
    const deploy = parameters['configurationEndpoints']?.value as Record<string, string>;
    assert.deepEqual(Object.keys(deploy).sort(), ['eastus', 'westeurope']);
    // westeurope's DCE is the one the plan creates; eastus uses the workspace's own DCE (rule 1).
    assert.match(deploy['westeurope'] ?? '', /\/dataCollectionEndpoints\/amplink-config-westeurope$/);
    assert.match(deploy['eastus'] ?? '', /\/dataCollectionEndpoints\/aks-amw$/i);
    const accepted = parameters['acceptedEndpoints']?.value as Record<string, string[]>;
    assert.ok(accepted['westeurope']?.includes(deploy['westeurope'] ?? ''));
    assert.deepEqual(parameters['regions']?.value, ['eastus', 'westeurope']);
    const role = template.resources.find((r) => r.type === 'Microsoft.Authorization/roleAssignments');
    assert.match(String(role?.properties['roleDefinitionId']), /749f88d5-cbae-40b8-bcfc-e573ddc772fa/);
  });

  const noSchemas = existsSync(SCHEMAS) ? false : '../shared/rest-api-specs is not beside this clone';
  test('every policy rule validates against the policy definition schema', { skip: noSchemas }, async () => {
    const { template } = await exported();
    const ajv = new Ajv({ strict: false, allErrors: true });
    for (const file of ['common/definitions.json', '2020-10-01/policyDefinition.json']) {
      ajv.addSchema(JSON.parse(await readFile(new URL(file, SCHEMAS), 'utf8')) as object);
    }
    // The schema refers to Microsoft.Resources.json's DeploymentProperties, which SOURCES.md says was not copied: a
    // stand-in with the fields a deployment must have keeps that part checked too.
    ajv.addSchema({
      id: 'https://schema.management.azure.com/schemas/2018-05-01/Microsoft.Resources.json#',
      definitions: {
        DeploymentProperties: {
          type: 'object',
          required: ['mode', 'template'],
          properties: { mode: { enum: ['incremental', 'Incremental'] }, template: { type: 'object' } },
        },
      },
    });
    const validate = ajv.getSchema('https://schema.management.azure.com/schemas/2020-10-01/policyDefinition.json#');
    assert.ok(validate);
    const definitions = template.resources.filter((r) => r.type === 'Microsoft.Authorization/policyDefinitions');
    assert.equal(definitions.length, 4);
    for (const definition of definitions) {
      const rule = unescaped(definition.properties['policyRule']);
      assert.equal(validate(rule), true, `${definition.name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    // And a rule the schema must refuse, so the check above can fail.
    assert.equal(validate({ if: { field: 'type' }, then: { effect: 'explode' } }), false);
  });

  const noPolicySpec = existsSync(POLICY_SPEC) ? false : '../shared/rest-api-specs is not beside this clone';
  test('definitions, initiative and assignment match the 2025-11-01 policy spec', { skip: noPolicySpec }, async () => {
    const { template } = await exported();
    const spec = JSON.parse(await readFile(POLICY_SPEC, 'utf8')) as { definitions: Record<string, SpecSchema> };
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ id: 'policy-2025-11-01', definitions: spec.definitions });
    const schemaOf = {
      'Microsoft.Authorization/policyDefinitions': 'PolicyDefinitionProperties',
      'Microsoft.Authorization/policySetDefinitions': 'PolicySetDefinitionProperties',
      'Microsoft.Authorization/policyAssignments': 'PolicyAssignmentProperties',
    } as Record<string, string>;
    const checked = template.resources.filter((r) => schemaOf[r.type] !== undefined);
    assert.deepEqual(checked.map((r) => r.type.split('/')[1]).sort(), [
      'policyAssignments',
      'policyDefinitions',
      'policyDefinitions',
      'policyDefinitions',
      'policyDefinitions',
      'policySetDefinitions',
    ]);
    for (const resource of checked) {
      const name = schemaOf[resource.type] ?? '';
      // ARM resolves the deployment's own expressions (the definition ids); the rest reaches Azure as written.
      const body = unescaped(resource.properties);
      const validate = ajv.getSchema(`policy-2025-11-01#/definitions/${name}`);
      assert.ok(validate);
      assert.equal(validate(body), true, `${resource.name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      assert.deepEqual(undeclared(spec.definitions, { $ref: `#/definitions/${name}` }, body, resource.name), []);
    }
    // The checks can fail: a wrong parameter type, and a key the spec does not have.
    const definition = unescaped(checked[0]?.properties) as Record<string, unknown>;
    const wrong = { ...definition, parameters: { effect: { type: 'Text' } } };
    assert.equal(ajv.getSchema('policy-2025-11-01#/definitions/PolicyDefinitionProperties')?.(wrong), false);
    const extra = { ...definition, enforcement: 'Default' };
    assert.deepEqual(undeclared(spec.definitions, { $ref: '#/definitions/PolicyDefinitionProperties' }, extra, 'x'), [
      'x.enforcement is not in the spec',
    ]);
  });

  test('the AMPLS audit looks in this AMPLS for a scoped resource linking the evaluated DCE or workspace', async () => {
    const { template, ampls } = await exported();
    const definition = template.resources.find((r) => r.name === 'amplink-monitor-resources-in-ampls');
    assert.ok(definition);
    const properties = unescaped(definition.properties) as {
      parameters: { effect: { allowedValues: string[] } };
      policyRule: { if: unknown; then: { details: Record<string, unknown> } };
    };
    assert.deepEqual(properties.parameters.effect.allowedValues, ['AuditIfNotExists', 'Disabled']);
    const details = properties.policyRule.then.details;
    assert.equal(details['type'], 'Microsoft.Insights/privateLinkScopes/scopedResources');
    assert.deepEqual(details['existenceCondition'], {
      field: 'Microsoft.Insights/privateLinkScopes/scopedResources/linkedResourceId',
      equals: "[field('id')]",
    });
    // The AMPLS id splits into what the related-resource lookup needs (segments 2, 4 and 8, as the rule indexes it).
    const segments = ampls.split('/');
    assert.match(String(details['name']), /split\(parameters\('privateLinkScopeId'\), '\/'\)\[8\]/);
    assert.equal(segments[7], 'privateLinkScopes');
    assert.match(String(details['resourceGroupName']), /\[4\]\]$/);
    assert.equal(segments[3], 'resourceGroups');
    const assignment = template.resources.find((r) => r.type === 'Microsoft.Authorization/policyAssignments');
    const values = unescaped(assignment?.properties['parameters']) as Record<string, { value: unknown }>;
    assert.equal(values['privateLinkScopeId']?.value, ampls);
  });

  test('policy.bicep deploys the same resources at subscription scope, policy expressions as literal strings', async () => {
    const { template, bicep } = await exported();
    assert.match(bicep, /^targetScope = 'subscription'$/m);
    const declared = [...bicep.matchAll(/^resource (\w+) '([^@]+)@([^']+)' = \{$/gm)];
    const inJson = template.resources as unknown as { type: string; apiVersion: string; name: string }[];
    assert.deepEqual(
      declared.map((d) => `${d[2]}@${d[3]}`),
      inJson.map((r) => `${r.type}@${r.apiVersion}`),
    );
    for (const resource of inJson.filter((r) => !r.name.startsWith('['))) {
      assert.ok(bicep.includes(`  name: '${resource.name}'\n`), resource.name);
    }
    // Resources refer to each other by symbol; Bicep derives the order from that, as ARM's dependsOn says.
    for (let i = 1; i <= 4; i += 1) assert.match(bicep, new RegExp(`policyDefinitionId: definition${i}\\.id$`, 'm'));
    assert.match(bicep, /policyDefinitionId: initiative\.id$/m);
    assert.match(bicep, /principalId: assignment\.identity\.principalId$/m);
    assert.match(bicep, /^output principalId string = assignment\.identity\.principalId$/m);
    // A policy expression stays a Bicep string (the compiler escapes its [ for ARM), quotes escaped Bicep's way.
    assert.match(bicep, /^ +effect: '\[parameters\(\\'effect\\'\)\]'$/m);
    assert.doesNotMatch(bicep, /'\[\[/);
    // Every quote inside a string is escaped: each line has an even number of unescaped quotes.
    for (const line of bicep.split('\n').filter((l) => !l.startsWith('//'))) {
      assert.equal((line.replace(/\\\\|\\'/g, '').match(/'/g) ?? []).length % 2, 0, line);
    }
  });

  test('the az script deploys per subscription, grants the roles and starts a remediation; bash parses it', async () => {
    const { dir, script } = await exported();
    assert.match(script, /az deployment sub create --subscription '[0-9a-f-]{36}'/);
    assert.match(script, /az policy remediation create .*--definition-reference-id configurationEndpoint/);
    const file = join(dir, 'policy', 'policy.sh');
    await promisify(execFile)('bash', ['-n', file]);
  });

  test('a saved plan is not enough: the policy needs the fleet', async () => {
    const { dir } = await exported();
    const planFile = join(dir, 'plan.json');
    await writeFile(planFile, '{}');
    const run = await cli(['export', '--format', 'policy', '--plan', planFile]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /AMPL_EXPORT_E0008/);
  });
});
