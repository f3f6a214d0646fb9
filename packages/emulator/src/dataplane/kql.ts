/**
 * A small KQL evaluator for the subset that checks "does data arrive" need. It is NOT Kusto: anything outside this
 * grammar is answered with Log Analytics' `BadArgumentError` (400), never with a guess.
 *
 * ```
 * query     := table ("|" operator)*
 * operator  := "where" condition ("and" condition)*
 *            | "summarize" "count()" ["by" column ("," column)*]
 *            | "count"
 *            | ("take" | "limit") integer
 *            | "project" column ("," column)*
 *            | ("sort" | "order") "by" column ["asc" | "desc"]
 * condition := column ("==" | "!=" | "=~" | "!~" | ">" | ">=" | "<" | "<=" | "contains" | "has") value
 * value     := "string" | 'string' | number | "ago(" timespan ")" | "now()" | "datetime(" iso-8601 ")"
 * timespan  := number ("d" | "h" | "m" | "s" | "ms")
 * ```
 * Example: `KubePodInventory | where TimeGenerated > ago(15m) | where ClusterName == "aks-1" | summarize count() by ClusterName`.
 * `=~` and `!~` compare case-insensitively (as KQL does); the request's `timespan` (ISO 8601 duration or interval) filters
 * on TimeGenerated first.
 */
import type { LogRow, LogValue } from './samples.js';

export class KqlError extends Error {
  override readonly name = 'KqlError';
}

export interface KqlColumn {
  name: string;
  type: 'string' | 'datetime' | 'long' | 'real' | 'bool';
}
export interface KqlTable {
  name: string;
  columns: KqlColumn[];
  rows: LogValue[][];
}

type Value = string | number | Date;
type Condition = { column: string; op: string; value: Value };
type Operator =
  | { kind: 'where'; conditions: Condition[] }
  | { kind: 'summarize'; by: string[] }
  | { kind: 'count' }
  | { kind: 'take'; n: number }
  | { kind: 'project'; columns: string[] }
  | { kind: 'sort'; column: string; descending: boolean };

export interface KqlQuery {
  table: string;
  operators: Operator[];
}

const TIMESPAN_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

function parseTimespan(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(d|h|m|s|ms)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * (TIMESPAN_MS[match[2]] ?? 0);
}

/** Splits on `|` outside quotes. */
function splitPipes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === '|') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

function bad(message: string): never {
  throw new KqlError(
    `${message} (this emulator supports a KQL subset: where, summarize count() by, count, take, project, sort)`,
  );
}

