import { AmplinkError } from './errors.js';
import { addNetworkResource, emptyNetworkResources, NetworkView } from './network.js';
import { provisioningPhaseOf, type ProvisioningPhase } from './provisioning-state.js';
import { normalizeRegion, type RegionName } from './regions.js';
import { resolveSiteNetworks, type SiteNetworkOption, type SiteNetworks } from './site-networks.js';
import { idKey, scopeOfScopedResource, type ResourceId } from './resource-id.js';
import {
  CONFIGURATION_ASSOCIATION_NAME,
  MANAGED_BY_TAG,
  RESOURCE_TYPES,
  type ArmResource,
  type DataCollectionEndpointProperties,
  type DataCollectionRuleAssociationProperties,
  type DataCollectionRuleProperties,
  type LogAnalyticsWorkspaceProperties,
  type ManagedClusterProperties,
  type MonitorAccountProperties,
  type PrivateLinkScopeProperties,
  type ScopedResourceProperties,
} from './resources.js';

export interface Cluster {
  readonly resource: ArmResource;
  readonly id: ResourceId;
  readonly kind: 'aks' | 'arc';
  readonly region: RegionName;
  readonly privateCluster: boolean;
  /** What the cluster itself says about its agents (AKS only); undefined when it does not say. */
  readonly metricsAddonEnabled: boolean | undefined;
  readonly logsAddonEnabled: boolean | undefined;
  /** The subnet the AKS nodes are in (the first node pool's that names one); undefined: AKS made its own network. */
  readonly nodeSubnetId: string | undefined;
  /** How AKS egress leaves the network (`loadBalancer`, `userDefinedRouting` through a firewall, ...). */
  readonly outboundType: string | undefined;
}

export interface DataCollectionEndpoint {
  readonly resource: ArmResource;
  readonly region: RegionName;
  readonly publicNetworkAccess: string | undefined;
  readonly managedByAmplink: boolean;
}

export interface DataCollectionRule {
  readonly resource: ArmResource;
  readonly region: RegionName;
  /** The DCE the rule ingests through, if any. */
  readonly endpointId: string | undefined;
  readonly collectsPrometheus: boolean;
  readonly collectsContainerInsights: boolean;
  readonly monitoringAccountIds: readonly string[];
  readonly logAnalyticsWorkspaceIds: readonly string[];
}

export interface DataCollectionRuleAssociation {
  readonly resource: ArmResource;
  readonly id: ResourceId;
  /** Key of the resource the association extends (the cluster). */
  readonly targetKey: string;
  readonly name: string;
  readonly ruleId: string | undefined;
  readonly endpointId: string | undefined;
  readonly isConfigurationEndpoint: boolean;
}

export interface MonitorWorkspace {
  readonly resource: ArmResource;
  readonly region: RegionName;
  readonly defaultEndpointId: string | undefined;
  readonly defaultRuleId: string | undefined;
}

export interface LogAnalyticsWorkspace {
  readonly resource: ArmResource;
  readonly region: RegionName;
  readonly publicNetworkAccessForIngestion: string | undefined;
}

export interface PrivateLinkScope {
  readonly resource: ArmResource;
  readonly ingestionAccessMode: string | undefined;
  readonly queryAccessMode: string | undefined;
  readonly privateEndpointConnectionCount: number;
}

export interface ScopedResource {
  readonly resource: ArmResource;
  readonly scopeKey: string;
  readonly linkedResourceId: string;
  /**
   * `done` carries traffic; `failed` (Failed or Canceled) carries none and is written again; `in-progress` is
   * still being written by Azure, which refuses another write to the AMPLS until it ends.
   */
  readonly provisioning: ProvisioningPhase;
}

/** The types in lower case, once: `index` runs for every resource of the world. */
const TYPE = Object.fromEntries(Object.entries(RESOURCE_TYPES).map(([k, v]) => [k, v.toLowerCase()])) as {
  readonly [K in keyof typeof RESOURCE_TYPES]: string;
};

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether resources come in key order (the order Topology keeps), each key once. */
function inKeyOrder(resources: readonly ArmResource[]): boolean {
  for (let i = 1; i < resources.length; i++) {
    if (!((resources[i - 1] as ArmResource).key < (resources[i] as ArmResource).key)) return false;
  }
  return true;
}

