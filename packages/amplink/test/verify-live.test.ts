import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TokenCredential } from '@azure/core-auth';
import { startEmulator, type RunningEmulator } from 'amplink-emulator';
import { API_VERSIONS } from '../src/plan/api-versions.js';
import { applyPlan } from '../src/apply/apply.js';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { Topology } from '../src/model/topology.js';
import { runLiveProbes } from '../src/verify/probes/live.js';
import { liveFailed } from '../src/verify/probes/live-failed.js';
import type { LiveResult } from '../src/verify/probes/types.js';
import type { VerifyResult } from '../src/verify/types.js';
import { verify } from '../src/verify/verify.js';
import { ArmConnection } from '../src/azure/arm-connection.js';

const FIREWALL_GROUP_TYPE = 'Microsoft.Network/firewallPolicies/ruleCollectionGroups';
const fleets = fileURLToPath(new URL('../../../examples/verify/', import.meta.url));

function connectionTo(emulator: RunningEmulator): ArmConnection {
  return new ArmConnection({
    credential: emulator.tokenCredential,
    endpoint: emulator.url,
    ca: emulator.caCertPem,
    pollIntervalMs: 20,
  });
}

async function emulatorFor(file: string): Promise<RunningEmulator> {
  return startEmulator({ fleet: `${fleets}${file}`, lroDelayMs: 5, lroRetryAfterSeconds: 0 });
}

function verifyNow(emulator: RunningEmulator): { topology: Topology; result: VerifyResult } {
  // The Arc sites' VNets, as the fleet's owner gives them (--site-network): no ARM answer shows them.
  const siteNetworks = emulator.siteNetworks().map((s) => ({ clusters: s.clusterId, vnetId: s.vnetId }));
  const topology = new Topology(parseSnapshot(JSON.stringify(emulator.snapshot())), { siteNetworks });
  const scope = [...topology.privateLinkScopes.values()].find((s) => s.resource.name === 'ampls');
  assert.ok(scope);
  return { topology, result: verify(topology, { amplsId: scope.resource.id }) };
}

function probe(emulator: RunningEmulator, topology: Topology, result: VerifyResult, extra = {}): Promise<LiveResult> {
  return runLiveProbes(topology, result, {
    credential: emulator.tokenCredential as TokenCredential,
    ca: emulator.caCertPem,
    armEndpoint: emulator.url,
    timeoutMs: 5000,
    skip: { dns: true },
    ...extra,
  });
}

/**
 * Which agent failure codes of the emulator (its own network model, written from DOMAIN.md independently of amplink)
 * each static reason stands for. Both must say "broken" for the same clusters; the codes must be compatible.
 */
const COMPATIBLE: Record<string, string[]> = {
  AMPL_VERIFY_E0001: ['CONFIG_DCE_REQUIRED'],
  AMPL_VERIFY_E0002: ['CONFIG_DCE_OTHER_REGION'],
  AMPL_VERIFY_E0003: ['CONFIG_DCE_REQUIRED'],
  AMPL_VERIFY_E0004: ['CONFIG_DCE_REQUIRED', 'NOT_IN_PRIVATE_LINK_SCOPE'],
  AMPL_VERIFY_E0005: ['NOT_IN_PRIVATE_LINK_SCOPE', 'PRIVATE_ONLY_BLOCKED'],
  AMPL_VERIFY_E0006: ['NOT_IN_PRIVATE_LINK_SCOPE', 'PRIVATE_ONLY_BLOCKED'],
  AMPL_VERIFY_E0007: ['NOT_IN_PRIVATE_LINK_SCOPE', 'PRIVATE_ONLY_BLOCKED'],
  AMPL_VERIFY_E0008: ['NOT_IN_PRIVATE_LINK_SCOPE', 'PRIVATE_ONLY_BLOCKED'],
  AMPL_VERIFY_E0011: ['PRIVATE_ENDPOINT_UNREACHABLE'],
  // Names resolve to another AMPLS's endpoint, where this fleet's resources are not linked.
  AMPL_VERIFY_E0015: [
    'CONFIG_DCE_REQUIRED',
    'NOT_IN_PRIVATE_LINK_SCOPE',
    'PRIVATE_ONLY_BLOCKED',
    'PRIVATE_ENDPOINT_UNREACHABLE',
  ],
  AMPL_VERIFY_E0022: ['PUBLIC_ACCESS_DISABLED'],
  // The records point at the endpoint; Azure drops what reaches it until the AMPLS approves the connection.
  AMPL_VERIFY_E0032: ['PRIVATE_ENDPOINT_NOT_APPROVED'],
  AMPL_VERIFY_E0023: ['FIREWALL_BLOCKED'],
};

