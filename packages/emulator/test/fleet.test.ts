import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AMPLS_PRIVATE_DNS_ZONES,
  AZURE_REGIONS,
  FleetError,
  azureCliNames,
  expandFleet,
  generateFleet,
  loadFleetFile,
} from '../src/fleet/index.js';
import type { ArmWrite, ExpandedFleet } from '../src/fleet/index.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const fleetYaml = join(examples, 'fleet.yaml');
const twoWorkspacesYaml = join(examples, 'fleet-two-workspaces.yaml');

const lastSegment = (id: string): string => id.split('/').pop() ?? '';
const typeOf = (id: string): string => {
  // The type of the resource the id names: the segments after the last "providers".
  const segments = id.split('/');
  const providers = segments.map((s) => s.toLowerCase()).lastIndexOf('providers');
  const rest = segments.slice(providers + 1);
  return [rest[0], ...rest.slice(1).filter((_, i) => i % 2 === 0)].join('/');
};
const writesOfType = (fleet: ExpandedFleet, type: string): ArmWrite[] =>
  fleet.writes.filter((write) => typeOf(write.id).toLowerCase() === type.toLowerCase());
const clusterWrites = (fleet: ExpandedFleet): ArmWrite[] => [
  ...writesOfType(fleet, 'Microsoft.ContainerService/managedClusters'),
  ...writesOfType(fleet, 'Microsoft.Kubernetes/connectedClusters'),
];

/** The value at a dotted path ("properties.destinations.logAnalytics.0.name") of a JSON body. */
function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Every ARM id a body refers to (any string value starting with /subscriptions/). */
function referencedIds(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string' && value.startsWith('/subscriptions/')) found.push(value);
  else if (Array.isArray(value)) for (const item of value) referencedIds(item, found);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) referencedIds(item, found);
  return found;
}

/** What exists without a write: the server makes an AMW's managed group, DCE and DCR when the account is PUT. */
function createdByServer(id: string): boolean {
  return /\/resourceGroups\/MA_[^/]+_managed\/providers\/Microsoft\.Insights\/dataCollection(Endpoints|Rules)\//i.test(
    id,
  );
}

async function expectFleetError(promise: Promise<unknown>, check: (error: FleetError) => void): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof FleetError, `expected a FleetError, got ${String(error)}`);
    check(error);
    return true;
  });
}

test('examples/fleet.yaml: 3+ regions, workspaces in one, clusters in others, private + Arc clusters, nothing linked', async () => {
  const fleet = await loadFleetFile(fleetYaml);
  const clusters = clusterWrites(fleet);
  assert.ok(clusters.length >= 6 && clusters.length <= 8, `6-8 clusters, got ${clusters.length}`);
  const clusterRegions = new Set(clusters.map((c) => c.body['location']));
  const amws = writesOfType(fleet, 'Microsoft.Monitor/accounts');
  const laws = writesOfType(fleet, 'Microsoft.OperationalInsights/workspaces');
  assert.equal(amws.length, 1);
  assert.equal(laws.length, 1);
  const workspaceRegion = amws[0]?.body['location'];
  assert.equal(laws[0]?.body['location'], workspaceRegion);
  assert.ok(!clusterRegions.has(workspaceRegion), 'clusters are outside the workspace region');
  assert.ok(new Set([...clusterRegions, workspaceRegion]).size >= 3);

  const aks = writesOfType(fleet, 'Microsoft.ContainerService/managedClusters');
  const privateCluster = aks.find((c) => JSON.stringify(c.body).includes('"enablePrivateCluster":true'));
  assert.ok(privateCluster, 'one private cluster');
  assert.match(JSON.stringify(privateCluster.body), /"outboundType":"userDefinedRouting"/);
  assert.equal(writesOfType(fleet, 'Microsoft.Kubernetes/connectedClusters').length, 1);

  const [ampls] = writesOfType(fleet, 'Microsoft.Insights/privateLinkScopes');
  assert.deepEqual((ampls?.body['properties'] as Record<string, unknown>)['accessModeSettings'], {
    ingestionAccessMode: 'PrivateOnly',
    queryAccessMode: 'Open',
    exclusions: [],
  });
  assert.equal(writesOfType(fleet, 'Microsoft.Insights/privateLinkScopes/scopedResources').length, 0);
  assert.equal(writesOfType(fleet, 'Microsoft.Network/privateEndpoints').length, 1);
  assert.deepEqual(
    writesOfType(fleet, 'Microsoft.Network/privateDnsZones').map((w) => lastSegment(w.id)),
    [...AMPLS_PRIVATE_DNS_ZONES],
  );
  const pe = writesOfType(fleet, 'Microsoft.Network/privateEndpoints')[0];
  assert.match(JSON.stringify(pe?.body), /"groupIds":\["azuremonitor"\]/);

  const reader = fleet.principals.find((p) => p.displayName === 'auditor');
  assert.ok(reader?.clientSecret);
  assert.ok(fleet.roleAssignments.some((r) => r.principalObjectId === reader.objectId && r.role === 'Reader'));
  assert.ok(
    fleet.roleAssignments.some(
      (r) => r.principalObjectId === fleet.defaultPrincipalObjectId && r.role === 'Contributor',
    ),
  );
});

