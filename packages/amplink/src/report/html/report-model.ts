import { plannedScopeEndpoints } from '../../plan/prerequisite-actions.js';
import { idKey, parseResourceId } from '../../model/resource-id.js';
import { RESOURCE_TYPES } from '../../model/resources.js';
import type { Topology } from '../../model/topology.js';
import { compareNatural } from '../../model/natural-order.js';
import type { PlanAction } from '../../plan/types.js';
import type { ClusterVerdict, VerifyResult } from '../../verify/types.js';

/**
 * What the report page draws, folded so that its size does not depend on the fleet's: one card per region with its
 * clusters counted by state, and a small graph of what the fleet sends through (configuration DCEs, ingestion DCEs and
 * workspaces, each kind folded into one node past a few), the AMPLS and its private endpoints. Every individual
 * cluster, finding and action is in the page's tables.
 */
export interface ReportGraph {
  /** The flow from the fleet to the AMPLS; at most {@link MAX_GRAPH_NODES} nodes whatever the fleet. */
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** One card per region, in natural order; past {@link MAX_REGION_CARDS}, the rest fold into one last card. */
  regions: RegionCard[];
}

/** `planned`: the plan makes or fixes it; `broken`: needed, and neither there nor fixed by the plan. */
export type NodeState = 'ok' | 'broken' | 'planned';

/**
 * A cluster's state on the page: broken and not fixed by the plan; broken now and fixed by the plan; changed by the
 * plan; unknown; fine.
 */
export type ClusterState = 'broken' | 'fixed' | 'planned' | 'unknown' | 'ok';
export const CLUSTER_STATES: readonly ClusterState[] = ['broken', 'fixed', 'planned', 'unknown', 'ok'];

export interface GraphNode {
  id: string;
  kind:
    | 'fleet'
    | 'configuration-dce'
    | 'ingestion-dce'
    | 'monitor-workspace'
    | 'log-analytics'
    | 'ampls'
    | 'private-endpoint';
  title: string;
  /** One or two lines under the title. */
  detail: string[];
  state: NodeState;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  state: NodeState;
}

export interface RegionCard {
  region: string;
  clusters: number;
  states: Record<ClusterState, number>;
  arc: number;
  /** Plan actions grouped under this region. */
  changes: number;
  /** The configuration DCEs its clusters use or will use, by state. */
  configurationDces: Record<NodeState, number>;
  /** The card's colour: the worst of its clusters and DCEs. */
  state: ClusterState;
}

/** Individual workspaces or private endpoints of one kind drawn before they fold into one node. */
export const MAX_SHOWN_PER_KIND = 3;
/** About the number of Azure's physical regions, so a real fleet never folds; a made-up one cannot grow the page. */
export const MAX_REGION_CARDS = 72;
/** The fleet, the two DCE boxes and the AMPLS, plus at most MAX_SHOWN_PER_KIND of each: AMWs, LAWs, private endpoints. */
export const MAX_GRAPH_NODES = 4 + 3 * MAX_SHOWN_PER_KIND;

const FLEET_NODE = 'fleet';
const AMPLS_NODE = 'ampls';
const WORSE: Record<NodeState, number> = { ok: 0, planned: 1, broken: 2 };
const LINK_WORDS: Record<NodeState, string> = { ok: 'linked', planned: 'to link', broken: 'not linked' };

