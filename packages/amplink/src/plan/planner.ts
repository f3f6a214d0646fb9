import { AmplinkError, shownInput } from '../model/errors.js';
import { idKey, parseResourceId, sameId } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { Cluster, PrivateLinkScope, ScopedResource, Topology } from '../model/topology.js';
import { analyseCluster, type ClusterMonitoring } from './analyse-cluster.js';
import {
  planConfigurationEndpoints,
  type ConfigurationEndpointPlan,
  type RegionEndpoint,
} from './configuration-endpoints.js';
import { requireDestinationLinks } from './destinations.js';
import { AMPLS_WRITE_SECONDS, AUTO_SHARED_THRESHOLD_WRITES, estimateApply } from './estimate.js';
import { sortFindings } from './findings.js';
import { GroupedFindings } from './grouped-findings.js';
import { InProgress } from './in-progress.js';
import { checkLimits } from './limits.js';
import { clustersOf, LinkNeeds, type LinkNeed } from './link-needs.js';
import { assertEndpointPattern, scopedResourceName } from './naming.js';
import { clusterSelector, resolveOptions, type PlanOptions, type ResolvedOptions } from './options.js';
import { assertSelectionMatches } from './empty-selection.js';
import { summarise } from './summary.js';
import { SharedIngestion } from './shared-ingestion.js';
import type { ApplyEstimate, Finding, IngestionDecision, Plan, PlanAction } from './types.js';
import { orderActions } from './action-order.js';
import { parseNetworkOptions, planPrerequisites, type PrerequisitePlan } from './prerequisites.js';
import { plannedScope } from './planned-scope.js';
import { remoteWriteFindings, remoteWriteRole, remoteWriteTarget, type RemoteWriteTarget } from './remote-write.js';
import { firewallClusters } from './firewall-clusters.js';
import { planFirewallRules } from './firewall-rules.js';
import {
  POINTS_AT_ENDPOINT,
  keptPublic,
  configurationRole,
  createEndpointAction,
  ingestionEndpointAction,
  ruleUpdateAction,
  associationAction,
  linkAction,
} from './plan-actions.js';

/**
 * New DCEs go to a subscription amplink has seen: a subscription's name typed where its id belongs (an id grammar
 * cannot tell `platform-prod` from an id) would otherwise become a request path.
 */
function assertKnownSubscription(topology: Topology, groupId: string): void {
  const subscription = parseResourceId(groupId).subscriptionId;
  const prefix = `/subscriptions/${subscription.toLowerCase()}/`;
  if (topology.resources.some((r) => r.key.startsWith(prefix))) return;
  const known = [...new Set(topology.resources.map((r) => r.key.split('/')[2] ?? ''))].sort().slice(0, 10);
  throw new AmplinkError({
    code: 'AMPL_PLAN_E0009',
    message: `--dce-resource-group names subscription '${shownInput(subscription)}', which holds none of the discovered resources (seen: ${known.join(', ')}).`,
    fix: 'Give the subscription by its id (az account list --query "[].{name:name, id:id}" -o table), one that discovery reads.',
  });
}

/**
 * The exact changes the procedure needs, with a reason for each. Pure: no I/O, the topology is not changed,
 * and the same world in any order gives the same plan, byte for byte. Internal: `plan()` (plan.ts) is the entry,
 * which passes `noPrivatePath` so that a new DCE never cuts a cluster off; without it, new DCEs take the options as
 * they are.
 */
