// The plan's actions, one builder per kind: each has its body, reason, rules, permissions and what it waits for.
import { provisioningStateText } from '../model/provisioning-state.js';
import { containerScope, extensionResourceId, parseResourceId } from '../model/resource-id.js';
import { CONFIGURATION_ASSOCIATION_NAME, RESOURCE_TYPES, type ArmResource } from '../model/resources.js';
import type { Cluster } from '../model/topology.js';
import { ASSOCIATION_DESCRIPTION, endpointDescription } from './action-bodies.js';
import type { ClusterMonitoring } from './analyse-cluster.js';
import { API_VERSIONS } from './api-versions.js';
import type { RegionEndpoint } from './configuration-endpoints.js';
import { AMPLS_WRITE_SECONDS } from './estimate.js';
import { compareKeys, firstInOrder, nameSome, nameSomeInOrder, plural } from './findings.js';
import { clustersOf, describeRoles, rulesOf, type LinkNeed, type LinkRole } from './link-needs.js';
import type { ResolvedOptions } from './options.js';
import type { RuleRedirect } from './shared-ingestion.js';
import type { PlanAction } from './types.js';

export const CLUSTERS_LISTED = 20;

/** The actions that point something at a DCE: they wait for that DCE's link, and for Azure to finish with it. */
export const POINTS_AT_ENDPOINT: ReadonlySet<string> = new Set([
  RESOURCE_TYPES.dataCollectionRuleAssociation,
  RESOURCE_TYPES.dataCollectionRule,
]);

/**
 * Where a new DCE keeps public access Enabled, and why: the regions where some cluster it will serve has no private
 * path, so it fetches its configuration over the internet (verify reports AMPL_VERIFY_E0022 otherwise). Regions the
 * caller already kept stay as given.
 */
export function keptPublic(
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
      `${nameSomeInOrder([...names])} ${one ? 'has' : 'have'} no private path to the AMPLS and fetch${one ? 'es' : ''} configuration from it over the internet (verify AMPL_VERIFY_E0022 otherwise)`,
    );
  }
  return kept;
}

export function configurationRole(region: string): LinkRole {
  return {
    key: `configuration:${region}`,
    rule: 1,
    describe: (names) => `configuration endpoint of ${names} in ${region}`,
  };
}

export function listClusters(clusters: readonly ClusterMonitoring[]): string[] {
  return firstInOrder(
    clusters.map((c) => c.cluster.id.id),
    CLUSTERS_LISTED,
    compareKeys,
  );
}

export function createEndpointAction(
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
export function ingestionEndpointAction(
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
export function ruleUpdateAction(redirect: RuleRedirect, scopeName: string): PlanAction {
  const { rule, target } = redirect;
  const own = rule.endpointId as string;
  const ownName = own.slice(own.lastIndexOf('/') + 1);
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

export function associationAction(monitoring: ClusterMonitoring, choice: RegionEndpoint, problem: string): PlanAction {
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

export function linkAction(
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

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareKeys(a, b)));
}
