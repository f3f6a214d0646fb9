// Azure Firewall as Azure models it: route tables, firewalls, policies and rule collection groups through the official
// SDK (@azure/arm-network), Resource Graph rows, and the agents' verdicts decided from those resources.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NetworkManagementClient, type FirewallPolicyRuleCollectionGroup } from '@azure/arm-network';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { isRestError } from '@azure/core-rest-pipeline';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { expandFleet, type RunningEmulator } from '../src/index.js';
import { FleetError } from '../src/fleet/errors.js';
import { FAST, SUB, call, errorCode, rg, sdkOptions, startTestEmulator } from './helpers.js';
import { agentOf, resourceOf, startFleet } from './dataplane-support.js';
import { REST_API_SPECS, loadSchemas, missingSpecs } from './rest-api-specs.js';

const NETWORK_SPECS = join(
  REST_API_SPECS,
  'specification/network/resource-manager/Microsoft.Network/stable/2026-01-01',
);
const SCHEMAS = {
  routeTable: ['routeTable.json', 'RouteTable'],
  route: ['routeTable.json', 'Route'],
  azureFirewall: ['azureFirewall.json', 'AzureFirewall'],
  firewallPolicy: ['firewallPolicy.json', 'FirewallPolicy'],
  ruleCollectionGroup: ['firewallPolicy.json', 'FirewallPolicyRuleCollectionGroup'],
} as const;
const specsMissing = missingSpecs(Object.values(SCHEMAS).map(([file]) => join(NETWORK_SPECS, file)));

const NETWORK_API = 'api-version=2026-01-01';

/** The error code of a rejected SDK call. */
async function restErrorOf(
  promise: Promise<unknown>,
): Promise<{ status: number | undefined; code: string | undefined }> {
  try {
    await promise;
  } catch (error) {
    if (isRestError(error)) return { status: error.statusCode, code: error.code };
    throw error;
  }
  assert.fail('expected the call to be refused');
}

function applicationGroup(
  priority: number,
  collections: { name: string; priority: number; action: 'Allow' | 'Deny'; fqdns: string[]; source?: string }[],
): FirewallPolicyRuleCollectionGroup {
  return {
    priority,
    ruleCollections: collections.map((c) => ({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: c.name,
      priority: c.priority,
      action: { type: c.action },
      rules: [
        {
          ruleType: 'ApplicationRule',
          name: `${c.name}-rule`,
          sourceAddresses: [c.source ?? '10.0.0.0/20'],
          protocols: [{ protocolType: 'Https', port: 443 }],
          targetFqdns: c.fqdns,
        },
      ],
    })),
  };
}

