// Fleet document -> the ARM writes Azure, Azure CLI and the portal would have made, in dependency order.
// Deterministic: ids are names or hashes of names, and the order follows the document.
// Longer than ~400 lines on purpose: one Expansion walks the document once and appends to one ordered list of
// writes; its steps (workspaces, networks, scopes, endpoints, zones, clusters, links) share that list and the resource
// groups already written, and their order is the dependency order, which reads best in one place. Request bodies are
// in bodies.ts, names in names.ts, resolution of references in world.ts.

import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { ArmWrite, ExpandedFleet } from './types.js';
import { FleetError, describeProblems, formatYamlPath, type FleetProblem } from './errors.js';
import { fleetSchema, type Fleet, type ContainerInsightsSetting, type PrometheusSetting } from './schema.js';
import { World, type NamedResource, type ResolvedCluster } from './world.js';
import { apiVersions } from './apiVersions.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { AMPLS_PRIVATE_DNS_ZONES, GLOBAL_A_RECORDS } from '../arm/private-link-dns.js';
import { extensionResourceId, resourceGroupId, resourceId } from './ids.js';
import * as names from './names.js';
import * as bodies from './bodies.js';
import { addressInPrefix } from '../arm/ipv4.js';
import { EgressPlan } from './egress.js';

const DCE_TYPE = RESOURCE_TYPES.dataCollectionEndpoint.type;
const DCR_TYPE = RESOURCE_TYPES.dataCollectionRule.type;
const DCRA_TYPE = RESOURCE_TYPES.dataCollectionRuleAssociation.type;

export { AMPLS_PRIVATE_DNS_ZONES } from '../arm/private-link-dns.js';

/** Validates a parsed document (e.g. from YAML or `generateFleet`) and fills in defaults. */
export function parseFleet(document: unknown): Fleet {
  const result = fleetSchema.safeParse(document);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    yamlPath: formatYamlPath(issue.path),
    message: issue.message,
  }));
  throw new FleetError('FLEET_SCHEMA_INVALID', `Invalid fleet:\n${describeProblems(problems)}`, problems);
}

/** Expands a fleet document into what the emulator loads. Throws FleetError naming every problem's YAML path. */
export function expandFleet(document: unknown): ExpandedFleet {
  const world = new World(parseFleet(document));
  const expansion = new Expansion(world);
  const expanded = expansion.run();
  if (world.problems.length > 0) {
    throw new FleetError(
      'FLEET_REFERENCE_INVALID',
      `Invalid fleet:\n${describeProblems(world.problems)}`,
      world.problems,
    );
  }
  return expanded;
}

/** Reads, parses and expands a fleet YAML file; errors name the file, the line and the YAML path. */
export async function loadFleetFile(path: string): Promise<ExpandedFleet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new FleetError('FLEET_FILE_UNREADABLE', `Cannot read fleet file ${path}: ${reason}`, [], path, { cause });
  }
  const lineCounter = new LineCounter();
  const yamlDocument = parseDocument(text, { lineCounter, prettyErrors: false });
  if (yamlDocument.errors.length > 0) {
    const problems = yamlDocument.errors.map((error) => ({
      yamlPath: '',
      // The YAML parser reports a stack overflow as its message; say what in the file causes it.
      message: /Maximum call stack size exceeded/.test(error.message)
        ? 'nested too deep to read (a fleet file nests a few levels)'
        : error.message,
      line: lineCounter.linePos(error.pos[0]).line,
    }));
    throw new FleetError(
      'FLEET_YAML_INVALID',
      `Invalid YAML in ${path}:\n${describeProblems(problems, path)}`,
      problems,
      path,
    );
  }
  try {
    return expandFleet(yamlDocument.toJS());
  } catch (error) {
    if (!(error instanceof FleetError)) throw error;
    const problems = error.problems.map((problem) => withLine(problem, yamlDocument, lineCounter));
    throw new FleetError(
      error.code,
      `Invalid fleet file ${path}:\n${describeProblems(problems, path)}`,
      problems,
      path,
      {
        cause: error,
      },
    );
  }
}

