// AKS managed clusters and Arc connected clusters: enough of their shape for discovery and for extension resources.
import { z } from 'zod';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, asString, clientProperties, normalizeLocation, props, stableSuffix, trackedBody } from './base.js';
import { scopeOf } from '../arm/ids.js';
import type { ResourceProvider } from './types.js';

export const MANAGED_CLUSTER_TYPE = RESOURCE_TYPES.managedCluster.type;
export const CONNECTED_CLUSTER_TYPE = RESOURCE_TYPES.connectedCluster.type;

export const managedClusters: ResourceProvider = {
  type: MANAGED_CLUSTER_TYPE,
  apiVersions: RESOURCE_TYPES.managedCluster.apiVersions,
  tracked: true,
  longRunning: { put: true, delete: true },
  schema: trackedBody(
    props({
      kubernetesVersion: z.string().optional(),
      dnsPrefix: z.string().optional(),
      agentPoolProfiles: z.array(props({ name: z.string() })).optional(),
      apiServerAccessProfile: props({ enablePrivateCluster: z.boolean().optional() }).optional(),
      addonProfiles: props({}).optional(),
      azureMonitorProfile: props({}).optional(),
      networkProfile: props({}).optional(),
    }),
  ),
  readOnly: ['fqdn', 'privateFQDN', 'azurePortalFQDN', 'powerState', 'currentKubernetesVersion', 'maxAgentPools'],
  properties(ctx, req) {
    const sent = clientProperties(this, req);
    const region = normalizeLocation(asString(req.body['location']) ?? asString(req.existing?.['location']) ?? '');
    const dnsPrefix = asString(sent['dnsPrefix']) ?? `${req.name}-dns`;
    const host = `${dnsPrefix}-${stableSuffix(req.id.toLowerCase(), 8)}`;
    const isPrivate = asObject(sent['apiServerAccessProfile'])['enablePrivateCluster'] === true;
    const version = asString(sent['kubernetesVersion']) ?? '1.30.6';
    const group = scopeOf(req.id)?.resourceGroup ?? '';
    // A cluster that signs in with a managed identity shows servicePrincipalProfile {"clientId": "msi"} (DOMAIN.md,
    // "What Azure returns"); az 2.45's `aks show`/`aks list` read servicePrincipalProfile.clientId and fail without it.
    const identityType = asString(asObject(req.body['identity'] ?? req.existing?.['identity'])['type']) ?? 'None';
    const managedIdentity = /assigned/i.test(identityType);
    return {
      kubernetesVersion: version,
      dnsPrefix,
      nodeResourceGroup: `MC_${group}_${req.name}_${region}`,
      ...(managedIdentity ? { servicePrincipalProfile: { clientId: 'msi' } } : {}),
      ...sent,
      currentKubernetesVersion: version,
      maxAgentPools: 100,
      powerState: { code: 'Running' },
      ...(isPrivate
        ? { privateFQDN: `${host}.${ctx.generated.uuid().slice(0, 8)}.privatelink.${region}.azmk8s.io` }
        : { fqdn: `${host}.hcp.${region}.azmk8s.io` }),
      azurePortalFQDN: `${host}.portal.hcp.${region}.azmk8s.io`,
    };
  },
};

export const connectedClusters: ResourceProvider = {
  type: CONNECTED_CLUSTER_TYPE,
  apiVersions: RESOURCE_TYPES.connectedCluster.apiVersions,
  tracked: true,
  longRunning: { put: true, delete: true },
  schema: trackedBody(props({ agentPublicKeyCertificate: z.string().optional(), distribution: z.string().optional() })),
  readOnly: ['kubernetesVersion', 'totalNodeCount', 'agentVersion', 'connectivityStatus', 'lastConnectivityTime'],
  properties(ctx, req) {
    return {
      agentPublicKeyCertificate: '',
      distribution: 'generic',
      infrastructure: 'generic',
      ...clientProperties(this, req),
      kubernetesVersion: '1.30.4',
      totalNodeCount: 3,
      totalCoreCount: 12,
      agentVersion: '1.21.10',
      connectivityStatus: 'Connected',
      lastConnectivityTime: ctx.generated.now(),
    };
  },
};

/** Virtual machines: only as targets of extension resources such as data collection rule associations. */
export const virtualMachines: ResourceProvider = {
  type: RESOURCE_TYPES.virtualMachine.type,
  apiVersions: RESOURCE_TYPES.virtualMachine.apiVersions,
  tracked: true,
  schema: trackedBody(props({})),
};
