import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAmplinkError } from '../src/model/errors.js';
import { armUrl } from '../src/azure/arm-connection.js';
import { provisioningPhase, provisioningPhaseOf } from '../src/model/provisioning-state.js';
import { checkTypedRegion, normalizeRegion } from '../src/model/regions.js';
import { containerScope, parseResourceId, parseResourceIdStrict, sameId } from '../src/model/resource-id.js';

const SUB = '71b36fb6-4fe4-4664-9a7b-245dc62f2930';
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/aks/providers/Microsoft.ContainerService/managedClusters/aks06`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isAmplinkError(error) ? error.code : 'not-an-AmplinkError';
  }
  return undefined;
}

describe('resource ids', () => {
  test('a plain resource', () => {
    const id = parseResourceId(CLUSTER);
    assert.equal(id.subscriptionId, SUB);
    assert.equal(id.resourceGroup, 'aks');
    assert.equal(id.type, 'Microsoft.ContainerService/managedClusters');
    assert.equal(id.name, 'aks06');
    assert.equal(id.scope, undefined);
  });

  test('an extension resource knows the cluster it extends', () => {
    const id = parseResourceId(
      `${CLUSTER}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`,
    );
    assert.equal(id.type, 'Microsoft.Insights/dataCollectionRuleAssociations');
    assert.equal(id.name, 'configurationAccessEndpoint');
    assert.equal(id.scope?.id, CLUSTER);
    assert.equal(containerScope(id), `/subscriptions/${SUB}/resourceGroups/aks`);
  });

  test('a child resource', () => {
    const id = parseResourceId(
      `/subscriptions/${SUB}/resourceGroups/g/providers/Microsoft.Insights/privateLinkScopes/s/scopedResources/r`,
    );
    assert.equal(id.type, 'Microsoft.Insights/privateLinkScopes/scopedResources');
    assert.deepEqual(id.names, ['s', 'r']);
  });

  test('groups and subscriptions', () => {
    assert.equal(parseResourceId(`/subscriptions/${SUB}/resourceGroups/g`).type, 'Microsoft.Resources/resourceGroups');
    assert.equal(parseResourceId(`/subscriptions/${SUB}`).type, 'Microsoft.Resources/subscriptions');
  });

  test('comparison ignores case and a trailing slash, output keeps the casing given', () => {
    const lower = CLUSTER.toLowerCase().replace('resourcegroups', 'resourcegroups');
    assert.ok(sameId(CLUSTER, `${lower}/`));
    assert.equal(parseResourceId(`${CLUSTER}/`).id, CLUSTER);
    assert.equal(parseResourceId(lower).key, parseResourceId(CLUSTER).key);
  });

  test('ids parsed one after another keep their own subscription and group, whatever the one before spelled', () => {
    const spellings = ['AbC-1', 'abc-1', 'AbC-1', 'abc-2'].map((sub, i) => ({
      sub,
      group: i % 2 === 0 ? 'Grp' : 'grp',
    }));
    for (const { sub, group } of [...spellings, ...spellings.reverse()]) {
      const id = parseResourceId(
        `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Insights/dataCollectionEndpoints/e`,
      );
      assert.equal(id.subscriptionId, sub);
      assert.equal(id.resourceGroup, group);
      assert.equal(
        id.id,
        `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Insights/dataCollectionEndpoints/e`,
      );
      const association = parseResourceId(`${id.id}/providers/Microsoft.Insights/dataCollectionRuleAssociations/a`);
      assert.equal(association.scope?.subscriptionId, sub);
      assert.equal(association.scope?.resourceGroup, group);
    }
    assert.equal(
      codeOf(() => parseResourceId('/subscriptions/abc-1/resourceGroups/g')),
      undefined,
    );
    assert.equal(
      codeOf(() => parseResourceId('/subscriptions/abc_1/resourceGroups/g')),
      'AMPL_ID_E0001',
    );
  });

  const malformed = [
    'aks06',
    `subscriptions/${SUB}/resourceGroups/g`,
    `/subscriptions/${SUB}/resourceGroups`,
    `/subscriptions/${SUB}/resourceGroups/g/providers/Microsoft.Insights/dataCollectionEndpoints`,
    `/subscriptions/${SUB}/resourceGroups/g/Microsoft.Insights/dataCollectionEndpoints/x`,
    `/subscriptions/${SUB}/resourceGroups/g/providers/Insights/dataCollectionEndpoints/x`,
    `/subscriptions/${SUB}//resourceGroups/g`,
    '/subscriptions/',
    '/tenants/x',
  ];
  for (const input of malformed) {
    test(`malformed: ${input}`, () => {
      try {
        parseResourceId(input);
        assert.fail('expected an error');
      } catch (error) {
        assert.ok(isAmplinkError(error));
        assert.equal(error.code, 'AMPL_ID_E0001');
        assert.ok(error.message.includes(`'${input}'`), error.message);
        assert.ok(error.fix);
      }
    });
  }
});

