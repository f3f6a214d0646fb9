// Resource Graph in the emulator through the official client (@azure/arm-resourcegraph), raw HTTPS and az rest:
// tables over the store, KQL, paging with $skipToken, RBAC scoping, the 400 shape and the per-user quota.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ResourceGraphClient, type ResourceGraphModels } from '@azure/arm-resourcegraph';
import { expandFleet, generateFleet, type ExpandedFleet } from '../src/fleet/index.js';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { formatTimespan } from '../src/server/resource-graph.js';
import { assertAzureCliInstalled, createAzureCliSession } from '../src/testing/azure-cli.js';
import { call, READER, SUB, startTestEmulator } from './helpers.js';

const PATH = '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01';
// Types Azure keeps inside their parent's properties, or only in insightsresources / resourcecontainers.
const NOT_IN_RESOURCES = new Set([
  'microsoft.resources/resourcegroups',
  'microsoft.insights/datacollectionruleassociations',
  'microsoft.network/virtualnetworks/subnets',
  'microsoft.network/virtualnetworks/virtualnetworkpeerings',
  'microsoft.network/privateendpoints/privatednszonegroups',
  'microsoft.network/privatednszones/a',
  'microsoft.network/routetables/routes',
  'microsoft.network/firewallpolicies/rulecollectiongroups',
  'microsoft.insights/privatelinkscopes/scopedresources',
  'microsoft.insights/privatelinkscopes/privateendpointconnections',
]);

let fleet: ExpandedFleet;
let emu: RunningEmulator;
let client: ResourceGraphClient;
type Item = Record<string, unknown>;
type QueryRequest = ResourceGraphModels.QueryRequest;
type QueryResponse = ResourceGraphModels.QueryResponse;

const rows = (response: QueryResponse): Item[] => response.data as Item[];
const query = (request: QueryRequest): Promise<QueryResponse> => client.resources(request);
const byType = (): Map<string, Item[]> => {
  const out = new Map<string, Item[]>();
  for (const r of emu.snapshot().value as Item[]) {
    const type = String(r['type']).toLowerCase();
    out.set(type, [...(out.get(type) ?? []), r]);
  }
  return out;
};

before(async () => {
  // 1,200 clusters over 2 subscriptions: about 5,000 rows in `resources`.
  fleet = expandFleet(generateFleet({ clusters: 1200, regions: 4, subscriptions: 2 }));
  emu = await startEmulator({ fleet });
  client = new ResourceGraphClient(emu.tokenCredential, {
    baseUri: emu.url,
    agentSettings: { http: new HttpAgent(), https: new HttpsAgent({ ca: emu.caCertPem }) },
  });
});

after(async () => {
  await emu.stop();
});