/*
 * A resource's type in lower case, made once per spelling: parsed ids share one string per type, so a world of
 * 600,000 resources asks this about a few dozen strings.
 */
const LOWER_TYPES = new Map<string, string>();
const LOWER_TYPES_BOUND = 10_000;

function lowerType(type: string): string {
  const known = LOWER_TYPES.get(type);
  if (known !== undefined) return known;
  const lower = type.toLowerCase();
  if (LOWER_TYPES.size < LOWER_TYPES_BOUND) LOWER_TYPES.set(type, lower);
  return lower;
}

function regionOf(resource: ArmResource): RegionName {
  if (resource.location === undefined) {
    throw new AmplinkError({
      code: 'AMPL_SNAPSHOT_E0005',
      message: `Resource ${resource.id} has no location.`,
      fix: 'Capture the snapshot again with `amplink discover --out FILE` or `az graph query`, which include each location.',
    });
  }
  return normalizeRegion(resource.location, `location of ${resource.id}`);
}

export interface TopologyOptions {
  azureRegions?: readonly string[];
  /** Which VNet Arc clusters' sites reach (nothing in Azure says): see model/site-networks.ts. */
  siteNetworks?: readonly SiteNetworkOption[];
}

/**
 * The discovered world, indexed the way the rules look things up. Built once, never mutated;
 * every list is in id order, so whatever order the resources came in, the same world is the same Topology.
 */
export class Topology {
  readonly resources: readonly ArmResource[];
  readonly byKey = new Map<string, ArmResource>();
  readonly clusters: Cluster[] = [];
  readonly clustersByRegion = new Map<string, Cluster[]>();
  readonly endpoints = new Map<string, DataCollectionEndpoint>();
  readonly endpointsByRegion = new Map<string, DataCollectionEndpoint[]>();
  readonly rules = new Map<string, DataCollectionRule>();
  readonly rulesByDestination = new Map<string, DataCollectionRule[]>();
  readonly associationsByTarget = new Map<string, DataCollectionRuleAssociation[]>();
  /** The rules each cluster (by key) is associated with, for those rules that were found. */
  readonly rulesByCluster = new Map<string, DataCollectionRule[]>();
  readonly monitorWorkspaces = new Map<string, MonitorWorkspace>();
  readonly logAnalyticsWorkspaces = new Map<string, LogAnalyticsWorkspace>();
  readonly privateLinkScopes = new Map<string, PrivateLinkScope>();
  readonly scopedResourcesByScope = new Map<string, ScopedResource[]>();
  readonly scopedResourcesByLinkedId = new Map<string, ScopedResource[]>();

  /**
   * The regions Azure lists for the discovered subscriptions, when discovery read them (not in a snapshot): the
   * list against which regions a user types are checked.
   */
  readonly azureRegions: readonly string[] | undefined;

  /** The VNet each Arc cluster's site reaches, as the user said (options, or the cluster's own tag). */
  readonly siteNetworks: SiteNetworks;

  private readonly networkResources = emptyNetworkResources();
  private networkView: NetworkView | undefined;

  constructor(resources: readonly ArmResource[], options: TopologyOptions = {}) {
    this.azureRegions = options.azureRegions;
    for (const resource of resources) {
      // One lookup per resource, not two: a key seen before leaves the size as it was.
      const size = this.byKey.size;
      this.byKey.set(resource.key, resource);
      if (this.byKey.size === size) {
        throw new AmplinkError({
          code: 'AMPL_SNAPSHOT_E0004',
          message: `Resource ${resource.id} appears more than once in the input.`,
          fix: 'Remove the duplicate; each resource id (compared without regard to case) must appear once.',
        });
      }
    }
    // Sorting the keys with the built-in string order is about twice as fast as sorting the resources with a
    // comparator, which counts with 600,000 resources; the order (UTF-16 code units) is the same. A snapshot that
    // `amplink discover --out` wrote is in this order already, which one pass finds.
    this.resources = inKeyOrder(resources)
      ? [...resources]
      : [...this.byKey.keys()].sort().map((key) => this.byKey.get(key) as ArmResource);
    for (const resource of this.resources) this.index(resource);
    for (const [target, associations] of this.associationsByTarget) {
      for (const association of associations) {
        const rule = association.ruleId === undefined ? undefined : this.rules.get(idKey(association.ruleId));
        if (rule) push(this.rulesByCluster, target, rule);
      }
    }
    this.siteNetworks = resolveSiteNetworks(this.clusters, options.siteNetworks);
  }