describe('provisioning states', () => {
  test('only Succeeded (or none) is done; Failed and Canceled failed; anything else still in progress', () => {
    for (const state of [undefined, null, '', 'Succeeded', 'succeeded']) assert.equal(provisioningPhase(state), 'done');
    for (const state of ['Failed', 'Canceled', 'Cancelled', 'FAILED']) assert.equal(provisioningPhase(state), 'failed');
    for (const state of ['Creating', 'Updating', 'Provisioning', 'Accepted', 'Deleting', 'Migrating', 'SomethingNew']) {
      assert.equal(provisioningPhase(state), 'in-progress', state);
    }
    assert.equal(provisioningPhaseOf({ properties: { provisioningState: 'Creating' } }), 'in-progress');
    assert.equal(provisioningPhaseOf({ properties: {} }), 'done');
    assert.equal(provisioningPhaseOf(undefined), 'done');
  });
});

describe('regions', () => {
  test('display names, names and any casing are one region', () => {
    for (const form of ['East US', 'eastus', 'EASTUS', 'east us']) assert.equal(normalizeRegion(form), 'eastus');
    assert.equal(normalizeRegion('West Europe'), 'westeurope');
  });

  test('any location Azure returns is a region: canary, sovereign and future names included', () => {
    for (const [form, name] of [
      ['eastus2euap', 'eastus2euap'],
      ['East US 2 EUAP', 'eastus2euap'],
      ['USGov Virginia', 'usgovvirginia'],
      ['chinanorth3', 'chinanorth3'],
      ['Mars North 1', 'marsnorth1'],
    ] as const) {
      assert.equal(normalizeRegion(form), name);
    }
  });

  test('a location that cannot be a region name is refused, naming where it came from', () => {
    for (const bad of ['', '   ', 'east/us', 'eastus?x=1', '../westus', '1eastus']) {
      try {
        normalizeRegion(bad, 'location of cluster x');
        assert.fail(`expected an error for '${bad}'`);
      } catch (error) {
        assert.ok(isAmplinkError(error));
        assert.equal(error.code, 'AMPL_REGION_E0002');
        assert.match(error.message, /cluster x/);
      }
    }
  });

  test("a typed region is checked against Azure's list when there is one: not there is an error with suggestions", () => {
    const azure = ['eastus', 'westeurope', 'eastus2euap'];
    assert.deepEqual(checkTypedRegion('East US 2 EUAP', '--cluster-region', azure), { region: 'eastus2euap' });
    try {
      checkTypedRegion('West Europ', '--cluster-region', azure);
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(isAmplinkError(error));
      assert.equal(error.code, 'AMPL_REGION_E0001');
      assert.match(error.message, /--cluster-region 'West Europ'/);
      assert.match(error.message, /Did you mean 'westeurope'/);
    }
    // Azure's list decides, not amplink's: a region amplink knows but the subscription does not offer is refused.
    assert.equal(
      codeOf(() => checkTypedRegion('japaneast', '--cluster-region', azure)),
      'AMPL_REGION_E0001',
    );
    // ...and one amplink does not know but Azure lists is accepted.
    assert.deepEqual(checkTypedRegion('marsnorth1', '--cluster-region', ['marsnorth1']), { region: 'marsnorth1' });
  });

  test('offline, a typed region amplink does not know is a warning with suggestions, and used as given', () => {
    assert.deepEqual(checkTypedRegion('usgovvirginia', '--cluster-region'), { region: 'usgovvirginia' });
    const typo = checkTypedRegion('westeurop', '--cluster-region');
    assert.equal(typo.region, 'westeurop');
    assert.match(typo.warning?.message ?? '', /Did you mean 'westeurope'/);
    assert.equal(checkTypedRegion('marsnorth1', '--cluster-region').warning !== undefined, true);
    assert.equal(
      codeOf(() => checkTypedRegion('east/us', '--cluster-region')),
      'AMPL_REGION_E0001',
    );
  });
});

