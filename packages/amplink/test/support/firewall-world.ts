import { World } from './world.js';

type Json = Record<string, unknown>;

export const app = (name: string, sources: string[], fqdns: string[], extra: Json = {}): Json => ({
  ruleType: 'ApplicationRule',
  name,
  sourceAddresses: sources,
  protocols: [{ protocolType: 'Https', port: 443 }],
  targetFqdns: fqdns,
  ...extra,
});

export const net = (name: string, sources: string[], destinations: string[], ports = ['443']): Json => ({
  ruleType: 'NetworkRule',
  name,
  sourceAddresses: sources,
  destinationAddresses: destinations,
  ipProtocols: ['TCP'],
  destinationPorts: ports,
});

/**
 * A private AKS cluster (no private path: its VNet resolves Azure Monitor publicly) behind Azure Firewall: node subnet
 * 10.1.0.0/24 → route table → 0.0.0.0/0 to 10.0.2.4 → firewall afw → policy child (base policy base). The base policy
 * allows the sign-in; the child denies every ingestion host in group user-deny (priority 200) before its own allow of
 * Azure Monitor in user-allow (priority 500).
 */
export function firewalledWorld(options: { baseDeniesLogin?: boolean } = {}) {
  const world = new World();
  const amplsId = world.ampls('my-ampls', 'my-resource-group');
  const amw = world.amw('aks-amw', 'eastus', 'monitoring');
  const law = world.law('my-workspace', 'eastus');
  const cluster = world.cluster({ name: 'aks-fw', region: 'eastus', metricsTo: amw.id, logsTo: law });
  const configuration = world.dce('config-eastus', 'eastus', 'monitoring');
  world.configuration(cluster, configuration);
  const vnet = world.vnet('vnet-spoke', 'eastus', { aks: '10.1.0.0/24' });
  const subnet = world.subnet(vnet, 'aks');
  const table = world.routeTable('rt-aks', 'eastus', '10.0.2.4');
  world.routeSubnet(subnet, table);
  world.userDefinedRouting(cluster, subnet);
  const base = world.firewallPolicy('base', 'eastus');
  world.ruleCollectionGroup(base, 'base-rules', 65000, options.baseDeniesLogin ? 'Deny' : 'Allow', [
    app('sign-in', ['10.0.0.0/8'], ['LOGIN.microsoftonline.com']),
  ]);
  const child = world.firewallPolicy('child', 'eastus', { basePolicy: base });
  world.ruleCollectionGroup(child, 'user-deny', 200, 'Deny', [app('no-ingest', ['*'], ['*.ingest.monitor.azure.com'])]);
  world.ruleCollectionGroup(child, 'user-allow', 500, 'Allow', [
    app('monitor', ['10.1.0.0/16'], ['*.monitor.azure.com', '*.opinsights.azure.com']),
  ]);
  // The firewall is in a hub peered with the cluster's spoke: a next hop names a firewall in the VNets the node VNet
  // reaches, as private addresses repeat across VNets.
  const hub = world.vnet('vnet-hub', 'eastus', { AzureFirewallSubnet: '10.0.2.0/26' });
  world.peering(vnet, hub);
  world.peering(hub, vnet);
  const firewall = world.firewall('afw', 'eastus', '10.0.2.4', child, world.subnet(hub, 'AzureFirewallSubnet'));
  return { world, amplsId, cluster, subnet, table, base, child, firewall };
}
