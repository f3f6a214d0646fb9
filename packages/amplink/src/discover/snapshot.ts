import { constants } from 'node:buffer';
import { stat } from 'node:fs/promises';
import { MAX_JSON_DEPTH, tooDeepAt } from '../azure/json.js';
import { readTextFile } from '../files/text-files.js';
import { z } from 'zod';
import { AmplinkError, isAmplinkError, SHOWN_ID_LENGTH, shownInput } from '../model/errors.js';
import { impossibleIdProblem, parseResourceId } from '../model/resource-id.js';
import { armEnvelopeSchema, PROPERTIES_SCHEMAS, type ArmResource } from '../model/resources.js';

/**
 * The snapshot format: ARM resources as GET returns them, as a bare array, an ARM list (`{ "value": [...] }`),
 * or `az graph query` output (`{ "data": [...] }`). `amplink discover --out` writes the ARM list form.
 */
const snapshotSchema = z.union([
  z.array(z.unknown()),
  z.looseObject({ value: z.array(z.unknown()) }),
  z.looseObject({ data: z.array(z.unknown()) }),
]);

export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number'
        ? `${text}[${part}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(part))
          ? `${text}.${String(part)}`
          : `${text}[${JSON.stringify(String(part))}]`,
    '$',
  );
}

function shapeError(source: string, path: readonly PropertyKey[], problem: string): AmplinkError {
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

/** Parses and validates snapshot text; pure, so tests and `apply --plan` use it without touching disk. */
export function parseSnapshot(text: string, source = 'snapshot'): ArmResource[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AmplinkError({
      code: 'AMPL_SNAPSHOT_E0002',
      message: `${source} is not valid JSON: ${(cause as Error).message}.`,
      fix: 'Check that the file is complete; capture it again with `amplink discover --out FILE`.',
      cause,
    });
  }
  const outer = snapshotSchema.safeParse(json);
  if (!outer.success) {
    throw shapeError(source, [], 'expected an array of resources, or an object with a "value" or "data" array');
  }
  const data = outer.data;
  const listKey = Array.isArray(data) ? undefined : 'value' in data ? 'value' : 'data';
  const items = (Array.isArray(data) ? data : (data as Record<string, unknown>)[listKey as string]) as unknown[];
  const listPath: PropertyKey[] = listKey === undefined ? [] : [listKey];
  return parseResources(items, source, listPath);
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

/** How much of a too-deep path the message shows. */
const SHOWN_PATH_PARTS = 8;

/**
 * AMPL_JSON_E0001 when JSON (a snapshot, a plan, an answer from Azure) nests deeper than MAX_JSON_DEPTH below `path`,
 * instead of a stack overflow in whatever walks it next.
 */
export function assertNotTooDeep(value: unknown, source: string, path: readonly PropertyKey[], fix: string): void {
  const below = tooDeepAt(value, MAX_JSON_DEPTH - path.length);
  if (below === undefined) return;
  const full = [...path, ...below];
  const shown = jsonPath(full.slice(0, SHOWN_PATH_PARTS)) + (full.length > SHOWN_PATH_PARTS ? '…' : '');
  throw new AmplinkError({
    code: 'AMPL_JSON_E0001',
    message: `${source}: ${shown}: JSON nested deeper than ${MAX_JSON_DEPTH} levels.`,
    fix,
  });
}

function parseResource(item: unknown, source: string, path: PropertyKey[]): ArmResource {
  const envelope = armEnvelopeSchema.safeParse(item);
  if (!envelope.success) {
    const issue = firstIssue(envelope.error);
    throw shapeError(source, [...path, ...issue.path], issue.message);
  }
  const raw = item as Record<string, unknown>;
  const { id, type } = envelope.data;
  const impossible = impossibleIdProblem(id);
  if (impossible !== undefined) {
    throw shapeError(source, [...path, 'id'], `Malformed Azure resource id '${id}': ${impossible}`);
  }
  let parsedId;
  try {
    parsedId = parseResourceId(id);
  } catch (error) {
    if (isAmplinkError(error)) throw shapeError(source, [...path, 'id'], error.message.replace(/\.$/, ''));
    throw error;
  }
  if (parsedId.type.toLowerCase() !== type.toLowerCase()) {
    throw shapeError(source, [...path, 'type'], `'${type}' does not match the type in the id (${parsedId.type})`);
  }
  const properties = envelope.data.properties ?? {};
  const schema = PROPERTIES_SCHEMAS[type.toLowerCase()];
  if (schema) {
    const checked = schema.safeParse(properties);
    if (!checked.success) {
      const issue = firstIssue(checked.error);
      throw shapeError(source, [...path, 'properties', ...issue.path], issue.message);
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

/** The longest text Node.js can hold in one string (about 512 MiB): a snapshot is read whole, so this bounds its size. */
export const MAX_SNAPSHOT_BYTES = constants.MAX_STRING_LENGTH;

function tooLarge(path: string, bytes: number | undefined, cause?: unknown): AmplinkError {
  const size = bytes === undefined ? '' : ` is ${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB:`;
  return new AmplinkError({
    code: 'AMPL_SNAPSHOT_E0007',
    message: `Snapshot file '${shownInput(path, SHOWN_ID_LENGTH)}'${size} too large to read at once (the limit is ${Math.floor(MAX_SNAPSHOT_BYTES / 2 ** 20)} MiB, the longest text Node.js holds).`,
    fix: 'Make smaller snapshots: `amplink discover --subscription ID --out FILE` for the subscriptions of one part of the fleet at a time, each planned with its own --snapshot; or plan against Azure without --snapshot, with --subscription and --cluster-* selectors.',
    ...(cause === undefined ? {} : { cause }),
  });
}

export async function readSnapshotFile(path: string): Promise<ArmResource[]> {
  // Checked before reading: reading first would fill memory, then fail with a RangeError that says nothing useful.
  const bytes = await stat(path).then(
    (s) => s.size,
    () => undefined,
  );
  if (bytes !== undefined && bytes > MAX_SNAPSHOT_BYTES) throw tooLarge(path, bytes);
  let text: string;
  try {
    text = await readTextFile(
      path,
      'snapshot file',
      'AMPL_SNAPSHOT_E0001',
      'Check the path and its permissions; `amplink discover --out FILE` writes a snapshot.',
    );
  } catch (error) {
    // A file that grew since stat, or a FIFO: Node refuses to make the string.
    const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
    if (cause instanceof RangeError || cause?.code === 'ERR_STRING_TOO_LONG') throw tooLarge(path, undefined, cause);
    throw error;
  }
  return parseSnapshot(text, path);
}

/** The ARM list form, sorted by id, so that the same world always gives the same bytes. */
export function formatSnapshot(resources: readonly ArmResource[]): string {
  const sorted = [...resources].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return JSON.stringify({ value: sorted.map((r) => r.raw) }, null, 2) + '\n';
}
