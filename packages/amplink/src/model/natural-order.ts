/**
 * The one order in which amplink shows names and ids: case-insensitive, with runs of digits compared by their value,
 * so `aks-westus2-87` comes before `aks-westus2-927` (plain text order puts it after). Ties that differ only in case
 * or leading zeros fall back to code-unit order, so the order is total and the same on every machine (no locale).
 */
export function compareNatural(a: string, b: string): number {
  if (a === b) return 0;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let i = 0;
  while (i < x.length && i < y.length && x.charCodeAt(i) === y.charCodeAt(i)) i++;
  // Only a difference inside a run of digits needs more than text order: back up to where that run starts.
  if (isDigit(x.charCodeAt(i)) || isDigit(y.charCodeAt(i))) {
    let start = i;
    while (start > 0 && isDigit(x.charCodeAt(start - 1))) start--;
    if (isDigit(x.charCodeAt(start)) && isDigit(y.charCodeAt(start))) {
      const byValue = compareDigitRuns(x, y, start);
      if (byValue !== 0) return byValue;
    }
  }
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : 1;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Compares the digit runs starting at `start` by value; 0 when equal (the text after them then decides). */
function compareDigitRuns(x: string, y: string, start: number): number {
  let endX = start;
  while (isDigit(x.charCodeAt(endX))) endX++;
  let endY = start;
  while (isDigit(y.charCodeAt(endY))) endY++;
  let i = start;
  while (i < endX - 1 && x.charCodeAt(i) === 48) i++;
  let j = start;
  while (j < endY - 1 && y.charCodeAt(j) === 48) j++;
  if (endX - i !== endY - j) return endX - i - (endY - j);
  for (; i < endX; i++, j++) {
    const d = x.charCodeAt(i) - y.charCodeAt(j);
    if (d !== 0) return d;
  }
  // Equal values ("07" and "7"): the rest of the strings decides.
  const restX = x.slice(endX);
  const restY = y.slice(endY);
  if (restX === restY) return 0;
  return compareNatural(restX, restY);
}
