import { RESOURCE_TYPES } from '../model/resources.js';
import type { PrivateLinkScope, Topology } from '../model/topology.js';
import { amplsOfResource, amplsUsage } from './ampls-usage.js';
import type { LinkNeed } from './link-needs.js';
import type { AmplsLimits } from './options.js';
import type { Finding } from './types.js';

/**
 * AMPLS limits, checked before anything is planned: a plan that would exceed one is blocked as a whole
 * (error findings), never half-made.
 */
export function checkLimits(
  topology: Topology,
  scope: PrivateLinkScope,
  newLinks: readonly LinkNeed[],
  limits: AmplsLimits,
): Finding[] {
  const findings: Finding[] = [];
  const scopeId = scope.resource.id;
  const usage = amplsUsage(
    topology,
    scope,
    newLinks.map((n) => n.resourceId),
  );

  const perType: [string, string, number][] = [
    [RESOURCE_TYPES.logAnalyticsWorkspace, 'Log Analytics workspaces', limits.logAnalyticsWorkspacesPerScope],
    [RESOURCE_TYPES.applicationInsights, 'Application Insights components', limits.applicationInsightsPerScope],
  ];
  for (const [type, label, limit] of perType) {
    const total = usage.linkedOfType(type);
    if (total > limit) {
      findings.push({
        code: 'AMPL_PLAN_E0101',
        severity: 'error',
        message: `The plan would link ${total} ${label} to AMPLS ${scope.resource.name}; an AMPLS links at most ${limit}. Nothing is planned.`,
        resources: [scopeId],
        rules: [4],
        fix: 'Split the fleet over several AMPLS (one per network), or select fewer clusters (--cluster-* options).',
      });
    }
  }

  for (const need of newLinks) {
    const scopes = amplsOfResource(topology, need.key);
    if (scopes.size + 1 > limits.scopesPerResource) {
      findings.push({
        code: 'AMPL_PLAN_E0102',
        severity: 'error',
        message: `${need.label} ${need.name} is already in ${scopes.size} AMPLS; a resource joins at most ${limits.scopesPerResource}. Nothing is planned.`,
        resources: [need.resourceId, scopeId],
        rules: [],
        fix: 'Remove it from an AMPLS it no longer needs, or use an AMPLS it is already in.',
      });
    }
  }

  if (usage.privateEndpointConnections > limits.privateEndpointsPerScope) {
    findings.push({
      code: 'AMPL_PLAN_W0103',
      severity: 'warning',
      message: `AMPLS ${scope.resource.name} has ${usage.privateEndpointConnections} private endpoint connections; an AMPLS supports at most ${limits.privateEndpointsPerScope}.`,
      resources: [scopeId],
      rules: [],
      fix: 'Remove private endpoints that are no longer used, or give some networks an AMPLS of their own.',
    });
  }
  return findings;
}
