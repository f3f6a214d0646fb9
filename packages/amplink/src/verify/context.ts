import type { NetworkView, PrivateEndpoint } from '../model/network.js';
import { idKey } from '../model/resource-id.js';
import type { ArmResource } from '../model/resources.js';
import type { Cluster, PrivateLinkScope, Topology } from '../model/topology.js';
import type { ClusterMonitoring } from '../plan/analyse-cluster.js';
import type { Plan } from '../plan/types.js';
import { PlanActions } from './fix-lookup.js';
import type { ClusterJudgement } from './judgement.js';
import type { ClusterVerdict } from './types.js';

/** What every rule family looks at in one verify run: the AMPLS, its links and private endpoints, and the plan. */
export interface AmplsContext {
  readonly topology: Topology;
  readonly net: NetworkView;
  readonly scope: PrivateLinkScope;
  readonly scopeName: string;
  readonly privateOnly: boolean;
  /** Resources (by key) whose link into the AMPLS Azure finished: only those carry traffic. */
  readonly linked: ReadonlySet<string>;
  /** Resources (by key) whose link Azure is still writing, with the link: neither ok nor broken yet. */
  readonly linking: ReadonlyMap<string, ArmResource>;
  /** Private endpoints whose connection to the AMPLS is approved, and how many approved connections the AMPLS shows. */
  readonly approved: readonly PrivateEndpoint[];
  readonly approvedConnections: number;
  readonly actions: PlanActions;
}

/** One selected cluster as the rule families judge it. */
export interface ClusterContext {
  readonly cluster: Cluster;
  readonly monitoring: ClusterMonitoring;
  readonly verdict: ClusterVerdict;
  readonly judgement: ClusterJudgement;
}

export function amplsContext(topology: Topology, thePlan: Plan): AmplsContext {
  const scope = topology.privateLinkScopes.get(idKey(thePlan.ampls.id)) as PrivateLinkScope;
  const net = topology.network;
  const links = topology.scopedResourcesByScope.get(scope.resource.key) ?? [];
  const { approvedConnections, endpoints } = net.approvedEndpoints(scope.resource.key);
  return {
    topology,
    net,
    scope,
    scopeName: scope.resource.name,
    privateOnly: scope.ingestionAccessMode === 'PrivateOnly',
    linked: new Set(links.filter((s) => s.provisioning === 'done').map((s) => idKey(s.linkedResourceId))),
    linking: new Map(
      links.filter((s) => s.provisioning === 'in-progress').map((s) => [idKey(s.linkedResourceId), s.resource]),
    ),
    approved: endpoints,
    approvedConnections,
    actions: new PlanActions(thePlan),
  };
}
