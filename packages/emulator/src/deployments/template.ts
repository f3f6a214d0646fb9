// An ARM template's values: its parameters (supplied or defaults, typed, allowed values), variables (lazy, cycles
// refused, variable copy), expressions evaluated in a place with its copy loops (property copy included), and the
// outputs. The resources are ./resources.ts's; running them is ./engine.ts's.
import type { Json, JsonObject } from '../store/store.js';
import { classify, ExpressionSyntaxError, parseExpression } from './expression.js';
import { evaluate, FunctionError, stringOf, type EvalContext } from './functions.js';

/** A template ARM would refuse; `InvalidTemplate` on the wire, with where in the template it stands. */
export class TemplateError extends Error {
  constructor(
    readonly where: string,
    problem: string,
  ) {
    super(
      `Deployment template validation failed: 'The template ${where} is not valid: ${problem} Please see https://aka.ms/arm-template-expressions for usage details.'`,
    );
  }
}

export interface DeploymentScope {
  subscriptionId: string;
  /** Undefined for a subscription deployment. */
  resourceGroup: string | undefined;
}

export const DEPLOYMENTS_TYPE = 'Microsoft.Resources/deployments';

export function scopeId(scope: DeploymentScope): string {
  return scope.resourceGroup === undefined
    ? `/subscriptions/${scope.subscriptionId}`
    : `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`;
}

/** What evaluation reads from outside the template: Azure's objects and resources' state. */
export interface TemplateWorld {
  subscription(subscriptionId: string): JsonObject;
  resourceGroup(scope: DeploymentScope): JsonObject;
  /** A resource's state by id (properties, or the whole resource when `full`); throws when it does not exist. */
  reference(id: string, full: boolean, apiVersion: string | undefined): Json;
  deployment(): JsonObject;
}

/** A copy loop and its current iteration (a resource's, or a property's). */
export interface Loop {
  name: string;
  index: number;
  resource: boolean;
}

const PARAMETER_TYPES: Record<string, string> = {
  string: 'String',
  securestring: 'SecureString',
  int: 'Int',
  bool: 'Bool',
  object: 'Object',
  secureobject: 'SecureObject',
  array: 'Array',
};

const isObject = (v: Json | undefined): v is JsonObject =>
  v !== undefined && v !== null && typeof v === 'object' && !Array.isArray(v);

