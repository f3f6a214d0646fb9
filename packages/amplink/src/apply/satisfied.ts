import { provisioningPhaseOf } from '../model/provisioning-state.js';
import { sameRegion } from '../model/regions.js';
import { sameId } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import { endpointTargets, zoneConfigs } from '../plan/prerequisite-actions.js';
import type { PlanAction } from '../plan/types.js';

type Json = Record<string, unknown>;

function property(resource: Json | undefined, name: string): string | undefined {
  const value = (resource?.['properties'] as Json | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

function same(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && sameId(a, b);
}

/** Whether the resource there is the one the action writes, whatever state Azure left it in. */
function sameTarget(action: PlanAction, current: Json): boolean {
  const desired = action.body['properties'] as Json | undefined;
  switch (action.resourceType) {
    case RESOURCE_TYPES.dataCollectionEndpoint:
      return sameRegion(current['location'], action.body['location']);
    case RESOURCE_TYPES.dataCollectionRuleAssociation:
    case RESOURCE_TYPES.dataCollectionRule:
      return same(property(current, 'dataCollectionEndpointId'), desired?.['dataCollectionEndpointId'] as string);
    case RESOURCE_TYPES.scopedResource:
      return same(property(current, 'linkedResourceId'), desired?.['linkedResourceId'] as string);
    // A zone of that name, or the AMPLS, is the one the plan needs whatever its settings: they stay the user's.
    case RESOURCE_TYPES.privateLinkScope:
    case RESOURCE_TYPES.privateDnsZone:
      return true;
    case RESOURCE_TYPES.privateEndpoint: {
      const want = endpointTargets(action.body);
      const have = endpointTargets(current);
      return same(have.subnetId, want.subnetId) && same(have.serviceId, want.serviceId);
    }
    case RESOURCE_TYPES.privateDnsZoneLink: {
      const vnet = (value: Json | undefined) =>
        ((value?.['properties'] as Json | undefined)?.['virtualNetwork'] as Json | undefined)?.['id'];
      return same(vnet(current) as string | undefined, vnet(action.body) as string | undefined);
    }
    case RESOURCE_TYPES.privateDnsZoneGroup: {
      const have = zoneConfigs(current)
        .map((z) => z.toLowerCase())
        .sort();
      const want = zoneConfigs(action.body)
        .map((z) => z.toLowerCase())
        .sort();
      return have.length === want.length && have.every((z, i) => z === want[i]);
    }
    case RESOURCE_TYPES.ruleCollectionGroup:
      return sameRuleCollections(current['properties'] as Json | undefined, desired);
    default:
      return false;
  }
}

/** A rule collection group's priority and collections, compared as JSON with object keys in one order. */
function ruleCollectionsText(properties: Json | undefined): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value as Json)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, v]) => [k, sorted(v)]),
          )
        : value;
  return JSON.stringify(
    sorted({ priority: properties?.['priority'], ruleCollections: properties?.['ruleCollections'] }),
  );
}

function sameRuleCollections(current: Json | undefined, desired: Json | undefined): boolean {
  return (
    current !== undefined && desired !== undefined && ruleCollectionsText(current) === ruleCollectionsText(desired)
  );
}

/**
 * Whether what the action would make is already there and done (provisioningState Succeeded): then it is skipped,
 * before any write. An existing DCE is never overwritten: its own settings are the user's.
 */
export function alreadySatisfied(action: PlanAction, current: Json | undefined): boolean {
  return current !== undefined && provisioningPhaseOf(current) === 'done' && sameTarget(action, current);
}

/** What an earlier write of this very action left Failed or Canceled: written again, not refused as someone else's. */
export function failedAttemptOf(action: PlanAction, current: Json | undefined): boolean {
  return current !== undefined && provisioningPhaseOf(current) === 'failed' && sameTarget(action, current);
}

/**
 * For `apply --plan`: whether the world still is what the plan was made against. A create expects nothing there;
 * an update expects the association it replaces to still point where it pointed.
 */
export function stillAsPlanned(action: PlanAction, current: Json | undefined): boolean {
  if (action.kind === 'create') return current === undefined;
  if (current === undefined) return false;
  if (action.resourceType === RESOURCE_TYPES.scopedResource) {
    return same(property(current, 'linkedResourceId'), action.current?.['linkedResourceId'] as string);
  }
  if (action.resourceType === RESOURCE_TYPES.ruleCollectionGroup) {
    return sameRuleCollections(current['properties'] as Json | undefined, action.current);
  }
  const before = action.current?.['dataCollectionEndpointId'];
  const now = property(current, 'dataCollectionEndpointId');
  return typeof before === 'string' ? same(now, before) : now === undefined;
}
