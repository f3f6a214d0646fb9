import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { ApplyEvent } from '../apply/outcome.js';
import { AmplinkError } from '../model/errors.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { Plan } from '../plan/types.js';
import { progressText } from '../report/progress-text.js';
import { count, trimmed } from '../report/text.js';
import type { Io } from './exit-codes.js';

const PHASES = [
  { type: RESOURCE_TYPES.dataCollectionEndpoint, label: 'Create configuration DCEs' },
  { type: RESOURCE_TYPES.dataCollectionRuleAssociation, label: 'Associate clusters with their region DCE' },
  { type: RESOURCE_TYPES.scopedResource, label: 'Link resources to the AMPLS (one at a time)' },
] as const;

interface Phase {
  label: string;
  total: number;
  finished: number;
  failed: number;
  /** When its first action started: its rate and what is left are reckoned from then. */
  startedAt?: number;
  /** The listr2 task whose title shows the counts. */
  task?: { title: string };
  settle: () => void;
  done: Promise<void>;
}

function stderrLogger(): ListrLogger<never> {
  return new ListrLogger({ processOutput: new ProcessOutput(process.stderr, process.stderr) });
}

/** On a terminal, a task list (listr2) with a line per phase and its counts, on stderr. */
async function withTaskList<T>(
  io: Io,
  plan: Plan,
  run: (onEvent: (event: ApplyEvent) => void) => Promise<T>,
): Promise<T> {
  // Lines written while listr2 draws would be drawn over: notices wait for the list to end.
  const notices: string[] = [];
  const phases = new Map<string, Phase>();
  for (const { type, label } of PHASES) {
    const total = plan.actions.filter((a) => a.resourceType === type).length;
    if (total === 0) continue;
    let settle: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    phases.set(type, { label, total, finished: 0, failed: 0, settle, done });
  }
  const title = (p: Phase) => {
    const elapsedMs = p.startedAt === undefined ? 0 : performance.now() - p.startedAt;
    const progress = progressText({ finished: p.finished, total: p.total, elapsedMs });
    return `${p.label}: ${progress}${p.failed > 0 ? `, ${count(p.failed)} failed or not tried` : ''}`;
  };
  const list = new Listr(
    [...phases.values()].map((phase) => ({
      title: title(phase),
      task: async (_context: unknown, task: { title: string }) => {
        phase.task = task;
        await phase.done;
        task.title = title(phase);
        // Throwing is how listr2 marks a phase failed; apply's summary says what failed and why.
        if (phase.failed > 0 || phase.finished < phase.total) {
          throw new AmplinkError({ code: 'AMPL_APPLY_E0006', message: title(phase), fault: 'azure' });
        }
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      // The terminal is stderr's (stdout carries the results and may go to a file): the default renderer draws
      // there even when listr2, looking at stdout, would fall back to plain lines.
      renderer: 'default',
      fallbackRenderer: 'default',
      // apply-command handles Ctrl-C itself (finish what runs, then the summary); listr2's own handler exits 127.
      registerSignalListeners: false,
      rendererOptions: { logger: stderrLogger() },
      fallbackRendererOptions: { logger: stderrLogger() },
    },
  );
  const rendering = list.run().catch(() => undefined);
  try {
    return await run((event) => {
      if (event.level !== 'info') notices.push(`${event.code}: ${event.message}\n`);
      if (event.code === 'AMPL_APPLY_I0001') {
        const started = phases.get(event.data.action.resourceType);
        if (started && started.startedAt === undefined) started.startedAt = performance.now();
      }
      if (event.code !== 'AMPL_APPLY_I0002') return;
      const { action, outcome } = event.data;
      const phase = phases.get(action.resourceType);
      if (phase === undefined) return;
      phase.finished++;
      if (outcome.status === 'failed' || outcome.status === 'not-tried') phase.failed++;
      if (phase.task) phase.task.title = title(phase);
      if (phase.finished === phase.total) phase.settle();
    });
  } finally {
    // Also when apply stops before it starts (a missing permission): a phase left unfinished shows as failed.
    for (const phase of phases.values()) phase.settle();
    await rendering;
    for (const notice of notices) io.stderr(notice);
  }
}

/** Failures shown as they happen, per code; the summary at the end groups them all. */
const FAILURES_SHOWN_PER_CODE = 3;

/** Otherwise quiet lines: the first failures of each kind with Azure's words, one line per tenth of the work. */
export function applyProgressLines(io: Io, total: number): (event: ApplyEvent) => void {
  let finished = 0;
  let failed = 0;
  let lastTenth = 0;
  const failuresByCode = new Map<string, number>();
  return (event) => {
    if (event.level !== 'info') {
      io.stderr(`${event.code}: ${event.message}\n`);
      return;
    }
    if (event.code === 'AMPL_APPLY_I0003') {
      io.stderr(`${event.message}\n`);
      return;
    }
    if (event.code !== 'AMPL_APPLY_I0002') return;
    const { action, outcome } = event.data;
    finished++;
    if (outcome.status === 'failed' || outcome.status === 'not-tried') failed++;
    const error = outcome.error;
    if (outcome.status === 'failed' && error) {
      const seen = (failuresByCode.get(error.code) ?? 0) + 1;
      failuresByCode.set(error.code, seen);
      if (seen <= FAILURES_SHOWN_PER_CODE)
        io.stderr(`failed ${action.kind} ${action.id}: ${error.code}: ${trimmed(error.message, 300)}\n`);
      if (seen === FAILURES_SHOWN_PER_CODE) io.stderr(`(more ${error.code} failures are summed up at the end)\n`);
    }
    if (Math.floor((finished * 10) / total) > lastTenth || finished === total) {
      lastTenth = Math.floor((finished * 10) / total);
      io.stderr(`applying: ${finished}/${total} finished, ${failed} failed or not tried\n`);
    }
  };
}

/** Runs apply with the progress display that suits where the output goes. */
export function withApplyProgress<T>(
  io: Io,
  plan: Plan,
  run: (onEvent: (event: ApplyEvent) => void) => Promise<T>,
): Promise<T> {
  return process.stderr.isTTY ? withTaskList(io, plan, run) : run(applyProgressLines(io, plan.actions.length));
}
