import { AmplinkError, SHOWN_ID_LENGTH, shownInput } from '../model/errors.js';
import { globMatcher } from '../model/name-glob.js';
import { checkTypedRegion } from '../model/regions.js';
import { parseResourceIdStrict, type ResourceId } from '../model/resource-id.js';
import { MANAGED_BY_TAG } from '../model/resources.js';
import type { SiteNetworkOption } from '../model/site-networks.js';
import type { RemoteWriteOptions } from './remote-write.js';
import type { Cluster } from '../model/topology.js';
import { ACCESS_MODES, type AccessMode } from './prerequisite-actions.js';
import type { Finding, IngestionEndpointsMode } from './types.js';

export interface ClusterFilter {
  /** Subscription ids. */
  subscriptions?: string[];
  /** Resource group names, or group ids (/subscriptions/.../resourceGroups/...). */
  resourceGroups?: string[];
  /** Cluster names; `*` matches any run of characters. */
  names?: string[];
  /** Regions, as the user typed them ("East US" or eastus): checked against `PlanOptions.azureRegions`. */
  regions?: string[];
  /** Every tag given must be on the cluster with that value. */
  tags?: Record<string, string>;
}

export interface NewEndpointOptions {
  /** Group id where new DCEs go; default: the AMPLS's group. */
  resourceGroupId?: string;
  /** `{region}` is replaced by the region name. */
  namePattern?: string;
  tags?: Record<string, string>;
  publicNetworkAccess?: 'Enabled' | 'Disabled';
  /**
   * Regions whose new DCE keeps public access Enabled whatever `publicNetworkAccess` says, with the reason:
   * some cluster there has no private path and would otherwise lose its configuration endpoint.
   */
  keepPublicAccess?: { region: string; reason: string }[];
}

/**
 * AMPLS limits (DOMAIN.md "Limits", from the Azure Monitor private link documentation).
 * Configurable because the preview raised them and may raise them again.
 */
export interface AmplsLimits {
  logAnalyticsWorkspacesPerScope: number;
  applicationInsightsPerScope: number;
  scopesPerResource: number;
  privateEndpointsPerScope: number;
}

export const DEFAULT_LIMITS: AmplsLimits = {
  logAnalyticsWorkspacesPerScope: 3000,
  applicationInsightsPerScope: 10000,
  scopesPerResource: 100,
  privateEndpointsPerScope: 10,
};

export interface PlanOptions {
  amplsId: string;
  clusters?: ClusterFilter;
  /**
   * The regions Azure lists for the subscription (`GET /subscriptions/{id}/locations`), when connected: a region
   * the user typed must be one of them. Without it, typed regions are checked against amplink's own list, as a warning.
   */
  azureRegions?: readonly string[];
  newEndpoints?: NewEndpointOptions;
  limits?: Partial<AmplsLimits>;
  /** Where the clusters' rules ingest through (default `auto`): see IngestionEndpointsMode. */
  ingestionEndpoints?: IngestionEndpointsMode;
  /**
   * Plan the AMPLS `amplsId` itself when discovery did not find it (`--create-ampls`); the access modes default to
   * Open (the reasons are in the action). An AMPLS that exists is used as it is.
   */
  createAmpls?: { ingestionAccessMode?: AccessMode; queryAccessMode?: AccessMode };
  /** Subnets for private endpoints to the AMPLS, with their DNS zones, zone group and VNet links (`--private-endpoint`). */
  privateEndpointSubnetIds?: string[];
  /** VNets (peered spokes) whose names must resolve through the AMPLS's zones too (`--link-vnet`). */
  linkVnetIds?: string[];
  /** Subnets for the Azure Monitor workspaces' own private endpoints, for queries (`--query-private-endpoint`). */
  queryPrivateEndpointSubnetIds?: string[];
  /**
   * Which VNet Arc clusters' sites reach over VPN or ExpressRoute (Azure keeps it on no resource); a cluster given
   * none here may carry the tag `amplink-site-vnet`. Used where the world is read (`fleetTopology`).
   */
  siteNetworks?: readonly SiteNetworkOption[];
  /**
   * Remote write from a Prometheus server outside Azure whose site reaches this VNet, to this workspace: the plan links
   * the workspace's default DCE and reports what the VNet lacks (plan/remote-write.ts).
   */
  remoteWrite?: RemoteWriteOptions;
  /**
   * Add one rule collection group (`amplink-azure-monitor`) to each firewall policy that blocks the agents (DOMAIN.md
   * rule 5). Off by default: amplink otherwise never changes network settings, and reports the rule to add instead.
   */
  firewallRules?: boolean;
}

export const INGESTION_ENDPOINT_MODES: readonly IngestionEndpointsMode[] = ['per-cluster', 'shared', 'auto'];

export interface ResolvedOptions {
  ampls: ResourceId;
  filter: ClusterFilter;
  endpointGroupId: string;
  endpointNamePattern: string;
  endpointTags: Record<string, string>;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  keepPublicAccess: Map<string, string>;
  limits: AmplsLimits;
  ingestionEndpoints: IngestionEndpointsMode;
  /** The access modes of an AMPLS to create, when asked (`createAmpls`). */
  createAmpls: { ingestion: AccessMode; query: AccessMode } | undefined;
  firewallRules: boolean;
  /** Warnings about the options themselves (a typed region amplink does not know), reported with the plan's. */
  findings: Finding[];
}

export const DEFAULT_ENDPOINT_NAME_PATTERN = 'amplink-config-{region}';

