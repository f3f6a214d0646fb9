import { idKey, scopeOfScopedResource } from '../model/resource-id.js';
import type { PrivateLinkScope, Topology } from '../model/topology.js';

/** The type of a linked resource's id in lower case (`microsoft.operationalinsights/workspaces`); '' for a child. */
function linkedType(id: string): string {
  const match = /\/providers\/([^/]+\/[^/]+)\/[^/]+$/i.exec(id);
  return (match?.[1] ?? '').toLowerCase();
}

/**
 * How much of an AMPLS's limits (DOMAIN.md "Limits") is used once some more resources are linked to it: the one count
 * behind the planner, which blocks a plan that would go over a limit, and verify, which also warns close to one.
 */
export interface AmplsUsage {
  /** The resources linked to the AMPLS: those linked already (in any state), then the new ones. */
  readonly linkedIds: readonly string[];
  /** How many of `linkedIds` are of a type (`RESOURCE_TYPES.logAnalyticsWorkspace`, ...). */
  linkedOfType(type: string): number;
  /** The AMPLS's private endpoint connections, inline and as child resources, each counted once. */
  readonly privateEndpointConnections: number;
}

export function amplsUsage(topology: Topology, scope: PrivateLinkScope, newLinkedIds: readonly string[]): AmplsUsage {
  const existing = (topology.scopedResourcesByScope.get(scope.resource.key) ?? []).map((s) => s.linkedResourceId);
  const linkedIds = [...existing, ...newLinkedIds];
  return {
    linkedIds,
    linkedOfType: (type) => {
      const wanted = type.toLowerCase();
      return linkedIds.filter((id) => linkedType(id) === wanted).length;
    },
    privateEndpointConnections: Math.max(
      topology.network.connectionCount(scope.resource.key),
      scope.privateEndpointConnectionCount,
    ),
  };
}

/**
 * The AMPLS a resource is in, one entry each: the links discovered, and those the resource lists itself
 * (`privateLinkScopedResources` of DCEs and workspaces), which include AMPLS in subscriptions amplink did not discover.
 * A listed entry names its AMPLS by `scopeId`, the AMPLS's immutable id, not its ARM id (spec
 * dataCollectionEndpoints_API.json 2024-03-11), and its link by `resourceId`: an AMPLS both discovered and listed is
 * known by the listed link's parent, so it counts once. Entries are the immutable id (`immutable:<id>`) when the
 * resource lists the AMPLS, else the AMPLS's key. `including`: an AMPLS (id) to count as well, once.
 */
export function amplsOfResource(topology: Topology, id: string, including?: string): Set<string> {
  const key = idKey(id);
  const scopes = new Set<string>();
  const listedScopes = new Set<string>();
  const listed: unknown = topology.get(key)?.properties['privateLinkScopedResources'];
  for (const entry of Array.isArray(listed) ? (listed as unknown[]) : []) {
    const { scopeId, resourceId } = (entry ?? {}) as { scopeId?: unknown; resourceId?: unknown };
    const link =
      typeof resourceId === 'string' && resourceId.length > 0 ? idKey(scopeOfScopedResource(resourceId)) : undefined;
    if (typeof scopeId === 'string' && scopeId.length > 0) scopes.add(`immutable:${scopeId.toLowerCase()}`);
    else if (link !== undefined) scopes.add(link);
    if (link !== undefined) listedScopes.add(link);
  }
  const discovered = (topology.scopedResourcesByLinkedId.get(key) ?? []).map((link) => link.scopeKey);
  for (const scopeKey of including === undefined ? discovered : [...discovered, idKey(including)]) {
    if (!listedScopes.has(scopeKey)) scopes.add(scopeKey);
  }
  return scopes;
}
