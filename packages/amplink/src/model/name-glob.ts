/**
 * A name pattern (--cluster-name, --site-network) where `*` matches anything, case-insensitive. Matched piece by piece rather than through a
 * RegExp: a typed pattern of any length (a 120,000-character one is "Regular expression too large") and any number of
 * stars stays a name pattern, in time linear in the name for each star.
 */
export function globMatcher(glob: string): (name: string) => boolean {
  const pieces = glob.toLowerCase().split('*');
  const first = pieces[0] ?? '';
  const last = pieces.length > 1 ? (pieces[pieces.length - 1] ?? '') : undefined;
  const middle = pieces.slice(1, -1);
  return (name) => {
    const text = name.toLowerCase();
    if (last === undefined) return text === first;
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
    let at = first.length;
    const end = text.length - last.length;
    for (const piece of middle) {
      const found = text.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}
