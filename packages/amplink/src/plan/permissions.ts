import { compareNatural } from '../model/natural-order.js';
import type { Plan } from './types.js';

export interface ScopePermissions {
  scope: string;
  actions: string[];
}

/** The RBAC actions a plan needs, per scope, each scope and action once, sorted. */
export function permissionsOf(result: Plan): ScopePermissions[] {
  const byScope = new Map<string, { scope: string; actions: Set<string> }>();
  for (const action of result.actions) {
    for (const permission of action.permissions) {
      const key = permission.scope.toLowerCase();
      const entry = byScope.get(key) ?? { scope: permission.scope, actions: new Set<string>() };
      entry.actions.add(permission.action);
      byScope.set(key, entry);
    }
  }
  return [...byScope.entries()]
    .sort(([a], [b]) => compareNatural(a, b))
    .map(([, e]) => ({ scope: e.scope, actions: [...e.actions].sort() }));
}
