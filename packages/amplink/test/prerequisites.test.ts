// The network prerequisites planned when asked (issue 16): additive, refused with a finding where they would break
// another AMPLS's DNS or a limit, and held by the plan-file check like every other action.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { noAmplsOptions } from '../scripts/update-golden.js';
import { runCli } from '../src/cli/program.js';
import { planOptionsFrom } from '../src/cli/shared-options.js';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { isAmplinkError } from '../src/model/errors.js';
import { Topology } from '../src/model/topology.js';
import { checkPlanActions } from '../src/plan/plan-check.js';
import { plan } from '../src/plan/plan.js';
import type { PlanOptions } from '../src/plan/options.js';
import type { Plan } from '../src/plan/types.js';

const SNAPSHOT = new URL('../../../examples/snapshot-no-ampls.json', import.meta.url);
const base = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { value?: unknown[] } | unknown[] as unknown;
const resources: Record<string, unknown>[] = (
  Array.isArray(base) ? base : (base as { value: unknown[] }).value
) as Record<string, unknown>[];
const SUB = String(resources[0]?.['id']).split('/')[2] ?? '';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-monitoring`;
const VNETS = `${GROUP}/providers/Microsoft.Network/virtualNetworks`;

function world(extra: Record<string, unknown>[] = []): Topology {
  return new Topology(parseSnapshot(JSON.stringify([...resources, ...extra]), 'test'));
}

function options(topology: Topology, more: Partial<PlanOptions> = {}): PlanOptions {
  return { ...noAmplsOptions(topology), ...more };
}

function codes(result: Plan): string[] {
  return result.findings.map((f) => f.code);
}

function throwsCode(run: () => unknown, code: string): void {
  assert.throws(run, (e: unknown) => isAmplinkError(e) && e.code === code);
}

/** Another AMPLS with its private endpoint in vnet-hub, and its monitor zone linked there (another team's). */
function otherAmplsInHub(): Record<string, unknown>[] {
  const other = `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Insights/privateLinkScopes/ampls-other`;
  const zone = `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Network/privateDnsZones/privatelink.monitor.azure.com`;
  return [
    {
      id: other,
      name: 'ampls-other',
      type: 'Microsoft.Insights/privateLinkScopes',
      location: 'global',
      properties: {},
    },
    {
      id: `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Network/privateEndpoints/pe-other`,
      name: 'pe-other',
      type: 'Microsoft.Network/privateEndpoints',
      location: 'eastus',
      properties: {
        subnet: { id: `${VNETS}/vnet-hub/subnets/endpoints` },
        privateLinkServiceConnections: [
          {
            name: 'c',
            properties: { privateLinkServiceId: other, privateLinkServiceConnectionState: { status: 'Approved' } },
          },
        ],
      },
    },
    {
      id: zone,
      name: 'privatelink.monitor.azure.com',
      type: 'Microsoft.Network/privateDnsZones',
      location: 'global',
      properties: {},
    },
    {
      id: `${zone}/virtualNetworkLinks/hub`,
      name: 'hub',
      type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
      location: 'global',
      properties: { virtualNetwork: { id: `${VNETS}/vnet-hub` } },
    },
  ];
}

describe('network prerequisites', () => {
  test('a fleet with no AMPLS plans it, its endpoint, zones, links and zone group in that order, before the links to it', () => {
    const result = plan(world(), options(world()));
    assert.equal(result.summary.status, 'changes');
    const order = [
      'Microsoft.Insights/privateLinkScopes',
      'Microsoft.Network/privateEndpoints',
      'Microsoft.Network/privateDnsZones',
      'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    ];
    const phases = result.actions.map((a) => order.indexOf(a.resourceType)).filter((i) => i >= 0);
    assert.deepEqual(
      phases,
      [...phases].sort((a, b) => a - b),
    );
    const ampls = result.actions[0];
    assert.equal(ampls?.resourceType, order[0]);
    assert.deepEqual(ampls?.body, {
      location: 'global',
      tags: { 'managed-by': 'amplink' },
      properties: { accessModeSettings: { ingestionAccessMode: 'Open', queryAccessMode: 'Open' } },
    });
    assert.match(ampls?.reason ?? '', /ingestion access mode Open: .*PrivateOnly once every cluster/);
    for (const link of result.actions.filter((a) => a.resourceType.endsWith('/scopedResources'))) {
      assert.ok(link.dependsOn.includes(ampls?.id ?? ''), `${link.id} waits for the AMPLS`);
    }
    const endpoints = result.actions.filter((a) => a.resourceType === order[1]);
    assert.deepEqual(
      endpoints.map(
        (e) =>
          (e.body['properties'] as { privateLinkServiceConnections: { properties: { groupIds: string[] } }[] })
            .privateLinkServiceConnections[0]?.properties.groupIds,
      ),
      [['azuremonitor'], ['prometheusMetrics']],
    );
    const groups = result.actions.filter((a) => a.resourceType === order[4]);
    for (const group of groups) {
      const endpoint = group.id.replace(/\/privateDnsZoneGroups\/default$/, '');
      assert.ok(group.dependsOn.includes(endpoint));
    }
    // Every prerequisite is a change the plan-file check accepts; its estimate counts them.
    assert.equal(checkPlanActions(result).size, result.actions.length);
    assert.equal((result.estimate?.amplsWrites ?? 0) + (result.estimate?.otherWrites ?? 0), result.actions.length);
  });

  test('the permissions name the subnet join and the approval of the connection', () => {
    const result = plan(world(), options(world()));
    const endpoint = result.actions.find((a) => a.resourceType === 'Microsoft.Network/privateEndpoints');
    const actions = endpoint?.permissions.map((p) => p.action) ?? [];
    assert.ok(actions.includes('Microsoft.Network/virtualNetworks/subnets/join/action'));
    assert.ok(actions.includes('Microsoft.Insights/privateLinkScopes/privateEndpointConnectionsApproval/action'));
  });

  test('a plan file that points an endpoint elsewhere, or widens a zone group, is refused', () => {
    const result = plan(world(), options(world()));
    const index = result.actions.findIndex((a) => a.resourceType === 'Microsoft.Network/privateEndpoints');
    const tampered = structuredClone(result);
    const body = tampered.actions[index]?.body as {
      properties: { privateLinkServiceConnections: { properties: { privateLinkServiceId: string } }[] };
    };
    (
      body.properties.privateLinkServiceConnections[0] as { properties: { privateLinkServiceId: string } }
    ).properties.privateLinkServiceId = `${GROUP}/providers/Microsoft.Storage/storageAccounts/exfiltrate`;
    throwsCode(() => checkPlanActions(tampered), 'AMPL_PLANFILE_E0004');
    const zone = structuredClone(result);
    const zoneAction = zone.actions.find((a) => a.resourceType === 'Microsoft.Network/privateDnsZones');
    assert.ok(zoneAction);
    zoneAction.id = `${GROUP}/providers/Microsoft.Network/privateDnsZones/example.com`;
    throwsCode(() => checkPlanActions(zone), 'AMPL_PLANFILE_E0004');
  });

  test('what exists is used as it is: the second plan after the world has them is empty of prerequisites', () => {
    const topology = world();
    const first = plan(topology, options(topology));
    const made = first.actions
      .filter(
        (a) =>
          !a.resourceType.startsWith('Microsoft.Insights/dataCollection') &&
          !a.resourceType.endsWith('/scopedResources'),
      )
      .map((a) => ({
        id: a.id,
        name: a.id.split('/').pop(),
        type: a.resourceType,
        ...a.body,
        properties: { ...(a.body['properties'] as object), provisioningState: 'Succeeded' },
      }));
    const after = world(made);
    const second = plan(after, options(after));
    assert.deepEqual(
      second.actions
        .filter(
          (a) =>
            !a.resourceType.startsWith('Microsoft.Insights/dataCollection') &&
            !a.resourceType.endsWith('/scopedResources'),
        )
        .map((a) => a.id),
      [],
    );
  });

  test('a network whose DNS already serves another AMPLS is refused (AMPL_PLAN_E0204), nothing is planned', () => {
    const topology = world(otherAmplsInHub());
    const result = plan(topology, options(topology));
    assert.equal(result.summary.status, 'blocked');
    assert.ok(codes(result).includes('AMPL_PLAN_E0204'), codes(result).join(', '));
    assert.deepEqual(result.actions, []);
    assert.match(result.findings.find((f) => f.code === 'AMPL_PLAN_E0204')?.fix ?? '', /--ampls/);
  });

  test('more private endpoints than an AMPLS supports are refused (AMPL_PLAN_E0205)', () => {
    const topology = world();
    const result = plan(topology, options(topology, { limits: { privateEndpointsPerScope: 0 } }));
    assert.ok(codes(result).includes('AMPL_PLAN_E0205'));
    assert.equal(result.summary.status, 'blocked');
  });

  test('a spoke that resolves a zone through another zone of that name is refused (AMPL_PLAN_E0206)', () => {
    const zone = `/subscriptions/${SUB}/resourceGroups/rg-spoke-dns/providers/Microsoft.Network/privateDnsZones/privatelink.ods.opinsights.azure.com`;
    const topology = world([
      {
        id: zone,
        name: 'privatelink.ods.opinsights.azure.com',
        type: 'Microsoft.Network/privateDnsZones',
        location: 'global',
        properties: {},
      },
      {
        id: `${zone}/virtualNetworkLinks/spoke`,
        name: 'spoke',
        type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
        location: 'global',
        properties: { virtualNetwork: { id: `${VNETS}/vnet-spoke` } },
      },
    ]);
    const result = plan(topology, options(topology));
    assert.ok(codes(result).includes('AMPL_PLAN_E0206'), codes(result).join(', '));
  });

  test('ids of the wrong kind or not discovered are input errors naming the option', () => {
    const topology = world();
    throwsCode(
      () => plan(topology, options(topology, { privateEndpointSubnetIds: [`${VNETS}/vnet-hub`] })),
      'AMPL_PLAN_E0201',
    );
    throwsCode(
      () => plan(topology, options(topology, { linkVnetIds: [`${VNETS}/vnet-hub/subnets/endpoints`] })),
      'AMPL_PLAN_E0201',
    );
    throwsCode(() => plan(topology, options(topology, { privateEndpointSubnetIds: ['not-an-id'] })), 'AMPL_PLAN_E0201');
    throwsCode(
      () => plan(topology, options(topology, { privateEndpointSubnetIds: [`${VNETS}/vnet-nowhere/subnets/x`] })),
      'AMPL_PLAN_E0202',
    );
    throwsCode(
      () => plan(topology, options(topology, { createAmpls: { ingestionAccessMode: 'Closed' as 'Open' } })),
      'AMPL_PLAN_E0203',
    );
  });

  test('--create-ampls and --ampls-resource-group make the AMPLS id; with --ampls, or without a group, they are refused', () => {
    const made = planOptionsFrom({
      createAmpls: 'ampls-fleet',
      amplsResourceGroup: GROUP,
      queryAccessMode: 'PrivateOnly',
    });
    assert.equal(made.amplsId, `${GROUP}/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet`);
    assert.deepEqual(made.createAmpls, { queryAccessMode: 'PrivateOnly' });
    throwsCode(
      () => planOptionsFrom({ createAmpls: 'a', amplsResourceGroup: GROUP, ampls: made.amplsId }),
      'AMPL_CLI_E0040',
    );
    throwsCode(() => planOptionsFrom({ createAmpls: 'a' }), 'AMPL_CLI_E0041');
    throwsCode(() => planOptionsFrom({ createAmpls: 'a/b', amplsResourceGroup: GROUP }), 'AMPL_CLI_E0041');
    throwsCode(() => planOptionsFrom({}), 'AMPL_CLI_E0011');
  });

  test('--query-private-endpoint with no workspace among the selected clusters plans nothing for it (AMPL_PLAN_W0201)', () => {
    // aks-weu without its metrics association: it sends logs only, so no Azure Monitor workspace is queried.
    const logsOnly = resources.filter(
      (r) =>
        !String(r['id']).endsWith(
          '/aks-weu/providers/Microsoft.Insights/dataCollectionRuleAssociations/ContainerInsightsMetricsExtension',
        ),
    );
    const topology = new Topology(parseSnapshot(JSON.stringify(logsOnly), 'test'));
    const result = plan(topology, { ...options(topology), clusters: { names: ['aks-weu'] } });
    assert.ok(codes(result).includes('AMPL_PLAN_W0201'), codes(result).join(', '));
    assert.ok(!result.actions.some((a) => a.id.includes('/privateEndpoints/amw-pe-')));
    assert.ok(result.actions.some((a) => a.id.includes('/privateEndpoints/ampls-fleet-pe-')));
  });
});

test('verify before apply, of an AMPLS the plan creates: a coded error saying to apply first, no stack trace', async () => {
  let stderr = '';
  const code = await runCli(
    ['verify', '--snapshot', fileURLToPath(SNAPSHOT), '--create-ampls', 'ampls-fleet', '--ampls-resource-group', GROUP],
    { stdout: () => undefined, stderr: (t) => void (stderr += t) },
  );
  assert.equal(code, 1);
  assert.match(stderr, /AMPL_VERIFY_E0031: AMPLS ampls-fleet does not exist yet/);
  assert.match(stderr, /fix: Run amplink apply with the same options first/);
  assert.doesNotMatch(stderr, /\n\s+at /);
});
