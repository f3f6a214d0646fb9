// What a deployment would change, as ARM's whatIf answers (PostDeploymentWhatIfOnResourceGroup.json): each resource
// of the template (nested deployments expanded) is Create, Modify (with the delta of what the template sets) or
// NoChange against what exists; resources of the target scope the template does not name are Ignore (incremental
// mode leaves them alone). A value the template can only know while deploying (a reference to a resource it has not
// created yet) is shown as the template wrote it.
import type { Json, JsonObject } from '../store/store.js';
import { isInnerScope, type ArmGateway, type DeploymentRequest, type DeploymentService } from './engine.js';
import { resourceBody, type PlannedResource } from './resources.js';
import { DEPLOYMENTS_TYPE, scopeId, type TemplateValues } from './template.js';

const isObject = (v: Json | undefined): v is JsonObject =>
  v !== undefined && v !== null && typeof v === 'object' && !Array.isArray(v);

export interface WhatIfWorld {
  /** Ids of the resources at a scope (a resource group's, or a subscription's resource groups). */
  resourcesAt(scope: string): string[];
}

export function whatIf(
  service: DeploymentService,
  request: DeploymentRequest,
  gateway: ArmGateway,
  world: WhatIfWorld,
): JsonObject[] {
  const changes: JsonObject[] = [];
  const named = new Set<string>();
  collect(service, request, gateway, undefined, changes, named);
  for (const id of world.resourcesAt(scopeId(request.scope))) {
    if (!named.has(id.toLowerCase())) changes.push({ resourceId: id, changeType: 'Ignore' });
  }
  return changes;
}

function collect(
  service: DeploymentService,
  request: DeploymentRequest,
  gateway: ArmGateway,
  outer: TemplateValues | undefined,
  changes: JsonObject[],
  named: Set<string>,
): void {
  const prepared = service.prepare(request, gateway, outer);
  for (const r of prepared.resources) {
    if (!r.deploy || r.existing) continue;
    named.add(r.id.toLowerCase());
    if (r.type.toLowerCase() === DEPLOYMENTS_TYPE.toLowerCase()) {
      const body = bodyOf(prepared.values, r, true);
      const properties = isObject(body['properties']) ? body['properties'] : {};
      const options = isObject(properties['expressionEvaluationOptions'])
        ? properties['expressionEvaluationOptions']
        : {};
      const inner = isInnerScope(options['scope']);
      collect(
        service,
        {
          scope: r.target ?? request.scope,
          name: r.name,
          body: { properties: inner ? properties : { ...properties, parameters: {} } },
        },
        gateway,
        inner ? undefined : prepared.values,
        changes,
        named,
      );
      continue;
    }
    changes.push(change(r, bodyOf(prepared.values, r, false), gateway.get(r.id, r.apiVersion)));
  }
}

function bodyOf(values: TemplateValues, r: PlannedResource, keepTemplate: boolean): JsonObject {
  try {
    return resourceBody(values, r, keepTemplate);
  } catch {
    const raw: JsonObject = {};
    for (const [k, v] of Object.entries(r.raw))
      if (['properties', 'location', 'tags', 'kind', 'sku'].includes(k)) raw[k] = v;
    return raw;
  }
}

function change(r: PlannedResource, body: JsonObject, existing: JsonObject | undefined): JsonObject {
  const after: JsonObject = {
    apiVersion: r.apiVersion,
    id: r.id,
    type: r.type,
    name: r.name.split('/').pop() ?? r.name,
    ...body,
  };
  if (existing === undefined) return { resourceId: r.id, changeType: 'Create', after };
  const before: JsonObject = { apiVersion: r.apiVersion, ...existing };
  const delta: JsonObject[] = [];
  diff(before, body, '', delta);
  return delta.length === 0
    ? { resourceId: r.id, changeType: 'NoChange', before, after: { ...before } }
    : { resourceId: r.id, changeType: 'Modify', before, after: merge(before, body), delta };
}

/** The paths the template sets to a value other than what exists. */
function diff(before: Json | undefined, after: Json, path: string, out: JsonObject[]): void {
  if (isObject(after)) {
    for (const [key, value] of Object.entries(after)) {
      const current = isObject(before) ? valueAt(before, key) : undefined;
      diff(current, value, path === '' ? key : `${path}.${key}`, out);
    }
    return;
  }
  if (same(before, after, path)) return;
  out.push(
    before === undefined
      ? { path, propertyChangeType: 'Create', after }
      : { path, propertyChangeType: 'Modify', before, after },
  );
}

function valueAt(o: JsonObject, key: string): Json | undefined {
  const k = Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : o[k];
}

function same(a: Json | undefined, b: Json, path: string): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    // ARM compares ids and locations as it stores them: case and spaces do not make a change.
    if (path === 'location') return a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();
    if (a.startsWith('/') && b.startsWith('/')) return a.toLowerCase() === b.toLowerCase();
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function merge(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
  }
  return out;
}
