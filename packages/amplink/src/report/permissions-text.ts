import type { PermissionsResult } from '../workflows/plan-fleet.js';

/** The RBAC actions to grant before apply, per scope. */
export function formatPermissionsText({ plan, scopes }: PermissionsResult): string {
  if (scopes.length === 0) return 'The plan is empty: no permission beyond read is needed.\n';
  // Linking a resource to an AMPLS needs read on it too: those read actions are listed, not hidden behind */read.
  const reads = scopes.some((s) => s.actions.some((action) => action.endsWith('/read')));
  let text = `The plan's ${plan.actions.length} changes need these permissions, per scope${reads ? " (the Reader role that discovery needs already grants the '/read' ones)" : ''}:\n`;
  for (const { scope, actions } of scopes) text += `\n${scope}\n${actions.map((a) => `  ${a}`).join('\n')}\n`;
  return text;
}
