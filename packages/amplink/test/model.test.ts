import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAmplinkError } from '../src/model/errors.js';
import { normalizeRegion } from '../src/model/regions.js';
import { containerScope, parseResourceId, sameId } from '../src/model/resource-id.js';

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

describe('regions', () => {
  test('display names, names and any casing are one region', () => {
    for (const form of ['East US', 'eastus', 'EASTUS', 'east us']) assert.equal(normalizeRegion(form), 'eastus');
    assert.equal(normalizeRegion('West Europe'), 'westeurope');
  });

  test('an unknown region is an error that suggests the closest names', () => {
    try {
      normalizeRegion('West Europ', 'cluster x');
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(isAmplinkError(error));
      assert.equal(error.code, 'AMPL_REGION_E0001');
      assert.match(error.message, /Did you mean 'westeurope'/);
      assert.match(error.message, /cluster x/);
    }
    assert.equal(
      codeOf(() => normalizeRegion('mars-north-1')),
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
