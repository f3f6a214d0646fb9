import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { applyPlan } from '../src/apply/apply.js';
import { ArmConnection } from '../src/azure/arm-connection.js';
import { connectionFromFlags } from '../src/azure/credential.js';
import { applyProgressLines } from '../src/cli/apply-progress.js';
import { emulatorCredential } from '../src/workflows/demo.js';
import { discover } from '../src/discover/discover.js';
import { CODES, isAmplinkCode } from '../src/model/codes.js';
import type { AmplinkEvent } from '../src/model/events.js';
import { Topology } from '../src/model/topology.js';
import { planOnce as plan } from '../src/plan/planner.js';
import { emulatorWithConnection } from './support/emulator.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function assertRegistered(events: readonly AmplinkEvent[]): void {
  for (const event of events) {
    assert.ok(isAmplinkCode(event.code), `${event.code} is registered`);
    assert.equal(event.level, CODES[event.code as keyof typeof CODES].level, `${event.code}'s level`);
    assert.ok(event.message.length > 0, `${event.code} has a message`);
  }
}

test('discover and apply tell their progress through one sink of registered, coded events', async () => {
  const { emulator, connection } = await emulatorWithConnection();
  try {
    const events: AmplinkEvent[] = [];
    const topology = new Topology(await discover(connection, { onEvent: (e) => events.push(e) }));
    const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
    const result = plan(topology, { amplsId });
    const applied = await applyPlan(connection, result, { onEvent: (e) => events.push(e) });
    assert.equal(applied.summary.failed, 0);
    assertRegistered(events);
    const codes = new Set(events.map((e) => e.code));
    for (const code of ['AMPL_DISCOVER_I0001', 'AMPL_APPLY_I0001', 'AMPL_APPLY_I0002'] as const)
      assert.ok(codes.has(code), `${code} was sent`);
    // A loaded machine may add retries (a request timed out); nothing else is sent on a clean run.
    assert.deepEqual(
      [...codes].filter((c) => !/^AMPL_(DISCOVER_I0001|APPLY_I000[1-3])$/.test(c)),
      [],
    );
    const ends = events.filter((e) => e.code === 'AMPL_APPLY_I0002');
    assert.equal(ends.length, result.actions.length, 'one end per action');
    assert.match(ends[0]?.message ?? '', /^done (create|update) \/subscriptions\//);
  } finally {
    await emulator.stop();
  }
});

test('a throttled write is an AMPL_APPLY_I0003 event naming the action, shown as the "retry" line it always was', async () => {
  const { emulator } = await emulatorWithConnection({
    faults: { rules: [{ kind: 'status', status: 429, method: 'PUT', count: 1, retryAfterSeconds: 0 }] },
  });
  try {
    // No retries inside the SDK's pipeline: the refusal reaches amplink's own retry, which tells it.
    const connection = new ArmConnection({
      credential: emulatorCredential(emulator),
      endpoint: emulator.url,
      ca: emulator.caCertPem,
      pollIntervalMs: 50,
      retryBaseMs: 20,
      maxRetries: 0,
    });
    const topology = new Topology(await discover(connection));
    const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
    const result = plan(topology, { amplsId });
    const events: AmplinkEvent[] = [];
    let printed = '';
    const print = applyProgressLines(
      { stdout: () => undefined, stderr: (t) => void (printed += t) },
      result.actions.length,
    );
    const applied = await applyPlan(connection, result, {
      onEvent: (e) => {
        events.push(e);
        print(e);
      },
    });
    assert.equal(applied.summary.failed, 0);
    assertRegistered(events);
    type Retry = AmplinkEvent & { data: { action: { id: string }; reason: string } };
    const retries = events.filter((e): e is Retry => e.code === 'AMPL_APPLY_I0003');
    // The one 429 (a loaded machine may add a retry of a request that timed out).
    const throttled = retries.filter((e) => e.data.reason === 'Azure is throttling requests');
    assert.equal(throttled.length, 1);
    const retry = throttled[0] as Retry;
    assert.ok(result.actions.some((a) => a.id === retry.data.action.id));
    assert.match(printed, new RegExp(`^retry \\S+ in \\d+ ms: Azure is throttling requests$`, 'm'));
    assert.ok(printed.includes(`retry ${retry.data.action.id} in `));
  } finally {
    await emulator.stop();
  }
});

test('the token audience comes from what the CLI passes (AMPLINK_ARM_AUDIENCE), not from the process', async () => {
  const scopes: string[] = [];
  const credential: TokenCredential = {
    getToken: (asked: string | string[]): Promise<AccessToken | null> => {
      scopes.push(...(Array.isArray(asked) ? asked : [asked]));
      return Promise.reject(new Error('no token in this test'));
    },
  };
  const flags = { armEndpoint: 'https://arm-proxy.invalid' };
  const audience = 'https://management.usgovcloudapi.net';
  const withAudience = connectionFromFlags(flags, { AMPLINK_ARM_AUDIENCE: audience }, credential);
  await assert.rejects(withAudience.get('/subscriptions', '2022-12-01'));
  const without = connectionFromFlags(flags, {}, credential);
  await assert.rejects(without.get('/subscriptions', '2022-12-01'));
  assert.deepEqual(scopes, [`${audience}/.default`, 'https://management.azure.com/.default']);
});

test('library code reads no environment variable and asks nothing of the terminal: the CLI does both', () => {
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', 'packages/amplink/src'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !f.startsWith('packages/amplink/src/cli/'));
  assert.ok(files.length > 50);
  const offending = files.filter((f) => /process\.env|\.isTTY/.test(readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(offending, []);
});
