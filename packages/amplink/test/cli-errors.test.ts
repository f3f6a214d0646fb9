import assert from 'node:assert/strict';
import { mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { startEmulator, type RunningEmulator } from 'amplink-emulator';
import { runCli } from '../src/cli/program.js';
import { NUMERIC_OPTIONS } from '../src/cli/option-parsers.js';
import { ArmConnection } from '../src/azure/arm-connection.js';
import { toAmplinkError } from '../src/azure/arm-errors.js';
import { MAX_SNAPSHOT_BYTES } from '../src/discover/snapshot.js';
import { shownInput } from '../src/model/errors.js';
import { editDistance, nearestNames } from '../src/model/near-names.js';
import { amplink, runAmplink, type Run } from './support/cli.js';
import { EXAMPLE_FLEET } from './support/emulator.js';
import { seedWorld, World } from './support/world.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

async function tempFile(name: string, content: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'amplink-errors-')), name);
  await writeFile(file, content);
  return file;
}

/** The one error format: `amplink: CODE: message`, `  fix: ...`, nothing else, no stack trace. */
function assertCodedError(run: Pick<Run, 'code' | 'stdout' | 'stderr'>, code: string, message?: RegExp): void {
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, new RegExp(`^amplink: ${code}: .+\\n {2}fix: .+\\n$`), run.stderr);
  if (message) assert.match(run.stderr, message);
}

/** With --json: one JSON object on stderr, `{"error":{"code","message","fix"}}`, and nothing on stdout. */
function assertJsonError(run: Pick<Run, 'code' | 'stdout' | 'stderr'>, code: string): void {
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stdout, '');
  const parsed = JSON.parse(run.stderr) as { error: { code: string; message: string; fix: string } };
  assert.deepEqual(Object.keys(parsed.error), ['code', 'message', 'fix']);
  assert.equal(parsed.error.code, code);
  assert.ok(parsed.error.message.length > 0 && parsed.error.fix.length > 0);
}

describe('argument errors from commander', () => {
  test('the installed command prints them as amplink: CODE and fix, and as JSON with --json', async () => {
    const [missing, unknownOption, unknownCommand, missingValue, missingJson, unknownJson] = await Promise.all([
      runAmplink(['plan', '--snapshot', 'x.json']),
      runAmplink(['plan', '--ampls', 'x', '--bogus']),
      runAmplink(['plna']),
      runAmplink(['plan', '--ampls']),
      runAmplink(['plan', '--json']),
      runAmplink(['--json', 'export', '--format', 'az', '--frobnicate']),
    ]);
    assertCodedError(
      missing,
      'AMPL_CLI_E0011',
      // No longer commander's: --ampls or --create-ampls names the AMPLS (shared-options.ts).
      /Required option '--ampls <id>' not specified.*\n {2}fix: Give --ampls .*--create-ampls NAME/,
    );
    assertCodedError(unknownOption, 'AMPL_CLI_E0012', /Unknown option '--bogus'/);
    assertCodedError(unknownCommand, 'AMPL_CLI_E0013', /Unknown command 'plna'.*\n {2}fix: Run one of plan, /);
    assertCodedError(missingValue, 'AMPL_CLI_E0014', /'--ampls <id>' argument missing/);
    assertJsonError(missingJson, 'AMPL_CLI_E0011');
    assertJsonError(unknownJson, 'AMPL_CLI_E0012');
  });

  test('help and version still exit 0 on stdout; no command at all is a coded error after the help', async () => {
    assert.equal((await cli(['--version'])).code, 0);
    const help = await cli(['plan', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--ampls <id>/);
    const bare = await cli([]);
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /Usage: amplink[\s\S]*\namplink: AMPL_CLI_E0016: No command given\.\n {2}fix: /);
  });

  test('an error of amplink itself is JSON too with --json, and --debug adds the stack only then', async () => {
    const { world, ampls } = seedWorld();
    const file = await tempFile('s.json', world.snapshotText());
    const run = await cli(['plan', '--snapshot', file, '--ampls', ampls, '--json', '--cluster-tag', 'env']);
    assertJsonError(run, 'AMPL_CLI_E0001');
    const debug = await cli([
      'plan',
      '--snapshot',
      file,
      '--ampls',
      ampls,
      '--json',
      '--cluster-tag',
      'env',
      '--debug',
    ]);
    assert.match((JSON.parse(debug.stderr) as { error: { stack: string } }).error.stack, /\n {4}at /);
  });
});

