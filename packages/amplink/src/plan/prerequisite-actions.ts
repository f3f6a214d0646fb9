// The network prerequisites' actions (issue 16, "The prerequisites, when asked"): the AMPLS, a private endpoint, a
// private DNS zone, a zone's VNet link and an endpoint's DNS zone group. Each body and each permission is made here
// only, so the planner and the plan-file check (plan-check.ts) hold a plan to the same ones.
import { containerScope, idKey, parseResourceId, type ResourceId } from '../model/resource-id.js';
import { MANAGED_BY_TAG, RESOURCE_TYPES } from '../model/resources.js';
import { API_VERSIONS } from './api-versions.js';
import type { Permission, PlanAction } from './types.js';

export type AccessMode = 'Open' | 'PrivateOnly';
export const ACCESS_MODES: readonly AccessMode[] = ['Open', 'PrivateOnly'];

/** The group id a private endpoint asks of each target (DOMAIN.md "Private endpoint"). */
export const GROUP_ID = { ampls: 'azuremonitor', workspace: 'prometheusMetrics' } as const;

/** The zone an Azure Monitor workspace's private endpoint needs for queries (DOMAIN.md "Private endpoint"). */
export function workspaceQueryZone(region: string): string {
  return `privatelink.${region}.prometheus.monitor.azure.com`;
}

/** The one zone group amplink writes on an endpoint, as the portal and `az network private-endpoint dns-zone-group` name it. */
export const ZONE_GROUP_NAME = 'default';

export const PREREQUISITE_TYPES: ReadonlySet<string> = new Set([
  RESOURCE_TYPES.privateLinkScope,
  RESOURCE_TYPES.privateEndpoint,
  RESOURCE_TYPES.privateDnsZone,
  RESOURCE_TYPES.privateDnsZoneLink,
  RESOURCE_TYPES.privateDnsZoneGroup,
]);

export const PREREQUISITE_API_VERSION: Readonly<Record<string, string>> = {
  [RESOURCE_TYPES.privateLinkScope]: API_VERSIONS.privateLinkScopes,
  [RESOURCE_TYPES.privateEndpoint]: API_VERSIONS.network,
  [RESOURCE_TYPES.privateDnsZone]: API_VERSIONS.privateDns,
  [RESOURCE_TYPES.privateDnsZoneLink]: API_VERSIONS.privateDns,
  [RESOURCE_TYPES.privateDnsZoneGroup]: API_VERSIONS.network,
};