/** The subscription and resource group of a resource id. */
function groupOf(id: string): [subscriptionId: string, resourceGroup: string] {
  const parts = id.split('/');
  return [parts[2] ?? '', parts[4] ?? ''];
}

const asRegion = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Finds the line of the deepest node that exists on the problem's path. */
function withLine(
  problem: FleetProblem,
  yamlDocument: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
): FleetProblem {
  const segments = [...problem.yamlPath.matchAll(/[^.[\]]+/g)].map(([segment]) =>
    /^\d+$/.test(segment) ? Number(segment) : segment,
  );
  for (let length = segments.length; length >= 0; length -= 1) {
    const node: unknown = length === 0 ? yamlDocument.contents : yamlDocument.getIn(segments.slice(0, length), true);
    if (isNode(node) && node.range) return { ...problem, line: lineCounter.linePos(node.range[0]).line };
  }
  return problem;
}

class Expansion {
  private readonly writes: ArmWrite[] = [];
  private readonly resourceGroups = new Map<string, { id: string; location?: string }>();
  /** DCEs this expansion creates, by name, so that an AMPLS can list them as already linked. */
  private readonly createdEndpoints = new Map<string, string>();
  private readonly scopedLinks = new Map<string, Set<string>>();
  /** The VNet each Arc site reaches: the physical world beside the writes (no ARM resource holds it). */
  private readonly siteNetworks: { clusterId: string; vnetId: string }[] = [];
  /** Firewalls, route tables and the VNets AKS would make: planned before the networks they add subnets to. */
  private readonly egress: EgressPlan;

  constructor(private readonly world: World) {
    this.egress = new EgressPlan(world);
  }

  run(): ExpandedFleet {
    this.workspaces();
    this.networks();
    this.privateLinkScopes();
    this.privateEndpoints();
    for (const cluster of this.world.clusters) this.cluster(cluster);
    this.alreadyLinkedResources();
    const fallbackRegion = this.firstRegion();
    return {
      tenantId: this.world.tenantId,
      subscriptions: this.world.subscriptions,
      resourceGroups: [...this.resourceGroups.values()].map((group) => ({
        id: group.id,
        location: group.location ?? fallbackRegion,
      })),
      writes: this.writes,
      ...this.world.principals(),
      ...(this.siteNetworks.length > 0 && { siteNetworks: this.siteNetworks }),
    };
  }

  private firstRegion(): string {
    for (const group of this.resourceGroups.values()) if (group.location !== undefined) return group.location;
    return 'eastus';
  }

  private write(id: string, apiVersion: string, body: Record<string, unknown>, provisioningState?: string): void {
    this.writes.push({ id, apiVersion, body, ...(provisioningState && { provisioningState }) });
  }

  /** Records the resource group a resource lives in; its location is that of the first regional resource in it. */
  private useGroup(subscriptionId: string, resourceGroup: string, region: string | undefined): void {
    const id = resourceGroupId(subscriptionId, resourceGroup);
    const key = id.toLowerCase();
    const group = this.resourceGroups.get(key);
    if (group === undefined) this.resourceGroups.set(key, region === undefined ? { id } : { id, location: region });
    else if (group.location === undefined && region !== undefined) group.location = region;
  }

  private workspaces(): void {
    this.world.fleet.azureMonitorWorkspaces.forEach((entry, index) => {
      const workspace = this.resolved(
        this.world.azureMonitorWorkspaces,
        entry.name,
        `azureMonitorWorkspaces[${index}]`,
      );
      this.useGroup(workspace.subscriptionId, workspace.resourceGroup, entry.region);
      // The server creates the managed resource group with the default DCE and DCR when the account is PUT.
      this.write(workspace.id, apiVersions.monitorAccounts, bodies.azureMonitorWorkspaceBody(entry.region, entry.tags));
    });
    this.world.fleet.logAnalyticsWorkspaces.forEach((entry, index) => {
      const workspace = this.resolved(
        this.world.logAnalyticsWorkspaces,
        entry.name,
        `logAnalyticsWorkspaces[${index}]`,
      );
      this.useGroup(workspace.subscriptionId, workspace.resourceGroup, entry.region);
      this.write(
        workspace.id,
        apiVersions.logAnalyticsWorkspaces,
        bodies.logAnalyticsWorkspaceBody({
          region: entry.region,
          ingestion: entry.publicNetworkAccess.ingestion,
          query: entry.publicNetworkAccess.query,
          ...(entry.tags === undefined ? {} : { tags: entry.tags }),
        }),
      );
    });
  }

