// Microsoft.Authorization/roleAssignments and roleDefinitions backing the emulator's RBAC: the fleet's roles are
// ordinary assignments, the built-in definitions carry their real ids, and what `az role assignment create` writes is
// what the next request is checked against. Through the real clients: @azure/arm-authorization and Azure CLI 2.45.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { assertAzureCliInstalled, createAzureCliSession, type AzureCliSession } from '../src/testing/azure-cli.js';
import { OWNER, READER, SUB, call, errorCode, rg, sdkOptions, startTestEmulator, testFleet } from './helpers.js';

const MONITORING_CONTRIBUTOR = '749f88d5-cbae-40b8-bcfc-e573ddc772fa';
const READER_ROLE = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const dcePath = (name: string) =>
  `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}?api-version=2022-06-01`;
const assignmentPath = (scope: string, name: string) =>
  `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`;

describe('role assignments and role definitions (@azure/arm-authorization)', () => {
  let emu: RunningEmulator;
  let client: AuthorizationManagementClient;
  before(async () => {
    emu = await startTestEmulator();
    client = new AuthorizationManagementClient(emu.tokenCredential, SUB, sdkOptions(emu));
  });
  after(() => emu.stop());

  it("lists the fleet's roles as ordinary role assignments with the built-in definitions' real ids", async () => {
    const assignments = [];
    for await (const a of client.roleAssignments.listForSubscription()) assignments.push(a);
    const reader = assignments.find((a) => a.principalId === READER);
    assert.ok(reader, 'the fleet gives READER the Reader role');
    assert.equal(
      reader.roleDefinitionId,
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE}`,
    );
    assert.equal(reader.scope, `/subscriptions/${SUB}`);
    assert.match(reader.name ?? '', /^[0-9a-f-]{36}$/);
    const definitions = [];
    for await (const d of client.roleDefinitions.list(`/subscriptions/${SUB}`, {
      filter: "roleName eq 'Monitoring Contributor'",
    }))
      definitions.push(d);
    assert.deepEqual(
      definitions.map((d) => [d.name, d.roleType]),
      [[MONITORING_CONTRIBUTOR, 'BuiltInRole']],
    );
    assert.ok(definitions[0]?.permissions?.[0]?.actions?.includes('Microsoft.Insights/dataCollectionEndpoints/*'));
    const contributor = await client.roleDefinitions.get(`/subscriptions/${SUB}`, CONTRIBUTOR);
    assert.equal(contributor.roleName, 'Contributor');
    assert.ok(contributor.permissions?.[0]?.notActions?.includes('Microsoft.Authorization/*/Write'));
  });

  it('a created assignment grants what its role allows at its scope, and deleting it takes it away', async () => {
    const refused = await call(emu, 'PUT', dcePath('by-reader'), { body: { location: 'eastus' }, principal: READER });
    assert.equal(refused.status, 403);
    const name = '0b5fe924-9a61-425c-96af-cfe6e287ca2d';
    const created = await client.roleAssignments.create(rg(), name, {
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${MONITORING_CONTRIBUTOR}`,
      principalId: READER,
      principalType: 'ServicePrincipal',
    });
    assert.equal(created.id, `${rg()}/providers/Microsoft.Authorization/roleAssignments/${name}`);
    assert.equal((await client.roleAssignments.get(rg(), name)).principalId, READER);
    const allowed = await call(emu, 'PUT', dcePath('by-reader'), { body: { location: 'eastus' }, principal: READER });
    assert.equal(allowed.status, 201);
    const atGroup = [];
    for await (const a of client.roleAssignments.listForScope(rg(), { filter: 'atScope()' })) atGroup.push(a.name);
    assert.ok(atGroup.includes(name));
    await client.roleAssignments.delete(rg(), name);
    const again = await call(emu, 'PUT', dcePath('by-reader-2'), { body: { location: 'eastus' }, principal: READER });
    assert.equal(again.status, 403);
  });

  it('refuses what Azure refuses: an unknown role, an unknown principal, a duplicate, a Contributor granting roles', async () => {
    const put = (name: string, properties: object, principal?: string) =>
      call(emu, 'PUT', assignmentPath(rg(), name), {
        body: { properties },
        ...(principal !== undefined ? { principal } : {}),
      });
    const definition = (guid: string) =>
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
    const unknownRole = await put('11111111-2222-4333-8444-555555555555', {
      roleDefinitionId: definition('00000000-0000-0000-0000-000000000000'),
      principalId: READER,
    });
    assert.equal(errorCode(unknownRole.body), 'RoleDefinitionDoesNotExist');
    const unknownPrincipal = await put('11111111-2222-4333-8444-555555555556', {
      roleDefinitionId: definition(READER_ROLE),
      principalId: '99999999-9999-4999-8999-999999999999',
    });
    assert.equal(errorCode(unknownPrincipal.body), 'PrincipalNotFound');
    const duplicate = await put('11111111-2222-4333-8444-555555555557', {
      roleDefinitionId: definition(READER_ROLE),
      principalId: OWNER,
    });
    assert.equal(duplicate.status, 201);
    const twice = await put('11111111-2222-4333-8444-555555555558', {
      roleDefinitionId: definition(READER_ROLE),
      principalId: OWNER,
    });
    assert.equal(errorCode(twice.body), 'RoleAssignmentExists');
    emu.setRoles(READER, [{ role: 'Contributor', scope: `/subscriptions/${SUB}` }]);
    const byContributor = await put(
      '11111111-2222-4333-8444-555555555559',
      { roleDefinitionId: definition(READER_ROLE), principalId: OWNER },
      READER,
    );
    assert.equal(byContributor.status, 403);
    assert.equal(errorCode(byContributor.body), 'AuthorizationFailed');
  });

  it('keeps created assignments across a restart with --state', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-roles-'));
    const first = await startEmulator({ fleet: testFleet(), stateDir });
    const name = '2b5fe924-9a61-425c-96af-cfe6e287ca2d';
    const created = await call(first, 'PUT', assignmentPath(rg(), name), {
      body: {
        properties: {
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`,
          principalId: READER,
        },
      },
    });
    assert.equal(created.status, 201);
    const second = await startEmulator({ stateDir });
    // The first was not stopped: the assignment came back from the journal alone.
    const read = await call(second, 'GET', assignmentPath(rg(), name));
    assert.deepEqual(read.body, created.body);
    await second.stop();
    await first.stop();
  });
});

describe('az role assignment (Azure CLI 2.45)', () => {
  let emu: RunningEmulator;
  let az: AzureCliSession;
  before(async () => {
    await assertAzureCliInstalled();
    emu = await startEmulator({ fleet: testFleet() });
    az = await createAzureCliSession(emu);
  });
  after(async () => {
    await az.dispose();
    await emu.stop();
  });

  it('az rest creates an assignment by its ARM path, az role assignment delete --ids removes it', async () => {
    // Debian's az 2.45 cannot run `az role assignment create` against any cloud: it reads
    // assignments_client.config.subscription_id, which its packaged azure-mgmt-authorization no longer has, and fails
    // with an AttributeError before it sends a request (AZURE-CLI-NOTES.md). `az rest` sends the same PUT.
    const name = '3c5fe924-9a61-425c-96af-cfe6e287ca2d';
    const created = (await az.json([
      'rest',
      '--method',
      'put',
      '--url',
      assignmentPath(rg(), name),
      '--body',
      JSON.stringify({
        properties: {
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${MONITORING_CONTRIBUTOR}`,
          principalId: READER,
          principalType: 'ServicePrincipal',
        },
      }),
    ])) as { id: string; properties: { roleDefinitionId: string; principalId: string } };
    assert.equal(created.properties.principalId, READER);
    const allowed = await call(emu, 'PUT', dcePath('by-az-grant'), { body: { location: 'eastus' }, principal: READER });
    assert.equal(allowed.status, 201);
    const deleted = await az.run(['role', 'assignment', 'delete', '--ids', created.id]);
    assert.equal(deleted.code, 0, deleted.stderr);
    const refused = await call(emu, 'PUT', dcePath('by-az-grant-2'), {
      body: { location: 'eastus' },
      principal: READER,
    });
    assert.equal(refused.status, 403);
  });
});
