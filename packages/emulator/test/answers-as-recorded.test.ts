// Answers as Azure gives them, through the real clients: the casing of AMPLS, scoped-resource and Log Analytics ids,
// the scoped-resource PUT answered 200 `Provisioning` (the client polls the resource) as well as 202, a long-running
// operation cut off by a stop that did not end it finishing after a restart, and the Azure Monitor workspace DELETE
// long-running with Location. Sources: azure-cli's recording test_monitor_private_link_scope_scenario.yaml, the
// specs (Microsoft.Monitor 2023-04-03 AzureMonitorWorkspaces_Delete; dataCollectionEndpoints_API.json 2024-03-11).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MonitorClient } from '@azure/arm-monitor';
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { ResourceManagementClient } from '@azure/arm-resources';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { assertAzureCliInstalled, createAzureCliSession, type AzureCliSession } from '../src/testing/azure-cli.js';
import { FAST, SUB, call, rg, sdkOptions, startTestEmulator, testFleet } from './helpers.js';

const SCOPE = `${rg()}/providers/Microsoft.Insights/privateLinkScopes/Ampls-Main`;
const scopedPath = (name: string) => `${SCOPE}/scopedResources/${name}?api-version=2021-09-01`;
const dceId = (name: string) => `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}`;
const AMW = `${rg()}/providers/Microsoft.Monitor/accounts/amw-gone`;