describe('Azure Firewall resources through @azure/arm-network', () => {
  let emu: RunningEmulator;
  let network: NetworkManagementClient;
  const policyId = `${rg()}/providers/Microsoft.Network/firewallPolicies/afwp`;
  const tableId = `${rg()}/providers/Microsoft.Network/routeTables/rt-aks`;

  before(async () => {
    emu = await startTestEmulator();
    network = new NetworkManagementClient(emu.tokenCredential, SUB, sdkOptions(emu));
    await network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-test',
      'vnet-hub',
      {
        location: 'eastus',
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          { name: 'aks', addressPrefix: '10.0.0.0/20' },
          { name: 'AzureFirewallSubnet', addressPrefix: '10.0.255.0/26' },
        ],
      },
      FAST,
    );
  });
  after(async () => emu.stop());

  it('creates a policy chain and a rule collection group; the policy lists its groups and child policies', async () => {
    await network.firewallPolicies.beginCreateOrUpdateAndWait('rg-test', 'afwp-base', { location: 'eastus' }, FAST);
    const policy = await network.firewallPolicies.beginCreateOrUpdateAndWait(
      'rg-test',
      'afwp',
      { location: 'eastus', basePolicy: { id: `${rg()}/providers/Microsoft.Network/firewallPolicies/afwp-base` } },
      FAST,
    );
    assert.equal(policy.provisioningState, 'Succeeded');
    const group = await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      'rg-test',
      'afwp',
      'DefaultApplicationRuleCollectionGroup',
      applicationGroup(300, [
        { name: 'allow-monitoring', priority: 100, action: 'Allow', fqdns: ['*.ingest.monitor.azure.com'] },
      ]),
      FAST,
    );
    assert.equal(group.priority, 300);
    const rules = group.ruleCollections?.[0];
    assert.equal(rules?.ruleCollectionType, 'FirewallPolicyFilterRuleCollection');
    const read = await network.firewallPolicies.get('rg-test', 'afwp');
    assert.deepEqual(
      read.ruleCollectionGroups?.map((g) => g.id),
      [`${policyId}/ruleCollectionGroups/DefaultApplicationRuleCollectionGroup`],
    );
    assert.equal(read.basePolicy?.id, `${rg()}/providers/Microsoft.Network/firewallPolicies/afwp-base`);
    const base = await network.firewallPolicies.get('rg-test', 'afwp-base');
    assert.deepEqual(
      base.childPolicies?.map((p) => p.id),
      [policyId],
    );
  });

  it('creates a firewall in its AzureFirewallSubnet: the 4th address is its private IP; the policy lists it', async () => {
    const firewall = await network.azureFirewalls.beginCreateOrUpdateAndWait(
      'rg-test',
      'afw',
      {
        location: 'eastus',
        sku: { name: 'AZFW_VNet', tier: 'Standard' },
        ipConfigurations: [
          {
            name: 'ipconfig1',
            subnet: { id: `${rg()}/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet` },
          },
        ],
        firewallPolicy: { id: policyId },
      },
      FAST,
    );
    assert.equal(firewall.ipConfigurations?.[0]?.privateIPAddress, '10.0.255.4');
    assert.equal(firewall.firewallPolicy?.id, policyId);
    const policy = await network.firewallPolicies.get('rg-test', 'afwp');
    assert.deepEqual(
      policy.firewalls?.map((f) => f.id),
      [firewall.id],
    );
  });

  it('creates a route table with routes inline and as children; a subnet names it and the table lists the subnet', async () => {
    const table = await network.routeTables.beginCreateOrUpdateAndWait(
      'rg-test',
      'rt-aks',
      {
        location: 'eastus',
        routes: [
          {
            name: 'to-firewall',
            addressPrefix: '0.0.0.0/0',
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: '10.0.255.4',
          },
        ],
      },
      FAST,
    );
    assert.equal(table.routes?.[0]?.nextHopIpAddress, '10.0.255.4');
    await network.routes.beginCreateOrUpdateAndWait(
      'rg-test',
      'rt-aks',
      'on-premises',
      { addressPrefix: '192.168.0.0/16', nextHopType: 'VirtualNetworkGateway' },
      FAST,
    );
    const route = await network.routes.get('rg-test', 'rt-aks', 'on-premises');
    assert.equal(route.nextHopType, 'VirtualNetworkGateway');
    await network.subnets.beginCreateOrUpdateAndWait(
      'rg-test',
      'vnet-hub',
      'aks',
      { addressPrefix: '10.0.0.0/20', routeTable: { id: tableId } },
      FAST,
    );
    const subnet = await network.subnets.get('rg-test', 'vnet-hub', 'aks');
    assert.equal(subnet.routeTable?.id, tableId);
    const read = await network.routeTables.get('rg-test', 'rt-aks');
    assert.deepEqual(read.routes?.map((r) => r.name).sort(), ['on-premises', 'to-firewall']);
    assert.deepEqual(
      read.subnets?.map((s) => s.id),
      [`${rg()}/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/aks`],
    );
  });

  it('answers PUTs as long-running operations, as the Network specs say', async () => {
    for (const [path, body] of [
      [tableId, { location: 'eastus', properties: {} }],
      [`${policyId}/ruleCollectionGroups/lro`, { properties: { priority: 400 } }],
    ] as const) {
      const answer = await call(emu, 'PUT', `${path}?${NETWORK_API}`, { body });
      assert.ok([200, 201].includes(answer.status), JSON.stringify(answer.body));
      assert.ok(answer.headers['azure-asyncoperation'], `${path}: Azure-AsyncOperation`);
      assert.match(
        String((answer.body as { properties: { provisioningState: string } }).properties.provisioningState),
        /Creating|Updating/,
      );
    }
  });

  it('refuses what the Network RP refuses, with ARM errors', async () => {
    const noHop = await restErrorOf(
      network.routeTables.beginCreateOrUpdateAndWait(
        'rg-test',
        'rt-bad',
        { location: 'eastus', routes: [{ name: 'r', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance' }] },
        FAST,
      ),
    );
    assert.deepEqual(noHop, { status: 400, code: 'MissingNextHopIpAddress' });
    const priority = await restErrorOf(
      network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
        'rg-test',
        'afwp',
        'too-high',
        applicationGroup(99, [{ name: 'c', priority: 100, action: 'Allow', fqdns: ['a.example'] }]),
        FAST,
      ),
    );
    assert.deepEqual(priority, { status: 400, code: 'InvalidRequestContent' });
    const collectionPriority = await restErrorOf(
      network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
        'rg-test',
        'afwp',
        'bad-collection',
        applicationGroup(500, [{ name: 'c', priority: 65001, action: 'Allow', fqdns: ['a.example'] }]),
        FAST,
      ),
    );
    assert.equal(collectionPriority.code, 'InvalidRequestContent');
    const noPolicy = await restErrorOf(
      network.azureFirewalls.beginCreateOrUpdateAndWait(
        'rg-test',
        'afw-2',
        { location: 'eastus', firewallPolicy: { id: `${rg()}/providers/Microsoft.Network/firewallPolicies/missing` } },
        FAST,
      ),
    );
    assert.deepEqual(noPolicy, { status: 400, code: 'InvalidResourceReference' });
    const wrongSubnet = await restErrorOf(
      network.azureFirewalls.beginCreateOrUpdateAndWait(
        'rg-test',
        'afw-3',
        {
          location: 'eastus',
          ipConfigurations: [
            { name: 'ip', subnet: { id: `${rg()}/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/aks` } },
          ],
        },
        FAST,
      ),
    );
    assert.equal(wrongSubnet.code, 'InvalidRequestContent');
    const noTable = await restErrorOf(
      network.subnets.beginCreateOrUpdateAndWait(
        'rg-test',
        'vnet-hub',
        'other',
        {
          addressPrefix: '10.0.16.0/24',
          routeTable: { id: `${rg()}/providers/Microsoft.Network/routeTables/missing` },
        },
        FAST,
      ),
    );
    assert.deepEqual(noTable, { status: 400, code: 'InvalidResourceReference' });
    const inUse = await call(emu, 'DELETE', `${tableId}?${NETWORK_API}`);
    assert.equal(inUse.status, 400);
    assert.equal(errorCode(inUse.body), 'InUseRouteTableCannotBeDeleted');
  });

  it('answers GETs that validate against the Network spec schemas', { skip: specsMissing ?? false }, async () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const seen = new Set<string>();
    for (const [file] of Object.values(SCHEMAS)) loadSchemas(ajv, join(NETWORK_SPECS, file), seen);
    const reads: [keyof typeof SCHEMAS, string][] = [
      ['routeTable', tableId],
      ['route', `${tableId}/routes/to-firewall`],
      ['azureFirewall', `${rg()}/providers/Microsoft.Network/azureFirewalls/afw`],
      ['firewallPolicy', policyId],
      ['ruleCollectionGroup', `${policyId}/ruleCollectionGroups/DefaultApplicationRuleCollectionGroup`],
    ];
    for (const [kind, id] of reads) {
      const answer = await call(emu, 'GET', `${id}?${NETWORK_API}`);
      assert.equal(answer.status, 200, id);
      const [file, definition] = SCHEMAS[kind];
      const validate = ajv.getSchema(`${pathToFileURL(join(NETWORK_SPECS, file)).href}#/definitions/${definition}`);
      assert.ok(validate, `${file}#/definitions/${definition}`);
      assert.ok(validate(answer.body), `${kind}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  it('Resource Graph returns the tracked types from `resources`, lower-cased; routes and groups stay in their parents', async () => {
    const graph = new ResourceGraphClient(emu.tokenCredential, {
      baseUri: emu.url,
      agentSettings: { http: new HttpAgent(), https: new HttpsAgent({ ca: emu.caCertPem }) },
    });
    const answer = await graph.resources({
      subscriptions: [SUB],
      query: "resources | where type startswith 'microsoft.network/' | summarize count() by type | order by type asc",
    });
    const counts = Object.fromEntries(
      (answer.data as { type: string; count_: number }[]).map((row) => [row.type, row.count_]),
    );
    assert.deepEqual(counts, {
      'microsoft.network/azurefirewalls': 1,
      'microsoft.network/firewallpolicies': 2,
      'microsoft.network/routetables': 1,
      'microsoft.network/virtualnetworks': 1,
    });
    const firewall = await graph.resources({
      subscriptions: [SUB],
      query:
        "resources | where type == 'microsoft.network/azurefirewalls' | project ip = properties.ipConfigurations[0].properties.privateIPAddress",
    });
    assert.deepEqual(firewall.data, [{ ip: '10.0.255.4' }]);
  });
});

/** A private cluster in vnet-spoke's `aks` subnet whose egress goes through a firewall allowing `allowedFqdns`. */
function firewalledFleet(allowedFqdns: string[], options: { firewallVnet?: string; peered?: boolean } = {}) {
  return {
    subscriptions: [{ name: 'prod' }],
    azureMonitorWorkspaces: [{ name: 'amw', region: 'eastus' }],
    logAnalyticsWorkspaces: [{ name: 'law', region: 'eastus' }],
    virtualNetworks: [
      {
        name: 'vnet-hub',
        region: 'eastus',
        addressSpace: ['10.0.0.0/16'],
        subnets: [{ name: 'shared', prefix: '10.0.0.0/24' }],
        peerings: options.peered === false ? [] : ['vnet-spoke'],
      },
      {
        name: 'vnet-spoke',
        region: 'eastus',
        addressSpace: ['10.1.0.0/16'],
        subnets: [{ name: 'aks', prefix: '10.1.0.0/20' }],
      },
    ],
    clusters: [
      {
        name: 'aks-fw',
        region: 'eastus',
        private: true,
        network: { vnet: 'vnet-spoke', subnet: 'aks' },
        egress: {
          firewall: { allowedFqdns, ...(options.firewallVnet === undefined ? {} : { vnet: options.firewallVnet }) },
        },
        prometheus: { workspace: 'amw' },
        containerInsights: { workspace: 'law' },
      },
    ],
  };
}

/** DOMAIN.md rule 5: what the agents of a cluster without private link need through a firewall. */
const MONITORING_FQDNS = [
  'login.microsoftonline.com',
  '*.handler.control.monitor.azure.com',
  '*.ingest.monitor.azure.com',
  '*.ods.opinsights.azure.com',
  '*.oms.opinsights.azure.com',
];

async function withFleet(document: Record<string, unknown>, body: (emu: RunningEmulator) => Promise<void>) {
  const emu = await startFleet(document);
  try {
    await body(emu);
  } finally {
    await emu.stop();
  }
}

describe('data plane: egress decided by the route table, the firewall and its policy', () => {
  it('the fleet writes the firewall, policy, rule and route, and no tag; the agents pass when every FQDN is allowed', async () => {
    await withFleet(firewalledFleet(MONITORING_FQDNS), async (emu) => {
      const cluster = resourceOf(emu, 'Microsoft.ContainerService/managedClusters', 'aks-fw');
      assert.deepEqual(cluster['tags'], {});
      const subnet = resourceOf(emu, 'Microsoft.Network/virtualNetworks/subnets', 'aks');
      const table = resourceOf(emu, 'Microsoft.Network/routeTables', 'rt-vnet-spoke-aks');
      assert.equal((subnet['properties'] as { routeTable: { id: string } }).routeTable.id, table.id);
      const firewall = resourceOf(emu, 'Microsoft.Network/azureFirewalls', 'afw-vnet-spoke');
      const ip = (firewall['properties'] as { ipConfigurations: { properties: { privateIPAddress: string } }[] })
        .ipConfigurations[0]?.properties.privateIPAddress;
      const route = resourceOf(emu, 'Microsoft.Network/routeTables/routes', 'to-azure-firewall');
      assert.deepEqual(route['properties'], {
        addressPrefix: '0.0.0.0/0',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: ip,
        hasBgpOverride: false,
        provisioningState: 'Succeeded',
      });
      const group = resourceOf(
        emu,
        'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
        'DefaultApplicationRuleCollectionGroup',
      );
      const rule = (group['properties'] as { ruleCollections: { rules: Record<string, unknown>[] }[] })
        .ruleCollections[0]?.rules[0];
      assert.deepEqual(rule?.['targetFqdns'], MONITORING_FQDNS);
      assert.deepEqual(rule?.['sourceAddresses'], ['10.1.0.0/20']);
      const status = emu.tick();
      assert.equal(agentOf(status, 'aks-fw', 'ama-metrics').status, 'ok');
      assert.equal(agentOf(status, 'aks-fw', 'ama-logs').status, 'ok');
    });
  });

  it('blocks sign-in when login.microsoftonline.com is missing: both agents fail before anything else', async () => {
    await withFleet(firewalledFleet(MONITORING_FQDNS.filter((f) => f !== 'login.microsoftonline.com')), async (emu) => {
      const status = emu.tick();
      for (const agent of ['ama-metrics', 'ama-logs'] as const) {
        const verdict = agentOf(status, 'aks-fw', agent);
        assert.equal(verdict.code, 'FIREWALL_BLOCKED', agent);
        assert.equal(verdict.requests[0]?.step, 'sign-in', agent);
        assert.match(verdict.requests[0]?.message ?? '', /login\.microsoftonline\.com .*Reason: No rule matched/);
      }
    });
  });

  it('blocks metrics ingestion when *.ingest.monitor.azure.com is missing; logs still arrive', async () => {
    await withFleet(firewalledFleet(MONITORING_FQDNS.filter((f) => !f.includes('ingest'))), async (emu) => {
      const status = emu.tick();
      const metrics = agentOf(status, 'aks-fw', 'ama-metrics');
      assert.equal(metrics.code, 'FIREWALL_BLOCKED');
      assert.equal(metrics.requests.at(-1)?.step, 'ingestion');
      assert.match(metrics.requests.at(-1)?.host ?? '', /\.ingest\.monitor\.azure\.com$/);
      assert.equal(agentOf(status, 'aks-fw', 'ama-logs').status, 'ok');
    });
  });

  it('a Deny collection with a higher priority than the Allow wins; a network rule Allow comes before both', async () => {
    await withFleet(firewalledFleet(MONITORING_FQDNS), async (emu) => {
      const network = new NetworkManagementClient(emu.tokenCredential, subscriptionOf(emu), sdkOptions(emu));
      const policy = resourceOf(emu, 'Microsoft.Network/firewallPolicies', 'afwp-vnet-spoke');
      const group = policy.id.split('/')[4] ?? '';
      // Group priority 200 is processed before the fleet's DefaultApplicationRuleCollectionGroup (300).
      await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
        group,
        'afwp-vnet-spoke',
        'deny-ingest',
        applicationGroup(200, [
          {
            name: 'deny-ingest',
            priority: 100,
            action: 'Deny',
            fqdns: ['*.INGEST.monitor.azure.com'],
            source: '10.1.0.0/16',
          },
        ]),
        FAST,
      );
      let status = emu.tick();
      const metrics = agentOf(status, 'aks-fw', 'ama-metrics');
      assert.equal(metrics.code, 'FIREWALL_BLOCKED');
      assert.match(
        metrics.requests.at(-1)?.message ?? '',
        /Rule Collection Group: deny-ingest\. Rule Collection: deny-ingest/,
      );
      assert.equal(agentOf(status, 'aks-fw', 'ama-logs').status, 'ok');
      // Network rules are processed before application rules, whatever the groups' priorities.
      await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
        group,
        'afwp-vnet-spoke',
        'network-last',
        {
          priority: 65000,
          ruleCollections: [
            {
              ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
              name: 'azure-monitor',
              priority: 65000,
              action: { type: 'Allow' },
              rules: [
                {
                  ruleType: 'NetworkRule',
                  name: 'azure-monitor-tag',
                  sourceAddresses: ['*'],
                  destinationAddresses: ['AzureMonitor'],
                  ipProtocols: ['TCP'],
                  destinationPorts: ['443'],
                },
              ],
            },
          ],
        },
        FAST,
      );
      status = emu.tick();
      assert.equal(agentOf(status, 'aks-fw', 'ama-metrics').status, 'ok');
    });
  });

  it('a base policy is processed first: its Deny beats the child policy Allow', async () => {
    await withFleet(firewalledFleet(MONITORING_FQDNS), async (emu) => {
      const network = new NetworkManagementClient(emu.tokenCredential, subscriptionOf(emu), sdkOptions(emu));
      const policy = resourceOf(emu, 'Microsoft.Network/firewallPolicies', 'afwp-vnet-spoke');
      const group = policy.id.split('/')[4] ?? '';
      await network.firewallPolicies.beginCreateOrUpdateAndWait(group, 'afwp-org', { location: 'eastus' }, FAST);
      await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
        group,
        'afwp-org',
        'org',
        applicationGroup(64000, [
          { name: 'no-log-analytics', priority: 65000, action: 'Deny', fqdns: ['*.opinsights.azure.com'], source: '*' },
        ]),
        FAST,
      );
      await network.firewallPolicies.beginCreateOrUpdateAndWait(
        group,
        'afwp-vnet-spoke',
        { location: 'eastus', basePolicy: { id: policy.id.replace('afwp-vnet-spoke', 'afwp-org') } },
        FAST,
      );
      const status = emu.tick();
      assert.equal(agentOf(status, 'aks-fw', 'ama-logs').code, 'FIREWALL_BLOCKED');
      assert.match(agentOf(status, 'aks-fw', 'ama-logs').lastError ?? '', /Policy: afwp-org/);
      assert.equal(agentOf(status, 'aks-fw', 'ama-metrics').status, 'ok');
    });
  });

  it('a firewall in a peered hub serves the spoke; without the peering the route leads nowhere and requests time out', async () => {
    await withFleet(firewalledFleet(MONITORING_FQDNS, { firewallVnet: 'vnet-hub' }), async (emu) => {
      const firewall = resourceOf(emu, 'Microsoft.Network/azureFirewalls', 'afw-vnet-hub');
      assert.match(JSON.stringify(firewall['properties']), /vnet-hub\/subnets\/AzureFirewallSubnet/);
      const status = emu.tick();
      assert.equal(agentOf(status, 'aks-fw', 'ama-metrics').status, 'ok');
    });
    await withFleet(firewalledFleet(MONITORING_FQDNS, { firewallVnet: 'vnet-hub', peered: false }), async (emu) => {
      const status = emu.tick();
      assert.equal(agentOf(status, 'aks-fw', 'ama-metrics').code, 'EGRESS_DROPPED');
      assert.match(agentOf(status, 'aks-fw', 'ama-logs').lastError ?? '', /i\/o timeout/);
    });
  });

  it('fleet `firewalls:` adds rule collection groups of its own: a Deny at priority 200 beats the fleet Allow at 300', async () => {
    const fleet: Record<string, unknown> = firewalledFleet(MONITORING_FQDNS, { firewallVnet: 'vnet-hub' });
    fleet['firewalls'] = [
      {
        vnet: 'vnet-hub',
        ruleCollectionGroups: [
          {
            name: 'org-policy',
            priority: 200,
            ruleCollections: [
              {
                name: 'no-log-analytics',
                priority: 100,
                action: 'Deny',
                application: [{ name: 'ods', targetFqdns: ['*.ods.opinsights.azure.com'] }],
              },
            ],
          },
        ],
      },
    ];
    await withFleet(fleet, async (emu) => {
      const status = emu.tick();
      assert.equal(agentOf(status, 'aks-fw', 'ama-logs').code, 'FIREWALL_BLOCKED');
      assert.match(agentOf(status, 'aks-fw', 'ama-logs').lastError ?? '', /Rule Collection Group: org-policy/);
      assert.equal(agentOf(status, 'aks-fw', 'ama-metrics').status, 'ok');
    });
  });

  it('a route to no Azure Firewall: next hop None drops; next hop Internet leaves unfiltered', async () => {
    await withFleet(firewalledFleet([]), async (emu) => {
      assert.equal(agentOf(emu.tick(), 'aks-fw', 'ama-metrics').code, 'FIREWALL_BLOCKED');
      const table = resourceOf(emu, 'Microsoft.Network/routeTables', 'rt-vnet-spoke-aks');
      const put = async (nextHopType: string) => {
        const answer = await call(emu, 'PUT', `${table.id}/routes/to-azure-firewall?${NETWORK_API}`, {
          body: { properties: { addressPrefix: '0.0.0.0/0', nextHopType } },
        });
        assert.ok(answer.status < 300, JSON.stringify(answer.body));
        await new Promise((resolve) => setTimeout(resolve, 50));
      };
      await put('None');
      assert.equal(agentOf(emu.tick(), 'aks-fw', 'ama-metrics').code, 'EGRESS_DROPPED');
      await put('Internet');
      assert.equal(agentOf(emu.tick(), 'aks-fw', 'ama-metrics').status, 'ok');
    });
  });
});

function subscriptionOf(emu: RunningEmulator): string {
  return resourceOf(emu, 'Microsoft.ContainerService/managedClusters', 'aks-fw').id.split('/')[2] ?? '';
}

describe('fleet: firewall egress', () => {
  const problems = (document: Record<string, unknown>): string[] => {
    try {
      expandFleet(document);
    } catch (error) {
      if (error instanceof FleetError) return error.problems.map((p) => `${p.yamlPath}: ${p.message}`);
      throw error;
    }
    return [];
  };

  it('clusters sharing a subnet must share the allowed list; firewall egress needs a node subnet and an AKS cluster', () => {
    const fleet = firewalledFleet(MONITORING_FQDNS);
    const [cluster] = fleet.clusters;
    assert.ok(cluster);
    fleet.clusters.push({ ...cluster, name: 'aks-other', egress: { firewall: { allowedFqdns: ['*'] } } });
    assert.match(
      problems(fleet).join('\n'),
      /clusters\[1\]\.egress\.firewall\.allowedFqdns: expected the same list as clusters\[0\]/,
    );
    const noSubnet = firewalledFleet(MONITORING_FQDNS);
    noSubnet.clusters[0] = { ...cluster, network: { vnet: 'vnet-spoke' } as never };
    assert.match(problems(noSubnet).join('\n'), /clusters\[0\]\.network\.subnet: expected the node subnet/);
    const own = (groups: unknown[]): Record<string, unknown> => ({
      ...firewalledFleet(MONITORING_FQDNS),
      firewalls: [{ vnet: 'vnet-spoke', ruleCollectionGroups: groups }],
    });
    assert.match(
      problems(own([{ name: 'g', priority: 99, ruleCollections: [] }])).join('\n'),
      /firewalls\[0\]\.ruleCollectionGroups\[0\]\.priority: expected a priority from 100 to 65000/,
    );
    const said = problems(
      own([
        { name: 'DefaultApplicationRuleCollectionGroup', priority: 100, ruleCollections: [] },
        { name: 'g', priority: 100, ruleCollections: [{ name: 'none', priority: 100, action: 'Allow' }] },
      ]),
    ).join('\n');
    assert.match(said, /firewalls\[0\]\.ruleCollectionGroups\[0\]\.name: expected a group name of its own/);
    assert.match(
      said,
      /firewalls\[0\]\.ruleCollectionGroups\[1\]\.ruleCollections\[0\]: expected either application or network rules/,
    );
    const arc = firewalledFleet(MONITORING_FQDNS);
    arc.clusters[0] = { ...cluster, kind: 'arc', private: false } as never;
    assert.match(problems(arc).join('\n'), /clusters\[0\]\.egress: expected only on AKS clusters/);
  });

  it('a cluster without network gets the VNet AKS makes; clusters of one VNet share one firewall and policy', () => {
    const expanded = expandFleet({
      subscriptions: [{ name: 'prod' }],
      virtualNetworks: [
        {
          name: 'vnet',
          region: 'eastus',
          addressSpace: ['10.1.0.0/16'],
          subnets: [
            { name: 'a', prefix: '10.1.0.0/24' },
            { name: 'b', prefix: '10.1.1.0/24' },
          ],
        },
      ],
      clusters: [
        {
          name: 'aks-a',
          region: 'eastus',
          network: { vnet: 'vnet', subnet: 'a' },
          egress: { firewall: { allowedFqdns: ['x.example'] } },
        },
        {
          name: 'aks-b',
          region: 'eastus',
          network: { vnet: 'vnet', subnet: 'b' },
          egress: { firewall: { allowedFqdns: ['y.example'] } },
        },
        { name: 'aks-alone', region: 'eastus', egress: { firewall: { allowedFqdns: ['z.example'] } } },
      ],
    });
    const ids = expanded.writes.map((w) => w.id);
    const ofType = (type: string) =>
      ids.filter((id) => id.includes(`/${type}/`) && !id.split(`/${type}/`)[1]?.includes('/'));
    assert.deepEqual(
      ofType('azureFirewalls').map((id) => id.split('/').pop()),
      ['afw-vnet', 'afw-aks-vnet-aks-alone'],
    );
    assert.equal(ofType('firewallPolicies').length, 2);
    assert.equal(ofType('routeTables').length, 3);
    const group = expanded.writes.find((w) =>
      w.id.endsWith('afwp-vnet/ruleCollectionGroups/DefaultApplicationRuleCollectionGroup'),
    );
    const rules = (
      group?.body as {
        properties: { ruleCollections: { rules: { sourceAddresses: string[]; targetFqdns: string[] }[] }[] };
      }
    ).properties.ruleCollections[0]?.rules;
    assert.deepEqual(
      rules?.map((r) => [r.sourceAddresses, r.targetFqdns]),
      [
        [['10.1.0.0/24'], ['x.example']],
        [['10.1.1.0/24'], ['y.example']],
      ],
    );
    const alone = expanded.writes.find((w) => w.id.endsWith('managedClusters/aks-alone'));
    assert.match(JSON.stringify(alone?.body), /aks-vnet-aks-alone\/subnets\/aks-subnet/);
    assert.match(JSON.stringify(alone?.body), /"outboundType":"userDefinedRouting"/);
    // No tag carries firewall rules: the cluster's body has none.
    assert.equal((alone?.body as { tags?: unknown }).tags, undefined);
  });
});
