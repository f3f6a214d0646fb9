import type { Command } from 'commander';
import { planKeepingDataFlowing } from '../verify/preflight.js';
import { permissionsOf } from '../plan/permissions.js';
import { EXIT, type Io } from './exit-codes.js';
import { addPlanOptions, planOptionsFrom, topologyFromFlags, type PlanFlags } from './plan-command.js';

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
      // Linking a resource to an AMPLS needs read on it too: those read actions are listed, not hidden behind */read.
      const reads = scopes.some((s) => s.actions.some((action) => action.endsWith('/read')));
      io.stdout(
        `The plan's ${result.actions.length} changes need these permissions, per scope${reads ? " (the Reader role that discovery needs already grants the '/read' ones)" : ''}:\n`,
      );
      for (const { scope, actions } of scopes) io.stdout(`\n${scope}\n${actions.map((a) => `  ${a}`).join('\n')}\n`);
    }
    setExitCode(EXIT.ok);
  });
}
