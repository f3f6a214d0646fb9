/**
 * The one KQL parser of the emulator: Log Analytics' query API (src/dataplane/kql.ts) and Resource Graph
 * (src/server/resource-graph.ts) both read their queries with it. It is NOT Kusto: it knows the subset below, and
 * anything else is a KqlError (each service answers it with its own 400), never a guess.
 *
 * ```
 * query     := source ("|" operator)*
 * source    := table | "union" table ("," table)*
 * operator  := "where" expr | "project" item ("," item)* | "project-away" name ("," name)* | "extend" item ("," item)*
 *            | ("order" | "sort") "by" expr ["asc" | "desc"] ("," ...)* | ("take" | "limit") integer | "count"
 *            | "summarize" aggregate ("," aggregate)* ["by" item ("," item)*] | "mv-expand" item
 * item      := name | name "=" expr                      aggregate := [name "="] ("count()" | "dcount(" expr ")")
 * expr      := or-chain of and-chains of comparisons; comparison operators: == != =~ !~ < <= > >= has !has contains
 *              !contains startswith !startswith endswith !endswith in !in in~ !in~ ("in" takes a parenthesised list)
 * primary   := "string" | 'string' | number | timespan (15m, 1d) | true | false | name | name(args) | ( expr )
 *              followed by any number of .member or [index]
 * ```
 * Functions: see FUNCTIONS in evaluate.ts (not, isempty, isnotempty, isnull, isnotnull, tolower, toupper, tostring,
 * tolong, toint, strlen, strcat, ago, now, datetime).
 *
 * Microsoft's own parser, `@kusto/language-service-next`, was considered: it is a Bridge.NET translation of the C#
 * Kusto.Language that installs a global `Kusto` namespace from a CommonJS script (no ES module), parses and binds but does
 * not evaluate, and its C#-shaped syntax tree would need a walker larger than this parser to feed an evaluator.
 */

import { KqlError } from './kql-error.js';
import { tokenize, type Token } from './tokens.js';

export { KqlError };

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'timespan'; ms: number }
  | { kind: 'name'; name: string }
  | { kind: 'member'; target: Expr; key: string | number }
  | { kind: 'call'; fn: string; args: Expr[] }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'in'; op: 'in' | '!in' | 'in~' | '!in~'; left: Expr; list: Expr[] };

export interface Item {
  name: string;
  expr: Expr;
}
export interface Aggregate {
  name: string;
  fn: 'count' | 'dcount';
  arg?: Expr;
}

export type Operator =
  | { kind: 'where'; condition: Expr }
  | { kind: 'project'; items: Item[] }
  | { kind: 'project-away'; names: string[] }
  | { kind: 'extend'; items: Item[] }
  | { kind: 'sort'; keys: { expr: Expr; descending: boolean }[] }
  | { kind: 'take'; n: number }
  | { kind: 'count' }
  | { kind: 'summarize'; aggregates: Aggregate[]; by: Item[] }
  | { kind: 'mv-expand'; item: Item };

export interface Query {
  tables: string[];
  operators: Operator[];
}