function assertAgentsAgree(emulator: RunningEmulator, result: VerifyResult, label: string): void {
  const agents = emulator.tick();
  for (const verdict of result.clusters) {
    const status = agents.find((a) => a.clusterId.toLowerCase() === verdict.id.toLowerCase());
    assert.ok(status, `${label}: the emulator runs agents for ${verdict.name}`);
    for (const [agent, signal] of [
      ['ama-metrics', 'metrics'],
      ['ama-logs', 'logs'],
    ] as const) {
      const state = status.agents.find((a) => a.agent === agent);
      const mine = verdict[signal];
      if (mine === 'off') continue;
      assert.ok(state, `${label}: ${verdict.name} runs ${agent}`);
      assert.equal(
        state.status === 'failing',
        mine === 'broken',
        `${label}: ${verdict.name} ${signal}: verify says ${mine}, ${agent} is ${state.status} (${state.code ?? ''} ${state.lastError ?? ''})`,
      );
      if (mine !== 'broken') continue;
      const reasons = verdict.reasons.filter(
        (r) => r.signal === signal || r.signal === 'both' || r.signal === 'network',
      );
      const compatible = new Set(reasons.flatMap((r) => COMPATIBLE[r.code] ?? []));
      assert.ok(
        state.code !== undefined && compatible.has(state.code),
        `${label}: ${verdict.name} ${agent} fails with ${state.code ?? '?'}; verify's reasons: ${reasons.map((r) => r.code).join(', ')}`,
      );
    }
  }
}

describe('verify agrees with the emulator agents, scenario by scenario, before and after apply', () => {
  for (const file of readdirSync(fleets)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    test(file, async () => {
      const emulator = await emulatorFor(file);
      try {
        const before = verifyNow(emulator);
        assertAgentsAgree(emulator, before.result, `${file} before apply`);
        const applied = await applyPlan(connectionTo(emulator), before.result.plan);
        assert.equal(applied.summary.failed, 0);
        const after = verifyNow(emulator);
        assertAgentsAgree(emulator, after.result, `${file} after apply`);
      } finally {
        await emulator.stop();
      }
    });
  }
});

describe('a private endpoint waiting for approval', () => {
  test('carries nothing (E0032, and the agents time out) until the AMPLS approves it; then every cluster sends', async () => {
    const emulator = await emulatorFor('pending-endpoint.yaml');
    try {
      const arm = connectionTo(emulator);
      const before = verifyNow(emulator);
      await applyPlan(arm, before.result.plan);
      const waiting = verifyNow(emulator);
      assert.deepEqual(
        waiting.result.findings.filter((f) => f.severity === 'error').map((f) => f.code),
        ['AMPL_VERIFY_E0010', 'AMPL_VERIFY_E0032'],
      );
      assertAgentsAgree(emulator, waiting.result, 'pending');
      // What the fix says: the AMPLS owner approves the connection (az monitor private-link-scope
      // private-endpoint-connection approve is this PUT of its state).
      const amplsId = waiting.result.plan.ampls.id;
      const [pending] = await arm.list(`${amplsId}/privateEndpointConnections`, API_VERSIONS.privateLinkScopes);
      assert.ok(pending, 'the AMPLS lists the pending connection');
      const properties = pending['properties'] as Record<string, unknown>;
      assert.equal((properties['privateLinkServiceConnectionState'] as Record<string, unknown>)['status'], 'Pending');
      await arm.put(String(pending['id']), API_VERSIONS.privateLinkScopes, {
        properties: {
          privateLinkServiceConnectionState: { status: 'Approved', description: 'approved by the AMPLS owner' },
        },
      });
      const approved = verifyNow(emulator);
      assert.deepEqual(
        approved.result.findings.filter((f) => f.severity === 'error'),
        [],
      );
      assertAgentsAgree(emulator, approved.result, 'approved');
      for (const c of approved.result.clusters) assert.deepEqual([c.metrics, c.logs], ['ok', 'ok'], c.name);
    } finally {
      await emulator.stop();
    }
  });
});

