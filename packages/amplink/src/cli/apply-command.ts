import { textOptions } from './color.js';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { connectionFromFlags } from '../azure/credential.js';
import { readPlanFile } from '../files/plan-file.js';
import { AmplinkError } from '../model/errors.js';
import { parseSiteNetworkFlag } from '../model/site-networks.js';
import type { Plan } from '../plan/types.js';
import { formatApplyText } from '../report/apply-text.js';
import { applyJson } from '../report/json.js';
import { writeJson } from './json-output.js';
import { formatPlanText } from '../report/plan-text.js';
import { formatWaitingNote } from '../report/waiting-note.js';
import { applyFleet } from '../workflows/apply-fleet.js';
import { verifyFleet } from '../workflows/verify-fleet.js';
import type { ApplyResult } from '../apply/outcome.js';
import type { ArmConnection } from '../azure/arm-connection.js';
import { writeReport } from './report-file.js';
import { withApplyProgress } from './apply-progress.js';
import { exitCodeFor, type Io } from './exit-codes.js';
import { fleetEvents } from './fleet-events.js';
import { stopOnSignals } from './interrupt.js';
import { boundedInteger } from './option-parsers.js';
import { addPlanOptions, fleetSourceFrom, namesAmpls, planOptionsFrom, type PlanFlags } from './shared-options.js';

/** How long writes already sent may take to finish after Ctrl-C. */
const DRAIN_SECONDS = 30;

// --ampls is optional here (a saved --plan carries its AMPLS); runApply checks that one of the two is given.
interface ApplyFlags extends Omit<PlanFlags, 'ampls'> {
  ampls?: string;
  plan?: string;
  yes?: boolean;
  concurrency?: string;
  waitForAzure?: string;
  report?: string;
}

export function registerApplyCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addPlanOptions(
    program
      .command('apply')
      .description(
        'Discover, plan, show the plan, ask, then make the changes (never deletes). Exit 0: all done, 1: something failed — run again to finish; 130/143: stopped by Ctrl-C/SIGTERM (after the summary).',
      )
      .option(
        '--plan <file>',
        'apply a saved plan (plan --out) after checking that what it was planned against still holds',
      )
      .option('--snapshot <file>', 'plan against a snapshot file instead of discovering (the writes still go to Azure)')
      .option('--yes', 'do not ask for confirmation (needed without a terminal)')
      .option('--json', 'print the result as JSON')
      .option('--detail', 'list every change of the plan, and every id of what failed (default: a summary)')
      .option('--concurrency <n>', 'changes in flight at once (writes to one AMPLS are always one at a time)', '16')
      .option(
        '--wait-for-azure <seconds>',
        'with --ampls: how long to wait for resources Azure is still writing before planning again (0: do not wait)',
        '900',
      )
      .option(
        '--report <file>',
        'after applying, discover again and write the HTML report page: the world after, and each action with its outcome',
      ),
    { amplsRequired: false },
  ).action(async (flags: ApplyFlags) => {
    setExitCode(await runApply(flags, io));
  });
}

async function runApply(flags: ApplyFlags, io: Io): Promise<number> {
  if (flags.plan === undefined && !namesAmpls(flags)) {
    throw new AmplinkError({
      code: 'AMPL_APPLY_E0002',
      message: 'apply needs --ampls ID (discover and plan now) or --plan FILE (a saved plan).',
      fix: 'Run amplink apply --ampls <AMPLS resource id>, or amplink plan --out plan.json then amplink apply --plan plan.json.',
    });
  }
  const concurrency = boundedInteger(flags.concurrency ?? '16', '--concurrency');
  const waitSeconds = boundedInteger(flags.waitForAzure ?? '900', '--wait-for-azure');
  const connection = connectionFromFlags(flags, process.env);
  const what =
    flags.plan !== undefined
      ? { saved: await readPlanFile(flags.plan) }
      : {
          plan: planOptionsFrom(flags),
          source: await fleetSourceFrom(flags, connection),
          waitForAzureMs: waitSeconds * 1000,
        };
  let stoppedWith: number | undefined;
  const result = await applyFleet(connection, {
    ...what,
    concurrency,
    drainMs: DRAIN_SECONDS * 1000,
    onPlan: (plan) => {
      if (!flags.json) io.stdout(formatPlanText(plan, textOptions(io, flags)));
    },
    ...(!flags.yes && { confirm: (plan: Plan) => confirm(io, `Apply these ${plan.actions.length} changes? [y/N] `) }),
    aroundWrites: async (plan, run) => {
      const interrupt = stopOnSignals(io, DRAIN_SECONDS);
      try {
        return await withApplyProgress(io, plan, (onEvent) => run({ onEvent, signal: interrupt.signal }));
      } finally {
        interrupt.dispose();
        stoppedWith = interrupt.exitCode();
      }
    },
    onEvent: fleetEvents(io),
  });
  if (result.declined) io.stderr('Nothing was changed.\n');
  else if (result.plan.summary.status !== 'blocked') {
    if (flags.json) await writeJson(io, applyJson(result));
    else if (result.applied !== undefined) io.stdout(formatApplyText(result.applied, textOptions(io, flags)));
    if (result.waiting > 0) io.stderr(formatWaitingNote(result.waiting));
  }
  if (flags.report !== undefined && result.applied !== undefined) {
    await reportAfterApply(flags.report, flags, connection, { plan: result.plan, result: result.applied }, io);
  }
  // Stopped by a signal: the shell's code for it (after the summary).
  return stoppedWith ?? exitCodeFor(result);
}

/** The report after apply reads Azure again: it shows what the writes made, not what the plan hoped for. */
async function reportAfterApply(
  path: string,
  flags: ApplyFlags,
  connection: ArmConnection,
  apply: { plan: Plan; result: ApplyResult },
  io: Io,
): Promise<void> {
  // A saved plan carries its AMPLS but not the selection it was made with: the report covers every cluster.
  // The Arc sites' networks are the user's input, not the plan's: they are kept from the line either way.
  const sites = flags.siteNetwork;
  const plan =
    flags.plan === undefined
      ? planOptionsFrom(flags)
      : { amplsId: apply.plan.ampls.id, ...(sites && { siteNetworks: sites.map(parseSiteNetworkFlag) }) };
  // Read from Azure even after --snapshot: the writes went there.
  const source = { connection, ...(flags.subscription ? { subscriptions: flags.subscription } : {}) };
  const after = await verifyFleet({ source, plan, onEvent: fleetEvents(io) });
  await writeReport(path, { topology: after.topology, verify: after.verify, apply }, io);
}

async function confirm(io: Io, question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new AmplinkError({
      code: 'AMPL_APPLY_E0001',
      message: 'apply asks for confirmation, and there is no terminal to ask on.',
      fix: 'Review the plan (amplink plan), then run apply with --yes.',
    });
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    io.stderr('\n');
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
