import { AmplinkError } from './errors.js';

/**
 * How deep JSON from a file or from Azure may nest. ARM resources and plans stay under 20 levels; the bound keeps
 * every recursive walk after parsing (validation, cloning, printing) far from the call stack's limit.
 */
export const MAX_JSON_DEPTH = 64;

/** A value from untrusted JSON as text: a string as it is, null or missing as '', anything else as its JSON. */
export function jsonText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A JSON path as messages show it: `$.value[3].properties["odd key"]`. */
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

/** The path to the first value nested deeper than `maxDepth` levels, or undefined when none is. */
export function tooDeepAt(value: unknown, maxDepth = MAX_JSON_DEPTH, depth = 0): PropertyKey[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= maxDepth) return [];
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const path = tooDeepAt(value[index], maxDepth, depth + 1);
      if (path !== undefined) return [index, ...path];
    }
    return undefined;
  }
  for (const key in value) {
    const path = tooDeepAt((value as Record<string, unknown>)[key], maxDepth, depth + 1);
    if (path !== undefined) return [key, ...path];
  }
  return undefined;
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
