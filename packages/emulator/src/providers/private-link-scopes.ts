// Azure Monitor Private Link Scope (AMPLS), its scoped resources and private endpoint connections.
// Spec: Microsoft.Insights 2021-09-01 privateLinkScopes_API.json; behaviour: DOMAIN.md (AMPLS).
import { z } from 'zod';
import { ArmErrors } from '../arm/arm-errors.js';
import { lowerProviderTypes } from '../arm/azure-casing.js';
import { idKey, parentIdOf, typeOfId } from '../arm/ids.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, asString, clientProperties, props, proxyBody, trackedBody } from './base.js';
import { DCE_TYPE } from './data-collection-endpoints.js';
import { showOnEndpoint } from './private-endpoint-connection-state.js';
import { amplsPrivateLinkResources } from './private-link-resources.js';
import type { ProviderContext, ResourceProvider } from './types.js';
import type { ArmResource, Json, JsonObject } from '../store/store.js';

export const AMPLS_TYPE = RESOURCE_TYPES.privateLinkScope.type;
export const SCOPED_RESOURCE_TYPE = RESOURCE_TYPES.scopedResource.type;
export const AMPLS_PEC_TYPE = RESOURCE_TYPES.privateLinkScopeConnection.type;
const LAW_TYPE = RESOURCE_TYPES.logAnalyticsWorkspace.type;
const COMPONENT_TYPE = RESOURCE_TYPES.applicationInsightsComponent.type;

/** Only these may be linked: a Log Analytics workspace, an Application Insights component, a DCE (DOMAIN.md). */
const LINKABLE_TYPES = new Set([LAW_TYPE, COMPONENT_TYPE, DCE_TYPE].map((t) => t.toLowerCase()));

const accessMode = z.enum(['Open', 'PrivateOnly']);

export const privateLinkScopes: ResourceProvider = {
  type: AMPLS_TYPE,
  apiVersions: RESOURCE_TYPES.privateLinkScope.apiVersions,
  tracked: true,
  defaultLocation: 'global',
  schema: trackedBody(
    props({
      accessModeSettings: props({
        queryAccessMode: accessMode,
        ingestionAccessMode: accessMode,
        exclusions: z
          .array(
            props({
              privateEndpointConnectionName: z.string().optional(),
              queryAccessMode: accessMode.optional(),
              ingestionAccessMode: accessMode.optional(),
            }),
          )
          .optional(),
      }).optional(),
    }),
  ),
  readOnly: ['privateEndpointConnections', 'scopeId'],
  // PrivateLinkScopes_Delete is long-running (spec: 202 with Location); the scope shows Deleting until it is gone.
  longRunning: { delete: true },
  properties(ctx, req) {
    const sent = clientProperties(this, req);
    const existing = asObject(req.existing?.['properties']);
    // 2019-10-17-preview had no access modes; Azure shows Open/Open for scopes created without them.
    const accessModeSettings = sent['accessModeSettings'] ??
      existing['accessModeSettings'] ?? { queryAccessMode: 'Open', ingestionAccessMode: 'Open', exclusions: [] };
    // The scope's immutable id: what a linked resource's privateLinkScopedResources[].scopeId names (spec
    // dataCollectionEndpoints_API.json 2024-03-11: "The immutableId of the Azure Monitor Private Link Scope"); the
    // scope shows it as properties.scopeId (recording test_monitor_private_link_scope_scenario.yaml).
    const scopeId = asString(existing['scopeId']) ?? ctx.generated.uuid();
    return { ...sent, accessModeSettings, scopeId };
  },
  serializationKey: (id) => idKey(id),
  listActions: { privateLinkResources: (_ctx, scope) => amplsPrivateLinkResources(scope) },
  view(ctx, resource) {
    const connections = ctx.store.childrenOf(resource.id, AMPLS_PEC_TYPE);
    const properties = { ...asObject(resource['properties']), privateEndpointConnections: connections as Json[] };
    return { ...resource, ...shownIdAndType(resource), properties };
  },
};

