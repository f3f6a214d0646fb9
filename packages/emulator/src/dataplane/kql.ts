/**
 * Log Analytics' side of the emulator's one KQL implementation (src/kql): it reads a query against one table of the
 * workspace's rows and answers Log Analytics' table shape. Anything outside the subset (src/kql/syntax.ts) is a
 * KqlError, which the query API answers with `BadArgumentError` (400), never with a guess.
 * Example: `KubePodInventory | where TimeGenerated > ago(15m) | where ClusterName == "aks-1" | summarize count() by ClusterName`.
 * The request's `timespan` (ISO 8601 duration or interval) filters on TimeGenerated first.
 */
import { runQuery } from '../kql/evaluate.js';
import { KqlError, parseQuery, type Query } from '../kql/syntax.js';
import type { LogRow, LogValue } from './samples.js';

export { KqlError };

export interface KqlColumn {
  name: string;
  type: 'string' | 'datetime' | 'long' | 'real' | 'bool';
}
export interface KqlTable {
  name: string;
  columns: KqlColumn[];
  rows: LogValue[][];
}

export interface KqlQuery {
  table: string;
  parsed: Query;
  now: number;
}

export function parseKql(text: string, now = Date.now()): KqlQuery {
  const parsed = parseQuery(text);
  const [table, ...others] = parsed.tables;
  if (table === undefined || others.length > 0)
    throw new KqlError("union is not supported by this emulator's Log Analytics query API: query one table");
  return { table, parsed, now };
}

function typeOf(column: string, value: unknown): KqlColumn['type'] {
  if (column === 'TimeGenerated' || value instanceof Date) return 'datetime';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'real';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

function logValue(value: unknown): LogValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value as LogValue;
}

/**
 * Runs a parsed query over a table's rows (undefined: the table does not exist). `from`/`to`: the request's timespan.
 * `schema`: the table's columns (an empty table still has them); the first row's columns are added to it.
 */
export function runKql(
  query: KqlQuery,
  rows: LogRow[] | undefined,
  window?: { from: number; to: number },
  schema: readonly string[] = [],
): KqlTable {
  const inWindow = (row: LogRow): boolean => {
    if (window === undefined) return true;
    const t = Date.parse(String(row['TimeGenerated']));
    return t >= window.from && t <= window.to;
  };
  const result = runQuery(
    query.parsed,
    (name) =>
      name === query.table && rows !== undefined
        ? {
            columns: [...new Set([...schema, ...Object.keys(rows[0] ?? { TimeGenerated: null })])],
            rows: rows.filter(inWindow),
          }
        : undefined,
    query.now,
  );
  const sample = result.rows[0] ?? rows?.[0];
  return {
    name: 'PrimaryResult',
    columns: result.columns.map((name) => ({
      name,
      type: name === 'count_' || name === 'Count' ? 'long' : typeOf(name, sample?.[name]),
    })),
    rows: result.rows.map((row) => result.columns.map((c) => logValue(row[c]))),
  };
}

function bad(message: string): never {
  throw new KqlError(message);
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
