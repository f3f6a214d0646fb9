import type { Command } from 'commander';
import { planKeepingDataFlowing } from '../verify/preflight.js';
import type { Plan } from '../plan/types.js';
import { EXIT, type Io } from './exit-codes.js';
import { addPlanOptions, planOptionsFrom, topologyFromFlags, type PlanFlags } from './plan-command.js';

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
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, e]) => ({ scope: e.scope, actions: [...e.actions].sort() }));
}

export function registerPermissionsCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addPlanOptions(
    program
      .command('permissions')
      .description('List the Azure RBAC actions the plan needs, per scope (what to grant before apply).')
      .option('--snapshot <file>', 'plan against a snapshot file instead of Azure')
      .option('--json', 'print JSON'),
  ).action(async (flags: PlanFlags) => {
    const result = planKeepingDataFlowing(await topologyFromFlags(flags, io), planOptionsFrom(flags));
    const scopes = permissionsOf(result);
    if (flags.json) io.stdout(JSON.stringify(scopes, null, 2) + '\n');
    else if (scopes.length === 0) io.stdout('The plan is empty: no permission beyond read is needed.\n');
    else {
      io.stdout(`The plan's ${result.actions.length} changes need these permissions (besides */read):\n`);
      for (const { scope, actions } of scopes) io.stdout(`\n${scope}\n${actions.map((a) => `  ${a}`).join('\n')}\n`);
    }
    setExitCode(EXIT.ok);
  });
}
