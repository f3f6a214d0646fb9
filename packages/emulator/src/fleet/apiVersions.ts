// The api-version each fleet write uses, by family: read from the one table of types and versions
// (src/arm/resource-types.ts, which names the sources).
import { RESOURCE_TYPES as T } from '../arm/resource-types.js';

export const apiVersions = {
  dataCollection: T.dataCollectionRule.writeApiVersion,
  privateLinkScopes: T.privateLinkScope.writeApiVersion,
  monitorAccounts: T.monitorAccount.writeApiVersion,
  logAnalyticsWorkspaces: T.logAnalyticsWorkspace.writeApiVersion,
  managedClusters: T.managedCluster.writeApiVersion,
  connectedClusters: T.connectedCluster.writeApiVersion,
  network: T.virtualNetwork.writeApiVersion,
  privateDns: T.privateDnsZone.writeApiVersion,
  resourceGroups: T.resourceGroup.writeApiVersion,
} as const;
