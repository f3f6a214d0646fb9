import type { z } from 'zod';
import { AmplinkError, isAmplinkError } from './errors.js';
import { assertNotTooDeep, jsonPath } from './json.js';
import { impossibleIdProblem, parseResourceId } from './resource-id.js';
import { armEnvelopeSchema, PROPERTIES_SCHEMAS, type ArmResource } from './resources.js';

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
  return items.map((item, index) => {
    const path = [...listPath, index];
    assertNotTooDeep(
      item,
      source,
      path,
      'Real ARM resources nest a few levels; capture the snapshot again with `amplink discover --out FILE`.',
    );
    return parseResource(item, source, path);
  });
}

function parseResource(item: unknown, source: string, path: PropertyKey[]): ArmResource {
  const envelope = armEnvelopeSchema.safeParse(item);
  if (!envelope.success) {
    const issue = firstIssue(envelope.error);
    throw resourceShapeError(source, [...path, ...issue.path], issue.message);
  }
  const raw = item as Record<string, unknown>;
  const { id, type } = envelope.data;
  const impossible = impossibleIdProblem(id);
  if (impossible !== undefined) {
    throw resourceShapeError(source, [...path, 'id'], `Malformed Azure resource id '${id}': ${impossible}`);
  }
  let parsedId;
  try {
    parsedId = parseResourceId(id);
  } catch (error) {
    if (isAmplinkError(error)) throw resourceShapeError(source, [...path, 'id'], error.message.replace(/\.$/, ''));
    throw error;
  }
  if (parsedId.type.toLowerCase() !== type.toLowerCase()) {
    throw resourceShapeError(
      source,
      [...path, 'type'],
      `'${type}' does not match the type in the id (${parsedId.type})`,
    );
  }
  const properties = envelope.data.properties ?? {};
  const schema = PROPERTIES_SCHEMAS[type.toLowerCase()];
  if (schema) {
    const checked = schema.safeParse(properties);
    if (!checked.success) {
      const issue = firstIssue(checked.error);
      throw resourceShapeError(source, [...path, 'properties', ...issue.path], issue.message);
    }
  }
  return {
    id: parsedId.id,
    key: parsedId.key,
    resourceId: parsedId,
    name: envelope.data.name ?? parsedId.name,
    type,
    location: envelope.data.location,
    tags: envelope.data.tags ?? {},
    properties,
    raw,
  };
}
