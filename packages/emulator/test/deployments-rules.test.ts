// Deployments with the Azure SDK (@azure/arm-resourcesdeployments, api-version 2025-04-01): every resource of a template goes through the same engine as
// a direct PUT, so the engine's rules hold inside a deployment too: writes to one AMPLS one at a time, RBAC per
// resource (a nested deployment into a group the caller may not write fails there), and what ARM refuses before it
// runs anything (a cycle, Complete mode) is answered at once with nothing written.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DeploymentsClient, type Deployment } from '@azure/arm-resourcesdeployments';
import type { RunningEmulator } from '../src/index.js';
import { FAST, SUB, call, errorCode, rg, sdkOptions, testFleet } from './helpers.js';

const LIMITED = '66666666-6666-4666-8666-666666666666';
/** The newest Deployments spec in ../../shared/rest-api-specs (the SDK's default is newer). */
const API = { apiVersion: '2025-04-01' };
let emu: RunningEmulator;
let client: DeploymentsClient;

before(async () => {
  const fleet = testFleet({
    resourceGroups: [
      { id: rg('rg-test'), location: 'eastus' },
      { id: rg('rg-other'), location: 'eastus' },
    ],
  });
  fleet.principals.push({ objectId: LIMITED, displayName: 'limited' });
  fleet.roleAssignments.push({ principalObjectId: LIMITED, role: 'Contributor', scope: rg('rg-test') });
  const { startEmulator } = await import('../src/index.js');
  emu = await startEmulator({ fleet, lroDelayMs: 30, pageSize: 3 });
  client = new DeploymentsClient(emu.tokenCredential, SUB, { ...sdkOptions(emu), ...API });
});

after(async () => {
  await emu.stop();
});

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const dce = (name: string): Record<string, unknown> => ({
  type: 'Microsoft.Insights/dataCollectionEndpoints',
  apiVersion: '2024-03-11',
  name,
  location: 'eastus',
  properties: {},
});
const ampls = {
  type: 'Microsoft.Insights/privateLinkScopes',
  apiVersion: '2021-09-01',
  name: 'ampls',
  location: 'global',
  properties: { accessModeSettings: { ingestionAccessMode: 'Open', queryAccessMode: 'Open' } },
};
const link = (name: string, dependsOn: string[]): Record<string, unknown> => ({
  type: 'Microsoft.Insights/privateLinkScopes/scopedResources',
  apiVersion: '2021-09-01',
  name: `ampls/${name}-connection`,
  dependsOn: ['ampls', name, ...dependsOn],
  properties: { linkedResourceId: `[resourceId('Microsoft.Insights/dataCollectionEndpoints', '${name}')]` },
});

function deployment(resources: unknown[], extra: Record<string, unknown> = {}): Deployment {
  return {
    properties: { mode: 'Incremental', template: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources, ...extra } },
  };
}

/** The poller's failure, then the deployment's error as GET shows it (the details say which resource failed and why). */
async function failureOf(
  deploying: PromiseLike<unknown>,
  group: string,
  name: string,
): Promise<{ code: string | undefined; text: string }> {
  await assert.rejects(async () => deploying, /DeploymentFailed/);
  const shown = await client.deployments.get(group, name);
  assert.equal(shown.properties?.provisioningState, 'Failed');
  return { code: shown.properties?.error?.code, text: JSON.stringify(shown.properties?.error?.details ?? []) };
}

test('two links to one AMPLS at the same time: the second is refused as a direct PUT is, and the deployment fails', async () => {
  const failure = await failureOf(
    client.deployments.createOrUpdate(
      'rg-test',
      'parallel-links',
      deployment([ampls, dce('a'), dce('b'), link('a', []), link('b', [])]),
      FAST,
    ),
    'rg-test',
    'parallel-links',
  );
  assert.equal(failure.code, 'DeploymentFailed');
  assert.match(failure.text, /Conflict/);
  const operations: string[] = [];
  for await (const op of client.deploymentOperations.list('rg-test', 'parallel-links')) {
    operations.push(`${op.properties?.targetResource?.resourceName ?? ''} ${op.properties?.provisioningState ?? ''}`);
  }
  assert.ok(operations.includes('ampls/a-connection Succeeded') || operations.includes('ampls/b-connection Succeeded'));
  assert.ok(
    operations.some((o) => o.endsWith('-connection Failed')),
    operations.join(', '),
  );

  // Chained by dependsOn (as amplink's export writes them), the same links succeed.
  const chained = await client.deployments.createOrUpdate(
    'rg-test',
    'chained-links',
    deployment([ampls, dce('c'), dce('d'), link('c', []), link('d', ['ampls/c-connection'])]),
    FAST,
  );
  assert.equal(chained.properties?.provisioningState, 'Succeeded');
  assert.equal(chained.properties?.outputResources?.length, 5);
});