export function planOnce(
  topology: Topology,
  options: PlanOptions,
  noPrivatePath?: (cluster: Cluster) => boolean,
): Plan {
  const resolved = resolveOptions({
    ...options,
    ...(options.azureRegions === undefined && topology.azureRegions && { azureRegions: topology.azureRegions }),
  });
  assertEndpointPattern(resolved.endpointNamePattern);
  const request = parseNetworkOptions(options);
  const discovered = topology.privateLinkScopes.get(resolved.ampls.key);
  const create = discovered === undefined ? resolved.createAmpls : undefined;
  const scope = discovered ?? (create === undefined ? undefined : plannedScope(resolved.ampls, create));
  if (scope === undefined) {
    throw new AmplinkError({
      code: 'AMPL_PLAN_E0001',
      message: `AMPLS ${resolved.ampls.id} is not among the discovered resources.`,
      fix: 'Check the id (az monitor private-link-scope list --query "[].id"), and that its subscription is discovered or in the snapshot.',
    });
  }

  if (options.newEndpoints?.resourceGroupId !== undefined) assertKnownSubscription(topology, resolved.endpointGroupId);
  const selected = topology.clusters.filter(clusterSelector(resolved.filter));
  assertSelectionMatches(resolved.filter, topology.clusters, selected.length);
  const analyses = selected.map((cluster) => analyseCluster(topology, cluster));
  const monitored = analyses.filter((a) => a.monitored);
  const configuration = planConfigurationEndpoints(topology, monitored, resolved);
  const prerequisites = planPrerequisites({
    topology,
    scope: {
      id: scope.resource.id,
      key: scope.resource.key,
      name: scope.resource.name,
      ...(create !== undefined && { create }),
    },
    request,
    monitored,
    privateEndpointsPerScope: resolved.limits.privateEndpointsPerScope,
  });
  const remoteWrite = options.remoteWrite && {
    target: remoteWriteTarget(topology, options.remoteWrite.workspaceId),
    findings: remoteWriteFindings(topology, scope, options.remoteWrite),
    vnetName: parseResourceId(options.remoteWrite.vnetId).name,
  };
  const prepared: Prepared = {
    topology,
    resolved,
    scope,
    analyses,
    monitored,
    configuration,
    noPrivatePath,
    prerequisites,
    remoteWrite,
  };

  const requested = resolved.ingestionEndpoints;
  if (requested !== 'auto') {
    const only = assemble(prepared, requested);
    return withIngestion(only, {
      requested,
      chosen: requested,
      reason: `asked for (--ingestion-endpoints ${requested})`,
    });
  }
  // The shared plan in full, the per-cluster one only as far as its estimate: at fleet scale auto chooses shared, and
  // the per-cluster plan of 10,000 clusters (10,000 links) is then only shown as a duration. The per-cluster assembly
  // does not see what the shared one added to the configuration choices (regions' DCEs for shared logs only).
  const shared = assemble(prepared, 'shared');
  const perClusterOutline = outline(prepared, 'per-cluster');
  const perClusterWrites = perClusterOutline.estimate.amplsWrites;
  const sharedBlocked = shared.summary.status === 'blocked';
  const alreadyShared = sharesIngestion(topology, monitored);
  const choice: { chosen: 'shared' | 'per-cluster'; reason: string } =
    perClusterOutline.blocked && !sharedBlocked
      ? { chosen: 'shared', reason: 'the per-cluster plan is blocked (see its errors), the shared one is not' }
      : perClusterWrites > AUTO_SHARED_THRESHOLD_WRITES
        ? {
            chosen: 'shared',
            reason: `the per-cluster plan needs ${perClusterWrites} AMPLS writes, more than ${AUTO_SHARED_THRESHOLD_WRITES} (half an hour of writes at about ${AMPLS_WRITE_SECONDS} s each, one at a time: DOMAIN.md "Time"); shared needs ${amplsWrites(shared)}`,
          }
        : alreadyShared && !sharedBlocked
          ? {
              chosen: 'shared',
              reason: `some selected clusters already ingest through shared endpoints (${alreadyShared}), so the fleet keeps one layout`,
            }
          : {
              chosen: 'per-cluster',
              reason: `the per-cluster plan needs ${perClusterWrites} AMPLS write${perClusterWrites === 1 ? '' : 's'}, at most ${AUTO_SHARED_THRESHOLD_WRITES} (half an hour of writes at about ${AMPLS_WRITE_SECONDS} s each: DOMAIN.md "Time"), so every rule keeps its own DCE`,
            };
  const chosen = choice.chosen === 'shared' ? shared : assemble(prepared, 'per-cluster');
  const otherEstimate = choice.chosen === 'shared' ? perClusterOutline.estimate : (shared.estimate as ApplyEstimate);
  const result = withIngestion(chosen, { requested, chosen: choice.chosen, reason: choice.reason });
  result.estimate = {
    ...(result.estimate as ApplyEstimate),
    otherMode: {
      mode: choice.chosen === 'shared' ? 'per-cluster' : 'shared',
      seconds: otherEstimate.seconds,
      amplsWrites: otherEstimate.amplsWrites,
      otherWrites: otherEstimate.otherWrites,
    },
  };
  return result;
}