const COMPARISONS = new Set([
  '==',
  '!=',
  '=~',
  '!~',
  '<',
  '<=',
  '>',
  '>=',
  'has',
  '!has',
  'contains',
  '!contains',
  'startswith',
  '!startswith',
  'endswith',
  '!endswith',
]);
const IN_OPERATORS = new Set(['in', '!in', 'in~', '!in~']);
const SUPPORTED = 'where, project, project-away, extend, order by, take, limit, count, summarize count() by, mv-expand';

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private isWord(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.t === 'ident' && t.v === v;
  }
  private isPunct(v: string): boolean {
    const t = this.peek();
    return t?.t === 'punct' && t.v === v;
  }
  private describe(t: Token | undefined): string {
    return t === undefined ? 'the end of the query' : t.t === 'string' ? `"${t.v}"` : `'${String(t.v)}'`;
  }
  private expectPunct(v: string): void {
    if (!this.isPunct(v)) throw new KqlError(`expected '${v}' but found ${this.describe(this.peek())}`);
    this.pos += 1;
  }
  private name(what: string): string {
    const t = this.peek();
    if (t?.t !== 'ident') throw new KqlError(`expected ${what} but found ${this.describe(t)}`);
    this.pos += 1;
    return t.v;
  }

  query(): Query {
    let tables: string[];
    if (this.isWord('union')) {
      this.pos += 1;
      tables = [this.name('a table name')];
      while (this.isPunct(',')) {
        this.pos += 1;
        tables.push(this.name('a table name'));
      }
    } else tables = [this.name('a table name')];
    const operators: Operator[] = [];
    while (this.peek() !== undefined) {
      this.expectPunct('|');
      operators.push(this.operator());
    }
    return { tables, operators };
  }

  private operator(): Operator {
    const keyword = this.name('an operator');
    switch (keyword) {
      case 'where':
      case 'filter':
        return { kind: 'where', condition: this.expr() };
      case 'project':
        return { kind: 'project', items: this.list(() => this.item()) };
      case 'project-away':
        return { kind: 'project-away', names: this.list(() => this.name('a column name')) };
      case 'extend':
        return { kind: 'extend', items: this.list(() => this.item()) };
      case 'order':
      case 'sort': {
        if (!this.isWord('by')) throw new KqlError(`expected 'by' after '${keyword}'`);
        this.pos += 1;
        return {
          kind: 'sort',
          keys: this.list(() => {
            const expr = this.expr();
            let descending = true; // KQL sorts descending unless told otherwise.
            if (this.isWord('asc') || this.isWord('desc')) {
              descending = this.isWord('desc');
              this.pos += 1;
            }
            return { expr, descending };
          }),
        };
      }
      case 'take':
      case 'limit': {
        const t = this.peek();
        if (t?.t !== 'number' || !Number.isInteger(t.v)) throw new KqlError(`expected a row count after '${keyword}'`);
        this.pos += 1;
        return { kind: 'take', n: t.v };
      }
      case 'count':
        return { kind: 'count' };
      case 'summarize': {
        const aggregates = this.list(() => this.aggregate());
        let by: Item[] = [];
        if (this.isWord('by')) {
          this.pos += 1;
          by = this.list(() => this.item());
        }
        return { kind: 'summarize', aggregates, by };
      }
      case 'mv-expand':
        return { kind: 'mv-expand', item: this.item() };
      default:
        throw new KqlError(
          `unsupported operator '${keyword}' (this emulator supports ${SUPPORTED})`,
          'UnsupportedOperator',
        );
    }
  }

  private list<T>(one: () => T): T[] {
    const out = [one()];
    while (this.isPunct(',')) {
      this.pos += 1;
      out.push(one());
    }
    return out;
  }

  private item(): Item {
    if (this.peek()?.t === 'ident' && this.peek(1)?.t === 'punct' && this.peek(1)?.v === '=') {
      const name = this.name('a column name');
      this.pos += 1;
      return { name, expr: this.expr() };
    }
    const expr = this.expr();
    return { name: defaultName(expr), expr };
  }

  private aggregate(): Aggregate {
    let name: string | undefined;
    if (this.peek()?.t === 'ident' && this.peek(1)?.t === 'punct' && this.peek(1)?.v === '=') {
      name = this.name('a column name');
      this.pos += 1;
    }
    const fn = this.name('an aggregation');
    this.expectPunct('(');
    if (fn === 'count') {
      this.expectPunct(')');
      return { name: name ?? 'count_', fn: 'count' };
    }
    if (fn === 'dcount') {
      const arg = this.expr();
      this.expectPunct(')');
      return { name: name ?? `dcount_${defaultName(arg)}`, fn: 'dcount', arg };
    }
    throw new KqlError(
      `unsupported aggregation '${fn}()' (this emulator supports count() and dcount())`,
      'UnknownFunction',
    );
  }

  expr(): Expr {
    let left = this.and();
    while (this.isWord('or')) {
      this.pos += 1;
      left = { kind: 'binary', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.comparison();
    while (this.isWord('and')) {
      this.pos += 1;
      left = { kind: 'binary', op: 'and', left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.postfix();
    const t = this.peek();
    if (t === undefined || (t.t !== 'punct' && t.t !== 'ident')) return left;
    const op = t.v;
    if (IN_OPERATORS.has(op)) {
      this.pos += 1;
      this.expectPunct('(');
      const list = this.isPunct(')') ? [] : this.list(() => this.postfix());
      this.expectPunct(')');
      return { kind: 'in', op: op as 'in', left, list };
    }
    if (!COMPARISONS.has(op)) return left;
    this.pos += 1;
    return { kind: 'binary', op, left, right: this.postfix() };
  }

  private postfix(): Expr {
    let expr = this.primary();
    for (;;) {
      if (this.isPunct('.')) {
        this.pos += 1;
        expr = { kind: 'member', target: expr, key: this.name('a property name') };
      } else if (this.isPunct('[')) {
        this.pos += 1;
        const t = this.peek();
        if (t?.t !== 'string' && t?.t !== 'number') throw new KqlError(`expected a string or an index inside [ ]`);
        this.pos += 1;
        this.expectPunct(']');
        expr = { kind: 'member', target: expr, key: t.v };
      } else return expr;
    }
  }

  private primary(): Expr {
    const t = this.peek();
    if (t === undefined) throw new KqlError('the query ends where a value was expected');
    this.pos += 1;
    if (t.t === 'string' || t.t === 'number') return { kind: 'literal', value: t.v };
    if (t.t === 'timespan') return { kind: 'timespan', ms: t.v };
    if (t.t === 'punct') {
      if (t.v === '(') {
        const inner = this.expr();
        this.expectPunct(')');
        return inner;
      }
      if (t.v === '-' && this.peek()?.t === 'number') {
        const n = this.peek() as { v: number };
        this.pos += 1;
        return { kind: 'literal', value: -n.v };
      }
      throw new KqlError(`unexpected '${t.v}' where a value was expected`);
    }
    if (t.v === 'true' || t.v === 'false') return { kind: 'literal', value: t.v === 'true' };
    if (this.isPunct('(')) {
      this.pos += 1;
      const args: Expr[] = this.isPunct(')') ? [] : this.list(() => this.expr());
      this.expectPunct(')');
      return { kind: 'call', fn: t.v, args };
    }
    return { kind: 'name', name: t.v };
  }
}

/** The column name KQL gives an unnamed expression: the name itself, or its path joined by '_' (properties_a_b). */
function defaultName(expr: Expr): string {
  if (expr.kind === 'name') return expr.name;
  if (expr.kind === 'member') return `${defaultName(expr.target)}_${String(expr.key)}`;
  if (expr.kind === 'call' && expr.args[0] !== undefined) return defaultName(expr.args[0]);
  return 'Column1';
}

export function parseQuery(text: string): Query {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new KqlError('the query is empty');
  return new Parser(tokens).query();
}
