import { z } from 'zod';
import { lowerGroupsAndProviderTypes } from '../arm/azure-casing.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, asString, clientProperties, enabledDisabled, props, trackedBody } from './base.js';
import type { ResourceProvider } from './types.js';

export const LAW_TYPE = RESOURCE_TYPES.logAnalyticsWorkspace.type;

// PUT is long-running (DOMAIN.md; the 2022-10-01 spec marks x-ms-long-running-operation).
export const logAnalyticsWorkspaces: ResourceProvider = {
  type: LAW_TYPE,
  apiVersions: RESOURCE_TYPES.logAnalyticsWorkspace.apiVersions,
  tracked: true,
  schema: trackedBody(
    props({
      sku: props({ name: z.string() }).optional(),
      retentionInDays: z.number().int().min(-1).max(4383).nullable().optional(),
      publicNetworkAccessForIngestion: enabledDisabled.optional(),
      publicNetworkAccessForQuery: enabledDisabled.optional(),
      forceCmkForQuery: z.boolean().optional(),
      features: props({}).optional(),
      workspaceCapping: props({ dailyQuotaGb: z.number().optional() }).optional(),
    }),
  ),
  readOnly: ['customerId', 'createdDate', 'modifiedDate', 'privateLinkScopedResources'],
  longRunning: { put: true, delete: true },
  properties(ctx, req) {
    const existing = asObject(req.existing?.['properties']);
    const sent = clientProperties(this, req);
    const now = ctx.generated.now();
    return {
      sku: { name: 'PerGB2018' },
      retentionInDays: 30,
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      workspaceCapping: { dailyQuotaGb: -1, quotaNextResetTime: now, dataIngestionStatus: 'RespectQuota' },
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true },
      ...sent,
      customerId: asString(existing['customerId']) ?? ctx.generated.uuid(),
      createdDate: asString(existing['createdDate']) ?? now,
      modifiedDate: now,
      ...(existing['privateLinkScopedResources'] !== undefined
        ? { privateLinkScopedResources: existing['privateLinkScopedResources'] }
        : {}),
    };
  },
  view: (_ctx, resource) => ({ ...resource, id: lowerGroupsAndProviderTypes(resource.id) }),
};

/** Application Insights components: only so that they can be linked to an AMPLS, as Azure allows. */
export const applicationInsightsComponents: ResourceProvider = {
  type: RESOURCE_TYPES.applicationInsightsComponent.type,
  apiVersions: RESOURCE_TYPES.applicationInsightsComponent.apiVersions,
  tracked: true,
  schema: trackedBody(props({ Application_Type: z.string().optional() })),
  readOnly: ['AppId', 'ApplicationId', 'InstrumentationKey', 'ConnectionString', 'CreationDate', 'TenantId'],
  properties(ctx, req) {
    const existing = asObject(req.existing?.['properties']);
    const appId = asString(existing['AppId']) ?? ctx.generated.uuid();
    const key = asString(existing['InstrumentationKey']) ?? ctx.generated.uuid();
    return {
      Application_Type: 'web',
      ...clientProperties(this, req),
      AppId: appId,
      ApplicationId: req.name,
      InstrumentationKey: key,
      ConnectionString: `InstrumentationKey=${key}`,
      CreationDate: asString(existing['CreationDate']) ?? ctx.generated.now(),
      TenantId: ctx.tenantId,
    };
  },
};
