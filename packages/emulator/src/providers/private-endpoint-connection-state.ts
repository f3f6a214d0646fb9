// The two sides of a private endpoint connection: the private link resource's `privateEndpointConnections` (here an
// AMPLS's) and the endpoint's own `privateLinkServiceConnections` / `manualPrivateLinkServiceConnections`. Azure
// keeps them in step: the owner of the AMPLS approves, rejects or removes a connection, and the endpoint shows it
// (azure-cli recording test_monitor_private_link_scope_scenario: reject is a PUT of the connection's state).
import { ArmErrors } from '../arm/arm-errors.js';
import { idKey, parentIdOf } from '../arm/ids.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, asString } from './base.js';
import type { ProviderContext } from './types.js';
import type { ArmResource, Json, JsonObject } from '../store/store.js';

const AMPLS_PEC_TYPE = RESOURCE_TYPES.privateLinkScopeConnection.type;
const CONNECTION_LISTS = ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections'] as const;

/** An AMPLS connects at most 10 private endpoints (learn.microsoft.com, azure-monitor/logs/private-link-design). */
export const AMPLS_PRIVATE_ENDPOINT_LIMIT = 10;

/**
 * What the endpoint shows once the AMPLS side has removed the connection: `Disconnected` ("the connection was removed
 * by the private link resource owner; the private endpoint becomes informative", learn.microsoft.com,
 * private-link/private-endpoint-overview, "Private endpoint connection states").
 */
const REMOVED_STATE: JsonObject = { status: 'Disconnected', description: '', actionsRequired: 'None' };

export function privateEndpointIdOf(connection: ArmResource): string {
  return asString(asObject(asObject(connection['properties'])['privateEndpoint'])['id']) ?? '';
}

/** The endpoint's side follows the AMPLS side's connection: its state, or Disconnected once it is gone. */
export function showOnEndpoint(ctx: ProviderContext, connection: ArmResource, removed: boolean): void {
  const endpoint = ctx.store.get(privateEndpointIdOf(connection));
  const scopeId = idKey(parentIdOf(connection.id) ?? '');
  if (!endpoint) return;
  const sideState = asObject(asObject(connection['properties'])['privateLinkServiceConnectionState']);
  const state: JsonObject = removed
    ? REMOVED_STATE
    : {
        status: asString(sideState['status']) ?? 'Pending',
        description: asString(sideState['description']) ?? '',
        actionsRequired: asString(sideState['actionsRequired']) ?? 'None',
      };
  const properties = { ...asObject(endpoint['properties']) };
  let changed = 0;
  for (const list of CONNECTION_LISTS) {
    const items = properties[list];
    if (!Array.isArray(items)) continue;
    const next: Json[] = [];
    for (const item of items) {
      const c = asObject(item);
      const cp = asObject(c['properties']);
      if (idKey(asString(cp['privateLinkServiceId']) ?? '') !== scopeId) {
        next.push(item);
        continue;
      }
      changed += 1;
      next.push({ ...c, properties: { ...cp, privateLinkServiceConnectionState: state } });
    }
    properties[list] = next;
  }
  if (changed > 0) ctx.store.put({ ...endpoint, etag: `W/"${ctx.generated.uuid()}"`, properties });
}

/** Refuses an endpoint that would be the 11th connected to an AMPLS (one it is not connected to yet). */
export function checkEndpointLimit(ctx: ProviderContext, scope: ArmResource, endpointId: string): void {
  const others = new Set(
    ctx.store
      .childrenOf(scope.id, AMPLS_PEC_TYPE)
      .map((c) => idKey(privateEndpointIdOf(c)))
      .filter((id) => id !== ''),
  );
  if (others.has(idKey(endpointId))) return;
  if (others.size >= AMPLS_PRIVATE_ENDPOINT_LIMIT) {
    throw ArmErrors.privateLinkScopeEndpointLimit(scope.id, AMPLS_PRIVATE_ENDPOINT_LIMIT);
  }
}
