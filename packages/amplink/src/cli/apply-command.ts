import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { applyPlan } from '../apply/apply.js';
import { resourcesAzureIsWriting, waitForAzure } from '../apply/wait-for-azure.js';
import { withApplyProgress } from './apply-progress.js';
import { connectionFromFlags } from '../azure/credential.js';
import { AmplinkError, isAmplinkError } from '../model/errors.js';
import { plural } from '../plan/findings.js';
import { IN_PROGRESS_CODE } from '../plan/in-progress.js';
import { readPlanFile } from '../files/plan-file.js';
import { planKeepingDataFlowing } from '../verify/preflight.js';
import type { Plan } from '../plan/types.js';
import { formatApplyText } from '../report/apply-text.js';
import { formatPlanText } from '../report/plan-text.js';
import { EXIT, type Io } from './exit-codes.js';
import { stopOnSignals } from './interrupt.js';
import { boundedInteger } from './option-parsers.js';
import { addPlanOptions, planOptionsFrom, topologyFromFlags, type PlanFlags } from './plan-command.js';

/** How long writes already sent may take to finish after Ctrl-C. */
const DRAIN_SECONDS = 30;

interface ApplyFlags extends PlanFlags {
  plan?: string;
  yes?: boolean;
  concurrency?: string;
  waitForAzure?: string;
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
      .option('--concurrency <n>', 'changes in flight at once (writes to one AMPLS are always one at a time)', '16')
      .option(
        '--wait-for-azure <seconds>',
        'with --ampls: how long to wait for resources Azure is still writing before planning again (0: do not wait)',
        '900',
      ),
    { amplsRequired: false },
  ).action(async (flags: ApplyFlags) => {
    setExitCode(await runApply(flags, io));
  });
}

async function runApply(flags: ApplyFlags, io: Io): Promise<number> {
  if (flags.plan === undefined && flags.ampls === undefined) {
    throw new AmplinkError({
      code: 'AMPL_APPLY_E0002',
      message: 'apply needs --ampls ID (discover and plan now) or --plan FILE (a saved plan).',
      fix: 'Run amplink apply --ampls <AMPLS resource id>, or amplink plan --out plan.json then amplink apply --plan plan.json.',
    });
  }
  const concurrency = boundedInteger(flags.concurrency ?? '16', '--concurrency');
  const waitSeconds = boundedInteger(flags.waitForAzure ?? '900', '--wait-for-azure');
  const connection = connectionFromFlags(flags, process.env);
  const planNow = async () =>
    planKeepingDataFlowing(await topologyFromFlags(flags, io), planOptionsFrom(flags as PlanFlags));
  let result: Plan = flags.plan !== undefined ? await readPlanFile(flags.plan) : await planNow();
  const busy = resourcesAzureIsWriting(result);
  if (flags.plan === undefined && busy.length > 0 && waitSeconds > 0) {
    // Done means Succeeded: wait for what Azure is still writing (within the deadline), then plan what is left.
    io.stderr(
      `waiting for ${plural(busy.length, 'resource')} Azure is still writing (${IN_PROGRESS_CODE}), then planning again\n`,
    );
    try {
      await waitForAzure(connection, busy, { deadlineMs: waitSeconds * 1000 });
      result = await planNow();
    } catch (error) {
      // Past the wait, apply what it can now; the summary and the exit code say what is still waiting.
      if (!isAmplinkError(error) || error.code !== 'AMPL_AZURE_E0903') throw error;
      io.stderr(`amplink: ${error.code}: ${error.message}\n`);
    }
  }
  if (!flags.json) io.stdout(formatPlanText(result));
  if (result.summary.status === 'blocked') return EXIT.error;
  // Resources Azure is still writing were left alone (AMPL_PLAN_W0008): the fleet has not converged yet.
  const waiting = result.findings.filter((f) => f.code === IN_PROGRESS_CODE).length;
  const waitingNote = () =>
    io.stderr(
      `Azure is still working on ${waiting} resource${waiting === 1 ? '' : 's'} the clusters need (${IN_PROGRESS_CODE}): run apply again once ${waiting === 1 ? 'it is' : 'they are'} Succeeded.\n`,
    );
  if (result.actions.length === 0) {
    if (flags.json) io.stdout(JSON.stringify({ plan: result.summary, outcomes: [], summary: null }, null, 2) + '\n');
    if (waiting > 0) waitingNote();
    return waiting > 0 ? EXIT.error : EXIT.ok;
  }
  if (!flags.yes && !(await confirm(io, `Apply these ${result.actions.length} changes? [y/N] `))) {
    io.stderr('Nothing was changed.\n');
    return EXIT.error;
  }
  const interrupt = stopOnSignals(io, DRAIN_SECONDS);
  const applied = await withApplyProgress(io, result, (onEvent) =>
    applyPlan(connection, result, {
      concurrency,
      checkPlannedState: flags.plan !== undefined,
      onEvent,
      signal: interrupt.signal,
      drainMs: DRAIN_SECONDS * 1000,
    }),
  ).finally(() => interrupt.dispose());
  if (flags.json) io.stdout(JSON.stringify({ plan: result.summary, ...applied }, null, 2) + '\n');
  else io.stdout(formatApplyText(applied));
  if (waiting > 0) waitingNote();
  return (
    interrupt.exitCode() ??
    (applied.summary.failed + applied.summary.notTried === 0 && waiting === 0 ? EXIT.ok : EXIT.error)
  );
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
