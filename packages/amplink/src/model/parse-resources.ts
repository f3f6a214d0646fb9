import type { z } from 'zod';
import { AmplinkError, isAmplinkError } from './errors.js';
import { assertNotTooDeep, jsonPath, MAX_JSON_DEPTH, tooDeepAt } from './json.js';
import { impossibleIdProblem, parseResourceId } from './resource-id.js';
import { armEnvelopeSchema, PROPERTIES_SCHEMAS, type ArmEnvelope, type ArmResource } from './resources.js';

/** AMPL_SNAPSHOT_E0003: ARM JSON (a snapshot file, or what Azure answered) is not the shape of a resource. */
export function resourceShapeError(source: string, path: readonly PropertyKey[], problem: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_SNAPSHOT_E0003',
    message: `${source}: ${jsonPath(path)}: ${problem}.`,
    fix: 'A snapshot is a JSON array of ARM resources, `{ "value": [...] }` or `{ "data": [...] }`; `amplink discover --out FILE` writes one.',
  });
}

function firstIssue(error: z.ZodError): { path: PropertyKey[]; message: string } {
  const issue = error.issues[0];
  return { path: issue?.path ?? [], message: issue?.message ?? 'invalid' };
}

/** Validates ARM JSON items (from a file or from Azure) into resources; errors name the item's JSON path. */
export function parseResources(items: readonly unknown[], source: string, listPath: PropertyKey[] = []): ArmResource[] {
  // An item's path is made only for an error: a snapshot holds hundreds of thousands of items.
  const depthLeft = MAX_JSON_DEPTH - (listPath.length + 1);
  return items.map((item, index) => {
    if (tooDeepAt(item, depthLeft) !== undefined) {
      assertNotTooDeep(
        item,
        source,
        [...listPath, index],
        'Real ARM resources nest a few levels; capture the snapshot again with `amplink discover --out FILE`.',
      );
    }
    return parseResource(item, source, listPath, index);
  });
}

/**
 * What armEnvelopeSchema accepts, checked without making a copy of the resource: a snapshot holds hundreds of thousands
 * of them. Whatever this refuses goes through the schema, which accepts it or says what is wrong: the schema stays the
 * one definition of a valid envelope, this only lets the common case through cheaply.
 */
function plainEnvelope(item: unknown): ArmEnvelope | undefined {
  if (!plainObject(item)) return undefined;
  const { id, name, type, location, tags, properties } = item;
  const ok =
    typeof id === 'string' &&
    id.length > 0 &&
    typeof type === 'string' &&
    type.length > 0 &&
    (name === undefined || (typeof name === 'string' && name.length > 0)) &&
    (location === undefined || typeof location === 'string') &&
    (tags === undefined || tags === null || stringRecord(tags)) &&
    (properties === undefined || properties === null || plainObject(properties));
  return ok ? (item as ArmEnvelope) : undefined;
}

function plainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): boolean {
  if (!plainObject(value)) return false;
  for (const key in value) if (typeof value[key] !== 'string') return false;
  return true;
}

/** One empty object for the many resources without tags. */
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

function parseResource(item: unknown, source: string, listPath: readonly PropertyKey[], index: number): ArmResource {
  let envelope = plainEnvelope(item);
  if (envelope === undefined) {
    const checked = armEnvelopeSchema.safeParse(item);
    if (!checked.success) {
      const issue = firstIssue(checked.error);
      throw resourceShapeError(source, [...listPath, index, ...issue.path], issue.message);
    }
    envelope = checked.data;
  }
  const raw = item as Record<string, unknown>;
  const { id, type } = envelope;
  const impossible = impossibleIdProblem(id);
  if (impossible !== undefined) {
    throw resourceShapeError(source, [...listPath, index, 'id'], `Malformed Azure resource id '${id}': ${impossible}`);
  }
  let parsedId;
  try {
    parsedId = parseResourceId(id);
  } catch (error) {
    if (isAmplinkError(error))
      throw resourceShapeError(source, [...listPath, index, 'id'], error.message.replace(/\.$/, ''));
    throw error;
  }
  if (parsedId.type.toLowerCase() !== type.toLowerCase()) {
    throw resourceShapeError(
      source,
      [...listPath, index, 'type'],
      `'${type}' does not match the type in the id (${parsedId.type})`,
    );
  }
  const properties = envelope.properties ?? {};
  const schema = PROPERTIES_SCHEMAS[type.toLowerCase()];
  if (schema) {
    const checked = schema.safeParse(properties);
    if (!checked.success) {
      const issue = firstIssue(checked.error);
      throw resourceShapeError(source, [...listPath, index, 'properties', ...issue.path], issue.message);
    }
  }
  return {
    id: parsedId.id,
    key: parsedId.key,
    resourceId: parsedId,
    name: envelope.name ?? parsedId.name,
    // The canonical spelling (equal to `type` but for case): Azure answers some types in lower case.
    type: parsedId.type,
    location: envelope.location,
    tags: envelope.tags ?? NO_TAGS,
    properties,
    raw,
  };
}
