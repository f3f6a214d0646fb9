import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { ApplyEvent } from '../apply/outcome.js';
import { AmplinkError } from '../model/errors.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { Plan } from '../plan/types.js';
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
  /** The listr2 task whose title shows the counts. */
  task?: { title: string };
  settle: () => void;
  done: Promise<void>;
}

function stderrLogger(): ListrLogger<never> {
  return new ListrLogger({ processOutput: new ProcessOutput(process.stderr, process.stderr) });
}

/** On a terminal, a task list (listr2) with a line per phase and its counts, on stderr. */
async function withTaskList<T>(plan: Plan, run: (onEvent: (event: ApplyEvent) => void) => Promise<T>): Promise<T> {
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
  const title = (p: Phase) =>
    `${p.label}: ${p.finished}/${p.total}${p.failed > 0 ? `, ${p.failed} failed or not tried` : ''}`;
  const list = new Listr(
    [...phases.values()].map((phase) => ({
      title: title(phase),
      task: async (_context: unknown, task: { title: string }) => {
        phase.task = task;
        await phase.done;
        task.title = title(phase);
        // Throwing is how listr2 marks a phase failed; apply's summary says what failed and why.
        if (phase.failed > 0) {
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
      rendererOptions: { logger: stderrLogger() },
      fallbackRendererOptions: { logger: stderrLogger() },
    },
  );
  const rendering = list.run().catch(() => undefined);
  const result = await run((event) => {
    if (event.type !== 'finish') return;
    const phase = phases.get(event.action.resourceType);
    if (phase === undefined) return;
    phase.finished++;
    if (event.outcome.status === 'failed' || event.outcome.status === 'not-tried') phase.failed++;
    if (phase.task) phase.task.title = title(phase);
    if (phase.finished === phase.total) phase.settle();
  });
  for (const phase of phases.values()) phase.settle();
  await rendering;
  return result;
}

/** Otherwise quiet lines: one per failure, one per tenth of the work. */
export function applyProgressLines(io: Io, total: number): (event: ApplyEvent) => void {
  let finished = 0;
  let failed = 0;
  let lastTenth = 0;
  return (event) => {
    if (event.type === 'retry') {
      io.stderr(`retry ${event.action.id} in ${event.delayMs} ms: ${event.reason}\n`);
      return;
    }
    if (event.type !== 'finish') return;
    finished++;
    if (event.outcome.status === 'failed' || event.outcome.status === 'not-tried') failed++;
    if (event.outcome.status === 'failed') {
      io.stderr(`failed ${event.action.kind} ${event.action.id}: ${event.outcome.error?.code ?? ''}\n`);
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
  return process.stderr.isTTY === true ? withTaskList(plan, run) : run(applyProgressLines(io, plan.actions.length));
}
