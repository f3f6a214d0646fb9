// Template deployments with the real Azure CLI (Debian azure-cli 2.45) against the emulator: `az deployment group
// create --template-file` with a template as people write them (comments, trailing commas, parameters, variables,
// copy loops, conditions, dependsOn, an extension resource by `scope`, a nested deployment, outputs), the operations
// list, validate, what-if, a failing resource, an unknown function, and `az deployment sub create`.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator, type RunningEmulator } from '../src/server/emulator.js';
import { assertAzureCliInstalled, createAzureCliSession, type AzureCliSession } from '../src/testing/azure-cli.js';

const fleetYaml = fileURLToPath(new URL('../../../examples/fleet.yaml', import.meta.url));

let emulator: RunningEmulator | undefined;
let az: AzureCliSession | undefined;
let workDir = '';
let subscription = '';
let cluster = '';

function get(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

before(async () => {
  await assertAzureCliInstalled();
  workDir = await mkdtemp(join(tmpdir(), 'emulator-deployments-'));
  emulator = await startEmulator({ fleet: fleetYaml, port: 0 });
  az = await createAzureCliSession(emulator);
  const ids = (emulator.snapshot().value as { id: string }[]).map((r) => r.id);
  const scope = ids.find((id) => id.toLowerCase().endsWith('/privatelinkscopes/ampls-central'));
  assert.ok(scope);
  subscription = scope.split('/')[2] ?? '';
  const found = ids.find((id) => id.toLowerCase().endsWith('/managedclusters/aks-wus2-shop'));
  assert.ok(found);
  cluster = found;
});

after(async () => {
  await az?.dispose();
  await emulator?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** A data collection endpoint of rg-monitoring, read back with az rest. */
function endpoint(name: string): Promise<unknown> {
  assert.ok(az);
  const id = `/subscriptions/${subscription}/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/${name}`;
  return az.json(['rest', '--method', 'get', '--url', `${id}?api-version=2024-03-11`]);
}

/** A template as a person writes it: JSON with comments (az sends the file as it is) and a line break in a string. */
const TEMPLATE = `{
  // Data collection endpoints, one per region, linked to the AMPLS one after the other.
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "regions": { "type": "array", "defaultValue": ["westus2", "westeurope"] },
    "prefix": { "type": "string", "defaultValue": "tpl", "metadata": { "description": "a name
that spans two lines" } },
    "withAssociation": { "type": "bool", "defaultValue": true },
    "clusterName": { "type": "string" },
    "clusterSubscription": { "type": "string" }
  },
  "variables": {
    "scopeName": "ampls-central",
    "suffix": "[uniqueString(resourceGroup().id)]",
    /* the DCE the cluster uses */
    "firstDce": "[resourceId('Microsoft.Insights/dataCollectionEndpoints', format('{0}-{1}', parameters('prefix'), parameters('regions')[0]))]"
  },
  "resources": [
    {
      "type": "Microsoft.Insights/dataCollectionEndpoints",
      "apiVersion": "2024-03-11",
      "name": "[format('{0}-{1}', parameters('prefix'), parameters('regions')[copyIndex()])]",
      "location": "[parameters('regions')[copyIndex()]]",
      "copy": { "name": "dces", "count": "[length(parameters('regions'))]" },
      "tags": { "suffix": "[variables('suffix')]", "literal": "[[not an expression]" },
      "properties": { "networkAcls": { "publicNetworkAccess": "Disabled" } }
    },
    {
      "type": "Microsoft.Insights/privateLinkScopes/scopedResources",
      "apiVersion": "2021-09-01",
      "name": "[concat(variables('scopeName'), '/', parameters('prefix'), '-', parameters('regions')[copyIndex()], '-connection')]",
      "copy": { "name": "links", "count": "[length(parameters('regions'))]", "mode": "serial", "batchSize": 1 },
      "dependsOn": ["dces"],
      "properties": {
        "linkedResourceId": "[resourceId('Microsoft.Insights/dataCollectionEndpoints', concat(parameters('prefix'), '-', parameters('regions')[copyIndex()]))]"
      }
    },
    {
      "condition": "[parameters('withAssociation')]",
      "type": "Microsoft.Insights/dataCollectionRuleAssociations",
      "apiVersion": "2024-03-11",
      "scope": "[resourceId(parameters('clusterSubscription'), 'rg-aks-westus2', 'Microsoft.ContainerService/managedClusters', parameters('clusterName'))]",
      "name": "configurationAccessEndpoint",
      "dependsOn": ["[variables('firstDce')]"],
      "properties": { "dataCollectionEndpointId": "[variables('firstDce')]" }
    },
    {
      "type": "Microsoft.Resources/deployments",
      "apiVersion": "2022-09-01",
      "name": "inner-dce",
      "properties": {
        "mode": "Incremental",
        "expressionEvaluationOptions": { "scope": "inner" },
        "parameters": { "name": { "value": "[concat(parameters('prefix'), '-nested')]" } },
        "template": {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": { "name": { "type": "string" } },
          "resources": [
            {
              "type": "Microsoft.Insights/dataCollectionEndpoints",
              "apiVersion": "2024-03-11",
              "name": "[parameters('name')]",
              "location": "eastus",
              "properties": {}
            }
          ],
          "outputs": { "endpointName": { "type": "string", "value": "[parameters('name')]" } }
        }
      }
    }
  ],
  "outputs": {
    "firstEndpoint": { "type": "string", "value": "[reference(variables('firstDce'), '2024-03-11').configurationAccess.endpoint]" },
    "nested": { "type": "string", "value": "[reference('inner-dce').outputs.endpointName.value]" },
    "guid": { "type": "string", "value": "[guid('a', 'b')]" },
    "lower": { "type": "string", "value": "[toLower(last(split('A/B/C', '/')))]" }
  }
}
`;

test('az deployment group create runs a real template through the engine, and the operations list shows each write', async () => {
  assert.ok(az && emulator);
  const file = join(workDir, 'template.json');
  await writeFile(file, TEMPLATE);
  const result = await az.json([
    'deployment',
    'group',
    'create',
    '--subscription',
    subscription,
    '--resource-group',
    'rg-monitoring',
    '--name',
    'dces',
    '--template-file',
    file,
    '--parameters',
    'clusterName=aks-wus2-shop',
    `clusterSubscription=${cluster.split('/')[2] ?? ''}`,
  ]);
  assert.equal(get(result, 'properties.provisioningState'), 'Succeeded');
  assert.match(String(get(result, 'properties.outputs.firstEndpoint.value')), /^https:\/\/tpl-westus2-/);
  assert.equal(get(result, 'properties.outputs.nested.value'), 'tpl-nested');
  assert.equal(get(result, 'properties.outputs.lower.value'), 'c');
  assert.match(String(get(result, 'properties.outputs.guid.value')), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);

  const dce = await endpoint('tpl-westeurope');
  assert.equal(get(dce, 'location'), 'westeurope');
  assert.equal(get(dce, 'tags.literal'), '[not an expression]');
  assert.match(String(get(dce, 'tags.suffix')), /^[a-z2-7]{13}$/);
  const links = (await az.json([
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'list',
    '--subscription',
    subscription,
    '-g',
    'rg-monitoring',
    '--scope-name',
    'ampls-central',
  ])) as unknown[];
  const linked = links.map((l) => String(get(l, 'name')));
  assert.ok(linked.includes('tpl-westus2-connection') && linked.includes('tpl-westeurope-connection'), linked.join());
  const association = await az.json([
    'rest',
    '--method',
    'get',
    '--url',
    `${cluster}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint?api-version=2024-03-11`,
  ]);
  assert.match(
    String(get(association, 'properties.dataCollectionEndpointId')),
    /dataCollectionEndpoints\/tpl-westus2$/i,
  );

  const operations = (await az.json([
    'deployment',
    'operation',
    'group',
    'list',
    '--subscription',
    subscription,
    '-g',
    'rg-monitoring',
    '--name',
    'dces',
  ])) as unknown[];
  const targets = operations.map((o) => String(get(o, 'properties.targetResource.resourceType')));
  assert.equal(targets.filter((t) => t === 'Microsoft.Insights/privateLinkScopes/scopedResources').length, 2);
  assert.ok(operations.every((o) => get(o, 'properties.provisioningState') === 'Succeeded'));
  const listed = (await az.json([
    'deployment',
    'group',
    'list',
    '--subscription',
    subscription,
    '-g',
    'rg-monitoring',
  ])) as unknown[];
  assert.ok(listed.some((d) => get(d, 'name') === 'dces'));
});

test('what-if shows NoChange for what the template already made and Create for what it adds', async () => {
  assert.ok(az);
  const file = join(workDir, 'template.json');
  await writeFile(file, TEMPLATE);
  const result = await az.json([
    'deployment',
    'group',
    'what-if',
    '--subscription',
    subscription,
    '-g',
    'rg-monitoring',
    '--name',
    'dces-whatif',
    '--template-file',
    file,
    '--parameters',
    'clusterName=aks-wus2-shop',
    `clusterSubscription=${cluster.split('/')[2] ?? ''}`,
    'prefix=other',
    '--no-pretty-print',
  ]);
  const changes = get(result, 'changes') as { resourceId: string; changeType: string }[];
  const of = (suffix: string): string | undefined =>
    changes.find((c) => c.resourceId.toLowerCase().endsWith(suffix.toLowerCase()))?.changeType;
  assert.equal(of('/dataCollectionEndpoints/other-westus2'), 'Create');
  assert.equal(of('/dataCollectionEndpoints/other-nested'), 'Create');
  assert.equal(of('/dataCollectionEndpoints/tpl-westus2'), 'Ignore');
  assert.equal(of('/dataCollectionRuleAssociations/configurationAccessEndpoint'), 'Modify');
});

test('a resource the engine refuses fails the deployment with DeploymentFailed and its reason in the details', async () => {
  assert.ok(az);
  const file = join(workDir, 'bad.json');
  await writeFile(
    file,
    JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Insights/privateLinkScopes/scopedResources',
          apiVersion: '2021-09-01',
          name: 'ampls-central/nothing-connection',
          properties: {
            linkedResourceId: `/subscriptions/${subscription}/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionEndpoints/missing`,
          },
        },
      ],
    }),
  );
  const run = await az.run([
    'deployment',
    'group',
    'create',
    '--subscription',
    subscription,
    '-g',
    'rg-monitoring',
    '--name',
    'bad',
    '--template-file',
    file,
  ]);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /DeploymentFailed/);
  const shown = await az.json([
    'deployment',
    'group',
    'show',
    '--subscription',
    subscription,
    '-g',
    'rg-monitoring',
    '--name',
    'bad',
  ]);
  assert.equal(get(shown, 'properties.provisioningState'), 'Failed');
  assert.equal(get(shown, 'properties.error.code'), 'DeploymentFailed');
  assert.ok(Array.isArray(get(shown, 'properties.error.details')));
});

