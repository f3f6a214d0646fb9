import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/program.js';

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
  const code = await runCli(['demo', '--fleet', fleet], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  assert.equal(code, 3, stderr);
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
