/** JSON.parse that answers undefined for empty or malformed text (ARM bodies that are not JSON, e.g. some errors). */
export function parseJsonOrUndefined(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
