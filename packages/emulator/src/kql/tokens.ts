// The KQL subset's tokens: strings, numbers, timespans (15m, 1d), names and operators; `//` comments are skipped.
import { KqlError } from './kql-error.js';

export type Token =
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'timespan'; v: number }
  | { t: 'ident'; v: string }
  | { t: 'punct'; v: string };

const TIMESPAN_MS: Record<string, number> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
const PUNCT = [
  '!contains',
  '!startswith',
  '!endswith',
  '!has',
  '!in~',
  '!in',
  '==',
  '!=',
  '=~',
  '!~',
  '<=',
  '>=',
  'in~',
];
const SINGLE = '|,()[].=<>+-';

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== ch; j += 1) {
        if (text[j] === '\\' && j + 1 < text.length) {
          j += 1;
          const esc = text[j] ?? '';
          value += esc === 'n' ? '\n' : esc === 't' ? '\t' : esc;
        } else value += text[j] ?? '';
      }
      if (j >= text.length) throw new KqlError(`unterminated string literal starting at position ${i}`);
      tokens.push({ t: 'string', v: value });
      i = j + 1;
      continue;
    }
    const number = /^(\d+(?:\.\d+)?)(ms|d|h|m|s)?(?![A-Za-z0-9_])/.exec(text.slice(i));
    if (number?.[1] !== undefined) {
      const unit = number[2];
      tokens.push(
        unit === undefined
          ? { t: 'number', v: Number(number[1]) }
          : { t: 'timespan', v: Number(number[1]) * (TIMESPAN_MS[unit] ?? 0) },
      );
      i += number[0].length;
      continue;
    }
    if (text.startsWith('in~', i) && !/[A-Za-z0-9_]/.test(text[i - 1] ?? ' ')) {
      tokens.push({ t: 'punct', v: 'in~' });
      i += 3;
      continue;
    }
    const word = /^[A-Za-z_$][A-Za-z0-9_$]*(?:-[a-z]+)?/.exec(text.slice(i));
    if (word) {
      // Hyphenated operator names (project-away, mv-expand) are words; `a-b` elsewhere is not supported anyway.
      const w = ['project-away', 'mv-expand'].includes(word[0]) ? word[0] : (word[0].split('-')[0] ?? '');
      tokens.push({ t: 'ident', v: w });
      i += w.length;
      // datetime(2024-01-01T00:00:00Z) takes an unquoted literal: keep it whole as a string.
      const raw = w === 'datetime' ? /^\s*\(\s*([^"'\s)][^)]*?)\s*\)/.exec(text.slice(i)) : null;
      if (raw?.[1] !== undefined) {
        tokens.push({ t: 'punct', v: '(' }, { t: 'string', v: raw[1] }, { t: 'punct', v: ')' });
        i += raw[0].length;
      }
      continue;
    }
    const punct = PUNCT.find((p) => text.startsWith(p, i) && !/[A-Za-z0-9_]/.test(text[i + p.length] ?? ' '));
    const sign = punct ?? PUNCT.find((p) => /^[=!<>]/.test(p) && text.startsWith(p, i));
    if (sign !== undefined) {
      tokens.push({ t: 'punct', v: sign });
      i += sign.length;
      continue;
    }
    if (SINGLE.includes(ch)) {
      tokens.push({ t: 'punct', v: ch });
      i += 1;
      continue;
    }
    throw new KqlError(`unexpected character '${ch}' at position ${i}`);
  }
  return tokens;
}
