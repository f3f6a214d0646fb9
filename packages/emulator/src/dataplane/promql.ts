/**
 * A small PromQL evaluator for the subset that checks "does data arrive" need. It is NOT Prometheus: anything outside
 * this grammar is answered with Prometheus's `bad_data` error, never with a guess.
 *
 * ```
 * expr      := aggregate | function | selector
 * aggregate := ("sum" | "count" | "min" | "max" | "avg") [("by" | "without") "(" labels ")"] "(" expr ")"
 *              [("by" | "without") "(" labels ")"]
 * function  := ("count_over_time" | "max_over_time" | "min_over_time" | "avg_over_time" | "sum_over_time"
 *              | "last_over_time") "(" selector "[" duration "]" ")"
 * selector  := [metric_name] ["{" matcher ("," matcher)* "}"]      matcher := label ("=" | "!=" | "=~" | "!~") "string"
 * duration  := number ("ms" | "s" | "m" | "h" | "d" | "w" | "y")
 * ```
 * Examples: `up`, `up{cluster="aks-1"}`, `count by (cluster) (up)`, `count_over_time(up[15m])`,
 * `max_over_time(up{cluster="x"}[15m])`. An instant selector takes each series' latest sample in the 5 minutes up to
 * the evaluation time (Prometheus's default lookback); functions and aggregations drop `__name__`.
 */
import type { Labels, Series } from './samples.js';

export class PromQLError extends Error {
  override readonly name = 'PromQLError';
}

type Matcher = { label: string; op: '=' | '!=' | '=~' | '!~'; value: string; regex?: RegExp };
type Node =
  | { kind: 'selector'; matchers: Matcher[]; rangeMs?: number }
  | { kind: 'function'; name: string; arg: Node & { kind: 'selector' } }
  | { kind: 'aggregate'; op: string; grouping: { mode: 'by' | 'without'; labels: string[] } | undefined; arg: Node };

const AGGREGATES = new Set(['sum', 'count', 'min', 'max', 'avg']);
const RANGE_FUNCTIONS = new Set([
  'count_over_time',
  'max_over_time',
  'min_over_time',
  'avg_over_time',
  'sum_over_time',
  'last_over_time',
]);
export const LOOKBACK_MS = 5 * 60 * 1000;

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** A Prometheus duration such as 15m, 1h30m, 500ms. */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] ?? 's'] ?? 0), 0);
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Node {
    const node = this.expr();
    this.space();
    if (this.pos < this.text.length) this.fail(`unexpected "${this.text.slice(this.pos, this.pos + 10)}"`);
    return node;
  }

  private fail(message: string): never {
    throw new PromQLError(`1:${this.pos + 1}: parse error: ${message} (this emulator supports a PromQL subset)`);
  }

  private space(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }

  private peek(s: string): boolean {
    this.space();
    return this.text.startsWith(s, this.pos);
  }

  private expect(s: string): void {
    if (!this.peek(s)) this.fail(`expected "${s}"`);
    this.pos += s.length;
  }

  private identifier(): string | undefined {
    this.space();
    const match = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(this.text.slice(this.pos));
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[0];
  }

  private labelList(): string[] {
    this.expect('(');
    const labels: string[] = [];
    while (!this.peek(')')) {
      const label = this.identifier();
      if (label === undefined) this.fail('expected a label name');
      labels.push(label);
      if (this.peek(',')) this.pos += 1;
    }
    this.expect(')');
    return labels;
  }

  private grouping(): { mode: 'by' | 'without'; labels: string[] } | undefined {
    this.space();
    const match = /^(by|without)\b/.exec(this.text.slice(this.pos));
    if (!match?.[1]) return undefined;
    this.pos += match[1].length;
    return { mode: match[1] as 'by' | 'without', labels: this.labelList() };
  }

  private expr(): Node {
    this.space();
    const start = this.pos;
    const name = this.identifier();
    if (
      name !== undefined &&
      AGGREGATES.has(name) &&
      (this.peek('(') || /^\s*(by|without)\b/.test(this.text.slice(this.pos)))
    ) {
      let grouping = this.grouping();
      this.expect('(');
      const arg = this.expr();
      this.expect(')');
      grouping ??= this.grouping();
      return { kind: 'aggregate', op: name, grouping, arg };
    }
    if (name !== undefined && RANGE_FUNCTIONS.has(name) && this.peek('(')) {
      this.expect('(');
      const arg = this.expr();
      this.expect(')');
      if (arg.kind !== 'selector' || arg.rangeMs === undefined)
        this.fail(`${name} expects a range vector such as up[15m]`);
      return { kind: 'function', name, arg };
    }
    if (name !== undefined && this.peek('(')) this.fail(`unsupported function "${name}"`);
    this.pos = start;
    return this.selector();
  }

  private selector(): Node & { kind: 'selector' } {
    const matchers: Matcher[] = [];
    const metric = this.identifier();
    if (metric !== undefined) matchers.push({ label: '__name__', op: '=', value: metric });
    if (this.peek('{')) {
      this.pos += 1;
      while (!this.peek('}')) {
        const label = this.identifier();
        if (label === undefined) this.fail('expected a label name');
        this.space();
        const op = (['=~', '!~', '!=', '='] as const).find((o) => this.text.startsWith(o, this.pos));
        if (op === undefined) this.fail('expected one of =, !=, =~, !~');
        this.pos += op.length;
        const value = this.string();
        const matcher: Matcher = { label, op, value };
        if (op === '=~' || op === '!~') {
          try {
            matcher.regex = new RegExp(`^(?:${value})$`);
          } catch {
            this.fail(`invalid regular expression "${value}"`);
          }
        }
        matchers.push(matcher);
        if (this.peek(',')) this.pos += 1;
      }
      this.expect('}');
    }
    if (matchers.length === 0) this.fail('expected a metric name or a label matcher');
    const node: Node & { kind: 'selector' } = { kind: 'selector', matchers };
    if (this.peek('[')) {
      this.pos += 1;
      const end = this.text.indexOf(']', this.pos);
      if (end < 0) this.fail('expected "]"');
      const rangeMs = parseDuration(this.text.slice(this.pos, end).trim());
      if (rangeMs === undefined) this.fail('bad duration');
      node.rangeMs = rangeMs;
      this.pos = end + 1;
    }
    return node;
  }

  private string(): string {
    this.space();
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'") this.fail('expected a quoted string');
    let out = '';
    this.pos += 1;
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\') this.pos += 1;
      out += this.text[this.pos] ?? '';
      this.pos += 1;
    }
    this.expect(quote);
    return out;
  }
}