async function putScopeAndEndpoints(emu: RunningEmulator, endpoints: string[]): Promise<void> {
  await call(emu, 'PUT', `${SCOPE}?api-version=2021-09-01`, { body: { location: 'global' } });
  for (const name of endpoints) {
    await call(emu, 'PUT', `${dceId(name)}?api-version=2024-03-11`, { body: { location: 'eastus' } });
  }
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  // A hang guard, not a timing assertion: the emulator's operations here end in tens of milliseconds.
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what} did not happen`);
}

describe('ids in the casing Azure answers them, through the SDKs', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startTestEmulator();
  });
  after(async () => emu.stop());

  it('AMPLS and scoped resources: provider and types in lower case, names as sent; linkedResourceId all lower case', async () => {
    await putScopeAndEndpoints(emu, ['DCE-West']);
    const monitor = new MonitorClient(emu.tokenCredential, SUB, sdkOptions(emu));
    const scope = await monitor.privateLinkScopes.get('rg-test', 'ampls-main');
    assert.equal(scope.id, `${rg()}/providers/microsoft.insights/privatelinkscopes/Ampls-Main`);
    assert.equal(scope.type, 'microsoft.insights/privatelinkscopes');
    const link = await monitor.privateLinkScopedResources.beginCreateOrUpdateAndWait(
      'rg-test',
      'Ampls-Main',
      'West-Link',
      { linkedResourceId: dceId('DCE-West') },
      FAST,
    );
    assert.equal(
      link.id,
      `${rg()}/providers/microsoft.insights/privatelinkscopes/Ampls-Main/scopedresources/West-Link`,
    );
    assert.equal(link.type, 'microsoft.insights/privatelinkscopes/scopedresources');
    assert.equal(link.linkedResourceId, dceId('DCE-West').toLowerCase());
    // The DCE names the AMPLS by its immutable id, not its ARM id.
    const dce = (await call(emu, 'GET', `${dceId('DCE-West')}?api-version=2024-03-11`)).body as {
      id: string;
      properties: { privateLinkScopedResources: { resourceId: string; scopeId: string }[] };
    };
    assert.equal(dce.id, dceId('DCE-West'), 'a DCE keeps the casing it was written with');
    const raw = (await call(emu, 'GET', `${SCOPE}?api-version=2021-09-01`)).body as { properties: { scopeId: string } };
    assert.deepEqual(dce.properties.privateLinkScopedResources, [
      { resourceId: link.id, scopeId: raw.properties.scopeId },
    ]);
    assert.ok(!raw.properties.scopeId.includes('/'));
  });

  it('a Log Analytics workspace id: resourcegroups, provider and type in lower case; its type as the spec writes it', async () => {
    const client = new OperationalInsightsManagementClient(emu.tokenCredential, SUB, sdkOptions(emu));
    const workspace = await client.workspaces.beginCreateOrUpdateAndWait(
      'rg-test',
      'Law-Main',
      { location: 'eastus' },
      FAST,
    );
    assert.equal(
      workspace.id,
      `/subscriptions/${SUB}/resourcegroups/rg-test/providers/microsoft.operationalinsights/workspaces/Law-Main`,
    );
    assert.equal(workspace.type, 'Microsoft.OperationalInsights/workspaces');
  });
});

describe('the scoped-resource PUT answered 200 Provisioning, the client polling the resource', () => {
  it('the SDK waits for it the same way as for a 202, and alternate answers give both shapes in turn', async () => {
    const emu = await startTestEmulator({ longRunningAnswers: 'alternate' });
    try {
      await putScopeAndEndpoints(emu, ['dce-a', 'dce-b', 'dce-c']);
      const first = await call(emu, 'PUT', scopedPath('a'), {
        body: { properties: { linkedResourceId: dceId('dce-a') } },
      });
      assert.equal(first.status, 202);
      assert.ok(first.headers['azure-asyncoperation']);
      await waitFor(
        () => call(emu, 'GET', scopedPath('a')),
        (r) => (r.body as { properties: { provisioningState: string } }).properties.provisioningState === 'Succeeded',
        'the first link ending',
      );
      const second = await call(emu, 'PUT', scopedPath('b'), {
        body: { properties: { linkedResourceId: dceId('dce-b') } },
      });
      assert.equal(second.status, 200);
      assert.equal(second.headers['azure-asyncoperation'], undefined);
      assert.equal(second.headers['location'], undefined);
      assert.equal(
        (second.body as { properties: { provisioningState: string } }).properties.provisioningState,
        'Provisioning',
      );
      await waitFor(
        () => call(emu, 'GET', scopedPath('b')),
        (r) => (r.body as { properties: { provisioningState: string } }).properties.provisioningState === 'Succeeded',
        'the second link ending',
      );
      // The third PUT is answered 202 again; the SDK's fourth (an update of b) 200 Provisioning: it polls b itself.
      await call(emu, 'PUT', scopedPath('c'), { body: { properties: { linkedResourceId: dceId('dce-c') } } });
      await waitFor(
        () => call(emu, 'GET', scopedPath('c')),
        (r) => (r.body as { properties: { provisioningState: string } }).properties.provisioningState === 'Succeeded',
        'the third link ending',
      );
      const monitor = new MonitorClient(emu.tokenCredential, SUB, sdkOptions(emu));
      const updated = await monitor.privateLinkScopedResources.beginCreateOrUpdateAndWait(
        'rg-test',
        'Ampls-Main',
        'b',
        { linkedResourceId: dceId('dce-b') },
        FAST,
      );
      assert.equal(updated.provisioningState, 'Succeeded');
      const puts = emu.requests().filter((r) => r.method === 'PUT' && /scopedResources/i.test(r.path));
      assert.deepEqual(
        puts.map((r) => r.status),
        [202, 200, 202, 200],
      );
    } finally {
      await emu.stop();
    }
  });
});

describe('a long-running operation cut off by a stop that did not end it', () => {
  it('ends after a restart with the saved world: the link Succeeds and shows on its DCE, a workspace being deleted goes', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-resume-'));
    // Operations that would take ten minutes: the copy of the state below is taken while they run.
    const first = await startEmulator({ fleet: testFleet(), stateDir, lroDelayMs: 600_000 });
    // What a killed emulator leaves: the world as saved mid-operation.
    const copy = mkdtempSync(join(tmpdir(), 'amplink-resume-copy-'));
    try {
      await putScopeAndEndpoints(first, ['dce-r']);
      await call(first, 'PUT', `${AMW}?api-version=2023-04-03`, { body: { location: 'eastus' } });
      const put = await call(first, 'PUT', scopedPath('r'), {
        body: { properties: { linkedResourceId: dceId('dce-r') } },
      });
      assert.equal(put.status, 202);
      const deleted = await call(first, 'DELETE', `${AMW}?api-version=2023-04-03`);
      assert.equal(deleted.status, 202);
      first.flush();
      cpSync(stateDir, copy, { recursive: true });
    } finally {
      await first.stop();
    }
    const second = await startEmulator({ stateDir: copy, lroDelayMs: 30 });
    try {
      const monitor = new MonitorClient(second.tokenCredential, SUB, sdkOptions(second));
      const link = await waitFor(
        () => monitor.privateLinkScopedResources.get('rg-test', 'Ampls-Main', 'r'),
        (l) => l.provisioningState !== 'Creating',
        'the link leaving Creating',
      );
      assert.equal(link.provisioningState, 'Succeeded');
      const dce = (await call(second, 'GET', `${dceId('dce-r')}?api-version=2024-03-11`)).body as {
        properties: { privateLinkScopedResources?: unknown[] };
      };
      assert.equal(dce.properties.privateLinkScopedResources?.length, 1, 'the link ended with its side effects');
      const resources = new ResourceManagementClient(second.tokenCredential, SUB, sdkOptions(second));
      await waitFor(
        () => call(second, 'GET', `${AMW}?api-version=2023-04-03`),
        (r) => r.status === 404,
        'the workspace going',
      );
      const groups: string[] = [];
      for await (const group of resources.resourceGroups.list()) groups.push(group.name ?? '');
      assert.ok(!groups.some((g) => g.startsWith('MA_amw-gone')), groups.join(', '));
    } finally {
      await second.stop();
    }
  });
});

describe('Azure Monitor workspace DELETE: long-running, final state via Location', () => {
  it('answers 202 with Location and Azure-AsyncOperation, shows Deleting, and the SDK waits until it is gone', async () => {
    const emu = await startTestEmulator({ lroDelayMs: 200 });
    try {
      await call(emu, 'PUT', `${AMW}?api-version=2023-04-03`, { body: { location: 'eastus' } });
      const answer = await call(emu, 'DELETE', `${AMW}?api-version=2023-04-03`);
      assert.equal(answer.status, 202);
      assert.ok(answer.headers['location'], 'Location');
      assert.ok(answer.headers['azure-asyncoperation'], 'Azure-AsyncOperation');
      const during = await call(emu, 'GET', `${AMW}?api-version=2023-04-03`);
      assert.equal(
        (during.body as { properties: { provisioningState: string } }).properties.provisioningState,
        'Deleting',
      );
      await waitFor(
        () => call(emu, 'GET', `${AMW}?api-version=2023-04-03`),
        (r) => r.status === 404,
        'the delete',
      );
      assert.equal((await call(emu, 'DELETE', `${AMW}?api-version=2023-04-03`)).status, 204, 'gone: 204');

      const again = `${rg()}/providers/Microsoft.Monitor/accounts/amw-sdk`;
      await call(emu, 'PUT', `${again}?api-version=2023-04-03`, { body: { location: 'eastus' } });
      const resources = new ResourceManagementClient(emu.tokenCredential, SUB, sdkOptions(emu));
      await resources.resources.beginDeleteByIdAndWait(again, '2023-04-03', FAST);
      assert.equal((await call(emu, 'GET', `${again}?api-version=2023-04-03`)).status, 404);
    } finally {
      await emu.stop();
    }
  });
});

describe('Azure CLI 2.45', () => {
  let emu: RunningEmulator;
  let az: AzureCliSession;
  before(async () => {
    await assertAzureCliInstalled();
    emu = await startTestEmulator({ longRunningAnswers: 'alternate', lroDelayMs: 100 });
    az = await createAzureCliSession(emu);
  });
  after(async () => {
    await az.dispose();
    await emu.stop();
  });

  it('shows AMPLS and link ids as Azure does, and waits for links answered either way', async () => {
    await putScopeAndEndpoints(emu, ['dce-x', 'dce-y']);
    const scope = (await az.json(['monitor', 'private-link-scope', 'show', '-g', 'rg-test', '-n', 'Ampls-Main'])) as {
      id: string;
      type: string;
    };
    assert.equal(scope.id, `${rg()}/providers/microsoft.insights/privatelinkscopes/Ampls-Main`);
    assert.equal(scope.type, 'microsoft.insights/privatelinkscopes');
    for (const name of ['x', 'y']) {
      const link = (await az.json([
        'monitor',
        'private-link-scope',
        'scoped-resource',
        'create',
        '-g',
        'rg-test',
        '--scope-name',
        'Ampls-Main',
        '-n',
        `link-${name}`,
        '--linked-resource',
        dceId(`dce-${name}`),
      ])) as { id: string; linkedResourceId: string; provisioningState: string };
      assert.equal(link.provisioningState, 'Succeeded', `link-${name}`);
      assert.equal(link.linkedResourceId, dceId(`dce-${name}`).toLowerCase());
      assert.match(link.id, /\/providers\/microsoft\.insights\/privatelinkscopes\/Ampls-Main\/scopedresources\/link-/);
    }
    const puts = emu.requests().filter((r) => r.method === 'PUT' && /scopedResources/i.test(r.path));
    assert.deepEqual(
      puts.map((r) => r.status),
      [202, 200],
    );
  });

  it('az resource delete waits for the Azure Monitor workspace DELETE (Location) to end', async () => {
    await call(emu, 'PUT', `${AMW}?api-version=2023-04-03`, { body: { location: 'eastus' } });
    const result = await az.run(['resource', 'delete', '--ids', AMW, '--api-version', '2023-04-03']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await call(emu, 'GET', `${AMW}?api-version=2023-04-03`)).status, 404);
  });
});
