import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compareNatural, compareNaturalByCollator } from '../src/model/natural-order.js';
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

test("the fast comparison of ASCII gives the collator's answer, sign for sign", () => {
  // Ids and names: letters of both cases, digit runs with leading zeros, the punctuation ids hold, and some of the rest.
  const char = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...'aAbBzZ-_./()0123456789') },
    { weight: 2, arbitrary: fc.constantFrom(...'0009') },
    { weight: 1, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.constantFrom('é', 'É', 'ß', '\u0301', '\t', '\u00a0', '名', '١') },
  );
  const text = fc.array(char, { maxLength: 14 }).map((chars) => chars.join(''));
  fc.assert(
    fc.property(text, text, (a, b) => {
      assert.equal(Math.sign(compareNatural(a, b)), Math.sign(compareNaturalByCollator(a, b)), `${a} | ${b}`);
    }),
    { numRuns: 20_000 },
  );
  // A difference inside a number: the number compares whole (100 after 19, not '00' against '9').
  for (const [a, b] of [
    ['x100', 'x19'],
    ['x1000y', 'x1001'],
    ['aks-007', 'aks-7'],
    ['a0١0', 'a07'],
  ] as const) {
    assert.equal(Math.sign(compareNatural(a, b)), Math.sign(compareNaturalByCollator(a, b)), `${a} | ${b}`);
  }
  // Pairs that share a long prefix, as ids do.
  fc.assert(
    fc.property(text, text, text, (prefix, a, b) => {
      const x = `/subscriptions/${prefix}${a}`;
      const y = `/subscriptions/${prefix}${b}`;
      assert.equal(Math.sign(compareNatural(x, y)), Math.sign(compareNaturalByCollator(x, y)), `${x} | ${y}`);
    }),
    { numRuns: 20_000 },
  );
});