describe('Resource Graph through @azure/arm-resourcegraph', () => {
  it('finds the clusters, with Resource Graph row columns and lower-cased types', async () => {
    const clusters = byType().get('microsoft.containerservice/managedclusters') ?? [];
    assert.ok(clusters.length > 1000);
    const response = await query({
      query:
        "resources | where type =~ 'Microsoft.ContainerService/managedClusters' | project id, name, type, location, resourceGroup, subscriptionId, tags, properties",
      options: { top: 1000 },
    });
    assert.equal(response.totalRecords, clusters.length);
    assert.equal(response.count, 1000);
    assert.equal(response.resultTruncated, 'false');
    assert.ok(response.skipToken, 'more than a page gives a $skipToken');
    const first = rows(response)[0] ?? {};
    const stored = clusters.find((c) => c['id'] === first['id']);
    assert.ok(stored, 'the row is a stored cluster');
    assert.equal(first['type'], 'microsoft.containerservice/managedclusters');
    assert.equal(first['name'], stored['name']);
    assert.equal(first['location'], stored['location']);
    assert.equal(first['resourceGroup'], String(first['id']).split('/')[4]?.toLowerCase());
    assert.deepEqual(first['properties'], stored['properties']);
    assert.deepEqual(first['tags'], stored['tags'] ?? {});
  });

  it('filters DCEs by property paths and projects computed columns', async () => {
    const dces = byType().get('microsoft.insights/datacollectionendpoints') ?? [];
    const wanted = dces.filter((d) => String(d['name']).toLowerCase().startsWith('msci-ingest'));
    assert.ok(wanted.length > 0 && wanted.length < dces.length);
    const response = await query({
      query: `resources
        | where type in~ ('microsoft.insights/datacollectionendpoints') and isnotempty(name)
        | where name startswith 'msci-INGEST' and location in~ ('EastUS', 'westus2') and isnotempty(properties.networkAcls['publicNetworkAccess'])
        | where not(name has 'nothing-like-this') and name !contains 'nothing'
        | extend access = tolower(tostring(properties.networkAcls.publicNetworkAccess))
        | project id, access, region = location
        | order by id asc | limit 1000`,
    });
    assert.equal(response.totalRecords, wanted.length);
    for (const row of rows(response)) {
      const stored = wanted.find((d) => d['id'] === row['id']);
      const acls = (stored?.['properties'] as Item | undefined)?.['networkAcls'] as Item | undefined;
      assert.equal(row['access'], String(acls?.['publicNetworkAccess']).toLowerCase());
      assert.equal(row['region'], stored?.['location']);
    }
    const ids = rows(response).map((r) => String(r['id']));
    assert.deepEqual(ids, [...ids].sort());
    assert.deepEqual(Object.keys(rows(response)[0] ?? {}), ['id', 'access', 'region']);
  });

  it('reads associations from insightsresources, not from resources', async () => {
    const associations = byType().get('microsoft.insights/datacollectionruleassociations') ?? [];
    assert.ok(associations.length > 0);
    const response = await query({
      query:
        "insightsresources | where type == 'microsoft.insights/datacollectionruleassociations' | summarize count()",
    });
    assert.deepEqual(rows(response), [{ count_: associations.length }]);
    const cluster = String(associations[0]?.['id']).split('/providers/Microsoft.Insights/')[0] ?? '';
    const forCluster = await query({
      query: `insightsresources | where id startswith '${cluster}/' | project id, rule = properties.dataCollectionRuleId, endpoint = properties.dataCollectionEndpointId`,
    });
    const expected = associations.filter((a) => String(a['id']).startsWith(`${cluster}/`));
    assert.equal(forCluster.count, expected.length);
    const inResources = await query({ query: "resources | where type has 'datacollectionruleassociations' | count" });
    assert.deepEqual(rows(inResources), [{ Count: 0 }]);
  });

  it('pages 2,500+ rows with $skipToken: every row once, totals and counts consistent', async () => {
    const expected = [...byType()].filter(([type]) => !NOT_IN_RESOURCES.has(type)).flatMap(([, r]) => r);
    assert.ok(expected.length > 2500, `${expected.length} rows`);
    const seen: string[] = [];
    let skipToken: string | undefined;
    let pages = 0;
    do {
      const response = await query({
        query: 'resources | project id, type',
        options: { top: 1000, ...(skipToken ? { skipToken } : {}) },
      });
      assert.equal(response.totalRecords, expected.length);
      assert.equal(response.count, rows(response).length);
      seen.push(...rows(response).map((r) => String(r['id'])));
      skipToken = response.skipToken;
      pages += 1;
    } while (skipToken !== undefined);
    assert.equal(pages, Math.ceil(expected.length / 1000));
    assert.equal(new Set(seen).size, seen.length, 'no row twice');
    assert.deepEqual(new Set(seen), new Set(expected.map((r) => String(r['id']))));
    // The token is stable: the same token gives the same page.
    const first = await query({ query: 'resources | project id, type', options: { top: 7 } });
    const again = await Promise.all(
      [1, 2].map(() => query({ query: 'resources | project id, type', options: { skipToken: first.skipToken ?? '' } })),
    );
    assert.deepEqual(rows(again[0] as QueryResponse), rows(again[1] as QueryResponse));
    assert.equal(again[0]?.count, 7);
    // A token belongs to its query, and $top stays within Resource Graph's 1,000.
    for (const body of [
      { query: 'resources | project id', options: { $skipToken: first.skipToken } },
      { query: 'resources | project id', options: { $top: 1001 } },
    ]) {
      const refused = await call(emu, 'POST', PATH, { body });
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal((refused.body as { error: { code: string } }).error.code, 'BadRequest');
    }
    // Without an id column there is no token: the answer says it is truncated.
    const noId = await query({ query: 'resources | project name', options: { top: 10 } });
    assert.equal(noId.resultTruncated, 'true');
    assert.equal(noId.skipToken, undefined);
  });

  it('summarize count() by type matches the store', async () => {
    const response = await query({ query: 'resources | summarize count() by type' });
    const counted = Object.fromEntries(rows(response).map((r) => [r['type'], r['count_']]));
    const expected = Object.fromEntries(
      [...byType()].filter(([type]) => !NOT_IN_RESOURCES.has(type)).map(([type, r]) => [type, r.length]),
    );
    assert.deepEqual(counted, expected);
  });

  it('lists subscriptions and groups in resourcecontainers, and the table result format', async () => {
    const response = await query({
      query: 'resourcecontainers | project name, type | order by type asc, name asc',
      options: { resultFormat: 'table' },
    });
    const table = response.data as { columns: { name: string; type: string }[]; rows: unknown[][] };
    assert.deepEqual(table.columns, [
      { name: 'name', type: 'string' },
      { name: 'type', type: 'string' },
    ]);
    const subscriptions = table.rows.filter((r) => r[1] === 'microsoft.resources/subscriptions');
    const groups = table.rows.filter((r) => r[1] === 'microsoft.resources/subscriptions/resourcegroups');
    assert.equal(subscriptions.length, fleet.subscriptions.length);
    assert.equal(groups.length, byType().get('microsoft.resources/resourcegroups')?.length);
  });

  it('limits rows to the subscriptions asked for', async () => {
    const [one] = fleet.subscriptions;
    assert.ok(one);
    const all = await query({ query: 'resources | count' });
    const scoped = await query({ query: 'resources | count', subscriptions: [one.subscriptionId] });
    const expected = (emu.snapshot().value as Item[]).filter(
      (r) =>
        String(r['id']).split('/')[2] === one.subscriptionId && !NOT_IN_RESOURCES.has(String(r['type']).toLowerCase()),
    ).length;
    assert.deepEqual(rows(scoped), [{ Count: expected }]);
    assert.ok(Number(rows(all)[0]?.['Count']) > expected);
  });

  it('answers KQL it does not support with 400 in Resource Graph error shape', async () => {
    for (const [kql, detail] of [
      ['resources | join (resourcecontainers) on subscriptionId', 'UnsupportedOperator'],
      ['resources | where bag_keys(tags) == 1', 'UnknownFunction'],
      ['resources | where nosuchcolumn == 1', 'UnknownName'],
      ['resources | where name == ', 'ParserFailure'],
    ] as const) {
      const response = await call(emu, 'POST', PATH, { body: { query: kql } });
      assert.equal(response.status, 400, kql);
      const error = (response.body as { error: { code: string; message: string; details: Item[] } }).error;
      assert.equal(error.code, 'BadRequest');
      assert.match(error.message, /correlationId = /);
      assert.equal(error.details[0]?.['code'], 'InvalidQuery');
      assert.equal(error.details[1]?.['code'], detail, kql);
    }
    await assert.rejects(query({ query: 'resources | evaluate bag_unpack(tags)' }), (e: { statusCode?: number }) => {
      assert.equal(e.statusCode, 400);
      return true;
    });
  });
});

