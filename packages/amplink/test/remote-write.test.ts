import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { applyPlan } from '../src/apply/apply.js';
import { discover } from '../src/discover/discover.js';
import { parseSnapshot, readSnapshotFile } from '../src/discover/snapshot.js';
import { azureAdConfig, CLIENT_SECRET_PLACEHOLDER } from '../src/export/remote-write-config.js';
import { isAmplinkError } from '../src/model/errors.js';
import { Topology } from '../src/model/topology.js';
import { plan } from '../src/plan/plan.js';
import { remoteWriteTarget } from '../src/plan/remote-write.js';
import { verifyFleet } from '../src/workflows/verify-fleet.js';
import { runAmplink } from './support/cli.js';
import { emulatorWithConnection } from './support/emulator.js';

const SNAPSHOT = fileURLToPath(new URL('../../../examples/snapshot.json', import.meta.url));
const GROUP = '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring';
const AMW = `${GROUP}/providers/Microsoft.Monitor/accounts/amw-central`;
const AMPLS = `${GROUP}/providers/Microsoft.Insights/privateLinkScopes/ampls-central`;
const vnet = (name: string) => `${GROUP}/providers/Microsoft.Network/virtualNetworks/${name}`;
const CLIENT = '11111111-2222-3333-4444-555555555555';
const TENANT = '72f988bf-0000-4000-8000-00000000e1a7';

interface RemoteWriteBlock {
  remote_write: { url: string; azuread: Record<string, unknown> }[];
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(isAmplinkError(error) && error.fix, String(error));
    return error.code;
  }
  return 'no error';
}

/** What Prometheus's remote_write schema asks of an entry: an http(s) url, and azuread with a cloud and one method. */
function assertPrometheusRemoteWrite(config: RemoteWriteBlock, method: string): void {
  assert.ok(Array.isArray(config.remote_write) && config.remote_write.length === 1);
  const [entry] = config.remote_write;
  assert.ok(entry);
  assert.deepEqual(Object.keys(entry).sort(), ['azuread', 'url']);
  assert.equal(new URL(entry.url).protocol, 'https:');
  assert.ok(['AzurePublic', 'AzureChina', 'AzureGovernment'].includes(String(entry.azuread['cloud'])));
  const methods = ['managed_identity', 'oauth', 'sdk'].filter((m) => m in entry.azuread);
  assert.deepEqual(methods, [method], 'exactly one auth method');
}

