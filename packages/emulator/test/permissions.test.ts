// Microsoft.Authorization/permissions through the official Azure SDK client (@azure/arm-authorization).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthorizationManagementClient, type Permission } from '@azure/arm-authorization';
import { MonitorClient } from '@azure/arm-monitor';
import type { RunningEmulator } from '../src/index.js';
import { actionMatches } from '../src/server/rbac.js';
import { READER, SUB, call, errorCode, rg, sdkOptions, startTestEmulator } from './helpers.js';

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pages) out.push(item);
  return out;
}

/** ARM's evaluation: some block allows the action and does not exclude it. */
function allowed(blocks: Permission[], action: string): boolean {
  return blocks.some(
    (b) =>
      (b.actions ?? []).some((p) => actionMatches(p, action)) &&
      !(b.notActions ?? []).some((p) => actionMatches(p, action)),
  );
}

describe('Microsoft.Authorization/permissions: what the caller may do at a scope', () => {
  let emu: RunningEmulator;
  const dce = `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/dce-perm`;
  before(async () => {
    emu = await startTestEmulator();
    await new MonitorClient(emu.tokenCredential, SUB, sdkOptions(emu)).dataCollectionEndpoints.create(
      'rg-test',
      'dce-perm',
      { body: { location: 'eastus' } },
    );
  });
  after(async () => emu.stop());

  it('answers the SDK for a resource group and a resource, in Azure’s shape, from the roles at or above the scope', async () => {
    const owner = new AuthorizationManagementClient(emu.tokenCredential, SUB, sdkOptions(emu));
    assert.deepEqual(await all(owner.permissions.listForResourceGroup('rg-test')), [
      { actions: ['*'], notActions: [], dataActions: [], notDataActions: [] },
    ]);

    emu.setRoles(READER, [
      { role: 'Reader', scope: `/subscriptions/${SUB}` },
      { role: 'Monitoring Contributor', scope: dce },
    ]);
    const reader = new AuthorizationManagementClient(emu.credentialFor(READER), SUB, sdkOptions(emu));
    const atGroup = await all(reader.permissions.listForResourceGroup('rg-test'));
    assert.deepEqual(atGroup, [{ actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] }]);
    const atResource = await all(
      reader.permissions.listForResource('rg-test', 'Microsoft.Insights', '', 'dataCollectionEndpoints', 'dce-perm'),
    );
    assert.equal(atResource.length, 2, 'the Reader at the subscription and the role on the DCE itself');
    const write = 'Microsoft.Insights/dataCollectionEndpoints/write';
    assert.equal(allowed(atGroup, write), false);
    assert.equal(allowed(atResource, write), true);

    // What the permissions say is what ARM does.
    const refused = await call(
      emu,
      'PUT',
      `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/other?api-version=2024-03-11`,
      {
        principal: READER,
        body: { location: 'eastus' },
      },
    );
    assert.equal(refused.status, 403);
    const accepted = await call(emu, 'PUT', `${dce}?api-version=2024-03-11`, {
      principal: READER,
      body: { location: 'eastus' },
    });
    assert.equal(accepted.status, 200);
  });

  it('gives a Contributor its notActions, and a principal with no role an empty list', async () => {
    emu.setRoles(READER, [{ role: 'Contributor', scope: rg() }]);
    const contributor = new AuthorizationManagementClient(emu.credentialFor(READER), SUB, sdkOptions(emu));
    const [block] = await all(contributor.permissions.listForResourceGroup('rg-test'));
    assert.deepEqual(block?.actions, ['*']);
    assert.ok(block?.notActions?.includes('Microsoft.Authorization/*/Write'));
    assert.equal(allowed(block ? [block] : [], 'Microsoft.Authorization/roleAssignments/write'), false);
    assert.equal(allowed(block ? [block] : [], 'Microsoft.Insights/dataCollectionEndpoints/write'), true);

    emu.setRoles(READER, []);
    const nobody = await call(
      emu,
      'GET',
      `${rg()}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`,
      {
        principal: READER,
      },
    );
    assert.equal(nobody.status, 200);
    assert.deepEqual(nobody.body, { value: [] });
  });

  it('refuses as ARM does: an unknown group, a missing resource, no api-version', async () => {
    const group = await call(
      emu,
      'GET',
      `${rg('rg-none')}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`,
    );
    assert.equal(group.status, 404);
    assert.equal(errorCode(group.body), 'ResourceGroupNotFound');
    const resource = await call(
      emu,
      'GET',
      `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/none/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`,
    );
    assert.equal(resource.status, 404);
    const noVersion = await call(emu, 'GET', `${rg()}/providers/Microsoft.Authorization/permissions`);
    assert.equal(noVersion.status, 400);
    assert.equal(errorCode(noVersion.body), 'MissingApiVersionParameter');
  });
});
