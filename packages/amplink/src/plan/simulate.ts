import { RESOURCE_TYPES } from '../model/resources.js';
import type { Plan } from './types.js';

type Json = Record<string, unknown>;

/**
 * The world after a plan's PUTs succeed, in memory: every resource as GET would return it. Pure.
 * Used to check a plan before it is applied (verify the world it leads to) and by the property tests.
 */
export function worldAfter(resources: readonly Json[], plan: Plan): Json[] {
  const byKey = new Map(resources.map((r) => [String(r['id']).toLowerCase(), structuredClone(r)]));
  for (const action of plan.actions) {
    const name = action.id.split('/').pop() as string;
    const key = action.id.toLowerCase();
    const before = byKey.get(key);
    const body = structuredClone(action.body);
    // A rule's update is a read-modify-write of one property: the rest of the rule stays.
    const kept = action.resourceType === RESOURCE_TYPES.dataCollectionRule ? (before?.['properties'] as Json) : {};
    const properties = {
      ...kept,
      ...((body['properties'] as Json | undefined) ?? {}),
      provisioningState: 'Succeeded',
    };
    byKey.set(key, {
      ...(before ?? {}),
      ...body,
      id: before?.['id'] ?? action.id,
      name: before?.['name'] ?? name,
      type: action.resourceType,
      properties,
    });
  }
  return [...byKey.values()];
}