test('monitoring resources carry the names and shapes Azure CLI gives them', async () => {
  const fleet = await loadFleetFile(fleetYaml);
  const byId = new Map(fleet.writes.map((w) => [w.id, w]));
  const cluster = writesOfType(fleet, 'Microsoft.ContainerService/managedClusters').find((w) =>
    w.id.endsWith('/aks-wus2-shop'),
  );
  assert.ok(cluster);
  const group = cluster.id.split('/providers/')[0];
  const dceId = `${group}/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus-aks-wus2-shop`;
  const dcrId = `${group}/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-wus2-shop`;
  const ciDcrId = `${group}/providers/Microsoft.Insights/dataCollectionRules/MSCI-eastus-aks-wus2-shop`;
  assert.equal(byId.get(dceId)?.body['location'], 'eastus', 'Prometheus DCE in the AMW region, cluster RG');
  const dcr = byId.get(dcrId)?.body['properties'];
  assert.equal(at(dcr, 'dataCollectionEndpointId'), dceId);
  assert.deepEqual(at(dcr, 'dataSources.prometheusForwarder.0.streams'), ['Microsoft-PrometheusMetrics']);
  assert.match(
    String(at(dcr, 'destinations.monitoringAccounts.0.accountResourceId')),
    /Microsoft\.Monitor\/accounts\/amw-central$/,
  );
  const ciDcr = byId.get(ciDcrId)?.body['properties'];
  assert.equal(at(ciDcr, 'dataSources.extensions.0.extensionName'), 'ContainerInsights');
  assert.match(String(at(ciDcr, 'destinations.logAnalytics.0.workspaceResourceId')), /workspaces\/law-central$/);
  assert.equal(at(ciDcr, 'dataCollectionEndpointId'), undefined, 'no ingestion DCE without high log scale');

  const association = (name: string) =>
    byId.get(`${cluster.id}/providers/Microsoft.Insights/dataCollectionRuleAssociations/${name}`);
  assert.equal(at(association('ContainerInsightsMetricsExtension')?.body, 'properties.dataCollectionRuleId'), dcrId);
  assert.equal(at(association('ContainerInsightsExtension')?.body, 'properties.dataCollectionRuleId'), ciDcrId);

  const clusterBody = cluster.body['properties'];
  assert.equal(at(clusterBody, 'azureMonitorProfile.metrics.enabled'), true);
  assert.equal(at(clusterBody, 'addonProfiles.omsagent.enabled'), true);
  assert.equal(at(clusterBody, 'addonProfiles.omsagent.config.useAADAuth'), 'true');
  assert.match(
    String(at(clusterBody, 'addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID')),
    /workspaces\/law-central$/,
  );

  // High log scale: MSCI-ingest-<workspace region>-<cluster> in the workspace region, used by the CI DCR.
  const ingest = fleet.writes.find((w) => w.id.endsWith('/dataCollectionEndpoints/MSCI-ingest-eastus-aks-weu-private'));
  assert.equal(ingest?.body['location'], 'eastus');
  const privateCiDcr = fleet.writes.find((w) => w.id.endsWith('/dataCollectionRules/MSCI-eastus-aks-weu-private'));
  assert.equal(at(privateCiDcr?.body, 'properties.dataCollectionEndpointId'), ingest?.id);

  // The AMW's managed group, DCE and DCR are the server's to make.
  assert.ok(!fleet.writes.some((w) => /\/resourceGroups\/MA_/i.test(w.id)));
  for (const write of fleet.writes) {
    assert.match(write.apiVersion, /^\d{4}-\d{2}-\d{2}$/, `${write.id}: a stable api-version`);
  }
});