  private resolved(map: Map<string, NamedResource>, name: string, yamlPath: string): NamedResource {
    const found = map.get(name.toLowerCase());
    if (found === undefined) throw new FleetError('FLEET_REFERENCE_INVALID', `internal: ${yamlPath} was not indexed`);
    return found;
  }

  private networks(): void {
    const fleet = this.world.fleet;
    // Subnets name their route tables, so the tables come first (their routes name an address, not a resource).
    for (const write of this.egress.routeTables) {
      this.useGroup(...groupOf(write.id), asRegion(write.body['location']));
      this.writes.push(write);
    }
    fleet.virtualNetworks.forEach((entry, index) => {
      const vnet = this.resolved(this.world.virtualNetworks, entry.name, `virtualNetworks[${index}]`);
      this.useGroup(vnet.subscriptionId, vnet.resourceGroup, entry.region);
      const subnetNames = new Set<string>();
      entry.subnets.forEach((subnet, subnetIndex) => {
        if (subnetNames.has(subnet.name.toLowerCase())) {
          this.world.problem(
            `virtualNetworks[${index}].subnets[${subnetIndex}].name`,
            `expected a unique subnet name; "${subnet.name}" is used twice`,
          );
        }
        subnetNames.add(subnet.name.toLowerCase());
      });
      this.write(
        vnet.id,
        apiVersions.network,
        bodies.virtualNetworkBody({
          region: entry.region,
          addressSpace: entry.addressSpace,
          subnets: this.egress.subnetsOf(vnet.id, entry.subnets),
        }),
      );
    });
    for (const network of this.egress.implicitNetworks) {
      this.useGroup(network.subscriptionId, network.resourceGroup, network.region);
      this.write(
        network.id,
        apiVersions.network,
        bodies.virtualNetworkBody({ ...network, subnets: this.egress.subnetsOf(network.id, network.subnets) }),
      );
    }
    // Peerings come after every VNet exists; a peering listed on either side is made in both directions.
    const peered = new Set<string>();
    fleet.virtualNetworks.forEach((entry, index) => {
      entry.peerings.forEach((remoteName, peeringIndex) => {
        const local = this.resolved(this.world.virtualNetworks, entry.name, `virtualNetworks[${index}]`);
        const remote = this.world.lookup(
          this.world.virtualNetworks,
          remoteName,
          `virtualNetworks[${index}].peerings[${peeringIndex}]`,
          'virtual network',
        );
        if (remote === undefined) return;
        for (const [from, to] of [
          [local, remote],
          [remote, local],
        ] as const) {
          const key = `${from.id}|${to.id}`.toLowerCase();
          if (peered.has(key)) continue;
          peered.add(key);
          this.write(
            `${from.id}/virtualNetworkPeerings/${from.name}-to-${to.name}`,
            apiVersions.network,
            bodies.peeringBody(to.id),
          );
        }
      });
    });
    this.writes.push(...this.egress.firewalls);
  }

  private subnetId(vnetName: string, subnetName: string, yamlPath: string): string | undefined {
    const vnet = this.world.lookup(this.world.virtualNetworks, vnetName, `${yamlPath}.vnet`, 'virtual network');
    if (vnet === undefined) return undefined;
    const entry = this.world.fleet.virtualNetworks.find((v) => v.name.toLowerCase() === vnetName.toLowerCase());
    const subnet = entry?.subnets.find((s) => s.name.toLowerCase() === subnetName.toLowerCase());
    if (subnet === undefined) {
      const known = entry?.subnets.map((s) => s.name).join(', ') || 'none is defined';
      this.world.problem(
        `${yamlPath}.subnet`,
        `expected the name of a subnet of ${vnet.name} (${known}); got "${subnetName}"`,
      );
      return undefined;
    }
    return `${vnet.id}/subnets/${subnet.name}`;
  }