describe('verify --live against the emulator', () => {
  test('broken clusters fail with the reason, never pass; after apply every cluster passes metrics and logs', async () => {
    const emulator = await emulatorFor('base.yaml');
    try {
      emulator.tick();
      const before = verifyNow(emulator);
      const live = await probe(emulator, before.topology, before.result);
      assert.equal(live.clusters.length, 4);
      for (const c of live.clusters) {
        assert.equal(c.metrics.status, 'fail', `${c.name}: ${c.metrics.detail}`);
        assert.equal(c.logs.status, 'fail', `${c.name}: ${c.logs.detail}`);
        assert.match(c.metrics.detail, /no up samples/);
        assert.match(c.metrics.detail, /no configuration DCE/);
      }
      await applyPlan(connectionTo(emulator), before.result.plan);
      emulator.tick();
      const after = verifyNow(emulator);
      const proven = await probe(emulator, after.topology, after.result);
      for (const c of proven.clusters) {
        assert.equal(c.metrics.status, 'pass', `${c.name}: ${c.metrics.detail}`);
        assert.equal(c.logs.status, 'pass', `${c.name}: ${c.logs.detail}`);
      }
    } finally {
      await emulator.stop();
    }
  });

  test('a private UDR cluster blocked by its firewall: plan --firewall-rules, apply, and verify --live shows it sending; a second plan is empty', async () => {
    const emulator = await emulatorFor('firewall.yaml');
    try {
      emulator.tick();
      const planned = (() => {
        const { topology } = verifyNow(emulator);
        const scope = [...topology.privateLinkScopes.values()][0];
        assert.ok(scope);
        return verify(topology, { amplsId: scope.resource.id, firewallRules: true });
      })();
      const blocked = planned.findings.find((f) => f.code === 'AMPL_VERIFY_E0023');
      assert.ok(blocked, 'the firewall blocks the agents before');
      const groups = planned.plan.actions.filter((a) => a.resourceType === FIREWALL_GROUP_TYPE);
      assert.equal(groups.length, 1);
      assert.deepEqual(blocked.fixActions, [groups[0]?.id], 'E0023 points at the rule collection group');
      const applied = await applyPlan(connectionTo(emulator), planned.plan);
      assert.equal(applied.summary.failed, 0, JSON.stringify(applied.outcomes.filter((o) => o.status === 'failed')));
      emulator.tick();
      const after = verifyNow(emulator);
      assert.ok(!after.result.findings.some((f) => f.code === 'AMPL_VERIFY_E0023'));
      const proven = await probe(emulator, after.topology, after.result);
      const [c] = proven.clusters;
      assert.equal(c?.metrics.status, 'pass', c?.metrics.detail);
      assert.equal(c?.logs.status, 'pass', c?.logs.detail);
      const again = verify(after.topology, { amplsId: planned.ampls.id, firewallRules: true });
      assert.deepEqual(again.plan.actions, []);
    } finally {
      await emulator.stop();
    }
  });

  test('a healthy signal passes and a broken one fails with its reason (workspace refusing public ingestion)', async () => {
    const emulator = await emulatorFor('public-access-disabled.yaml');
    try {
      emulator.tick();
      const { topology, result } = verifyNow(emulator);
      const [c] = (await probe(emulator, topology, result)).clusters;
      assert.equal(c?.metrics.status, 'pass', c?.metrics.detail);
      assert.equal(c?.logs.status, 'fail', c?.logs.detail);
      assert.match(c?.logs.detail ?? '', /refuses public access/);
    } finally {
      await emulator.stop();
    }
  });

  test('unreachable endpoints and a credential that cannot sign in are reported not checked, never passed', async () => {
    const emulator = await emulatorFor('base.yaml');
    try {
      emulator.tick();
      const { topology, result } = verifyNow(emulator);
      const unreachable = await probe(emulator, topology, result, {
        prometheusEndpoint: 'https://127.0.0.1:9/prometheus/x',
        logsEndpoint: 'https://127.0.0.1:9/loganalytics/v1',
        timeoutMs: 2000,
      });
      for (const c of unreachable.clusters) {
        assert.equal(c.metrics.status, 'not-checked', c.metrics.detail);
        assert.equal(c.logs.status, 'not-checked', c.logs.detail);
        assert.match(c.metrics.detail, /not checked: connection refused/);
      }
      const refusing: TokenCredential = {
        getToken: () =>
          Promise.reject(Object.assign(new Error('no identity here'), { name: 'CredentialUnavailableError' })),
      };
      const noToken = await probe(emulator, topology, result, { credential: refusing });
      for (const c of noToken.clusters) {
        assert.equal(c.metrics.status, 'not-checked');
        assert.equal(c.logs.status, 'not-checked');
        assert.match(c.metrics.detail, /no token/);
      }
    } finally {
      await emulator.stop();
    }
  });

  test('DNS: from the spoke the endpoints resolve to private addresses, from the internet to public ones', async () => {
    const emulator = await emulatorFor('base.yaml');
    try {
      const before = verifyNow(emulator);
      await applyPlan(connectionTo(emulator), before.result.plan);
      const { topology, result } = verifyNow(emulator);
      const servers = await emulator.dnsServers();
      const spoke = servers.find((s) => s.vnetName === 'vnet-spoke');
      const internet = servers.find((s) => s.vnetName === 'internet');
      assert.ok(spoke && internet);
      const options = { skip: { metrics: true, logs: true }, timeoutMs: 3000 };
      const inside = await probe(emulator, topology, result, {
        ...options,
        dnsServers: [`${spoke.address}:${spoke.port}`],
      });
      const outside = await probe(emulator, topology, result, {
        ...options,
        dnsServers: [`${internet.address}:${internet.port}`],
      });
      assert.ok(inside.dns.length > 3);
      const handler = (r: LiveResult) => r.dns.find((d) => d.host === 'global.handler.control.monitor.azure.com');
      assert.equal(handler(inside)?.status, 'private', handler(inside)?.detail);
      assert.equal(handler(outside)?.status, 'public', handler(outside)?.detail);
      for (const d of inside.dns) assert.notEqual(d.status, 'not-checked', `${d.host}: ${d.detail}`);
    } finally {
      await emulator.stop();
    }
  });
});

