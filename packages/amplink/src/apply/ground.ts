import type { ArmConnection } from '../azure/arm-connection.js';
import { toAmplinkError } from '../azure/arm-errors.js';
import { AmplinkError } from '../model/errors.js';
import type { ResourceId } from '../model/resource-id.js';
import { API_VERSIONS } from '../plan/api-versions.js';

/**
 * Apply's ground: the AMPLS every link goes to must exist and not be on its way out before the first write. Without
 * it, DCEs would be created and then every link refused, leaving DCEs neither linked nor associated (issue 10, item
 * 7); and while an AMPLS is Deleting, Azure answers its links' writes with 409 "provisioning state", which looks
 * passing and would be retried until the deadline.
 */
export async function checkGround(
  connection: ArmConnection,
  ampls: ResourceId,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  let scope: Record<string, unknown> | undefined;
  try {
    scope = await connection.get(ampls, API_VERSIONS.privateLinkScopes, options);
  } catch (error) {
    throw toAmplinkError(error, `Reading AMPLS ${ampls.id} before any change`);
  }
  if (scope === undefined) {
    throw new AmplinkError({
      code: 'AMPL_APPLY_E0101',
      message: `AMPLS ${ampls.id} does not exist (any more), so nothing was changed: its links could not be written.`,
      fix: 'Check the id (az monitor private-link-scope list --query "[].id"), then plan again against the AMPLS to use.',
    });
  }
  const state = (scope['properties'] as Record<string, unknown> | undefined)?.['provisioningState'];
  if (typeof state === 'string' && state.toLowerCase() === 'deleting') {
    throw new AmplinkError({
      code: 'AMPL_APPLY_E0102',
      message: `AMPLS ${ampls.id} is being deleted (provisioningState Deleting), so nothing was changed.`,
      fix: 'Plan again against the AMPLS to use once the deletion has ended.',
    });
  }
}