  get(id: string): ArmResource | undefined {
    return this.byKey.get(idKey(id));
  }

  /** The network side of the world (VNets, private endpoints, DNS zones), indexed on first use: planning needs none of it. */
  get network(): NetworkView {
    this.networkView ??= new NetworkView(
      this.networkResources,
      (cluster) => this.siteNetworks.byCluster.get(cluster.resource.key)?.vnetId,
    );
    return this.networkView;
  }

  associationsOf(clusterKey: string): readonly DataCollectionRuleAssociation[] {
    return this.associationsByTarget.get(clusterKey) ?? [];
  }

  private index(resource: ArmResource): void {
    const type = lowerType(resource.type);
    addNetworkResource(this.networkResources, type, resource);
    switch (type) {
      case TYPE.managedCluster:
        this.addCluster(resource, 'aks');
        return;
      case TYPE.connectedCluster:
        this.addCluster(resource, 'arc');
        return;
      case TYPE.dataCollectionEndpoint:
        this.addEndpoint(resource);
        return;
      case TYPE.dataCollectionRule:
        this.addRule(resource);
        return;
      case TYPE.dataCollectionRuleAssociation:
        this.addAssociation(resource);
        return;
      case TYPE.monitorAccount:
        this.addMonitorWorkspace(resource);
        return;
      case TYPE.logAnalyticsWorkspace: {
        const properties = resource.properties as LogAnalyticsWorkspaceProperties;
        this.logAnalyticsWorkspaces.set(resource.key, {
          resource,
          region: regionOf(resource),
          publicNetworkAccessForIngestion: properties.publicNetworkAccessForIngestion,
        });
        return;
      }
      case TYPE.privateLinkScope: {
        const properties = resource.properties as PrivateLinkScopeProperties;
        this.privateLinkScopes.set(resource.key, {
          resource,
          ingestionAccessMode: properties.accessModeSettings?.ingestionAccessMode,
          queryAccessMode: properties.accessModeSettings?.queryAccessMode,
          privateEndpointConnectionCount: properties.privateEndpointConnections?.length ?? 0,
        });
        return;
      }
      case TYPE.scopedResource: {
        const properties = resource.properties as ScopedResourceProperties;
        const scopeKey = idKey(scopeOfScopedResource(resource.id));
        const scoped: ScopedResource = {
          resource,
          scopeKey,
          linkedResourceId: properties.linkedResourceId,
          provisioning: provisioningPhaseOf(resource),
        };
        push(this.scopedResourcesByScope, scopeKey, scoped);
        push(this.scopedResourcesByLinkedId, idKey(properties.linkedResourceId), scoped);
        return;
      }
      default:
        return;
    }
  }

  private addCluster(resource: ArmResource, kind: 'aks' | 'arc'): void {
    const properties = resource.properties as ManagedClusterProperties;
    const cluster: Cluster = {
      resource,
      id: resource.resourceId,
      kind,
      region: regionOf(resource),
      privateCluster: properties.apiServerAccessProfile?.enablePrivateCluster === true,
      metricsAddonEnabled: kind === 'aks' ? properties.azureMonitorProfile?.metrics?.enabled : undefined,
      logsAddonEnabled: kind === 'aks' ? addonEnabled(properties, 'omsagent') : undefined,
      nodeSubnetId: kind === 'aks' ? nodeSubnetOf(properties) : undefined,
      outboundType: kind === 'aks' ? (properties.networkProfile?.outboundType ?? undefined) : undefined,
    };
    this.clusters.push(cluster);
    push(this.clustersByRegion, cluster.region, cluster);
  }

