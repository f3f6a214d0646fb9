// The JSON ARM reads a template as: Azure CLI 2.45 splices the template file into the request body as written
// (its JsonCTemplatePolicy, azure/cli/command_modules/resource/custom.py: "This is not an ordinary JSON format, but
// it is a JSONC format that service can deserialize"), so comments, trailing commas and line breaks inside strings
// (az parses the file with strict=False) reach ARM, and ARM accepts them. The key az splices in is unquoted
// (`template:{...}`, seen on the wire), so bare property names are read too.

/** Parses JSON with comments, trailing commas, bare keys and raw control characters in strings; throws SyntaxError. */
export function parseJsonc(text: string): unknown {
  return JSON.parse(toStrictJson(text));
}

function toStrictJson(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += escapeControls(text.slice(i, end));
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (c === ',' && closesNext(text, i + 1)) {
      i++;
    } else if (/[A-Za-z_$]/.test(c)) {
      const word = /^[A-Za-z0-9_$]+/.exec(text.slice(i))?.[0] ?? c;
      i += word.length;
      out += /^\s*:/.test(text.slice(i, i + 64)) ? JSON.stringify(word) : word;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The index just past the string literal that starts at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, text.length);
}

/** Whether only whitespace and comments stand between `from` and a closing bracket (a trailing comma). */
function closesNext(text: string, from: number): boolean {
  let i = from;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) i++;
    else if (c === '/' && text[i + 1] === '/') while (i < text.length && text[i] !== '\n') i++;
    else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else return c === '}' || c === ']';
  }
  return false;
}

function escapeControls(literal: string): string {
  // eslint-disable-next-line no-control-regex
  return literal.replace(/[\u0000-\u001f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