export function reportGraph(topology: Topology, result: VerifyResult): ReportGraph {
  const { plan } = result;
  const linked = new Set(
    (topology.scopedResourcesByScope.get(idKey(result.ampls.id)) ?? []).map((scoped) => idKey(scoped.linkedResourceId)),
  );
  const plannedLinks = linkedIdsOf(plan.actions);
  const linkState = (key: string): NodeState => (linked.has(key) ? 'ok' : plannedLinks.has(key) ? 'planned' : 'broken');
  // Red means broken and not fixed by the plan: an error the plan fixes is drawn as what the plan makes.
  const unfixedErrors = result.findings.filter((f) => f.severity === 'error' && f.fixActions.length === 0);
  const errorResources = new Set(unfixedErrors.flatMap((f) => f.resources.map((id) => idKey(id))));
  const state = clusterStateOf(result);
  const created = new Set(plan.actions.filter((a) => a.kind === 'create').map((a) => idKey(a.id)));
  const repointed = repointedRules(plan.actions);

  const configurationDces = configurationDceKeys(topology, plan.actions);
  const configurationByRegion = new Map<string, Set<string>>();
  const associations = { existing: 0, planned: 0 };
  const ingestionRules = new Map<string, Set<string>>();
  const workspaceClusters = new Map<string, number>();
  for (const verdict of result.clusters) {
    const key = idKey(verdict.id);
    for (const association of topology.associationsOf(key)) {
      if (!association.isConfigurationEndpoint || association.endpointId === undefined) continue;
      associations.existing += 1;
      addTo(configurationByRegion, verdict.region, idKey(association.endpointId));
    }
    const workspaces = new Set<string>();
    for (const rule of topology.rulesByCluster.get(key) ?? []) {
      for (const workspace of [...rule.monitoringAccountIds, ...rule.logAnalyticsWorkspaceIds])
        workspaces.add(idKey(workspace));
      if (rule.endpointId !== undefined && !configurationDces.has(idKey(rule.endpointId)))
        addTo(ingestionRules, idKey(rule.endpointId), idKey(rule.resource.id));
    }
    for (const workspace of workspaces) workspaceClusters.set(workspace, (workspaceClusters.get(workspace) ?? 0) + 1);
  }
  const regionOfCluster = new Map(result.clusters.map((c) => [idKey(c.id), c.region]));
  for (const action of plan.actions) {
    const endpointId = action.resourceType === RESOURCE_TYPES.dataCollectionRuleAssociation ? endpointIdOf(action) : '';
    const region = regionOfCluster.get(parseResourceId(action.id).scope?.key ?? '');
    if (!endpointId || region === undefined) continue;
    associations.planned += 1;
    addTo(configurationByRegion, region, idKey(endpointId));
  }

  const dceState = (key: string): NodeState => {
    const own: NodeState = errorResources.has(key) ? 'broken' : created.has(key) ? 'planned' : 'ok';
    return worse(own, linkState(key));
  };
  // An ingestion DCE whose every rule the plan points elsewhere (shared ingestion) needs no link of its own.
  const ingestionState = (key: string, rules: Set<string>): NodeState =>
    linked.has(key) || plannedLinks.has(key) || ![...rules].every((rule) => repointed.has(rule))
      ? dceState(key)
      : 'planned';

  const nodes: GraphNode[] = [fleetNode(result)];
  const edges: GraphEdge[] = [];
  const toAmpls = (nodeId: string, label: string, edgeState: NodeState): void => {
    edges.push({ id: `${nodeId}->${AMPLS_NODE}`, source: nodeId, target: AMPLS_NODE, label, state: edgeState });
  };

  const configurationKeys = [...new Set([...configurationByRegion.values()].flatMap((keys) => [...keys]))];
  if (configurationKeys.length > 0) {
    const states = countStates(configurationKeys.map(dceState));
    const node = foldedNode('configuration-dce', 'configuration DCE', states, (n) => linkDetail(n, 'planned'));
    nodes.push(node);
    edges.push({
      id: `${FLEET_NODE}->${node.id}`,
      source: FLEET_NODE,
      target: node.id,
      label: [
        associations.existing > 0 ? `${count(associations.existing)} associated` : '',
        associations.planned > 0 ? `+${count(associations.planned)} to associate` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      state: associations.planned > 0 ? 'planned' : 'ok',
    });
    toAmpls(node.id, `${count(states.ok)}/${count(configurationKeys.length)} linked`, node.state);
  }

  if (ingestionRules.size > 0) {
    const keys = [...ingestionRules.keys()];
    const states = countStates(keys.map((key) => ingestionState(key, ingestionRules.get(key) ?? new Set())));
    const bypassed = keys.filter((key) => !linked.has(key) && !plannedLinks.has(key)).length - states.broken;
    const node = foldedNode('ingestion-dce', 'ingestion DCE', states, (n) =>
      [
        `${count(n.ok)} linked`,
        n.planned - bypassed > 0 ? `${count(n.planned - bypassed)} to link` : '',
        bypassed > 0 ? `${count(bypassed)} bypassed` : '',
        n.broken > 0 ? `${count(n.broken)} not linked` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    );
    if (bypassed > 0) node.detail.push('rules repointed to a shared DCE');
    nodes.push(node);
    const rules = [...ingestionRules.values()].reduce((n, set) => n + set.size, 0);
    edges.push({
      id: `${FLEET_NODE}->${node.id}`,
      source: FLEET_NODE,
      target: node.id,
      label: `${count(rules)} rule${rules === 1 ? '' : 's'}`,
      state: node.state,
    });
    toAmpls(node.id, `${count(states.ok)}/${count(keys.length)} linked`, node.state);
  }

  for (const kind of ['monitor-workspace', 'log-analytics'] as const) {
    const workspaces = [...workspaceClusters.keys()]
      .map((key) => ({
        key,
        monitor: topology.monitorWorkspaces.get(key),
        logs: topology.logAnalyticsWorkspaces.get(key),
      }))
      .filter((w) => (kind === 'monitor-workspace' ? w.monitor !== undefined : w.logs !== undefined))
      .sort((a, b) => compareNatural(a.key, b.key));
    if (workspaces.length === 0) continue;
    const noun = kind === 'monitor-workspace' ? 'Azure Monitor workspace' : 'Log Analytics workspace';
    // An Azure Monitor workspace joins an AMPLS through its default DCE (DOMAIN.md rule 3).
    const linkKey = (w: (typeof workspaces)[number]) =>
      w.monitor?.defaultEndpointId === undefined ? w.key : idKey(w.monitor.defaultEndpointId);
    const ownState = (w: (typeof workspaces)[number]): NodeState => (errorResources.has(w.key) ? 'broken' : 'ok');
    const folded = workspaces.length > MAX_SHOWN_PER_KIND;
    const shown = folded
      ? [
          {
            ...foldedNode(
              kind,
              noun,
              countStates(workspaces.map((w) => worse(ownState(w), linkState(linkKey(w))))),
              (n) => linkDetail(n, 'to link'),
            ),
            clusters: workspaces.reduce((n, w) => n + (workspaceClusters.get(w.key) ?? 0), 0),
            link: countStates(workspaces.map((w) => linkState(linkKey(w)))),
          },
        ]
      : workspaces.map((w) => {
          const link = linkState(linkKey(w));
          const resource = (w.monitor ?? w.logs)?.resource;
          return {
            id: `workspace:${w.key}`,
            kind,
            title: resource?.name ?? w.key,
            detail: [`${noun} · ${(w.monitor ?? w.logs)?.region ?? ''}`],
            state: worse(ownState(w), link),
            clusters: workspaceClusters.get(w.key) ?? 0,
            link: countStates([link]),
          };
        });
    for (const { clusters, link, ...node } of shown) {
      nodes.push(node);
      edges.push({
        id: `${FLEET_NODE}->${node.id}`,
        source: FLEET_NODE,
        target: node.id,
        label: `${count(clusters)} send`,
        state: 'ok',
      });
      const linkedCount = link.ok + link.planned + link.broken;
      const edgeState = link.broken > 0 ? 'broken' : link.planned > 0 ? 'planned' : 'ok';
      toAmpls(node.id, linkedCount === 1 ? LINK_WORDS[edgeState] : `${link.ok}/${linkedCount} linked`, edgeState);
    }
  }

  const ampls = topology.privateLinkScopes.get(idKey(result.ampls.id));
  nodes.push({
    id: AMPLS_NODE,
    kind: 'ampls',
    title: result.ampls.name,
    detail: [
      `ingestion ${ampls?.ingestionAccessMode ?? 'unknown'} · query ${ampls?.queryAccessMode ?? 'unknown'}`,
      `${count(linked.size)} linked${plannedLinks.size > 0 ? ` · +${count(plannedLinks.size)} to link` : ''}`,
    ],
    state: errorResources.has(idKey(result.ampls.id)) ? 'broken' : plannedLinks.size > 0 ? 'planned' : 'ok',
  });
  const endpoints: { id: string; key: string; status: string; state: NodeState }[] = [
    ...topology.network
      .endpointsOfScope(idKey(result.ampls.id))
      .map((e) => ({ ...e, state: e.status === 'Approved' ? ('ok' as const) : ('broken' as const) })),
    ...plannedScopeEndpoints(plan.actions, result.ampls.id).map(({ id }) => ({
      id,
      key: idKey(id),
      status: 'to create',
      state: 'planned' as const,
    })),
  ].sort((a, b) => compareNatural(a.id, b.id));
  if (endpoints.length === 0) {
    nodes.push({
      id: 'pe:none',
      kind: 'private-endpoint',
      title: 'no private endpoint',
      detail: ['no network reaches the AMPLS privately'],
      state: 'broken',
    });
    edges.push({ id: `${AMPLS_NODE}->pe:none`, source: AMPLS_NODE, target: 'pe:none', label: '', state: 'broken' });
  } else if (endpoints.length > MAX_SHOWN_PER_KIND) {
    const states = countStates(endpoints.map((e) => e.state));
    const node: GraphNode = {
      id: 'pe:all',
      kind: 'private-endpoint',
      title: `${endpoints.length} private endpoints`,
      detail: [
        [
          `${states.ok} approved`,
          ...(states.broken > 0 ? [`${states.broken} not`] : []),
          ...(states.planned > 0 ? [`+${states.planned} to create`] : []),
        ].join(' · '),
      ],
      state: states.broken > 0 ? 'broken' : states.planned > 0 ? 'planned' : 'ok',
    };
    nodes.push(node);
    edges.push({ id: `${AMPLS_NODE}->pe:all`, source: AMPLS_NODE, target: node.id, label: '', state: node.state });
  } else {
    for (const endpoint of endpoints) {
      const nodeId = `pe:${endpoint.key}`;
      nodes.push({
        id: nodeId,
        kind: 'private-endpoint',
        title: endpoint.id.split('/').pop() ?? endpoint.id,
        detail: [`private endpoint · ${endpoint.status}`],
        state: endpoint.state,
      });
      edges.push({
        id: `${AMPLS_NODE}->${nodeId}`,
        source: AMPLS_NODE,
        target: nodeId,
        // The endpoint's own box says its connection state; a label only where it needs attention.
        label: endpoint.state === 'ok' ? '' : endpoint.status.toLowerCase(),
        state: endpoint.state,
      });
    }
  }

  return { nodes, edges, regions: regionCards(result, state, configurationByRegion, dceState) };
}

/** The node every edge of the flow starts from: the whole fleet in one line, its states in the next. */
function fleetNode(result: VerifyResult): GraphNode {
  const regions = new Set(result.clusters.map((c) => c.region)).size;
  const states = countClusterStates(result.clusters, clusterStateOf(result));
  return {
    id: FLEET_NODE,
    kind: 'fleet',
    title: `${count(result.clusters.length)} cluster${result.clusters.length === 1 ? '' : 's'}`,
    detail: [`in ${regions} region${regions === 1 ? '' : 's'}`, clusterStatesText(states)],
    state: states.broken > 0 ? 'broken' : states.fixed + states.planned > 0 ? 'planned' : 'ok',
  };
}

/** "11 broken · 3 to fix · 86 to change", or "all 100 ok": what a card and the fleet node say about their clusters. */
export function clusterStatesText(states: Record<ClusterState, number>): string {
  const words: Record<ClusterState, string> = {
    broken: 'broken',
    fixed: 'to fix',
    planned: 'to change',
    unknown: 'unknown',
    ok: 'ok',
  };
  const total = CLUSTER_STATES.reduce((n, s) => n + states[s], 0);
  if (states.ok === total) return total === 1 ? 'ok' : `all ${count(total)} ok`;
  return CLUSTER_STATES.filter((s) => states[s] > 0)
    .map((s) => `${count(states[s])} ${words[s]}`)
    .join(' · ');
}

/**
 * A cluster whose metrics or logs are broken is broken unless every error about it has a fix in the plan (then it is
 * to fix); one a fix of the plan concerns is planned; unknown signals are unknown.
 */
export function clusterStateOf(result: VerifyResult): (verdict: ClusterVerdict) => ClusterState {
  const unfixed = new Set<string>();
  const fixed = new Set<string>();
  for (const finding of result.findings) {
    const into = finding.fixActions.length > 0 ? fixed : finding.severity === 'error' ? unfixed : undefined;
    for (const cluster of into === undefined ? [] : finding.clusters) into?.add(idKey(cluster));
  }
  return (verdict) => {
    const key = idKey(verdict.id);
    if (verdict.metrics === 'broken' || verdict.logs === 'broken')
      return fixed.has(key) && !unfixed.has(key) ? 'fixed' : 'broken';
    if (fixed.has(key)) return 'planned';
    return verdict.metrics === 'unknown' || verdict.logs === 'unknown' ? 'unknown' : 'ok';
  };
}

export function countClusterStates(
  verdicts: readonly ClusterVerdict[],
  state: (verdict: ClusterVerdict) => ClusterState,
): Record<ClusterState, number> {
  const counts: Record<ClusterState, number> = { broken: 0, fixed: 0, planned: 0, unknown: 0, ok: 0 };
  for (const verdict of verdicts) counts[state(verdict)] += 1;
  return counts;
}

function regionCards(
  result: VerifyResult,
  state: (verdict: ClusterVerdict) => ClusterState,
  configurationByRegion: Map<string, Set<string>>,
  dceState: (key: string) => NodeState,
): RegionCard[] {
  const byRegion = new Map<string, ClusterVerdict[]>();
  for (const verdict of result.clusters) {
    const list = byRegion.get(verdict.region);
    if (list) list.push(verdict);
    else byRegion.set(verdict.region, [verdict]);
  }
  const changes = new Map(result.plan.summary.regions.map((r) => [r.region, r.create + r.update]));
  const cards = [...byRegion.entries()]
    .sort(([a], [b]) => compareNatural(a, b))
    .map(([region, verdicts]): RegionCard => {
      const states = countClusterStates(verdicts, state);
      const dces = countStates([...(configurationByRegion.get(region) ?? [])].map(dceState));
      return {
        region,
        clusters: verdicts.length,
        states,
        arc: verdicts.filter((v) => v.kind === 'arc').length,
        changes: changes.get(region) ?? 0,
        configurationDces: dces,
        state: cardState(states, dces),
      };
    });
  if (cards.length <= MAX_REGION_CARDS) return cards;
  const rest = cards.slice(MAX_REGION_CARDS - 1);
  const sum = <K extends string>(pick: (card: RegionCard) => Record<K, number>, keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, rest.reduce((n, card) => n + pick(card)[k], 0)])) as Record<K, number>;
  const states = sum((card) => card.states, CLUSTER_STATES);
  const dces = sum((card) => card.configurationDces, ['ok', 'planned', 'broken'] as const);
  return [
    ...cards.slice(0, MAX_REGION_CARDS - 1),
    {
      region: `${rest.length} more regions`,
      clusters: rest.reduce((n, card) => n + card.clusters, 0),
      states,
      arc: rest.reduce((n, card) => n + card.arc, 0),
      changes: rest.reduce((n, card) => n + card.changes, 0),
      configurationDces: dces,
      state: cardState(states, dces),
    },
  ];
}