  private addEndpoint(resource: ArmResource): void {
    const properties = resource.properties as DataCollectionEndpointProperties;
    const endpoint: DataCollectionEndpoint = {
      resource,
      region: regionOf(resource),
      publicNetworkAccess: properties.networkAcls?.publicNetworkAccess,
      managedByAmplink: resource.tags[MANAGED_BY_TAG.key] === MANAGED_BY_TAG.value,
    };
    this.endpoints.set(resource.key, endpoint);
    push(this.endpointsByRegion, endpoint.region, endpoint);
  }

  private addRule(resource: ArmResource): void {
    const properties = resource.properties as DataCollectionRuleProperties;
    const monitoringAccountIds = (properties.destinations?.monitoringAccounts ?? []).map((d) => d.accountResourceId);
    const logAnalyticsWorkspaceIds = (properties.destinations?.logAnalytics ?? []).map((d) => d.workspaceResourceId);
    const rule: DataCollectionRule = {
      resource,
      region: regionOf(resource),
      endpointId: properties.dataCollectionEndpointId ?? undefined,
      collectsPrometheus:
        (properties.dataSources?.prometheusForwarder ?? []).length > 0 || monitoringAccountIds.length > 0,
      collectsContainerInsights:
        (properties.dataSources?.extensions ?? []).some((e) => e.extensionName.toLowerCase() === 'containerinsights') ||
        logAnalyticsWorkspaceIds.length > 0,
      monitoringAccountIds,
      logAnalyticsWorkspaceIds,
    };
    this.rules.set(resource.key, rule);
    for (const destination of monitoringAccountIds) push(this.rulesByDestination, idKey(destination), rule);
    for (const destination of logAnalyticsWorkspaceIds) push(this.rulesByDestination, idKey(destination), rule);
  }

  private addAssociation(resource: ArmResource): void {
    const properties = resource.properties as DataCollectionRuleAssociationProperties;
    const id = resource.resourceId;
    if (id.scope === undefined) {
      throw new AmplinkError({
        code: 'AMPL_SNAPSHOT_E0006',
        message: `Association ${resource.id} does not name the resource it belongs to.`,
        fix: 'An association id has the form <cluster-id>/providers/Microsoft.Insights/dataCollectionRuleAssociations/<name>.',
      });
    }
    const association: DataCollectionRuleAssociation = {
      resource,
      id,
      targetKey: id.scope.key,
      name: id.name,
      ruleId: properties.dataCollectionRuleId ?? undefined,
      endpointId: properties.dataCollectionEndpointId ?? undefined,
      isConfigurationEndpoint: id.name.toLowerCase() === CONFIGURATION_ASSOCIATION_NAME.toLowerCase(),
    };
    push(this.associationsByTarget, association.targetKey, association);
  }

  private addMonitorWorkspace(resource: ArmResource): void {
    const properties = resource.properties as MonitorAccountProperties;
    this.monitorWorkspaces.set(resource.key, {
      resource,
      region: regionOf(resource),
      defaultEndpointId: properties.defaultIngestionSettings?.dataCollectionEndpointResourceId,
      defaultRuleId: properties.defaultIngestionSettings?.dataCollectionRuleResourceId,
    });
  }
}

function nodeSubnetOf(properties: ManagedClusterProperties): string | undefined {
  for (const pool of properties.agentPoolProfiles ?? []) {
    if (pool.vnetSubnetID) return pool.vnetSubnetID;
  }
  return undefined;
}

function addonEnabled(properties: ManagedClusterProperties, name: string): boolean | undefined {
  const addons = properties.addonProfiles ?? undefined;
  if (addons === undefined) return undefined;
  const entry = Object.entries(addons).find(([key]) => key.toLowerCase() === name);
  return entry ? entry[1]?.enabled : undefined;
}
