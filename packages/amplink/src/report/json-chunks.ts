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
  let text = '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, member] = entries[i] as [string, unknown];
    text += `  ${JSON.stringify(key)}: `;
    if (Array.isArray(member) && member.length > 0) {
      text += '[\n';
      for (let j = 0; j < member.length; j++) {
        text += `    ${indented(member[j], '    ')}${j < member.length - 1 ? ',' : ''}\n`;
        if (text.length >= size) {
          yield text;
          text = '';
        }
      }
      text += '  ]';
    } else {
      text += indented(member, '  ');
    }
    text += i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${text}}\n`;
}

/** A value as JSON.stringify indents it two spaces, moved right by `margin` (raw newlines only occur between tokens). */
function indented(value: unknown, margin: string): string {
  const json = JSON.stringify(value, null, 2) as string | undefined;
  return json === undefined ? 'null' : json.replaceAll('\n', `\n${margin}`);
}
