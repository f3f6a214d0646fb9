// A private DNS zone's record sets as Private DNS lists them (spec privatedns.json 2024-06-01: RecordSets_List,
// `{zone}/ALL`), and the SOA record set `@` every zone has from its creation on without anyone writing it.
import { z } from 'zod';
import { parentIdOf } from '../arm/ids.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, clientProperties, jsonText, props, proxyBody } from './base.js';
import type { ProviderContext, ResourceProvider } from './types.js';
import type { ArmResource } from '../store/store.js';

export const SOA_RECORD_TYPE = RESOURCE_TYPES.soaRecord.type;
const A_RECORD_TYPE = RESOURCE_TYPES.aRecord.type;

// What Azure shows for a new private zone's SOA (az network private-dns record-set soa show): Azure's name server,
// its contact, and the timers it starts with.
const SOA_DEFAULTS = {
  host: 'azureprivatedns.net',
  email: 'azureprivatedns-host.microsoft.com',
  serialNumber: 1,
  refreshTime: 3600,
  retryTime: 300,
  expireTime: 2419200,
  minimumTtl: 10,
};

function zoneName(zoneId: string): string {
  return zoneId.split('/').pop() ?? '';
}

/** The SOA record set of a zone as GET shows it: the stored one once a client has changed it, else the defaults. */
export function soaRecordSet(ctx: ProviderContext, zone: ArmResource): ArmResource {
  const id = `${zone.id}/SOA/@`;
  const stored = ctx.store.get(id);
  if (stored) return stored;
  return {
    id,
    name: '@',
    type: SOA_RECORD_TYPE,
    etag: jsonText(zone['etag']).replace(/^W\//, '').replace(/"/g, ''),
    properties: { ttl: 3600, fqdn: `${zoneName(zone.id)}.`, isAutoRegistered: false, soaRecord: { ...SOA_DEFAULTS } },
  };
}

/** Every record set of a zone: its SOA first, as Azure lists them, then the others in store order. */
export function allRecordSets(ctx: ProviderContext, zone: ArmResource): ArmResource[] {
  const others = ctx.store.childrenOf(zone.id, A_RECORD_TYPE);
  return [soaRecordSet(ctx, zone), ...others];
}

export const soaRecords: ResourceProvider = {
  type: SOA_RECORD_TYPE,
  apiVersions: RESOURCE_TYPES.soaRecord.apiVersions,
  tracked: false,
  etagStyle: 'weak',
  schema: proxyBody(
    props({
      ttl: z.number().int().min(0).optional(),
      soaRecord: props({}).optional(),
    }),
  ),
  readOnly: ['fqdn', 'isAutoRegistered'],
  properties(ctx, req) {
    const zone = ctx.store.get(parentIdOf(req.id) ?? '');
    const current = zone ? asObject(soaRecordSet(ctx, zone)['properties']) : {};
    const sent = clientProperties(this, req);
    return {
      ...current,
      ...sent,
      soaRecord: { ...asObject(current['soaRecord']), ...asObject(sent['soaRecord']) },
      fqdn: `${zoneName(parentIdOf(req.id) ?? '')}.`,
      isAutoRegistered: false,
    };
  },
  virtual(ctx, id) {
    const zone = ctx.store.get(parentIdOf(id) ?? '');
    return zone && id.endsWith('/@') ? soaRecordSet(ctx, zone) : undefined;
  },
};