test('an expression with a function the emulator does not know is InvalidTemplate, naming it, and nothing is written', async () => {
  assert.ok(az && emulator);
  const file = join(workDir, 'unknown.json');
  await writeFile(
    file,
    JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Insights/dataCollectionEndpoints',
          apiVersion: '2024-03-11',
          name: "[dateTimeAdd('x')]",
          location: 'eastus',
          properties: {},
        },
      ],
    }),
  );
  const writes = emulator.counters().writes;
  const run = await az.run([
    'deployment',
    'group',
    'validate',
    '--subscription',
    subscription,
    '-g',
    'rg-monitoring',
    '--template-file',
    file,
  ]);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /InvalidTemplate/);
  assert.match(run.stderr, /dateTimeAdd/);
  assert.deepEqual(emulator.counters().writes, writes);
});

test('az deployment sub create deploys into resource groups through nested deployments', async () => {
  assert.ok(az);
  const file = join(workDir, 'sub.json');
  await writeFile(
    file,
    JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'into-monitoring',
          resourceGroup: 'rg-monitoring',
          properties: {
            mode: 'Incremental',
            expressionEvaluationOptions: { scope: 'inner' },
            template: {
              $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
              contentVersion: '1.0.0.0',
              resources: [
                {
                  type: 'Microsoft.Insights/dataCollectionEndpoints',
                  apiVersion: '2024-03-11',
                  name: 'from-sub',
                  location: '[resourceGroup().location]',
                  properties: {},
                },
              ],
            },
          },
        },
      ],
      outputs: {
        sub: { type: 'string', value: '[subscription().subscriptionId]' },
        // A resource the template does not deploy, read as it exists.
        mode: {
          type: 'string',
          value:
            "[reference(resourceId('rg-monitoring', 'Microsoft.Insights/privateLinkScopes', 'ampls-central'), '2021-09-01').accessModeSettings.ingestionAccessMode]",
        },
      },
    }),
  );
  const result = await az.json([
    'deployment',
    'sub',
    'create',
    '--subscription',
    subscription,
    '--location',
    'eastus',
    '--name',
    'sub-level',
    '--template-file',
    file,
  ]);
  assert.equal(get(result, 'properties.provisioningState'), 'Succeeded');
  assert.equal(get(result, 'properties.outputs.sub.value'), subscription);
  assert.equal(get(result, 'properties.outputs.mode.value'), 'PrivateOnly');
  const dce = await endpoint('from-sub');
  assert.equal(get(dce, 'name'), 'from-sub');

  const whatIf = await az.json([
    'deployment',
    'sub',
    'what-if',
    '--subscription',
    subscription,
    '--location',
    'eastus',
    '--name',
    'sub-level',
    '--template-file',
    file,
    '--no-pretty-print',
  ]);
  const changes = get(whatIf, 'changes') as { resourceId: string; changeType: string }[];
  const fromSub = changes.find((c) => c.resourceId.toLowerCase().endsWith('/datacollectionendpoints/from-sub'));
  assert.equal(fromSub?.changeType, 'NoChange');
});