describe('remote-write-config: the Prometheus remote_write block of a workspace', async () => {
  const topology = new Topology(await readSnapshotFile(SNAPSHOT));
  const workspace = topology.monitorWorkspaces.get(AMW.toLowerCase());
  assert.ok(workspace?.defaultEndpointId && workspace.defaultRuleId);
  const dce = topology.endpoints.get(workspace.defaultEndpointId.toLowerCase());
  const dcr = topology.rules.get(workspace.defaultRuleId.toLowerCase());
  const metricsEndpoint = (dce?.resource.properties['metricsIngestion'] as { endpoint: string }).endpoint;
  const immutableId = String(dcr?.resource.properties['immutableId']);
  const expectedUrl = `${metricsEndpoint}/dataCollectionRules/${immutableId}/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24`;

  test("the URL is the default DCE's metrics ingestion endpoint with the default DCR's immutable id and stream", () => {
    assert.match(immutableId, /^dcr-[0-9a-f]{32}$/);
    assert.equal(remoteWriteTarget(topology, AMW).url, expectedUrl);
  });

  test('the command prints YAML that parses as a Prometheus remote_write block; --json the same block', async () => {
    const run = await runAmplink([
      'remote-write-config',
      '--snapshot',
      SNAPSHOT,
      '--workspace',
      AMW,
      '--client-id',
      CLIENT,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const yaml = parse(run.stdout) as RemoteWriteBlock;
    assertPrometheusRemoteWrite(yaml, 'managed_identity');
    assert.equal(yaml.remote_write[0]?.url, expectedUrl);
    assert.deepEqual(yaml.remote_write[0]?.azuread, { cloud: 'AzurePublic', managed_identity: { client_id: CLIENT } });
    const json = await runAmplink([
      'remote-write-config',
      '--snapshot',
      SNAPSHOT,
      '--workspace',
      AMW,
      '--client-id',
      CLIENT,
      '--json',
    ]);
    assert.deepEqual(JSON.parse(json.stdout), yaml);
  });

  test('each auth method makes one azuread method; oauth leaves the secret to the user', () => {
    assert.deepEqual(azureAdConfig({ method: 'sdk', tenantId: TENANT, cloud: 'AzureChina' }), {
      cloud: 'AzureChina',
      sdk: { tenant_id: TENANT },
    });
    const oauth = azureAdConfig({ method: 'oauth', clientId: CLIENT, tenantId: TENANT });
    assert.deepEqual(oauth.oauth, { client_id: CLIENT, client_secret: CLIENT_SECRET_PLACEHOLDER, tenant_id: TENANT });
    for (const bad of [
      {},
      { method: 'oauth' as const, clientId: CLIENT },
      { method: 'sdk' as const },
      { clientId: 'not-a-guid' },
      { method: 'password' as unknown as 'sdk', tenantId: TENANT },
      { clientId: CLIENT, cloud: 'Mars' as unknown as 'AzurePublic' },
    ]) {
      assert.equal(
        codeOf(() => azureAdConfig(bad)),
        'AMPL_REMOTEWRITE_E0005',
        JSON.stringify(bad),
      );
    }
  });

  test('a workspace id that is not one, or not discovered: coded errors', () => {
    assert.equal(
      codeOf(() => remoteWriteTarget(topology, vnet('vnet-hub'))),
      'AMPL_REMOTEWRITE_E0001',
    );
    assert.equal(
      codeOf(() => remoteWriteTarget(topology, `${AMW}-gone`)),
      'AMPL_REMOTEWRITE_E0002',
    );
  });
});

describe('plan --remote-write VNET --workspace AMW', async () => {
  const topology = new Topology(await readSnapshotFile(SNAPSHOT));

  test("from a VNet with the AMPLS's private endpoint and zones: the workspace's DCE is linked (rule 3), nothing missing", () => {
    const result = plan(topology, { amplsId: AMPLS, remoteWrite: { vnetId: vnet('vnet-hub'), workspaceId: AMW } });
    const target = remoteWriteTarget(topology, AMW);
    const link = result.actions.find(
      (a) =>
        String((a.body['properties'] as Record<string, unknown>)['linkedResourceId']).toLowerCase() ===
        target.endpoint.resource.key,
    );
    assert.ok(link, 'the default DCE is linked');
    assert.match(link.reason, /remote write from the site network vnet-hub/);
    assert.ok(link.rules.includes(3));
    assert.deepEqual(
      result.findings.filter((f) => f.code.startsWith('AMPL_REMOTEWRITE')),
      [],
    );
  });

  test('from a VNet with no path to a private endpoint and no zones: what is missing, with the --private-endpoint fix', () => {
    // vnet-westus2 cut off: no peering, no zone linked to it.
    const cut = (r: Record<string, unknown>) => JSON.stringify(r).includes('vnet-westus2');
    const isolated = topology.resources.flatMap((resource) => {
      const raw = resource.raw as Record<string, unknown>;
      const type = resource.type.toLowerCase();
      if (type.endsWith('/virtualnetworkpeerings') || type.endsWith('/virtualnetworklinks'))
        return cut(raw) ? [] : [raw];
      if (type !== 'microsoft.network/virtualnetworks') return [raw];
      const properties = raw['properties'] as Record<string, unknown>;
      const peerings = (properties['virtualNetworkPeerings'] ?? []) as Record<string, unknown>[];
      const kept = resource.name === 'vnet-westus2' ? [] : peerings.filter((p) => !cut(p));
      return [{ ...raw, properties: { ...properties, virtualNetworkPeerings: kept } }];
    });
    const result = plan(new Topology(parseSnapshot(JSON.stringify({ value: isolated }))), {
      amplsId: AMPLS,
      remoteWrite: { vnetId: vnet('vnet-westus2'), workspaceId: AMW },
    });
    const codes = result.findings.map((f) => f.code).filter((c) => c.startsWith('AMPL_REMOTEWRITE'));
    assert.deepEqual(codes, ['AMPL_REMOTEWRITE_W0001', 'AMPL_REMOTEWRITE_W0002']);
    const missing = result.findings.find((f) => f.code === 'AMPL_REMOTEWRITE_W0001');
    assert.match(missing?.fix ?? '', /--private-endpoint SUBNET_ID/);
    assert.notEqual(result.summary.status, 'blocked', 'the link is planned all the same');
  });

  test('bad input: coded errors (a VNet id that is none, an unknown VNet, one flag without the other)', async () => {
    assert.equal(
      codeOf(() => plan(topology, { amplsId: AMPLS, remoteWrite: { vnetId: AMW, workspaceId: AMW } })),
      'AMPL_REMOTEWRITE_E0001',
    );
    assert.equal(
      codeOf(() => plan(topology, { amplsId: AMPLS, remoteWrite: { vnetId: vnet('nowhere'), workspaceId: AMW } })),
      'AMPL_REMOTEWRITE_E0004',
    );
    const run = await runAmplink([
      'plan',
      '--snapshot',
      SNAPSHOT,
      '--ampls',
      AMPLS,
      '--remote-write',
      vnet('vnet-hub'),
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /AMPL_REMOTEWRITE_E0001/);
  });
});

test("verify --live: the URL's host resolves privately from the site's VNet once the plan is applied (emulator DNS)", async () => {
  const { emulator, connection } = await emulatorWithConnection({ agents: { enabled: false } });
  try {
    const topology = new Topology(await discover(connection));
    const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
    const amw = [...topology.monitorWorkspaces.values()].find((w) => w.resource.name === 'amw-central');
    const hub = [...topology.network.vnets.values()].find((v) => v.name === 'vnet-hub');
    assert.ok(amw && hub);
    const server = (await emulator.dnsServers()).find((s) => s.vnetName === 'vnet-hub');
    assert.ok(server);
    const options = { amplsId, remoteWrite: { vnetId: hub.id, workspaceId: amw.resource.id } };
    const host = new URL(remoteWriteTarget(topology, amw.resource.id).url).hostname;
    const live = {
      credential: connection.credential,
      armEndpoint: emulator.url,
      ca: emulator.caCertPem,
      timeoutMs: 5000,
      dnsServers: [`${server.address}:${server.port}`],
      overrides: {},
    };
    const dnsOf = async () => {
      const result = await verifyFleet({ source: { connection }, plan: options, live });
      return result.live?.dns.find((d) => d.host === host);
    };
    assert.equal((await dnsOf())?.status, 'public', 'the DCE is not in the AMPLS yet: no private record');
    const applied = await applyPlan(connection, plan(topology, options));
    assert.equal(applied.summary.failed, 0);
    const after = await dnsOf();
    assert.equal(after?.status, 'private', after?.detail);
    assert.match(after?.use ?? '', /remote write/);
  } finally {
    await emulator.stop();
  }
});