function cardState(states: Record<ClusterState, number>, dces: Record<NodeState, number>): ClusterState {
  if (states.broken > 0 || dces.broken > 0) return 'broken';
  if (states.fixed > 0 || states.planned > 0 || dces.planned > 0) return 'planned';
  return states.unknown > 0 ? 'unknown' : 'ok';
}

/** One node for all resources of a kind: "20 configuration DCEs", its states counted under it. */
function foldedNode(
  kind: GraphNode['kind'],
  noun: string,
  states: Record<NodeState, number>,
  detail: (states: Record<NodeState, number>) => string,
): GraphNode {
  const total = states.ok + states.planned + states.broken;
  return {
    id: `${kind}:all`,
    kind,
    title: `${count(total)} ${noun}${total === 1 ? '' : 's'}`,
    detail: [detail(states)],
    state: states.broken > 0 ? 'broken' : states.planned > 0 ? 'planned' : 'ok',
  };
}

function linkDetail(states: Record<NodeState, number>, plannedWord: string): string {
  return [
    `${count(states.ok)} linked`,
    states.planned > 0 ? `${count(states.planned)} ${plannedWord}` : '',
    states.broken > 0 ? `${count(states.broken)} not linked` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function countStates(states: readonly NodeState[]): Record<NodeState, number> {
  const counts: Record<NodeState, number> = { ok: 0, planned: 0, broken: 0 };
  for (const s of states) counts[s] += 1;
  return counts;
}

function worse(a: NodeState, b: NodeState): NodeState {
  return WORSE[a] >= WORSE[b] ? a : b;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function count(n: number): string {
  return n.toLocaleString('en-US');
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

/** Rules the plan points at another DCE (shared ingestion). */
function repointedRules(actions: readonly PlanAction[]): Set<string> {
  const keys = new Set<string>();
  for (const action of actions) {
    if (action.resourceType === RESOURCE_TYPES.dataCollectionRule && endpointIdOf(action) !== undefined)
      keys.add(idKey(action.id));
  }
  return keys;
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
