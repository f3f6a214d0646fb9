// Microsoft.Network: virtual networks (subnets, peerings), private endpoints (and their DNS zone groups),
// private DNS zones (A records, virtual network links). Shapes follow the Network and Private DNS REST specs.
import { z } from 'zod';
import { ArmErrors } from '../arm/arm-errors.js';
import { idKey, parentIdOf, scopeOf } from '../arm/ids.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, asString, clientProperties, props, proxyBody, stableSuffix, trackedBody } from './base.js';
import { allRecordSets } from './private-dns-record-sets.js';
import { checkEndpointLimit, privateEndpointIdOf } from './private-endpoint-connection-state.js';
import { customDnsConfigs, workspaceQueryRecord } from './private-endpoint-dns-configs.js';
import { AMPLS_PEC_TYPE, AMPLS_TYPE } from './private-link-scopes.js';
import { GLOBAL_A_RECORDS } from '../arm/private-link-dns.js';
import { addressInPrefix } from '../arm/ipv4.js';
import type { ProviderContext, ResourceProvider } from './types.js';
import type { ArmResource, Json, JsonObject } from '../store/store.js';

export const VNET_TYPE = RESOURCE_TYPES.virtualNetwork.type;
export const SUBNET_TYPE = RESOURCE_TYPES.subnet.type;
export const PEERING_TYPE = RESOURCE_TYPES.virtualNetworkPeering.type;
export const PRIVATE_ENDPOINT_TYPE = RESOURCE_TYPES.privateEndpoint.type;
export const DNS_ZONE_GROUP_TYPE = RESOURCE_TYPES.privateDnsZoneGroup.type;
export const PRIVATE_DNS_ZONE_TYPE = RESOURCE_TYPES.privateDnsZone.type;
export const A_RECORD_TYPE = RESOURCE_TYPES.aRecord.type;
export const VNET_LINK_TYPE = RESOURCE_TYPES.virtualNetworkLink.type;
const NETWORK_API = '2025-05-01';

const subResource = props({ id: z.string() });

export function requireReference(ctx: ProviderContext, id: string, owner: string, type?: string): ArmResource {
  const found = ctx.store.get(id);
  if (!found || (type !== undefined && idKey(found.type) !== idKey(type))) {
    throw ArmErrors.networkReferenceNotFound(id, owner);
  }
  return found;
}

function withResourceGuid(ctx: ProviderContext, req: { existing: ArmResource | undefined }): JsonObject {
  return { resourceGuid: asString(asObject(req.existing?.['properties'])['resourceGuid']) ?? ctx.generated.uuid() };
}

/** Inline child collections (subnets, peerings, routes) are also child resources: a PUT of the parent replaces them. */
export function syncInlineChildren(
  ctx: ProviderContext,
  parent: ArmResource,
  sent: Json | undefined,
  type: string,
  segment: string,
): void {
  if (!Array.isArray(sent)) return;
  const wanted = new Set<string>();
  for (const item of sent) {
    const child = asObject(item);
    const name = asString(child['name']);
    if (name === undefined) continue;
    const id = `${parent.id}/${segment}/${name}`;
    wanted.add(idKey(id));
    ctx.putInternal(id, NETWORK_API, { properties: asObject(child['properties']) });
  }
  for (const existing of ctx.store.childrenOf(parent.id, type)) {
    if (!wanted.has(idKey(existing.id))) ctx.deleteInternal(existing.id);
  }
}

export const virtualNetworks: ResourceProvider = {
  type: VNET_TYPE,
  apiVersions: RESOURCE_TYPES.virtualNetwork.apiVersions,
  tracked: true,
  etagStyle: 'weak',
  schema: trackedBody(
    props({
      addressSpace: props({ addressPrefixes: z.array(z.string()) }).optional(),
      subnets: z.array(props({ name: z.string(), properties: props({}).optional() })).optional(),
      virtualNetworkPeerings: z.array(props({ name: z.string(), properties: props({}).optional() })).optional(),
    }),
  ),
  readOnly: ['resourceGuid'],
  validate(ctx, req) {
    // Inline subnets are written after the network: their references are checked before anything is stored.
    const inline = asObject(req.body['properties'])['subnets'];
    for (const subnet of Array.isArray(inline) ? inline : []) {
      const routeTableId = asString(asObject(asObject(asObject(subnet)['properties'])['routeTable'])['id']);
      if (routeTableId !== undefined) requireReference(ctx, routeTableId, req.id, RESOURCE_TYPES.routeTable.type);
    }
  },
  properties(ctx, req) {
    const sent = clientProperties(this, req);
    delete sent['subnets'];
    delete sent['virtualNetworkPeerings'];
    return { ...sent, ...withResourceGuid(ctx, req) };
  },
  afterPut(ctx, vnet, _created, body) {
    // Inline subnets and peerings become child resources; a PUT of the network replaces them.
    const sent = asObject(body['properties']);
    syncInlineChildren(ctx, vnet, sent['subnets'], SUBNET_TYPE, 'subnets');
    syncInlineChildren(ctx, vnet, sent['virtualNetworkPeerings'], PEERING_TYPE, 'virtualNetworkPeerings');
  },
  view(ctx, vnet) {
    const properties = {
      ...asObject(vnet['properties']),
      subnets: ctx.store.childrenOf(vnet.id, SUBNET_TYPE) as Json[],
      virtualNetworkPeerings: ctx.store.childrenOf(vnet.id, PEERING_TYPE) as Json[],
    };
    return { ...vnet, properties };
  },
};

