import { idKey, providerResourceId } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { DataCollectionEndpoint, Topology } from '../model/topology.js';
import type { ClusterMonitoring } from './analyse-cluster.js';
import { endpointName } from './naming.js';
import type { ResolvedOptions } from './options.js';
import type { Finding } from './types.js';

/** The DCE that serves as configuration endpoint for one region: an existing one, or one to create. */
export type RegionEndpoint =
  | { region: string; existing: DataCollectionEndpoint; why: string }
  | { region: string; create: { id: string; name: string }; why: string };

/** Why a cluster's current configuration association cannot stay as it is. */
export interface AssociationProblem {
  monitoring: ClusterMonitoring;
  /** Empty when the cluster has no association at all. */
  problem: string;
}

export interface ConfigurationEndpointPlan {
  /** Clusters whose association is right: they only need their DCE in the AMPLS. */
  kept: { monitoring: ClusterMonitoring; endpoint: DataCollectionEndpoint }[];
  /** Clusters that need a new or corrected association to their region's DCE. */
  reassigned: AssociationProblem[];
  regions: Map<string, RegionEndpoint>;
  conflicts: Finding[];
  /**
   * The region's DCE for another use (shared logs ingestion): the configuration choice when the region has one, else
   * chosen the same way; undefined when a new DCE's id is taken (reported in `conflicts`). Memoised.
   */
  endpointFor(region: string): RegionEndpoint | undefined;
  /** Regions chosen by `endpointFor` only, in the order asked. */
  otherRegions: Map<string, RegionEndpoint>;
}

/**
 * Rule 1: every monitored cluster has one configurationAccessEndpoint association to a DCE in its own region,
 * and one DCE per region serves every cluster of that region, metrics and logs alike.
 */
export function planConfigurationEndpoints(
  topology: Topology,
  monitored: readonly ClusterMonitoring[],
  options: ResolvedOptions,
): ConfigurationEndpointPlan {
  const kept: ConfigurationEndpointPlan['kept'] = [];
  const reassigned: AssociationProblem[] = [];
  for (const monitoring of monitored) {
    const problem = associationProblem(topology, monitoring);
    if (typeof problem === 'string') reassigned.push({ monitoring, problem });
    else kept.push({ monitoring, endpoint: problem });
  }
  const regions = new Map<string, RegionEndpoint>();
  const conflicts: Finding[] = [];
  const regionsNeeded = [...new Set(reassigned.map((r) => r.monitoring.cluster.region))].sort();
  const context = reuseContext(topology, monitored, kept, options);
  const clashFree = (region: string): RegionEndpoint | undefined => {
    const choice = chooseRegionEndpoint(topology, region, context, options);
    if ('create' in choice) {
      const clash = topology.get(choice.create.id);
      if (clash) {
        conflicts.push({
          code: 'AMPL_PLAN_E0003',
          severity: 'error',
          message: `A new configuration DCE for ${region} would be ${choice.create.id}, but a ${clash.type} of that id already exists in ${clash.location ?? 'another location'}.`,
          resources: [choice.create.id],
          rules: [1],
          fix: 'Choose another name pattern (--dce-name-pattern) or resource group (--dce-resource-group) for the DCEs amplink creates.',
        });
        return undefined;
      }
    }
    return choice;
  };
  for (const region of regionsNeeded) {
    const choice = clashFree(region);
    if (choice) regions.set(region, choice);
  }
  const otherRegions = new Map<string, RegionEndpoint>();
  const refused = new Set<string>();
  const endpointFor = (region: string): RegionEndpoint | undefined => {
    const known = regions.get(region) ?? otherRegions.get(region);
    if (known !== undefined || refused.has(region) || (regionsNeeded as string[]).includes(region)) return known;
    const choice = clashFree(region);
    if (choice) otherRegions.set(region, choice);
    else refused.add(region);
    return choice;
  };
  return { kept, reassigned, regions, conflicts, endpointFor, otherRegions };
}

/** The association's DCE when it is right, or why it is not ('' when there is none). */
function associationProblem(topology: Topology, monitoring: ClusterMonitoring): DataCollectionEndpoint | string {
  const association = monitoring.configurationAssociation;
  const cluster = monitoring.cluster;
  if (association === undefined) return '';
  if (association.endpointId === undefined) {
    return `its ${association.name} association holds no data collection endpoint`;
  }
  const endpoint = topology.endpoints.get(idKey(association.endpointId));
  if (endpoint === undefined) {
    return `its ${association.name} association points to DCE ${association.endpointId}, which no longer exists`;
  }
  if (endpoint.region !== cluster.region) {
    return `its ${association.name} association points to DCE ${endpoint.resource.name} in ${endpoint.region}, but the cluster is in ${cluster.region} and its agents fetch their configuration from a DCE in their own region`;
  }
  return endpoint;
}

