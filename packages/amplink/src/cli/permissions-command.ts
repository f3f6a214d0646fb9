import type { Command } from 'commander';
import { textOptions } from './color.js';
import { writeJson } from './json-output.js';
import { formatPermissionsText } from '../report/permissions-text.js';
import { fleetPermissions } from '../workflows/plan-fleet.js';
import { exitCodeFor, type Io } from './exit-codes.js';
import { fleetEvents } from './fleet-events.js';
import { addPlanOptions, fleetSourceFrom, planOptionsFrom, type PlanFlags } from './shared-options.js';

export function registerPermissionsCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addPlanOptions(
    program
      .command('permissions')
      .description('List the Azure RBAC actions the plan needs, per scope (what to grant before apply).')
      .option('--snapshot <file>', 'plan against a snapshot file instead of Azure')
      .option('--json', 'print JSON')
      .option('--detail', 'every scope with its actions (default: scopes that need the same actions together)'),
  ).action(async (flags: PlanFlags) => {
    const plan = planOptionsFrom(flags);
    const result = await fleetPermissions({ source: await fleetSourceFrom(flags), plan, onEvent: fleetEvents(io) });
    if (flags.json) await writeJson(io, result.scopes);
    else io.stdout(formatPermissionsText(result, textOptions(io, flags)));
    setExitCode(exitCodeFor(result));
  });
}
