// `egress: { firewall: ... }` of AKS entries -> Azure Firewall as Azure models it: per firewall VNet one firewall in
// its AzureFirewallSubnet and one policy; per node subnet a route table sending 0.0.0.0/0 to the firewall's private
// address; per node subnet an application rule (source: the subnet's prefix) allowing exactly the listed FQDNs.
// Clusters with no `network` get the VNet AKS itself would make, because userDefinedRouting needs a subnet of yours
// (AKS egress documentation: "outbound type userDefinedRouting ... requires an existing virtual network").
import { RESOURCE_TYPES as T } from '../arm/resource-types.js';
import { addressInPrefix, freeBlock, overlaps } from '../arm/ipv4.js';
import { apiVersions } from './apiVersions.js';
import * as bodies from './bodies.js';
import { resourceId } from './ids.js';
import type { ArmWrite } from './types.js';
import type { NamedResource, ResolvedCluster, World } from './world.js';
import type { Fleet } from './schema.js';

/** Azure Firewall needs an AzureFirewallSubnet of at least /26 (Azure Firewall FAQ). */
const FIREWALL_SUBNET = 'AzureFirewallSubnet';
const FIREWALL_SUBNET_BITS = 26;
/** The VNet AKS makes for a cluster without one: 10.224.0.0/12 with aks-subnet 10.224.0.0/16 (AKS networking concepts). */
const AKS_VNET_SPACE = '10.224.0.0/12';
const AKS_SUBNET = { name: 'aks-subnet', prefix: '10.224.0.0/16' };
/** The portal's default group for application rules (Azure Firewall Policy rule sets: priority 300). */
const APPLICATION_GROUP = { name: 'DefaultApplicationRuleCollectionGroup', priority: 300 };

export interface FleetSubnet {
  name: string;
  prefix: string;
  routeTableId?: string | undefined;
}

/** A VNet this plan writes that the fleet does not list (a cluster's own, as AKS makes it). */
export interface ImplicitNetwork {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  region: string;
  addressSpace: string[];
  subnets: FleetSubnet[];
}

interface NodeSubnet {
  vnetName: string;
  name: string;
  prefix: string;
  allowedFqdns: string[];
  yamlPath: string;
  routeTableId: string;
}

type FleetRuleCollectionGroup = Fleet['firewalls'][number]['ruleCollectionGroups'][number];

interface FirewallNetwork {
  vnet: NamedResource;
  region: string;
  /** Node subnets behind this firewall, by node VNet id and subnet name (lower case). */
  nodeSubnets: Map<string, NodeSubnet>;
  /** `firewalls[].ruleCollectionGroups` of the fleet for this firewall. */
  groups: FleetRuleCollectionGroup[];
}

export class EgressPlan {
  /** Route tables, written before the VNets whose subnets name them. */
  readonly routeTables: ArmWrite[] = [];
  /** Policies, their rule collection groups and the firewalls, written once the VNets exist. */
  readonly firewalls: ArmWrite[] = [];
  readonly implicitNetworks: ImplicitNetwork[] = [];
  /** Subnets added to fleet VNets (AzureFirewallSubnet) and route tables of their subnets, by VNet id (lower case). */
  private readonly added = new Map<string, FleetSubnet[]>();
  private readonly routeTableOf = new Map<string, string>();
  /** The node subnet of clusters that got an implicit VNet, by entry index. */
  private readonly implicitSubnets = new Map<number, string>();
  private readonly implicitById = new Map<string, ImplicitNetwork>();
  private readonly fleetVnets: Map<string, World['fleet']['virtualNetworks'][number]>;

