import assert from 'node:assert/strict';
import { test } from 'node:test';
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
