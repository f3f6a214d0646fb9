import { RESOURCE_TYPES } from './resources.js';

/*
 * The namespaces and types amplink knows, as the REST API specs spell them (RESOURCE_TYPES), by their lower-cased
 * form: each known type and each of its leading parts (`microsoft.insights`, `microsoft.insights/privatelinkscopes`).
 * Azure answers some of them in lower case; an id amplink writes or shows spells them this way.
 */
const CANONICAL = new Map<string, string>();
for (const type of Object.values(RESOURCE_TYPES)) {
  const parts = type.split('/');
  for (let length = 1; length <= parts.length; length++) {
    const prefix = parts.slice(0, length).join('/');
    CANONICAL.set(prefix.toLowerCase(), prefix);
  }
}

/**
 * A type's namespace and type segments in canonical casing: the longest known leading part as the specs spell it,
 * the rest (a type amplink does not know) as given.
 */
export function canonicalTypeParts(
  namespace: string,
  types: readonly string[],
): { namespace: string; types: string[] } {
  const given = [namespace, ...types];
  for (let length = given.length; length >= 1; length--) {
    const known = CANONICAL.get(given.slice(0, length).join('/').toLowerCase());
    if (known === undefined) continue;
    const parts = [...known.split('/'), ...given.slice(length)];
    return { namespace: parts[0] as string, types: parts.slice(1) };
  }
  return { namespace, types: [...types] };
}
