// Checks every ARM route makes of the request itself, before it looks at the world: method and api-version.
import { ArmErrors } from '../../arm/arm-errors.js';
import { RESOURCE_TYPES } from '../../arm/resource-types.js';
import type { ArmRequest } from './types.js';

export function requireMethod(method: string, allowed: readonly string[]): void {
  if (!allowed.includes(method)) throw ArmErrors.methodNotAllowed(method);
}

/**
 * The request's api-version when `versions` has it; otherwise the error ARM gives for that kind of version (for a
 * provider type, with the request body's location and the type's `locations`).
 */
export function checkVersion(
  req: ArmRequest,
  versions: readonly string[],
  type: string,
  locations: readonly string[] = [],
): string {
  const version = req.query.get('api-version');
  if (version === null || version === '') throw ArmErrors.missingApiVersion();
  if (versions.includes(version)) return version;
  if (
    !/^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i.test(version) ||
    type === RESOURCE_TYPES.resourceGroup.type ||
    type === 'subscriptions'
  ) {
    throw ArmErrors.invalidApiVersion(version, versions);
  }
  const rest = type.split('/').slice(1);
  const body = req.body;
  const sent =
    body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { location?: unknown }).location : '';
  const location = typeof sent === 'string' ? sent.replace(/\s+/g, '').toLowerCase() : '';
  throw ArmErrors.unsupportedApiVersion(version, rest.join('/'), versions, location, locations);
}
