// One fixed locale, not the machine's: the same input must give byte-identical plans everywhere. ICU's collator is
// native code, about as fast as plain string comparison on the long ids plans sort by the hundred thousand.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The one order in which amplink shows names and ids: case-insensitive, with runs of digits compared by their value,
 * so `aks-westus2-87` comes before `aks-westus2-927` (plain text order puts it after). Names the collator holds equal
 * (they differ only in case, accents or leading zeros) fall back to code-unit order, so the order is total.
 */
export function compareNatural(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
