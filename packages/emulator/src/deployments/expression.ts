// ARM template language expressions: a string value `[...]` is an expression, `[[...` is the literal `[...` (ARM's
// escape). An expression is a function call with arguments (string literals in single quotes, '' for a quote;
// integers; nested calls), followed by property (`.name`) and index (`[expr]`) accessors.

export type Expression =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: string; args: Expression[] }
  | { kind: 'property'; target: Expression; name: string }
  | { kind: 'index'; target: Expression; index: Expression };

/** A malformed expression; the template layer names where it stands. */
export class ExpressionSyntaxError extends Error {}

/** What a template string is: a literal (escape removed) or an expression to evaluate. */
export function classify(value: string): { literal: string } | { expression: string } {
  if (value.startsWith('[[')) return { literal: value.slice(1) };
  if (value.startsWith('[') && value.endsWith(']')) return { expression: value.slice(1, -1) };
  return { literal: value };
}

export function parseExpression(text: string): Expression {
  const parser = new Parser(text);
  const expression = parser.expression();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail('unexpected text after the expression');
  return expression;
}

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.at] as string)) this.at++;
  }

  fail(problem: string): never {
    throw new ExpressionSyntaxError(`${problem} at position ${this.at + 1}`);
  }

  expression(): Expression {
    this.skipSpace();
    let result = this.primary();
    for (;;) {
      this.skipSpace();
      const c = this.text[this.at];
      if (c === '.') {
        this.at++;
        this.skipSpace();
        result = { kind: 'property', target: result, name: this.identifier() };
      } else if (c === '[') {
        this.at++;
        const index = this.expression();
        this.skipSpace();
        this.expect(']');
        result = { kind: 'index', target: result, index };
      } else return result;
    }
  }

  private primary(): Expression {
    const c = this.text[this.at];
    if (c === "'") return { kind: 'string', value: this.stringLiteral() };
    if (c !== undefined && /[-0-9]/.test(c)) return { kind: 'number', value: this.numberLiteral() };
    if (c !== undefined && /[A-Za-z_]/.test(c)) {
      const name = this.identifier();
      this.skipSpace();
      this.expect('(');
      const args: Expression[] = [];
      this.skipSpace();
      if (this.text[this.at] === ')') {
        this.at++;
        return { kind: 'call', name, args };
      }
      for (;;) {
        args.push(this.expression());
        this.skipSpace();
        const next = this.text[this.at];
        this.at++;
        if (next === ')') return { kind: 'call', name, args };
        if (next !== ',') {
          this.at--;
          this.fail("expected ',' or ')'");
        }
      }
    }
    return this.fail(c === undefined ? 'the expression ends too early' : `unexpected '${c}'`);
  }

  private identifier(): string {
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at))?.[0];
    if (name === undefined) return this.fail('expected a name');
    this.at += name.length;
    return name;
  }

  private stringLiteral(): string {
    let value = '';
    this.at++;
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) this.fail('a string literal is not closed');
      this.at++;
      if (c === "'") {
        if (this.text[this.at] !== "'") return value;
        this.at++;
      }
      value += c;
    }
  }

  private numberLiteral(): number {
    const match = /^-?[0-9]+/.exec(this.text.slice(this.at));
    if (!match) return this.fail('expected a number');
    this.at += match[0].length;
    return Number(match[0]);
  }

  private expect(c: string): void {
    if (this.text[this.at] !== c) this.fail(`expected '${c}'`);
    this.at++;
  }
}
