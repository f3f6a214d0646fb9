import { idKey, parseResourceId } from '../../model/resource-id.js';
import { RESOURCE_TYPES } from '../../model/resources.js';
import type { Topology } from '../../model/topology.js';
import { compareNatural } from '../../model/natural-order.js';
import type { PlanAction } from '../../plan/types.js';
import type { VerifyResult } from '../../verify/types.js';

/**
 * What the report page draws: the fleet folded to what a person can look at with 2,000 clusters. Clusters are counted
 * per region, never drawn one by one; per-cluster ingestion DCEs are folded per region for the same reason. Every
 * individual cluster, finding and action is still in the page's tables.
 */
export interface ReportGraph {
  regions: RegionGroup[];
  /** Nodes outside any region: the AMPLS and its private endpoints. */
  globalNodes: GraphNode[];
  edges: GraphEdge[];
}

export type NodeState = 'ok' | 'broken' | 'planned';

export interface GraphNode {
  id: string;
  kind:
    | 'clusters'
    | 'configuration-dce'
    | 'ingestion-dces'
    | 'monitor-workspace'
    | 'log-analytics'
    | 'ampls'
    | 'private-endpoint';
  title: string;
  detail: string;
  state: NodeState;
}

export interface RegionGroup {
  region: string;
  nodes: GraphNode[];
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  /** `planned`: the plan makes this link or association; `broken`: it is needed and neither there nor planned. */
  state: 'ok' | 'planned' | 'broken';
}

const AMPLS_NODE = 'ampls';
const LINK_WORDS = { ok: 'linked', planned: 'to link', broken: 'not linked' } as const;

