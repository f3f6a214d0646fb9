// Runs a parsed KQL query (syntax.ts) over rows of JSON values. Tables come from the caller: Log Analytics' sample
// rows or Resource Graph's view of the store. Datetimes are ISO strings in rows; ago()/now()/datetime() give Dates.
import { KqlError, type Expr, type Item, type Query } from './syntax.js';

export type Row = Record<string, unknown>;

export interface KqlTableSource {
  /** The table's columns in order (a row may lack some of them). */
  columns: string[];
  rows: Row[];
}

export interface KqlResult {
  columns: string[];
  rows: Row[];
}

type Fn = (args: unknown[], now: number) => unknown;

const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === '';

const text = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : v instanceof Date
      ? v.toISOString()
      : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
        ? String(v)
        : typeof v === 'string'
          ? v
          : JSON.stringify(v);

const FUNCTIONS: Record<string, { arity: number; fn: Fn }> = {
  not: { arity: 1, fn: ([a]) => !truthy(a) },
  isempty: { arity: 1, fn: ([a]) => isEmpty(a) },
  isnotempty: { arity: 1, fn: ([a]) => !isEmpty(a) },
  isnull: { arity: 1, fn: ([a]) => a === null || a === undefined },
  isnotnull: { arity: 1, fn: ([a]) => a !== null && a !== undefined },
  tolower: { arity: 1, fn: ([a]) => text(a).toLowerCase() },
  toupper: { arity: 1, fn: ([a]) => text(a).toUpperCase() },
  tostring: { arity: 1, fn: ([a]) => text(a) },
  tolong: { arity: 1, fn: ([a]) => toNumber(a, true) },
  toint: { arity: 1, fn: ([a]) => toNumber(a, true) },
  strlen: { arity: 1, fn: ([a]) => text(a).length },
  strcat: { arity: -1, fn: (args) => args.map(text).join('') },
  ago: { arity: 1, fn: ([a], now) => new Date(now - timespanMs(a)) },
  now: { arity: 0, fn: (_a, now) => new Date(now) },
  datetime: {
    arity: 1,
    fn: ([a]) => {
      const ms = Date.parse(text(a));
      if (Number.isNaN(ms)) throw new KqlError(`bad datetime "${text(a)}"`);
      return new Date(ms);
    },
  },
};

function timespanMs(value: unknown): number {
  if (typeof value === 'object' && value !== null && 'timespanMs' in value) return Number(value.timespanMs);
  throw new KqlError('ago() takes a timespan such as 15m or 1d');
}

function toNumber(value: unknown, integer: boolean): number | null {
  const n = typeof value === 'number' ? value : Number(text(value));
  if (isEmpty(value) || Number.isNaN(n)) return null;
  return integer ? Math.trunc(n) : n;
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

function evaluate(expr: Expr, row: Row, now: number): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'timespan':
      return { timespanMs: expr.ms };
    case 'name':
      return row[expr.name] ?? null;
    case 'member': {
      const target = evaluate(expr.target, row, now);
      if (target === null || typeof target !== 'object') return null;
      return (target as Record<string | number, unknown>)[expr.key] ?? null;
    }
    case 'call': {
      const spec = FUNCTIONS[expr.fn];
      if (!spec) throw unknownFunction(expr.fn);
      return spec.fn(
        expr.args.map((a) => evaluate(a, row, now)),
        now,
      );
    }
    case 'in': {
      const left = evaluate(expr.left, row, now);
      const caseless = expr.op.endsWith('~');
      const found = expr.list.some((e) => equal(left, evaluate(e, row, now), caseless));
      return expr.op.startsWith('!') ? !found : found;
    }
    case 'binary': {
      if (expr.op === 'and') return truthy(evaluate(expr.left, row, now)) && truthy(evaluate(expr.right, row, now));
      if (expr.op === 'or') return truthy(evaluate(expr.left, row, now)) || truthy(evaluate(expr.right, row, now));
      return compare(evaluate(expr.left, row, now), expr.op, evaluate(expr.right, row, now));
    }
  }
}

function equal(a: unknown, b: unknown, caseless: boolean): boolean {
  if (typeof b === 'number' || typeof a === 'number') return Number(a) === Number(b) && !isEmpty(a);
  if (typeof a === 'boolean' || typeof b === 'boolean') return text(a) === text(b);
  return caseless ? text(a).toLowerCase() === text(b).toLowerCase() : text(a) === text(b);
}

