import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { readSnapshotFile } from '../src/discover/snapshot.js';
import { Topology } from '../src/model/topology.js';
import { plan } from '../src/plan/plan.js';
import { jsonChunks } from '../src/report/json-chunks.js';

const snapshot = fileURLToPath(new URL('../../../examples/snapshot.json', import.meta.url));

test('plan JSON written in pieces is byte for byte JSON.stringify of the plan, whatever the piece size', async () => {
  const topology = new Topology(await readSnapshotFile(snapshot));
  const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
  const result = plan(topology, { amplsId });
  assert.ok(result.actions.length > 1);
  const whole = JSON.stringify(result, null, 2) + '\n';
  for (const size of [1, 100, 1 << 20]) {
    const pieces = [...jsonChunks(result, size)];
    assert.equal(pieces.join(''), whole);
    if (size === 1) assert.ok(pieces.length > result.actions.length, 'each action is a piece of its own');
  }
});

test('empty arrays, nested values and an empty object are written as JSON.stringify writes them', () => {
  for (const value of [
    {},
    { a: [] },
    { a: [1, { b: [] }, 'x\ny'], c: { d: [1, 2] }, e: null, f: undefined },
    { only: [[1, 2], []] },
    { holes: [undefined, () => 1, 'a"b', { toJSON: () => 'as JSON' }, -0] },
    { left: { toJSON: () => undefined }, kept: { toJSON: () => ({ x: [1] }) }, at: new Date(0) },
  ]) {
    assert.equal([...jsonChunks(value, 1)].join(''), JSON.stringify(value, null, 2) + '\n');
  }
  // Deeper in: verify's JSON holds the plan, whose actions are written one by one too.
  const verifyLike = { findings: [{ a: 1 }], plan: { actions: [{ id: 'x', body: { p: [1] } }, { id: 'y' }], n: 2 } };
  const pieces = [...jsonChunks(verifyLike, 1)];
  assert.equal(pieces.join(''), JSON.stringify(verifyLike, null, 2) + '\n');
  assert.ok(
    pieces.some((p) => p.includes('"id": "y"') && !p.includes('"id": "x"')),
    'nested actions are pieces too',
  );
});

test('any JSON value written in pieces is byte for byte JSON.stringify of it', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(1, 7, 1 << 16), (value, size) => {
      assert.equal([...jsonChunks(value, size)].join(''), JSON.stringify(value, null, 2) + '\n');
    }),
    { numRuns: 2_000 },
  );
});
