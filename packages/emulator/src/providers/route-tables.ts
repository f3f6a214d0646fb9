// Microsoft.Network/routeTables and their routes (Network spec routeTable.json): routes are sent inline and are also
// child resources; a subnet names its route table (`properties.routeTable.id`), and the table lists those subnets.
// Every PUT and DELETE here is long-running in the spec (x-ms-long-running-operation).
import { z } from 'zod';
import { ArmErrors } from '../arm/arm-errors.js';
import { idKey } from '../arm/ids.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, asString, clientProperties, props, proxyBody, trackedBody } from './base.js';
import { SUBNET_TYPE, syncInlineChildren } from './network.js';
import type { ProviderContext, ResourceProvider } from './types.js';
import type { Json, JsonObject } from '../store/store.js';

export const ROUTE_TABLE_TYPE = RESOURCE_TYPES.routeTable.type;
export const ROUTE_TYPE = RESOURCE_TYPES.route.type;

/** RouteNextHopType of the spec. */
const NEXT_HOP_TYPES = ['VirtualNetworkGateway', 'VnetLocal', 'Internet', 'VirtualAppliance', 'None'] as const;

const routeProperties = props({
  addressPrefix: z.string().optional(),
  nextHopType: z.enum(NEXT_HOP_TYPES),
  nextHopIpAddress: z.string().optional(),
});

/** The Network RP refuses a VirtualAppliance route without its address (terraform-provider-azurerm PR 20365 quotes it). */
function checkRoute(name: string, properties: JsonObject): void {
  if (asString(properties['nextHopType']) !== 'VirtualAppliance') return;
  if ((asString(properties['nextHopIpAddress']) ?? '') === '') throw ArmErrors.missingNextHopIpAddress(name);
}

/** The subnets that name this route table, as the references Azure lists under it. */
function subnetsUsing(ctx: ProviderContext, routeTableId: string): Json[] {
  return ctx.store
    .ofType(SUBNET_TYPE)
    .filter(
      (s) => idKey(asString(asObject(asObject(s['properties'])['routeTable'])['id']) ?? '') === idKey(routeTableId),
    )
    .map((s) => ({ id: s.id }));
}

export const routeTables: ResourceProvider = {
  type: ROUTE_TABLE_TYPE,
  apiVersions: RESOURCE_TYPES.routeTable.apiVersions,
  tracked: true,
  etagStyle: 'weak',
  longRunning: { put: true, delete: true },
  schema: trackedBody(
    props({
      routes: z.array(props({ name: z.string().min(1), properties: routeProperties })).optional(),
      disableBgpRoutePropagation: z.boolean().optional(),
    }),
  ),
  readOnly: ['subnets', 'resourceGuid'],
  validate(_ctx, req) {
    const routes = asObject(req.body['properties'])['routes'];
    for (const route of Array.isArray(routes) ? routes : []) {
      checkRoute(asString(asObject(route)['name']) ?? '', asObject(asObject(route)['properties']));
    }
  },
  properties(ctx, req) {
    const sent = clientProperties(this, req);
    delete sent['routes'];
    const guid = asString(asObject(req.existing?.['properties'])['resourceGuid']) ?? ctx.generated.uuid();
    return { disableBgpRoutePropagation: false, ...sent, resourceGuid: guid };
  },
  afterPut(ctx, table, _created, body) {
    syncInlineChildren(ctx, table, asObject(body['properties'])['routes'], ROUTE_TYPE, 'routes');
  },
  beforeDelete(ctx, table) {
    // Azure refuses to delete a route table a subnet still uses (InUseRouteTableCannotBeDeleted).
    const used = subnetsUsing(ctx, table.id);
    if (used.length > 0) throw ArmErrors.routeTableInUse(table.id, asString(asObject(used[0])['id']) ?? '');
  },
  view(ctx, table) {
    const properties = {
      ...asObject(table['properties']),
      routes: ctx.store.childrenOf(table.id, ROUTE_TYPE) as Json[],
      subnets: subnetsUsing(ctx, table.id),
    };
    return { ...table, properties };
  },
};

export const routes: ResourceProvider = {
  type: ROUTE_TYPE,
  apiVersions: RESOURCE_TYPES.route.apiVersions,
  tracked: false,
  etagStyle: 'weak',
  longRunning: { put: true, delete: true },
  schema: proxyBody(routeProperties, { propertiesRequired: true }),
  readOnly: ['hasBgpOverride'],
  validate(_ctx, req) {
    checkRoute(req.name, asObject(req.body['properties']));
  },
  properties(_ctx, req) {
    return { ...clientProperties(this, req), hasBgpOverride: false };
  },
};
