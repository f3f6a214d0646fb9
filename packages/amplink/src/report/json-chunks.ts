/**
 * `JSON.stringify(value, null, 2) + '\n'`, the same bytes, in pieces of about `size` characters. Objects and the arrays
 * they hold are written member by member and element by element, however deep (verify's JSON holds the plan, whose
 * actions are one level further in); each array element is written whole. The plan of 100,000 clusters is some 400 MB
 * of JSON, and verify's twice that: as one string it comes near or past the longest V8 holds (about 512 MiB), and
 * writing it makes a UTF-8 copy of it all at once. Pieces of 64 KiB stay in V8's young generation, where they die for
 * free; pieces of a megabyte went to the large-object space, and with a 100,000-cluster world live each few of them
 * cost a full collection of the heap (writing that plan took 10.5 s of CPU, see bench).
 */
export function* jsonChunks(value: unknown, size = 1 << 16): Generator<string> {
  const out = new Pieces(size);
  yield* write(out, value, 0);
  out.add('\n');
  yield out.take();
}

/** Pieces joined once per chunk: one copy of the text, where `+=` made a rope that writing flattened again. */
class Pieces {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly size: number) {}

  add(piece: string): void {
    this.parts.push(piece);
    this.length += piece.length;
  }

  get full(): boolean {
    return this.length >= this.size;
  }

  /** The text so far, and a fresh start. */
  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return text;
  }
}

/** What JSON.stringify leaves out of an object, and writes as null in an array. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function hasToJson(value: unknown): value is { toJSON(key: string): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** Values JSON.stringify writes member by member or element by element: objects and arrays without toJSON. */
function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !hasToJson(value);
}

/** `value` as it stands `depth` levels in, written after its key (or where an element starts). */
function* write(out: Pieces, value: unknown, depth: number): Generator<string> {
  if (!isContainer(value)) {
    out.add(nested(value, depth));
    return;
  }
  const margin = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.add('[]');
      return;
    }
    out.add('[\n');
    for (let i = 0; i < value.length; i++) {
      out.add(`${margin}  `);
      out.add(nested(value[i], depth + 1));
      out.add(i < value.length - 1 ? ',\n' : '\n');
      // Checked inline: a generator per element costs more than the element's text (a plan has 200,000).
      if (out.full) yield out.take();
    }
    out.add(`${margin}]`);
    return;
  }
  const entries: [string, unknown][] = [];
  for (const [key, raw] of Object.entries(value) as [string, unknown][]) {
    // A member's toJSON decides what is written for it, and whether it is left out (as JSON.stringify does).
    const member = hasToJson(raw) ? raw.toJSON(key) : raw;
    if (!omitted(member)) entries.push([key, member]);
  }
  if (entries.length === 0) {
    out.add('{}');
    return;
  }
  out.add('{\n');
  for (let i = 0; i < entries.length; i++) {
    const [key, member] = entries[i] as [string, unknown];
    out.add(`${margin}  ${JSON.stringify(key)}: `);
    yield* write(out, member, depth + 1);
    out.add(i < entries.length - 1 ? ',\n' : '\n');
    if (out.full) yield out.take();
  }
  out.add(`${margin}}`);
}

/**
 * A value as JSON.stringify indents it when it stands `depth` levels in: stringified nested in `depth` arrays, which
 * indent it so, and sliced out of them. The slice of that text is no copy (a plan has 100,000 such elements), where
 * indenting it afterwards would copy it whole.
 */
function nested(value: unknown, depth: number): string {
  if (omitted(value)) return 'null';
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  if (depth === 0) return text;
  // The value's own first line is indented too: the caller writes that margin.
  return text.slice(openingLength(depth) + 2 * depth, text.length - closingLength(depth));
}

/** `[\n` then `  [\n` ... : the text before the value's line when it is nested in `depth` arrays. */
function openingLength(depth: number): number {
  let length = 0;
  for (let i = 0; i < depth; i++) length += 2 * i + 2;
  return length;
}

/** `\n  ]` ... then `\n]`: the text after it. */
function closingLength(depth: number): number {
  return openingLength(depth);
}
