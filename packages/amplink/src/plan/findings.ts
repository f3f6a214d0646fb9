import { compareNatural } from '../model/natural-order.js';
import type { Finding, Severity } from './types.js';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then by code and the first resource named: a stable order whatever the input order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      compareKeys(a.resources[0] ?? '', b.resources[0] ?? '') ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** Names and ids in the order people read them (natural order: `aks-2` before `aks-10`). */
export const compareKeys = compareNatural;

/** "aks-1, aks-2 and 3 more": names a few members of a large set without making output grow with the fleet. */
export function nameSome(names: readonly string[], shown = 3, total = names.length): string {
  if (total <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${total - shown} more`;
}

/**
 * The first `count` of `items` in `compare`'s order: what sorting them all and slicing would give, in time linear in
 * the list. Lists name a few of the clusters a DCE or workspace serves, which can be a whole fleet of 100,000.
 */
export function firstInOrder<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  const first: T[] = [];
  for (const item of items) {
    if (first.length === count && (count === 0 || compare(item, first[count - 1] as T) >= 0)) continue;
    let at = first.length;
    while (at > 0 && compare(item, first[at - 1] as T) < 0) at--;
    first.splice(at, 0, item);
    if (first.length > count) first.pop();
  }
  return first;
}

/** `nameSome` of the names in natural order, sorting only the few it shows. */
export function nameSomeInOrder(names: readonly string[], shown = 3): string {
  return nameSome(firstInOrder(names, shown, compareKeys), shown, names.length);
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