  private privateLinkScopes(): void {
    this.world.fleet.privateLinkScopes.forEach((entry, index) => {
      const scope = this.resolved(this.world.privateLinkScopes, entry.name, `privateLinkScopes[${index}]`);
      this.useGroup(scope.subscriptionId, scope.resourceGroup, undefined);
      this.write(
        scope.id,
        apiVersions.privateLinkScopes,
        bodies.privateLinkScopeBody(entry.ingestionAccessMode, entry.queryAccessMode),
      );
    });
  }

  private privateEndpoints(): void {
    const zonesWritten = new Set<string>();
    this.world.fleet.privateEndpoints.forEach((entry, index) => {
      const yamlPath = `privateEndpoints[${index}]`;
      const scope = this.world.lookup(
        this.world.privateLinkScopes,
        entry.privateLinkScope,
        `${yamlPath}.privateLinkScope`,
        'private link scope',
      );
      const vnet = this.world.lookup(this.world.virtualNetworks, entry.vnet, `${yamlPath}.vnet`, 'virtual network');
      const subnetId = this.subnetId(entry.vnet, entry.subnet, yamlPath);
      if (scope === undefined || vnet === undefined || subnetId === undefined) return;
      const subscriptionId = vnet.subscriptionId;
      const resourceGroup = entry.resourceGroup ?? vnet.resourceGroup;
      const region = vnet.region ?? 'eastus';
      this.useGroup(subscriptionId, resourceGroup, region);
      const id = resourceId(subscriptionId, resourceGroup, RESOURCE_TYPES.privateEndpoint.type, entry.name);
      this.write(
        id,
        apiVersions.network,
        bodies.privateEndpointBody({
          region,
          subnetId,
          name: entry.name,
          scopeId: scope.id,
          manualApproval: entry.manualApproval,
        }),
      );
      this.dnsZones({ subscriptionId, resourceGroup, yamlPath, entry, zonesWritten });
    });
  }

  private dnsZones(options: {
    subscriptionId: string;
    resourceGroup: string;
    yamlPath: string;
    entry: Fleet['privateEndpoints'][number];
    zonesWritten: Set<string>;
  }): void {
    const { subscriptionId, resourceGroup, yamlPath, entry } = options;
    const zoneId = (zone: string): string =>
      resourceId(subscriptionId, resourceGroup, RESOURCE_TYPES.privateDnsZone.type, zone);
    for (const zone of AMPLS_PRIVATE_DNS_ZONES) {
      const id = zoneId(zone);
      if (options.zonesWritten.has(id.toLowerCase())) continue;
      options.zonesWritten.add(id.toLowerCase());
      this.write(id, apiVersions.privateDns, bodies.privateDnsZoneBody());
    }
    const linkNames = entry.dnsZoneLinks ?? [entry.vnet];
    linkNames.forEach((vnetName, linkIndex) => {
      const vnet = this.world.lookup(
        this.world.virtualNetworks,
        vnetName,
        `${yamlPath}.dnsZoneLinks[${linkIndex}]`,
        'virtual network',
      );
      if (vnet === undefined) return;
      for (const zone of AMPLS_PRIVATE_DNS_ZONES) {
        this.write(
          `${zoneId(zone)}/virtualNetworkLinks/${vnet.name}-link`,
          apiVersions.privateDns,
          bodies.virtualNetworkLinkBody(vnet.id),
        );
      }
    });
    const prefix = this.world.fleet.virtualNetworks
      .find((v) => v.name.toLowerCase() === entry.vnet.toLowerCase())
      ?.subnets.find((s) => s.name.toLowerCase() === entry.subnet.toLowerCase())?.prefix;
    GLOBAL_A_RECORDS.forEach(([zone, record], recordIndex) => {
      // Azure hands out addresses from the fourth on: the first four of a subnet are reserved (VNet documentation).
      const address = prefix === undefined ? undefined : addressInPrefix(prefix, 4 + recordIndex);
      if (address === undefined) return;
      this.write(`${zoneId(zone)}/A/${record}`, apiVersions.privateDns, bodies.aRecordBody(address));
    });
  }