/** `has` matches whole terms: runs of letters and digits, case-insensitively (as Kusto's term index does). */
function hasTerm(haystack: string, term: string): boolean {
  const t = term.toLowerCase();
  if (t === '') return true;
  const h = haystack.toLowerCase();
  let at = h.indexOf(t);
  while (at >= 0) {
    const before = h[at - 1] ?? ' ';
    const after = h[at + t.length] ?? ' ';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
    at = h.indexOf(t, at + 1);
  }
  return false;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  const negated = op.startsWith('!') && op !== '!=' && op !== '!~';
  const base = negated ? op.slice(1) : op;
  let result: boolean;
  switch (base) {
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const order = orderOf(a, b);
      if (order === undefined) return op === '!=';
      result =
        base === '=='
          ? order === 0
          : base === '!='
            ? order !== 0
            : base === '<'
              ? order < 0
              : base === '<='
                ? order <= 0
                : base === '>'
                  ? order > 0
                  : order >= 0;
      break;
    }
    case '=~':
      result = equal(a, b, true);
      break;
    case '!~':
      result = !equal(a, b, true);
      break;
    case 'has':
      result = hasTerm(text(a), text(b));
      break;
    case 'contains':
      result = text(a).toLowerCase().includes(text(b).toLowerCase());
      break;
    case 'startswith':
      result = text(a).toLowerCase().startsWith(text(b).toLowerCase());
      break;
    case 'endswith':
      result = text(a).toLowerCase().endsWith(text(b).toLowerCase());
      break;
    default:
      throw new KqlError(`unsupported operator '${op}'`, 'UnsupportedOperator');
  }
  return negated ? !result : result;
}

