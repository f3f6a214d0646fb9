import { plural } from '../plan/findings.js';
import type { Arrival, ClusterArrival } from '../verify/arrival.js';
import { wrap } from './text.js';

const SHOWN = 20;

function signalLines(cluster: ClusterArrival): string[] {
  const lines: string[] = [];
  for (const signal of ['metrics', 'logs'] as const) {
    const { status, why } = cluster[signal];
    if (status === 'arrives' || status === 'off') continue;
    lines.push(wrap(`${cluster.name} ${signal} ${status}: ${why}`, 114, '  '));
  }
  return lines;
}

/** Whether data is proven to arrive, and for the clusters where it is not, which signal and why. */
export function formatArrivalText(arrival: Arrival): string {
  const out = [`Data proven to arrive for ${arrival.proven} of ${plural(arrival.monitored, 'monitored cluster')}.`];
  if (arrival.notProven.length > 0) {
    out.push(`Not proven for ${arrival.notProven.length}:`);
    for (const cluster of arrival.notProven.slice(0, SHOWN)) out.push(...signalLines(cluster));
    if (arrival.notProven.length > SHOWN)
      out.push(`  and ${arrival.notProven.length - SHOWN} more (--json lists them)`);
  }
  return out.join('\n') + '\n';
}