test('Azure CLI name rules: lengths, allowed characters, trailing characters', () => {
  const long = 'a-very-long-cluster-name-that-goes-on-and-on-and-on-and-on_x';
  assert.equal(azureCliNames.prometheusDceName('eastus', 'my_cluster'), 'MSProm-eastus-mycluster');
  assert.ok(azureCliNames.prometheusDceName('eastus', long).length <= 44);
  assert.equal(
    azureCliNames.prometheusDceName('eastus', 'abcdefghijklmnopqrstuvwxyz-0123456789-'),
    'MSProm-eastus-abcdefghijklmnopqrstuvwxyz-012',
  );
  assert.equal(azureCliNames.prometheusDcrName('westeurope', 'c1'), 'MSProm-westeurope-c1');
  assert.ok(azureCliNames.prometheusDcrName('westeurope', long.repeat(2)).length <= 64);
  assert.equal(azureCliNames.containerInsightsDcrName('eastus', 'c1'), 'MSCI-eastus-c1');
  // "MSCI-config-westeurope-" is 23 characters: the cut at 43 keeps 20 of the cluster name, then one trailing "-" goes.
  assert.equal(
    azureCliNames.configurationDceName('westeurope', 'abcdefghijklmnopqrs-tuv'),
    'MSCI-config-westeurope-abcdefghijklmnopqrs',
  );
  assert.equal(
    azureCliNames.configurationDceName('westeurope', 'abcdefghijklmnopqrst-uvw'),
    'MSCI-config-westeurope-abcdefghijklmnopqrst',
  );
  assert.equal(azureCliNames.containerInsightsIngestionDceName('eastus', 'c1'), 'MSCI-ingest-eastus-c1');
  assert.equal(azureCliNames.scopedResourceName('law-eu'), 'law-eu-connection');
});

test('writes are in dependency order: every id a body refers to is written (or is a resource group) before', async () => {
  for (const file of [fleetYaml, twoWorkspacesYaml]) {
    const fleet = await loadFleetFile(file);
    const groups = new Set(fleet.resourceGroups.map((g) => g.id.toLowerCase()));
    const written = new Set<string>();
    for (const write of fleet.writes) {
      const parent = write.id.split('/providers/')[0] ?? '';
      assert.ok(groups.has(parent.toLowerCase()), `${write.id}: its resource group is created first`);
      // An extension or child resource needs what it hangs on.
      const owner = write.id
        .replace(/\/providers\/[^/]+\/[^/]+\/[^/]+$/, '')
        .replace(/\/(scopedResources|virtualNetworkLinks|A|virtualNetworkPeerings)\/[^/]+$/i, '');
      if (owner !== write.id && !groups.has(owner.toLowerCase())) {
        assert.ok(written.has(owner.toLowerCase()), `${write.id}: ${owner} is written before`);
      }
      for (const id of referencedIds(write.body)) {
        if (createdByServer(id)) continue;
        const target = id.replace(/\/subnets\/[^/]+$/, '');
        assert.ok(written.has(target.toLowerCase()), `${write.id} refers to ${id} before it is written`);
      }
      written.add(write.id.toLowerCase());
    }
  }
});