export const subnets: ResourceProvider = {
  type: SUBNET_TYPE,
  apiVersions: RESOURCE_TYPES.subnet.apiVersions,
  tracked: false,
  etagStyle: 'weak',
  schema: proxyBody(
    props({
      addressPrefix: z.string().optional(),
      addressPrefixes: z.array(z.string()).optional(),
      privateEndpointNetworkPolicies: z.string().optional(),
      routeTable: subResource.optional(),
    }),
  ),
  readOnly: ['privateEndpoints', 'ipConfigurations'],
  validate(ctx, req) {
    // A subnet's route table must exist (the route table's read-only `subnets` lists the subnets naming it).
    const routeTableId = asString(asObject(asObject(req.body['properties'])['routeTable'])['id']);
    if (routeTableId !== undefined) requireReference(ctx, routeTableId, req.id, RESOURCE_TYPES.routeTable.type);
  },
  properties(_ctx, req) {
    return { privateEndpointNetworkPolicies: 'Disabled', ...clientProperties(this, req) };
  },
};

export const virtualNetworkPeerings: ResourceProvider = {
  type: PEERING_TYPE,
  apiVersions: RESOURCE_TYPES.virtualNetworkPeering.apiVersions,
  tracked: false,
  etagStyle: 'weak',
  schema: proxyBody(
    props({
      remoteVirtualNetwork: subResource,
      allowVirtualNetworkAccess: z.boolean().optional(),
      allowForwardedTraffic: z.boolean().optional(),
    }),
    { propertiesRequired: true },
  ),
  readOnly: ['peeringState', 'peeringSyncLevel', 'remoteAddressSpace'],
  validate(ctx, req) {
    const remote = asString(asObject(asObject(req.body['properties'])['remoteVirtualNetwork'])['id']) ?? '';
    requireReference(ctx, remote, req.id, VNET_TYPE);
  },
  properties(ctx, req) {
    const sent = clientProperties(this, req);
    const remoteId = asString(asObject(sent['remoteVirtualNetwork'])['id']) ?? '';
    const localVnet = parentIdOf(req.id) ?? '';
    // Connected once the remote network peers back (Azure shows Initiated until then).
    const peeredBack = ctx.store
      .childrenOf(remoteId, PEERING_TYPE)
      .some(
        (p) =>
          idKey(asString(asObject(asObject(p['properties'])['remoteVirtualNetwork'])['id']) ?? '') === idKey(localVnet),
      );
    const remote = ctx.store.get(remoteId);
    return {
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      ...sent,
      peeringState: peeredBack ? 'Connected' : 'Initiated',
      peeringSyncLevel: 'FullyInSync',
      remoteAddressSpace: asObject(asObject(remote?.['properties'])['addressSpace']),
    };
  },
};

const plsConnection = props({
  name: z.string(),
  properties: props({ privateLinkServiceId: z.string(), groupIds: z.array(z.string()).optional() }),
});

/** The connection a private endpoint makes on each target type it may connect to, and its group id (DOMAIN.md). */
const CONNECTION_OF_TARGET: Record<string, { type: string; groupId: string }> = {
  [AMPLS_TYPE.toLowerCase()]: { type: AMPLS_PEC_TYPE, groupId: 'azuremonitor' },
  [RESOURCE_TYPES.monitorAccount.type.toLowerCase()]: {
    type: RESOURCE_TYPES.monitorAccountConnection.type,
    groupId: 'prometheusMetrics',
  },
};