function field(o: JsonObject, name: string): Json | undefined {
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

/** Parameters and variables as one template (or an outer-scoped nested template) sees them. */
export class TemplateValues {
  private readonly parameterValues = new Map<string, Json>();
  private readonly variableValues = new Map<string, Json>();
  private readonly evaluating = new Set<string>();
  private readonly parameterDefs: JsonObject;
  private readonly variableDefs: JsonObject;

  constructor(
    readonly template: JsonObject,
    private readonly supplied: JsonObject,
    readonly scope: DeploymentScope,
    readonly world: TemplateWorld,
    /** An outer-scoped nested template reads its parent's parameters and variables. */
    private readonly outer?: TemplateValues,
  ) {
    const parameters = field(template, 'parameters') ?? {};
    const variables = field(template, 'variables') ?? {};
    if (!isObject(parameters)) throw new TemplateError("property 'parameters'", 'It must be an object.');
    if (!isObject(variables)) throw new TemplateError("property 'variables'", 'It must be an object.');
    this.parameterDefs = parameters;
    this.variableDefs = variables;
    for (const name of Object.keys(supplied)) {
      if (this.definition(name) === undefined) {
        throw new TemplateError(
          `parameters '${name}'`,
          `The template parameter '${name}' is not present in the original template and therefore cannot be provided at deployment time.`,
        );
      }
    }
  }

  /** Every parameter, checked and evaluated (a deployment's `properties.parameters` as ARM shows it). */
  allParameters(): JsonObject {
    const out: JsonObject = {};
    for (const [name, def] of Object.entries(this.parameterDefs)) {
      const type = isObject(def) ? stringOf(field(def, 'type') ?? 'string') : 'string';
      const value = this.parameter(name);
      out[name] = {
        type: PARAMETER_TYPES[type.toLowerCase()] ?? type,
        ...(type.toLowerCase().startsWith('secure') ? {} : { value }),
      };
    }
    return out;
  }

  private definition(name: string): JsonObject | undefined {
    const key = Object.keys(this.parameterDefs).find((k) => k.toLowerCase() === name.toLowerCase());
    const def = key === undefined ? undefined : this.parameterDefs[key];
    return isObject(def) ? def : undefined;
  }

  parameter(name: string): Json {
    if (this.outer) return this.outer.parameter(name);
    const lower = name.toLowerCase();
    const cached = this.parameterValues.get(lower);
    if (cached !== undefined) return cached;
    const def = this.definition(name);
    const where = `parameter '${name}'`;
    if (def === undefined) throw new TemplateError(where, `The template parameter '${name}' is not found.`);
    const suppliedKey = Object.keys(this.supplied).find((k) => k.toLowerCase() === lower);
    const supplied = suppliedKey === undefined ? undefined : this.supplied[suppliedKey];
    let value: Json;
    if (isObject(supplied) && field(supplied, 'value') !== undefined) value = field(supplied, 'value') ?? null;
    else if (isObject(supplied) && field(supplied, 'reference') !== undefined) {
      throw new TemplateError(where, 'Key Vault parameter references are not supported by the emulator.');
    } else if (field(def, 'defaultValue') !== undefined) {
      if (this.evaluating.has(`p:${lower}`)) throw new TemplateError(where, 'Its default value refers to itself.');
      this.evaluating.add(`p:${lower}`);
      try {
        value = this.evaluateValue(field(def, 'defaultValue') ?? null, this.context([]), `${where} defaultValue`);
      } finally {
        this.evaluating.delete(`p:${lower}`);
      }
    } else {
      throw new TemplateError(where, `The value for the template parameter '${name}' is not provided.`);
    }
    checkParameter(name, def, value);
    this.parameterValues.set(lower, value);
    return value;
  }

  variable(name: string): Json {
    if (this.outer) return this.outer.variable(name);
    const lower = name.toLowerCase();
    const cached = this.variableValues.get(lower);
    if (cached !== undefined) return cached;
    const copies = field(this.variableDefs, 'copy');
    const where = `variable '${name}'`;
    let value: Json | undefined;
    if (Array.isArray(copies)) {
      const loop = copies.find((c) => isObject(c) && stringOf(field(c, 'name') ?? '').toLowerCase() === lower);
      if (isObject(loop)) value = this.copyArray(loop, [], where);
    }
    if (value === undefined) {
      const key = Object.keys(this.variableDefs).find((k) => k.toLowerCase() === lower && lower !== 'copy');
      if (key === undefined) throw new TemplateError(where, `The template variable '${name}' is not found.`);
      if (this.evaluating.has(`v:${lower}`)) throw new TemplateError(where, 'The variable refers to itself.');
      this.evaluating.add(`v:${lower}`);
      try {
        value = this.evaluateValue(this.variableDefs[key] ?? null, this.context([]), where);
      } finally {
        this.evaluating.delete(`v:${lower}`);
      }
    }
    this.variableValues.set(lower, value);
    return value;
  }

  /** The evaluation context of a place in the template with its copy loops. */
  context(loops: readonly Loop[]): EvalContext {
    const { scope, world } = this;
    return {
      parameter: (n) => this.parameter(n),
      variable: (n) => this.variable(n),
      copyIndex: (loop) => {
        const found =
          loop === undefined
            ? ([...loops].reverse().find((l) => l.resource) ?? loops[loops.length - 1])
            : loops.find((l) => l.name.toLowerCase() === loop.toLowerCase());
        if (!found) {
          throw new FunctionError(
            loop === undefined
              ? "The template function 'copyIndex' is not expected at this location."
              : `The template function 'copyIndex' names a copy loop '${loop}' that is not defined here.`,
          );
        }
        return found.index;
      },
      subscriptionId: scope.subscriptionId,
      resourceGroup: scope.resourceGroup,
      subscription: () => world.subscription(scope.subscriptionId),
      resourceGroupObject: () => world.resourceGroup(scope),
      deployment: () => world.deployment(),
      reference: (nameOrId, full, apiVersion) => world.reference(nameOrId, full, apiVersion),
    };
  }

  /** A template value with its expressions evaluated; `copy` arrays in objects expand to properties. */
  evaluateValue(value: Json, ctx: EvalContext, where: string, loops: readonly Loop[] = []): Json {
    if (typeof value === 'string') return this.evaluateString(value, ctx, where);
    if (Array.isArray(value)) return value.map((v, i) => this.evaluateValue(v, ctx, `${where}[${i}]`, loops));
    if (value === null || typeof value !== 'object') return value;
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) {
      if (key.toLowerCase() === 'copy' && Array.isArray(v)) {
        for (const loop of v) {
          if (!isObject(loop)) throw new TemplateError(`${where}.copy`, 'A property copy loop must be an object.');
          out[stringOf(field(loop, 'name') ?? '')] = this.copyArray(loop, loops, `${where}.copy`);
        }
        continue;
      }
      out[key] = this.evaluateValue(v, ctx, `${where}.${key}`, loops);
    }
    return out;
  }

  copyArray(loop: JsonObject, outerLoops: readonly Loop[], where: string): Json[] {
    const name = stringOf(field(loop, 'name') ?? '');
    const count = this.evaluateValue(
      field(loop, 'count') ?? null,
      this.context(outerLoops),
      `${where} '${name}' count`,
    );
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 800) {
      throw new TemplateError(`${where} '${name}'`, 'The copy count must be an integer from 0 to 800.');
    }
    const input = field(loop, 'input');
    if (input === undefined) throw new TemplateError(`${where} '${name}'`, "A copy loop needs an 'input'.");
    const items: Json[] = [];
    for (let index = 0; index < count; index++) {
      const loops = [...outerLoops, { name, index, resource: false }];
      items.push(this.evaluateValue(input, this.context(loops), `${where} '${name}'[${index}]`, loops));
    }
    return items;
  }

  evaluateString(value: string, ctx: EvalContext, where: string): Json {
    const kind = classify(value);
    if ('literal' in kind) return kind.literal;
    try {
      return evaluate(parseExpression(kind.expression), ctx);
    } catch (error) {
      if (error instanceof TemplateError) throw error;
      if (error instanceof ExpressionSyntaxError || error instanceof FunctionError) {
        throw new TemplateError(
          where,
          `The template language expression '${kind.expression}' is not valid: ${error.message}`,
        );
      }
      throw error;
    }
  }
}

