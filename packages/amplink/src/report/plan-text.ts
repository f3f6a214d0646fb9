import type { Finding, Plan, PlanAction } from '../plan/types.js';
import { wrap } from './text.js';

const LABELS: Record<string, string> = {
  'microsoft.insights/datacollectionendpoints': 'DCE',
  'microsoft.insights/datacollectionruleassociations': 'association',
  'microsoft.insights/privatelinkscopes/scopedresources': 'AMPLS link',
};

const SYMBOL: Record<PlanAction['kind'], string> = { create: '+', update: '~' };

function subject(action: PlanAction): string {
  const parts = action.id.split('/');
  if (action.resourceType.toLowerCase().endsWith('datacollectionruleassociations')) {
    const endpoint = String((action.body['properties'] as Record<string, unknown>)['dataCollectionEndpointId'] ?? '');
    return `${parts[8] ?? ''} -> ${endpoint.split('/').pop() ?? ''}`;
  }
  if (action.resourceType.toLowerCase().endsWith('scopedresources')) {
    const linked = String((action.body['properties'] as Record<string, unknown>)['linkedResourceId'] ?? '');
    return `${linked.split('/').pop() ?? ''} (${linked.split('/').slice(-2, -1)[0] ?? ''})`;
  }
  return parts[parts.length - 1] ?? action.id;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "rule 1", "rules 3, 6": the numbers of docs/domain.md. */
export function rulesLabel(rules: readonly number[]): string {
  return rules.length === 1 ? `rule ${rules[0]}` : `rules ${rules.join(', ')}`;
}

/**
 * A region without clusters still has changes when it holds what clusters elsewhere send their data to (the
 * workspaces' region, typically): the header says so rather than "0 clusters".
 */
function regionHeader(region: Plan['summary']['regions'][number]): string {
  const counts = `${region.create} to create, ${region.update} to update`;
  if (region.clusters > 0) return `${region.region} — ${plural(region.clusters, 'cluster')}; ${counts}`;
  return `${region.region} — no clusters; ${counts}: the workspaces and DCEs here that clusters of other regions send their data to`;
}

function findingLines(finding: Finding): string[] {
  const lines = [`  ${finding.severity.padEnd(7)} ${finding.code}  ${finding.message}`];
  if (finding.fix) lines.push(wrap(`fix: ${finding.fix}`, 110, '          '));
  return lines;
}

/** The plan as a person reads it: changes grouped by region with counts, each with its reason, then findings. */
export function formatPlanText(plan: Plan, options: { reasons?: boolean } = {}): string {
  const showReasons = options.reasons ?? true;
  const { summary } = plan;
  const out: string[] = [];
  const head =
    summary.status === 'blocked'
      ? `Plan for AMPLS ${plan.ampls.name}: BLOCKED — nothing will be changed (see the errors below).`
      : summary.status === 'waiting'
        ? `Plan for AMPLS ${plan.ampls.name}: nothing to change now, but Azure is still working on resources the clusters need (AMPL_PLAN_W0008 below): plan again once it is done.`
        : summary.status === 'converged'
          ? `Plan for AMPLS ${plan.ampls.name}: nothing to change; ${plural(summary.clusters.monitored, 'monitored cluster')} already send through private link.`
          : `Plan for AMPLS ${plan.ampls.name}: ${plural(summary.actions.total, 'change')} (${summary.actions.create} to create, ${summary.actions.update} to update) for ${summary.clusters.needingChanges} of ${plural(summary.clusters.monitored, 'monitored cluster')}.`;
  out.push(head);
  const byRegion = new Map<string, PlanAction[]>();
  for (const action of plan.actions) {
    const list = byRegion.get(action.region) ?? [];
    list.push(action);
    byRegion.set(action.region, list);
  }
  for (const region of summary.regions) {
    const actions = byRegion.get(region.region) ?? [];
    if (actions.length === 0) continue;
    out.push('');
    out.push(regionHeader(region));
    for (const action of actions) {
      const label = LABELS[action.resourceType.toLowerCase()] ?? action.resourceType;
      out.push(
        `  ${SYMBOL[action.kind]} ${action.kind.padEnd(6)} ${label.padEnd(11)} ${subject(action).padEnd(58)} ${rulesLabel(action.rules)}`,
      );
      if (showReasons) out.push(wrap(action.reason, 110, '             '));
    }
  }
  if (plan.findings.length > 0) {
    out.push('');
    out.push(
      `Findings: ${summary.findings.error} error, ${summary.findings.warning} warning, ${summary.findings.info} info`,
    );
    for (const finding of plan.findings) out.push(...findingLines(finding));
  }
  return out.join('\n') + '\n';
}