/** Group ids a private endpoint may ask of each target type (DOMAIN.md: azuremonitor, prometheusMetrics). */
const GROUP_IDS: Record<string, string[]> = {
  [AMPLS_TYPE.toLowerCase()]: ['azuremonitor'],
  'microsoft.monitor/accounts': ['prometheusMetrics'],
};

export const privateEndpoints: ResourceProvider = {
  type: PRIVATE_ENDPOINT_TYPE,
  apiVersions: RESOURCE_TYPES.privateEndpoint.apiVersions,
  tracked: true,
  etagStyle: 'weak',
  longRunning: { put: true, delete: true },
  schema: trackedBody(
    props({
      subnet: subResource,
      privateLinkServiceConnections: z.array(plsConnection).optional(),
      manualPrivateLinkServiceConnections: z.array(plsConnection).optional(),
    }),
    { propertiesRequired: true },
  ),
  readOnly: ['networkInterfaces', 'customDnsConfigs', 'resourceGuid'],
  validate(ctx, req) {
    const properties = asObject(req.body['properties']);
    requireReference(ctx, asString(asObject(properties['subnet'])['id']) ?? '', req.id, SUBNET_TYPE);
    for (const c of connectionsOf(properties)) {
      const targetId = asString(asObject(c['properties'])['privateLinkServiceId']) ?? '';
      const target = requireReference(ctx, targetId, req.id);
      const allowed = GROUP_IDS[target.type.toLowerCase()] ?? [];
      const groups = asObject(c['properties'])['groupIds'];
      const asked = Array.isArray(groups) ? groups.map(String) : [];
      const bad = asked.find((g) => !allowed.some((a) => a.toLowerCase() === g.toLowerCase()));
      if (bad !== undefined || asked.length === 0) {
        throw ArmErrors.privateEndpointGroupId(bad ?? '', targetId, allowed);
      }
      if (idKey(target.type) === idKey(AMPLS_TYPE)) checkEndpointLimit(ctx, target, req.id);
    }
  },
  properties(ctx, req) {
    const sent = clientProperties(this, req);
    const scope = scopeOf(req.id);
    const nic = `/subscriptions/${scope?.subscriptionId ?? ''}/resourceGroups/${scope?.resourceGroup ?? ''}/providers/Microsoft.Network/networkInterfaces/${req.name}.nic.${stableSuffix(req.id.toLowerCase(), 8)}`;
    const kept = keptStates(req.existing);
    const decorate = (list: Json | undefined, manual: boolean): Json[] =>
      (Array.isArray(list) ? list : []).map((item) => {
        const c = asObject(item);
        const name = asString(c['name']) ?? '';
        const state = kept.get(`${manual ? 'manual' : 'auto'}|${name.toLowerCase()}`);
        return {
          ...c,
          id: `${req.id}/${manual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections'}/${name}`,
          type: 'Microsoft.Network/privateEndpoints/privateLinkServiceConnections',
          etag: `W/"${ctx.generated.uuid()}"`,
          properties: {
            ...asObject(c['properties']),
            provisioningState: 'Succeeded',
            // A PUT of the endpoint keeps what the AMPLS side decided (approved, rejected, removed).
            privateLinkServiceConnectionState: state ?? {
              status: manual ? 'Pending' : 'Approved',
              description: manual ? '' : 'Auto-Approved',
              actionsRequired: 'None',
            },
          },
        };
      });
    return {
      ...sent,
      ...withResourceGuid(ctx, req),
      privateLinkServiceConnections: decorate(sent['privateLinkServiceConnections'], false),
      manualPrivateLinkServiceConnections: decorate(sent['manualPrivateLinkServiceConnections'], true),
      networkInterfaces: [{ id: nic }],
      customDnsConfigs: [],
    };
  },
  afterPut(ctx, endpoint) {
    for (const c of connectionsOf(asObject(endpoint['properties']))) {
      const targetId = asString(asObject(c['properties'])['privateLinkServiceId']) ?? '';
      const target = ctx.store.get(targetId);
      const connection = target ? CONNECTION_OF_TARGET[target.type.toLowerCase()] : undefined;
      if (!target || !connection) continue;
      const already = ctx.store
        .childrenOf(target.id, connection.type)
        .some((pec) => idKey(privateEndpointIdOf(pec)) === idKey(endpoint.id));
      const state = asObject(asObject(c['properties'])['privateLinkServiceConnectionState']);
      // A connection the AMPLS side removed stays removed: the endpoint is only informative now.
      if (already || asString(state['status']) === 'Disconnected') continue;
      const name = `${endpoint['name'] as string}.${stableSuffix(endpoint.id.toLowerCase(), 8)}`;
      ctx.store.put({
        id: `${target.id}/privateEndpointConnections/${name}`,
        name,
        type: connection.type,
        properties: {
          privateEndpoint: { id: endpoint.id },
          privateLinkServiceConnectionState: {
            status: asString(state['status']) ?? 'Approved',
            description: asString(state['description']) ?? 'Auto-Approved',
            actionsRequired: 'None',
          },
          groupIds: [connection.groupId],
          provisioningState: 'Succeeded',
        },
      });
    }
  },
  afterDelete(ctx, endpoint) {
    for (const { type } of Object.values(CONNECTION_OF_TARGET)) {
      for (const pec of ctx.store.ofType(type)) {
        if (idKey(privateEndpointIdOf(pec)) === idKey(endpoint.id)) ctx.store.delete(pec.id);
      }
    }
  },
  view(ctx, endpoint) {
    return {
      ...endpoint,
      properties: { ...asObject(endpoint['properties']), customDnsConfigs: customDnsConfigs(ctx, endpoint) },
    };
  },
};

