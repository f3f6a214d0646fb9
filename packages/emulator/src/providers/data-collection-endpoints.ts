import { z } from 'zod';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, clientProperties, hexId, props, stableSuffix, trackedBody, asString } from './base.js';
import { DCRA_TYPE } from './data-collection-rule-associations.js';
import { idKey } from '../arm/ids.js';
import type { ResourceProvider } from './types.js';
import type { JsonObject } from '../store/store.js';

export const DCE_TYPE = RESOURCE_TYPES.dataCollectionEndpoint.type;

/**
 * Endpoints as Azure forms them (spec example DataCollectionEndpointsCreate.json, 2024-03-11):
 * https://<lower-case name>-<4 chars>.<region>-1.handler.control.monitor.azure.com, ...ingest..., ...metrics.ingest...
 */
export function dceEndpoints(name: string, region: string, id: string): JsonObject {
  const host = `${name.toLowerCase()}-${stableSuffix(id.toLowerCase(), 4)}.${region}-1`;
  return {
    configurationAccess: { endpoint: `https://${host}.handler.control.monitor.azure.com` },
    logsIngestion: { endpoint: `https://${host}.ingest.monitor.azure.com` },
    metricsIngestion: { endpoint: `https://${host}.metrics.ingest.monitor.azure.com` },
  };
}

export const dataCollectionEndpoints: ResourceProvider = {
  type: DCE_TYPE,
  apiVersions: RESOURCE_TYPES.dataCollectionEndpoint.apiVersions,
  tracked: true,
  schema: trackedBody(
    props({
      description: z.string().optional(),
      networkAcls: props({
        publicNetworkAccess: z.enum(['Enabled', 'Disabled', 'SecuredByPerimeter']).optional(),
      }).optional(),
    }),
  ),
  readOnly: [
    'immutableId',
    'configurationAccess',
    'logsIngestion',
    'metricsIngestion',
    'privateLinkScopedResources',
    'failoverConfiguration',
    'metadata',
  ],
  properties(ctx, req) {
    const existing = asObject(req.existing?.['properties']);
    const region = (asString(req.body['location']) ?? asString(req.existing?.['location']) ?? '')
      .replace(/\s+/g, '')
      .toLowerCase();
    const sent = clientProperties(this, req);
    return {
      ...sent,
      immutableId: asString(existing['immutableId']) ?? `dce-${hexId(ctx)}`,
      ...dceEndpoints(req.name, region, req.id),
      networkAcls: { publicNetworkAccess: 'Enabled', ...asObject(sent['networkAcls']) },
      // Maintained by scoped resource writes (private-link-scopes.ts); kept across updates.
      ...(existing['privateLinkScopedResources'] !== undefined
        ? { privateLinkScopedResources: existing['privateLinkScopedResources'] }
        : {}),
    };
  },
  listActions: {
    // GET {dceId}/associations: the associations that name this endpoint.
    associations: (ctx, endpoint) =>
      ctx.store
        .ofType(DCRA_TYPE)
        .filter(
          (a) => idKey(asString(asObject(a['properties'])['dataCollectionEndpointId']) ?? '') === idKey(endpoint.id),
        ),
  },
};
