import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { applyPlan } from '../src/apply/apply.js';
import { discover } from '../src/discover/discover.js';
import { Topology } from '../src/model/topology.js';
import { planKeepingDataFlowing } from '../src/plan/plan.js';
import { amplink } from './support/cli.js';
import { connectionTo, emulatorWithConnection } from './support/emulator.js';

interface LiveJson {
  summary: { findings: { error: number } };
  live: {
    cloud: { source: string; logs?: { endpoint: string } };
    clusters: { name?: string; id: string; metrics: { status: string }; logs: { status: string } }[];
    dnsServers: string[];
    dns: { host: string; status: string; detail: string }[];
  };
}

const DNS_NOT_LINKED = fileURLToPath(new URL('../../../examples/verify/dns-not-linked.yaml', import.meta.url));

test('amplink verify --live, the real command: broken before apply (exit 3), every cluster proven after (exit 0)', async () => {
  const { emulator } = await emulatorWithConnection({ agents: { enabled: false } });
  try {
    const connection = connectionTo(emulator);
    const topology = new Topology(await discover(connection));
    const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
    // No --logs-endpoint: the Log Analytics API is the one the emulator's /metadata/endpoints names.
    const live = ['verify', '--ampls', amplsId, '--live', '--json'];

    emulator.tick();
    const before = await amplink(emulator, live);
    assert.equal(before.code, 3, before.stderr);
    const broken = JSON.parse(before.stdout) as LiveJson;
    assert.ok(broken.summary.findings.error > 0);
    assert.ok(
      broken.live.clusters.some((c) => c.metrics.status === 'fail'),
      'some cluster has no metrics yet',
    );

    const applied = await applyPlan(connection, planKeepingDataFlowing(topology, { amplsId }));
    assert.equal(applied.summary.failed, 0);
    emulator.tick();
    emulator.tick();
    const after = await amplink(emulator, live);
    assert.equal(after.code, 0, after.stderr + after.stdout.slice(0, 2000));
    const proven = JSON.parse(after.stdout) as LiveJson;
    for (const cluster of proven.live.clusters) {
      assert.notEqual(cluster.metrics.status, 'fail', `${cluster.id} metrics`);
      assert.notEqual(cluster.logs.status, 'fail', `${cluster.id} logs`);
    }
    assert.ok(proven.live.clusters.filter((c) => c.metrics.status === 'pass').length >= 6);
    assert.ok(proven.live.clusters.filter((c) => c.logs.status === 'pass').length >= 6);
    assert.equal(proven.live.cloud.source, 'metadata');
    assert.equal(proven.live.cloud.logs?.endpoint, emulator.logAnalyticsEndpoint);
    // DNS without a resolver inside the network: not checked, and exit 0 all the same.
    assert.deepEqual(proven.live.dnsServers, []);
    assert.ok(proven.live.dns.length > 0);
    for (const d of proven.live.dns) assert.equal(d.status, 'not-checked', `${d.host}: ${d.detail}`);
  } finally {
    await emulator.stop();
  }
});

test("amplink verify --live --dns-server: a zone not linked to the spoke is broken through the spoke's resolver (exit 3)", async () => {
  const { emulator, connection } = await emulatorWithConnection({ fleet: DNS_NOT_LINKED, agents: { enabled: false } });
  try {
    const topology = new Topology(await discover(connection));
    const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
    const servers = await emulator.dnsServers();
    const spoke = servers.find((s) => s.vnetName === 'vnet-spoke');
    const hub = servers.find((s) => s.vnetName === 'vnet-hub');
    assert.ok(spoke && hub);
    const args = ['verify', '--ampls', amplsId, '--live'];

    const text = await amplink(emulator, [...args, '--dns-server', `${spoke.address}:${spoke.port}`]);
    assert.equal(text.code, 3, text.stderr);
    assert.match(text.stdout, /DNS through 127\.0\.0\.1:\d+: 0 private, \d+ public/);
    assert.match(text.stdout, /BROKEN global\.handler\.control\.monitor\.azure\.com/);

    const fromHub = await amplink(emulator, [...args, '--json', '--dns-server', `${hub.address}:${hub.port}`]);
    const json = JSON.parse(fromHub.stdout) as LiveJson;
    const handler = json.live.dns.find((d) => d.host === 'global.handler.control.monitor.azure.com');
    assert.equal(handler?.status, 'private', handler?.detail);

    const without = await amplink(emulator, args);
    assert.match(without.stdout, /DNS not checked \(\d+ names\): only a resolver inside the clusters' network/);
    assert.doesNotMatch(without.stdout, /BROKEN [a-z0-9.-]+\.azure\.com/);

    const bad = await amplink(emulator, [...args, '--dns-server', 'dns.contoso.example']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /AMPL_CLI_E0020/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
    for (const [flag, value, code] of [
      ['--logs-endpoint', 'http://127.0.0.1/v1', 'AMPL_CLI_E0021'],
      ['--monitor-dns-suffix', 'monitor azure us', 'AMPL_CLI_E0022'],
    ] as const) {
      const refused = await amplink(emulator, [...args, flag, value]);
      assert.equal(refused.code, 1, `${flag} ${value}`);
      assert.match(refused.stderr, new RegExp(code));
    }
  } finally {
    await emulator.stop();
  }
});
