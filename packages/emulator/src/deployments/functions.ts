// The template functions the emulator evaluates, after the ARM template function reference (learn.microsoft.com,
// "ARM template functions"), in one table (so one file). A function not in this table is an InvalidTemplate error
// naming it, never a guess.
import type { Json, JsonObject } from '../store/store.js';
import type { Expression } from './expression.js';
import { armGuid, uniqueString } from './hashes.js';

/** What expressions read from the deployment they are evaluated in. */
export interface EvalContext {
  parameter(name: string): Json;
  variable(name: string): Json;
  /** The current iteration of the named (or the only) copy loop. */
  copyIndex(loop: string | undefined): number;
  subscriptionId: string;
  resourceGroup: string | undefined;
  subscription(): JsonObject;
  resourceGroupObject(): JsonObject;
  deployment(): JsonObject;
  /** The resource's state (properties, or the whole resource with 'Full'); a name is a resource of the template. */
  reference(nameOrId: string, full: boolean, apiVersion: string | undefined): Json;
}

/** A function used wrongly; the template layer adds where. */
export class FunctionError extends Error {}

type Fn = (args: Json[], ctx: EvalContext) => Json;

const isObject = (v: Json): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function text(v: Json | undefined, fn: string): string {
  if (typeof v === 'string') return v;
  throw new FunctionError(`The template function '${fn}' expects string arguments, got ${describe(v)}.`);
}

function int(v: Json | undefined, fn: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new FunctionError(`The template function '${fn}' expects an integer argument, got ${describe(v)}.`);
}

