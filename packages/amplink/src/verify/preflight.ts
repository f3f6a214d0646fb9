import { compareKeys } from '../plan/findings.js';
import { parseResources } from '../discover/snapshot.js';
import { idKey } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import { Topology } from '../model/topology.js';
import type { PlanOptions } from '../plan/options.js';
import { plan } from '../plan/planner.js';
import { worldAfter } from '../plan/simulate.js';
import type { Plan } from '../plan/types.js';
import { verify } from './verify.js';

/**
 * The plan, checked before it is applied: the world it leads to is verified, and a new configuration DCE that would
 * refuse public access to clusters with no private path (AMPL_VERIFY_E0022) keeps public access Enabled instead,
 * with the reason in its action. Applying a plan never takes a cluster's data path away.
 * When the user chose the DCEs' public access explicitly, that choice stands and verify reports its effect.
 */
export function planKeepingDataFlowing(topology: Topology, options: PlanOptions): Plan {
  const first = plan(topology, options);
  if (options.newEndpoints?.publicNetworkAccess !== undefined || first.summary.status !== 'changes') return first;
  const created = new Map(
    first.actions
      .filter((a) => a.kind === 'create' && a.resourceType === RESOURCE_TYPES.dataCollectionEndpoint)
      .map((a) => [idKey(a.id), a]),
  );
  if (created.size === 0) return first;
  const after = new Topology(
    parseResources(
      worldAfter(
        topology.resources.map((r) => r.raw as Record<string, unknown>),
        first,
      ),
      'the world after the plan',
    ),
  );
  const checked = verify(after, { ...options, plan: first });
  const keep = new Map<string, Set<string>>();
  for (const finding of checked.findings) {
    if (finding.code !== 'AMPL_VERIFY_E0022') continue;
    for (const id of finding.resources) {
      const action = created.get(idKey(id));
      if (action === undefined) continue;
      const clusters = keep.get(action.region) ?? new Set<string>();
      for (const cluster of finding.clusters) clusters.add(cluster.split('/').pop() ?? cluster);
      keep.set(action.region, clusters);
    }
  }
  if (keep.size === 0) return first;
  const keepPublicAccess = [...keep.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([region, clusters]) => ({
      region,
      reason: `${[...clusters].sort(compareKeys).join(', ')} ${clusters.size === 1 ? 'has' : 'have'} no private path to the AMPLS and fetch${clusters.size === 1 ? 'es' : ''} configuration from it over the internet (verify AMPL_VERIFY_E0022 otherwise)`,
    }));
  return plan(topology, { ...options, newEndpoints: { ...options.newEndpoints, keepPublicAccess } });
}
