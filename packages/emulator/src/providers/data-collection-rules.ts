import { z } from 'zod';
import { ArmErrors } from '../arm/arm-errors.js';
import { idKey } from '../arm/ids.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, asString, clientProperties, hexId, props, stableSuffix, trackedBody } from './base.js';
import { DCE_TYPE } from './data-collection-endpoints.js';
import { DCRA_TYPE } from './data-collection-rule-associations.js';
import type { ProviderContext, ResourceProvider, WriteRequest } from './types.js';
import type { ArmResource } from '../store/store.js';

export const DCR_TYPE = RESOURCE_TYPES.dataCollectionRule.type;

export function requireExisting(ctx: ProviderContext, id: string, type: string, property: string): ArmResource {
  const found = ctx.store.get(id);
  if (!found || idKey(found.type) !== idKey(type)) {
    throw ArmErrors.referenceNotFound(property, id, type);
  }
  return found;
}

/**
 * If-Match on a PUT (ARM's optimistic concurrency, RPC guideline "ETag": a write conditional on an etag that is no
 * longer the resource's is refused with 412 PreconditionFailed; `*` asks only that the resource exists).
 */
function requireEtag(req: WriteRequest): void {
  if (req.ifMatch === undefined) return;
  const current = asString(req.existing?.['etag']);
  if (current !== undefined && (req.ifMatch.trim() === '*' || req.ifMatch === current)) return;
  throw ArmErrors.preconditionFailed(req.name, req.ifMatch, current !== undefined);
}

function associationsWith(ctx: ProviderContext, property: string, target: ArmResource): ArmResource[] {
  const key = idKey(target.id);
  return ctx.store.ofType(DCRA_TYPE).filter((a) => idKey(asString(asObject(a['properties'])[property]) ?? '') === key);
}

export const dataCollectionRules: ResourceProvider = {
  type: DCR_TYPE,
  apiVersions: RESOURCE_TYPES.dataCollectionRule.apiVersions,
  tracked: true,
  schema: trackedBody(
    props({
      description: z.string().optional(),
      dataCollectionEndpointId: z.string().optional(),
      dataSources: props({}).optional(),
      destinations: props({}).optional(),
      dataFlows: z.array(props({ streams: z.array(z.string()) })).optional(),
      streamDeclarations: props({}).optional(),
    }),
  ),
  readOnly: ['immutableId', 'metadata', 'endpoints'],
  validate(ctx, req) {
    requireEtag(req);
    // The spec (dataCollectionRules_API.json 2024-03-11) says only "the resource ID of the data collection endpoint
    // that this rule can be used with"; Azure refuses an id that names no DCE. About its region the spec says
    // nothing; the DCE overview (learn.microsoft.com, data-collection-endpoint-overview) places the logs ingestion
    // endpoint in the destination workspace's region, which is where Azure CLI puts the rules it makes. That is a
    // rule for data to flow, not a refusal the API is documented to make, so the emulator checks existence only.
    const dceId = asString(asObject(req.body['properties'])['dataCollectionEndpointId']);
    if (dceId !== undefined) requireExisting(ctx, dceId, DCE_TYPE, 'properties.dataCollectionEndpointId');
  },
  properties(ctx, req) {
    const existing = asObject(req.existing?.['properties']);
    const sent = clientProperties(this, req);
    const out = { ...sent, immutableId: asString(existing['immutableId']) ?? `dcr-${hexId(ctx)}` };
    // kind Direct: the rule carries its own ingestion endpoints (spec example DataCollectionRulesCreateEmbeddedDCE.json).
    if (asString(req.body['kind']) === 'Direct') {
      const region = (asString(req.body['location']) ?? '').replace(/\s+/g, '').toLowerCase();
      const host = `${req.name.toLowerCase()}-${stableSuffix(req.id.toLowerCase(), 4)}.${region}-1`;
      return {
        ...out,
        endpoints: {
          logsIngestion: `https://${host}.ingest.monitor.azure.com`,
          metricsIngestion: `https://${host}.metrics.ingest.monitor.azure.com`,
        },
      };
    }
    return out;
  },
  listActions: {
    associations: (ctx, rule) => associationsWith(ctx, 'dataCollectionRuleId', rule),
  },
  view(ctx, rule) {
    const properties = asObject(rule['properties']);
    const destinations = asObject(properties['destinations']);
    const logAnalytics = destinations['logAnalytics'];
    if (!Array.isArray(logAnalytics)) return rule;
    // Read-only workspaceId: the destination workspace's customerId (spec LogAnalyticsDestination, 2024-03-11).
    const withIds = logAnalytics.map((entry) => {
      const destination = { ...asObject(entry) };
      delete destination['workspaceId'];
      const workspace = ctx.store.get(asString(destination['workspaceResourceId']) ?? '');
      const customerId = asString(asObject(workspace?.['properties'])['customerId']);
      return customerId === undefined ? destination : { ...destination, workspaceId: customerId };
    });
    return { ...rule, properties: { ...properties, destinations: { ...destinations, logAnalytics: withIds } } };
  },
};
