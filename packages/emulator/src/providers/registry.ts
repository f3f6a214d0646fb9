// Every resource type the emulator serves. A type that is not here gets ARM's InvalidResourceType error.
import { idKey } from '../arm/ids.js';
import { connectedClusters, managedClusters, virtualMachines } from './clusters.js';
import { dataCollectionEndpoints } from './data-collection-endpoints.js';
import { dataCollectionRuleAssociations } from './data-collection-rule-associations.js';
import { dataCollectionRules } from './data-collection-rules.js';
import { applicationInsightsComponents, logAnalyticsWorkspaces } from './log-analytics-workspaces.js';
import { monitorAccountConnections, monitorAccounts } from './monitor-accounts.js';
import {
  aRecords,
  privateDnsZoneGroups,
  privateDnsZones,
  privateEndpoints,
  subnets,
  virtualNetworkLinks,
  virtualNetworkPeerings,
  virtualNetworks,
} from './network.js';
import { azureFirewalls, firewallPolicies, ruleCollectionGroups } from './firewalls.js';
import { routeTables, routes } from './route-tables.js';
import { soaRecords } from './private-dns-record-sets.js';
import { privateLinkScopeConnections, privateLinkScopes, scopedResources } from './private-link-scopes.js';
import { resourceGroups } from './resource-groups.js';
import type { ResourceProvider } from './types.js';

export const ALL_PROVIDERS: readonly ResourceProvider[] = [
  resourceGroups,
  managedClusters,
  connectedClusters,
  virtualMachines,
  monitorAccounts,
  monitorAccountConnections,
  logAnalyticsWorkspaces,
  applicationInsightsComponents,
  dataCollectionEndpoints,
  dataCollectionRules,
  dataCollectionRuleAssociations,
  privateLinkScopes,
  scopedResources,
  privateLinkScopeConnections,
  virtualNetworks,
  subnets,
  virtualNetworkPeerings,
  privateEndpoints,
  privateDnsZoneGroups,
  privateDnsZones,
  aRecords,
  soaRecords,
  virtualNetworkLinks,
  routeTables,
  routes,
  azureFirewalls,
  firewallPolicies,
  ruleCollectionGroups,
];

export class ProviderRegistry {
  private readonly byType = new Map<string, ResourceProvider>();
  private readonly namespaces = new Map<string, string>();

  constructor(providers: readonly ResourceProvider[] = ALL_PROVIDERS) {
    for (const p of providers) {
      this.byType.set(idKey(p.type), p);
      const ns = p.type.split('/')[0] ?? '';
      this.namespaces.set(idKey(ns), ns);
    }
  }

  get(type: string): ResourceProvider | undefined {
    return this.byType.get(idKey(type));
  }

  /** The canonical spelling of a namespace, if any type of it is served. */
  namespace(ns: string): string | undefined {
    return this.namespaces.get(idKey(ns));
  }

  all(): ResourceProvider[] {
    return [...this.byType.values()];
  }
}
