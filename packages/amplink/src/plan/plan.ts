import { hasNoPrivatePath, privatePathOf } from '../model/private-path.js';
import type { Cluster, Topology } from '../model/topology.js';
import type { PlanOptions } from './options.js';
import { planOnce } from './planner.js';
import type { Plan } from './types.js';

/**
 * The plan amplink applies: the exact changes, checked so that applying them never takes a cluster's data path away.
 * A new configuration DCE that would refuse public access to clusters with no private path (verify reports
 * AMPL_VERIFY_E0022 on such a world) keeps public access Enabled instead, with the reason in its action. When the user
 * chose the DCEs' public access explicitly, that choice stands and verify reports its effect. Pure, and one pass of the
 * planner, on the network view the Topology builds once (model/network.ts).
 */
export function plan(topology: Topology, options: PlanOptions): Plan {
  if (options.newEndpoints?.publicNetworkAccess !== undefined) return planOnce(topology, options);
  return planOnce(topology, options, (cluster: Cluster) => hasNoPrivatePath(privatePathOf(topology.network, cluster)));
}

/** @deprecated The same as `plan()`, under the name it had when it lived in verify/. */
export const planKeepingDataFlowing = plan;
