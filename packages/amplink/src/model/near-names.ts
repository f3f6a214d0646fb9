/**
 * Edit distance with adjacent transpositions (optimal string alignment): how many single-character insertions,
 * deletions, substitutions or swaps of neighbours turn one string into the other ("wue" is one swap from "weu").
 * Above `max`, some number above `max` is returned early.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  let beforePrevious = new Int32Array(b.length + 1);
  let previous = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  let current = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      let best = (previous[j - 1] as number) + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      const deletion = (previous[j] as number) + 1;
      const insertion = (current[j - 1] as number) + 1;
      if (deletion < best) best = deletion;
      if (insertion < best) best = insertion;
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1) &&
        (beforePrevious[j - 2] as number) + 1 < best
      ) {
        best = (beforePrevious[j - 2] as number) + 1;
      }
      current[j] = best;
      if (best < rowBest) rowBest = best;
    }
    // Every later row is at least this row's best: past `max`, the answer no longer matters.
    if (rowBest > max) return rowBest;
    const recycled = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = recycled;
  }
  return previous[b.length] as number;
}

/** Longer inputs have no near name worth showing, and comparing them would cost time for nothing. */
const LONGEST_COMPARED = 100;
/** At most this many candidates are compared: a hint is worth a few milliseconds, not seconds, in a huge fleet. */
const MOST_COMPARED = 20_000;

/**
 * The candidates closest to `target` (case-insensitive), for "did you mean" hints: at most `count`, each within a third
 * of the target's length (at least 3 edits). Candidates whose length alone puts them out of reach are never compared,
 * nor more than MOST_COMPARED of the others, so a pasted megabyte or a fleet of 100,000 names costs little.
 */
export function nearestNames(target: string, candidates: Iterable<string>, count = 3): string[] {
  const key = target.toLowerCase();
  if (key.length > LONGEST_COMPARED) return [];
  const within = Math.max(3, Math.floor(key.length / 3));
  const found: { name: string; distance: number }[] = [];
  let compared = 0;
  for (const name of candidates) {
    if (Math.abs(name.length - key.length) > within) continue;
    if (++compared > MOST_COMPARED) break;
    const distance = editDistance(key, name.toLowerCase(), within);
    if (distance <= within) found.push({ name, distance });
  }
  return found
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, count)
    .map((c) => c.name);
}
