import { jsonText } from './json.js';

/**
 * Whether Azure has finished with a resource, read from its `properties.provisioningState`. The one place that
 * decides it: the planner, apply and verify all ask here.
 *
 * ARM's resource provider contract has three terminal states, Succeeded, Failed and Canceled; any other value
 * (the specs list Creating, Updating, Deleting for DCEs and associations, Provisioning for AMPLS scoped resources,
 * Accepted and others elsewhere, and providers may add more) means an operation is still running.
 *
 * An absent state counts as done: none of the specs amplink reads marks provisioningState required (it is
 * `readOnly` and optional in dataCollectionEndpoints_API.json and dataCollectionRuleAssociations_API.json 2024-03-11,
 * and in privateLinkScopes_API.json 2021-09-01 for scoped resources), and synchronous resources (a DCE or an
 * association, whose PUT answers 200/201 with the final resource) may omit it.
 */
export type ProvisioningPhase = 'done' | 'in-progress' | 'failed';

const FAILED = new Set(['failed', 'canceled', 'cancelled']);

export function provisioningPhase(state: unknown): ProvisioningPhase {
  if (state === undefined || state === null) return 'done';
  const value = jsonText(state).trim().toLowerCase();
  if (value === '' || value === 'succeeded') return 'done';
  return FAILED.has(value) ? 'failed' : 'in-progress';
}

/** The phase of a resource as GET returns it (or as a snapshot holds it). */
export function provisioningPhaseOf(resource: { properties?: unknown } | undefined): ProvisioningPhase {
  const properties = resource?.properties;
  if (properties === null || typeof properties !== 'object') return 'done';
  return provisioningPhase((properties as Record<string, unknown>)['provisioningState']);
}

/** The state as Azure wrote it, for messages ("Creating"); "Succeeded" when Azure omits it. */
export function provisioningStateText(resource: { properties?: unknown } | undefined): string {
  const properties = resource?.properties;
  const state =
    properties !== null && typeof properties === 'object'
      ? (properties as Record<string, unknown>)['provisioningState']
      : undefined;
  return typeof state === 'string' && state.trim() !== '' ? state : 'Succeeded';
}
