/** JSON.parse that answers undefined for empty or malformed text (ARM bodies that are not JSON, e.g. some errors). */
export function parseJsonOrUndefined(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * How deep JSON from a file or from Azure may nest. ARM resources and plans stay under 20 levels; the bound keeps
 * every recursive walk after parsing (validation, cloning, printing) far from the call stack's limit.
 */
export const MAX_JSON_DEPTH = 64;

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
