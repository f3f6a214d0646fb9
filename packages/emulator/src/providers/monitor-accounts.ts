// Azure Monitor workspaces. Creating one also creates MA_<name>_<region>_managed with a DCE and a DCR named <name>
// (DOMAIN.md; spec example AzureMonitorWorkspacesCreate.json, 2023-04-03).
import { RESOURCE_GROUP_TYPE } from './resource-groups.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import {
  asObject,
  asString,
  clientProperties,
  enabledDisabled,
  normalizeLocation,
  props,
  trackedBody,
} from './base.js';
import { scopeOf } from '../arm/ids.js';
import { privateLinkScopeConnections } from './private-link-scopes.js';
import { workspacePrivateLinkResources } from './private-link-resources.js';
import type { ResourceProvider } from './types.js';
import type { Json } from '../store/store.js';

export const MONITOR_ACCOUNT_TYPE = RESOURCE_TYPES.monitorAccount.type;
export const MONITOR_ACCOUNT_PEC_TYPE = RESOURCE_TYPES.monitorAccountConnection.type;
const DATA_COLLECTION_API = '2024-03-11';

function managedGroupId(subscriptionId: string, name: string, region: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/MA_${name}_${region}_managed`;
}

export const monitorAccounts: ResourceProvider = {
  type: MONITOR_ACCOUNT_TYPE,
  apiVersions: RESOURCE_TYPES.monitorAccount.apiVersions,
  tracked: true,
  schema: trackedBody(props({ publicNetworkAccess: enabledDisabled.optional() })),
  readOnly: ['accountId', 'metrics', 'defaultIngestionSettings', 'privateEndpointConnections'],
  // AzureMonitorWorkspaces_Delete is long-running, final state via Location (spec 2023-04-03: 202 with
  // Azure-AsyncOperation and Location, or 204); the workspace shows Deleting until it is gone.
  longRunning: { delete: true },
  properties(ctx, req) {
    const existing = asObject(req.existing?.['properties']);
    const accountId = asString(asObject(existing)['accountId']) ?? ctx.generated.uuid();
    const region = normalizeLocation(asString(req.body['location']) ?? asString(req.existing?.['location']) ?? '');
    const group = managedGroupId(scopeOf(req.id)?.subscriptionId ?? '', req.name, region);
    return {
      publicNetworkAccess: 'Enabled',
      ...clientProperties(this, req),
      accountId,
      metrics: {
        // Points at the emulator itself so that PromQL checks can run offline.
        prometheusQueryEndpoint: `${ctx.baseUrl}/prometheus/${accountId}`,
        internalId: `mac_${accountId}`,
      },
      defaultIngestionSettings: {
        dataCollectionRuleResourceId: `${group}/providers/Microsoft.Insights/dataCollectionRules/${req.name}`,
        dataCollectionEndpointResourceId: `${group}/providers/Microsoft.Insights/dataCollectionEndpoints/${req.name}`,
      },
    };
  },
  afterPut(ctx, account, created) {
    if (!created) return;
    const settings = asObject(asObject(account['properties'])['defaultIngestionSettings']);
    const dceId = asString(settings['dataCollectionEndpointResourceId']) ?? '';
    const dcrId = asString(settings['dataCollectionRuleResourceId']) ?? '';
    const location = asString(account['location']) ?? '';
    const groupId = dceId.split('/providers/')[0] ?? '';
    ctx.putInternal(groupId, '2021-04-01', { location, managedBy: account.id });
    ctx.putInternal(dceId, DATA_COLLECTION_API, {
      location,
      properties: { networkAcls: { publicNetworkAccess: 'Enabled' } },
    });
    ctx.putInternal(dcrId, DATA_COLLECTION_API, {
      location,
      properties: {
        dataCollectionEndpointId: dceId,
        dataSources: {
          prometheusForwarder: [
            { name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'], labelIncludeFilter: {} },
          ],
        },
        destinations: { monitoringAccounts: [{ accountResourceId: account.id, name: 'MonitoringAccount1' }] },
        dataFlows: [{ streams: ['Microsoft-PrometheusMetrics'], destinations: ['MonitoringAccount1'] }],
      },
    });
  },
  listActions: { privateLinkResources: (_ctx, account) => workspacePrivateLinkResources(account) },
  // Its private endpoint connections are child resources, shown inline too (spec example AzureMonitorWorkspacesCreate);
  // a workspace without any shows no such property (example AzureMonitorWorkspacesGet).
  view(ctx, account) {
    const connections = ctx.store.childrenOf(account.id, MONITOR_ACCOUNT_PEC_TYPE);
    if (connections.length === 0) return account;
    return {
      ...account,
      properties: { ...asObject(account['properties']), privateEndpointConnections: connections as Json[] },
    };
  },
  afterDelete(ctx, account) {
    const settings = asObject(asObject(account['properties'])['defaultIngestionSettings']);
    const groupId = (asString(settings['dataCollectionEndpointResourceId']) ?? '').split('/providers/')[0] ?? '';
    const group = ctx.store.get(groupId);
    if (group && group.type === RESOURCE_GROUP_TYPE) ctx.deleteInternal(groupId);
  },
};

// The AMPLS's connection writes are long-running on the AMPLS's own operation status (azure-cli recording); no
// recording shows an Azure Monitor workspace's, so they stay synchronous here.
const { longRunning: _amplsOperations, ...connectionBehaviour } = privateLinkScopeConnections;

/** An Azure Monitor workspace's private endpoint connections (group prometheusMetrics): made by private endpoints. */
export const monitorAccountConnections: ResourceProvider = {
  // The same resource as an AMPLS's connection (made by the endpoint; a client changes only its state).
  ...connectionBehaviour,
  type: MONITOR_ACCOUNT_PEC_TYPE,
  apiVersions: RESOURCE_TYPES.monitorAccountConnection.apiVersions,
};