interface ReuseContext {
  /** Azure Monitor workspaces the selected clusters send metrics to: their DCEs are preferred. */
  usedWorkspaces: Set<string>;
  /** Keys of resources already in the AMPLS. */
  linked: Set<string>;
  /** Per region, how many clusters already fetch their configuration from each correct DCE. */
  usageByRegion: Map<string, Map<string, { endpoint: DataCollectionEndpoint; count: number }>>;
}

function reuseContext(
  topology: Topology,
  monitored: readonly ClusterMonitoring[],
  kept: ConfigurationEndpointPlan['kept'],
  options: ResolvedOptions,
): ReuseContext {
  const usedWorkspaces = new Set<string>();
  for (const m of monitored) {
    for (const rule of m.prometheusRules) for (const id of rule.monitoringAccountIds) usedWorkspaces.add(idKey(id));
  }
  const linked = new Set(
    (topology.scopedResourcesByScope.get(options.ampls.key) ?? []).map((s) => idKey(s.linkedResourceId)),
  );
  const usageByRegion: ReuseContext['usageByRegion'] = new Map();
  for (const { monitoring, endpoint } of kept) {
    const usage =
      usageByRegion.get(monitoring.cluster.region) ??
      new Map<string, { endpoint: DataCollectionEndpoint; count: number }>();
    usageByRegion.set(monitoring.cluster.region, usage);
    const entry = usage.get(endpoint.resource.key) ?? { endpoint, count: 0 };
    entry.count++;
    usage.set(endpoint.resource.key, entry);
  }
  return { usedWorkspaces, linked, usageByRegion };
}

/** Reuse before create, in the order the issue gives; ties go to the smallest id so that plans are stable. */
function chooseRegionEndpoint(
  topology: Topology,
  region: string,
  { usedWorkspaces, linked, usageByRegion }: ReuseContext,
  options: ResolvedOptions,
): RegionEndpoint {
  const inRegion = topology.endpointsByRegion.get(region) ?? [];
  const workspaceEndpoints = [...topology.monitorWorkspaces.values()]
    .filter((w) => w.defaultEndpointId !== undefined)
    .map((w) => ({ workspace: w, endpoint: topology.endpoints.get(idKey(w.defaultEndpointId as string)) }))
    .filter((w) => w.endpoint?.region === region)
    .sort(
      (a, b) =>
        Number(!usedWorkspaces.has(a.workspace.resource.key)) - Number(!usedWorkspaces.has(b.workspace.resource.key)) ||
        (a.workspace.resource.key < b.workspace.resource.key ? -1 : 1),
    );
  const fromWorkspace = workspaceEndpoints[0];
  if (fromWorkspace?.endpoint) {
    return {
      region,
      existing: fromWorkspace.endpoint,
      why: `the Azure Monitor workspace ${fromWorkspace.workspace.resource.name}'s own DCE, in ${region}`,
    };
  }

  const alreadyLinked = inRegion.find((e) => linked.has(e.resource.key));
  if (alreadyLinked) {
    return { region, existing: alreadyLinked, why: `a DCE in ${region} that is already in the AMPLS` };
  }

  const patternId = newEndpointId(region, options);
  const ours = inRegion.find((e) => e.managedByAmplink || e.resource.key === idKey(patternId));
  if (ours) return { region, existing: ours, why: `the DCE amplink created for ${region}` };

  const mostUsed = [...(usageByRegion.get(region)?.values() ?? [])].sort(
    (a, b) => b.count - a.count || (a.endpoint.resource.key < b.endpoint.resource.key ? -1 : 1),
  )[0];
  if (mostUsed) {
    return {
      region,
      existing: mostUsed.endpoint,
      why: `the DCE other clusters in ${region} already fetch their configuration from`,
    };
  }

  const name = endpointName(options.endpointNamePattern, region);
  return { region, create: { id: patternId, name }, why: `a new DCE for ${region}` };
}

export function newEndpointId(region: string, options: ResolvedOptions): string {
  return providerResourceId(
    options.endpointGroupId,
    RESOURCE_TYPES.dataCollectionEndpoint,
    endpointName(options.endpointNamePattern, region),
  );
}
