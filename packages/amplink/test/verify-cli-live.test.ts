import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPlan } from '../src/apply/apply.js';
import { discover } from '../src/discover/discover.js';
import { Topology } from '../src/model/topology.js';
import { planKeepingDataFlowing } from '../src/verify/preflight.js';
import { amplink } from './support/cli.js';
import { connectionTo, emulatorWithConnection } from './support/emulator.js';

interface LiveJson {
  summary: { findings: { error: number } };
  live: { clusters: { name?: string; id: string; metrics: { status: string }; logs: { status: string } }[] };
}

test('amplink verify --live, the real command: broken before apply (exit 3), every cluster proven after (exit 0)', async () => {
  const { emulator } = await emulatorWithConnection({ agents: { enabled: false } });
  try {
    const connection = connectionTo(emulator);
    const topology = new Topology(await discover(connection));
    const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
    const live = ['verify', '--ampls', amplsId, '--live', '--json', '--logs-endpoint', emulator.logAnalyticsEndpoint];

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
  } finally {
    await emulator.stop();
  }
});