export function reportGraph(topology: Topology, result: VerifyResult): ReportGraph {
  const actions = new Map(result.plan.actions.map((action) => [idKey(action.id), action]));
  // Red means broken and not fixed by the plan: an error the plan fixes is drawn as what the plan makes.
  const errorResources = new Set(
    result.findings
      .filter((f) => f.severity === 'error' && f.fixActions.length === 0)
      .flatMap((f) => f.resources.map((id) => idKey(id))),
  );
  const plannedLinks = linkedIdsOf(result.plan.actions);
  const linked = new Set(
    (topology.scopedResourcesByScope.get(idKey(result.ampls.id)) ?? []).map((scoped) => idKey(scoped.linkedResourceId)),
  );
  const regions = new Map<string, GraphNode[]>();
  const edges: GraphEdge[] = [];
  const addNode = (region: string, node: GraphNode): void => {
    const nodes = regions.get(region) ?? [];
    if (!nodes.some((n) => n.id === node.id)) nodes.push(node);
    regions.set(region, nodes);
  };
  const linkEdge = (nodeId: string, resourceKey: string): void => {
    const state = linked.has(resourceKey) ? 'ok' : plannedLinks.has(resourceKey) ? 'planned' : 'broken';
    edges.push({ id: `${nodeId}->ampls`, source: nodeId, target: AMPLS_NODE, label: LINK_WORDS[state], state });
  };

  const clustersByRegion = new Map<string, VerifyResult['clusters']>();
  for (const verdict of result.clusters) {
    clustersByRegion.set(verdict.region, [...(clustersByRegion.get(verdict.region) ?? []), verdict]);
  }
  const configurationTargets = new Map<string, Map<string, { existing: number; planned: number }>>();
  const workspaceTargets = new Map<string, Map<string, number>>();
  const ingestionDces = new Map<string, Set<string>>();
  const configurationDces = configurationDceKeys(topology, result.plan.actions);
  const regionOfCluster = new Map(result.clusters.map((c) => [idKey(c.id), c.region]));

  for (const [region, verdicts] of clustersByRegion) {
    const broken = verdicts.filter((v) => v.metrics === 'broken' || v.logs === 'broken').length;
    const arc = verdicts.filter((v) => v.kind === 'arc').length;
    addNode(region, {
      id: `clusters:${region}`,
      kind: 'clusters',
      title: `${verdicts.length} cluster${verdicts.length === 1 ? '' : 's'}`,
      detail: [broken > 0 ? `${broken} broken` : 'none broken', arc > 0 ? `${arc} Arc` : '']
        .filter(Boolean)
        .join(' · '),
      state: broken > 0 ? 'broken' : 'ok',
    });
    for (const verdict of verdicts) {
      const key = idKey(verdict.id);
      for (const association of topology.associationsOf(key)) {
        if (association.isConfigurationEndpoint && association.endpointId !== undefined) {
          count(configurationTargets, region, idKey(association.endpointId), 'existing');
        }
      }
      for (const rule of topology.rulesByCluster.get(key) ?? []) {
        for (const workspace of [...rule.monitoringAccountIds, ...rule.logAnalyticsWorkspaceIds]) {
          const targets = workspaceTargets.get(region) ?? new Map<string, number>();
          targets.set(idKey(workspace), (targets.get(idKey(workspace)) ?? 0) + 1);
          workspaceTargets.set(region, targets);
        }
        if (rule.endpointId !== undefined && !configurationDces.has(idKey(rule.endpointId))) {
          const dce = topology.endpoints.get(idKey(rule.endpointId));
          const dceRegion = dce?.region ?? rule.region;
          ingestionDces.set(dceRegion, (ingestionDces.get(dceRegion) ?? new Set()).add(idKey(rule.endpointId)));
        }
      }
    }
  }
  for (const action of result.plan.actions) {
    if (action.resourceType !== RESOURCE_TYPES.dataCollectionRuleAssociation) continue;
    const endpointId = endpointIdOf(action);
    const clusterKey = parseResourceId(action.id).scope?.key;
    const region = clusterKey === undefined ? undefined : regionOfCluster.get(clusterKey);
    if (endpointId !== undefined && region !== undefined)
      count(configurationTargets, region, idKey(endpointId), 'planned');
  }

  for (const [clusterRegion, targets] of configurationTargets) {
    for (const [dceKey, { existing, planned }] of targets) {
      const dce = topology.endpoints.get(dceKey);
      const action = actions.get(dceKey);
      const name = dce?.resource.name ?? action?.id.split('/').pop() ?? dceKey;
      const region = dce?.region ?? action?.region ?? clusterRegion;
      const nodeId = `dce:${dceKey}`;
      addNode(region, {
        id: nodeId,
        kind: 'configuration-dce',
        title: name,
        detail: dce === undefined ? 'configuration DCE, planned' : 'configuration DCE',
        state: dce === undefined ? 'planned' : errorResources.has(dceKey) ? 'broken' : 'ok',
      });
      if (existing > 0) {
        edges.push({
          id: `${clusterRegion}->${nodeId}`,
          source: `clusters:${clusterRegion}`,
          target: nodeId,
          label: `${existing} associated`,
          state: 'ok',
        });
      }
      if (planned > 0) {
        edges.push({
          id: `${clusterRegion}->${nodeId}:planned`,
          source: `clusters:${clusterRegion}`,
          target: nodeId,
          label: `+${planned} to associate`,
          state: 'planned',
        });
      }
      if (!edges.some((e) => e.id === `${nodeId}->ampls`)) linkEdge(nodeId, dceKey);
    }
  }

  for (const [region, keys] of ingestionDces) {
    const nodeId = `ingestion:${region}`;
    const inScope = [...keys].filter((key) => linked.has(key)).length;
    const planned = [...keys].filter((key) => plannedLinks.has(key)).length;
    const missing = keys.size - inScope - planned;
    addNode(region, {
      id: nodeId,
      kind: 'ingestion-dces',
      title: `${keys.size} ingestion DCE${keys.size === 1 ? '' : 's'}`,
      detail: `${inScope} linked${planned > 0 ? ` · ${planned} to link` : ''}${missing > 0 ? ` · ${missing} missing` : ''}`,
      state: missing > 0 ? 'broken' : planned > 0 ? 'planned' : 'ok',
    });
    const state = missing > 0 ? 'broken' : planned > 0 ? 'planned' : 'ok';
    edges.push({
      id: `${nodeId}->ampls`,
      source: nodeId,
      target: AMPLS_NODE,
      label: `${inScope + planned}/${keys.size}`,
      state,
    });
  }

  const workspaceNodes = new Set<string>();
  for (const [clusterRegion, targets] of workspaceTargets) {
    for (const [workspaceKey, clusters] of targets) {
      const monitor = topology.monitorWorkspaces.get(workspaceKey);
      const logs = topology.logAnalyticsWorkspaces.get(workspaceKey);
      const resource = monitor?.resource ?? logs?.resource;
      if (resource === undefined) continue;
      const nodeId = `workspace:${workspaceKey}`;
      if (!workspaceNodes.has(nodeId)) {
        workspaceNodes.add(nodeId);
        addNode((monitor ?? logs)?.region ?? clusterRegion, {
          id: nodeId,
          kind: monitor ? 'monitor-workspace' : 'log-analytics',
          title: resource.name,
          detail: monitor ? 'Azure Monitor workspace' : 'Log Analytics workspace',
          state: errorResources.has(workspaceKey) ? 'broken' : 'ok',
        });
        // An Azure Monitor workspace joins an AMPLS through its default DCE (DOMAIN.md rule 3).
        const linkKey = monitor?.defaultEndpointId === undefined ? workspaceKey : idKey(monitor.defaultEndpointId);
        linkEdge(nodeId, linkKey);
      }
      edges.push({
        id: `${clusterRegion}->${nodeId}`,
        source: `clusters:${clusterRegion}`,
        target: nodeId,
        label: `${clusters} send`,
        state: 'ok',
      });
    }
  }

  const ampls = topology.privateLinkScopes.get(idKey(result.ampls.id));
  const globalNodes: GraphNode[] = [
    {
      id: AMPLS_NODE,
      kind: 'ampls',
      title: result.ampls.name,
      detail: `AMPLS · ingestion ${ampls?.ingestionAccessMode ?? 'unknown'} · query ${ampls?.queryAccessMode ?? 'unknown'}`,
      state: errorResources.has(idKey(result.ampls.id)) ? 'broken' : 'ok',
    },
  ];
  for (const endpointId of privateEndpointsOf(ampls?.resource.properties)) {
    const nodeId = `pe:${idKey(endpointId)}`;
    globalNodes.push({
      id: nodeId,
      kind: 'private-endpoint',
      title: endpointId.split('/').pop() ?? endpointId,
      detail: 'private endpoint',
      state: 'ok',
    });
    edges.push({ id: `${nodeId}->ampls`, source: nodeId, target: AMPLS_NODE, label: 'connected', state: 'ok' });
  }
  return {
    regions: [...regions.entries()]
      .sort(([a], [b]) => compareNatural(a, b))
      .map(([region, nodes]) => ({ region, nodes: nodes.sort((a, b) => compareNatural(a.id, b.id)) })),
    globalNodes,
    edges: edges.sort((a, b) => compareNatural(a.id, b.id)),
  };
}

