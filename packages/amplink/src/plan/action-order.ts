import { idKey } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import { compareKeys } from './findings.js';
import type { PlanAction } from './types.js';

// The order of a plan's actions: the order the plan lists them in and apply takes them in.
const PHASE: Record<string, number> = {
  // The network prerequisites come first, in the order Azure needs them: AMPLS, endpoint, zones, links, zone group.
  [RESOURCE_TYPES.privateLinkScope]: -5,
  [RESOURCE_TYPES.privateEndpoint]: -4,
  [RESOURCE_TYPES.privateDnsZone]: -3,
  [RESOURCE_TYPES.privateDnsZoneLink]: -2,
  [RESOURCE_TYPES.privateDnsZoneGroup]: -1,
  [RESOURCE_TYPES.dataCollectionEndpoint]: 0,
  [RESOURCE_TYPES.scopedResource]: 1,
  [RESOURCE_TYPES.dataCollectionRuleAssociation]: 2,
  [RESOURCE_TYPES.dataCollectionRule]: 3,
  [RESOURCE_TYPES.ruleCollectionGroup]: 4,
};

/**
 * DCEs first, then AMPLS links, then associations and rule updates, then firewall rule collection groups; within a phase by region and id. Dependencies
 * always come first. Among the links, those that other actions wait for go first, the one most waited for first:
 * writes to one AMPLS are taken one at a time, so what waits for a link (thousands of rule updates behind a workspace's
 * DCE, a region's associations behind its configuration DCE) then runs alongside the rest of the chain, not after it.
 */
export function orderActions(actions: PlanAction[]): PlanAction[] {
  const waiting = new Map<string, number>();
  for (const action of actions) {
    for (const id of action.dependsOn) waiting.set(idKey(id), (waiting.get(idKey(id)) ?? 0) + 1);
  }
  return actions
    .map((action) => ({
      action,
      phase: PHASE[action.resourceType] ?? 9,
      waiting: waiting.get(idKey(action.id)) ?? 0,
      region: action.region,
      key: idKey(action.id),
    }))
    .sort(
      (a, b) =>
        a.phase - b.phase ||
        b.waiting - a.waiting ||
        (a.region < b.region ? -1 : a.region > b.region ? 1 : 0) ||
        compareKeys(a.key, b.key),
    )
    .map((entry) => entry.action);
}