export function parsePromQL(text: string): Node {
  return new Parser(text).parse();
}

export interface VectorElement {
  metric: Labels;
  value: number;
}

function matches(labels: Labels, matchers: Matcher[]): boolean {
  return matchers.every((m) => {
    const actual = labels[m.label] ?? '';
    switch (m.op) {
      case '=':
        return actual === m.value;
      case '!=':
        return actual !== m.value;
      case '=~':
        return m.regex?.test(actual) === true;
      case '!~':
        return m.regex?.test(actual) !== true;
    }
    return false;
  });
}

const withoutName = (labels: Labels): Labels =>
  Object.fromEntries(Object.entries(labels).filter(([label]) => label !== '__name__'));

/** Evaluates an instant query at `timeMs` over the series of one workspace. */
export function evaluateInstant(node: Node, series: Series[], timeMs: number): VectorElement[] {
  switch (node.kind) {
    case 'selector': {
      if (node.rangeMs !== undefined)
        throw new PromQLError('a range vector is only supported inside a *_over_time function in this emulator');
      const out: VectorElement[] = [];
      for (const s of series) {
        if (!matches(s.labels, node.matchers)) continue;
        const latest = s.samples.findLast((p) => p.t <= timeMs && p.t > timeMs - LOOKBACK_MS);
        if (latest !== undefined) out.push({ metric: s.labels, value: latest.v });
      }
      return out;
    }
    case 'function': {
      const range = node.arg.rangeMs ?? 0;
      const out: VectorElement[] = [];
      for (const s of series) {
        if (!matches(s.labels, node.arg.matchers)) continue;
        const values = s.samples.filter((p) => p.t <= timeMs && p.t > timeMs - range).map((p) => p.v);
        if (values.length === 0) continue;
        const value =
          node.name === 'count_over_time'
            ? values.length
            : node.name === 'max_over_time'
              ? Math.max(...values)
              : node.name === 'min_over_time'
                ? Math.min(...values)
                : node.name === 'sum_over_time'
                  ? values.reduce((a, b) => a + b, 0)
                  : node.name === 'avg_over_time'
                    ? values.reduce((a, b) => a + b, 0) / values.length
                    : (values[values.length - 1] ?? 0);
        out.push({ metric: withoutName(s.labels), value });
      }
      return out;
    }
    case 'aggregate': {
      const input = evaluateInstant(node.arg, series, timeMs);
      const groups = new Map<string, { metric: Labels; values: number[] }>();
      for (const element of input) {
        const metric: Labels = {};
        if (node.grouping?.mode === 'by') {
          for (const label of node.grouping.labels) {
            const value = element.metric[label];
            if (value !== undefined) metric[label] = value;
          }
        } else if (node.grouping?.mode === 'without') {
          const dropped = new Set(node.grouping.labels);
          for (const [label, value] of Object.entries(withoutName(element.metric)))
            if (!dropped.has(label)) metric[label] = value;
        }
        const key = JSON.stringify(Object.entries(metric).sort());
        const group = groups.get(key) ?? { metric, values: [] };
        groups.set(key, group);
        group.values.push(element.value);
      }
      return [...groups.values()].map(({ metric, values }) => ({
        metric,
        value:
          node.op === 'count'
            ? values.length
            : node.op === 'sum'
              ? values.reduce((a, b) => a + b, 0)
              : node.op === 'min'
                ? Math.min(...values)
                : node.op === 'max'
                  ? Math.max(...values)
                  : values.reduce((a, b) => a + b, 0) / values.length,
      }));
    }
  }
}

/** Prometheus renders sample values as strings. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
