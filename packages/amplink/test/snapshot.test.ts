import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatSnapshot, parseSnapshot, readSnapshotFile } from '../src/discover/snapshot.js';
import { isAmplinkError } from '../src/model/errors.js';
import { Topology } from '../src/model/topology.js';
import { seedWorld } from './support/world.js';

function rejects(text: string): { code: string; message: string } {
  try {
    new Topology(parseSnapshot(text, 'snap.json'));
  } catch (error) {
    assert.ok(isAmplinkError(error), String(error));
    return { code: error.code, message: error.message };
  }
  return assert.fail('expected an error');
}

describe('snapshot input', () => {
  const { world } = seedWorld();

  test('a bare array, an ARM list and az graph query output are the same world', () => {
    const forms = [
      JSON.stringify(world.resources),
      JSON.stringify({ value: world.resources }),
      JSON.stringify({ data: world.resources, count: 1 }),
    ];
    const topologies = forms.map((f) => new Topology(parseSnapshot(f)));
    for (const t of topologies) assert.equal(t.resources.length, world.resources.length);
    assert.equal(topologies[0]?.clusters[0]?.id.name, 'aks06');
  });

  test('unknown properties are kept, and writing the snapshot back loses nothing', () => {
    const resources = structuredClone(world.resources);
    (resources[0] as Record<string, unknown>)['systemData'] = { createdBy: 'someone' };
    const parsed = parseSnapshot(JSON.stringify(resources));
    const again = parseSnapshot(formatSnapshot(parsed));
    assert.deepEqual(
      again.map((r) => r.raw).sort((a, b) => String(a['id']).localeCompare(String(b['id']))),
      resources.sort((a, b) => String(a['id']).localeCompare(String(b['id']))),
    );
    assert.equal(formatSnapshot(parsed), formatSnapshot([...parsed].reverse()));
  });

  test('an object whose "value" is not a list but whose "data" is: the data list is the world', () => {
    const text = JSON.stringify({ value: 'not a list', data: world.resources });
    assert.equal(parseSnapshot(text).length, world.resources.length);
    const { code } = rejects(JSON.stringify({ value: null, data: 'not a list either' }));
    assert.equal(code, 'AMPL_SNAPSHOT_E0003');
  });

  test('not JSON', () => {
    const { code, message } = rejects('{"value": [');
    assert.equal(code, 'AMPL_SNAPSHOT_E0002');
    assert.match(message, /snap\.json is not valid JSON/);
  });

  const shapes: [string, unknown, RegExp][] = [
    ['a number', 42, /\$: expected an array/],
    [
      'a resource without id',
      { value: [{ type: 'Microsoft.Insights/dataCollectionEndpoints' }] },
      /\$\.value\[0\]\.id/,
    ],
    [
      'a malformed id',
      [{ id: 'not-an-id', type: 'Microsoft.Insights/dataCollectionEndpoints', location: 'eastus' }],
      /\$\[0\]\.id: Malformed Azure resource id 'not-an-id'/,
    ],
    [
      'a type that contradicts the id',
      {
        data: [
          {
            id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Insights/dataCollectionEndpoints/x',
            type: 'Microsoft.Insights/dataCollectionRules',
            location: 'eastus',
          },
        ],
      },
      /\$\.data\[0\]\.type: 'Microsoft\.Insights\/dataCollectionRules' does not match/,
    ],
    [
      'a scoped resource without linkedResourceId',
      [
        {
          id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Insights/privateLinkScopes/p/scopedResources/r',
          type: 'Microsoft.Insights/privateLinkScopes/scopedResources',
          properties: {},
        },
      ],
      /\$\[0\]\.properties\.linkedResourceId/,
    ],
    [
      'an access mode Azure does not have',
      [
        {
          id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Insights/privateLinkScopes/p',
          type: 'Microsoft.Insights/privateLinkScopes',
          location: 'global',
          properties: { accessModeSettings: { ingestionAccessMode: 'Closed', queryAccessMode: 'Open' } },
        },
      ],
      /\$\[0\]\.properties\.accessModeSettings\.ingestionAccessMode/,
    ],
  ];
  for (const [name, value, expected] of shapes) {
    test(`wrong shape: ${name}`, () => {
      const { code, message } = rejects(JSON.stringify(value));
      assert.equal(code, 'AMPL_SNAPSHOT_E0003');
      assert.match(message, expected);
      assert.match(message, /^snap\.json: /);
    });
  }

  test("a region amplink does not know is Azure's word: accepted; a location that is no region name is refused", () => {
    const resources = structuredClone(world.resources);
    const cluster = resources.find((r) => String(r['type']).endsWith('managedClusters')) as Record<string, unknown>;
    cluster['location'] = 'East US 2 EUAP';
    const parsed = parseSnapshot(JSON.stringify(resources));
    assert.equal(new Topology(parsed).clusters[0]?.region, 'eastus2euap');
    cluster['location'] = 'eastus/../westus';
    const { code, message } = rejects(JSON.stringify(resources));
    assert.equal(code, 'AMPL_REGION_E0002');
    assert.match(message, /aks06/);
  });

  test('the same resource twice is an error', () => {
    const { code } = rejects(JSON.stringify([...world.resources, world.resources[0]]));
    assert.equal(code, 'AMPL_SNAPSHOT_E0004');
  });

  test('an unreadable file names the path', async () => {
    const missing = join(await mkdtemp(join(tmpdir(), 'amplink-')), 'missing.json');
    await assert.rejects(
      readSnapshotFile(missing),
      (error: unknown) =>
        isAmplinkError(error) && error.code === 'AMPL_SNAPSHOT_E0001' && error.message.includes(missing),
    );
    const file = join(tmpdir(), `amplink-snap-${process.pid}.json`);
    await writeFile(file, JSON.stringify(world.resources));
    assert.equal((await readSnapshotFile(file)).length, world.resources.length);
  });
});

test('a snapshot id that no ARM id can be (? # % control characters, dot segments) is refused with its JSON path', () => {
  const cluster =
    '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/aks/providers/Microsoft.ContainerService/managedClusters/aks06';
  for (const [id, message] of [
    [`${cluster}?/providers/x`, /holds '\?'/],
    [`${cluster}#x`, /holds '#'/],
    [cluster.replace('/aks06', '%2Faks06'), /holds '%'/],
    [cluster.replace('/aks/', '/other/../aks/'), /'\.' or '\.\.' segment/],
    [cluster.replace('aks06', 'aks\u000006'), /control character/],
  ] as const) {
    const text = JSON.stringify([{ id, type: 'Microsoft.ContainerService/managedClusters', location: 'eastus' }]);
    assert.throws(
      () => parseSnapshot(text, 'snap.json'),
      (error: unknown) =>
        isAmplinkError(error) &&
        error.code === 'AMPL_SNAPSHOT_E0003' &&
        /^snap\.json: \$\[0\]\.id: Malformed Azure resource id/.test(error.message) &&
        message.test(error.message),
      id,
    );
  }
  // Azure's own names outside the strict grammar are read: DNS record sets @ and *.
  const zone =
    '/subscriptions/71b36fb6-4fe4-4664-9a7b-245dc62f2930/resourceGroups/net/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com';
  const records = ['@', '*'].map((name) => ({ id: `${zone}/A/${name}`, type: 'Microsoft.Network/privateDnsZones/A' }));
  assert.equal(parseSnapshot(JSON.stringify(records)).length, 2);
});
