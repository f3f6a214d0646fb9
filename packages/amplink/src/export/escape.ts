import { AmplinkError } from '../model/errors.js';

/*
 * Every string an exporter writes into a script or template goes through one function here, so a tag value, a
 * description, a name or a reason can hold anything (quotes, newlines, `${`, `%{`, `$(`, backticks, `[`, unicode)
 * and still reaches Azure as it was, never as code. test/export-escape.test.ts and test/export-fuzz.test.ts hold them
 * to that with real parsers.
 */

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function hex(char: string, digits: number): string {
  return (char.codePointAt(0) as number).toString(16).toUpperCase().padStart(digits, '0');
}

function unrepresentable(format: string, value: string, problem: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_EXPORT_E0007',
    message: `The ${format} export cannot hold the value ${JSON.stringify(value)}: ${problem}.`,
    fix: 'Remove that character from the value in the plan (or its tag, description or name in Azure), or export another format.',
  });
}

/**
 * An HCL quoted string (Terraform). Besides \ and ", the template sequences `${` and `%{` are doubled to `$${` and
 * `%%{` so no interpolation or directive survives; control characters are written as \n, \r, \t or \uNNNN, since a
 * raw newline ends a quoted string.
 */
export function hclString(value: string): string {
  const body = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')
    .replace(CONTROL, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${hex(c, 4)}`));
  return `"${body}"`;
}

/** A bash word in single quotes, where nothing is special but the quote itself ('\'' writes one). */
export function bashSingleQuoted(value: string): string {
  if (value.includes('\u0000')) throw unrepresentable('az (bash)', value, 'bash strings cannot hold a NUL character');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Text for inside bash double quotes, where \ " $ and ` are special. */
export function bashInsideDoubleQuotes(value: string): string {
  if (value.includes('\u0000')) throw unrepresentable('az (bash)', value, 'bash strings cannot hold a NUL character');
  return value.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

/**
 * A value given to an Azure CLI argument: Azure CLI reads any argument value that starts with @ from the file it
 * names, so such a value is refused rather than turned into a file read.
 */
export function azArgument(value: string): string {
  if (value.startsWith('@')) {
    throw unrepresentable('az', value, 'Azure CLI reads an argument that starts with @ from a file of that name');
  }
  return bashSingleQuoted(value);
}

/**
 * A PowerShell verbatim (single-quoted) string. PowerShell takes the typographic quotes ‘ ’ ‚ ‛ as single quotes
 * too, so each of them is doubled like ' is; nothing else is special inside, newlines included.
 */
export function powerShellString(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (c) => c + c)}'`;
}

/**
 * A Bicep string literal: single quotes; \ ' and the interpolation start ${ escaped; control characters as \n, \r, \t
 * or \u{X}, since a Bicep single-quoted string cannot span lines.
 */
export function bicepString(value: string): string {
  const body = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\$\{/g, () => '\\${')
    .replace(CONTROL, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u{${hex(c, 1)}}`));
  return `'${body}'`;
}

/**
 * A literal string in an ARM template. ARM evaluates a string that starts with [ and ends with ] as an expression,
 * and reads one that starts with [[ (and ends with ]) as the literal without its first [; any other string is
 * literal as it is (the ARM template syntax documentation, "Escape characters").
 */
export function armLiteral(value: string): string {
  return value.startsWith('[') && value.endsWith(']') ? `[${value}` : value;
}

/** A JSON value with every string, property names included, made an ARM literal. */
export function armLiterals(value: unknown): unknown {
  if (typeof value === 'string') return armLiteral(value);
  if (Array.isArray(value)) return value.map(armLiterals);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [armLiteral(k), armLiterals(v)]));
  }
  return value;
}

/** A string inside an ARM expression's quotes ('...'), where a quote is doubled. */
export function armExpressionString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Line breaks in every script and template language here (a line comment ends at any of them). */
export const LINE_BREAK = /\r\n|[\n\r\u2028\u2029\u0085]/;

/**
 * Text for a line comment: every line break is a new comment line (the writer splits on LINE_BREAK), and other
 * control characters are shown as \uNNNN, since some (NUL, ESC) make a script unreadable or hide text in a terminal.
 */
export function commentText(value: string): string {
  return value.replace(CONTROL, (c) => (/[\n\r\u2028\u2029]/.test(c) ? c : c === '\t' ? ' ' : `\\u${hex(c, 4)}`));
}