interface Prepared {
  topology: Topology;
  resolved: ResolvedOptions;
  scope: PrivateLinkScope;
  analyses: ClusterMonitoring[];
  monitored: ClusterMonitoring[];
  configuration: ConfigurationEndpointPlan;
  noPrivatePath: ((cluster: Cluster) => boolean) | undefined;
  prerequisites: PrerequisitePlan;
  remoteWrite: { target: RemoteWriteTarget; findings: Finding[]; vnetName: string } | undefined;
}

function amplsWrites(result: Plan): number {
  return result.actions.filter((a) => a.resourceType === RESOURCE_TYPES.scopedResource).length;
}

/** The plan with its ingestion decision, in the documented key order (README.md: Plan format). */
function withIngestion(result: Plan, decision: IngestionDecision): Plan {
  const { estimate, ...rest } = result;
  return { ...rest, ingestionEndpoints: decision, ...(estimate && { estimate }) };
}

/** A rule of the selection that already sends through its workspace's default DCE, named; '' when none does. */
function sharesIngestion(topology: Topology, monitored: readonly ClusterMonitoring[]): string {
  for (const { prometheusRules } of monitored) {
    for (const rule of prometheusRules) {
      if (rule.endpointId === undefined || rule.monitoringAccountIds.length !== 1) continue;
      const workspace = topology.monitorWorkspaces.get(idKey(rule.monitoringAccountIds[0] as string));
      if (workspace?.defaultEndpointId !== undefined && sameId(workspace.defaultEndpointId, rule.endpointId)) {
        return `rule ${rule.resource.name} sends through ${workspace.resource.name}'s default DCE`;
      }
    }
  }
  return '';
}

type Mode = 'per-cluster' | 'shared';

/** The plan in one mode, as the user sees it: actions in apply's order, findings sorted, the summary and estimate. */
function assemble(prepared: Prepared, mode: Mode): Plan {
  const drafted = draft(prepared, mode);
  const { actions, findings: unsorted, blocked, touched } = drafted;
  const findings = sortFindings(unsorted);
  if (!blocked) addLinks(prepared, drafted);
  const ordered = blocked ? [] : orderActions(actions);
  return {
    schemaVersion: 1,
    ampls: { id: prepared.scope.resource.id, name: prepared.scope.resource.name },
    actions: ordered,
    findings,
    summary: summarise({ analyses: prepared.analyses, actions: ordered, findings, blocked, touched }),
    estimate: estimateApply(ordered),
  };
}

/** A mode's plan as far as auto's choice needs it: whether it is blocked, and its estimate (which needs no order). */
function outline(prepared: Prepared, mode: Mode): { blocked: boolean; estimate: ApplyEstimate } {
  const { actions, newLinks, blocked } = draft(prepared, mode);
  // Each link is a write to the AMPLS: what the estimate counts, without making the 10,000 links' actions.
  const linkWrites = newLinks.map(() => ({
    resourceType: RESOURCE_TYPES.scopedResource,
    id: prepared.scope.resource.id,
  }));
  return { blocked, estimate: estimateApply(blocked ? [] : [...actions, ...linkWrites]) };
}

