import { parseResourceId, resourceGroupId } from '../model/resource-id.js';
import type { ScopePermissions } from '../plan/permissions.js';
import type { PermissionsResult } from '../workflows/plan-fleet.js';
import { styleOf, type TextOptions } from './style.js';
import { COLLAPSE_FROM, count, counted, detailHint, someNames, wrap } from './text.js';

/** Scopes that need the same actions, and are the same kind of thing (resource groups, clusters, ...). */
interface PermissionGroup {
  actions: string[];
  /** "resource group", or a resource type's last segment ("managedClusters"). */
  kind: string;
  scopes: string[];
}

function scopeKind(scope: string): string {
  const id = parseResourceId(scope);
  if (id.resourceGroup === undefined) return 'subscription';
  return id.types.length === 0 ? 'resource group' : (id.types[id.types.length - 1] ?? id.type);
}

function groupPermissions(scopes: readonly ScopePermissions[]): PermissionGroup[] {
  const groups = new Map<string, PermissionGroup>();
  for (const { scope, actions } of scopes) {
    const kind = scopeKind(scope);
    const key = `${actions.join(' ')}\u0000${kind}`;
    const group = groups.get(key) ?? { actions, kind, scopes: [] };
    group.scopes.push(scope);
    groups.set(key, group);
  }
  const writes = (g: PermissionGroup) => g.actions.some((a) => !a.endsWith('/read'));
  // What must be granted first, then the groups that cover most scopes; ties in the scopes' natural order.
  return [...groups.values()]
    .map((group, order) => ({ group, order }))
    .sort(
      (a, b) =>
        Number(writes(b.group)) - Number(writes(a.group)) ||
        b.group.scopes.length - a.group.scopes.length ||
        a.order - b.order,
    )
    .map(({ group }) => group);
}

/** "1,900 managedClusters in 20 resource groups: rg-aks-australiaeast (96), ... and 17 more". */
function collapsedScopes(group: PermissionGroup): string {
  const { scopes, kind } = group;
  if (kind === 'subscription' || kind === 'resource group') {
    const names = scopes.map((s) => parseResourceId(s)).map((id) => id.resourceGroup ?? id.subscriptionId);
    const subscriptions = new Set(scopes.map((s) => parseResourceId(s).subscriptionId.toLowerCase())).size;
    const within =
      kind === 'resource group' && subscriptions > 1 ? ` in ${counted(subscriptions, 'subscription')}` : '';
    return `${counted(scopes.length, kind)}${within}: ${someNames(names)}`;
  }
  // Below a resource group: granting on the group covers them all, so the groups are what a person needs.
  const perGroup = new Map<string, { name: string; n: number }>();
  for (const scope of scopes) {
    const id = parseResourceId(scope);
    const key = resourceGroupId(id.subscriptionId, id.resourceGroup ?? '').toLowerCase();
    const entry = perGroup.get(key) ?? { name: id.resourceGroup ?? '', n: 0 };
    entry.n++;
    perGroup.set(key, entry);
  }
  const groups = [...perGroup.values()].map((g) => `${g.name} (${count(g.n)})`);
  return `${count(scopes.length)} ${kind} in ${counted(perGroup.size, 'resource group')}: ${someNames(groups)}`;
}

/**
 * The RBAC actions a plan needs, as a person grants them: scopes that need the same actions are one entry, and many
 * resources are told by their resource groups. `detail`: every scope with its actions, as the JSON has them.
 */
export function formatPermissionsText({ plan, scopes }: PermissionsResult, options: TextOptions = {}): string {
  if (scopes.length === 0) return 'The plan is empty: no permission beyond read is needed.\n';
  const style = styleOf(options);
  // Linking a resource to an AMPLS needs read on it too: those read actions are listed, not hidden behind */read.
  const reads = scopes.some((s) => s.actions.some((action) => action.endsWith('/read')));
  const out = [
    `The plan's ${counted(plan.actions.length, 'change')} need these permissions, per scope${reads ? " (the Reader role that discovery needs already grants the '/read' ones)" : ''}:`,
  ];
  if (options.detail === true) {
    for (const { scope, actions } of scopes) out.push('', scope, ...actions.map((a) => `  ${a}`));
    return out.join('\n') + '\n';
  }
  for (const group of groupPermissions(scopes)) {
    out.push('', ...group.actions.map((a) => style.bold(a)));
    if (group.scopes.length < COLLAPSE_FROM) out.push(...group.scopes.map((s) => `  on ${s}`));
    else out.push(wrap(`on ${collapsedScopes(group)}`, 110, '  '));
  }
  out.push('', style.dim(detailHint('every scope with its actions')));
  return out.join('\n') + '\n';
}
