import { idKey } from '../model/resource-id.js';
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
 * The AMPLS (by key) a resource is in: the links discovered, and those the resource lists itself
 * (`privateLinkScopedResources` of DCEs and workspaces), which include AMPLS in subscriptions amplink did not discover.
 */
export function amplsOfResource(topology: Topology, id: string): Set<string> {
  const key = idKey(id);
  const scopes = new Set((topology.scopedResourcesByLinkedId.get(key) ?? []).map((s) => s.scopeKey));
  const listed: unknown = topology.get(key)?.properties['privateLinkScopedResources'];
  for (const entry of Array.isArray(listed) ? (listed as unknown[]) : []) {
    const scopeId = (entry as { scopeId?: unknown } | null)?.scopeId;
    if (typeof scopeId === 'string' && scopeId.length > 0) scopes.add(idKey(scopeId));
  }
  return scopes;
}
