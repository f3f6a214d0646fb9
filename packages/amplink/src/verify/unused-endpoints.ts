import { idKey } from '../model/resource-id.js';
import type { ArmResource } from '../model/resources.js';
import type { Topology } from '../model/topology.js';
import type { ClusterMonitoring } from '../plan/analyse-cluster.js';
import { compareKeys, nameSome } from '../plan/findings.js';
import type { VerifyFinding } from './types.js';

const LISTED = 20;

/** The resource's group, from the id parsed when the resource was read: a fleet has 100,000 rules. */
function groupKey(resource: ArmResource): string {
  const { subscriptionId, resourceGroup } = resource.resourceId;
  return idKey(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup ?? ''}`);
}

/**
 * DCEs in the selected clusters' rule groups (where Azure CLI makes each cluster's own DCEs) that no rule, no
 * association and no workspace uses any more: what shared ingestion leaves behind. Information, not a problem:
 * amplink never deletes, and an idle DCE carries nothing.
 */
export function unusedEndpoints(topology: Topology, monitored: readonly ClusterMonitoring[]): VerifyFinding[] {
  const groups = new Set<string>();
  for (const m of monitored) {
    for (const rule of [...m.prometheusRules, ...m.containerInsightsRules]) groups.add(groupKey(rule.resource));
  }
  if (groups.size === 0) return [];
  const used = new Set<string>();
  for (const rule of topology.rules.values()) if (rule.endpointId) used.add(idKey(rule.endpointId));
  for (const list of topology.associationsByTarget.values()) {
    for (const association of list) if (association.endpointId) used.add(idKey(association.endpointId));
  }
  for (const workspace of topology.monitorWorkspaces.values()) {
    if (workspace.defaultEndpointId) used.add(idKey(workspace.defaultEndpointId));
  }
  const unused = [...topology.endpoints.values()]
    .filter((e) => !used.has(e.resource.key) && groups.has(groupKey(e.resource)))
    .map((e) => e.resource)
    .sort((a, b) => compareKeys(a.key, b.key));
  if (unused.length === 0) return [];
  const names = nameSome(unused.map((e) => e.name));
  return [
    {
      code: 'AMPL_VERIFY_I0026',
      severity: 'info',
      message: `${unused.length} DCE${unused.length === 1 ? ' is' : 's are'} no longer used by any rule, association or workspace (${names}): typically the clusters' own ingestion DCEs after shared ingestion pointed their rules elsewhere. amplink never deletes them; idle, they carry nothing.`,
      resources: unused.slice(0, LISTED).map((e) => e.id),
      rules: [2, 4],
      clusters: [],
      fixActions: [],
      fix: 'Nothing is needed. To tidy up, delete them (az resource delete --ids <id> ...); re-enabling monitoring on a cluster makes its own DCE again.',
    },
  ];
}