describe('Resource Graph scoping, quota and az rest', () => {
  it('shows a Reader only what its role covers', async () => {
    const small = await startTestEmulator();
    try {
      const group = `/subscriptions/${SUB}/resourceGroups/rg-test`;
      const other = `/subscriptions/${SUB}/resourceGroups/rg-other`;
      for (const id of [other]) {
        const put = await call(small, 'PUT', `${id}?api-version=2021-04-01`, { body: { location: 'eastus' } });
        assert.ok(put.status < 300);
      }
      for (const [scope, name] of [
        [group, 'dce-a'],
        [other, 'dce-b'],
      ] as const) {
        const put = await call(
          small,
          'PUT',
          `${scope}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}?api-version=2022-06-01`,
          { body: { location: 'eastus', properties: {} } },
        );
        assert.ok(put.status < 300, JSON.stringify(put.body));
      }
      small.setRoles(READER, [{ role: 'Reader', scope: group }]);
      const body = { query: 'resources | project name' };
      const asReader = await call(small, 'POST', PATH, { body, principal: READER });
      assert.deepEqual((asReader.body as { data: Item[] }).data, [{ name: 'dce-a' }]);
      const asOwner = await call(small, 'POST', PATH, { body });
      assert.deepEqual((asOwner.body as { data: Item[] }).data, [{ name: 'dce-a' }, { name: 'dce-b' }]);
    } finally {
      await small.stop();
    }
  });

  it('counts the quota down and refuses the 16th query within 5 s with 429 and Retry-After', async () => {
    const small = await startTestEmulator({ throttling: true });
    try {
      const token = (await small.tokenCredential.getToken('https://management.azure.com/.default')).token;
      const remaining: number[] = [];
      for (let i = 0; i < 15; i += 1) {
        const response = await call(small, 'POST', PATH, { body: { query: 'resources | take 1' }, token });
        assert.equal(response.status, 200);
        remaining.push(Number(response.headers['x-ms-user-quota-remaining']));
        assert.match(String(response.headers['x-ms-user-quota-resets-after']), /^00:00:0[0-5](\.\d+)?$/);
      }
      assert.deepEqual(remaining, [14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
      const refused = await call(small, 'POST', PATH, { body: { query: 'resources | take 1' }, token });
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      assert.equal(refused.headers['x-ms-user-quota-remaining'], '0');
      const error = (refused.body as { error: { code: string; details: Item[] } }).error;
      assert.equal(error.code, 'RateLimiting');
      assert.equal(error.details[0]?.['code'], 'RateLimiting');
      // Another principal has its own quota.
      const reader = await call(small, 'POST', PATH, { body: { query: 'resources | take 1' }, principal: READER });
      assert.equal(reader.status, 200);
      assert.equal(reader.headers['x-ms-user-quota-remaining'], '14');
    } finally {
      await small.stop();
    }
  });

  it('refills the quota after the window, in the timing time-scale', async () => {
    // At 1/5 of real time the 5-second window lasts 1 s of wall time.
    const small = await startTestEmulator({ throttling: true, timing: { timeScale: 0.2 } });
    try {
      const token = (await small.tokenCredential.getToken('https://management.azure.com/.default')).token;
      const body = { query: 'resources | take 1' };
      const burst = await Promise.all(Array.from({ length: 16 }, () => call(small, 'POST', PATH, { body, token })));
      const refused = burst.filter((r) => r.status === 429);
      assert.equal(refused.length, 1);
      assert.ok(Number(refused[0]?.headers['retry-after']) <= 1, 'Retry-After is scaled');
      await new Promise((r) => setTimeout(r, 1100));
      const again = await call(small, 'POST', PATH, { body, token });
      assert.equal(again.status, 200);
      assert.equal(again.headers['x-ms-user-quota-remaining'], '14');
    } finally {
      await small.stop();
    }
  });

  it('formats the reset time as hh:mm:ss', () => {
    assert.equal(formatTimespan(5000), '00:00:05');
    assert.equal(formatTimespan(3_723_000), '01:02:03');
    assert.equal(formatTimespan(50), '00:00:00.050');
  });

  it('works with az rest --method post', async () => {
    await assertAzureCliInstalled();
    const session = await createAzureCliSession(emu);
    try {
      const answer = (await session.json([
        'rest',
        '--method',
        'post',
        '--url',
        PATH,
        '--body',
        JSON.stringify({
          query: "resources | where type =~ 'microsoft.insights/privatelinkscopes' | project id, name",
        }),
      ])) as { totalRecords: number; data: Item[] };
      const scopes = byType().get('microsoft.insights/privatelinkscopes') ?? [];
      assert.equal(answer.totalRecords, scopes.length);
      assert.deepEqual(
        answer.data.map((r) => r['id']),
        scopes.map((s) => s['id']),
      );
    } finally {
      await session.dispose();
    }
  });
});