interface Draft {
  actions: PlanAction[];
  findings: Finding[];
  blocked: boolean;
  touched: Set<string>;
  /** The links to write, each to be made an action, and the AMPLS's links and names as they are. */
  newLinks: LinkNeed[];
  linked: Map<string, ScopedResource>;
  takenNames: Set<string>;
}

/** The links' actions, and every action that points at a DCE waits for that DCE's link. */
function addLinks(prepared: Prepared, drafted: Draft): void {
  const { scope, prerequisites } = prepared;
  const { actions, newLinks, linked, takenNames } = drafted;
  const linkOf = new Map<string, string>();
  for (const need of newLinks) {
    // A link Azure left Failed is written again under its own name (a second one would be refused as a duplicate).
    const failed = linked.get(need.key);
    const name = failed?.resource.name ?? scopedResourceName(need.name, need.key, takenNames);
    takenNames.add(name.toLowerCase());
    const link = linkAction(need, scope.resource.id, scope.resource.name, name, failed?.resource);
    if (prerequisites.amplsCreate) link.dependsOn.push(prerequisites.amplsCreate.id);
    linkOf.set(need.key, link.id);
    actions.push(link);
  }
  // A cluster (or its rule) is pointed at a DCE only once that DCE is in the AMPLS: pointed at it earlier, a cluster
  // behind the private endpoint would lose its configuration (-2146172665), or its data, if the link then failed.
  for (const action of actions) {
    if (!POINTS_AT_ENDPOINT.has(action.resourceType)) continue;
    const endpoint = String((action.body['properties'] as Record<string, unknown>)['dataCollectionEndpointId']);
    const link = linkOf.get(idKey(endpoint));
    if (link !== undefined) action.dependsOn.push(link);
  }
}

