import type { BaselineProblem, SinceLast } from '../verify/since-last.js';
import { severityStyle, styleOf, type TextOptions } from './style.js';
import { count, trimmed } from './text.js';

/** New problems listed one by one before "and N more": a scheduled check's reader wants the first few, not all. */
const NEW_SHOWN = 10;
const LINE = 160;

/** What changed since the last run, first in a scheduled check's output: that is what its reader came for. */
export function formatSinceLastText(since: SinceLast, options: TextOptions = {}): string {
  const style = styleOf(options);
  const when = since.lastMadeAt === undefined ? 'no earlier run: every problem is new' : `last run ${since.lastMadeAt}`;
  const out = [
    `Since the last run (${when}): ${count(since.added.length)} new, ${count(since.resolved.length)} gone, ${count(since.unchanged)} unchanged.`,
  ];
  const shown = options.detail === true ? since.added : since.added.slice(0, NEW_SHOWN);
  for (const problem of shown) out.push(`  + ${problemLine(problem, style)}`);
  if (shown.length < since.added.length)
    out.push(`  and ${count(since.added.length - shown.length)} more new (--detail)`);
  if (options.detail === true)
    for (const problem of since.resolved) out.push(`  - gone: ${problemLine(problem, style)}`);
  return out.join('\n') + '\n\n';
}

function problemLine(problem: BaselineProblem, style: ReturnType<typeof styleOf>): string {
  const label = problem.code === 'live' ? 'live' : problem.code;
  return `${severityStyle(style, problem.severity)(label)} ${trimmed(problem.summary, LINE)}`;
}