test('two-workspace example: clusters split, already-linked resources, az --ampls-resource-id resources', async () => {
  const fleet = await loadFleetFile(twoWorkspacesYaml);
  assert.equal(writesOfType(fleet, 'Microsoft.Monitor/accounts').length, 2);
  assert.equal(writesOfType(fleet, 'Microsoft.OperationalInsights/workspaces').length, 2);
  const scoped = writesOfType(fleet, 'Microsoft.Insights/privateLinkScopes/scopedResources');
  const linked = scoped.map((w) => (w.body['properties'] as { linkedResourceId: string }).linkedResourceId);
  assert.equal(new Set(linked.map((id) => id.toLowerCase())).size, linked.length, 'each resource linked once');
  assert.ok(
    linked.some((id) =>
      /\/resourceGroups\/MA_amw-eu_westeurope_managed\/providers\/Microsoft\.Insights\/dataCollectionEndpoints\/amw-eu$/.test(
        id,
      ),
    ),
  );
  assert.ok(linked.some((id) => id.endsWith('/dataCollectionEndpoints/MSCI-config-westeurope-aks-eu-private')));
  assert.ok(scoped.some((w) => w.id.endsWith('/scopedResources/law-eu-connection')));
  const configAssociation = fleet.writes.find((w) =>
    w.id.endsWith(
      '/aks-eu-private/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint',
    ),
  );
  assert.match(
    String(at(configAssociation?.body, 'properties.dataCollectionEndpointId')),
    /MSCI-config-westeurope-aks-eu-private$/,
  );
  const usPrometheus = fleet.writes.filter((w) => /dataCollectionRules\/MSProm-eastus2-/.test(w.id));
  assert.equal(usPrometheus.length, 4, 'aks-us-1, aks-us-2, aks-canada and arc-toronto send to amw-us');
});

test('expansion is deterministic', async () => {
  const first = await loadFleetFile(fleetYaml);
  const second = await loadFleetFile(fleetYaml);
  assert.deepEqual(second, first);
  assert.equal(JSON.stringify(second), JSON.stringify(first));
  const generated = generateFleet({ clusters: 50, regions: 5, subscriptions: 3, seed: 7 });
  assert.equal(
    JSON.stringify(expandFleet(generated)),
    JSON.stringify(expandFleet(generateFleet({ clusters: 50, regions: 5, subscriptions: 3, seed: 7 }))),
  );
});