describe('numeric options have bounds', () => {
  test('every numeric option of every command is bounded', async () => {
    const commands = ['plan', 'apply', 'export', 'verify', 'permissions', 'discover', 'demo'];
    const numeric = new Set<string>();
    for (const command of commands) {
      const { stdout } = await cli([command, '--help']);
      for (const [, option] of stdout.matchAll(/(--[a-z-]+) <(?:n|ms)>/g)) numeric.add(option as string);
    }
    assert.ok(numeric.size >= 4, [...numeric].join(', '));
    for (const option of numeric) assert.ok(option in NUMERIC_OPTIONS, `${option} has bounds`);
  });

  const refused: [string, string[]][] = [
    ['--concurrency 1e9', ['apply', '--yes', '--concurrency', '1e9']],
    ['--concurrency 100000', ['apply', '--yes', '--concurrency', '100000']],
    ['--concurrency 0x10', ['apply', '--yes', '--concurrency', '0x10']],
    ['--max-scopes-per-resource 2.5', ['plan', '--max-scopes-per-resource', '2.5']],
    ['--max-log-analytics-workspaces 9999999999', ['plan', '--max-log-analytics-workspaces', '9999999999']],
    ['--timeout 0', ['verify', '--live', '--timeout', '0']],
    ['--timeout 1e9 without --live', ['verify', '--timeout', '1e9']],
  ];
  for (const [name, args] of refused) {
    test(`${name} is refused with the range`, async () => {
      const { world, ampls } = seedWorld();
      const file = await tempFile('s.json', world.snapshotText());
      const run = await cli([...args, '--snapshot', file, '--ampls', ampls]);
      assertCodedError(run, 'AMPL_CLI_E0002', /is not a whole number from \d[\d,]* to \d[\d,]*\./);
    });
  }
});

describe('live probe options are checked even without --live', () => {
  test('a --dns-server that is no address is refused, not silently ignored', async () => {
    const { world, ampls } = seedWorld();
    const file = await tempFile('s.json', world.snapshotText());
    const run = await cli(['verify', '--snapshot', file, '--ampls', ampls, '--dns-server', 'nope']);
    assertCodedError(run, 'AMPL_CLI_E0020', /--dns-server 'nope' is not an IP address/);
  });
});