/** Dates against dates (a string column against ago() is read as a datetime), numbers against numbers, else text. */
function orderOf(a: unknown, b: unknown): number | undefined {
  if (a instanceof Date || b instanceof Date) {
    const x = a instanceof Date ? a.getTime() : Date.parse(text(a));
    const y = b instanceof Date ? b.getTime() : Date.parse(text(b));
    if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
    return Math.sign(x - y);
  }
  if (typeof a === 'number' || typeof b === 'number') {
    if (isEmpty(a) || isEmpty(b)) return undefined;
    const x = Number(a);
    const y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
    return Math.sign(x - y);
  }
  const x = text(a);
  const y = text(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortValue(a: unknown, b: unknown): number {
  // Nulls sort first ascending (last descending), as in Kusto's default "nulls last" for desc.
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) === isEmpty(b) ? 0 : isEmpty(a) ? -1 : 1;
  return orderOf(a, b) ?? 0;
}

function unknownFunction(name: string): KqlError {
  return new KqlError(
    `Unknown function: '${name}' (this emulator knows ${Object.keys(FUNCTIONS).join(', ')})`,
    'UnknownFunction',
  );
}

/** The columns an expression reads and the functions it calls, checked before a row is touched (as Kusto binds first). */
function check(expr: Expr, columns: ReadonlySet<string>): void {
  switch (expr.kind) {
    case 'name':
      if (!columns.has(expr.name))
        throw new KqlError(`Failed to resolve scalar expression named '${expr.name}'`, 'UnknownName');
      return;
    case 'member':
      check(expr.target, columns);
      return;
    case 'call': {
      const spec = FUNCTIONS[expr.fn];
      if (!spec) throw unknownFunction(expr.fn);
      if (spec.arity >= 0 && expr.args.length !== spec.arity)
        throw new KqlError(`${expr.fn}() takes ${spec.arity} argument(s), not ${expr.args.length}`);
      for (const a of expr.args) check(a, columns);
      return;
    }
    case 'in':
      check(expr.left, columns);
      for (const e of expr.list) check(e, columns);
      return;
    case 'binary':
      check(expr.left, columns);
      check(expr.right, columns);
      return;
    default:
      return;
  }
}

function addColumns(columns: string[], items: Item[]): string[] {
  const out = [...columns];
  for (const item of items) if (!out.includes(item.name)) out.push(item.name);
  return out;
}

/** Runs `query`; `resolve` gives a table by name (undefined: no such table). */
export function runQuery(
  query: Query,
  resolve: (table: string) => KqlTableSource | undefined,
  now = Date.now(),
): KqlResult {
  let columns: string[] = [];
  let rows: Row[] = [];
  for (const name of query.tables) {
    const table = resolve(name);
    if (!table)
      throw new KqlError(
        `'${name}' operator: Failed to resolve table or column expression named '${name}'`,
        'UnknownTable',
      );
    columns = addColumns(
      columns,
      table.columns.map((c) => ({ name: c, expr: { kind: 'name', name: c } })),
    );
    rows = rows.concat(table.rows);
  }
  for (const op of query.operators) {
    const known = new Set(columns);
    switch (op.kind) {
      case 'where':
        check(op.condition, known);
        rows = rows.filter((row) => truthy(evaluate(op.condition, row, now)));
        break;
      case 'extend':
      case 'project': {
        for (const item of op.items) check(item.expr, known);
        rows = rows.map((row) => {
          const out: Row = op.kind === 'extend' ? { ...row } : {};
          for (const item of op.items) out[item.name] = evaluate(item.expr, row, now);
          return out;
        });
        columns = op.kind === 'extend' ? addColumns(columns, op.items) : op.items.map((i) => i.name);
        break;
      }
      case 'project-away':
        for (const name of op.names)
          if (!known.has(name))
            throw new KqlError(`Failed to resolve scalar expression named '${name}'`, 'UnknownName');
        columns = columns.filter((c) => !op.names.includes(c));
        rows = rows.map((row) => Object.fromEntries(columns.filter((c) => c in row).map((c) => [c, row[c]])));
        break;
      case 'sort': {
        for (const key of op.keys) check(key.expr, known);
        const keyed = rows.map((row) => ({ row, keys: op.keys.map((k) => evaluate(k.expr, row, now)) }));
        keyed.sort((x, y) => {
          for (let i = 0; i < op.keys.length; i += 1) {
            const order = sortValue(x.keys[i], y.keys[i]);
            if (order !== 0) return op.keys[i]?.descending === true ? -order : order;
          }
          return 0;
        });
        rows = keyed.map((k) => k.row);
        break;
      }
      case 'take':
        rows = rows.slice(0, op.n);
        break;
      case 'count':
        rows = [{ Count: rows.length }];
        columns = ['Count'];
        break;
      case 'summarize': {
        for (const item of op.by) check(item.expr, known);
        for (const agg of op.aggregates) if (agg.arg) check(agg.arg, known);
        const groups = new Map<string, { row: Row; distinct: Set<string>[] }>();
        for (const row of rows) {
          const keys = op.by.map((item) => evaluate(item.expr, row, now));
          const id = JSON.stringify(keys);
          let group = groups.get(id);
          if (!group) {
            const out: Row = {};
            op.by.forEach((item, i) => (out[item.name] = keys[i] ?? null));
            for (const agg of op.aggregates) out[agg.name] = 0;
            group = { row: out, distinct: op.aggregates.map(() => new Set<string>()) };
            groups.set(id, group);
          }
          op.aggregates.forEach((agg, i) => {
            if (agg.fn === 'count') group.row[agg.name] = Number(group.row[agg.name]) + 1;
            else {
              group.distinct[i]?.add(JSON.stringify(evaluate(agg.arg as Expr, row, now)));
              group.row[agg.name] = group.distinct[i]?.size ?? 0;
            }
          });
        }
        if (op.by.length === 0 && groups.size === 0)
          groups.set('', { row: Object.fromEntries(op.aggregates.map((a) => [a.name, 0])), distinct: [] });
        rows = [...groups.values()].map((g) => g.row);
        columns = [...op.by.map((i) => i.name), ...op.aggregates.map((a) => a.name)];
        break;
      }
      case 'mv-expand': {
        check(op.item.expr, known);
        const out: Row[] = [];
        for (const row of rows) {
          const value = evaluate(op.item.expr, row, now);
          // Arrays give a row per element, property bags a row per property; anything else stays one row.
          const parts = Array.isArray(value)
            ? (value as unknown[])
            : value !== null && typeof value === 'object' && !(value instanceof Date)
              ? Object.entries(value).map(([k, v]) => ({ [k]: v as unknown }))
              : [value];
          for (const part of parts) out.push({ ...row, [op.item.name]: part });
        }
        rows = out;
        columns = addColumns(columns, [op.item]);
        break;
      }
    }
  }
  return { columns, rows };
}
