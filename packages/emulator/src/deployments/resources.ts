// A template's resources, expanded: copy loops, conditions, child resources, extension resources (by `scope` or
// by `/providers/` nesting) and nested deployments' target scope; dependsOn resolved to resources of the template
// in an order with no cycle; each resource's id as ARM gives it, and its body for the PUT.
import type { Json, JsonObject } from '../store/store.js';
import { stringOf } from './functions.js';
import {
  DEPLOYMENTS_TYPE,
  scopeId,
  TemplateError,
  type DeploymentScope,
  type Loop,
  type TemplateValues,
} from './template.js';

const isObject = (v: Json | undefined): v is JsonObject =>
  v !== undefined && v !== null && typeof v === 'object' && !Array.isArray(v);

function field(o: JsonObject, name: string): Json | undefined {
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
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