export function resolveOptions(options: PlanOptions): ResolvedOptions {
  const ampls = parseResourceIdStrict(options.amplsId);
  if (ampls.type.toLowerCase() !== 'microsoft.insights/privatelinkscopes') {
    throw new AmplinkError({
      code: 'AMPL_PLAN_E0002',
      message: `--ampls '${shownInput(options.amplsId, SHOWN_ID_LENGTH)}' is a ${ampls.type}, not an Azure Monitor Private Link Scope.`,
      fix: 'Give the id of a Microsoft.Insights/privateLinkScopes resource (az monitor private-link-scope show -n NAME -g GROUP --query id).',
    });
  }
  const groupId =
    options.newEndpoints?.resourceGroupId ??
    `/subscriptions/${ampls.subscriptionId}/resourceGroups/${ampls.resourceGroup}`;
  const group = parseResourceIdStrict(groupId);
  if (group.type !== 'Microsoft.Resources/resourceGroups') {
    throw new AmplinkError({
      code: 'AMPL_PLAN_E0004',
      message: `The resource group for new DCEs '${shownInput(groupId, SHOWN_ID_LENGTH)}' is not a resource group id.`,
      fix: 'Give it as /subscriptions/<subscription-id>/resourceGroups/<group>.',
    });
  }
  const pattern = options.newEndpoints?.namePattern ?? DEFAULT_ENDPOINT_NAME_PATTERN;
  if (!pattern.includes('{region}')) {
    throw new AmplinkError({
      code: 'AMPL_PLAN_E0005',
      message: `The DCE name pattern '${shownInput(pattern)}' has no {region}: every region needs a DCE of its own name.`,
      fix: `Put {region} in the pattern, e.g. ${DEFAULT_ENDPOINT_NAME_PATTERN}.`,
    });
  }
  // A JavaScript caller may pass anything: the value is checked as what it is before it is trusted as a mode.
  const given: unknown = options.ingestionEndpoints ?? 'auto';
  const ingestionEndpoints = INGESTION_ENDPOINT_MODES.find((mode) => mode === given);
  if (ingestionEndpoints === undefined) {
    throw new AmplinkError({
      code: 'AMPL_PLAN_E0010',
      message: `ingestionEndpoints '${shownInput(String(given))}' is not one of ${INGESTION_ENDPOINT_MODES.join(', ')}.`,
      fix: 'Give per-cluster, shared or auto (the default).',
    });
  }
  const accessMode = (value: unknown, name: string): AccessMode => {
    const mode = ACCESS_MODES.find((m) => m === (value ?? 'Open'));
    if (mode !== undefined) return mode;
    throw new AmplinkError({
      code: 'AMPL_PLAN_E0203',
      message: `${name} '${shownInput(String(value))}' is not one of ${ACCESS_MODES.join(', ')}.`,
      fix: 'Give Open (the default) or PrivateOnly.',
    });
  };
  const createAmpls =
    options.createAmpls === undefined
      ? undefined
      : {
          ingestion: accessMode(options.createAmpls.ingestionAccessMode, 'ingestionAccessMode'),
          query: accessMode(options.createAmpls.queryAccessMode, 'queryAccessMode'),
        };
  const findings: Finding[] = [];
  const filter = { ...options.clusters };
  if (filter.regions !== undefined) {
    filter.regions = filter.regions.map((typed) => {
      const { region, warning } = checkTypedRegion(typed, 'cluster region', options.azureRegions);
      if (warning)
        findings.push({ code: 'AMPL_REGION_W0001', severity: 'warning', resources: [], rules: [], ...warning });
      return region;
    });
  }
  return {
    ampls,
    filter,
    findings,
    endpointGroupId: group.id,
    endpointNamePattern: pattern,
    endpointTags: { ...options.newEndpoints?.tags, [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value },
    publicNetworkAccess: options.newEndpoints?.publicNetworkAccess ?? 'Disabled',
    keepPublicAccess: new Map((options.newEndpoints?.keepPublicAccess ?? []).map((k) => [k.region, k.reason])),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    ingestionEndpoints,
    createAmpls,
    // A JavaScript caller may pass anything: only `true` turns firewall changes on.
    firewallRules: (options.firewallRules as unknown) === true,
  };
}

/** A predicate over clusters; an empty filter selects every cluster. */
export function clusterSelector(filter: ClusterFilter): (cluster: Cluster) => boolean {
  const subscriptions = new Set((filter.subscriptions ?? []).map((s) => s.toLowerCase()));
  const groups = (filter.resourceGroups ?? []).map((g) => g.toLowerCase().replace(/\/+$/, ''));
  const names = (filter.names ?? []).map(globMatcher);
  const regions = new Set((filter.regions ?? []).map((r) => r.toLowerCase().replace(/[\s_-]+/g, '')));
  const tags = Object.entries(filter.tags ?? {});
  return (cluster) => {
    const id = cluster.id;
    if (subscriptions.size > 0 && !subscriptions.has(id.subscriptionId.toLowerCase())) return false;
    if (groups.length > 0) {
      const group = (id.resourceGroup ?? '').toLowerCase();
      const groupId = `/subscriptions/${id.subscriptionId}/resourcegroups/${group}`.toLowerCase();
      if (!groups.some((g) => g === group || g === groupId)) return false;
    }
    if (names.length > 0 && !names.some((matches) => matches(id.name))) return false;
    if (regions.size > 0 && !regions.has(cluster.region)) return false;
    return tags.every(([key, value]) => cluster.resource.tags[key] === value);
  };
}
