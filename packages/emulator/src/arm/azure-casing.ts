// How some resource providers write ids back, as recorded from Azure (azure-cli's recording
// monitor/tests/latest/recordings/test_monitor_private_link_scope_scenario.yaml; azure-rest-api-specs issue 20586;
// the Log Analytics examples WorkspacesGet.json 2026-03-01): ARM paths are case-insensitive, and these providers
// answer with their own casing whatever the client sent. Clients that compare ids case-sensitively break on them.
import { segmentsOf } from './ids.js';

/**
 * The provider namespace and type segments in lower case, the rest (resourceGroups, group and resource names) as
 * stored: `/subscriptions/s/resourceGroups/G/providers/microsoft.insights/privatelinkscopes/N/scopedresources/M`,
 * as Microsoft.Insights writes AMPLS and scoped-resource ids.
 */
export function lowerProviderTypes(id: string): string {
  const segs = segmentsOf(id);
  const providers = segs.findLastIndex((s) => s.toLowerCase() === 'providers');
  if (providers < 0) return id;
  return (
    '/' +
    segs
      .map((segment, i) => {
        if (i <= providers) return segment;
        const offset = i - providers - 1;
        // offset 0 is the namespace, then type/name pairs: odd offsets are types.
        return offset === 0 || offset % 2 === 1 ? segment.toLowerCase() : segment;
      })
      .join('/')
  );
}

/**
 * As Microsoft.OperationalInsights writes a workspace id: `resourcegroups` and the provider and type in lower case,
 * the group and workspace names as stored (WorkspacesGet.json; the recording above:
 * `/subscriptions/s/resourcegroups/g/providers/microsoft.operationalinsights/workspaces/n`).
 */
export function lowerGroupsAndProviderTypes(id: string): string {
  return lowerProviderTypes(id).replace(/^(\/subscriptions\/[^/]+\/)resourceGroups\//i, '$1resourcegroups/');
}