test('errors name the file, the line and the YAML path, with a code', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fleet-test-'));
  const write = async (name: string, text: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  await expectFleetError(loadFleetFile(join(dir, 'missing.yaml')), (error) => {
    assert.equal(error.code, 'FLEET_FILE_UNREADABLE');
    assert.match(error.message, /missing\.yaml/);
  });

  const badYaml = await write('bad.yaml', 'subscriptions:\n  - name: a\n    name: b\n  bad: [\n');
  await expectFleetError(loadFleetFile(badYaml), (error) => {
    assert.equal(error.code, 'FLEET_YAML_INVALID');
    assert.match(error.message, /bad\.yaml:\d+/);
  });

  const deep = await write('deep.yaml', `tenant: t\nextra: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
  await expectFleetError(loadFleetFile(deep), (error) => {
    assert.equal(error.code, 'FLEET_YAML_INVALID');
    assert.match(error.message, /deep\.yaml:2: .*nested too deep to read/);
    assert.doesNotMatch(error.message, /call stack/);
  });

  const badShape = await write(
    'shape.yaml',
    [
      'subscriptions: [{ name: s }]',
      'clusters:',
      '  - name: c1',
      '    region: East US',
      '    prometheus: sometimes',
      '',
    ].join('\n'),
  );
  await expectFleetError(loadFleetFile(badShape), (error) => {
    assert.equal(error.code, 'FLEET_SCHEMA_INVALID');
    assert.match(error.message, /shape\.yaml:4: clusters\[0\]\.region: expected an Azure region name in lower case/);
    assert.match(error.message, /clusters\[0\]\.prometheus: /);
    assert.deepEqual(
      error.problems.map((p) => p.yamlPath),
      ['clusters[0].region', 'clusters[0].prometheus'],
    );
  });

  const badReference = await write(
    'reference.yaml',
    [
      'subscriptions: [{ name: s }]',
      'azureMonitorWorkspaces: [{ name: amw, region: eastus }]',
      'clusters:',
      '  - name: c1',
      '    region: westus2',
      '    prometheus: { workspace: amw-typo }',
      '    network: { vnet: nowhere, subnet: aks }',
      '',
    ].join('\n'),
  );
  await expectFleetError(loadFleetFile(badReference), (error) => {
    assert.equal(error.code, 'FLEET_REFERENCE_INVALID');
    assert.match(
      error.message,
      /reference\.yaml:6: clusters\[0\]\.prometheus\.workspace: expected the name of a Azure Monitor workspace \(one of amw\); got "amw-typo"/,
    );
    assert.match(
      error.message,
      /clusters\[0\]\.network\.vnet: expected the name of a virtual network \(none is defined\)/,
    );
  });

  assert.throws(
    () => expandFleet({ subscriptions: [] }),
    (error: unknown) =>
      error instanceof FleetError && /subscriptions: expected at least one subscription/.test(error.message),
  );
  assert.throws(
    () => expandFleet({ subscriptions: [{ name: 's' }], principals: [{ name: 'a' }, { name: 'b' }] }),
    (error: unknown) =>
      error instanceof FleetError && /principals: expected one principal with "default: true"/.test(error.message),
  );
});

test('defaults keep a fleet short: one line per cluster is enough', () => {
  const fleet = expandFleet({
    subscriptions: [{ name: 'only' }],
    azureMonitorWorkspaces: [{ name: 'amw', region: 'eastus' }],
    defaults: { prometheus: { workspace: 'amw' } },
    clusters: [{ name: 'c', region: 'westus2', count: 3 }],
  });
  assert.equal(writesOfType(fleet, 'Microsoft.ContainerService/managedClusters').length, 3);
  assert.equal(writesOfType(fleet, 'Microsoft.Insights/dataCollectionRules').length, 3);
  assert.equal(fleet.principals.length, 1, 'a default operator');
  assert.deepEqual(
    fleet.roleAssignments.map((r) => r.role),
    ['Contributor'],
  );
  assert.ok(
    fleet.resourceGroups.some((g) => g.id.endsWith('/resourceGroups/rg-aks-westus2') && g.location === 'westus2'),
  );
});

test('generator: regions are real names, N clusters over R regions and S subscriptions, 10,000 clusters expand (their time is in npm run bench)', () => {
  assert.ok(AZURE_REGIONS.length >= 60);
  assert.equal(new Set(AZURE_REGIONS).size, AZURE_REGIONS.length);
  const document = generateFleet({ clusters: 10_000, regions: 20, subscriptions: 10, workspaces: 2 });
  const fleet = expandFleet(document);
  const clusters = clusterWrites(fleet);
  assert.equal(clusters.length, 10_000);
  assert.equal(new Set(clusters.map((c) => c.body['location'])).size, 20);
  assert.equal(new Set(clusters.map((c) => c.id.split('/')[2])).size, 10);
  assert.throws(() => generateFleet({ clusters: 0, regions: 1, subscriptions: 1 }), RangeError);
  assert.throws(() => generateFleet({ clusters: 1, regions: 61, subscriptions: 1 }), RangeError);
});
