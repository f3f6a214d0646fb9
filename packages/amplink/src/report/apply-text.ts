import type { ActionOutcome, ApplyResult } from '../apply/outcome.js';
import { resourceLabel } from './action-groups.js';
import { styleOf, type Style, type TextOptions } from './style.js';
import { count, counted, trimmed } from './text.js';

/** Where a message names the action's own target, a group shows this instead, and the ids below it. */
export const TARGET = '<target>';

/** Azure's messages can run to kilobytes (validation details); text output keeps their start. */
const MESSAGE_LIMIT = 400;
const EXAMPLES_SHOWN = 3;

/** Actions that ended the same way for the same reason. */
export interface OutcomeGroup {
  status: 'failed' | 'not-tried';
  /** The error code; undefined for actions not tried because what they need failed. */
  code: string | undefined;
  /** The message with each action's own id replaced by `<target>`, so that one reason reads the same for all. */
  reason: string;
  fix: string | undefined;
  outcomes: ActionOutcome[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Azure lower-cases some ids it echoes (DOMAIN.md), so the target is found without regard to case. */
function withoutTarget(text: string, outcome: ActionOutcome): string {
  const id = outcome.id.replace(/\/+$/, '');
  const generic = text.replace(new RegExp(escapeRegExp(id), 'gi'), TARGET);
  // apply prefixes Azure's refusals with "<kind> <id>: "; the group's example lines say that already.
  return generic.startsWith(`${outcome.kind} ${TARGET}: `)
    ? generic.slice(outcome.kind.length + 2 + TARGET.length)
    : generic;
}

/**
 * Failed and not-tried actions grouped by what stopped them: a thousand actions refused for one missing permission
 * are one group, however many targets they have. Largest groups first; ties in code order, so output is stable.
 */
export function groupOutcomes(outcomes: readonly ActionOutcome[]): OutcomeGroup[] {
  const groups = new Map<string, OutcomeGroup>();
  for (const outcome of outcomes) {
    if (outcome.status !== 'failed' && outcome.status !== 'not-tried') continue;
    const code = outcome.error?.code;
    const reason = outcome.error
      ? withoutTarget(outcome.error.message, outcome)
      : 'not tried: a change it needs failed or was not tried.';
    const fix = outcome.error?.fix === undefined ? undefined : withoutTarget(outcome.error.fix, outcome);
    const key = [outcome.status, code ?? '', reason, fix ?? ''].join('\u0000');
    const group = groups.get(key) ?? { status: outcome.status, code, reason, fix, outcomes: [] };
    group.outcomes.push(outcome);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) =>
      (a.status === b.status ? 0 : a.status === 'failed' ? -1 : 1) ||
      b.outcomes.length - a.outcomes.length ||
      (a.code ?? '').localeCompare(b.code ?? '') ||
      a.reason.localeCompare(b.reason),
  );
}

function exampleLine(outcome: ActionOutcome): string {
  const needs = outcome.blockedBy === undefined ? '' : ` (needs ${outcome.blockedBy})`;
  return `${outcome.kind} ${outcome.id}${needs}`;
}

function groupLines(group: OutcomeGroup, detail: boolean, style: Style): string[] {
  const [first] = group.outcomes;
  const size = group.outcomes.length;
  // A group of one shows its message as Azure gave it, target and all.
  const reason = size === 1 && first?.error ? first.error.message : group.reason;
  const fix = size === 1 && first?.error?.fix !== undefined ? first.error.fix : group.fix;
  const indent = '       ';
  const code = group.code ? `${(group.status === 'failed' ? style.red : style.yellow)(group.code)} ` : '';
  const lines = [`  ${style.bold(count(size))} × ${code}${trimmed(reason, MESSAGE_LIMIT)}`];
  if (fix !== undefined) lines.push(`${indent}fix: ${trimmed(fix, MESSAGE_LIMIT)}`);
  const shown = detail ? group.outcomes : group.outcomes.slice(0, EXAMPLES_SHOWN);
  shown.forEach((outcome, index) => lines.push(`${indent}${index === 0 ? 'e.g. ' : '     '}${exampleLine(outcome)}`));
  if (size > shown.length) lines.push(`${indent}     and ${count(size - shown.length)} more`);
  return lines;
}

/** "2,000 associations, 19 DCEs": what was done, by resource. */
function doneByResource(outcomes: readonly ActionOutcome[]): string {
  const byType = new Map<string, number>();
  for (const o of outcomes) if (o.status === 'done') byType.set(o.resourceType, (byType.get(o.resourceType) ?? 0) + 1);
  return [...byType.entries()]
    .map(([type, n]) => {
      const label = resourceLabel(type);
      return counted(n, label, `${label}s`);
    })
    .join(', ');
}

/**
 * apply's result as a person reads it: the counts, then each reason for failing once, with its fix and a few ids
 * (`detail`: every id).
 */
export function formatApplyText(result: ApplyResult, options: TextOptions = {}): string {
  const style = styleOf(options);
  const { summary } = result;
  const failed = `${count(summary.failed)} failed`;
  const lines = [
    '',
    `Applied in ${(summary.durationMs / 1000).toFixed(1)} s: ${style.green(`${count(summary.done)} done`)}, ${count(summary.alreadyDone)} already there, ` +
      `${summary.failed > 0 ? style.red(failed) : failed}, ${count(summary.notTried)} not tried (${count(summary.writes)} writes).`,
  ];
  const done = doneByResource(result.outcomes);
  if (done !== '') lines.push(`Done: ${done}.`);
  const groups = groupOutcomes(result.outcomes);
  for (const status of ['failed', 'not-tried'] as const) {
    const ofStatus = groups.filter((g) => g.status === status);
    if (ofStatus.length === 0) continue;
    const total = ofStatus.reduce((n, g) => n + g.outcomes.length, 0);
    const reasons = ofStatus.length === 1 ? '1 reason' : `${ofStatus.length} reasons`;
    lines.push('', style.bold(`${status === 'failed' ? 'Failed' : 'Not tried'}: ${count(total)}, for ${reasons}`));
    for (const group of ofStatus) lines.push(...groupLines(group, options.detail === true, style));
  }
  if (summary.failed + summary.notTried > 0)
    lines.push('', 'Run apply again once the cause is fixed: what is done is skipped.');
  return lines.join('\n') + '\n';
}
