import { compareNatural } from '../model/natural-order.js';

// eslint-disable-next-line no-control-regex -- the colours' escapes are what takes no column
const ANSI = /\u001b\[\d+m/g;

/** Columns on a terminal: colour escapes take none. */
function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/** Word-wraps `text` at `width` columns, each line after `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line.length > 0 && visibleLength(line) + 1 + visibleLength(word) > width) {
      lines.push(indent + line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

/** One line, at most `limit` characters. */
export function trimmed(text: string, limit: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= limit ? line : `${line.slice(0, limit - 1).trimEnd()}…`;
}

/** 4,247: counts as a person reads them. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 cluster", "2,000 clusters". */
export function counted(n: number, word: string, words = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : words}`;
}

/** How many names one line of the summary shows before "and N more". */
export const NAMES_SHOWN = 3;

/** Alike things of at most this many are shown one by one; more are one line with a count and a few names. */
export const COLLAPSE_FROM = 4;

/** Findings of one code are one entry from two on: one example, the fix once, the clusters counted. */
export const FINDINGS_COLLAPSE_FROM = 2;

/** "a, b, c and 1,997 more": a few names in their natural order, however many there are (detail: all of them). */
export function someNames(names: readonly string[], options: { detail?: boolean; shown?: number } = {}): string {
  const shown = options.detail === true ? names.length : (options.shown ?? NAMES_SHOWN);
  const sorted = [...names].sort(compareNatural);
  if (sorted.length <= shown) return sorted.join(', ');
  return `${sorted.slice(0, shown).join(', ')} and ${count(sorted.length - shown)} more`;
}

/** Columns padded to the widest cell; `right` columns (counts) are aligned right. */
export function table(rows: readonly (readonly string[])[], right: readonly number[] = [], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    (
      indent +
      row.map((cell, i) => (right.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ')
    ).trimEnd(),
  );
}

/** The last line of a summary: where the rest is. */
export function detailHint(what: string): string {
  return `(${what}: --detail; everything as data: --json)`;
}
