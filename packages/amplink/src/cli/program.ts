import { Command, CommanderError } from 'commander';
import { AMPLINK_VERSION } from '../model/version.js';
import { EXIT, reportError, type Io } from './exit-codes.js';
import { argumentError } from './argument-errors.js';
import { argvWithConfig } from './config-argv.js';
import { configPathFrom, DEFAULT_CONFIG_FILE, readConfigFile } from '../files/config-file.js';
import { runPlan } from './plan-command.js';
import { addPlanOptions, type PlanFlags } from './shared-options.js';

const COMMANDS = [
  'plan',
  'discover',
  'apply',
  'permissions',
  'demo',
  'export',
  'verify',
  'report',
  'remote-write-config',
] as const;

/**
 * The command on the line, when it is one: only its module is loaded. The others pull in the Azure SDK, the
 * emulator, listr2 or elkjs, about a second of CPU before `plan --snapshot` reads a byte. Help and mistyped commands
 * get all.
 */
function commandOnLine(argv: readonly string[]): string | undefined {
  const first = argv.find((a) => !a.startsWith('-'));
  return COMMANDS.find((c) => c === first);
}

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
    .option(
      '--config <file>',
      `settings as "flag: value" lines, flags on the line win (default: ./${DEFAULT_CONFIG_FILE} if present)`,
    )
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
  const configPath = configPathFrom(argv, process.cwd());
  // A config file may hold settings of any command, and each is checked: every command is registered to know them.
  const only = configPath === undefined ? commandOnLine(argv) : undefined;
  // `amplink --version` needs no command: loading them all (the Azure SDK among them) took it a second.
  const versionOnly = commandOnLine(argv) === undefined && argv.some((w) => w === '--version' || w === '-V');
  const wanted = (name: (typeof COMMANDS)[number]) => !versionOnly && (only === undefined || only === name);
  if (wanted('discover')) (await import('./discover-command.js')).registerDiscoverCommand(program, io, setExitCode);
  if (wanted('apply')) (await import('./apply-command.js')).registerApplyCommand(program, io, setExitCode);
  if (wanted('permissions')) {
    (await import('./permissions-command.js')).registerPermissionsCommand(program, io, setExitCode);
  }

  if (wanted('demo')) {
    const { runDemoCommand } = await import('./demo-command.js');
    program
      .command('demo')
      .description(
        'Start the embedded Azure emulator with a fleet file and show the plan that brings every cluster onto private link.',
      )
      .option('--fleet <file>', 'fleet YAML file (default: examples/fleet.yaml)')
      .option('--port <port>', "the emulator's HTTPS port (default: a free one)")
      .option('--json', 'print the plan as JSON')
      .option('--detail', 'every cluster, change and finding (default: summaries)')
      .action(async (flags: { fleet?: string; port?: string; json?: boolean; detail?: boolean }) => {
        exitCode = await runDemoCommand(flags, io);
      });
  }
  if (wanted('export')) (await import('./export-command.js')).registerExportCommand(program, io, setExitCode);
  if (wanted('verify')) (await import('./verify-command.js')).registerVerifyCommand(program, io, setExitCode);
  if (wanted('report')) (await import('./report-command.js')).registerReportCommand(program, io, setExitCode);
  if (wanted('remote-write-config')) {
    (await import('./remote-write-command.js')).registerRemoteWriteCommand(program, io, setExitCode);
  }

  try {
    if (configPath !== undefined && !argv.some((w) => w === '--config' || w.startsWith('--config='))) {
      // Found, not named: say so, or a setting nobody typed changes what amplink does without a trace.
      io.stderr(`amplink: settings from ${configPath} (flags on the line win)\n`);
    }
    const line = configPath === undefined ? argv : argvWithConfig(argv, await readConfigFile(configPath), program);
    await program.parseAsync(line, { from: 'user' });
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