  private cluster(cluster: ResolvedCluster): void {
    const { entry, entryIndex } = cluster;
    const yamlPath = `clusters[${entryIndex}]`;
    this.useGroup(cluster.subscriptionId, cluster.resourceGroup, entry.region);
    const defaults = this.world.fleet.defaults;
    const prometheus = this.workspaceFor<PrometheusSetting>(entry.prometheus, defaults.prometheus);
    const containerInsights = this.workspaceFor<ContainerInsightsSetting>(
      entry.containerInsights,
      defaults.containerInsights,
    );
    const amw =
      prometheus === undefined
        ? undefined
        : this.world.lookup(
            this.world.azureMonitorWorkspaces,
            prometheus.workspace,
            `${entry.prometheus === undefined ? 'defaults' : yamlPath}.prometheus.workspace`,
            'Azure Monitor workspace',
          );
    const law =
      containerInsights === undefined
        ? undefined
        : this.world.lookup(
            this.world.logAnalyticsWorkspaces,
            containerInsights.workspace,
            `${entry.containerInsights === undefined ? 'defaults' : yamlPath}.containerInsights.workspace`,
            'Log Analytics workspace',
          );
    const scope =
      entry.privateLinkScope === undefined
        ? undefined
        : this.world.lookup(
            this.world.privateLinkScopes,
            entry.privateLinkScope,
            `${yamlPath}.privateLinkScope`,
            'private link scope',
          );
    if (
      entry.privateLinkScope !== undefined &&
      (entry.kind !== 'aks' || !entry.private || containerInsights === undefined)
    ) {
      // acs/addonconfiguration.py: "--ampls-resource-id can only be used with private cluster in MSI mode."
      this.world.problem(
        `${yamlPath}.privateLinkScope`,
        'expected only on a private AKS cluster with containerInsights on (as az aks --ampls-resource-id requires)',
      );
    }
    if (entry.kind === 'arc' && entry.private)
      this.world.problem(`${yamlPath}.private`, 'expected only on AKS clusters (kind: aks)');
    const subnetId =
      entry.network?.subnet === undefined
        ? this.egress.implicitSubnetId(entryIndex)
        : this.subnetId(entry.network.vnet, entry.network.subnet, `${yamlPath}.network`);
    // An Arc site's VPN or ExpressRoute reach is no property of connectedClusters: kept as the world's own knowledge.
    if (entry.network !== undefined && entry.network.subnet === undefined) {
      const vnet = this.world.lookup(
        this.world.virtualNetworks,
        entry.network.vnet,
        `${yamlPath}.network.vnet`,
        'virtual network',
      );
      if (entry.kind === 'arc' && vnet !== undefined)
        this.siteNetworks.push({ clusterId: cluster.id, vnetId: vnet.id });
    } else if (entry.kind === 'arc' && subnetId !== undefined) {
      this.siteNetworks.push({ clusterId: cluster.id, vnetId: subnetId.replace(/\/subnets\/[^/]+$/i, '') });
    }
    this.write(
      cluster.id,
      entry.kind === 'arc' ? apiVersions.connectedClusters : apiVersions.managedClusters,
      this.clusterBody(cluster, {
        prometheus: amw !== undefined,
        ...(law === undefined ? {} : { logAnalyticsWorkspaceId: law.id }),
        ...(subnetId === undefined ? {} : { subnetId }),
      }),
    );
    if (amw !== undefined) this.prometheus(cluster, amw);
    if (law !== undefined && containerInsights !== undefined) {
      this.containerInsights(
        cluster,
        law,
        containerInsights.highLogScale,
        entry.privateLinkScope === undefined ? undefined : scope,
      );
    }
  }

