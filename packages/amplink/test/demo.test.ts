import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/program.js';
import { runAmplink } from './support/cli.js';

test('npm start (amplink demo) tells the story and ends converged, exit 0', async () => {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['demo'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /The fleet at https:\/\/127\.0\.0\.1:\d+: 7 clusters in 4 regions, AMPLS ampls-central \(ingestion PrivateOnly\) with 0 linked resources\./,
  );
  assert.match(stdout, /What is wrong: 7 of 7 monitored clusters lack a configuration DCE association/);
  assert.match(stdout, /Applied in [\d.]+ s: 25 done, 0 already there, 0 failed, 0 not tried/);
  assert.match(stdout, /Planned again: nothing to change/);
  assert.match(stderr, /applying: 25\/25 finished, 0 failed or not tried/);
  assert.match(stdout, /Data proven to arrive for 7 of 7 monitored clusters\./);
  // Two clusters of examples/fleet.yaml have no network: their data arrives, but not through the AMPLS.
  assert.match(stdout, /but aks-sea-web, aks-wus2-batch send over the public internet, not through the AMPLS/);
  assert.doesNotMatch(stdout, /every monitored cluster sends through the AMPLS/);
});

test('amplink demo exits 3 when data is not proven to arrive after apply, naming the cluster and why', async () => {
  let stdout = '';
  let stderr = '';
  const fleet = fileURLToPath(new URL('../../../examples/verify/dns-not-linked.yaml', import.meta.url));
  const port = await freePort();
  const code = await runCli(['demo', '--fleet', fleet, '--port', String(port)], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  assert.equal(code, 3, stderr);
  assert.match(stdout, new RegExp(`The fleet at https://127\\.0\\.0\\.1:${port}: `), 'the emulator listened on --port');
  assert.match(
    stdout,
    /Data proven to arrive for 0 of 1 monitored cluster\.\nNot proven for 1:\n {2}aks-weu logs missing: /,
  );
  assert.match(
    stdout,
    /aks-weu logs missing: AMPL_VERIFY_E0014 .*AMPL_VERIFY_E0022 Log Analytics workspace law refuses/s,
  );
  assert.doesNotMatch(stdout, /aks-weu metrics/, 'its metrics arrive over the public internet');
  assert.match(
    stdout,
    /Planned again: nothing to change — but data is not proven to arrive for 1 of 1 monitored cluster/,
  );
  assert.doesNotMatch(stdout, /every monitored cluster sends through the AMPLS/);
  assert.match(
    stderr,
    /amplink: AMPL_DEMO_E0003: after apply, data is not proven to arrive for 1 of 1 monitored cluster: aks-weu \(logs missing\)\./,
  );
  assert.match(stderr, /fix: .*dns-not-linked\.yaml/);
});

test('amplink demo --json: data not proven to arrive is exit 3 with the error as one JSON object on stderr', async () => {
  let stdout = '';
  let stderr = '';
  const fleet = fileURLToPath(new URL('../../../examples/verify/dns-not-linked.yaml', import.meta.url));
  const code = await runCli(['demo', '--fleet', fleet, '--json'], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  assert.equal(code, 3, stderr);
  assert.equal((JSON.parse(stdout) as { arrival: { notProven: unknown[] } }).arrival.notProven.length, 1);
  const last = stderr.trimEnd().split('\n').at(-1) ?? '';
  const { error } = JSON.parse(last) as { error: { code: string; message: string; fix: string } };
  assert.equal(error.code, 'AMPL_DEMO_E0003');
  assert.match(error.message, /data is not proven to arrive for 1 of 1 monitored cluster: aks-weu \(logs missing\)\.$/);
  assert.match(error.fix, /dns-not-linked\.yaml/);
  assert.doesNotMatch(stderr, /^amplink: AMPL_DEMO_E0003/m);
});

test('amplink demo --fleet with a file that does not exist says so, exit 1', async () => {
  let stderr = '';
  const code = await runCli(['demo', '--fleet', '/nonexistent/fleet.yaml'], {
    stdout: () => undefined,
    stderr: (t) => void (stderr += t),
  });
  assert.equal(code, 1);
  assert.match(stderr, /AMPL_DEMO_E0001: The emulator could not start with fleet '\/nonexistent\/fleet\.yaml'/);
});

test('amplink demo --port: a port in use or not a port is one coded line, exit 1 (a real process)', async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const taken = (holder.address() as { port: number }).port;
  try {
    const busy = await runAmplink(['demo', '--port', String(taken)]);
    assert.equal(busy.code, 1);
    assert.match(
      busy.stderr,
      new RegExp(`^amplink: AMPL_DEMO_E0004: The emulator cannot listen on port ${taken}`, 'm'),
    );
    assert.doesNotMatch(busy.stderr, /\n\s+at /);
  } finally {
    holder.close();
  }
  const bad = await runAmplink(['demo', '--port', 'http']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /AMPL_CLI_E0002: --port 'http' is not a whole number from 0 to 65,535/);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