  constructor(private readonly world: World) {
    this.fleetVnets = new Map(world.fleet.virtualNetworks.map((v) => [v.name.toLowerCase(), v]));
    const firstCluster = new Map<number, ResolvedCluster>();
    for (const cluster of world.clusters)
      if (!firstCluster.has(cluster.entryIndex)) firstCluster.set(cluster.entryIndex, cluster);
    const byFirewallVnet = new Map<string, FirewallNetwork>();
    this.world.fleet.clusters.forEach((entry, entryIndex) => {
      if (entry.egress === 'open') return;
      const yamlPath = `clusters[${entryIndex}]`;
      if (entry.kind !== 'aks') {
        this.world.problem(`${yamlPath}.egress`, 'expected only on AKS clusters (kind: aks)');
        return;
      }
      const node = this.nodeSubnet(entryIndex, yamlPath, firstCluster.get(entryIndex));
      if (node === undefined) return;
      const firewallVnet =
        entry.egress.firewall.vnet === undefined
          ? node.vnet
          : this.world.lookup(
              this.world.virtualNetworks,
              entry.egress.firewall.vnet,
              `${yamlPath}.egress.firewall.vnet`,
              'virtual network',
            );
      if (firewallVnet === undefined) return;
      const key = firewallVnet.id.toLowerCase();
      const network = byFirewallVnet.get(key) ?? {
        vnet: firewallVnet,
        region: firewallVnet.region ?? entry.region,
        nodeSubnets: new Map<string, NodeSubnet>(),
        groups: [],
      };
      byFirewallVnet.set(key, network);
      const subnetKey = `${node.vnet.id}/subnets/${node.name}`.toLowerCase();
      const allowed = entry.egress.firewall.allowedFqdns;
      const known = network.nodeSubnets.get(subnetKey);
      if (known !== undefined) {
        // The rule's source is the subnet: clusters sharing it share what it allows.
        if (canonical(known.allowedFqdns) !== canonical(allowed)) {
          this.world.problem(
            `${yamlPath}.egress.firewall.allowedFqdns`,
            `expected the same list as ${known.yamlPath}, which shares subnet ${node.name} (a firewall rule's source is the subnet); give the clusters the same list or different subnets`,
          );
        }
        return;
      }
      const routeTableId = resourceId(
        node.vnet.subscriptionId,
        node.vnet.resourceGroup,
        T.routeTable.type,
        `rt-${node.vnet.name}-${node.name}`,
      );
      network.nodeSubnets.set(subnetKey, {
        vnetName: node.vnet.name,
        name: node.name,
        prefix: node.prefix,
        allowedFqdns: allowed,
        yamlPath,
        routeTableId,
      });
      this.routeTableOf.set(subnetKey, routeTableId);
    });
    this.world.fleet.firewalls.forEach((entry, index) => {
      const yamlPath = `firewalls[${index}]`;
      const vnet = this.world.lookup(this.world.virtualNetworks, entry.vnet, `${yamlPath}.vnet`, 'virtual network');
      if (vnet === undefined) return;
      const key = vnet.id.toLowerCase();
      const network = byFirewallVnet.get(key) ?? {
        vnet,
        region: vnet.region ?? 'eastus',
        nodeSubnets: new Map<string, NodeSubnet>(),
        groups: [],
      };
      byFirewallVnet.set(key, network);
      const names = new Set([APPLICATION_GROUP.name.toLowerCase(), ...network.groups.map((g) => g.name.toLowerCase())]);
      entry.ruleCollectionGroups.forEach((group, groupIndex) => {
        const groupPath = `${yamlPath}.ruleCollectionGroups[${groupIndex}]`;
        if (names.has(group.name.toLowerCase())) {
          this.world.problem(`${groupPath}.name`, `expected a group name of its own; "${group.name}" is taken`);
          return;
        }
        names.add(group.name.toLowerCase());
        group.ruleCollections.forEach((collection, collectionIndex) => {
          // Azure Firewall rule processing: "Rules in a rule collection must be of the same type".
          if (collection.application.length > 0 === collection.network.length > 0) {
            this.world.problem(
              `${groupPath}.ruleCollections[${collectionIndex}]`,
              'expected either application or network rules (a rule collection holds one kind)',
            );
          }
        });
        network.groups.push(group);
      });
    });
    for (const network of byFirewallVnet.values()) this.firewall(network);
  }

  /** The subnets to write in a fleet VNet's body: its own (with their route tables) and any AzureFirewallSubnet. */
  subnetsOf(vnetId: string, own: readonly { name: string; prefix: string }[]): FleetSubnet[] {
    const subnets = own.map((s) => ({
      ...s,
      routeTableId: this.routeTableOf.get(`${vnetId}/subnets/${s.name}`.toLowerCase()),
    }));
    return [...subnets, ...(this.added.get(vnetId.toLowerCase()) ?? [])];
  }

  /** The node subnet id of a cluster entry that got an implicit VNet. */
  implicitSubnetId(entryIndex: number): string | undefined {
    return this.implicitSubnets.get(entryIndex);
  }

  private nodeSubnet(
    entryIndex: number,
    yamlPath: string,
    cluster: ResolvedCluster | undefined,
  ): { vnet: NamedResource; name: string; prefix: string } | undefined {
    const entry = this.world.fleet.clusters[entryIndex];
    const network = entry?.network;
    if (entry === undefined || cluster === undefined) return undefined;
    if (network === undefined) return this.implicitNetwork(entryIndex, cluster);
    if (network.subnet === undefined) {
      this.world.problem(
        `${yamlPath}.network.subnet`,
        'expected the node subnet with egress.firewall (its route table sends 0.0.0.0/0 to the firewall)',
      );
      return undefined;
    }
    const vnet = this.world.virtualNetworks.get(network.vnet.toLowerCase());
    const subnet = this.fleetVnets
      .get(network.vnet.toLowerCase())
      ?.subnets.find((s) => s.name.toLowerCase() === network.subnet?.toLowerCase());
    // A missing VNet or subnet is reported where the cluster's network is resolved (expand.ts).
    if (vnet === undefined || subnet === undefined) return undefined;
    return { vnet, name: subnet.name, prefix: subnet.prefix };
  }