  private workspaceFor<T>(
    setting: T | 'off' | undefined,
    fallback: T | 'off' | undefined,
  ): Exclude<T, 'off'> | undefined {
    const chosen = setting ?? fallback;
    return chosen === undefined || chosen === 'off' ? undefined : (chosen as Exclude<T, 'off'>);
  }

  private clusterBody(
    cluster: ResolvedCluster,
    monitoring: { prometheus: boolean; logAnalyticsWorkspaceId?: string; subnetId?: string },
  ): Record<string, unknown> {
    const { entry } = cluster;
    const tags: Record<string, string> = { ...entry.tags };
    if (entry.kind === 'arc') {
      return bodies.connectedClusterBody({
        region: entry.region,
        agentPublicKeyCertificate: Buffer.from(`agent-public-key:${cluster.id}`).toString('base64'),
        tags,
      });
    }
    return bodies.managedClusterBody({
      region: entry.region,
      name: cluster.name,
      privateCluster: entry.private,
      // The firewall, its policy and the node subnet's route table are resources (egress.ts).
      firewallEgress: entry.egress !== 'open',
      prometheus: monitoring.prometheus,
      ...(monitoring.logAnalyticsWorkspaceId === undefined
        ? {}
        : { logAnalyticsWorkspaceId: monitoring.logAnalyticsWorkspaceId }),
      ...(monitoring.subnetId === undefined ? {} : { subnetId: monitoring.subnetId }),
      tags,
    });
  }

  private endpoint(cluster: ResolvedCluster, name: string, body: Record<string, unknown>): string {
    const id = resourceId(cluster.subscriptionId, cluster.resourceGroup, DCE_TYPE, name);
    this.write(id, apiVersions.dataCollection, body);
    this.createdEndpoints.set(name.toLowerCase(), id);
    return id;
  }

  /** acs/azuremonitormetrics/dc: DCE and DCR in the cluster's resource group, in the AMW's region, then the association. */
  private prometheus(cluster: ResolvedCluster, amw: NamedResource): void {
    const region = amw.region ?? cluster.entry.region;
    const dceId = this.endpoint(
      cluster,
      names.prometheusDceName(region, cluster.name),
      bodies.prometheusDceBody(region),
    );
    const dcrId = resourceId(
      cluster.subscriptionId,
      cluster.resourceGroup,
      DCR_TYPE,
      names.prometheusDcrName(region, cluster.name),
    );
    this.write(dcrId, apiVersions.dataCollection, bodies.prometheusDcrBody({ region, dceId, workspaceId: amw.id }));
    this.write(
      extensionResourceId(cluster.id, DCRA_TYPE, names.PROMETHEUS_ASSOCIATION_NAME),
      apiVersions.dataCollection,
      bodies.ruleAssociationBody(
        dcrId,
        'Promtheus data collection association between DCR, DCE and target AKS resource',
      ),
    );
  }

