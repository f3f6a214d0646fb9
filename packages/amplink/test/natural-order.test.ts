import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compareNatural } from '../src/model/natural-order.js';
import { compareKeys } from '../src/plan/findings.js';

test('names with numbers sort by value: aks-westus2-87 before aks-westus2-927, aks-2 before aks-10', () => {
  const names = ['aks-westus2-927', 'aks-westus2-87', 'AKS-westus2-100', 'aks-10', 'aks-2', 'aks-1', 'aks-westus2-9'];
  assert.deepEqual([...names].sort(compareNatural), [
    'aks-1',
    'aks-2',
    'aks-10',
    'aks-westus2-9',
    'aks-westus2-87',
    'AKS-westus2-100',
    'aks-westus2-927',
  ]);
  assert.equal(compareKeys, compareNatural, 'plan, verify and permissions share this one order');
});

test('the order is total and the same whatever the input order (plans stay byte-identical)', () => {
  const name = fc.stringMatching(/^[a-zA-Z0-9-]{0,12}$/);
  fc.assert(
    fc.property(fc.array(name, { maxLength: 30 }), fc.array(fc.nat()), (names, swaps) => {
      const shuffled = [...names];
      for (const [i, s] of names.length > 0 ? swaps.entries() : []) {
        const j = s % names.length;
        const k = i % names.length;
        [shuffled[j], shuffled[k]] = [shuffled[k] as string, shuffled[j] as string];
      }
      assert.deepEqual([...shuffled].sort(compareNatural), [...names].sort(compareNatural));
    }),
  );
  fc.assert(
    fc.property(name, name, name, (a, b, c) => {
      // Antisymmetric (a sum, not a negation: -0 and 0 differ for assert).
      assert.equal(Math.sign(compareNatural(a, b)) + Math.sign(compareNatural(b, a)), 0);
      assert.equal(compareNatural(a, b) === 0, a === b);
      if (compareNatural(a, b) < 0 && compareNatural(b, c) < 0) assert.ok(compareNatural(a, c) < 0, `${a} ${b} ${c}`);
    }),
    {
      examples: [
        ['', '', ''],
        ['a', 'A', 'a'],
        ['x07', 'x7', 'X7'],
      ],
    },
  );
});

test('numbers compare by value wherever they are in the name', () => {
  fc.assert(
    fc.property(fc.nat(100_000), fc.nat(100_000), fc.stringMatching(/^[a-z-]{0,5}$/), (n, m, prefix) => {
      fc.pre(n !== m);
      assert.equal(Math.sign(compareNatural(`${prefix}${n}-x`, `${prefix}${m}-x`)), Math.sign(n - m));
    }),
  );
});
