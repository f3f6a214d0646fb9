// An ARM template, read: its parameters (supplied or defaults, typed), variables (lazy, cycles refused), resources
// expanded (copy loops, conditions, child resources, extension resources by `scope` or by `/providers/` nesting,
// nested deployments' target scope), dependsOn resolved to resources of the template in an order with no cycle,
// and the values of resource bodies and outputs. Running them is ./engine.ts's part.
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

/** One resource instance of the template (a copy loop gives one per iteration). */
export interface PlannedResource {
  key: string;
  /** Names dependsOn may use: the copy loop's name, the resource's name, its id. */
  symbolicNames: string[];
  type: string;
  apiVersion: string;
  name: string;
  id: string;
  deploy: boolean;
  existing: boolean;
  dependsOn: string[];
  /** For a nested deployment: where it deploys. */
  target: DeploymentScope | undefined;
  raw: JsonObject;
  where: string;
  loops: Loop[];
}

interface Loop {
  name: string;
  index: number;
  resource: boolean;
}

const TEMPLATE_FIELDS = new Set([
  'type',
  'apiversion',
  'name',
  'dependson',
  'copy',
  'condition',
  'scope',
  'comments',
  'resources',
  'subscriptionid',
  'resourcegroup',
  'existing',
  'metadata',
]);

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

/** The resources of a template, each copy instance and child on its own, with dependsOn resolved to keys. */
export function expandResources(values: TemplateValues): PlannedResource[] {
  const resources = field(values.template, 'resources') ?? [];
  if (!Array.isArray(resources)) {
    throw new TemplateError("property 'resources'", 'It must be an array (symbolic-name templates are not supported).');
  }
  const planned: PlannedResource[] = [];
  const pendingDepends = new Map<string, { names: string[]; where: string }>();
  const expand = (list: Json[], parent: PlannedResource | undefined, path: string): void => {
    list.forEach((raw, i) => {
      const where = `resource at ${path}[${i}]`;
      if (!isObject(raw)) throw new TemplateError(where, 'A resource must be an object.');
      const copy = field(raw, 'copy');
      if (copy !== undefined) {
        if (!isObject(copy)) throw new TemplateError(`${where} copy`, 'A resource copy must be an object.');
        const loopName = stringOf(field(copy, 'name') ?? '');
        const count = values.evaluateValue(
          field(copy, 'count') ?? null,
          values.context(parent?.loops ?? []),
          `${where} copy count`,
        );
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 800) {
          throw new TemplateError(`${where} copy '${loopName}'`, 'The copy count must be an integer from 0 to 800.');
        }
        const serial = stringOf(field(copy, 'mode') ?? 'parallel').toLowerCase() === 'serial';
        const batchSize = Number(field(copy, 'batchSize') ?? 1) || 1;
        const keys: string[] = [];
        for (let index = 0; index < count; index++) {
          const loops = [...(parent?.loops ?? []), { name: loopName, index, resource: true }];
          const one = plan(
            raw,
            parent,
            loops,
            `${path}[${i}]#${index}`,
            `${where} (copy '${loopName}' ${index})`,
            loopName,
          );
          const batch = Math.floor(index / batchSize);
          if (serial && batch > 0) one.dependsOn.push(...keys.slice((batch - 1) * batchSize, batch * batchSize));
          keys.push(one.key);
        }
      } else {
        plan(raw, parent, parent?.loops ?? [], `${path}[${i}]`, where, undefined);
      }
    });
  };
  const plan = (
    raw: JsonObject,
    parent: PlannedResource | undefined,
    loops: Loop[],
    key: string,
    where: string,
    copyName: string | undefined,
  ): PlannedResource => {
    const ctx = values.context(loops);
    const read = (name: string): Json | undefined => {
      const v = field(raw, name);
      return v === undefined ? undefined : values.evaluateValue(v, ctx, `${where} property '${name}'`);
    };
    let type = stringOf(read('type') ?? '');
    let name = stringOf(read('name') ?? '');
    if (type === '' || name === '') throw new TemplateError(where, "A resource needs a 'type' and a 'name'.");
    if (parent && !type.split('/')[0]?.includes('.')) {
      type = `${parent.type}/${type}`;
      name = `${parent.name}/${name}`;
    }
    const apiVersion = stringOf(read('apiVersion') ?? '');
    const conditionValue = read('condition');
    const deploy = conditionValue === undefined ? true : conditionValue === true;
    if (conditionValue !== undefined && typeof conditionValue !== 'boolean') {
      throw new TemplateError(`${where} property 'condition'`, 'The condition must be a boolean.');
    }
    const existing = read('existing') === true;
    const scopeValue = read('scope');
    let target: DeploymentScope | undefined;
    let id: string;
    if (type.toLowerCase() === DEPLOYMENTS_TYPE.toLowerCase()) {
      const subscriptionId = stringOf(read('subscriptionId') ?? values.scope.subscriptionId);
      const groupValue = read('resourceGroup');
      const resourceGroup =
        groupValue !== undefined
          ? stringOf(groupValue)
          : field(raw, 'subscriptionId') !== undefined
            ? undefined
            : values.scope.resourceGroup;
      target = { subscriptionId, resourceGroup };
      id = `${scopeId(target)}/providers/${DEPLOYMENTS_TYPE}/${name}`;
    } else {
      id = resourceIdOf(values.scope, type, name, scopeValue === undefined ? undefined : stringOf(scopeValue), where);
    }
    const dependsOnValue = read('dependsOn') ?? [];
    if (!Array.isArray(dependsOnValue))
      throw new TemplateError(`${where} property 'dependsOn'`, 'It must be an array.');
    const resource: PlannedResource = {
      key,
      symbolicNames: [...(copyName ? [copyName] : []), name, id],
      type,
      apiVersion,
      name,
      id,
      deploy: deploy && (parent?.deploy ?? true),
      existing,
      dependsOn: parent ? [parent.key] : [],
      target,
      raw,
      where,
      loops,
    };
    planned.push(resource);
    pendingDepends.set(key, { names: dependsOnValue.map(stringOf), where });
    const children = field(raw, 'resources');
    if (Array.isArray(children)) expand(children, resource, `${key}.resources`);
    return resource;
  };
  expand(resources, undefined, 'resources');
  const byName = new Map<string, PlannedResource[]>();
  for (const r of planned) {
    for (const n of new Set(r.symbolicNames.map((s) => s.toLowerCase()))) byName.set(n, [...(byName.get(n) ?? []), r]);
  }
  for (const r of planned) {
    const pending = pendingDepends.get(r.key);
    for (const dependency of pending?.names ?? []) {
      const found = byName.get(dependency.toLowerCase()) ?? byTypeAndName(planned, dependency);
      if (!found || found.length === 0) {
        throw new TemplateError(
          pending?.where ?? r.where,
          `The resource '${dependency}' is not defined in the template.`,
        );
      }
      for (const f of found) if (f.key !== r.key) r.dependsOn.push(f.key);
    }
  }
  checkCycles(planned);
  return planned;
}

