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
export function nameSome(names: readonly string[], shown = 3): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
