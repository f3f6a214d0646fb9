import type { ArmConnection } from '../azure/arm-connection.js';
import { provisioningPhaseOf, provisioningStateText } from '../model/provisioning-state.js';
import { parseResourceIdStrict } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import { API_VERSIONS } from '../plan/api-versions.js';
import { IN_PROGRESS_CODE } from '../plan/in-progress.js';
import type { Plan } from '../plan/types.js';

const API_VERSION_OF: Record<string, string> = {
  [RESOURCE_TYPES.dataCollectionEndpoint.toLowerCase()]: API_VERSIONS.dataCollectionEndpoints,
  [RESOURCE_TYPES.dataCollectionRuleAssociation.toLowerCase()]: API_VERSIONS.dataCollectionRuleAssociations,
  [RESOURCE_TYPES.scopedResource.toLowerCase()]: API_VERSIONS.privateLinkScopes,
};

/** The resources a plan left alone because Azure was still writing them (AMPL_PLAN_W0008). */
export function resourcesAzureIsWriting(plan: Plan): string[] {
  return [...new Set(plan.findings.filter((f) => f.code === IN_PROGRESS_CODE).flatMap((f) => f.resources))];
}

/**
 * Waits until Azure has finished with each resource the plan left alone, within the given deadline (else the connection's operation deadline)
 * (past it: AMPL_AZURE_E0903), so that planning again can finish the job in the same run. Gone (deleted meanwhile)
 * counts as finished: the next plan sees what is there.
 */
export async function waitForAzure(
  connection: ArmConnection,
  resources: readonly string[],
  options: { signal?: AbortSignal; deadlineMs?: number } = {},
): Promise<void> {
  await Promise.all(
    resources.map(async (id) => {
      const parsed = parseResourceIdStrict(id);
      const apiVersion = API_VERSION_OF[parsed.type.toLowerCase()];
      if (apiVersion === undefined) return;
      await connection.waitUntil(
        parsed,
        apiVersion,
        (r) => r === undefined || provisioningPhaseOf(r) !== 'in-progress',
        {
          describe: (r) => provisioningStateText(r),
          ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
    }),
  );
}
