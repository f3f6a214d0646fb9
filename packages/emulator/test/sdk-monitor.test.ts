// The official @azure/arm-monitor client against the emulator: DCE, DCR, DCRA, AMPLS and scoped resources.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MonitorClient } from '@azure/arm-monitor';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { isRestError, type RestError } from '@azure/core-rest-pipeline';
import type { RunningEmulator } from '../src/index.js';
import { FAST, READER, SUB, call, errorCode, rg, sdkOptions, startTestEmulator } from './helpers.js';

async function rejectsWith(promise: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isRestError(error), `expected a RestError, got ${String(error)}`);
    assert.equal(error.statusCode, status);
    assert.equal(error.code, code);
    return true;
  });
}

describe('Azure SDK for JS: @azure/arm-monitor', () => {
  let emu: RunningEmulator;
  let monitor: MonitorClient;
  const group = 'rg-test';
  const dceId = `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/dce-eastus`;

  before(async () => {
    // Long enough that two writes on one AMPLS overlap; the SDK waits Retry-After (1 s) anyway.
    emu = await startTestEmulator({ lroDelayMs: 400 });
    monitor = new MonitorClient(emu.tokenCredential, SUB, sdkOptions(emu));
  });
  after(async () => emu.stop());

  it('creates a DCE (201 then 200), forms its endpoints as Azure does, and reads it back', async () => {
    const created = await monitor.dataCollectionEndpoints.create(group, 'dce-eastus', {
      body: { location: 'eastus', networkAcls: { publicNetworkAccess: 'Disabled' } },
    });
    assert.equal(created.id, dceId);
    assert.equal(created.provisioningState, 'Succeeded');
    assert.match(
      created.configurationAccess?.endpoint ?? '',
      /^https:\/\/dce-eastus-[a-z0-9]{4}\.eastus-1\.handler\.control\.monitor\.azure\.com$/,
    );
    assert.match(
      created.logsIngestion?.endpoint ?? '',
      /^https:\/\/dce-eastus-[a-z0-9]{4}\.eastus-1\.ingest\.monitor\.azure\.com$/,
    );
    const again = await monitor.dataCollectionEndpoints.get(group, 'DCE-EASTUS');
    assert.equal(again.name, 'dce-eastus');
    assert.equal(again.networkAcls?.publicNetworkAccess, 'Disabled');
    assert.equal(again.immutableId, created.immutableId);
  });

  it('refuses to move a DCE to another location by PUT (409 InvalidResourceLocation), as ARM does', async () => {
    await assert.rejects(
      monitor.dataCollectionEndpoints.create(group, 'dce-eastus', { body: { location: 'westeurope' } }),
      (error: RestError) =>
        error.statusCode === 409 &&
        error.code === 'InvalidResourceLocation' &&
        /already exists in location 'eastus'.*cannot be created in location 'westeurope'/.test(error.message),
    );
  });

  it('answers 404 ResourceNotFound for a missing DCE and ResourceGroupNotFound for a missing group', async () => {
    await rejectsWith(monitor.dataCollectionEndpoints.get(group, 'nope'), 404, 'ResourceNotFound');
    await rejectsWith(monitor.dataCollectionEndpoints.get('no-such-group', 'nope'), 404, 'ResourceGroupNotFound');
  });

  it('lists DCEs across pages (nextLink followed by the SDK)', async () => {
    for (const n of ['a', 'b', 'c', 'd']) {
      await monitor.dataCollectionEndpoints.create(group, `dce-page-${n}`, { body: { location: 'westus2' } });
    }
    const names: string[] = [];
    for await (const dce of monitor.dataCollectionEndpoints.listByResourceGroup(group)) names.push(dce.name ?? '');
    assert.equal(names.length, 5);
    const page = await call(
      emu,
      'GET',
      `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints?api-version=2021-04-01`,
    );
    assert.ok((page.body as { nextLink?: string }).nextLink, 'the first page has a nextLink');
    for (const n of ['a', 'b', 'c', 'd']) await monitor.dataCollectionEndpoints.delete(group, `dce-page-${n}`);
  });

  it('refuses a DCR whose DCE does not exist, and creates one whose DCE exists', async () => {
    const rule = {
      location: 'eastus',
      dataCollectionEndpointId: `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/missing`,
      dataFlows: [{ streams: ['Microsoft-PrometheusMetrics'], destinations: ['amw'] }],
    };
    // arm-monitor 7 (api 2021-04-01) has no dataCollectionEndpointId in its model, so the check is made on the wire.
    const bad = await call(
      emu,
      'PUT',
      `${rg()}/providers/Microsoft.Insights/dataCollectionRules/dcr-bad?api-version=2024-03-11`,
      {
        body: { location: 'eastus', properties: { dataCollectionEndpointId: rule.dataCollectionEndpointId } },
      },
    );
    assert.equal(bad.status, 400);
    assert.equal(errorCode(bad.body), 'InvalidPayload');
    assert.match((bad.body as { error: { message: string } }).error.message, /properties\.dataCollectionEndpointId/);
    const created = await monitor.dataCollectionRules.create(group, 'MSProm-eastus-aks1', {
      body: { ...rule, dataCollectionEndpointId: dceId },
    });
    assert.match(created.immutableId ?? '', /^dcr-[0-9a-f]{32}$/);
  });

  it('associates a cluster with its configuration DCE and a DCR, lists by resource, rule and endpoint', async () => {
    const aks = new ContainerServiceClient(emu.tokenCredential, SUB, sdkOptions(emu));
    const cluster = await aks.managedClusters.beginCreateOrUpdateAndWait(
      group,
      'aks1',
      { location: 'eastus', dnsPrefix: 'aks1' },
      FAST,
    );
    const clusterId = cluster.id ?? '';
    assert.equal(cluster.provisioningState, 'Succeeded');
    await rejectsWith(
      monitor.dataCollectionRuleAssociations.create(clusterId, 'wrong-name', {
        body: { dataCollectionEndpointId: dceId },
      }),
      400,
      'InvalidEndpointAssociationName',
    );
    await monitor.dataCollectionRuleAssociations.create(clusterId, 'configurationAccessEndpoint', {
      body: { dataCollectionEndpointId: dceId },
    });
    const ruleId = `${rg()}/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks1`;
    await monitor.dataCollectionRuleAssociations.create(clusterId, 'ContainerInsightsMetricsExtension', {
      body: { dataCollectionRuleId: ruleId },
    });
    const byResource: string[] = [];
    for await (const a of monitor.dataCollectionRuleAssociations.listByResource(clusterId))
      byResource.push(a.name ?? '');
    assert.deepEqual(byResource.sort(), ['ContainerInsightsMetricsExtension', 'configurationAccessEndpoint']);
    const byRule: string[] = [];
    for await (const a of monitor.dataCollectionRuleAssociations.listByRule(group, 'MSProm-eastus-aks1'))
      byRule.push(a.name ?? '');
    assert.deepEqual(byRule, ['ContainerInsightsMetricsExtension']);
    const byDce = await call(emu, 'GET', `${dceId}/associations?api-version=2024-03-11`);
    assert.deepEqual(
      (byDce.body as { value: { name: string }[] }).value.map((a) => a.name),
      ['configurationAccessEndpoint'],
    );
    await rejectsWith(
      monitor.dataCollectionRuleAssociations.create(
        `${rg()}/providers/Microsoft.ContainerService/managedClusters/ghost`,
        'x',
        { body: { dataCollectionRuleId: ruleId } },
      ),
      404,
      'ResourceNotFound',
    );
  });

  it('links a DCE into an AMPLS (long-running), shows the link on the DCE, refuses the same link twice (409)', async () => {
    await monitor.privateLinkScopes.createOrUpdate(group, 'ampls', { location: 'global' });
    const scoped = await monitor.privateLinkScopedResources.beginCreateOrUpdateAndWait(
      group,
      'ampls',
      'dce-eastus-connection',
      { linkedResourceId: dceId },
      FAST,
    );
    // As Azure answers (recording test_monitor_private_link_scope_scenario.yaml): the linked id all in lower case,
    // the scoped resource's provider and types in lower case, group and names as sent.
    assert.equal(scoped.linkedResourceId, dceId.toLowerCase());
    assert.equal(
      scoped.id,
      `${rg()}/providers/microsoft.insights/privatelinkscopes/ampls/scopedresources/dce-eastus-connection`,
    );
    assert.equal(scoped.type, 'microsoft.insights/privatelinkscopes/scopedresources');
    const scope = (
      await call(emu, 'GET', `${rg()}/providers/Microsoft.Insights/privateLinkScopes/ampls?api-version=2021-09-01`)
    ).body as { id: string; type: string; properties: { scopeId: string } };
    assert.equal(scope.id, `${rg()}/providers/microsoft.insights/privatelinkscopes/ampls`);
    assert.equal(scope.type, 'microsoft.insights/privatelinkscopes');
    // arm-monitor 7's DCE model predates privateLinkScopedResources: read it on the wire with api-version 2024-03-11.
    const dce = (await call(emu, 'GET', `${dceId}?api-version=2024-03-11`)).body as {
      properties: { privateLinkScopedResources?: unknown };
    };
    // scopeId is the AMPLS's immutable id, not its ARM id (spec dataCollectionEndpoints_API.json 2024-03-11).
    assert.match(scope.properties.scopeId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(dce.properties.privateLinkScopedResources, [
      { resourceId: scoped.id, scopeId: scope.properties.scopeId },
    ]);
    await rejectsWith(
      monitor.privateLinkScopedResources.beginCreateOrUpdateAndWait(
        group,
        'ampls',
        'second',
        { linkedResourceId: dceId },
        FAST,
      ),
      409,
      'Conflict',
    );
    const list: string[] = [];
    for await (const s of monitor.privateLinkScopedResources.listByPrivateLinkScope(group, 'ampls'))
      list.push(s.name ?? '');
    assert.deepEqual(list, ['dce-eastus-connection']);
  });

  it('refuses a second write on an AMPLS while one is in progress (409 Cannot modify resource while in provisioning state)', async () => {
    await monitor.dataCollectionEndpoints.create(group, 'dce-westus2', { body: { location: 'westus2' } });
    await monitor.dataCollectionEndpoints.create(group, 'dce-westus3', { body: { location: 'westus3' } });
    const scopedPath = (name: string) =>
      `${rg()}/providers/Microsoft.Insights/privateLinkScopes/ampls/scopedResources/${name}?api-version=2021-09-01`;
    const link = (region: string) => ({
      properties: { linkedResourceId: `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/dce-${region}` },
    });
    const answers = await Promise.all([
      call(emu, 'PUT', scopedPath('w2'), { body: link('westus2') }),
      call(emu, 'PUT', scopedPath('w3'), { body: link('westus3') }),
    ]);
    // Whichever reaches the server first wins; the two requests may arrive in either order.
    const firstIndex = answers.findIndex((a) => a.status === 202);
    const first = answers[firstIndex];
    const second = answers[1 - firstIndex];
    assert.ok(first !== undefined && second !== undefined, `statuses: ${answers.map((a) => a.status).join(', ')}`);
    const refusedRegion = firstIndex === 0 ? 'westus3' : 'westus2';
    assert.match(
      String(first.headers['azure-asyncoperation']),
      /privateLinkScopeOperationStatuses\/[0-9a-f-]+\?api-version=2021-09-01$/,
    );
    assert.equal(first.headers['retry-after'], '1');
    assert.equal(second.status, 409);
    assert.equal(
      (second.body as { error: { message: string } }).error.message,
      "Cannot modify resource while in provisioning state: 'Provisioning'",
    );
    await new Promise((resolve) => setTimeout(resolve, 450));
    const status = await call(emu, 'GET', String(first.headers['azure-asyncoperation']));
    assert.equal((status.body as { status: string }).status, 'Succeeded');
    const retried = await monitor.privateLinkScopedResources.beginCreateOrUpdateAndWait(
      group,
      'ampls',
      refusedRegion === 'westus3' ? 'w3' : 'w2',
      { linkedResourceId: link(refusedRegion).properties.linkedResourceId },
      FAST,
    );
    assert.equal(retried.provisioningState, 'Succeeded');
  });

  it('refuses to link a resource type that cannot be linked, or one that does not exist', async () => {
    const aksId = `${rg()}/providers/Microsoft.ContainerService/managedClusters/aks1`;
    await rejectsWith(
      monitor.privateLinkScopedResources.beginCreateOrUpdateAndWait(
        group,
        'ampls',
        'aks',
        { linkedResourceId: aksId },
        FAST,
      ),
      400,
      'InvalidLinkedResourceId',
    );
    await rejectsWith(
      monitor.privateLinkScopedResources.beginCreateOrUpdateAndWait(
        group,
        'ampls',
        'ghost',
        { linkedResourceId: `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/ghost` },
        FAST,
      ),
      404,
      'LinkedResourceNotFound',
    );
  });

  it('unlinks (long-running delete) and the DCE no longer lists the scope', async () => {
    await monitor.privateLinkScopedResources.beginDeleteAndWait(group, 'ampls', 'dce-eastus-connection', FAST);
    const dce = (await call(emu, 'GET', `${dceId}?api-version=2024-03-11`)).body as {
      properties: { privateLinkScopedResources?: unknown };
    };
    assert.deepEqual(dce.properties.privateLinkScopedResources, []);
  });

  it('deletes an AMPLS as a long-running operation: Deleting until it is gone, its links with it', async () => {
    await monitor.privateLinkScopes.createOrUpdate(group, 'ampls-doomed', { location: 'global' });
    await monitor.privateLinkScopedResources.beginCreateOrUpdateAndWait(
      group,
      'ampls-doomed',
      'dce-connection',
      { linkedResourceId: dceId },
      FAST,
    );
    const poller = await monitor.privateLinkScopes.beginDelete(group, 'ampls-doomed', FAST);
    await poller.poll(); // the SDK's poller sends the DELETE on its first poll
    const during = await monitor.privateLinkScopes.get(group, 'ampls-doomed');
    assert.equal(during.provisioningState, 'Deleting');
    await poller.pollUntilDone();
    await rejectsWith(monitor.privateLinkScopes.get(group, 'ampls-doomed'), 404, 'ResourceNotFound');
    const dce = await monitor.dataCollectionEndpoints.get(group, 'dce-eastus');
    assert.ok(!(dce.privateLinkScopedResources ?? []).some((s) => /ampls-doomed/i.test(s.scopeId ?? '')));
  });

  it("answers 403 AuthorizationFailed with ARM's message to a Reader who writes", async () => {
    const readerClient = new MonitorClient(emu.credentialFor(READER), SUB, sdkOptions(emu));
    await readerClient.dataCollectionEndpoints.get(group, 'dce-eastus');
    await assert.rejects(
      readerClient.dataCollectionEndpoints.create(group, 'by-reader', { body: { location: 'eastus' } }),
      (error: unknown) => {
        assert.ok(isRestError(error));
        assert.equal(error.statusCode, 403);
        assert.equal(error.code, 'AuthorizationFailed');
        assert.match(
          error.message,
          new RegExp(
            `The client '${READER}' with object id '${READER}' does not have authorization to perform action 'Microsoft.Insights/dataCollectionEndpoints/write' over scope '.*by-reader' or the scope is invalid`,
          ),
        );
        return true;
      },
    );
    emu.setRoles(READER, [{ role: 'Monitoring Contributor', scope: `/subscriptions/${SUB}` }]);
    await readerClient.dataCollectionEndpoints.create(group, 'by-reader', { body: { location: 'eastus' } });
    emu.setRoles(READER, [{ role: 'Reader', scope: `/subscriptions/${SUB}` }]);
  });

  it('answers 401 without a token and 400 without api-version', async () => {
    const noToken = await call(emu, 'GET', `${dceId}?api-version=2024-03-11`, { token: null });
    assert.equal(noToken.status, 401);
    assert.equal(errorCode(noToken.body), 'AuthenticationFailed');
    const badToken = await call(emu, 'GET', `${dceId}?api-version=2024-03-11`, { token: 'not-a-jwt' });
    assert.equal(errorCode(badToken.body), 'InvalidAuthenticationToken');
    const noVersion = await call(emu, 'GET', dceId);
    assert.equal(noVersion.status, 400);
    assert.equal(errorCode(noVersion.body), 'MissingApiVersionParameter');
    const unknownType = await call(
      emu,
      'GET',
      `${rg()}/providers/Microsoft.Insights/noSuchThings/x?api-version=2021-04-01`,
    );
    assert.equal(unknownType.status, 404);
    assert.equal(errorCode(unknownType.body), 'InvalidResourceType');
  });

  it('deletes DCR and DCE', async () => {
    await monitor.dataCollectionRules.delete(group, 'MSProm-eastus-aks1');
    await rejectsWith(monitor.dataCollectionRules.get(group, 'MSProm-eastus-aks1'), 404, 'ResourceNotFound');
    await monitor.dataCollectionEndpoints.delete(group, 'dce-westus3');
    await rejectsWith(monitor.dataCollectionEndpoints.get(group, 'dce-westus3'), 404, 'ResourceNotFound');
  });
});