/** Every host this process sends an HTTP(S) request to while `run` runs (Node's http.client.request.start channel). */
async function hostsAsked<T>(run: () => Promise<T>): Promise<{ result: T; hosts: Set<string> }> {
  const hosts = new Set<string>();
  const record = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    hosts.add(
      `${request.host}:${
        String(request.getHeader('host') ?? '')
          .split(':')
          .pop() ?? ''
      }`,
    );
  };
  subscribe('http.client.request.start', record);
  try {
    return { result: await run(), hosts };
  } finally {
    unsubscribe('http.client.request.start', record);
  }
}

describe("verify --live asks the data plane of the ARM endpoint's cloud, and judges DNS only from inside the network", () => {
  test('against the emulator every request goes to the emulator: the Log Analytics endpoint comes from its /metadata/endpoints', async () => {
    const emulator = await emulatorFor('base.yaml');
    try {
      const before = verifyNow(emulator);
      await applyPlan(connectionTo(emulator), before.result.plan);
      emulator.tick();
      emulator.tick();
      const { topology, result } = verifyNow(emulator);
      const spoke = (await emulator.dnsServers()).find((s) => s.vnetName === 'vnet-spoke');
      assert.ok(spoke);
      const { result: live, hosts } = await hostsAsked(() =>
        runLiveProbes(topology, result, {
          credential: emulator.tokenCredential as TokenCredential,
          ca: emulator.caCertPem,
          armEndpoint: emulator.url,
          timeoutMs: 5000,
          dnsServers: [`${spoke.address}:${spoke.port}`],
        }),
      );
      const emulatorHost = `${new URL(emulator.url).hostname}:${new URL(emulator.url).port}`;
      assert.deepEqual([...hosts], [emulatorHost], 'no request to any host but the emulator');
      assert.equal(live.cloud.source, 'metadata');
      assert.equal(live.cloud.logs?.endpoint, emulator.logAnalyticsEndpoint);
      assert.equal(live.cloud.logs?.audience, `${emulator.url}/loganalytics`);
      for (const c of live.clusters) {
        assert.equal(c.metrics.status, 'pass', `${c.name}: ${c.metrics.detail}`);
        assert.equal(c.logs.status, 'pass', `${c.name}: ${c.logs.detail}`);
      }
      assert.ok(live.dns.some((d) => d.host.endsWith('.ods.opinsights.azure.com')));
      assert.ok(live.dns.every((d) => d.status !== 'not-checked'));
    } finally {
      await emulator.stop();
    }
  });

  test('without a resolver inside the network, DNS is not checked and fails nothing', async () => {
    const emulator = await emulatorFor('dns-not-linked.yaml');
    try {
      emulator.tick();
      const { topology, result } = verifyNow(emulator);
      const live = await probe(emulator, topology, result, { skip: { metrics: true, logs: true } });
      assert.ok(live.dns.length >= 3);
      assert.deepEqual(live.dnsServers, []);
      for (const d of live.dns) {
        assert.equal(d.status, 'not-checked', `${d.host}: ${d.detail}`);
        assert.match(d.detail, /--dns-server/);
      }
      assert.equal(liveFailed(live), false);
    } finally {
      await emulator.stop();
    }
  });

  test("through the spoke's own resolver, a zone linked to the hub only is broken; through the hub's, it is private", async () => {
    const emulator = await emulatorFor('dns-not-linked.yaml');
    try {
      const { topology, result } = verifyNow(emulator);
      const servers = await emulator.dnsServers();
      const resolverOf = (vnet: string) => {
        const server = servers.find((s) => s.vnetName === vnet);
        assert.ok(server, vnet);
        return [`${server.address}:${server.port}`];
      };
      const options = { skip: { metrics: true, logs: true }, timeoutMs: 3000 };
      const spoke = await probe(emulator, topology, result, { ...options, dnsServers: resolverOf('vnet-spoke') });
      const handler = spoke.dns.find((d) => d.host === 'global.handler.control.monitor.azure.com');
      assert.equal(handler?.status, 'public', handler?.detail);
      assert.equal(liveFailed(spoke), true);
      const hub = await probe(emulator, topology, result, { ...options, dnsServers: resolverOf('vnet-hub') });
      assert.equal(hub.dns.find((d) => d.host === handler?.host)?.status, 'private');
    } finally {
      await emulator.stop();
    }
  });
});
