import type { ClusterMonitoring } from './analyse-cluster.js';
import { compareKeys } from './findings.js';
import { IN_PROGRESS_CODE } from './in-progress.js';
import type { Finding, PlanAction, PlanSummary, RegionSummary } from './types.js';

export function summarise(input: {
  analyses: readonly ClusterMonitoring[];
  actions: readonly PlanAction[];
  findings: readonly Finding[];
  blocked: boolean;
  /** Keys of the clusters that an action serves (actions list only the first few of theirs). */
  touched: ReadonlySet<string>;
}): PlanSummary {
  const { analyses, actions, findings, blocked, touched } = input;
  const regions = new Map<string, RegionSummary>();
  const region = (name: string) => {
    const entry = regions.get(name) ?? { region: name, clusters: 0, create: 0, update: 0 };
    regions.set(name, entry);
    return entry;
  };
  const monitored = analyses.filter((a) => a.monitored);
  for (const a of monitored) region(a.cluster.region).clusters++;
  for (const action of actions) region(action.region)[action.kind]++;
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
    clusters: {
      inScope: analyses.length,
      monitored: monitored.length,
      notMonitored: analyses.length - monitored.length,
      needingChanges: blocked ? 0 : touched.size,
    },
    actions: { create, update, total: actions.length },
    findings: {
      error: findings.filter((f) => f.severity === 'error').length,
      warning: findings.filter((f) => f.severity === 'warning').length,
      info: findings.filter((f) => f.severity === 'info').length,
    },
    regions: [...regions.values()].sort((a, b) => compareKeys(a.region, b.region)),
  };
}
