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
async function exported(): Promise<{ dir: string; template: Template; script: string; ampls: string; world: World }> {
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
  return { dir, template, script: await readFile(join(out, 'policy.sh'), 'utf8'), ampls, world };
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
    assert.equal(definitions.length, 3);
    for (const definition of definitions) {
      const rule = unescaped(definition.properties['policyRule']);
      assert.equal(validate(rule), true, `${definition.name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    // And a rule the schema must refuse, so the check above can fail.
    assert.equal(validate({ if: { field: 'type' }, then: { effect: 'explode' } }), false);
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