const MANAGED_TAGS = { [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value };

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function idAt(value: unknown): string {
  return typeof record(value)['id'] === 'string' ? (record(value)['id'] as string) : '';
}

/** The ids a private endpoint body names: its subnet and the resource it connects to. */
export function endpointTargets(body: Json): { subnetId: string; serviceId: string; groupIds: string[] } {
  const properties = record(body['properties']);
  const connection = record((properties['privateLinkServiceConnections'] as unknown[] | undefined)?.[0]);
  const connectionProperties = record(connection['properties']);
  const groups = connectionProperties['groupIds'];
  return {
    subnetId: idAt(properties['subnet']),
    serviceId:
      typeof connectionProperties['privateLinkServiceId'] === 'string'
        ? connectionProperties['privateLinkServiceId']
        : '',
    groupIds: Array.isArray(groups) ? groups.map(String) : [],
  };
}

/** The VNet a private DNS zone link body links its zone to. */
export function zoneLinkVnetId(body: Json): string {
  return idAt(record(body['properties'])['virtualNetwork']);
}

/** The private endpoints the plan makes that connect to this AMPLS (not the workspace query endpoints it also makes). */
export function plannedScopeEndpoints(actions: readonly PlanAction[], amplsId: string): PlanAction[] {
  const scopeKey = idKey(amplsId);
  return actions.filter(
    (a) =>
      a.kind === 'create' &&
      a.resourceType === RESOURCE_TYPES.privateEndpoint &&
      idKey(endpointTargets(a.body).serviceId) === scopeKey,
  );
}

/**
 * The RBAC actions each prerequisite write needs, from the action's id and body alone. Scopes are resource groups or
 * resources that exist before apply starts (apply reads the caller's permissions at them first): a private endpoint's
 * connection is approved automatically only for a caller with `privateEndpointConnectionsApproval/action` on the
 * target (Azure Private Link documentation, "automatic approval"), granted here on the target's group so that an
 * AMPLS created by the same plan is covered.
 */
export function prerequisitePermissions(resourceType: string, id: ResourceId, body: Json): Permission[] {
  const group = containerScope(id);
  switch (resourceType) {
    case RESOURCE_TYPES.privateLinkScope:
      return [{ action: `${RESOURCE_TYPES.privateLinkScope}/write`, scope: group }];
    case RESOURCE_TYPES.privateEndpoint: {
      const { subnetId, serviceId } = endpointTargets(body);
      const service = parseResourceId(serviceId);
      return [
        { action: `${RESOURCE_TYPES.privateEndpoint}/write`, scope: group },
        { action: `${RESOURCE_TYPES.subnet}/join/action`, scope: subnetId },
        { action: `${service.type}/privateEndpointConnectionsApproval/action`, scope: containerScope(service) },
      ];
    }
    case RESOURCE_TYPES.privateDnsZone:
      return [{ action: `${RESOURCE_TYPES.privateDnsZone}/write`, scope: group }];
    case RESOURCE_TYPES.privateDnsZoneLink:
      return [
        { action: `${RESOURCE_TYPES.privateDnsZoneLink}/write`, scope: group },
        {
          action: `${RESOURCE_TYPES.virtualNetwork}/join/action`,
          scope: zoneLinkVnetId(body),
        },
      ];
    default: {
      const zones = [
        ...new Set(zoneConfigs(body).map((zoneId) => containerScope(parseResourceId(zoneId)).toLowerCase())),
      ].sort();
      return [
        { action: `${RESOURCE_TYPES.privateDnsZoneGroup}/write`, scope: group },
        ...zones.map((scope) => ({ action: `${RESOURCE_TYPES.privateDnsZone}/join/action`, scope })),
      ];
    }
  }
}

/** The zone ids of a zone group body, in its order. */
export function zoneConfigs(body: Json): string[] {
  const configs = record(body['properties'])['privateDnsZoneConfigs'];
  return (Array.isArray(configs) ? configs : []).map((c) => {
    const zoneId = record(record(c)['properties'])['privateDnsZoneId'];
    return typeof zoneId === 'string' ? zoneId : '';
  });
}

interface ActionBase {
  reason: string;
  dependsOn: string[];
  region: string;
  rules: number[];
}

function action(resourceType: string, id: string, body: Json, base: ActionBase): PlanAction {
  return {
    kind: 'create',
    resourceType,
    id,
    apiVersion: PREREQUISITE_API_VERSION[resourceType] as string,
    body,
    rules: base.rules,
    reason: base.reason,
    permissions: prerequisitePermissions(resourceType, parseResourceId(id), body),
    dependsOn: [...new Set(base.dependsOn)],
    region: base.region,
    clusterCount: 0,
    clusters: [],
  };
}

export function amplsBody(modes: { ingestion: AccessMode; query: AccessMode }): Json {
  return {
    location: 'global',
    tags: { ...MANAGED_TAGS },
    properties: { accessModeSettings: { ingestionAccessMode: modes.ingestion, queryAccessMode: modes.query } },
  };
}

export function amplsAction(
  id: string,
  modes: { ingestion: AccessMode; query: AccessMode },
  reason: string,
): PlanAction {
  return action(RESOURCE_TYPES.privateLinkScope, id, amplsBody(modes), {
    reason,
    dependsOn: [],
    region: 'global',
    rules: [1, 2, 3, 4],
  });
}

export function endpointBody(
  location: string,
  subnetId: string,
  serviceId: string,
  groupId: string,
  name: string,
): Json {
  return {
    location,
    tags: { ...MANAGED_TAGS },
    properties: {
      subnet: { id: subnetId },
      privateLinkServiceConnections: [{ name, properties: { privateLinkServiceId: serviceId, groupIds: [groupId] } }],
    },
  };
}

export function endpointAction(
  id: string,
  target: { location: string; subnetId: string; serviceId: string; groupId: string },
  base: ActionBase,
): PlanAction {
  const name = id.split('/').pop() ?? id;
  return action(
    RESOURCE_TYPES.privateEndpoint,
    id,
    endpointBody(target.location, target.subnetId, target.serviceId, target.groupId, name),
    base,
  );
}

export function zoneBody(): Json {
  return { location: 'global', tags: { ...MANAGED_TAGS } };
}

export function zoneAction(id: string, base: ActionBase): PlanAction {
  return action(RESOURCE_TYPES.privateDnsZone, id, zoneBody(), base);
}

export function zoneLinkBody(vnetId: string): Json {
  return {
    location: 'global',
    tags: { ...MANAGED_TAGS },
    properties: { virtualNetwork: { id: vnetId }, registrationEnabled: false },
  };
}

export function zoneLinkAction(id: string, vnetId: string, base: ActionBase): PlanAction {
  return action(RESOURCE_TYPES.privateDnsZoneLink, id, zoneLinkBody(vnetId), base);
}

/** A zone config's name: the zone's name with dots as dashes, as the portal names them. */
export function zoneConfigName(zoneId: string): string {
  return (zoneId.split('/').pop() ?? zoneId).replace(/\./g, '-');
}

export function zoneGroupBody(zoneIds: readonly string[]): Json {
  return {
    properties: {
      privateDnsZoneConfigs: zoneIds.map((zoneId) => ({
        name: zoneConfigName(zoneId),
        properties: { privateDnsZoneId: zoneId },
      })),
    },
  };
}

export function zoneGroupAction(endpointId: string, zoneIds: readonly string[], base: ActionBase): PlanAction {
  return action(
    RESOURCE_TYPES.privateDnsZoneGroup,
    `${endpointId}/privateDnsZoneGroups/${ZONE_GROUP_NAME}`,
    zoneGroupBody(zoneIds),
    base,
  );
}
