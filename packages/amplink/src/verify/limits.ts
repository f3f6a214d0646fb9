import { idKey } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import { amplsOfResource, amplsUsage } from '../plan/ampls-usage.js';
import type { AmplsLimits } from '../plan/options.js';
import type { Plan } from '../plan/types.js';
import type { AmplsContext } from './context.js';
import type { FindingSet } from './finding-set.js';

/**
 * The AMPLS against its limits once the plan is applied: an error over a limit, a warning from `warningRatio` of it.
 * The counting is the planner's (plan/ampls-usage.ts), so the two never disagree on what is used.
 */
export function checkAmplsLimits(options: {
  ampls: AmplsContext;
  thePlan: Plan;
  limits: AmplsLimits;
  warningRatio: number;
  findings: FindingSet;
}): void {
  const { ampls, thePlan, limits, warningRatio, findings } = options;
  const { topology, scope } = ampls;
  const usage = amplsUsage(topology, scope, ampls.actions.plannedLinks());
  // When the plan is blocked it shows no actions; count what the rules need from the plan's own limit errors.
  const blockedOnLaws = thePlan.findings.some((f) => f.code === 'AMPL_PLAN_E0101');
  const check = (count: number, limit: number, what: string, fix: string, forceError = false) => {
    if (count > limit || forceError) {
      findings.add({
        code: 'AMPL_VERIFY_E0030',
        severity: 'error',
        message: `AMPLS ${scope.resource.name}: ${what} ${forceError && count <= limit ? 'would exceed' : `${count} of at most ${limit}`} — over the limit.`,
        resources: [scope.resource.id],
        rules: [],
        clusters: [],
        fixActions: [],
        fix,
      });
    } else if (count >= Math.ceil(limit * warningRatio)) {
      findings.add({
        code: 'AMPL_VERIFY_W0031',
        severity: 'warning',
        message: `AMPLS ${scope.resource.name}: ${what} ${count} of at most ${limit} (${Math.round((count / limit) * 100)}%) — close to the limit.`,
        resources: [scope.resource.id],
        rules: [],
        clusters: [],
        fixActions: [],
        fix,
      });
    }
  };
  check(
    usage.linkedOfType(RESOURCE_TYPES.logAnalyticsWorkspace),
    limits.logAnalyticsWorkspacesPerScope,
    'linked Log Analytics workspaces (after the plan)',
    'Split the fleet over several AMPLS (one per network and DNS zone set).',
    blockedOnLaws,
  );
  check(
    usage.privateEndpointConnections,
    limits.privateEndpointsPerScope,
    'private endpoint connections',
    'Remove private endpoints no longer used, or give some networks an AMPLS of their own.',
  );
  for (const id of [...new Set(usage.linkedIds.map(idKey))].sort()) {
    const scopes = amplsOfResource(topology, id, scope.resource.id);
    if (scopes.size >= Math.ceil(limits.scopesPerResource * warningRatio)) {
      check(
        scopes.size,
        limits.scopesPerResource,
        `${topology.get(id)?.name ?? id} would be in AMPLS count`,
        'Remove the resource from AMPLS it no longer needs.',
      );
    }
  }
}
