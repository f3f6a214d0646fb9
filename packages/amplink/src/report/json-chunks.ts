/**
 * `JSON.stringify(value, null, 2) + '\n'`, the same bytes, in pieces of about `size` characters, the elements of the
 * object's arrays one by one. The plan of 100,000 clusters is some 400 MB of JSON: as one string it comes near the
 * longest V8 holds, and writing it makes a UTF-8 copy of it all at once. Pieces of 64 KiB stay in V8's young
 * generation, where they die for free; pieces of a megabyte went to the large-object space, and with a 100,000-cluster
 * world live each few of them cost a full collection of the heap (writing that plan took 10.5 s of CPU, see bench).
 */
export function* jsonChunks(value: object, size = 1 << 16): Generator<string> {
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && typeof v !== 'function',
  );
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  // Pieces joined once per chunk: one copy of the text, where `+=` made a rope that writing flattened again.
  let parts: string[] = ['{\n'];
  let length = 2;
  const add = (piece: string) => {
    parts.push(piece);
    length += piece.length;
  };
  for (let i = 0; i < entries.length; i++) {
    const [key, member] = entries[i] as [string, unknown];
    add(`  ${JSON.stringify(key)}: `);
    if (Array.isArray(member) && member.length > 0) {
      add('[\n');
      for (let j = 0; j < member.length; j++) {
        add(arrayElement(member[j]));
        add(j < member.length - 1 ? ',\n' : '\n');
        if (length >= size) {
          yield parts.join('');
          parts = [];
          length = 0;
        }
      }
      add('  ]');
    } else {
      add(indented(member, '  '));
    }
    add(i < entries.length - 1 ? ',\n' : '\n');
  }
  add('}\n');
  yield parts.join('');
}

/** A value as JSON.stringify indents it two spaces, moved right by `margin` (raw newlines only occur between tokens). */
function indented(value: unknown, margin: string): string {
  const json = JSON.stringify(value, null, 2) as string | undefined;
  return json === undefined ? 'null' : json.replaceAll('\n', `\n${margin}`);
}

const NESTED_OPEN = '[\n  [\n'.length;
const NESTED_CLOSE = '\n  ]\n]'.length;

/**
 * An element of a top-level array, indented four spaces as it stands in the whole document: JSON.stringify indents it
 * so itself when it is nested two arrays deep, and the slice of that text is no copy (a plan has 100,000 of them).
 */
function arrayElement(value: unknown): string {
  const nested = JSON.stringify([[value]], null, 2);
  return nested.slice(NESTED_OPEN, nested.length - NESTED_CLOSE);
}