function describe(v: Json | undefined): string {
  if (v === undefined) return 'no value';
  if (v === null) return 'null';
  return Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} '${String(v)}'`;
}

function arity(fn: string, args: Json[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new FunctionError(`The template function '${fn}' expects ${expected} argument(s), got ${args.length}.`);
  }
}

/** The string form ARM gives a value: strings as they are, the rest as compact JSON. */
export function stringOf(v: Json): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return JSON.stringify(v);
}

/** resourceId-style ids: the type's segments interleaved with the names. */
function providerPath(fn: string, type: string, names: string[]): string {
  const segs = type.split('/');
  if (segs.length < 2 || names.length !== segs.length - 1) {
    throw new FunctionError(
      `The template function '${fn}': type '${type}' needs ${Math.max(segs.length - 1, 1)} name(s), got ${names.length}.`,
    );
  }
  let path = `providers/${segs[0] ?? ''}/${segs[1] ?? ''}/${names[0] ?? ''}`;
  for (let i = 2; i < segs.length; i++) path += `/${segs[i] ?? ''}/${names[i - 1] ?? ''}`;
  return path;
}

/** Splits resourceId's arguments: optional subscription and group, then the type (the first with a '/'). */
function typeAndNames(fn: string, args: Json[]): { before: string[]; type: string; names: string[] } {
  const strings = args.map((a) => text(a, fn));
  const at = strings.findIndex((s) => s.includes('/'));
  if (at < 0) throw new FunctionError(`The template function '${fn}' needs a resource type such as 'Namespace/type'.`);
  return { before: strings.slice(0, at), type: strings[at] ?? '', names: strings.slice(at + 1) };
}

function resourceId(args: Json[], ctx: EvalContext): Json {
  const { before, type, names } = typeAndNames('resourceId', args);
  if (before.length > 2) throw new FunctionError("The template function 'resourceId' has too many arguments.");
  const subscriptionId = before.length === 2 ? (before[0] ?? '') : ctx.subscriptionId;
  const group = before.length >= 1 ? before[before.length - 1] : ctx.resourceGroup;
  const scope =
    group === undefined
      ? `/subscriptions/${subscriptionId}`
      : `/subscriptions/${subscriptionId}/resourceGroups/${group}`;
  if (type.toLowerCase() === 'microsoft.resources/resourcegroups' && names.length === 1) {
    return `/subscriptions/${subscriptionId}/resourceGroups/${names[0] ?? ''}`;
  }
  return `${scope}/${providerPath('resourceId', type, names)}`;
}

function subscriptionResourceId(args: Json[], ctx: EvalContext): Json {
  const { before, type, names } = typeAndNames('subscriptionResourceId', args);
  if (before.length > 1)
    throw new FunctionError("The template function 'subscriptionResourceId' has too many arguments.");
  const subscriptionId = before[0] ?? ctx.subscriptionId;
  if (type.toLowerCase() === 'microsoft.resources/resourcegroups' && names.length === 1) {
    return `/subscriptions/${subscriptionId}/resourceGroups/${names[0] ?? ''}`;
  }
  return `/subscriptions/${subscriptionId}/${providerPath('subscriptionResourceId', type, names)}`;
}

function extensionResourceId(args: Json[]): Json {
  arity('extensionResourceId', args, 3, Infinity);
  const scope = text(args[0] ?? null, 'extensionResourceId').replace(/\/+$/, '');
  const { type, names } = typeAndNames('extensionResourceId', args.slice(1));
  return `${scope}/${providerPath('extensionResourceId', type, names)}`;
}

function union(args: Json[]): Json {
  arity('union', args, 1, Infinity);
  if (args.every(Array.isArray)) {
    const out: Json[] = [];
    for (const list of args as Json[][])
      for (const item of list) if (!out.some((o) => deepEqual(o, item))) out.push(item);
    return out;
  }
  if (args.every(isObject)) return args.reduce<JsonObject>((acc, o) => mergeObjects(acc, isObject(o) ? o : {}), {});
  throw new FunctionError("The template function 'union' expects all arrays or all objects.");
}

function mergeObjects(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const current = out[k];
    out[k] = current !== undefined && isObject(current) && isObject(v) ? mergeObjects(current, v) : v;
  }
  return out;
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function empty(args: Json[]): Json {
  arity('empty', args, 1);
  const v = args[0] ?? null;
  if (v === null) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  throw new FunctionError("The template function 'empty' expects a string, array or object.");
}

function length(args: Json[]): Json {
  arity('length', args, 1);
  const v = args[0] ?? null;
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  throw new FunctionError("The template function 'length' expects a string, array or object.");
}

function contains(args: Json[]): Json {
  arity('contains', args, 2);
  const [container, item] = args as [Json, Json];
  if (typeof container === 'string') return container.toLowerCase().includes(stringOf(item).toLowerCase());
  if (Array.isArray(container)) return container.some((c) => deepEqual(c, item));
  if (isObject(container)) {
    const key = stringOf(item).toLowerCase();
    return Object.keys(container).some((k) => k.toLowerCase() === key);
  }
  throw new FunctionError("The template function 'contains' expects a string, array or object.");
}

const bool = (fn: string, v: Json | undefined): boolean => {
  if (typeof v === 'boolean') return v;
  throw new FunctionError(`The template function '${fn}' expects boolean arguments, got ${describe(v)}.`);
};

const strings = (fn: string, f: (...s: string[]) => Json, min: number, max = min): Fn => {
  return (args) => {
    arity(fn, args, min, max);
    return f(...args.map((a) => text(a, fn)));
  };
};

const FUNCTIONS: Record<string, Fn> = {
  parameters: (args, ctx) => {
    arity('parameters', args, 1);
    return ctx.parameter(text(args[0], 'parameters'));
  },
  variables: (args, ctx) => {
    arity('variables', args, 1);
    return ctx.variable(text(args[0], 'variables'));
  },
  resourceid: resourceId,
  subscriptionresourceid: subscriptionResourceId,
  extensionresourceid: extensionResourceId,
  tenantresourceid: (args) => {
    const { type, names } = typeAndNames('tenantResourceId', args);
    return `/${providerPath('tenantResourceId', type, names)}`;
  },
  concat: (args) => {
    if (args.length > 0 && args.every(Array.isArray)) return (args as Json[][]).flat(1);
    return args.map(stringOf).join('');
  },
  format: (args) => {
    arity('format', args, 1, Infinity);
    const template = text(args[0], 'format');
    return template.replace(/\{(\d+)(?::[^}]*)?\}|\{\{|\}\}/g, (match, index?: string) => {
      if (match === '{{') return '{';
      if (match === '}}') return '}';
      const value = args[Number(index) + 1];
      if (value === undefined)
        throw new FunctionError(`The template function 'format' has no argument {${index ?? ''}}.`);
      return stringOf(value);
    });
  },
  tolower: strings('toLower', (s) => s.toLowerCase(), 1),
  toupper: strings('toUpper', (s) => s.toUpperCase(), 1),
  trim: strings('trim', (s) => s.trim(), 1),
  uniquestring: (args) => {
    arity('uniqueString', args, 1, Infinity);
    return uniqueString(args.map((a) => text(a, 'uniqueString')));
  },
  guid: (args) => {
    arity('guid', args, 1, Infinity);
    return armGuid(args.map((a) => text(a, 'guid')));
  },
  subscription: (args, ctx) => {
    arity('subscription', args, 0);
    return ctx.subscription();
  },
  resourcegroup: (args, ctx) => {
    arity('resourceGroup', args, 0);
    if (ctx.resourceGroup === undefined) {
      throw new FunctionError("The template function 'resourceGroup' is not expected at subscription scope.");
    }
    return ctx.resourceGroupObject();
  },
  deployment: (args, ctx) => {
    arity('deployment', args, 0);
    return ctx.deployment();
  },
  reference: (args, ctx) => {
    arity('reference', args, 1, 3);
    const full = args[2] !== undefined && text(args[2], 'reference').toLowerCase() === 'full';
    const apiVersion = args[1] === undefined ? undefined : text(args[1], 'reference');
    return ctx.reference(text(args[0], 'reference'), full, apiVersion);
  },
  copyindex: (args, ctx) => {
    arity('copyIndex', args, 0, 2);
    const [first, second] = args;
    if (typeof first === 'string') return ctx.copyIndex(first) + (second === undefined ? 0 : int(second, 'copyIndex'));
    return ctx.copyIndex(undefined) + (first === undefined ? 0 : int(first, 'copyIndex'));
  },
  if: (args) => {
    arity('if', args, 3);
    return bool('if', args[0]) ? (args[1] ?? null) : (args[2] ?? null);
  },
  empty,
  union,
  string: (args) => {
    arity('string', args, 1);
    return stringOf(args[0] ?? null);
  },
  replace: strings('replace', (s, from, to) => s.split(from).join(to), 3),
  split: (args) => {
    arity('split', args, 2);
    const s = text(args[0], 'split');
    const delimiters = Array.isArray(args[1]) ? args[1].map((d) => text(d, 'split')) : [text(args[1], 'split')];
    return delimiters.reduce<string[]>((parts, d) => parts.flatMap((p) => p.split(d)), [s]);
  },
  last: (args) => {
    arity('last', args, 1);
    const v = args[0] ?? null;
    if (typeof v === 'string') return v.slice(-1);
    if (Array.isArray(v)) return v[v.length - 1] ?? null;
    throw new FunctionError("The template function 'last' expects a string or an array.");
  },
  first: (args) => {
    arity('first', args, 1);
    const v = args[0] ?? null;
    if (typeof v === 'string') return v.slice(0, 1);
    if (Array.isArray(v)) return v[0] ?? null;
    throw new FunctionError("The template function 'first' expects a string or an array.");
  },
  length,
  contains,
  equals: (args) => {
    arity('equals', args, 2);
    return deepEqual(args[0], args[1]);
  },
  not: (args) => {
    arity('not', args, 1);
    return !bool('not', args[0]);
  },
  and: (args) => {
    arity('and', args, 2, Infinity);
    return args.every((a) => bool('and', a));
  },
  or: (args) => {
    arity('or', args, 2, Infinity);
    return args.some((a) => bool('or', a));
  },
  true: (args) => (arity('true', args, 0), true),
  false: (args) => (arity('false', args, 0), false),
  null: (args) => (arity('null', args, 0), null),
  createarray: (args) => args,
  createobject: (args) => {
    if (args.length % 2 !== 0) throw new FunctionError("The template function 'createObject' expects key-value pairs.");
    const out: JsonObject = {};
    for (let i = 0; i < args.length; i += 2) out[text(args[i], 'createObject')] = args[i + 1] ?? null;
    return out;
  },
  int: (args) => {
    arity('int', args, 1);
    const n = Number(args[0]);
    if (!Number.isInteger(n))
      throw new FunctionError(`The template function 'int' cannot convert ${describe(args[0])}.`);
    return n;
  },
  bool: (args) => {
    arity('bool', args, 1);
    const v = args[0];
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    if (typeof v === 'number') return v !== 0;
    throw new FunctionError(`The template function 'bool' cannot convert ${describe(v)}.`);
  },
  add: (args) => (arity('add', args, 2), int(args[0], 'add') + int(args[1], 'add')),
  sub: (args) => (arity('sub', args, 2), int(args[0], 'sub') - int(args[1], 'sub')),
  mul: (args) => (arity('mul', args, 2), int(args[0], 'mul') * int(args[1], 'mul')),
  startswith: strings('startsWith', (s, p) => s.toLowerCase().startsWith(p.toLowerCase()), 2),
  endswith: strings('endsWith', (s, p) => s.toLowerCase().endsWith(p.toLowerCase()), 2),
  substring: (args) => {
    arity('substring', args, 2, 3);
    const s = text(args[0], 'substring');
    const start = int(args[1], 'substring');
    const count = args[2] === undefined ? s.length - start : int(args[2], 'substring');
    if (start < 0 || count < 0 || start + count > s.length) {
      throw new FunctionError("The template function 'substring' is out of range of its string.");
    }
    return s.slice(start, start + count);
  },
  take: (args) => {
    arity('take', args, 2);
    const v = args[0] ?? null;
    const n = Math.max(0, int(args[1], 'take'));
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(0, n);
    throw new FunctionError("The template function 'take' expects a string or an array.");
  },
  coalesce: (args) => args.find((a) => a !== null) ?? null,
};

/** Evaluates a parsed expression; `FunctionError` for misuse, with the function named. */
export function evaluate(expression: Expression, ctx: EvalContext): Json {
  switch (expression.kind) {
    case 'string':
    case 'number':
      return expression.value;
    case 'property': {
      const target = evaluate(expression.target, ctx);
      return member(target, expression.name);
    }
    case 'index': {
      const target = evaluate(expression.target, ctx);
      const index = evaluate(expression.index, ctx);
      if (Array.isArray(target) && typeof index === 'number') {
        const item = target[index];
        if (item === undefined)
          throw new FunctionError(`The index ${index} is outside the array (length ${target.length}).`);
        return item;
      }
      return member(target, stringOf(index));
    }
    case 'call': {
      const fn = FUNCTIONS[expression.name.toLowerCase()];
      if (fn === undefined) throw new UnknownFunctionError(expression.name);
      // if() evaluates only the branch it takes, as ARM does (a reference in the other branch is never read).
      if (expression.name.toLowerCase() === 'if' && expression.args.length === 3) {
        const [condition, yes, no] = expression.args as [Expression, Expression, Expression];
        return bool('if', evaluate(condition, ctx)) ? evaluate(yes, ctx) : evaluate(no, ctx);
      }
      return fn(
        expression.args.map((a) => evaluate(a, ctx)),
        ctx,
      );
    }
  }
}

export class UnknownFunctionError extends FunctionError {
  constructor(readonly functionName: string) {
    super(`The template function '${functionName}' is not valid (the emulator does not evaluate it).`);
  }
}

function member(target: Json, name: string): Json {
  if (isObject(target)) {
    const key = Object.keys(target).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) return target[key] ?? null;
  }
  throw new FunctionError(
    `The language expression property '${name}' doesn't exist, available properties are '${
      isObject(target) ? Object.keys(target).join(', ') : ''
    }'.`,
  );
}