function count(
  into: Map<string, Map<string, { existing: number; planned: number }>>,
  region: string,
  key: string,
  which: 'existing' | 'planned',
): void {
  const targets = into.get(region) ?? new Map<string, { existing: number; planned: number }>();
  const entry = targets.get(key) ?? { existing: 0, planned: 0 };
  entry[which] += 1;
  targets.set(key, entry);
  into.set(region, targets);
}

function linkedIdsOf(actions: readonly PlanAction[]): Set<string> {
  const ids = new Set<string>();
  for (const action of actions) {
    if (action.resourceType !== RESOURCE_TYPES.scopedResource) continue;
    const linkedId = (action.body.properties as { linkedResourceId?: string } | undefined)?.linkedResourceId;
    if (linkedId !== undefined) ids.add(idKey(linkedId));
  }
  return ids;
}

/** A DCE is a configuration DCE when some cluster is associated with it as such, now or by the plan. */
function configurationDceKeys(topology: Topology, actions: readonly PlanAction[]): Set<string> {
  const keys = new Set<string>();
  for (const associations of topology.associationsByTarget.values()) {
    for (const association of associations) {
      if (association.isConfigurationEndpoint && association.endpointId !== undefined)
        keys.add(idKey(association.endpointId));
    }
  }
  for (const action of actions) {
    const endpointId =
      action.resourceType === RESOURCE_TYPES.dataCollectionRuleAssociation ? endpointIdOf(action) : undefined;
    if (endpointId !== undefined) keys.add(idKey(endpointId));
  }
  return keys;
}

function endpointIdOf(action: PlanAction): string | undefined {
  return (action.body.properties as { dataCollectionEndpointId?: string } | undefined)?.dataCollectionEndpointId;
}

function privateEndpointsOf(properties: Record<string, unknown> | undefined): string[] {
  const connections = properties?.privateEndpointConnections;
  if (!Array.isArray(connections)) return [];
  return connections
    .map((c: { properties?: { privateEndpoint?: { id?: unknown } } }) => c.properties?.privateEndpoint?.id)
    .filter((id): id is string => typeof id === 'string')
    .sort(compareNatural);
}