/** A resourceId() of another scope names a template resource by its type and name (the part after /providers/). */
function byTypeAndName(planned: PlannedResource[], dependency: string): PlannedResource[] | undefined {
  const tail = (id: string): string => {
    const lower = id.toLowerCase();
    const at = lower.lastIndexOf('/providers/');
    return at < 0 ? lower : lower.slice(at);
  };
  const wanted = tail(dependency);
  const found = planned.filter((r) => tail(r.id) === wanted);
  return found.length > 0 ? found : undefined;
}

function checkCycles(planned: PlannedResource[]): void {
  const byKey = new Map(planned.map((r) => [r.key, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: PlannedResource): void => {
    const s = state.get(r.key);
    if (s === 'done') return;
    if (s === 'visiting') {
      throw new TemplateError(r.where, `Circular dependency detected on resource: '${r.id}'.`);
    }
    state.set(r.key, 'visiting');
    for (const d of r.dependsOn) {
      const dep = byKey.get(d);
      if (dep) visit(dep);
    }
    state.set(r.key, 'done');
  };
  for (const r of planned) visit(r);
}

/** The id ARM gives a template resource: by its scope property, `/providers/` nesting, or the deployment's scope. */
export function resourceIdOf(
  scope: DeploymentScope,
  type: string,
  name: string,
  scopeProperty: string | undefined,
  where: string,
): string {
  const base = scopeProperty === undefined ? scopeId(scope) : absoluteScope(scope, scopeProperty);
  const typeSegs = type.split('/');
  const nameSegs = name.split('/');
  const nested = typeSegs.findIndex((s, i) => i > 0 && s.toLowerCase() === 'providers');
  if (nested > 0) {
    const left = typeSegs.slice(0, nested);
    const right = typeSegs.slice(nested + 1);
    if (nameSegs.length !== left.length - 1 + 1 + right.length) {
      throw new TemplateError(where, `The resource name '${name}' does not fit its type '${type}'.`);
    }
    const leftId = interleave(left, nameSegs.slice(0, left.length - 1));
    const namespace = nameSegs[left.length - 1] ?? '';
    const rightId = interleave([namespace, ...right], nameSegs.slice(left.length));
    return `${base}/providers/${leftId}/providers/${rightId}`;
  }
  if (nameSegs.length !== typeSegs.length - 1) {
    throw new TemplateError(
      where,
      `The resource name '${name}' has ${nameSegs.length} segment(s); type '${type}' needs ${typeSegs.length - 1}.`,
    );
  }
  if (type.toLowerCase() === 'microsoft.resources/resourcegroups' && scopeProperty === undefined) {
    return `/subscriptions/${scope.subscriptionId}/resourceGroups/${name}`;
  }
  return `${base}/providers/${interleave(typeSegs, nameSegs)}`;
}

function absoluteScope(scope: DeploymentScope, value: string): string {
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed.startsWith('/')) return trimmed;
  // A scope written as 'Namespace/type/name' is a resource of the deployment's scope.
  return `${scopeId(scope)}/providers/${trimmed}`;
}

function interleave(typeSegs: string[], names: string[]): string {
  let out = `${typeSegs[0] ?? ''}/${typeSegs[1] ?? ''}/${names[0] ?? ''}`;
  for (let i = 2; i < typeSegs.length; i++) out += `/${typeSegs[i] ?? ''}/${names[i - 1] ?? ''}`;
  return out;
}

/** A resource's body for its PUT: everything but the template's own fields, evaluated. */
export function resourceBody(values: TemplateValues, resource: PlannedResource, keepTemplate: boolean): JsonObject {
  const ctx = values.context(resource.loops);
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(resource.raw)) {
    if (TEMPLATE_FIELDS.has(key.toLowerCase())) continue;
    if (keepTemplate && key.toLowerCase() === 'properties' && isObject(v)) {
      // A nested deployment's template is evaluated by the nested deployment itself.
      const props: JsonObject = {};
      for (const [pk, pv] of Object.entries(v)) {
        props[pk] =
          pk.toLowerCase() === 'template'
            ? pv
            : values.evaluateValue(pv, ctx, `${resource.where} property 'properties.${pk}'`, resource.loops);
      }
      out[key] = props;
      continue;
    }
    out[key] = values.evaluateValue(v, ctx, `${resource.where} property '${key}'`, resource.loops);
  }
  return out;
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
