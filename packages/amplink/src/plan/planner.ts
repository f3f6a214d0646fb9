import { AmplinkError, shownInput } from '../model/errors.js';
import { provisioningStateText } from '../model/provisioning-state.js';
import { containerScope, extensionResourceId, idKey, parseResourceId, sameId } from '../model/resource-id.js';
import { CONFIGURATION_ASSOCIATION_NAME, RESOURCE_TYPES, type ArmResource } from '../model/resources.js';
import type { Cluster, PrivateLinkScope, Topology } from '../model/topology.js';
import { ASSOCIATION_DESCRIPTION, endpointDescription } from './action-bodies.js';
import { analyseCluster, type ClusterMonitoring } from './analyse-cluster.js';
import { API_VERSIONS } from './api-versions.js';
import {
  planConfigurationEndpoints,
  type ConfigurationEndpointPlan,
  type RegionEndpoint,
} from './configuration-endpoints.js';
import { requireDestinationLinks } from './destinations.js';
import { AMPLS_WRITE_SECONDS, AUTO_SHARED_THRESHOLD_WRITES, estimateApply } from './estimate.js';
import { compareKeys, firstInOrder, nameSome, nameSomeInOrder, plural, sortFindings } from './findings.js';
import { GroupedFindings } from './grouped-findings.js';
import { InProgress } from './in-progress.js';
import { checkLimits } from './limits.js';
import { clustersOf, describeRoles, LinkNeeds, rulesOf, type LinkNeed, type LinkRole } from './link-needs.js';
import { assertEndpointPattern, scopedResourceName } from './naming.js';
import { clusterSelector, resolveOptions, type PlanOptions, type ResolvedOptions } from './options.js';
import { assertSelectionMatches } from './empty-selection.js';
import { summarise } from './summary.js';
import { SharedIngestion, type RuleRedirect } from './shared-ingestion.js';
import type { ApplyEstimate, IngestionDecision, Plan, PlanAction } from './types.js';