test("a nested deployment into a group the caller may not write fails there with the caller's AuthorizationFailed", async () => {
  const limited = new DeploymentsClient(emu.credentialFor(LIMITED), SUB, { ...sdkOptions(emu), ...API });
  const nested = {
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name: 'into-other',
    resourceGroup: 'rg-other',
    properties: {
      mode: 'Incremental',
      expressionEvaluationOptions: { scope: 'inner' },
      template: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [dce('not-allowed')] },
    },
  };
  const failure = await failureOf(
    limited.deployments.createOrUpdate('rg-test', 'rbac', deployment([dce('allowed'), nested]), FAST),
    'rg-test',
    'rbac',
  );
  assert.equal(failure.code, 'DeploymentFailed');
  assert.match(failure.text, /AuthorizationFailed/);
  const other = await call(
    emu,
    'GET',
    `${rg('rg-other')}/providers/Microsoft.Insights/dataCollectionEndpoints/not-allowed?api-version=2024-03-11`,
  );
  assert.equal(other.status, 404);
  const allowed = await call(
    emu,
    'GET',
    `${rg('rg-test')}/providers/Microsoft.Insights/dataCollectionEndpoints/allowed?api-version=2024-03-11`,
  );
  assert.equal(allowed.status, 200);
});

test('a dependsOn cycle and Complete mode are refused at once (400) and nothing is written', async () => {
  const writes = emu.counters().writes;
  const cycle = await call(
    emu,
    'PUT',
    `${rg()}/providers/Microsoft.Resources/deployments/cycle?api-version=2021-04-01`,
    {
      body: deployment([
        { ...dce('x'), dependsOn: ['y'] },
        { ...dce('y'), dependsOn: ['x'] },
      ]),
    },
  );
  assert.equal(cycle.status, 400);
  assert.equal(errorCode(cycle.body), 'InvalidTemplate');
  assert.match(JSON.stringify(cycle.body), /Circular dependency/);
  const complete = await call(
    emu,
    'PUT',
    `${rg()}/providers/Microsoft.Resources/deployments/complete?api-version=2021-04-01`,
    {
      body: {
        properties: { mode: 'Complete', template: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [] } },
      },
    },
  );
  assert.equal(complete.status, 400);
  assert.equal(errorCode(complete.body), 'InvalidDeploymentMode');
  assert.deepEqual(emu.counters().writes, writes);
});

test('a deployment is long-running as ARM runs it: 201 Accepted with Azure-AsyncOperation, then Succeeded with outputs', async () => {
  const put = await call(emu, 'PUT', `${rg()}/providers/Microsoft.Resources/deployments/lro?api-version=2021-04-01`, {
    body: deployment([dce('lro')], {
      outputs: { id: { type: 'string', value: "[resourceId('Microsoft.Insights/dataCollectionEndpoints', 'lro')]" } },
    }),
  });
  assert.equal(put.status, 201);
  assert.equal((put.body as { properties: { provisioningState: string } }).properties.provisioningState, 'Accepted');
  const status = String(put.headers['azure-asyncoperation']);
  assert.match(status, /\/providers\/Microsoft\.Resources\/deployments\/lro\/operationStatuses\//);
  let state = '';
  for (let i = 0; i < 200 && !['Succeeded', 'Failed'].includes(state); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    state = ((await call(emu, 'GET', status)).body as { status: string }).status;
  }
  assert.equal(state, 'Succeeded');
  const got = await client.deployments.get('rg-test', 'lro');
  assert.deepEqual(got.properties?.outputs, {
    id: { type: 'String', value: `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/lro` },
  });
  const whatIf = await client.deployments.whatIf('rg-test', 'lro-what-if', deployment([dce('lro'), dce('new')]), FAST);
  const changes = Object.fromEntries((whatIf.changes ?? []).map((c) => [c.resourceId.split('/').pop(), c.changeType]));
  assert.equal(changes['lro'], 'NoChange');
  assert.equal(changes['new'], 'Create');
});
