// The data plane on a healthy private-link fleet: every agent ok, PromQL and KQL (official LogsQueryClient) see every
// cluster, DNS answers private addresses inside the VNets and public ones outside.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import type { RunningEmulator } from '../src/index.js';
import { healthyFleet, httpsJson, promql, resourceOf, startFleet } from './dataplane-support.js';

describe('data plane: healthy fleet', () => {
  let emu: RunningEmulator;
  let queryEndpoint: string;
  let customerId: string;

  before(async () => {
    emu = await startFleet(healthyFleet());
    const amw = resourceOf(emu, 'Microsoft.Monitor/accounts', 'amw');
    queryEndpoint = (amw['properties'] as { metrics: { prometheusQueryEndpoint: string } }).metrics
      .prometheusQueryEndpoint;
    const law = resourceOf(emu, 'Microsoft.OperationalInsights/workspaces', 'law');
    customerId = (law['properties'] as { customerId: string }).customerId;
    // Two rounds, as the timer would run them.
    emu.tick();
    emu.tick();
  });
  after(async () => emu.stop());

  it('runs both agents of every cluster, all ok, and shows them at /_emulator/agents', async () => {
    const status = emu.agents();
    assert.deepEqual(status.map((c) => c.clusterName).sort(), ['aks-east', 'aks-weu']);
    for (const cluster of status) {
      assert.deepEqual(cluster.agents.map((a) => a.agent).sort(), ['ama-logs', 'ama-metrics']);
      for (const agent of cluster.agents) {
        assert.equal(agent.status, 'ok', `${cluster.clusterName} ${agent.agent}: ${agent.lastError ?? ''}`);
        assert.ok(agent.lastSuccessTime);
        assert.ok(
          agent.requests.every((r) => r.private),
          'every request goes through the private endpoint',
        );
      }
      assert.match(cluster.privateLink?.privateLinkScopeId ?? '', /privateLinkScopes\/ampls$/);
    }
    const control = await httpsJson(emu, `${emu.url}/_emulator/agents`);
    assert.equal(control.status, 200);
    assert.equal((control.body as { value: unknown[] }).value.length, 2);
  });

  it('answers PromQL: up, a label filter, count by cluster, *_over_time', async () => {
    const up = await promql(emu, queryEndpoint, 'up');
    assert.equal(up.status, 200);
    assert.equal(up.body.status, 'success');
    assert.equal(up.body.data?.resultType, 'vector');
    const clusters = (up.body.data?.result as { metric: { cluster: string; __name__: string } }[]).map(
      (r) => r.metric.cluster,
    );
    assert.deepEqual(clusters.sort(), ['aks-east', 'aks-weu']);

    const one = await promql(emu, queryEndpoint, 'up{cluster="aks-weu"}');
    assert.equal(one.body.data?.result.length, 1);
    const [sample] = one.body.data?.result as { value: [number, string] }[];
    assert.equal(sample?.value[1], '1');

    const byCluster = await promql(emu, queryEndpoint, 'count by (cluster) (up)');
    assert.deepEqual(
      (byCluster.body.data?.result as { metric: Record<string, string>; value: [number, string] }[])
        .map((r) => [r.metric, r.value[1]])
        .sort(),
      [
        [{ cluster: 'aks-east' }, '1'],
        [{ cluster: 'aks-weu' }, '1'],
      ],
    );
    const counted = await promql(emu, queryEndpoint, 'count_over_time(up[15m])');
    assert.deepEqual(
      (counted.body.data?.result as { value: [number, string] }[]).map((r) => r.value[1]),
      ['2', '2'],
    );
    const max = await promql(emu, queryEndpoint, 'max_over_time(up{cluster="aks-east"}[15m])');
    assert.equal((max.body.data?.result as { metric: Record<string, string> }[])[0]?.metric['__name__'], undefined);

    const range = await promql(emu, queryEndpoint, 'up', 'query_range', {
      start: String(Date.now() / 1000 - 60),
      end: String(Date.now() / 1000),
      step: '30s',
    });
    assert.equal(range.body.data?.resultType, 'matrix');
    assert.equal(range.body.data?.result.length, 2);
  });

  it('answers PromQL errors as Prometheus does, and checks the token audience', async () => {
    const bad = await promql(emu, queryEndpoint, 'rate(up[5m])');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.status, 'error');
    assert.equal(bad.body.errorType, 'bad_data');
    const armToken = (await emu.tokenCredential.getToken('https://management.azure.com/.default')).token;
    const wrong = await httpsJson(emu, `${queryEndpoint}/api/v1/query?query=up`, { token: armToken });
    assert.equal(wrong.status, 401);
    const post = await httpsJson(emu, `${queryEndpoint}/api/v1/query`, {
      method: 'POST',
      token: (await emu.tokenCredential.getToken('https://prometheus.monitor.azure.com/.default')).token,
      body: 'query=count(up)',
      contentType: 'application/x-www-form-urlencoded',
    });
    assert.equal(post.status, 200);
    assert.equal((post.body as { data: { result: { value: [number, string] }[] } }).data.result[0]?.value[1], '2');
  });

  it('answers KQL through the official LogsQueryClient', async () => {
    const client = new LogsQueryClient(emu.tokenCredential, {
      endpoint: emu.logAnalyticsEndpoint,
      tlsOptions: { ca: emu.caCertPem },
      retryOptions: { maxRetries: 0 },
    });
    for (const table of ['KubePodInventory', 'ContainerLogV2', 'KubeEvents']) {
      const result = await client.queryWorkspace(
        customerId,
        `${table} | where TimeGenerated > ago(15m) | summarize count() by ClusterName`,
        { duration: 'PT15M' },
      );
      assert.equal(result.status, LogsQueryResultStatus.Success);
      if (result.status !== LogsQueryResultStatus.Success) return;
      const [primary] = result.tables;
      assert.deepEqual(
        primary?.columnDescriptors.map((c) => c.name),
        ['ClusterName', 'count_'],
      );
      assert.deepEqual(
        primary?.rows.map((r) => [r[0], r[1]]).sort(),
        [
          ['aks-east', 2],
          ['aks-weu', 2],
        ],
        table,
      );
    }
    const weu = resourceOf(emu, 'Microsoft.ContainerService/managedClusters', 'aks-weu');
    const filtered = await client.queryWorkspace(
      customerId,
      `KubePodInventory | where _ResourceId =~ "${weu.id.toUpperCase()}" | count`,
      { duration: 'PT15M' },
    );
    assert.equal(filtered.status, LogsQueryResultStatus.Success);
    if (filtered.status === LogsQueryResultStatus.Success) assert.equal(filtered.tables[0]?.rows[0]?.[0], 2);
    const taken = await client.queryWorkspace(customerId, 'ContainerLogV2 | where ClusterName == "aks-east" | take 1', {
      duration: 'PT1H',
    });
    assert.equal(taken.status, LogsQueryResultStatus.Success);
    if (taken.status === LogsQueryResultStatus.Success) {
      assert.equal(taken.tables[0]?.rows.length, 1);
      const time =
        taken.tables[0]?.rows[0]?.[taken.tables[0].columnDescriptors.findIndex((c) => c.name === 'TimeGenerated')];
      assert.ok(time instanceof Date, 'TimeGenerated is a datetime column');
    }
    // Resource-centric: rows of one cluster across workspaces.
    const byResource = await client.queryResource(weu.id, 'KubeEvents | count', { duration: 'PT15M' });
    assert.equal(byResource.status, LogsQueryResultStatus.Success);
    if (byResource.status === LogsQueryResultStatus.Success) assert.equal(byResource.tables[0]?.rows[0]?.[0], 2);
    await assert.rejects(
      client.queryWorkspace(customerId, 'KubeEvents | join (X) on Y', { duration: 'PT15M' }),
      (error: { statusCode?: number }) => error.statusCode === 400,
    );
  });

  it('says where its Log Analytics API is in /metadata/endpoints, in the shape of each api-version, as ARM does', async () => {
    const current = await httpsJson(emu, `${emu.url}/metadata/endpoints?api-version=2022-09-01`);
    assert.equal(current.status, 200);
    const cloud = current.body as {
      name: string;
      resourceManager: string;
      logAnalyticsResourceId: string;
      authentication: { loginEndpoint: string; audiences: string[] };
      suffixes: Record<string, string>;
    };
    assert.equal(cloud.resourceManager, `${emu.url}/`);
    assert.equal(cloud.logAnalyticsResourceId, `${emu.url}/loganalytics`);
    assert.deepEqual(cloud.authentication.audiences, [
      'https://management.core.windows.net/',
      'https://management.azure.com/',
    ]);
    assert.equal(typeof cloud.name, 'string');
    assert.equal(typeof cloud.suffixes['storage'], 'string');
    const list = await httpsJson(emu, `${emu.url}/metadata/endpoints?api-version=2019-05-01`);
    assert.deepEqual(list.body, [cloud]);
    const old = (await httpsJson(emu, `${emu.url}/metadata/endpoints?api-version=2015-01-01`)).body as Record<
      string,
      unknown
    >;
    assert.equal(old['galleryEndpoint'], `${emu.url}/`);
    assert.equal(old['logAnalyticsResourceId'], undefined);

    // The query API answers at the resource id's /v1, to a token for that resource id, as api.loganalytics.io does.
    const client = new LogsQueryClient(emu.tokenCredential, {
      endpoint: `${cloud.logAnalyticsResourceId}/v1`,
      credentials: { scopes: [`${cloud.logAnalyticsResourceId}/.default`] },
      tlsOptions: { ca: emu.caCertPem },
      retryOptions: { maxRetries: 0 },
    });
    const result = await client.queryWorkspace(customerId, 'KubePodInventory | summarize count() by ClusterName', {
      duration: 'PT15M',
    });
    assert.equal(result.status, LogsQueryResultStatus.Success);
    const prometheusToken = (await emu.tokenCredential.getToken('https://prometheus.monitor.azure.com/.default')).token;
    const refused = await httpsJson(emu, `${emu.url}/loganalytics/v1/workspaces/${customerId}/query`, {
      method: 'POST',
      token: prometheusToken,
      body: JSON.stringify({ query: 'KubePodInventory' }),
      contentType: 'application/json',
    });
    assert.equal(refused.status, 401);
  });

  it('serves DNS per VNet: private addresses inside, public ones outside', async () => {
    const servers = await emu.dnsServers();
    const hub = servers.find((s) => s.vnetName === 'vnet-hub');
    const internet = servers.find((s) => s.vnetId === undefined);
    assert.ok(hub && internet);
    const dce = resourceOf(emu, 'Microsoft.Insights/dataCollectionEndpoints', 'MSCI-config-eastus-aks-east');
    const configHost = new URL(
      (dce['properties'] as { configurationAccess: { endpoint: string } }).configurationAccess.endpoint,
    ).hostname;
    const resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`${hub.address}:${hub.port}`]);
    assert.deepEqual(await resolver.resolve4(configHost), ['10.0.1.4']);
    assert.deepEqual(await resolver.resolve4(`${customerId}.ods.opinsights.azure.com`), ['10.0.1.4']);
    // The global record the fleet wrote into the zone (10.0.1.0/24, 4th address on).
    const [globalHandler] = await resolver.resolve4('global.handler.control.monitor.azure.com');
    assert.match(globalHandler ?? '', /^10\.0\.1\.\d+$/);
    const outside = new Resolver({ timeout: 2000, tries: 1 });
    outside.setServers([`${internet.address}:${internet.port}`]);
    const [publicAddress] = await outside.resolve4(configHost);
    assert.match(publicAddress ?? '', /^203\.0\.113\.\d+$/);
    await assert.rejects(outside.resolve4('example.org'), (error: { code?: string }) => error.code === 'ENOTFOUND');
  });
});
