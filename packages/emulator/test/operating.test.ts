// Operating the emulator (issue 15): body limits and sign-in before buffering, a control API that checks what it is
// sent, a world reset, and the CLI as a user runs it: coded one-line errors, ports, DNS ports, fleet vs saved state,
// and the fleet generator.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { https, killStartedClis, msiToken, runCli, startCli } from './cli-process.js';
import { READER, call, errorCode, rg, startTestEmulator, testFleet } from './helpers.js';

const dcePath = (name: string) =>
  `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}?api-version=2022-06-01`;

/** Sends the headers and `sent` bytes of a body, never the rest: the answer must come without the whole body. */
function partialRequest(
  emu: RunningEmulator,
  path: string,
  headers: Record<string, string>,
  sent: string,
): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, emu.url), { method: 'PUT', ca: emu.caCertPem, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.write(sent);
  });
}

describe('request bodies', () => {
  let emu: RunningEmulator;
  let token: string;
  before(async () => {
    emu = await startTestEmulator({ maxBodyBytes: 10_000 });
    token = (await emu.tokenCredential.getToken('https://management.azure.com/.default')).token;
  });
  after(() => emu.stop());

  it('refuses a body declared over the limit with 413 before reading it', async () => {
    const answer = await partialRequest(
      emu,
      dcePath('big'),
      { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '50000' },
      '{"location":',
    );
    assert.equal(answer.status, 413);
    assert.equal(errorCode(JSON.parse(answer.body)), 'RequestEntityTooLarge');
    assert.equal(answer.connection, 'close');
  });

  it('refuses a chunked body once it passes the limit, and a body under it is served', async () => {
    const big = JSON.stringify({ location: 'eastus', tags: { pad: 'x'.repeat(20_000) } });
    const answer = await partialRequest(
      emu,
      dcePath('chunked'),
      { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      big,
    );
    assert.equal(answer.status, 413);
    assert.equal((await call(emu, 'GET', dcePath('chunked'))).status, 404, 'nothing was written');
    assert.equal((await call(emu, 'PUT', dcePath('small'), { body: { location: 'eastus' } })).status, 201);
  });

  it('refuses an unauthenticated write before its body is read', async () => {
    const answer = await partialRequest(
      emu,
      dcePath('anonymous'),
      { 'content-type': 'application/json', 'content-length': '5000' },
      '{',
    );
    assert.equal(answer.status, 401);
    assert.equal(answer.connection, 'close');
  });
});

describe('control API', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startTestEmulator();
  });
  after(() => emu.stop());

  it('refuses an unknown role or a malformed roles body with 400 and changes nothing', async () => {
    const before = await call(emu, 'GET', '/_emulator/roles');
    for (const body of [
      { principalObjectId: READER, roles: [{ role: 'Superuser', scope: rg() }] },
      { principalObjectId: READER, roles: [{ role: 'Reader', scope: 'not-a-scope' }] },
      { principalObjectId: 'bob', roles: [] },
      { principalObjectId: READER },
    ]) {
      const answer = await call(emu, 'POST', '/_emulator/roles', { body });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(errorCode(answer.body), 'InvalidRequestContent');
    }
    assert.deepEqual((await call(emu, 'GET', '/_emulator/roles')).body, before.body);
  });

  it('refuses a bad fault pattern or rule with 400 and keeps the faults in force', async () => {
    const good = { seed: 7, rules: [{ kind: 'status', status: 503, path: 'dataCollectionEndpoints', count: 1 }] };
    assert.equal((await call(emu, 'POST', '/_emulator/faults', { body: good })).status, 200);
    for (const rules of [
      [{ kind: 'status', path: '([unclosed' }],
      [{ kind: 'explode' }],
      [{ kind: 'status', status: 200 }],
      [{ kind: 'latency', probability: 2 }],
    ]) {
      const answer = await call(emu, 'POST', '/_emulator/faults', { body: { rules } });
      assert.equal(answer.status, 400, JSON.stringify(rules));
    }
    assert.deepEqual((await call(emu, 'GET', '/_emulator/faults')).body, good);
    assert.equal((await call(emu, 'GET', dcePath('x'))).status, 503, 'the good rule is still in force');
  });

  it('POST /_emulator/reset puts the world back as the fleet made it; counters/reset clears counters only', async () => {
    const fleetSize = emu.snapshot().value.length;
    assert.equal((await call(emu, 'PUT', dcePath('made-after'), { body: { location: 'eastus' } })).status, 201);
    emu.setRoles(READER, []);
    assert.equal((await call(emu, 'POST', '/_emulator/counters/reset')).status, 200);
    assert.equal(emu.snapshot().value.length, fleetSize + 1, 'counters/reset leaves the world alone');
    const reset = await call(emu, 'POST', '/_emulator/reset');
    assert.equal(reset.status, 200);
    assert.equal(emu.snapshot().value.length, fleetSize);
    assert.equal((await call(emu, 'GET', dcePath('made-after'))).status, 404);
    assert.equal((await call(emu, 'GET', `${rg()}?api-version=2021-04-01`, { principal: READER })).status, 200);
  });

  it('refuses a world reset when the emulator started from a saved world without a fleet', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'amplink-reset-'));
    const first = await startEmulator({ fleet: testFleet(), stateDir });
    await first.stop();
    const second = await startEmulator({ stateDir });
    try {
      const answer = await call(second, 'POST', '/_emulator/reset');
      assert.equal(answer.status, 409);
    } finally {
      await second.stop();
    }
  });
});