  /** acs/addonconfiguration.py: DCR (and DCEs) in the cluster's resource group; DCR and ingestion DCE in the workspace's region. */
  private containerInsights(
    cluster: ResolvedCluster,
    law: NamedResource,
    highLogScale: boolean,
    scope: NamedResource | undefined,
  ): void {
    const region = law.region ?? cluster.entry.region;
    const privateLink = scope !== undefined;
    const ingestionDceName = names.containerInsightsIngestionDceName(region, cluster.name);
    const ingestionDceId = highLogScale
      ? this.endpoint(cluster, ingestionDceName, bodies.containerInsightsDceBody(region, privateLink))
      : undefined;
    const configDceName = names.configurationDceName(cluster.entry.region, cluster.name);
    const configDceId = privateLink
      ? this.endpoint(cluster, configDceName, bodies.containerInsightsDceBody(cluster.entry.region, true))
      : undefined;
    const dcrId = resourceId(
      cluster.subscriptionId,
      cluster.resourceGroup,
      DCR_TYPE,
      names.containerInsightsDcrName(region, cluster.name),
    );
    this.write(
      dcrId,
      apiVersions.dataCollection,
      bodies.containerInsightsDcrBody({
        region,
        workspaceId: law.id,
        ...(ingestionDceId === undefined ? {} : { ingestionDceId }),
      }),
    );
    this.write(
      extensionResourceId(cluster.id, DCRA_TYPE, names.CONTAINER_INSIGHTS_ASSOCIATION_NAME),
      apiVersions.dataCollection,
      bodies.ruleAssociationBody(dcrId, 'associates dataCollectionRule to the AKS'),
    );
    if (scope === undefined || configDceId === undefined) return;
    this.write(
      extensionResourceId(cluster.id, DCRA_TYPE, names.CONFIGURATION_ENDPOINT_ASSOCIATION_NAME),
      apiVersions.dataCollection,
      bodies.endpointAssociationBody(configDceId),
    );
    // Same order as az: config DCE, workspace, ingestion DCE; a resource already in the scope is skipped.
    this.link(scope, configDceName, configDceId);
    this.link(scope, law.name, law.id);
    if (ingestionDceId !== undefined) this.link(scope, ingestionDceName, ingestionDceId);
  }

  /** A scoped resource; DOMAIN.md: the same linked resource twice is a 409, so each is linked once per scope. */
  private link(
    scope: NamedResource,
    linkedName: string,
    linkedResourceId: string,
    provisioningState = 'Succeeded',
  ): void {
    const key = scope.id.toLowerCase();
    const linked = this.scopedLinks.get(key) ?? new Set<string>();
    this.scopedLinks.set(key, linked);
    if (linked.has(linkedResourceId.toLowerCase())) return;
    linked.add(linkedResourceId.toLowerCase());
    this.write(
      `${scope.id}/scopedResources/${names.scopedResourceName(linkedName)}`,
      apiVersions.privateLinkScopes,
      bodies.scopedResourceBody(linkedResourceId),
      provisioningState === 'Succeeded' ? undefined : provisioningState,
    );
  }

  /** `privateLinkScopes[].linked`: written last, once everything they name exists. */
  private alreadyLinkedResources(): void {
    this.world.fleet.privateLinkScopes.forEach((entry, index) => {
      const scope = this.resolved(this.world.privateLinkScopes, entry.name, `privateLinkScopes[${index}]`);
      entry.linked.forEach((reference, linkIndex) => {
        const { resource, provisioningState } =
          typeof reference === 'string' ? { resource: reference, provisioningState: 'Succeeded' } : reference;
        const target = this.linkTarget(resource, `privateLinkScopes[${index}].linked[${linkIndex}]`);
        if (target !== undefined) this.link(scope, target.name, target.id, provisioningState);
      });
    });
  }

  private linkTarget(reference: string, yamlPath: string): { name: string; id: string } | undefined {
    if (reference.startsWith('/')) return { name: reference.split('/').pop() ?? reference, id: reference };
    const key = reference.toLowerCase();
    const candidates: { name: string; id: string }[] = [];
    const law = this.world.logAnalyticsWorkspaces.get(key);
    if (law !== undefined) candidates.push({ name: law.name, id: law.id });
    const amw = this.world.azureMonitorWorkspaces.get(key);
    if (amw !== undefined) candidates.push({ name: amw.name, id: World.defaultDceId(amw) });
    const dce = this.createdEndpoints.get(key);
    if (dce !== undefined) candidates.push({ name: reference, id: dce });
    if (candidates.length === 1) return candidates[0];
    this.world.problem(
      yamlPath,
      candidates.length === 0
        ? `expected the name of a Log Analytics workspace, an Azure Monitor workspace, a data collection endpoint this fleet creates, or an ARM id; got "${reference}"`
        : `expected a name that means one resource; "${reference}" names several (use an ARM id)`,
    );
    return undefined;
  }
}
