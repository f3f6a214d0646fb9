import { AmplinkError, shownInput } from '../model/errors.js';
import { nearestNames } from '../model/near-names.js';
import type { Cluster } from '../model/topology.js';
import { clusterSelector, type ClusterFilter } from './options.js';

/** One value of one selection option, as the user gave it, and what it would select alone. */
interface Selector {
  option: string;
  value: string;
  filter: ClusterFilter;
  /** Names near the value among the clusters' own, for the message, and what they are called there. */
  near: () => { label: string; names: string[] };
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The literal part a glob is compared with: a trailing `*` compares with the start of each name. */
function nearGlob(glob: string, names: readonly string[]): string[] {
  const literal = glob.replace(/\*+$/, '');
  if (literal.includes('*')) return nearestNames(literal.replace(/\*/g, ''), names);
  const compared = glob.endsWith('*') ? unique(names.map((n) => n.slice(0, literal.length))) : names;
  const prefixes = nearestNames(literal, compared);
  return glob.endsWith('*') ? prefixes.map((p) => `${p}*`) : prefixes;
}

function selectorsOf(filter: ClusterFilter, clusters: readonly Cluster[]): Selector[] {
  const names = () => unique(clusters.map((c) => c.id.name));
  const groups = () => unique(clusters.map((c) => c.id.resourceGroup ?? ''));
  const subscriptions = () => unique(clusters.map((c) => c.id.subscriptionId));
  return [
    ...(filter.subscriptions ?? []).map((value) => ({
      option: '--cluster-subscription',
      value,
      filter: { subscriptions: [value] },
      // A subscription's name matches no cluster: the ids the clusters are in say what to give instead.
      near: () => ({ label: 'clusters are in', names: subscriptions().sort().slice(0, 3) }),
    })),
    ...(filter.resourceGroups ?? []).map((value) => ({
      option: '--cluster-resource-group',
      value,
      filter: { resourceGroups: [value] },
      near: () => ({ label: 'near', names: nearestNames(value.split('/').pop() ?? value, groups()) }),
    })),
    ...(filter.regions ?? []).map((value) => ({
      option: '--cluster-region',
      value,
      filter: { regions: [value] },
      near: () => {
        const regions = unique(clusters.map((c) => c.region as string)).sort();
        const near = nearestNames(value, regions);
        return near.length > 0
          ? { label: 'near', names: near }
          : { label: 'clusters are in', names: regions.slice(0, 5) };
      },
    })),
    ...(filter.names ?? []).map((value) => ({
      option: '--cluster-name',
      value,
      filter: { names: [value] },
      near: () => ({ label: 'near', names: nearGlob(value, names()) }),
    })),
    ...Object.entries(filter.tags ?? {}).map(([key, tagValue]) => ({
      option: '--cluster-tag',
      value: `${key}=${tagValue}`,
      filter: { tags: { [key]: tagValue } },
      near: () => {
        const seen = unique(clusters.flatMap((c) => Object.entries(c.resource.tags).map(([k, v]) => `${k}=${v}`)));
        return { label: 'near', names: nearestNames(`${key}=${tagValue}`, seen) };
      },
    })),
  ];
}

function describe(selector: Selector): string {
  const { label, names } = selector.near();
  const hint = names.length > 0 ? ` (${label}: ${names.map((n) => `'${shownInput(n)}'`).join(', ')})` : '';
  return `${selector.option} '${shownInput(selector.value)}'${hint}`;
}

/**
 * A cluster selection that selects nothing is a mistake (a typo, a name where an id is meant), never "nothing to
 * change": each value given that matches no cluster is named, with a few near names; values that each match some
 * cluster but no cluster together are named too.
 */
export function assertSelectionMatches(filter: ClusterFilter, clusters: readonly Cluster[], selected: number): void {
  const selectors = selectorsOf(filter, clusters);
  if (selectors.length === 0) return;
  const unmatched = selectors.filter((s) => !clusters.some(clusterSelector(s.filter)));
  if (unmatched.length === 0 && selected > 0) return;
  const fix =
    'Check the spelling against the clusters discovered (`amplink discover` lists them); --cluster-subscription takes a subscription id, --cluster-resource-group a group name or id, --cluster-name a name where * matches anything, --cluster-tag key=value, --cluster-region a region name.';
  if (unmatched.length > 0) {
    throw new AmplinkError({
      code: 'AMPL_PLAN_E0007',
      message: `${unmatched.length === 1 ? 'This selector matches' : 'These selectors match'} no cluster among the ${clusters.length} discovered: ${unmatched.map(describe).join('; ')}.`,
      fix,
    });
  }
  throw new AmplinkError({
    code: 'AMPL_PLAN_E0008',
    message: `Each selector matches some cluster, but no cluster matches them all: ${selectors.map((s) => `${s.option} '${shownInput(s.value)}'`).join(', ')}.`,
    fix: 'Options of different kinds must all hold for a cluster; drop one, or run one command per selection.',
  });
}
