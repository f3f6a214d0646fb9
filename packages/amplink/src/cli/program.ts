import { Command, CommanderError } from 'commander';
import { AMPLINK_VERSION } from '../model/version.js';
import { EXIT, reportError, type Io } from './exit-codes.js';
import { argumentError } from './argument-errors.js';
import { registerApplyCommand } from './apply-command.js';
import { runDemoCommand } from './demo-command.js';
import { registerDiscoverCommand } from './discover-command.js';
import { registerPermissionsCommand } from './permissions-command.js';
import { registerExportCommand } from './export-command.js';
import { runPlan } from './plan-command.js';
import { registerReportCommand } from './report-command.js';
import { addPlanOptions, type PlanFlags } from './shared-options.js';
import { registerVerifyCommand } from './verify-command.js';

/** Runs one amplink command line and resolves to its exit code; never calls process.exit, so tests can drive it. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  // Errors come as JSON whenever --json is on the line, even when commander refuses the line before reading it.
  const json = argv.includes('--json');
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('amplink')
    .description(
      "Send a fleet of Kubernetes clusters' monitoring data to Azure Monitor through private link, and prove that it works.",
    )
    .version(AMPLINK_VERSION)
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // Argument errors are reported below, in amplink's format.
      outputError: () => undefined,
    });

  addPlanOptions(
    program
      .command('plan')
      .description(
        'Show what must change so that every selected cluster sends through the AMPLS (changes nothing). Exit 0: nothing to change, 2: changes (or Azure still working on a link), 1: error or blocked.',
      )
      .option('--snapshot <file>', 'plan against a snapshot file (JSON array, ARM list or az graph query output)')
      .option('--json', 'print the plan as JSON')
      .option('--out <file>', 'also write the plan as JSON, for apply --plan or export --plan')
      .option('--no-reasons', 'leave the reasons out of the table')
      .option('--report <file>', 'also write the HTML report page (see amplink report)')
      .option('--detail', 'list every change under its region with its whole reason (default: a summary)'),
  ).action(async (flags: PlanFlags) => {
    exitCode = await runPlan(flags, io);
  });

  const setExitCode = (code: number) => {
    exitCode = code;
  };
  registerDiscoverCommand(program, io, setExitCode);
  registerApplyCommand(program, io, setExitCode);
  registerPermissionsCommand(program, io, setExitCode);

  program
    .command('demo')
    .description(
      'Start the embedded Azure emulator with a fleet file and show the plan that brings every cluster onto private link.',
    )
    .option('--fleet <file>', 'fleet YAML file (default: examples/fleet.yaml)')
    .option('--json', 'print the plan as JSON')
    .option('--detail', 'every cluster, change and finding (default: summaries)')
    .action(async (flags: { fleet?: string; json?: boolean; detail?: boolean }) => {
      exitCode = await runDemoCommand(flags, io);
    });

  registerExportCommand(program, io, setExitCode);
  registerVerifyCommand(program, io, setExitCode);
  registerReportCommand(program, io, setExitCode);

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok;
      const commands = program.commands.map((c) => c.name());
      return reportError(argumentError(error, argv, commands), io, { debug, json });
    }
    return reportError(error, io, { debug, json });
  }
  return exitCode;
}