function checkParameter(name: string, def: JsonObject, value: Json): void {
  const type = stringOf(field(def, 'type') ?? '').toLowerCase();
  const ok =
    type === 'string' || type === 'securestring'
      ? typeof value === 'string'
      : type === 'int'
        ? typeof value === 'number' && Number.isInteger(value)
        : type === 'bool'
          ? typeof value === 'boolean'
          : type === 'object' || type === 'secureobject'
            ? isObject(value)
            : type === 'array'
              ? Array.isArray(value)
              : false;
  if (!PARAMETER_TYPES[type]) {
    throw new TemplateError(
      `parameter '${name}'`,
      `The parameter type '${type}' is not one of ${Object.values(PARAMETER_TYPES).join(', ')}.`,
    );
  }
  if (!ok) {
    throw new TemplateError(
      `parameter '${name}'`,
      `Template parameter '${name}' was provided an invalid value. Expected a value of type '${PARAMETER_TYPES[type] ?? type}'.`,
    );
  }
  const allowed = field(def, 'allowedValues');
  if (Array.isArray(allowed) && !allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
    throw new TemplateError(
      `parameter '${name}'`,
      `The provided value for the template parameter '${name}' is not valid. The value must be one of ${JSON.stringify(allowed)}.`,
    );
  }
}

/** The template's outputs, evaluated, as ARM shows them ({type, value}). */
export function evaluateOutputs(values: TemplateValues): JsonObject {
  const outputs = field(values.template, 'outputs') ?? {};
  if (!isObject(outputs)) throw new TemplateError("property 'outputs'", 'It must be an object.');
  const out: JsonObject = {};
  for (const [name, def] of Object.entries(outputs)) {
    if (!isObject(def)) throw new TemplateError(`output '${name}'`, 'An output must be an object.');
    const where = `output '${name}'`;
    const ctx = values.context([]);
    const condition = field(def, 'condition');
    if (condition !== undefined && values.evaluateValue(condition, ctx, `${where} condition`) !== true) continue;
    const type = stringOf(field(def, 'type') ?? 'string');
    const copy = field(def, 'copy');
    const value = isObject(copy)
      ? values.copyArray({ ...copy, name }, [], where)
      : values.evaluateValue(field(def, 'value') ?? null, ctx, where);
    out[name] = { type: PARAMETER_TYPES[type.toLowerCase()] ?? type, value: value ?? null };
  }
  return out;
}