  private implicitNetwork(
    entryIndex: number,
    cluster: ResolvedCluster,
  ): { vnet: NamedResource; name: string; prefix: string } {
    const name = `aks-vnet-${cluster.entry.name}`;
    const id = resourceId(cluster.subscriptionId, cluster.resourceGroup, T.virtualNetwork.type, name);
    const network: ImplicitNetwork = {
      id,
      subscriptionId: cluster.subscriptionId,
      resourceGroup: cluster.resourceGroup,
      region: cluster.entry.region,
      addressSpace: [AKS_VNET_SPACE],
      subnets: [{ ...AKS_SUBNET }],
    };
    this.implicitNetworks.push(network);
    this.implicitById.set(id.toLowerCase(), network);
    this.implicitSubnets.set(entryIndex, `${id}/subnets/${AKS_SUBNET.name}`);
    const vnet: NamedResource = {
      name,
      id,
      subscriptionId: cluster.subscriptionId,
      resourceGroup: cluster.resourceGroup,
      region: cluster.entry.region,
      yamlPath: `clusters[${entryIndex}]`,
    };
    return { vnet, name: AKS_SUBNET.name, prefix: AKS_SUBNET.prefix };
  }

  /** The subnets a VNet already has, fleet-listed or implicit. */
  private subnetsIn(vnet: NamedResource): { name: string; prefix: string }[] {
    return this.definitionOf(vnet)?.subnets ?? [];
  }

  private addressSpaceOf(vnet: NamedResource): string[] {
    return this.definitionOf(vnet)?.addressSpace ?? [];
  }

  private definitionOf(vnet: NamedResource): { subnets: FleetSubnet[]; addressSpace: string[] } | undefined {
    return this.implicitById.get(vnet.id.toLowerCase()) ?? this.fleetVnets.get(vnet.name.toLowerCase());
  }

  private firewall(network: FirewallNetwork): void {
    const { vnet, region } = network;
    const subnets = this.subnetsIn(vnet);
    let firewallPrefix = subnets.find((s) => s.name.toLowerCase() === FIREWALL_SUBNET.toLowerCase())?.prefix;
    if (firewallPrefix === undefined) {
      const taken = subnets.map((s) => s.prefix);
      for (const space of this.addressSpaceOf(vnet)) {
        firewallPrefix ??= freeBlock(space, FIREWALL_SUBNET_BITS, taken);
      }
      if (firewallPrefix === undefined) {
        this.world.problem(
          `${vnet.yamlPath}.addressSpace`,
          `expected room for an ${FIREWALL_SUBNET} (/${FIREWALL_SUBNET_BITS}) beside the subnets of ${vnet.name}, which hosts a firewall; add address space or list an ${FIREWALL_SUBNET} subnet`,
        );
        return;
      }
      const implicit = this.implicitById.get(vnet.id.toLowerCase());
      const subnet = { name: FIREWALL_SUBNET, prefix: firewallPrefix };
      if (implicit !== undefined) implicit.subnets.push(subnet);
      else this.added.set(vnet.id.toLowerCase(), [subnet]);
    }
    const address = addressInPrefix(firewallPrefix, 4) ?? '';
    const policyId = resourceId(vnet.subscriptionId, vnet.resourceGroup, T.firewallPolicy.type, `afwp-${vnet.name}`);
    const firewallId = resourceId(vnet.subscriptionId, vnet.resourceGroup, T.azureFirewall.type, `afw-${vnet.name}`);
    const nodeSubnets = [...network.nodeSubnets.values()];
    for (const node of nodeSubnets) {
      if (overlaps(node.prefix, firewallPrefix)) {
        this.world.problem(
          `${node.yamlPath}.network.subnet`,
          `expected a node subnet apart from the ${FIREWALL_SUBNET} ${firewallPrefix} of ${vnet.name}`,
        );
      }
      this.routeTables.push({
        id: node.routeTableId,
        apiVersion: apiVersions.network,
        body: bodies.firewallRouteTableBody(region, address),
      });
    }
    this.firewalls.push({ id: policyId, apiVersion: apiVersions.network, body: bodies.firewallPolicyBody(region) });
    const rules = nodeSubnets
      .filter((node) => node.allowedFqdns.length > 0)
      .map((node) => ({
        name: `${node.vnetName}-${node.name}`,
        sourceAddresses: [node.prefix],
        targetFqdns: node.allowedFqdns,
      }));
    if (rules.length > 0) {
      this.firewalls.push({
        id: `${policyId}/ruleCollectionGroups/${APPLICATION_GROUP.name}`,
        apiVersion: apiVersions.network,
        body: bodies.applicationRuleCollectionGroupBody({
          priority: APPLICATION_GROUP.priority,
          collectionName: 'allowed-fqdns',
          rules,
        }),
      });
    }
    for (const group of network.groups) {
      this.firewalls.push({
        id: `${policyId}/ruleCollectionGroups/${group.name}`,
        apiVersion: apiVersions.network,
        body: bodies.ruleCollectionGroupBody(group),
      });
    }
    this.firewalls.push({
      id: firewallId,
      apiVersion: apiVersions.network,
      body: bodies.azureFirewallBody({ region, subnetId: `${vnet.id}/subnets/${FIREWALL_SUBNET}`, policyId }),
    });
  }
}

const canonical = (fqdns: readonly string[]): string =>
  [...new Set(fqdns.map((f) => f.trim().toLowerCase()))].sort().join(',');
