import type { ActionOutcome, ApplyResult } from '../apply/outcome.js';

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

/** One line, at most `limit` characters. */
export function trimmed(text: string, limit = MESSAGE_LIMIT): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= limit ? line : `${line.slice(0, limit - 1).trimEnd()}…`;
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

function groupLines(group: OutcomeGroup): string[] {
  const [first] = group.outcomes;
  const count = group.outcomes.length;
  // A group of one shows its message as Azure gave it, target and all.
  const reason = count === 1 && first?.error ? first.error.message : group.reason;
  const fix = count === 1 && first?.error?.fix !== undefined ? first.error.fix : group.fix;
  const indent = '       ';
  const lines = [`  ${count.toLocaleString('en-US')} × ${group.code ? `${group.code} ` : ''}${trimmed(reason)}`];
  if (fix !== undefined) lines.push(`${indent}fix: ${trimmed(fix)}`);
  const shown = group.outcomes.slice(0, EXAMPLES_SHOWN);
  shown.forEach((outcome, index) => lines.push(`${indent}${index === 0 ? 'e.g. ' : '     '}${exampleLine(outcome)}`));
  if (count > shown.length) lines.push(`${indent}     and ${(count - shown.length).toLocaleString('en-US')} more`);
  return lines;
}

/** apply's result as a person reads it: the counts, then each reason for failing once, with its fix and a few ids. */
export function formatApplyText(result: ApplyResult): string {
  const { summary } = result;
  const lines = [
    '',
    `Applied in ${(summary.durationMs / 1000).toFixed(1)} s: ${summary.done} done, ${summary.alreadyDone} already there, ` +
      `${summary.failed} failed, ${summary.notTried} not tried (${summary.writes} writes).`,
  ];
  const groups = groupOutcomes(result.outcomes);
  for (const status of ['failed', 'not-tried'] as const) {
    const ofStatus = groups.filter((g) => g.status === status);
    if (ofStatus.length === 0) continue;
    const total = ofStatus.reduce((n, g) => n + g.outcomes.length, 0);
    const reasons = ofStatus.length === 1 ? '1 reason' : `${ofStatus.length} reasons`;
    lines.push('', `${status === 'failed' ? 'Failed' : 'Not tried'}: ${total.toLocaleString('en-US')}, for ${reasons}`);
    for (const group of ofStatus) lines.push(...groupLines(group));
  }
  if (summary.failed + summary.notTried > 0)
    lines.push('', 'Run apply again once the cause is fixed: what is done is skipped.');
  return lines.join('\n') + '\n';
}