/** The actions of a mode, in the order they were made, and its findings, unsorted. */
function draft(prepared: Prepared, mode: Mode): Draft {
  const { topology, resolved, scope, analyses, monitored, configuration, noPrivatePath, prerequisites, remoteWrite } =
    prepared;
  const problems = new GroupedFindings();
  const needs = new LinkNeeds();
  const inScope = topology.scopedResourcesByScope.get(scope.resource.key) ?? [];
  const shared =
    mode === 'shared'
      ? new SharedIngestion(topology, new Set(inScope.map((s) => idKey(s.linkedResourceId))), (region) =>
          configuration.endpointFor(region),
        )
      : undefined;
  for (const monitoring of monitored) requireDestinationLinks(topology, monitoring, needs, problems, shared);
  const actions: PlanAction[] = [];
  const regionClusters = new Map<string, ClusterMonitoring[]>();
  for (const { monitoring } of configuration.reassigned) {
    const list = regionClusters.get(monitoring.cluster.region) ?? [];
    list.push(monitoring);
    regionClusters.set(monitoring.cluster.region, list);
  }
  for (const { monitoring, endpoint } of configuration.kept) {
    const target = { resource: endpoint.resource, label: 'DCE', region: endpoint.region };
    needs.add(
      target,
      configurationRole(monitoring.cluster.region),
      monitoring.cluster.id.id,
      monitoring.cluster.id.name,
    );
  }
  const pointedAt = new Map<PlanAction, { cluster: Cluster; choice: RegionEndpoint }>();
  for (const { monitoring, problem } of configuration.reassigned) {
    const choice = configuration.regions.get(monitoring.cluster.region);
    if (choice === undefined) continue;
    const association = associationAction(monitoring, choice, problem);
    actions.push(association);
    pointedAt.set(association, { cluster: monitoring.cluster, choice });
    const target =
      'create' in choice
        ? {
            resource: { id: choice.create.id, key: choice.create.id.toLowerCase(), name: choice.create.name },
            label: 'DCE',
            region: choice.region,
            createdBy: choice.create.id,
          }
        : { resource: choice.existing.resource, label: 'DCE', region: choice.region };
    needs.add(target, configurationRole(choice.region), monitoring.cluster.id.id, monitoring.cluster.id.name);
  }
  for (const redirect of shared?.redirects.values() ?? [])
    actions.push(ruleUpdateAction(redirect, scope.resource.name));
  if (remoteWrite) {
    const { target, vnetName } = remoteWrite;
    needs.addForSite(
      { resource: target.endpoint.resource, label: 'DCE', region: target.endpoint.region },
      remoteWriteRole(target, vnetName),
    );
  }

  const linked = new Map(inScope.map((s) => [idKey(s.linkedResourceId), s]));
  const takenNames = new Set(inScope.map((s) => s.resource.name.toLowerCase()));
  const busy = new InProgress(topology, scope.resource.name);
  const newLinks: LinkNeed[] = [];
  for (const need of needs.sorted()) {
    const link = linked.get(need.key);
    // A write to a link (or for a DCE) Azure is still working on would be refused (409): wait for it to end.
    if (link?.provisioning === 'in-progress') busy.hold(need.key, link.resource);
    else if (need.createdBy === undefined && busy.isBusy(need.key)) busy.hold(need.key, topology.byKey.get(need.key));
    else if (link?.provisioning !== 'done') newLinks.push(need);
  }
  for (let i = actions.length - 1; i >= 0; i--) {
    const action = actions[i] as PlanAction;
    if (!POINTS_AT_ENDPOINT.has(action.resourceType)) continue;
    const endpoint = String((action.body['properties'] as Record<string, unknown>)['dataCollectionEndpointId']);
    if (busy.holdsBack(action, endpoint)) {
      actions.splice(i, 1);
      pointedAt.delete(action);
    }
  }
  // Clusters by their id as the Topology holds it, the one string every list here carries: no lower-cased copies.
  const touched = new Set(configuration.reassigned.map((r) => r.monitoring.cluster.id.id));
  for (const need of newLinks) for (const id of clustersOf(need)) touched.add(id);
  for (const redirect of shared?.redirects.values() ?? []) for (const id of redirect.clusterIds) touched.add(id);

  // Rule 5: the firewalls the clusters send through (only when some cluster routes its egress itself).
  const firewall = planFirewallRules(
    topology.network,
    firewallClusters({ topology, monitored, configuration, shared }),
    resolved.firewallRules,
  );
  actions.push(...firewall.actions);
  for (const cluster of firewall.clusters) touched.add(cluster.id.id);

  const blocking = [...configuration.conflicts, ...checkLimits(topology, scope, newLinks, resolved.limits)];
  const findings = [
    ...firewall.findings,
    ...analyses.flatMap((a) => a.findings),
    ...problems.findings(),
    ...blocking,
    ...busy.findings(),
    ...resolved.findings,
    ...prerequisites.findings,
    ...(remoteWrite?.findings ?? []),
  ];
  const blocked = findings.some((f) => f.severity === 'error');
  if (!blocked) {
    // Fresh copies: both assemblies (per-cluster and shared) take the same prerequisites.
    actions.push(...prerequisites.actions.map((a) => ({ ...a, dependsOn: [...a.dependsOn] })));
    const endpointOptions =
      noPrivatePath === undefined
        ? resolved
        : { ...resolved, keepPublicAccess: keptPublic(resolved, pointedAt.values(), noPrivatePath) };
    for (const choice of configuration.regions.values()) {
      if ('create' in choice)
        actions.push(createEndpointAction(choice, regionClusters.get(choice.region) ?? [], endpointOptions));
    }
    // DCEs made only for shared logs ingestion (a workspace region without a configuration DCE).
    const served = new Map<string, string[]>();
    for (const redirect of shared?.redirects.values() ?? []) {
      const created = redirect.target.createdBy;
      if (created !== undefined) served.set(created, [...(served.get(created) ?? []), ...redirect.clusterNames]);
    }
    for (const choice of configuration.otherRegions.values()) {
      if ('create' in choice && served.has(choice.create.id)) {
        actions.push(ingestionEndpointAction(choice, served.get(choice.create.id) ?? [], endpointOptions));
      }
    }
  }
  return { actions, findings, blocked, touched, newLinks, linked, takenNames };
}