const CLUSTERS_LISTED = 20;

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
  const scope = topology.privateLinkScopes.get(resolved.ampls.key);
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
  const prepared: Prepared = { topology, resolved, scope, analyses, monitored, configuration, noPrivatePath };

  const requested = resolved.ingestionEndpoints;
  if (requested !== 'auto') {
    const only = assemble(prepared, requested);
    return withIngestion(only, {
      requested,
      chosen: requested,
      reason: `asked for (--ingestion-endpoints ${requested})`,
    });
  }
  // Per-cluster first: the shared assembly may add regions' DCEs to the shared configuration choices.
  const perCluster = assemble(prepared, 'per-cluster');
  const shared = assemble(prepared, 'shared');
  const perClusterWrites = amplsWrites(perCluster);
  const alreadyShared = sharesIngestion(topology, monitored);
  const choice =
    perCluster.summary.status === 'blocked' && shared.summary.status !== 'blocked'
      ? { chosen: shared, reason: 'the per-cluster plan is blocked (see its errors), the shared one is not' }
      : perClusterWrites > AUTO_SHARED_THRESHOLD_WRITES
        ? {
            chosen: shared,
            reason: `the per-cluster plan needs ${perClusterWrites} AMPLS writes, more than ${AUTO_SHARED_THRESHOLD_WRITES} (half an hour of writes at about ${AMPLS_WRITE_SECONDS} s each, one at a time: DOMAIN.md "Time"); shared needs ${amplsWrites(shared)}`,
          }
        : alreadyShared && shared.summary.status !== 'blocked'
          ? {
              chosen: shared,
              reason: `some selected clusters already ingest through shared endpoints (${alreadyShared}), so the fleet keeps one layout`,
            }
          : {
              chosen: perCluster,
              reason: `the per-cluster plan needs ${perClusterWrites} AMPLS write${perClusterWrites === 1 ? '' : 's'}, at most ${AUTO_SHARED_THRESHOLD_WRITES} (half an hour of writes at about ${AMPLS_WRITE_SECONDS} s each: DOMAIN.md "Time"), so every rule keeps its own DCE`,
            };
  const other = choice.chosen === shared ? perCluster : shared;
  const otherEstimate = other.estimate as ApplyEstimate;
  const result = withIngestion(choice.chosen, {
    requested,
    chosen: choice.chosen === shared ? 'shared' : 'per-cluster',
    reason: choice.reason,
  });
  result.estimate = {
    ...(result.estimate as ApplyEstimate),
    otherMode: {
      mode: choice.chosen === shared ? 'per-cluster' : 'shared',
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

function assemble(prepared: Prepared, mode: 'per-cluster' | 'shared'): Plan {
  const { topology, resolved, scope, analyses, monitored, configuration, noPrivatePath } = prepared;
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

  const linked = new Map(inScope.map((s) => [s.linkedResourceId.toLowerCase(), s]));
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
  const linkOf = new Map<string, string>();
  for (const need of newLinks) {
    // A link Azure left Failed is written again under its own name (a second one would be refused as a duplicate).
    const failed = linked.get(need.key);
    const name = failed?.resource.name ?? scopedResourceName(need.name, need.key, takenNames);
    takenNames.add(name.toLowerCase());
    const link = linkAction(need, scope.resource.id, scope.resource.name, name, failed?.resource);
    linkOf.set(need.key, link.id);
    actions.push(link);
  }
  // A cluster (or its rule) is pointed at a DCE only once that DCE is in the AMPLS: pointed at it earlier, a cluster
  // behind the private endpoint would lose its configuration (-2146172665), or its data, if the link then failed.
  for (const action of actions) {
    if (!POINTS_AT_ENDPOINT.has(action.resourceType)) continue;
    const endpoint = String((action.body['properties'] as Record<string, unknown>)['dataCollectionEndpointId']);
    const link = linkOf.get(endpoint.toLowerCase());
    if (link !== undefined) action.dependsOn.push(link);
  }

  const touched = new Set(configuration.reassigned.map((r) => r.monitoring.cluster.id.key));
  for (const need of newLinks) for (const id of clustersOf(need)) touched.add(id.toLowerCase());
  for (const redirect of shared?.redirects.values() ?? []) for (const id of redirect.clusterIds) touched.add(idKey(id));

  const blocking = [...configuration.conflicts, ...checkLimits(topology, scope, newLinks, resolved.limits)];
  const findings = sortFindings([
    ...analyses.flatMap((a) => a.findings),
    ...problems.findings(),
    ...blocking,
    ...busy.findings(),
    ...resolved.findings,
  ]);
  const blocked = findings.some((f) => f.severity === 'error');
  if (!blocked) {
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
  const ordered = blocked ? [] : orderActions(actions);
  return {
    schemaVersion: 1,
    ampls: { id: scope.resource.id, name: scope.resource.name },
    actions: ordered,
    findings,
    summary: summarise({ analyses, actions: ordered, findings, blocked, touched }),
    estimate: estimateApply(ordered),
  };
}

/** The actions that point something at a DCE: they wait for that DCE's link, and for Azure to finish with it. */
const POINTS_AT_ENDPOINT: ReadonlySet<string> = new Set([
  RESOURCE_TYPES.dataCollectionRuleAssociation,
  RESOURCE_TYPES.dataCollectionRule,
]);

/**
 * Where a new DCE keeps public access Enabled, and why: the regions where some cluster it will serve has no private
 * path, so it fetches its configuration over the internet (verify reports AMPL_VERIFY_E0022 otherwise). Regions the
 * caller already kept stay as given.
 */
function keptPublic(
  options: ResolvedOptions,
  pointedAt: Iterable<{ cluster: Cluster; choice: RegionEndpoint }>,
  noPrivatePath: (cluster: Cluster) => boolean,
): Map<string, string> {
  const cutOff = new Map<string, Set<string>>();
  for (const { cluster, choice } of pointedAt) {
    if (!('create' in choice) || options.keepPublicAccess.has(choice.region) || !noPrivatePath(cluster)) continue;
    const names = cutOff.get(choice.region) ?? new Set<string>();
    names.add(cluster.id.name);
    cutOff.set(choice.region, names);
  }
  const kept = new Map(options.keepPublicAccess);
  for (const [region, names] of cutOff) {
    const one = names.size === 1;
    kept.set(
      region,
      `${[...names].sort(compareKeys).join(', ')} ${one ? 'has' : 'have'} no private path to the AMPLS and fetch${one ? 'es' : ''} configuration from it over the internet (verify AMPL_VERIFY_E0022 otherwise)`,
    );
  }
  return kept;
}

function configurationRole(region: string): LinkRole {
  return {
    key: `configuration:${region}`,
    rule: 1,
    describe: (names) => `configuration endpoint of ${names} in ${region}`,
  };
}

function listClusters(clusters: readonly ClusterMonitoring[]): string[] {
  return firstInOrder(
    clusters.map((c) => c.cluster.id.id),
    CLUSTERS_LISTED,
    compareKeys,
  );
}

function createEndpointAction(
  choice: Extract<RegionEndpoint, { create: unknown }>,
  clusters: readonly ClusterMonitoring[],
  options: ResolvedOptions,
): PlanAction {
  const names = nameSomeInOrder(clusters.map((c) => c.cluster.id.name));
  const keptPublic = options.keepPublicAccess.get(choice.region);
  const publicNetworkAccess = keptPublic === undefined ? options.publicNetworkAccess : 'Enabled';
  return {
    kind: 'create',
    resourceType: RESOURCE_TYPES.dataCollectionEndpoint,
    id: choice.create.id,
    apiVersion: API_VERSIONS.dataCollectionEndpoints,
    body: {
      location: choice.region,
      tags: sortedRecord(options.endpointTags),
      properties: {
        description: endpointDescription(choice.region),
        networkAcls: { publicNetworkAccess },
      },
    },
    rules: [1],
    reason:
      `No DCE in ${choice.region} can serve as configuration endpoint for ${plural(clusters.length, 'cluster')} (${names}): agents fetch their configuration from a DCE in their own region, and one DCE per region serves metrics and logs alike.` +
      (keptPublic === undefined ? '' : ` Public network access stays Enabled: ${keptPublic}.`),
    permissions: [{ action: 'Microsoft.Insights/dataCollectionEndpoints/write', scope: options.endpointGroupId }],
    dependsOn: [],
    region: choice.region,
    clusterCount: clusters.length,
    clusters: listClusters(clusters),
  };
}

/** A DCE made only to carry the high-scale logs of a workspace region's clusters (shared ingestion). */
function ingestionEndpointAction(
  choice: Extract<RegionEndpoint, { create: unknown }>,
  clusterNames: readonly string[],
  options: ResolvedOptions,
): PlanAction {
  const action = createEndpointAction(choice, [], options);
  const names = nameSome([...new Set(clusterNames)].sort(compareKeys));
  action.reason = `No DCE in ${choice.region} can carry the high-scale Container insights logs of ${names} to their workspace in ${choice.region}: shared ingestion sends them through one DCE of the workspace's region (named like the configuration DCEs, so that it also serves clusters of ${choice.region} later) instead of linking each cluster's own DCE to the AMPLS.`;
  action.rules = [4];
  return action;
}

/**
 * Points a rule at a shared DCE: read-modify-write of `properties.dataCollectionEndpointId` only, with the rule's etag
 * (apply reads the rule, changes that one property and writes it back with If-Match); the body is the change.
 */
function ruleUpdateAction(redirect: RuleRedirect, scopeName: string): PlanAction {
  const { rule, target } = redirect;
  const own = rule.endpointId as string;
  const ownName = own.split('/').pop() ?? own;
  const names = nameSome([...redirect.clusterNames].sort(compareKeys));
  const what =
    redirect.kind === 'prometheus'
      ? `Prometheus rule ${rule.resource.name} of ${names} ingests through its own DCE ${ownName}`
      : `High-scale Container insights rule ${rule.resource.name} of ${names} ingests through its own DCE ${ownName}`;
  const rebuild =
    redirect.kind === 'prometheus'
      ? 're-enabling managed Prometheus on the cluster (az aks update --enable-azure-monitor-metrics) writes the rule back to its own DCE'
      : 're-enabling the monitoring add-on on the cluster (az aks enable-addons -a monitoring) writes the rule back to its own DCE';
  const etag = typeof rule.resource.raw['etag'] === 'string' ? { etag: rule.resource.raw['etag'] } : {};
  return {
    kind: 'update',
    resourceType: RESOURCE_TYPES.dataCollectionRule,
    id: rule.resource.id,
    apiVersion: API_VERSIONS.dataCollectionRules,
    body: { properties: { dataCollectionEndpointId: target.resource.id } },
    rules: [redirect.kind === 'prometheus' ? 2 : 4],
    reason:
      `${what}, which is not in AMPLS ${scopeName}. Shared ingestion points the rule at ${redirect.why} instead of adding one AMPLS link per cluster (about ${AMPLS_WRITE_SECONDS} s each, one at a time). ` +
      `Only properties.dataCollectionEndpointId changes (apply reads the rule and writes it back with its etag); ${ownName} stays (amplink never deletes). ` +
      `Trade-off: ${rebuild}; amplink verify reports that drift (AMPL_VERIFY_E0009) and apply points it back.`,
    permissions: [{ action: `${RESOURCE_TYPES.dataCollectionRule}/write`, scope: rule.resource.id }],
    dependsOn: target.createdBy === undefined ? [] : [target.createdBy],
    region: rule.region,
    current: { dataCollectionEndpointId: own, ...etag },
    clusterCount: new Set(redirect.clusterIds).size,
    clusters: [...new Set(redirect.clusterIds)].sort(compareKeys).slice(0, CLUSTERS_LISTED),
  };
}

function associationAction(monitoring: ClusterMonitoring, choice: RegionEndpoint, problem: string): PlanAction {
  const { cluster } = monitoring;
  const existing = monitoring.configurationAssociation;
  const endpointId = 'create' in choice ? choice.create.id : choice.existing.resource.id;
  const endpointName = 'create' in choice ? choice.create.name : choice.existing.resource.name;
  const id =
    existing?.resource.id ??
    extensionResourceId(cluster.id.id, RESOURCE_TYPES.dataCollectionRuleAssociation, CONFIGURATION_ASSOCIATION_NAME);
  const what =
    existing === undefined
      ? `Cluster ${cluster.id.name} (${cluster.region}) has no ${CONFIGURATION_ASSOCIATION_NAME} association, so its agents cannot fetch their configuration over private link`
      : `Cluster ${cluster.id.name} (${cluster.region}): ${problem}`;
  const action: PlanAction = {
    kind: existing === undefined ? 'create' : 'update',
    resourceType: RESOURCE_TYPES.dataCollectionRuleAssociation,
    id,
    apiVersion: API_VERSIONS.dataCollectionRuleAssociations,
    body: {
      properties: {
        description: ASSOCIATION_DESCRIPTION,
        dataCollectionEndpointId: endpointId,
      },
    },
    rules: [1],
    reason: `${what}. It will use ${choice.why}: ${endpointName}.`,
    permissions: [{ action: 'Microsoft.Insights/dataCollectionRuleAssociations/write', scope: cluster.id.id }],
    dependsOn: 'create' in choice ? [choice.create.id] : [],
    region: cluster.region,
    clusterCount: 1,
    clusters: [cluster.id.id],
  };
  if (existing) action.current = { ...existing.resource.properties };
  return action;
}

function linkAction(
  need: LinkNeed,
  scopeId: string,
  scopeName: string,
  name: string,
  failed?: ArmResource,
): PlanAction {
  const id = failed?.id ?? `${scopeId}/scopedResources/${name}`;
  const linked = need.parsedId ?? parseResourceId(need.resourceId);
  const action: PlanAction = {
    kind: failed ? 'update' : 'create',
    resourceType: RESOURCE_TYPES.scopedResource,
    id,
    apiVersion: API_VERSIONS.privateLinkScopes,
    body: { properties: { linkedResourceId: need.resourceId } },
    rules: rulesOf(need),
    reason: failed
      ? `${need.label} ${need.name} is the ${describeRoles(need)}. Its link to AMPLS ${scopeName} is ${provisioningStateText(failed)}, so it carries no traffic: it is written again.`
      : `${need.label} ${need.name} is the ${describeRoles(need)}. It is not in AMPLS ${scopeName}, so that traffic cannot use private link.`,
    permissions: [
      { action: 'Microsoft.Insights/privateLinkScopes/scopedResources/write', scope: scopeId },
      { action: `${linked.type}/read`, scope: containerScope(linked) },
    ],
    dependsOn: need.createdBy ? [need.createdBy] : [],
    region: need.region,
    clusterCount: clustersOf(need).length,
    clusters: firstInOrder(clustersOf(need), CLUSTERS_LISTED, compareKeys),
  };
  if (failed) action.current = { ...failed.properties };
  return action;
}

const PHASE: Record<string, number> = {
  [RESOURCE_TYPES.dataCollectionEndpoint]: 0,
  [RESOURCE_TYPES.scopedResource]: 1,
  [RESOURCE_TYPES.dataCollectionRuleAssociation]: 2,
  [RESOURCE_TYPES.dataCollectionRule]: 3,
};

/**
 * DCEs first, then AMPLS links, then associations and rule updates; within a phase by region and id. Dependencies
 * always come first. Among the links, those that other actions wait for go first, the one most waited for first:
 * writes to one AMPLS are taken one at a time, so what waits for a link (thousands of rule updates behind a workspace's
 * DCE, a region's associations behind its configuration DCE) then runs alongside the rest of the chain, not after it.
 */
function orderActions(actions: PlanAction[]): PlanAction[] {
  const waiting = new Map<string, number>();
  for (const action of actions) {
    for (const id of action.dependsOn) waiting.set(id.toLowerCase(), (waiting.get(id.toLowerCase()) ?? 0) + 1);
  }
  return actions
    .map((action) => ({
      action,
      phase: PHASE[action.resourceType] ?? 9,
      waiting: waiting.get(action.id.toLowerCase()) ?? 0,
      region: action.region,
      key: action.id.toLowerCase(),
    }))
    .sort(
      (a, b) =>
        a.phase - b.phase ||
        b.waiting - a.waiting ||
        (a.region < b.region ? -1 : a.region > b.region ? 1 : 0) ||
        compareKeys(a.key, b.key),
    )
    .map((entry) => entry.action);
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareKeys(a, b)));
}
