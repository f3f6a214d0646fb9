import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataArrival } from '../src/verify/arrival.js';
import type { LiveResult, ProbeOutcome } from '../src/verify/probes/types.js';
import type { ClusterVerdict, VerifyResult } from '../src/verify/types.js';

function verdict(name: string, metrics: ClusterVerdict['metrics'], logs: ClusterVerdict['logs']): ClusterVerdict {
  return {
    id: `/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name,
    region: 'eastus',
    kind: 'aks',
    route: 'private',
    metrics,
    logs,
    reasons:
      logs === 'broken' ? [{ code: 'AMPL_VERIFY_E0022', signal: 'logs', text: 'law refuses public access' }] : [],
  };
}

function result(clusters: ClusterVerdict[]): VerifyResult {
  return { clusters } as unknown as VerifyResult;
}

const pass: ProbeOutcome = { status: 'pass', detail: 'rows seen' };
const notChecked: ProbeOutcome = { status: 'not-checked', detail: 'no rights to query' };
const fail: ProbeOutcome = { status: 'fail', detail: 'no rows' };

function live(probes: [ClusterVerdict, ProbeOutcome, ProbeOutcome][]): LiveResult {
  return { clusters: probes.map(([v, metrics, logs]) => ({ id: v.id, name: v.name, metrics, logs })), dns: [] };
}

test('data arrives only where a probe saw it and the verdict does not stop it', () => {
  const ok = verdict('ok', 'ok', 'ok');
  const stopped = verdict('stopped', 'ok', 'broken');
  const unchecked = verdict('unchecked', 'ok', 'ok');
  const failing = verdict('failing', 'ok', 'off');
  const arrival = dataArrival(
    result([ok, stopped, unchecked, failing]),
    live([
      [ok, pass, pass],
      // A probe can still see data sent before the change: what the configuration stops stays missing.
      [stopped, pass, pass],
      [unchecked, pass, notChecked],
      [failing, fail, notChecked],
    ]),
  );
  const by = new Map(arrival.clusters.map((c) => [c.name, [c.metrics.status, c.logs.status]]));
  assert.deepEqual(by.get('ok'), ['arrives', 'arrives']);
  assert.deepEqual(by.get('stopped'), ['arrives', 'missing']);
  assert.deepEqual(by.get('unchecked'), ['arrives', 'not-checked']);
  assert.deepEqual(by.get('failing'), ['missing', 'off']);
  assert.deepEqual([arrival.monitored, arrival.proven], [4, 1]);
  assert.deepEqual(
    arrival.notProven.map((c) => c.name),
    ['stopped', 'unchecked', 'failing'],
  );
  assert.match(arrival.clusters[1]?.logs.why ?? '', /AMPL_VERIFY_E0022 law refuses public access/);
  assert.equal(arrival.allThroughAmpls, false);
});

test('without live probes nothing is proven; every cluster proven and private is "through the AMPLS"', () => {
  const a = verdict('a', 'ok', 'ok');
  assert.deepEqual(dataArrival(result([a]), undefined).clusters[0]?.metrics, {
    status: 'not-checked',
    why: 'no live probe ran',
  });
  const proven = dataArrival(result([a, verdict('off', 'off', 'off')]), live([[a, pass, pass]]));
  assert.deepEqual([proven.monitored, proven.proven, proven.allThroughAmpls], [1, 1, true]);
  const publicOne = { ...a, route: 'public' as const };
  assert.equal(dataArrival(result([publicOne]), live([[publicOne, pass, pass]])).allThroughAmpls, false);
});