describe('topology indexes', () => {
  test('clusters, DCEs and rules by region, cluster and destination; links by linked id', async () => {
    const { World } = await import('./support/world.js');
    const world = new World();
    const ampls = world.ampls();
    const amw = world.amw('amw', 'eastus');
    const law = world.law('law', 'westeurope');
    const cluster = world.cluster({ name: 'c1', region: 'westeurope', metricsTo: amw.id, logsTo: law });
    world.link(ampls, law.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'));
    const topology = world.topology();
    assert.deepEqual(
      topology.clustersByRegion.get('westeurope')?.map((c) => c.id.name),
      ['c1'],
    );
    assert.deepEqual(
      topology.endpointsByRegion
        .get('eastus')
        ?.map((e) => e.resource.name)
        .sort(),
      ['MSProm-eastus-c1', 'amw'].sort(),
    );
    assert.deepEqual(
      topology.rulesByCluster
        .get(cluster.toLowerCase())
        ?.map((r) => r.resource.name)
        .sort(),
      ['MSCI-westeurope-c1', 'MSProm-eastus-c1'],
    );
    assert.equal(topology.rulesByDestination.get(law.toLowerCase())?.[0]?.resource.name, 'MSCI-westeurope-c1');
    assert.equal(topology.associationsOf(cluster.toLowerCase()).length, 2);
    assert.equal(topology.scopedResourcesByLinkedId.get(law.toLowerCase())?.[0]?.scopeKey, ampls.toLowerCase());
  });
});

describe('the strict id grammar, for ids from files that go into requests', () => {
  test('accepts what ARM names are made of: letters (any script), digits, - _ . ( )', () => {
    for (const id of [
      CLUSTER,
      `/subscriptions/${SUB}/resourceGroups/MA_aks-amw_eastus_managed/providers/Microsoft.Insights/dataCollectionEndpoints/aks-amw`,
      `/subscriptions/${SUB}/resourceGroups/équipe(prod).1/providers/Microsoft.OperationalInsights/workspaces/logs`,
      `${CLUSTER}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`,
    ]) {
      assert.equal(parseResourceIdStrict(id).id, id);
    }
  });

  test('refuses ? # % . .. whitespace, control characters, empty segments and non-strings, saying which', () => {
    const refused: [unknown, RegExp][] = [
      [`${CLUSTER}?x=1`, /holds '\?'/],
      [`${CLUSTER}#x`, /holds '#'/],
      [CLUSTER.replace('/aks06', '%2Faks06'), /holds '%'/],
      [CLUSTER.replace('/aks/', '/x/../aks/'), /'\.' or '\.\.' segment/],
      [`${CLUSTER}/.`, /'\.' or '\.\.' segment/],
      [` ${CLUSTER}`, /whitespace/],
      [CLUSTER.replace('aks06', 'aks 06'), /whitespace/],
      [CLUSTER.replace('aks06', 'aks\u007f06'), /control character/],
      [CLUSTER.replace('/aks/', '/aks//'), /empty segment/],
      [`${CLUSTER}/`, /empty segment/],
      [CLUSTER.replace('aks06', 'aks$06'), /holds '\$'/],
      [42, /not a string/],
    ];
    for (const [input, message] of refused) {
      assert.throws(
        () => parseResourceIdStrict(input),
        (error: unknown) => isAmplinkError(error) && error.code === 'AMPL_ID_E0001' && message.test(error.message),
        String(input),
      );
    }
  });
});

describe('request URLs are built from the parsed id, segment by segment', () => {
  const endpoint = 'https://management.azure.com';
  test('each segment is percent-encoded on its own; the api-version is a query value', () => {
    assert.equal(
      armUrl(endpoint, parseResourceId(CLUSTER), '2024-05-01'),
      `${endpoint}${CLUSTER}?api-version=2024-05-01`,
    );
    assert.equal(
      armUrl(endpoint, '/subscriptions/s/resourceGroups/g?x=1#y/providers', '2024-03-11&x=1#'),
      `${endpoint}/subscriptions/s/resourceGroups/g%3Fx%3D1%23y/providers?api-version=2024-03-11%26x%3D1%23`,
    );
    assert.equal(armUrl(endpoint, '/subscriptions/s/a%2Fb'), `${endpoint}/subscriptions/s/a%252Fb`);
  });

  test('dot and empty segments, which URL normalisation would resolve elsewhere, are refused', () => {
    for (const path of [
      '/subscriptions/s/resourceGroups/other/../g',
      '/subscriptions/./s',
      '/subscriptions//s',
      'subscriptions/s',
    ]) {
      assert.equal(
        codeOf(() => armUrl(endpoint, path)),
        'AMPL_ID_E0001',
        path,
      );
    }
  });
});