/** The connection states an endpoint's connections have now, by kind and name. */
function keptStates(existing: ArmResource | undefined): Map<string, Json> {
  const out = new Map<string, Json>();
  const properties = asObject(existing?.['properties']);
  for (const [list, kind] of [
    ['privateLinkServiceConnections', 'auto'],
    ['manualPrivateLinkServiceConnections', 'manual'],
  ] as const) {
    for (const item of Array.isArray(properties[list]) ? properties[list] : []) {
      const c = asObject(item);
      const state = asObject(c['properties'])['privateLinkServiceConnectionState'];
      if (state !== undefined) out.set(`${kind}|${(asString(c['name']) ?? '').toLowerCase()}`, state);
    }
  }
  return out;
}

function connectionsOf(properties: JsonObject): JsonObject[] {
  const auto = properties['privateLinkServiceConnections'];
  const manual = properties['manualPrivateLinkServiceConnections'];
  return [...(Array.isArray(auto) ? auto : []), ...(Array.isArray(manual) ? manual : [])].map(asObject);
}

export const privateDnsZoneGroups: ResourceProvider = {
  type: DNS_ZONE_GROUP_TYPE,
  apiVersions: RESOURCE_TYPES.privateDnsZoneGroup.apiVersions,
  tracked: false,
  etagStyle: 'weak',
  schema: proxyBody(
    props({
      privateDnsZoneConfigs: z.array(
        props({ name: z.string().optional(), properties: props({ privateDnsZoneId: z.string() }) }),
      ),
    }),
  ),
  validate(ctx, req) {
    const configs = asObject(req.body['properties'])['privateDnsZoneConfigs'];
    for (const config of Array.isArray(configs) ? configs : []) {
      const zoneId = asString(asObject(asObject(config)['properties'])['privateDnsZoneId']) ?? '';
      requireReference(ctx, zoneId, req.id, PRIVATE_DNS_ZONE_TYPE);
    }
  },
  afterPut(ctx, group) {
    writeEndpointRecords(ctx, group);
  },
};

/**
 * A zone group writes its endpoint's A records into the zones it names, as Azure does: an AMPLS endpoint's global
 * records (GLOBAL_A_RECORDS), an Azure Monitor workspace endpoint's query host; each from the endpoint's subnet,
 * from the 4th address on (the first four of a subnet are reserved).
 */
function writeEndpointRecords(ctx: ProviderContext, group: ArmResource): void {
  const endpoint = ctx.store.get(parentIdOf(group.id) ?? '');
  if (!endpoint) return;
  const subnet = ctx.store.get(asString(asObject(asObject(endpoint['properties'])['subnet'])['id']) ?? '');
  const subnetProperties = asObject(subnet?.['properties']);
  const prefixes = subnetProperties['addressPrefixes'];
  const prefix =
    asString(subnetProperties['addressPrefix']) ?? (Array.isArray(prefixes) ? asString(prefixes[0]) : undefined);
  if (prefix === undefined) return;
  const records: (readonly [zone: string, record: string])[] = [];
  for (const c of connectionsOf(asObject(endpoint['properties']))) {
    const target = ctx.store.get(asString(asObject(c['properties'])['privateLinkServiceId']) ?? '');
    if (!target) continue;
    if (idKey(target.type) === idKey(AMPLS_TYPE)) records.push(...GLOBAL_A_RECORDS);
    if (idKey(target.type) === idKey(RESOURCE_TYPES.monitorAccount.type)) {
      const { zone, record } = workspaceQueryRecord(target);
      records.push([zone, record]);
    }
  }
  const configs = asObject(group['properties'])['privateDnsZoneConfigs'];
  const zones = (Array.isArray(configs) ? configs : []).map(
    (config) => asString(asObject(asObject(config)['properties'])['privateDnsZoneId']) ?? '',
  );
  records.forEach(([zoneName, record], index) => {
    const zoneId = zones.find((z) => idKey(z.split('/').pop() ?? '') === idKey(zoneName));
    const address = addressInPrefix(prefix, 4 + index);
    if (zoneId === undefined || address === undefined) return;
    ctx.putInternal(`${zoneId}/A/${record}`, RESOURCE_TYPES.aRecord.writeApiVersion, {
      properties: { ttl: 10, aRecords: [{ ipv4Address: address }] },
    });
  });
}

