// Provider paths: what {scope}/providers/{namespace}/{type}/{name}[/{type}/{name}...] names (a resource, a
// collection, or a list action under a resource), in the casing the store keeps, with ARM's errors for what is missing.
import { ArmErrors } from '../../arm/arm-errors.js';
import type { EmulatorError } from '../../arm/errors.js';
import { parentIdOf, scopeOf, segmentsOf } from '../../arm/ids.js';
import { RESOURCE_TYPES } from '../../arm/resource-types.js';
import type { ResourceProvider } from '../../providers/types.js';
import type { ArmResource } from '../../store/store.js';
import { offeredLocations } from '../locations.js';
import { checkVersion } from './request-checks.js';
import type { ArmRequest, Engine } from './types.js';

/** What a provider-style path names. */
export type Resolved =
  | { kind: 'resource'; provider: ResourceProvider; id: string; name: string; scopeId: string }
  | { kind: 'collection'; provider: ResourceProvider; scopeId: string }
  | { kind: 'listAction'; provider: ResourceProvider; parentId: string; action: string; itemName?: string };

export function resolve(engine: Engine, req: ArmRequest, segs: string[]): Resolved {
  let p = -1;
  for (let i = segs.length - 1; i >= 2; i--) {
    if (segs[i]?.toLowerCase() === 'providers') {
      p = i;
      break;
    }
  }
  if (p < 0 || segs[p + 1] === undefined || segs[p + 2] === undefined) throw ArmErrors.unservedPath(req.path);
  const scopeSegs = segs.slice(0, p);
  const rest = segs.slice(p + 1);
  const namespace = rest[0] ?? '';
  const typeParts = [namespace];
  const names: string[] = [];
  for (let i = 1; i < rest.length; i++) (i % 2 === 1 ? typeParts : names).push(rest[i] ?? '');
  const scopeId = canonicalScope(engine, scopeSegs, req);
  const apiVersion = req.query.get('api-version');
  const typeName = typeParts.join('/');
  const provider = engine.providers.get(typeName);
  const item = names.length === typeParts.length - 1;
  if (!provider && (names.length === typeParts.length - 2 || item) && names.length >= 1) {
    // A list action under a resource, e.g. {dcrId}/associations, or one item of it ({amplsId}/privateLinkResources/x).
    const parentProvider = engine.providers.get(typeParts.slice(0, -1).join('/'));
    const action = typeParts[typeParts.length - 1] ?? '';
    if (parentProvider?.listActions?.[action] !== undefined) {
      checkVersion(req, parentProvider.apiVersions, parentProvider.type);
      const parentNames = item ? names.slice(0, -1) : names;
      const parentId = canonicalId(engine, scopeId, parentProvider, parentNames);
      engine.authorize(req, `${parentProvider.type}/read`, parentId);
      requireResource(engine, parentId);
      const itemName = item ? names[names.length - 1] : undefined;
      return {
        kind: 'listAction',
        provider: parentProvider,
        parentId,
        action,
        ...(itemName !== undefined && { itemName }),
      };
    }
  }
  if (!provider) {
    const ns = engine.providers.namespace(namespace);
    const type = typeParts.slice(1).join('/');
    if (ns === undefined) throw ArmErrors.invalidResourceNamespace(namespace, 400);
    throw ArmErrors.unknownResourceType(type, ns, apiVersion ?? '');
  }
  checkVersion(
    req,
    provider.apiVersions,
    provider.type,
    provider.tracked ? offeredLocations(provider.defaultLocation) : [],
  );
  const scopeIsGroupOrSubscription =
    scopeSegs.length === 2 || (scopeSegs.length === 4 && scopeSegs[2]?.toLowerCase() === 'resourcegroups');
  if (provider.extension) {
    if (!engine.store.has(scopeId)) throw missingTarget(scopeId);
  } else if (!scopeIsGroupOrSubscription) {
    throw ArmErrors.unservedPath(req.path);
  } else if (scopeSegs.length === 2 && names.length > 0) {
    throw ArmErrors.unservedPath(req.path);
  }
  if (names.length === typeParts.length - 1) {
    const id = canonicalId(engine, scopeId, provider, names);
    const parent = parentIdOf(id) ?? scopeId;
    if (names.length > 1) requireResource(engine, parent);
    return { kind: 'resource', provider, id, name: names[names.length - 1] ?? '', scopeId };
  }
  if (names.length === typeParts.length - 2) {
    const parentId =
      names.length === 0 ? scopeId : canonicalId(engine, scopeId, parentProvider(engine, provider), names);
    if (names.length > 0) requireResource(engine, parentId);
    return { kind: 'collection', provider, scopeId: parentId };
  }
  throw ArmErrors.unservedPath(req.path);
}

function parentProvider(engine: Engine, provider: ResourceProvider): ResourceProvider | undefined {
  return engine.providers.get(provider.type.split('/').slice(0, -1).join('/'));
}

/** Scope id with stored casing; checks that the subscription and group exist. */
export function canonicalScope(engine: Engine, scopeSegs: string[], req: ArmRequest): string {
  const sub = engine.subscription(scopeSegs[1] ?? '');
  if (scopeSegs.length === 2) return `/subscriptions/${sub.subscriptionId}`;
  if (scopeSegs[2]?.toLowerCase() !== 'resourcegroups' || scopeSegs[3] === undefined)
    throw ArmErrors.unservedPath(req.path);
  const group = engine.group(sub, scopeSegs[3]);
  if (scopeSegs.length === 4) return group.id;
  const target = '/' + scopeSegs.join('/');
  const stored = engine.store.get(target);
  if (!stored) throw missingTarget(target);
  return stored.id;
}

function canonicalId(engine: Engine, scopeId: string, provider: ResourceProvider | undefined, names: string[]): string {
  const typeParts = (provider?.type ?? '').split('/');
  let id = `${scopeId}/providers/${typeParts[0] ?? ''}`;
  names.forEach((name, i) => {
    id += `/${typeParts[i + 1] ?? ''}/${name}`;
  });
  return engine.store.get(id)?.id ?? id;
}

function requireResource(engine: Engine, id: string): ArmResource {
  const found = engine.store.get(id);
  if (found) return found;
  const after = id.split(/\/providers\//i).pop() ?? '';
  const names = after.split('/').filter((_s, i) => i > 0 && i % 2 === 0);
  throw ArmErrors.parentResourceNotFound(names.join('/'));
}

/** The target of an extension resource, or the scope of a path, does not exist. */
function missingTarget(id: string): EmulatorError {
  return resourceNotFound(id);
}

/**
 * ARM's ResourceNotFound names the resource by the path after its last `providers`: namespace, type and name, with
 * child types and names interleaved as in the id ("The Resource 'Microsoft.Network/virtualNetworks/vnet/subnets/s'
 * under resource group 'rg' was not found.").
 */
function resourceNotFound(id: string): EmulatorError {
  const after = (id.split(/\/providers\//i).pop() ?? '').split('/');
  return ArmErrors.resourceNotFound(
    after.slice(0, 2).join('/'),
    after.slice(2).join('/'),
    scopeOf(id)?.resourceGroup ?? '',
  );
}

/** ARM's not-found error for a resource of a provider's type. */
export function notFound(provider: ResourceProvider, id: string): EmulatorError {
  if (provider.type === RESOURCE_TYPES.resourceGroup.type)
    return ArmErrors.resourceGroupNotFound(segmentsOf(id)[3] ?? '');
  return resourceNotFound(id);
}
