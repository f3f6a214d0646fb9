import { AmplinkError, shownInput } from '../model/errors.js';
import { provisioningStateText } from '../model/provisioning-state.js';
import { containerScope, extensionResourceId, parseResourceId } from '../model/resource-id.js';
import { CONFIGURATION_ASSOCIATION_NAME, RESOURCE_TYPES, type ArmResource } from '../model/resources.js';
import type { Cluster, Topology } from '../model/topology.js';
import { ASSOCIATION_DESCRIPTION, endpointDescription } from './action-bodies.js';
import { analyseCluster, type ClusterMonitoring } from './analyse-cluster.js';
import { API_VERSIONS } from './api-versions.js';
import { planConfigurationEndpoints, type RegionEndpoint } from './configuration-endpoints.js';
import { requireDestinationLinks } from './destinations.js';
import { compareKeys, firstInOrder, nameSomeInOrder, plural, sortFindings } from './findings.js';
import { GroupedFindings } from './grouped-findings.js';
import { InProgress } from './in-progress.js';
import { checkLimits } from './limits.js';
import { clustersOf, describeRoles, LinkNeeds, rulesOf, type LinkNeed, type LinkRole } from './link-needs.js';
import { assertEndpointPattern, scopedResourceName } from './naming.js';
import { clusterSelector, resolveOptions, type PlanOptions, type ResolvedOptions } from './options.js';
import { assertSelectionMatches } from './empty-selection.js';
import { summarise } from './summary.js';
import type { Plan, PlanAction } from './types.js';

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
  const problems = new GroupedFindings();
  const needs = new LinkNeeds();
  for (const monitoring of monitored) requireDestinationLinks(topology, monitoring, needs, problems);

  const configuration = planConfigurationEndpoints(topology, monitored, resolved);
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

  const inScope = topology.scopedResourcesByScope.get(scope.resource.key) ?? [];
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
    if (action.resourceType !== RESOURCE_TYPES.dataCollectionRuleAssociation) continue;
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
  // A cluster is pointed at a DCE only once that DCE is in the AMPLS: pointed at it earlier, a cluster behind the
  // private endpoint would lose its configuration (-2146172665) if the link then failed.
  for (const action of actions) {
    if (action.resourceType !== RESOURCE_TYPES.dataCollectionRuleAssociation) continue;
    const endpoint = String((action.body['properties'] as Record<string, unknown>)['dataCollectionEndpointId']);
    const link = linkOf.get(endpoint.toLowerCase());
    if (link !== undefined) action.dependsOn.push(link);
  }

  const touched = new Set(configuration.reassigned.map((r) => r.monitoring.cluster.id.key));
  for (const need of newLinks) for (const id of clustersOf(need)) touched.add(id.toLowerCase());

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
  }
  const ordered = blocked ? [] : orderActions(actions);
  return {
    schemaVersion: 1,
    ampls: { id: scope.resource.id, name: scope.resource.name },
    actions: ordered,
    findings,
    summary: summarise({ analyses, actions: ordered, findings, blocked, touched }),
  };
}

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
};

/**
 * DCEs first, then AMPLS links, then associations; within a phase by region and id. Dependencies always come first.
 * Among the links, those of configuration DCEs (rule 1) go first: associations wait for them, and writes to one AMPLS
 * are taken one at a time, so the rest of the plan is not held up behind the other links.
 */
function orderActions(actions: PlanAction[]): PlanAction[] {
  const unblocks = new Set(actions.flatMap((a) => a.dependsOn.map((id) => id.toLowerCase())));
  return actions
    .map((action) => ({
      action,
      phase: PHASE[action.resourceType] ?? 9,
      first: unblocks.has(action.id.toLowerCase()) ? 0 : 1,
      region: action.region,
      key: action.id.toLowerCase(),
    }))
    .sort(
      (a, b) =>
        a.phase - b.phase ||
        a.first - b.first ||
        (a.region < b.region ? -1 : a.region > b.region ? 1 : 0) ||
        compareKeys(a.key, b.key),
    )
    .map((entry) => entry.action);
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareKeys(a, b)));
}
