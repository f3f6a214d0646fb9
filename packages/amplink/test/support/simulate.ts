import type { Plan } from '../../src/plan/types.js';

type Json = Record<string, unknown>;

/**
 * What Azure holds after a plan's PUTs succeed, in memory: the resources as GET would return them.
 * Used by the property tests (apply, rediscover, plan again gives nothing).
 */
export function simulateApply(resources: readonly Json[], plan: Plan): Json[] {
  const byKey = new Map(resources.map((r) => [String(r['id']).toLowerCase(), structuredClone(r)]));
  for (const action of plan.actions) {
    const name = action.id.split('/').pop() as string;
    const key = action.id.toLowerCase();
    const before = byKey.get(key);
    const body = structuredClone(action.body);
    const properties = { ...((body['properties'] as Json | undefined) ?? {}), provisioningState: 'Succeeded' };
    byKey.set(key, {
      ...(before ?? {}),
      ...body,
      id: (before?.['id'] as string | undefined) ?? action.id,
      name: (before?.['name'] as string | undefined) ?? name,
      type: action.resourceType,
      properties,
    });
  }
  return [...byKey.values()];
}
