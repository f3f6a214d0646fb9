// What a private endpoint may connect to on a resource: GET {resource}/privateLinkResources (list) and
// .../privateLinkResources/{groupName} (show), as `az monitor private-link-scope private-link-resource list/show`
// read them. Shapes: Microsoft.Insights 2021-09-01 PrivateLinkScopePrivateLinkResourceGet.json (group azuremonitor,
// its requiredMembers and requiredZoneNames). An Azure Monitor workspace answers the same shape for its one group,
// prometheusMetrics (DOMAIN.md "What Azure returns"), whose zone is its region's query zone.
import { AMPLS_PRIVATE_DNS_ZONES, prometheusQueryZone } from '../arm/private-link-dns.js';
import { asString } from './base.js';
import type { ArmResource } from '../store/store.js';

/** requiredMembers of the AMPLS's group, as the spec example lists them. */
const AMPLS_REQUIRED_MEMBERS = [
  'api',
  'global.in.ai',
  'profiler',
  'live',
  'snapshot',
  'agentsolutionpackstore',
  'dce-global',
];

function resource(parent: ArmResource, groupId: string, requiredMembers: string[], requiredZoneNames: string[]) {
  return {
    id: `${parent.id}/privateLinkResources/${groupId}`,
    name: groupId,
    type: `${parent.type}/privateLinkResources`,
    properties: { groupId, requiredMembers, requiredZoneNames },
  } as unknown as ArmResource;
}

export function amplsPrivateLinkResources(scope: ArmResource): ArmResource[] {
  return [resource(scope, 'azuremonitor', AMPLS_REQUIRED_MEMBERS, [...AMPLS_PRIVATE_DNS_ZONES])];
}

export function workspacePrivateLinkResources(account: ArmResource): ArmResource[] {
  const region = (asString(account['location']) ?? '').toLowerCase().replace(/\s+/g, '');
  return [resource(account, 'prometheusMetrics', ['prometheusMetrics'], [prometheusQueryZone(region)])];
}