describe('long inputs are cut in messages and in the search for near names', () => {
  test('a 5,000,000-character region is refused fast and shown cut', async () => {
    const world = new World();
    const ampls = world.ampls();
    world.cluster({ name: 'aks-1', region: 'eastus' });
    const huge = 'x'.repeat(5_000_000);
    const file = await tempFile('s.json', world.snapshotText().replaceAll('"eastus"', JSON.stringify(huge)));
    const started = performance.now();
    const run = await cli(['plan', '--snapshot', file, '--ampls', ampls]);
    const seconds = (performance.now() - started) / 1000;
    assertCodedError(run, 'AMPL_REGION_E0002', /'x{80}…\(5,000,000 characters\)'/);
    assert.ok(run.stderr.length < 2_000, `${run.stderr.length} characters of error`);
    assert.ok(seconds < 10, `${seconds.toFixed(1)} s`);
  });

  test('messages show an input whole up to 80 characters, else its start and its length', () => {
    assert.equal(shownInput('eastus'), 'eastus');
    assert.equal(shownInput('y'.repeat(80)), 'y'.repeat(80));
    assert.equal(shownInput('y'.repeat(1234)), `${'y'.repeat(80)}…(1,234 characters)`);
  });

  test('near names: a swap of neighbours is one edit; a megabyte is compared with nothing', () => {
    assert.equal(editDistance('aks-wue-', 'aks-weu-'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    const names = Array.from({ length: 100_000 }, (_, i) => `aks-westeurope-${i}`);
    assert.deepEqual(nearestNames('aks-westeruope-42', names, 1), ['aks-westeurope-42']);
    const started = performance.now();
    assert.deepEqual(nearestNames('x'.repeat(1_000_000), names), []);
    assert.ok(performance.now() - started < 5_000, 'the megabyte is not compared name by name');
  });

  test('a typo of a typed region still gets its near names', async () => {
    const { world, ampls } = seedWorld();
    const file = await tempFile('s.json', world.snapshotText());
    const run = await cli(['plan', '--snapshot', file, '--ampls', ampls, '--cluster-region', 'eastuss']);
    assertCodedError(run, 'AMPL_PLAN_E0007', /--cluster-region 'eastuss' \(near: 'eastus'\)/);
  });

  test('long option values are cut too', async () => {
    const { world, ampls } = seedWorld();
    const file = await tempFile('s.json', world.snapshotText());
    const tag = `k${'v'.repeat(300_000)}`;
    const run = await cli(['plan', '--snapshot', file, '--ampls', ampls, '--cluster-tag', tag]);
    assertCodedError(run, 'AMPL_CLI_E0001', /…\(300,001 characters\)'/);
    assert.ok(run.stderr.length < 1_000);
    const id = await cli(['plan', '--snapshot', file, '--ampls', `/x${'y'.repeat(100_000)}`]);
    assertCodedError(id, 'AMPL_ID_E0001', /…\(100,002 characters\)'/);
  });
});

describe('JSON nested too deep', () => {
  const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  test('a snapshot nested 10,000 levels deep is AMPL_JSON_E0001 naming where', async () => {
    const { world, ampls } = seedWorld();
    const text = world.snapshotText().replace('"properties":{', `"properties":{"deep":${deep(10_000)},`);
    assert.notEqual(text, world.snapshotText());
    const file = await tempFile('s.json', text);
    const run = await cli(['plan', '--snapshot', file, '--ampls', ampls]);
    assertCodedError(run, 'AMPL_JSON_E0001', /s\.json: \$\.value\[\d+\]\.properties\.deep\[0\]\[0\]/);
    assert.match(run.stderr, /nested deeper than 64 levels/);
  });

  test('a plan file nested too deep is AMPL_JSON_E0001 too', async () => {
    const { world, ampls } = seedWorld();
    const snapshot = await tempFile('s.json', world.snapshotText());
    const planned = await cli(['plan', '--snapshot', snapshot, '--ampls', ampls, '--json']);
    const planText = planned.stdout.replace('"body": {', `"body": { "deep": ${deep(10_000)},`);
    assert.notEqual(planText, planned.stdout);
    const file = await tempFile('plan.json', planText);
    assertCodedError(
      await cli(['export', '--format', 'az', '--plan', file]),
      'AMPL_JSON_E0001',
      /plan\.json: \$\.actions\[0\]\.body\.deep/,
    );
  });
});

test('a snapshot too large to hold in memory is refused before it is read, with what to do', async () => {
  const { ampls } = seedWorld();
  const file = join(await mkdtemp(join(tmpdir(), 'amplink-big-')), 'huge.json');
  await writeFile(file, '');
  await truncate(file, MAX_SNAPSHOT_BYTES + 64 * 2 ** 20); // sparse: no disk used, no time spent
  const started = performance.now();
  const run = await runAmplink(['plan', '--snapshot', file, '--ampls', ampls]);
  assertCodedError(run, 'AMPL_SNAPSHOT_E0007', /huge\.json' is 576 MiB: too large to read at once/);
  assert.match(run.stderr, /fix: .*amplink discover --subscription ID --out FILE.*--cluster-\*/);
  assert.ok(performance.now() - started < 30_000);
});

describe('selectors that match nothing', () => {
  function fleet(): { file: Promise<string>; ampls: string } {
    const world = new World();
    const ampls = world.ampls();
    const law = world.law('logs', 'eastus');
    world.cluster({ name: 'aks-weu-1', region: 'westeurope', logsTo: law, tags: { env: 'prod' } });
    world.cluster({ name: 'aks-weu-2', region: 'westeurope', logsTo: law, tags: { env: 'dev' } });
    world.cluster({ name: 'aks-eus-1', region: 'eastus', logsTo: law, tags: { env: 'prod' } });
    return { file: tempFile('s.json', world.snapshotText()), ampls };
  }

  const cases: [string, string[], string, RegExp][] = [
    [
      'a mistyped glob',
      ['--cluster-name', 'aks-wue-*'],
      'AMPL_PLAN_E0007',
      /matches no cluster among the 3 discovered: --cluster-name 'aks-wue-\*' \(near: 'aks-weu-\*'/,
    ],
    [
      'one name of two',
      ['--cluster-name', 'aks-weu-1', '--cluster-name', 'aks-wue-2'],
      'AMPL_PLAN_E0007',
      /--cluster-name 'aks-wue-2' \(near: 'aks-weu-2'/,
    ],
    [
      'a subscription name',
      ['--cluster-subscription', 'xyz'],
      'AMPL_PLAN_E0007',
      /--cluster-subscription 'xyz' \(clusters are in: '[0-9a-f-]{36}'/,
    ],
    ['a group', ['--cluster-resource-group', 'rg-nope'], 'AMPL_PLAN_E0007', /--cluster-resource-group 'rg-nope'/],
    [
      'a region without clusters',
      ['--cluster-region', 'northeurope'],
      'AMPL_PLAN_E0007',
      /--cluster-region 'northeurope' \(clusters are in: 'eastus', 'westeurope'\)/,
    ],
    ['a tag value', ['--cluster-tag', 'env=prdo'], 'AMPL_PLAN_E0007', /--cluster-tag 'env=prdo' \(near: 'env=prod'/],
    [
      'selectors that match apart but not together',
      ['--cluster-name', 'aks-eus-*', '--cluster-tag', 'env=dev'],
      'AMPL_PLAN_E0008',
      /no cluster matches them all: --cluster-name 'aks-eus-\*', --cluster-tag 'env=dev'/,
    ],
  ];
  for (const [name, args, code, message] of cases) {
    test(`${name}: ${code}, not "nothing to change"`, async () => {
      const { file, ampls } = fleet();
      assertCodedError(await cli(['plan', '--snapshot', await file, '--ampls', ampls, ...args]), code, message);
    });
  }

  test('a selector that matches still plans', async () => {
    const { file, ampls } = fleet();
    const run = await cli(['plan', '--snapshot', await file, '--ampls', ampls, '--cluster-name', 'aks-weu-*']);
    assert.equal(run.code, 2, run.stderr);
  });
});

const staticToken = { getToken: () => Promise.resolve({ token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

describe('reaching Azure', () => {
  let emulator: RunningEmulator;
  let otherCa: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ fleet: EXAMPLE_FLEET });
    // Same server, another CA: a certificate nobody told amplink to trust.
    otherCa = await startEmulator({
      fleet: EXAMPLE_FLEET,
      certDir: await mkdtemp(join(tmpdir(), 'amplink-other-ca-')),
    });
  });
  after(async () => {
    await emulator.stop();
    await otherCa.stop();
  });

  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  test('a closed port fails fast, naming the host and that retrying will not help', async () => {
    const port = await closedPort();
    const started = performance.now();
    const run = await amplink(emulator, ['discover', '--arm-endpoint', `https://127.0.0.1:${port}`]);
    const seconds = (performance.now() - started) / 1000;
    assertCodedError(run, 'AMPL_NET_E0001', new RegExp(`127\\.0\\.0\\.1:${port} refused the connection`));
    assert.match(run.stderr, /retrying will not help/);
    assert.doesNotMatch(run.stderr, /Azure answered/);
    assert.ok(seconds < 60, `${seconds.toFixed(1)} s`);
  });

  test("the connection gives up on a refusing host within a second or two, whatever the SDK's retry settings", async () => {
    const port = await closedPort();
    const connection = new ArmConnection({ credential: staticToken, endpoint: `https://127.0.0.1:${port}` });
    const started = performance.now();
    const error = await connection.list('/subscriptions', '2022-12-01').then(
      () => undefined,
      (e: unknown) => toAmplinkError(e, 'Listing the subscriptions'),
    );
    const seconds = (performance.now() - started) / 1000;
    assert.equal(error?.code, 'AMPL_NET_E0001');
    assert.ok(seconds < 3, `${seconds.toFixed(1)} s (was 19-26 s of retries)`);
  });

  test('a server that never answers is a timeout naming the host, and retrying may help', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const connection = new ArmConnection({
        credential: staticToken,
        endpoint: `https://127.0.0.1:${port}`,
        timeoutMs: 200,
        maxRetries: 0,
        maxAttempts: 2,
        retryBaseMs: 10,
      });
      const error = await connection.list('/subscriptions', '2022-12-01').then(
        () => undefined,
        (e: unknown) => toAmplinkError(e, 'Listing the subscriptions'),
      );
      assert.equal(error?.code, 'AMPL_NET_E0003');
      assert.match(error?.message ?? '', new RegExp(`127\\.0\\.0\\.1:${port} did not answer within 0\\.2 s`));
      assert.match(error?.fix ?? '', /Retrying may help/);
    } finally {
      silent.close();
    }
  });

  test('a request that never reached Azure is never "Azure answered ?"', () => {
    const request = createPipelineRequest({ url: 'https://arm.example:8443/subscriptions' });
    const reset = toAmplinkError(new RestError('socket hang up', { code: 'ECONNRESET', request }), 'Listing');
    assert.equal(reset.code, 'AMPL_NET_E0005');
    assert.match(reset.message, /The connection to arm\.example:8443 was cut/);
    const other = toAmplinkError(new RestError('odd', { code: 'REQUEST_SEND_ERROR', request }), 'Listing');
    assert.equal(other.code, 'AMPL_AZURE_E0000');
    assert.doesNotMatch(other.message, /answered/);
  });

  test('a host that does not resolve, and a certificate not trusted, say so', async () => {
    const [dns, tls] = await Promise.all([
      amplink(emulator, ['discover', '--arm-endpoint', 'https://arm.nowhere.invalid']),
      amplink(emulator, ['discover', '--arm-endpoint', otherCa.url]),
    ]);
    assertCodedError(dns, 'AMPL_NET_E0002', /The host arm\.nowhere\.invalid does not resolve/);
    const host = new URL(otherCa.url).host;
    assertCodedError(
      tls,
      'AMPL_NET_E0004',
      new RegExp(`The certificate of ${host.replace(/\./g, '\\.')} is not trusted \\(\\w+\\)`),
    );
    assert.match(tls.stderr, /fix: Set NODE_EXTRA_CA_CERTS to the PEM file of the CA/);
  });

  test('--arm-endpoint and AMPLINK_ARM_ENDPOINT must be https URLs', async () => {
    const [flag, env, json] = await Promise.all([
      amplink(emulator, ['discover', '--arm-endpoint', 'notaurl']),
      amplink(emulator, ['discover'], { env: { AMPLINK_ARM_ENDPOINT: 'http://127.0.0.1:1' } }),
      amplink(emulator, ['plan', '--ampls', '/subscriptions/x', '--json', '--arm-endpoint', 'ftp://x']),
    ]);
    assertCodedError(flag, 'AMPL_CLI_E0030', /--arm-endpoint 'notaurl' is not an https URL.*: it is not a URL\./);
    assertCodedError(
      env,
      'AMPL_CLI_E0030',
      /AMPLINK_ARM_ENDPOINT 'http:\/\/127\.0\.0\.1:1' .*a token is sent only over https/,
    );
    assertJsonError(json, 'AMPL_CLI_E0030');
  });

  test('a subscription given by name is looked up; an unknown one lists what the credential sees', async () => {
    const [byName, unknown] = await Promise.all([
      amplink(emulator, ['discover', '--subscription', 'APPS-prod']),
      amplink(emulator, ['discover', '--subscription', 'apps-prd']),
    ]);
    assert.equal(byName.code, 0, byName.stderr);
    const ids = new Set(
      (JSON.parse(byName.stdout) as { value: { id: string }[] }).value.map((r) => r.id.split('/')[2]),
    );
    assert.equal(ids.size, 1, [...ids].join(', '));
    assertCodedError(
      unknown,
      'AMPL_DISCOVER_E0002',
      /--subscription 'apps-prd' is neither a subscription id nor the name .* it sees (?=.*apps-prod \([0-9a-f-]{36}\))(?=.*platform-prod \([0-9a-f-]{36}\))/,
    );
  });
});
