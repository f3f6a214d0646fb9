/** Levenshtein distance: how many single-character edits turn one string into the other. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Longer inputs have no near name worth showing, and comparing them would cost time for nothing. */
const LONGEST_COMPARED = 100;

/**
 * The candidates closest to `target` (case-insensitive), for "did you mean" hints: at most `count`, each within a third
 * of the target's length (at least 3 edits). Candidates whose length alone puts them out of reach are never compared,
 * so a pasted megabyte or a fleet of 100,000 names costs little.
 */
export function nearestNames(target: string, candidates: Iterable<string>, count = 3): string[] {
  const key = target.toLowerCase();
  if (key.length > LONGEST_COMPARED) return [];
  const within = Math.max(3, Math.floor(key.length / 3));
  const found: { name: string; distance: number }[] = [];
  for (const name of candidates) {
    if (Math.abs(name.length - key.length) > within) continue;
    const distance = editDistance(key, name.toLowerCase());
    if (distance <= within) found.push({ name, distance });
  }
  return found
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, count)
    .map((c) => c.name);
}
