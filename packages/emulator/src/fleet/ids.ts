import { createHash } from 'node:crypto';

/**
 * A GUID derived from names, so that the same fleet file always yields the same ids.
 * Shaped as an RFC 4122 version-5-style GUID (version and variant bits set) because Azure ids are GUIDs and some
 * clients check the shape.
 */
export function deterministicGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Four lower-case letters/digits derived from a name, like the random suffix of DCE endpoint host names. */
export function shortHash(text: string, length = 4): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

export function subscriptionId(subscription: string): string {
  return `/subscriptions/${subscription}`;
}

export function resourceGroupId(subscription: string, resourceGroup: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${resourceGroup}`;
}

/** `/subscriptions/{s}/resourceGroups/{g}/providers/{type}/{name}`; `type` may hold child segments. */
export function resourceId(subscription: string, resourceGroup: string, type: string, name: string): string {
  return `${resourceGroupId(subscription, resourceGroup)}/providers/${type}/${name}`;
}

/** An extension resource on `scope`, e.g. a data collection rule association on a cluster. */
export function extensionResourceId(scope: string, type: string, name: string): string {
  return `${scope}/providers/${type}/${name}`;
}
