import type { Arrival, ClusterArrival } from '../verify/arrival.js';
import { styleOf, type TextOptions } from './style.js';
import { COLLAPSE_FROM, count, counted, someNames, wrap } from './text.js';

/** What the summary shows before "and N more" of clusters whose data is not proven for different reasons. */
const SHOWN = 10;

function signalTexts(cluster: ClusterArrival): string[] {
  return (['metrics', 'logs'] as const)
    .filter((signal) => cluster[signal].status !== 'arrives' && cluster[signal].status !== 'off')
    .map((signal) => `${signal} ${cluster[signal].status}: ${cluster[signal].why}`);
}

/**
 * Whether data is proven to arrive, and for the clusters where it is not, which signal and why: clusters for the
 * same reasons together (`detail`: each cluster on its own).
 */
export function formatArrivalText(arrival: Arrival, options: TextOptions = {}): string {
  const style = styleOf(options);
  const detail = options.detail === true;
  const out = [
    `Data proven to arrive for ${count(arrival.proven)} of ${counted(arrival.monitored, 'monitored cluster')}.`,
  ];
  if (arrival.notProven.length === 0) return out.join('\n') + '\n';
  out.push(style.bold(`Not proven for ${count(arrival.notProven.length)}:`));
  const groups = new Map<string, ClusterArrival[]>();
  for (const cluster of arrival.notProven) {
    const key = detail ? cluster.id : signalTexts(cluster).join('\n');
    const group = groups.get(key);
    if (group) group.push(cluster);
    else groups.set(key, [cluster]);
  }
  const all = [...groups.values()];
  const shown = detail ? all : all.slice(0, SHOWN);
  for (const group of shown) {
    const [first] = group;
    if (first === undefined) continue;
    const who =
      group.length < COLLAPSE_FROM
        ? group.map((c) => c.name).join(', ')
        : `${counted(group.length, 'cluster')} (${someNames(group.map((c) => c.name))})`;
    for (const text of signalTexts(first)) out.push(wrap(`${who} ${text}`, 114, '  '));
  }
  const hidden = all.slice(shown.length).reduce((n, g) => n + g.length, 0);
  if (hidden > 0)
    out.push(`  and ${counted(hidden, 'cluster')} more, for other reasons (--detail or --json lists them)`);
  return out.join('\n') + '\n';
}
