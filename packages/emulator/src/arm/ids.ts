// ARM resource ids: parsing request paths, parents, and case-insensitive keys.

/** The store's key for an id: ARM ids are case-insensitive. */
export function idKey(id: string): string {
  return id.toLowerCase();
}

export function segmentsOf(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/**
 * The parent of a resource id: a child's parent resource, a top-level resource's group, an extension resource's
 * target, a group's subscription.
 */
export function parentIdOf(id: string): string | undefined {
  const segs = segmentsOf(id);
  if (segs.length <= 2) return undefined;
  let rest = segs.slice(0, -2);
  if (rest.length >= 2 && rest[rest.length - 2]?.toLowerCase() === 'providers') rest = rest.slice(0, -2);
  return '/' + rest.join('/');
}

export interface ScopeInfo {
  subscriptionId: string;
  resourceGroup?: string;
}

/** Subscription and resource group named by an id, if any. */
export function scopeOf(id: string): ScopeInfo | undefined {
  const segs = segmentsOf(id);
  if (segs[0]?.toLowerCase() !== 'subscriptions' || segs[1] === undefined) return undefined;
  const info: ScopeInfo = { subscriptionId: segs[1] };
  if (segs[2]?.toLowerCase() === 'resourcegroups' && segs[3] !== undefined) info.resourceGroup = segs[3];
  return info;
}

/** Whether `id` is `scope` or lies below it. */
export function isWithin(id: string, scope: string): boolean {
  const a = idKey(id);
  const s = idKey(scope).replace(/\/+$/, '');
  return s === '' || a === s || a.startsWith(s + '/');
}

/** The resource type of a provider-style id, e.g. Microsoft.Network/privateDnsZones/A (names removed). */
export function typeOfId(id: string): string | undefined {
  const segs = segmentsOf(id);
  let p = -1;
  for (let i = segs.length - 1; i >= 0; i--) {
    if (segs[i]?.toLowerCase() === 'providers') {
      p = i;
      break;
    }
  }
  if (p < 0) return undefined;
  const rest = segs.slice(p + 1);
  const parts = [rest[0]];
  for (let i = 1; i < rest.length; i += 2) parts.push(rest[i]);
  return parts.join('/');
}

export function lastSegment(id: string): string {
  const segs = segmentsOf(id);
  return segs[segs.length - 1] ?? '';
}