export const scopedResources: ResourceProvider = {
  type: SCOPED_RESOURCE_TYPE,
  apiVersions: RESOURCE_TYPES.scopedResource.apiVersions,
  tracked: false,
  schema: proxyBody(
    props({
      linkedResourceId: z.string().min(1),
      kind: z.enum(['Resource', 'Metrics']).optional(),
      subscriptionLocation: z.string().optional(),
    }),
    { propertiesRequired: true },
  ),
  longRunning: { put: true, delete: true, statusStyle: 'privateLinkScope', provisioningAnswer: true },
  serializationKey: (id) => idKey(parentIdOf(id) ?? id),
  validate(ctx, req) {
    const linkedResourceId = asString(asObject(req.body['properties'])['linkedResourceId']) ?? '';
    const linkedType = typeOfId(linkedResourceId) ?? '';
    if (!LINKABLE_TYPES.has(linkedType.toLowerCase())) {
      throw ArmErrors.linkedResourceTypeInvalid(linkedResourceId, linkedType);
    }
    if (!ctx.store.has(linkedResourceId)) {
      throw ArmErrors.linkedResourceNotFound(linkedResourceId);
    }
    const scopeId = parentIdOf(req.id) ?? '';
    const duplicate = ctx.store
      .childrenOf(scopeId, SCOPED_RESOURCE_TYPE)
      .find(
        (s) =>
          idKey(s.id) !== idKey(req.id) &&
          idKey(asString(asObject(s['properties'])['linkedResourceId']) ?? '') === idKey(linkedResourceId),
      );
    if (duplicate) throw ArmErrors.scopedResourceDuplicate();
  },
  properties(_ctx, req) {
    const sent = clientProperties(this, req);
    return { kind: 'Resource', ...sent };
  },
  afterPut(ctx, resource) {
    linkChanged(ctx, resource, 'add');
  },
  afterDelete(ctx, resource) {
    linkChanged(ctx, resource, 'remove');
  },
  view(_ctx, resource) {
    const properties = asObject(resource['properties']);
    const linked = asString(properties['linkedResourceId']);
    return {
      ...resource,
      ...shownIdAndType(resource),
      properties: linked === undefined ? properties : { ...properties, linkedResourceId: linked.toLowerCase() },
    };
  },
};

/** Microsoft.Insights answers AMPLS and scoped-resource ids and types with the provider and types in lower case. */
function shownIdAndType(resource: ArmResource): { id: string; type: string } {
  return { id: lowerProviderTypes(resource.id), type: resource.type.toLowerCase() };
}

/** The linked resource shows its scopes in privateLinkScopedResources [{resourceId, scopeId}] (DCE and LAW specs). */
function linkChanged(ctx: ProviderContext, scoped: ArmResource, change: 'add' | 'remove'): void {
  const linkedId = asString(asObject(scoped['properties'])['linkedResourceId']);
  if (linkedId === undefined) return;
  const linked = ctx.store.get(linkedId);
  if (!linked) return;
  const properties = { ...asObject(linked['properties']) };
  const current = Array.isArray(properties['privateLinkScopedResources'])
    ? (properties['privateLinkScopedResources'] as JsonObject[])
    : [];
  const others = current.filter((e) => idKey(asString(e['resourceId']) ?? '') !== idKey(scoped.id));
  const scope = ctx.store.get(parentIdOf(scoped.id) ?? '');
  const scopeId = asString(asObject(scope?.['properties'])['scopeId']);
  const next =
    change === 'add' && scopeId !== undefined
      ? [...others, { resourceId: lowerProviderTypes(scoped.id), scopeId }]
      : others;
  properties['privateLinkScopedResources'] = next;
  ctx.store.put({ ...linked, properties });
}

export const privateLinkScopeConnections: ResourceProvider = {
  type: AMPLS_PEC_TYPE,
  apiVersions: RESOURCE_TYPES.privateLinkScopeConnection.apiVersions,
  tracked: false,
  schema: proxyBody(
    props({
      privateEndpoint: props({ id: z.string().optional() }).optional(),
      privateLinkServiceConnectionState: props({
        status: z.string(),
        description: z.string().optional(),
      }).optional(),
    }),
  ),
  // PUT (approve, reject) and DELETE answer 202 with the AMPLS's operation status to poll (azure-cli recording
  // test_monitor_private_link_scope_scenario).
  longRunning: { put: true, delete: true, statusStyle: 'privateLinkScope' },
  validate(_ctx, req) {
    // Connections are made by private endpoints (network.ts); a client may only change their state.
    if (!req.existing) {
      throw ArmErrors.privateEndpointConnectionNotFound(req.name);
    }
  },
  properties(_ctx, req) {
    const existing = asObject(req.existing?.['properties']);
    const sent = clientProperties(this, req);
    const state = {
      ...asObject(existing['privateLinkServiceConnectionState']),
      ...asObject(sent['privateLinkServiceConnectionState']),
    };
    return {
      ...existing,
      ...sent,
      privateEndpoint: existing['privateEndpoint'] ?? sent['privateEndpoint'] ?? null,
      privateLinkServiceConnectionState: { actionsRequired: 'None', ...state },
    };
  },
  afterPut(ctx, connection) {
    showOnEndpoint(ctx, connection, false);
  },
  afterDelete(ctx, connection) {
    showOnEndpoint(ctx, connection, true);
  },
  serializationKey: (id) => idKey(parentIdOf(id) ?? id),
};
