import type { ClusterMonitoring } from './analyse-cluster.js';
import { compareKeys } from './findings.js';
import { IN_PROGRESS_CODE } from './in-progress.js';
import type { Finding, PlanAction, PlanSummary, RegionSummary } from './types.js';

export function summarise(input: {
  analyses: readonly ClusterMonitoring[];
  actions: readonly PlanAction[];
  findings: readonly Finding[];
  blocked: boolean;
  /** Ids of the clusters that an action serves (actions list only the first few of theirs). */
  touched: ReadonlySet<string>;
}): PlanSummary {
  const { analyses, actions, findings, blocked, touched } = input;
  const regions = new Map<string, RegionSummary>();
  for (const a of analyses) {
    if (!a.monitored) continue;
    const entry = regions.get(a.cluster.region) ?? { region: a.cluster.region, clusters: 0, create: 0, update: 0 };
    entry.clusters++;
    regions.set(a.cluster.region, entry);
  }
  const monitored = analyses.filter((a) => a.monitored).length;
  return withClusters(countActionsAndFindings(actions, findings, blocked, regions), {
    inScope: analyses.length,
    monitored,
    notMonitored: analyses.length - monitored,
    needingChanges: blocked ? 0 : touched.size,
  });
}

/**
 * The parts of a summary that follow from the actions and findings: status, counts, and each region's creates and
 * updates. A plan file's are recomputed with this, never read; its cluster counts, which only the discovered world
 * could give, are kept as information and decide nothing.
 */
export function recountSummary(
  summary: PlanSummary,
  actions: readonly PlanAction[],
  findings: readonly Finding[],
): PlanSummary {
  const blocked = findings.some((f) => f.severity === 'error');
  const regions = new Map<string, RegionSummary>();
  for (const r of summary.regions) {
    const entry = regions.get(r.region) ?? { region: r.region, clusters: 0, create: 0, update: 0 };
    entry.clusters += r.clusters;
    regions.set(r.region, entry);
  }
  return withClusters(countActionsAndFindings(actions, findings, blocked, regions), { ...summary.clusters });
}

/** In the documented key order (README.md: Plan format), so that plan JSON stays byte-stable. */
function withClusters(counted: Omit<PlanSummary, 'clusters'>, clusters: PlanSummary['clusters']): PlanSummary {
  const { status, actions, findings, regions } = counted;
  return { status, clusters, actions, findings, regions };
}

function countActionsAndFindings(
  actions: readonly PlanAction[],
  findings: readonly Finding[],
  blocked: boolean,
  regions: Map<string, RegionSummary>,
): Omit<PlanSummary, 'clusters'> {
  for (const action of actions) {
    const entry = regions.get(action.region) ?? { region: action.region, clusters: 0, create: 0, update: 0 };
    entry[action.kind]++;
    regions.set(action.region, entry);
  }
  const create = actions.filter((a) => a.kind === 'create').length;
  const update = actions.length - create;
  return {
    status: blocked
      ? 'blocked'
      : actions.length > 0
        ? 'changes'
        : findings.some((f) => f.code === IN_PROGRESS_CODE)
          ? 'waiting'
          : 'converged',
    actions: { create, update, total: actions.length },
    findings: {
      error: findings.filter((f) => f.severity === 'error').length,
      warning: findings.filter((f) => f.severity === 'warning').length,
      info: findings.filter((f) => f.severity === 'info').length,
    },
    regions: [...regions.values()].sort((a, b) => compareKeys(a.region, b.region)),
  };
}