describe('amplink-emulator CLI (processes)', () => {
  after(killStartedClis);
  const work = mkdtempSync(join(tmpdir(), 'amplink-cli-'));
  const fleetFile = join(work, 'fleet.yaml');

  const oneLine = (stderr: string, code: RegExp) => {
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0] ?? '', code);
    assert.match(lines[0] ?? '', /fix/i);
    assert.doesNotMatch(stderr, /\n\s+at /);
  };

  it('generate writes a fleet file that start serves', async () => {
    const generated = await runCli([
      'generate',
      '--clusters',
      '12',
      '--regions',
      '2',
      '--subscriptions',
      '2',
      '--seed',
      '3',
      '--out',
      fleetFile,
    ]);
    assert.equal(generated.code, 0, generated.stderr);
    const document = parse(readFileSync(fleetFile, 'utf8')) as {
      clusters: { region: string }[];
      subscriptions: unknown[];
    };
    assert.equal(document.clusters.length, 12);
    assert.equal(document.subscriptions.length, 2);
    assert.equal(new Set(document.clusters.map((c) => c.region)).size, 2);
    const again = await runCli([
      'generate',
      '--clusters',
      '12',
      '--regions',
      '2',
      '--subscriptions',
      '2',
      '--seed',
      '3',
    ]);
    assert.equal(again.stdout, readFileSync(fleetFile, 'utf8'), 'the same seed gives the same fleet');
    const bad = await runCli(['generate', '--clusters', 'many']);
    assert.equal(bad.code, 1);
    oneLine(bad.stderr, /^amplink-emulator: EMULATOR_BAD_OPTION: --clusters 'many'/);
  });

  it('a bad --port, a port in use, a bad fleet file, an unknown flag: one coded line with the fix, exit 1', async () => {
    const badPort = await runCli(['start', '--port', '99999']);
    assert.equal(badPort.code, 1);
    oneLine(badPort.stderr, /^amplink-emulator: EMULATOR_BAD_OPTION: --port '99999'/);

    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as { port: number }).port;
    const inUse = await runCli(['start', '--port', String(taken), '--no-agents']);
    holder.close();
    assert.equal(inUse.code, 1);
    oneLine(inUse.stderr, /^amplink-emulator: EMULATOR_PORT_IN_USE: Port \d+/);

    const broken = join(work, 'broken.yaml');
    writeFileSync(broken, 'clusters:\n  - name: aks-1\n    region: 42\n');
    const fleetError = await runCli(['start', '--port', '0', '--fleet', broken]);
    assert.equal(fleetError.code, 1);
    oneLine(fleetError.stderr, /^amplink-emulator: FLEET_[A-Z_]+: /);

    const unknown = await runCli(['start', '--colour']);
    assert.equal(unknown.code, 1);
    oneLine(unknown.stderr, /^amplink-emulator: EMULATOR_BAD_OPTION: /);
  });

  it('says which world wins when --state DIR already holds one, and --fresh makes the fleet win', async () => {
    const stateDir = join(work, 'state');
    const first = await startCli(['--fleet', fleetFile, '--state', stateDir, '--no-dns']);
    const token = await msiToken(first);
    const health = JSON.parse((await https(first, 'GET', '/_emulator/health')).body) as { resources: number };
    const group = JSON.parse((await https(first, 'GET', '/_emulator/snapshot')).body) as {
      value: { id: string; type: string }[];
    };
    const rgId = group.value.find((r) => r.type === 'Microsoft.Resources/resourceGroups')?.id ?? '';
    const put = await https(
      first,
      'PUT',
      `${rgId}/providers/Microsoft.Insights/dataCollectionEndpoints/extra?api-version=2022-06-01`,
      {
        token,
        body: JSON.stringify({ location: 'eastus' }),
      },
    );
    assert.equal(put.status, 201, put.body);
    assert.equal(await first.stop(), 0);

    const kept = await startCli(['--fleet', fleetFile, '--state', stateDir, '--no-dns']);
    assert.match(
      kept.stdout(),
      new RegExp(`World: the one saved in .* \\(${health.resources + 1} resources\\) wins over --fleet .*--fresh`),
    );
    assert.equal(JSON.parse((await https(kept, 'GET', '/_emulator/health')).body).resources, health.resources + 1);
    assert.equal(await kept.stop(), 0);

    const fresh = await startCli(['--fleet', fleetFile, '--state', stateDir, '--fresh', '--no-dns']);
    assert.match(fresh.stdout(), /World: --fleet .* \(--fresh\), replacing the one saved in/);
    assert.equal(JSON.parse((await https(fresh, 'GET', '/_emulator/health')).body).resources, health.resources);
    assert.equal(await fresh.stop(), 0);
  });

  it('--dns-ports puts the DNS servers in the range, --no-dns opens none', async () => {
    const from = 20_000 + Math.floor(Math.random() * 20_000);
    const ranged = await startCli(['--fleet', fleetFile, '--dns-ports', `${from}-${from + 20}`]);
    try {
      const ports = [...ranged.stdout().matchAll(/^ {2}\S+: 127\.0\.0\.1:(\d+)/gm)].map((m) => Number(m[1]));
      assert.ok(ports.length >= 2, ranged.stdout());
      for (const port of ports) assert.ok(port >= from && port <= from + 20, `${port} in ${from}-${from + 20}`);
    } finally {
      assert.equal(await ranged.stop(), 0);
    }
    const off = await startCli(['--fleet', fleetFile, '--no-dns']);
    try {
      assert.match(off.stdout(), /^DNS: off \(--no-dns\)$/m);
      assert.doesNotMatch(off.stdout(), /^ {2}\S+: 127\.0\.0\.1:\d+/m);
    } finally {
      assert.equal(await off.stop(), 0);
    }
    const tooSmall = await runCli([
      'start',
      '--port',
      '0',
      '--fleet',
      fleetFile,
      '--no-agents',
      '--dns-ports',
      `${from}-${from}`,
    ]);
    assert.equal(tooSmall.code, 1);
    oneLine(tooSmall.stderr, /^amplink-emulator: EMULATOR_DNS_PORTS_EXHAUSTED: /);
  });
});
