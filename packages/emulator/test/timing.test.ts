// Azure's timing: the azure profile at a small time scale makes AMPLS scoped-resource writes last 30 s x scale, with
// the AMPLS busy (409) all along; synchronous writes and throttling follow the same clock; bad options are refused.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { MonitorClient } from '@azure/arm-monitor';
import { EmulatorError, startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/index.js';
import { ALL_PROVIDERS } from '../src/providers/registry.js';
import { hasAzureDuration } from '../src/server/timing.js';
import { FAST, SUB, call, errorCode, rg, sdkOptions, testFleet } from './helpers.js';

const SCALE = 0.05;
/** 30 s of Azure's time at SCALE. */
const LINK_MS = 30_000 * SCALE;
const BUSY = "Cannot modify resource while in provisioning state: 'Provisioning'";

const amplsPath = `${rg()}/providers/Microsoft.Insights/privateLinkScopes/ampls-timed`;
const scopedPath = (name: string) => `${amplsPath}/scopedResources/${name}?api-version=2021-09-01`;
const dceId = (name: string) => `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}`;
const linkBody = (dce: string) => ({ properties: { linkedResourceId: dceId(dce) } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stateOf = (body: unknown) =>
  (body as { properties?: { provisioningState?: string } }).properties?.provisioningState;

/**
 * Writes a second link to the AMPLS until `untilMs` after `t0`: each must be refused as busy. The last one must have
 * been sent late in the operation (the lock holds for the whole duration, not only at its start).
 */
async function assertBusyUntil(emu: RunningEmulator, t0: number, untilMs: number): Promise<void> {
  let lastSentAt = 0;
  while (performance.now() - t0 < untilMs) {
    const sentAt = performance.now() - t0;
    const second = await call(emu, 'PUT', scopedPath('link-other'), { body: linkBody('dce-other') });
    assert.equal(second.status, 409, `a second write sent ${Math.round(sentAt)} ms into the operation`);
    assert.equal((second.body as { error: { message: string } }).error.message, BUSY);
    lastSentAt = sentAt;
    await sleep(20);
  }
  assert.ok(lastSentAt >= untilMs / 2, `last refused write sent ${Math.round(lastSentAt)} ms into the operation`);
}

describe('timing profile azure at a time scale', () => {
  let emu: RunningEmulator;
  let monitor: MonitorClient;

  before(async () => {
    emu = await startEmulator({ fleet: testFleet(), timing: { profile: 'azure', timeScale: SCALE } });
    monitor = new MonitorClient(emu.tokenCredential, SUB, sdkOptions(emu));
    for (const name of ['dce-a', 'dce-other'])
      await monitor.dataCollectionEndpoints.create('rg-test', name, { body: { location: 'eastus' } });
    await monitor.privateLinkScopes.createOrUpdate('rg-test', 'ampls-timed', { location: 'global' });
  });
  after(async () => emu.stop());

  it('shows the profile, the scale and the real-time durations in the control API', async () => {
    const answer = await call(emu, 'GET', '/_emulator/timing');
    assert.equal(answer.status, 200);
    const timing = answer.body as typeof emu.timing;
    assert.equal(timing.profile, 'azure');
    assert.equal(timing.timeScale, SCALE);
    assert.equal(timing.operationsMs['microsoft.insights/privatelinkscopes/scopedresources']?.put, 30_000);
    assert.equal(timing.operationsMs['microsoft.insights/privatelinkscopes/scopedresources']?.delete, 30_000);
    assert.match(timing.operationsMs['microsoft.insights/privatelinkscopes/scopedresources']?.source ?? '', /22236/);
    assert.deepEqual(emu.timing, timing);
  });

  it('a scoped-resource PUT through the Azure SDK lasts 30 s x scale: Creating, the AMPLS busy (409), then Succeeded', async () => {
    const t0 = performance.now();
    const poller = await monitor.privateLinkScopedResources.beginCreateOrUpdate(
      'rg-test',
      'ampls-timed',
      'link-a',
      { linkedResourceId: dceId('dce-a') },
      FAST,
    );
    await poller.poll(); // the SDK's poller sends the PUT on its first poll
    const during = await call(emu, 'GET', scopedPath('link-a'));
    assert.equal(stateOf(during.body), 'Creating');
    await assertBusyUntil(emu, t0, LINK_MS * 0.8);
    const linked = await poller.pollUntilDone();
    const elapsed = performance.now() - t0;
    assert.ok(elapsed >= LINK_MS, `took ${Math.round(elapsed)} ms, at least ${LINK_MS} expected`);
    assert.ok(elapsed < LINK_MS + 10_000, `took ${Math.round(elapsed)} ms`);
    assert.equal(linked.provisioningState, 'Succeeded');
    assert.equal(stateOf((await call(emu, 'GET', scopedPath('link-a'))).body), 'Succeeded');
  });

  it('a scoped-resource DELETE lasts as long: InProgress and Deleting, the AMPLS busy, then gone', async () => {
    const t0 = performance.now();
    const accepted = await call(emu, 'DELETE', scopedPath('link-a'));
    assert.equal(accepted.status, 202);
    // Retry-After scales too: 1 s of Azure's time.
    assert.equal(accepted.headers['retry-after'], String(SCALE));
    const statusUrl = String(accepted.headers['azure-asyncoperation']);
    const status = await call(emu, 'GET', statusUrl);
    assert.equal((status.body as { status: string }).status, 'InProgress');
    assert.equal(status.headers['retry-after'], String(SCALE));
    assert.equal(stateOf((await call(emu, 'GET', scopedPath('link-a'))).body), 'Deleting');
    await assertBusyUntil(emu, t0, LINK_MS * 0.8);
    let final = '';
    while (final !== 'Succeeded' && performance.now() - t0 < LINK_MS + 10_000) {
      await sleep(10);
      final = ((await call(emu, 'GET', statusUrl)).body as { status: string }).status;
    }
    const elapsed = performance.now() - t0;
    assert.equal(final, 'Succeeded');
    assert.ok(elapsed >= LINK_MS, `took ${Math.round(elapsed)} ms, at least ${LINK_MS} expected`);
    assert.equal((await call(emu, 'GET', scopedPath('link-a'))).status, 404);
  });

  it('the AMPLS takes writes again once the operation is over; an SDK delete lasts 30 s x scale too', async () => {
    const created = await monitor.privateLinkScopedResources.beginCreateOrUpdateAndWait(
      'rg-test',
      'ampls-timed',
      'link-other',
      { linkedResourceId: dceId('dce-other') },
      FAST,
    );
    assert.equal(created.provisioningState, 'Succeeded');
    const t0 = performance.now();
    await monitor.privateLinkScopedResources.beginDeleteAndWait('rg-test', 'ampls-timed', 'link-other', FAST);
    const elapsed = performance.now() - t0;
    assert.ok(elapsed >= LINK_MS, `took ${Math.round(elapsed)} ms, at least ${LINK_MS} expected`);
    assert.ok(elapsed < LINK_MS + 10_000, `took ${Math.round(elapsed)} ms`);
  });
});

describe('timing: synchronous writes and throttling on the scaled clock', () => {
  it("a synchronous write (DCE PUT) waits the profile's latency (500 ms x scale)", async () => {
    const emu = await startEmulator({ fleet: testFleet(), timing: { profile: 'azure', timeScale: 0.2 } });
    try {
      const t0 = performance.now();
      const created = await call(emu, 'PUT', `${dceId('dce-slow')}?api-version=2024-03-11`, {
        body: { location: 'eastus' },
      });
      const elapsed = performance.now() - t0;
      assert.equal(created.status, 201);
      assert.ok(elapsed >= 100, `took ${Math.round(elapsed)} ms, at least 100 expected`);
      assert.equal(emu.timing.synchronousWriteMs, 500);
    } finally {
      await emu.stop();
    }
  });

  it('throttling buckets refill on the scaled clock and their Retry-After is scaled', async () => {
    const emu = await startEmulator({
      fleet: testFleet(),
      timing: { profile: 'azure', timeScale: 0.01 },
      throttling: { writes: { burst: 1, perSecond: 0.02 } },
    });
    try {
      const put = (name: string) =>
        call(emu, 'PUT', `${dceId(name)}?api-version=2024-03-11`, { body: { location: 'eastus' } });
      // A token every 50 s of Azure's time is one every 500 ms here: of two writes at once, one is throttled.
      const answers = await Promise.all([put('t1'), put('t2')]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, 429]);
      const throttled = answers.find((a) => a.status === 429);
      assert.equal(errorCode(throttled?.body), 'SubscriptionRequestsThrottled');
      const retryAfter = Number(throttled?.headers['retry-after']);
      assert.ok(
        retryAfter > 0 && retryAfter <= 0.5,
        `Retry-After ${String(throttled?.headers['retry-after'])}, not 50`,
      );
      await sleep(600);
      assert.equal((await put('t3')).status, 201);
    } finally {
      await emu.stop();
    }
  });
});

describe('timing options', () => {
  const refused = async (options: EmulatorOptions, pattern: RegExp) =>
    assert.rejects(startEmulator({ fleet: testFleet(), ...options }), (error: unknown) => {
      assert.ok(error instanceof EmulatorError, String(error));
      assert.equal(error.code, 'EMULATOR_BAD_OPTION');
      assert.match(error.message, pattern);
      return true;
    });

  it('refuses an unknown profile, naming the option and the profiles there are', async () => {
    await refused(
      { timing: { profile: 'slow' as 'azure' } },
      /^timing\.profile 'slow' is not a timing profile: use 'instant'.*or 'azure'/,
    );
  });

  it('refuses a time scale that is zero, negative or not a finite number', async () => {
    for (const timeScale of [0, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await refused({ timing: { profile: 'azure', timeScale } }, /^timing\.timeScale must be a number greater than 0/);
    }
  });

  it("refuses lroDelayMs with the azure profile (each operation takes Azure's time)", async () => {
    await refused({ timing: { profile: 'azure' }, lroDelayMs: 10 }, /^lroDelayMs sets the instant profile/);
  });

  it('keeps the instant profile by default: operations end after lroDelayMs, Retry-After as before', async () => {
    const emu = await startEmulator({ fleet: testFleet(), lroDelayMs: 7 });
    try {
      assert.deepEqual(
        { profile: emu.timing.profile, timeScale: emu.timing.timeScale, ms: emu.timing.defaultOperationMs },
        { profile: 'instant', timeScale: 1, ms: 7 },
      );
      assert.equal(emu.timing.synchronousWriteMs, 0);
    } finally {
      await emu.stop();
    }
  });

  it('has an Azure duration for every long-running operation the emulator answers', () => {
    const missing: string[] = [];
    for (const provider of ALL_PROVIDERS) {
      for (const method of ['put', 'delete'] as const) {
        if (provider.longRunning?.[method] === true && !hasAzureDuration(provider.type, method))
          missing.push(`${method.toUpperCase()} ${provider.type}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});

describe('amplink-emulator start --timing', () => {
  const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
  const run = (args: string[], untilLine?: RegExp) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, 'start', '--port', '0', '--no-agents', ...args]);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (untilLine?.test(stdout)) child.kill('SIGTERM');
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('starts with the azure profile at a time scale and says so', async () => {
    const result = await run(['--timing', 'azure', '--time-scale', '0.01'], /Control API/);
    assert.match(result.stdout, /Timing: azure \(AMPLS scoped-resource write 30 s.*0\.01 x real time/);
    assert.match(result.stdout, /\/_emulator\/timing/);
  });

  it('refuses a bad profile or scale naming the flag, with a code and no stack trace', async () => {
    const profile = await run(['--timing', 'fast']);
    assert.equal(profile.code, 1);
    assert.match(profile.stderr, /^amplink-emulator: EMULATOR_BAD_OPTION: --timing 'fast' is not a timing profile/);
    const scale = await run(['--timing', 'azure', '--time-scale', 'x']);
    assert.equal(scale.code, 1);
    assert.match(scale.stderr, /EMULATOR_BAD_OPTION: --time-scale must be a number greater than 0.*got not a number/);
    assert.doesNotMatch(scale.stderr, /\n\s+at /);
    const both = await run(['--timing', 'azure', '--lro-delay-ms', '5']);
    assert.match(both.stderr, /--lro-delay-ms sets the instant profile/);
  });
});