function parseValue(text: string, now: number): Value {
  const t = text.trim();
  const quoted = /^(["'])(.*)\1$/.exec(t);
  if (quoted) return quoted[2] ?? '';
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  const ago = /^ago\((.+)\)$/.exec(t);
  if (ago?.[1] !== undefined) {
    const ms = parseTimespan(ago[1]);
    if (ms === undefined) bad(`bad timespan "${ago[1]}"`);
    return new Date(now - ms);
  }
  if (/^now\(\s*\)$/.test(t)) return new Date(now);
  const datetime = /^datetime\((.+)\)$/.exec(t);
  if (datetime?.[1] !== undefined) {
    const ms = Date.parse(datetime[1].replace(/^["']|["']$/g, ''));
    if (Number.isNaN(ms)) bad(`bad datetime "${datetime[1]}"`);
    return new Date(ms);
  }
  return bad(`unsupported value "${t}"`);
}

function splitTopLevel(text: string, separator: RegExp): string[] {
  // Conditions hold no nested "and" inside quotes in this subset; split outside quotes only.
  const out: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? '';
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      continue;
    }
    const rest = text.slice(i);
    const match = separator.exec(rest);
    if (match?.index === 0 && /\s/.test(text[i - 1] ?? ' ')) {
      out.push(text.slice(start, i));
      i += match[0].length - 1;
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

export function parseKql(text: string, now = Date.now()): KqlQuery {
  const [tablePart, ...rest] = splitPipes(text.replace(/\/\/[^\n]*/g, ''));
  const table = (tablePart ?? '').trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) bad(`expected a table name, got "${table}"`);
  const operators: Operator[] = rest.map((part) => {
    const [keyword = '', ...words] = part.split(/\s+/);
    const body = part.slice(keyword.length).trim();
    switch (keyword) {
      case 'where': {
        const conditions = splitTopLevel(body, /^and\s/i).map((c) => {
          const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|=~|!~|>=|<=|>|<|\bcontains\b|\bhas\b)\s*(.+)$/.exec(c);
          if (!match?.[1] || !match[2] || match[3] === undefined) return bad(`unsupported condition "${c}"`);
          return { column: match[1], op: match[2], value: parseValue(match[3], now) };
        });
        return { kind: 'where', conditions };
      }
      case 'summarize': {
        const match = /^count\(\s*\)(?:\s+by\s+(.+))?$/.exec(body);
        if (!match) return bad(`unsupported summarize "${body}"`);
        return { kind: 'summarize', by: match[1] === undefined ? [] : match[1].split(',').map((s) => s.trim()) };
      }
      case 'count':
        if (body !== '') bad(`unexpected "${body}" after count`);
        return { kind: 'count' };
      case 'take':
      case 'limit': {
        const n = Number(words[0]);
        if (!Number.isInteger(n) || n < 0 || words.length !== 1) bad(`expected a row count after ${keyword}`);
        return { kind: 'take', n };
      }
      case 'project':
        return { kind: 'project', columns: body.split(',').map((s) => s.trim()) };
      case 'sort':
      case 'order': {
        const match = /^by\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$/.exec(body);
        if (!match?.[1]) return bad(`unsupported ${keyword} "${body}"`);
        return { kind: 'sort', column: match[1], descending: match[2] !== 'asc' };
      }
      default:
        return bad(`unsupported operator "${keyword}"`);
    }
  });
  return { table, operators };
}

function compare(actual: LogValue | undefined, op: string, expected: Value): boolean {
  if (expected instanceof Date) {
    const ms = Date.parse(String(actual));
    const e = expected.getTime();
    if (Number.isNaN(ms)) return false;
    return op === '>'
      ? ms > e
      : op === '>='
        ? ms >= e
        : op === '<'
          ? ms < e
          : op === '<='
            ? ms <= e
            : op === '=='
              ? ms === e
              : op === '!='
                ? ms !== e
                : false;
  }
  if (typeof expected === 'number') {
    const n = Number(actual);
    return op === '>'
      ? n > expected
      : op === '>='
        ? n >= expected
        : op === '<'
          ? n < expected
          : op === '<='
            ? n <= expected
            : op === '=='
              ? n === expected
              : op === '!='
                ? n !== expected
                : false;
  }
  const a = actual === null || actual === undefined ? '' : String(actual);
  switch (op) {
    case '==':
      return a === expected;
    case '!=':
      return a !== expected;
    case '=~':
      return a.toLowerCase() === expected.toLowerCase();
    case '!~':
      return a.toLowerCase() !== expected.toLowerCase();
    case 'contains':
    case 'has':
      return a.toLowerCase().includes(expected.toLowerCase());
    default:
      return a > expected ? op.startsWith('>') : a < expected ? op.startsWith('<') : op.includes('=');
  }
}

function typeOf(column: string, value: LogValue | undefined): KqlColumn['type'] {
  if (column === 'TimeGenerated') return 'datetime';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'real';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

/** Runs a parsed query over a table's rows (undefined: the table does not exist). `from`/`to`: the request's timespan. */
export function runKql(query: KqlQuery, rows: LogRow[] | undefined, window?: { from: number; to: number }): KqlTable {
  if (rows === undefined) {
    throw new KqlError(
      `'${query.table}' operator: Failed to resolve table or column expression named '${query.table}'`,
    );
  }
  let current: LogRow[] = rows.filter((row) => {
    if (window === undefined) return true;
    const t = Date.parse(String(row['TimeGenerated']));
    return t >= window.from && t <= window.to;
  });
  let columns: string[] = Object.keys(rows[0] ?? { TimeGenerated: null });
  for (const op of query.operators) {
    switch (op.kind) {
      case 'where':
        current = current.filter((row) => op.conditions.every((c) => compare(row[c.column], c.op, c.value)));
        break;
      case 'summarize': {
        const groups = new Map<string, LogRow>();
        for (const row of current) {
          const key = JSON.stringify(op.by.map((c) => row[c] ?? null));
          const group =
            groups.get(key) ?? Object.fromEntries([...op.by.map((c) => [c, row[c] ?? null]), ['count_', 0]]);
          groups.set(key, group);
          group['count_'] = Number(group['count_']) + 1;
        }
        current = [...groups.values()];
        columns = [...op.by, 'count_'];
        break;
      }
      case 'count':
        current = [{ Count: current.length }];
        columns = ['Count'];
        break;
      case 'take':
        current = current.slice(0, op.n);
        break;
      case 'project':
        for (const c of op.columns)
          if (!columns.includes(c)) bad(`'project' operator: Failed to resolve scalar expression named '${c}'`);
        columns = op.columns;
        break;
      case 'sort':
        current = [...current].sort((x, y) => {
          const a = x[op.column] ?? '';
          const b = y[op.column] ?? '';
          const order = a < b ? -1 : a > b ? 1 : 0;
          return op.descending ? -order : order;
        });
        break;
    }
  }
  const sample = current[0] ?? rows[0];
  return {
    name: 'PrimaryResult',
    columns: columns.map((name) => ({
      name,
      type: name === 'count_' || name === 'Count' ? 'long' : typeOf(name, sample?.[name]),
    })),
    rows: current.map((row) => columns.map((c) => row[c] ?? null)),
  };
}

/** The request's timespan: an ISO 8601 duration (`PT15M`, `P1D`) ending now, or `start/end`, `start/duration`, `duration/end`. */
export function parseRequestTimespan(
  timespan: string | undefined,
  now = Date.now(),
): { from: number; to: number } | undefined {
  if (timespan === undefined || timespan === '') return undefined;
  const [a = '', b] = timespan.split('/');
  const duration = (text: string): number | undefined => {
    const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
    if (!match || text === 'P' || text === 'PT') return undefined;
    return (
      Number(match[1] ?? 0) * 86_400_000 +
      Number(match[2] ?? 0) * 3_600_000 +
      Number(match[3] ?? 0) * 60_000 +
      Number(match[4] ?? 0) * 1000
    );
  };
  if (b === undefined) {
    const ms = duration(a);
    if (ms === undefined) bad(`bad timespan "${timespan}"`);
    return { from: now - ms, to: now };
  }
  const startMs = Date.parse(a);
  const endMs = Date.parse(b);
  if (!Number.isNaN(startMs) && !Number.isNaN(endMs)) return { from: startMs, to: endMs };
  if (!Number.isNaN(startMs)) {
    const ms = duration(b);
    if (ms !== undefined) return { from: startMs, to: startMs + ms };
  }
  if (!Number.isNaN(endMs)) {
    const ms = duration(a);
    if (ms !== undefined) return { from: endMs - ms, to: endMs };
  }
  return bad(`bad timespan "${timespan}"`);
}