export const privateDnsZones: ResourceProvider = {
  type: PRIVATE_DNS_ZONE_TYPE,
  apiVersions: RESOURCE_TYPES.privateDnsZone.apiVersions,
  tracked: true,
  defaultLocation: 'global',
  etagStyle: 'weak',
  schema: z.looseObject({
    location: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
  }) as unknown as z.ZodType<JsonObject>,
  readOnly: ['numberOfRecordSets', 'numberOfVirtualNetworkLinks', 'maxNumberOfRecordSets', 'internalId'],
  properties: () => ({
    maxNumberOfRecordSets: 25000,
    maxNumberOfVirtualNetworkLinks: 1000,
    maxNumberOfVirtualNetworkLinksWithRegistration: 100,
  }),
  listActions: { ALL: (ctx, zone) => allRecordSets(ctx, zone) },
  view(ctx, zone) {
    const records = ctx.store.childrenOf(zone.id, A_RECORD_TYPE).length;
    const links = ctx.store.childrenOf(zone.id, VNET_LINK_TYPE);
    const properties = {
      ...asObject(zone['properties']),
      // The SOA record set every zone has counts too.
      numberOfRecordSets: records + 1,
      numberOfVirtualNetworkLinks: links.length,
      numberOfVirtualNetworkLinksWithRegistration: links.filter(
        (l) => asObject(l['properties'])['registrationEnabled'] === true,
      ).length,
    };
    return { ...zone, properties };
  },
};

export const aRecords: ResourceProvider = {
  type: A_RECORD_TYPE,
  apiVersions: RESOURCE_TYPES.aRecord.apiVersions,
  tracked: false,
  etagStyle: 'weak',
  schema: proxyBody(
    props({
      ttl: z.number().int().min(0).optional(),
      aRecords: z.array(props({ ipv4Address: z.string() })).optional(),
    }),
    { propertiesRequired: true },
  ),
  readOnly: ['fqdn', 'isAutoRegistered'],
  properties(_ctx, req) {
    const zone = (parentIdOf(req.id) ?? '').split('/').pop() ?? '';
    return {
      ttl: 3600,
      aRecords: [],
      ...clientProperties(this, req),
      fqdn: `${req.name}.${zone}.`,
      isAutoRegistered: false,
    };
  },
};

export const virtualNetworkLinks: ResourceProvider = {
  type: VNET_LINK_TYPE,
  apiVersions: RESOURCE_TYPES.virtualNetworkLink.apiVersions,
  tracked: true,
  defaultLocation: 'global',
  etagStyle: 'weak',
  schema: z.looseObject({
    location: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    properties: props({ virtualNetwork: subResource, registrationEnabled: z.boolean().optional() }),
  }) as unknown as z.ZodType<JsonObject>,
  readOnly: ['virtualNetworkLinkState'],
  validate(ctx, req) {
    const vnetId = asString(asObject(asObject(req.body['properties'])['virtualNetwork'])['id']) ?? '';
    requireReference(ctx, vnetId, req.id, VNET_TYPE);
    const zoneId = parentIdOf(req.id) ?? '';
    const twice = ctx.store
      .childrenOf(zoneId, VNET_LINK_TYPE)
      .find(
        (l) =>
          idKey(l.id) !== idKey(req.id) &&
          idKey(asString(asObject(asObject(l['properties'])['virtualNetwork'])['id']) ?? '') === idKey(vnetId),
      );
    if (twice) {
      throw ArmErrors.virtualNetworkLinkedTwice(vnetId, twice.id);
    }
  },
  properties(_ctx, req) {
    return { registrationEnabled: false, ...clientProperties(this, req), virtualNetworkLinkState: 'Completed' };
  },
};
