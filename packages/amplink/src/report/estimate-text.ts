import { describeDuration } from '../plan/estimate.js';
import type { Plan } from '../plan/types.js';

function count(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The plan's estimate of apply's time in Azure, and which ingestion endpoints it uses and why (with the other mode's
 * estimate when `auto` chose): the lines under the plan's head. Empty for a plan without changes.
 */
export function estimateLines(plan: Plan): string[] {
  const estimate = plan.estimate;
  if (estimate === undefined || plan.actions.length === 0) return [];
  const busiest = estimate.busiestSubscription;
  const bucket = `${estimate.writeBucket.burst} + ${estimate.writeBucket.perSecond}/s`;
  const lines = [
    `Estimated apply time in Azure: ${describeDuration(estimate.seconds)} — ${count(estimate.amplsWrites, 'AMPLS write')} at ${estimate.amplsWriteSeconds} s each, one at a time (${describeDuration(estimate.amplsSeconds)}); ` +
      `${count(estimate.otherWrites, 'other write')} over ${count(estimate.subscriptions, 'subscription')}' write buckets (${bucket}), side by side` +
      (busiest ? ` (busiest: ${count(busiest.writes, 'write')}, ${describeDuration(busiest.seconds)})` : '') +
      '.',
  ];
  const decision = plan.ingestionEndpoints;
  if (decision) {
    const other = estimate.otherMode;
    lines.push(
      `Ingestion endpoints: ${decision.chosen} (${decision.requested === 'auto' ? 'auto: ' : ''}${decision.reason}).` +
        (other
          ? ` ${other.mode} would take ${describeDuration(other.seconds)} (${count(other.amplsWrites, 'AMPLS write')}, ${count(other.otherWrites, 'other write')}).`
          : ''),
    );
  }
  return lines;
}
