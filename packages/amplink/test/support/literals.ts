/*
 * Minimal tokenizers of the PowerShell and Bicep lexical rules the exports rely on (strings, comments, the rest),
 * for tests only. npm has no real parser of either language that runs without their own toolchains (the Bicep
 * CLI, pwsh); these follow the languages' specifications for exactly the tokens amplink writes and fail loudly on
 * anything else that could carry code (double-quoted or here-strings, interpolation, stray backticks).
 */

export interface Token {
  kind: 'string' | 'code';
  /** For a string: its value, escapes decoded. For code: the text. */
  text: string;
}

const PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";
const PS_DOUBLE_QUOTES = '"\u201c\u201d\u201e';
const PS_NEWLINES = '\r\n';

/**
 * PowerShell: verbatim strings in any of the five single quotes (a pair of them is one), `#` line comments (to \r or
 * \n), `<# #>` block comments. A double quote, a here-string or a backtick other than a line continuation is refused:
 * amplink writes none, so one in the output would mean a value broke out of its string.
 */
export function powerShellTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let code = '';
  const flush = (): void => {
    if (code !== '') tokens.push({ kind: 'code', text: code });
    code = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (PS_SINGLE_QUOTES.includes(c)) {
      flush();
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated PowerShell string: ${JSON.stringify(value)}`);
        const d = text[i] as string;
        if (PS_SINGLE_QUOTES.includes(d)) {
          const next = text[i + 1];
          if (next !== undefined && PS_SINGLE_QUOTES.includes(next)) {
            value += next;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: value });
    } else if (c === '#' && (code === '' || /[\s;{}(|]$/.test(code))) {
      while (i < text.length && !PS_NEWLINES.includes(text[i] as string)) i++;
    } else if (c === '<' && text[i + 1] === '#') {
      const end = text.indexOf('#>', i + 2);
      if (end < 0) throw new Error('unterminated PowerShell block comment');
      i = end + 2;
    } else if (PS_DOUBLE_QUOTES.includes(c)) {
      throw new Error(`a double-quoted PowerShell string in code at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
    } else if (c === '@' && PS_SINGLE_QUOTES.includes(text[i + 1] ?? '')) {
      throw new Error(`a PowerShell here-string at ${i}`);
    } else if (c === '`') {
      if (text[i + 1] !== '\n') throw new Error(`a backtick that is not a line continuation at ${i}`);
      code += c;
      i++;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return tokens;
}

const BICEP_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", n: '\n', r: '\r', t: '\t', $: '$' };

/**
 * Bicep: single-quoted strings with the escapes \\ \' \n \r \t \$ \u{X}; `//` line comments (to \r or \n) and
 * `/* *\/` block comments. An unescaped `${` (interpolation), a raw line break in a string, an unknown escape or a
 * multi-line ''' string is refused.
 */
export function bicepTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let code = '';
  const flush = (): void => {
    if (code !== '') tokens.push({ kind: 'code', text: code });
    code = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'") {
      if (text.startsWith("'''", i)) throw new Error(`a multi-line Bicep string at ${i}`);
      flush();
      let value = '';
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined || d === '\n' || d === '\r') {
          throw new Error(`unterminated Bicep string: ${JSON.stringify(value)}`);
        }
        if (d === "'") {
          i++;
          break;
        }
        if (d === '$' && text[i + 1] === '{')
          throw new Error(`Bicep interpolation in a string: ${JSON.stringify(value)}`);
        if (d === '\\') {
          const e = text[i + 1] ?? '';
          if (e === 'u' && text[i + 2] === '{') {
            const end = text.indexOf('}', i + 3);
            const hex = text.slice(i + 3, end);
            if (end < 0 || !/^[0-9A-Fa-f]{1,6}$/.test(hex)) throw new Error(`bad Bicep \\u{} escape at ${i}`);
            value += String.fromCodePoint(parseInt(hex, 16));
            i = end + 1;
            continue;
          }
          const decoded = BICEP_ESCAPES[e];
          if (decoded === undefined) throw new Error(`unknown Bicep escape \\${e} at ${i}`);
          value += decoded;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: value });
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated Bicep block comment');
      i = end + 2;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return tokens;
}

/**
 * The shape of a token stream: each string one atom, each word (identifier, keyword, cmdlet, parameter) one atom,
 * punctuation kept, spaces dropped; one entry per paragraph (declarations are separated by blank lines; a dropped
 * comment leaves one too), sorted, since declarations are ordered by names. Two exports of plans that differ only in
 * their strings have the same shape; a value that escaped its string changes it.
 */
export function shape(tokens: Token[], wordPattern = /[A-Za-z0-9_.-]+/g): string[] {
  return tokens
    .map((token) => (token.kind === 'string' ? ' S ' : token.text.replace(wordPattern, ' S ')))
    .join('')
    .split(/\n[ \t]*(?:\n[ \t]*)+/)
    .map((paragraph) =>
      paragraph
        .replace(/[ \t]+/g, ' ')
        .replace(/ *\n */g, '\n')
        .trim(),
    )
    .filter((paragraph) => paragraph !== '')
    .sort();
}
