import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandFleet, generateFleet, startEmulator } from 'amplink-emulator';
import { applyPlan } from '../src/apply/apply.js';
import { ScopeQueues } from '../src/apply/scope-queue.js';
import { discover } from '../src/discover/discover.js';
import { idKey } from '../src/model/resource-id.js';
import { RESOURCE_TYPES } from '../src/model/resources.js';
import { Topology } from '../src/model/topology.js';
import { plan } from '../src/plan/plan.js';
import { connectionTo } from './support/emulator.js';

/** A promise with its resolve at hand. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('writes to one AMPLS: one at a time, in the plan order', () => {
  test('waiting writes go by rank, equal ranks by arrival; a failed write hands over too', async () => {
    const queues = new ScopeQueues();
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const write = (name: string, rank: number, scope = 'ampls', fail = false) => {
      const gate = deferred();
      gates.set(name, gate);
      return queues.run(scope, rank, async () => {
        started.push(name);
        await gate.promise;
        if (fail) throw new Error(`${name} refused`);
        return name;
      });
    };
    const first = write('late-rank', 9);
    const failing = assert.rejects(write('rank-2-fails', 2, 'ampls', true), /rank-2-fails refused/);
    const rest = [write('rank-3', 3), write('rank-1', 1), write('rank-3-second', 3), write('other-scope', 7, 'policy')];
    await turn();
    assert.deepEqual(started, ['late-rank', 'other-scope'], 'one write per scope; another scope runs alongside');
    gates.get('late-rank')?.resolve();
    assert.equal(await first, 'late-rank');
    await turn();
    assert.deepEqual(started.slice(2), ['rank-1'], 'the running write ended: the lowest rank waiting goes next');
    for (const name of ['rank-1', 'rank-2-fails', 'rank-3', 'rank-3-second', 'other-scope']) {
      gates.get(name)?.resolve();
      await turn();
    }
    await failing;
    assert.deepEqual(await Promise.all(rest), ['rank-3', 'rank-1', 'rank-3-second', 'other-scope']);
    assert.deepEqual(started, ['late-rank', 'other-scope', 'rank-1', 'rank-2-fails', 'rank-3', 'rank-3-second']);
    // Nothing holds the scope any more: a new write starts at once.
    const after = write('after', 0);
    await turn();
    assert.equal(started.at(-1), 'after');
    gates.get('after')?.resolve();
    await after;
  });

  test('the link most actions wait for is written as soon as the AMPLS is free, even when its check ends last', async () => {
    // Per-cluster links of a small generated fleet; the link the plan ranks first answers its check (the GET before
    // the write) late, after the other links have queued for the AMPLS. Served by arrival, it would go last.
    const fleet = expandFleet(generateFleet({ clusters: 8, regions: 2, subscriptions: 1, workspaces: 1 }));
    const planning = await startEmulator({ fleet, lroDelayMs: 0, lroRetryAfterSeconds: 0 });
    let result;
    try {
      const topology = new Topology(await discover(connectionTo(planning)));
      const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
      result = plan(topology, { amplsId, ingestionEndpoints: 'per-cluster' });
    } finally {
      await planning.stop();
    }
    const links = result.actions.filter((a) => a.resourceType === RESOURCE_TYPES.scopedResource);
    assert.ok(links.length >= 6, `a chain of links (${links.length})`);
    const firstRanked = links[0]?.id as string;
    const name = firstRanked.split('/').pop() as string;
    const emulator = await startEmulator({
      fleet,
      lroDelayMs: 40,
      lroRetryAfterSeconds: 0,
      faults: {
        rules: [
          {
            kind: 'latency',
            method: 'GET',
            path: `/scopedResources/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
            latencyMs: 150,
            count: 1,
          },
        ],
      },
    });
    try {
      emulator.reset();
      const applied = await applyPlan(connectionTo(emulator), result);
      assert.equal(applied.summary.failed, 0, JSON.stringify(applied.outcomes.filter((o) => o.error)));
      const written = emulator
        .requests()
        .filter((r) => r.method === 'PUT' && /\/scopedResources\//i.test(r.path) && r.status < 300)
        .map((r) => idKey(decodeURIComponent(r.path)));
      assert.equal(written.length, links.length);
      const position = written.indexOf(idKey(firstRanked));
      // It arrives while the first link or two are written (150 ms against 40 ms a link, plus polling), never last.
      assert.ok(position >= 0 && position < links.length - 2, `written ${position + 1} of ${links.length}`);
      const after = written.slice(position + 1);
      const planned = links.map((l) => idKey(l.id)).filter((k) => after.includes(k));
      assert.deepEqual(after, planned, 'the links waiting with it follow in the plan order');
    } finally {
      await emulator.stop();
    }
  });
});
