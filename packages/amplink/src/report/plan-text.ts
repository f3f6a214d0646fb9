import type { Finding, Plan, PlanAction } from '../plan/types.js';
import {
  actionLabel,
  actionName,
  actionSubject,
  groupActions,
  groupPhrase,
  labelCounts,
  SYMBOL,
  type ActionGroup,
} from './action-groups.js';
import { estimateLines } from './estimate-text.js';
import { groupByCode, groupFix, groupHeadline, type CodeGroup } from './finding-groups.js';
import { padStyled, severityStyle, styleOf, type Style, type TextOptions } from './style.js';
import {
  COLLAPSE_FROM,
  FINDINGS_COLLAPSE_FROM,
  count,
  counted,
  detailHint,
  someNames,
  table,
  trimmed,
  wrap,
} from './text.js';

export interface PlanTextOptions extends TextOptions {
  /** Each change's reason (default true). */
  reasons?: boolean;
}

/** A reason in the summary: long ones (a region's list of clusters) are cut; --detail has them whole. */
const REASON_LIMIT = 400;
const REASON_INDENT = '             ';
const FINDING_INDENT = '          ';

/** "rule 1", "rules 3, 6": the numbers of docs/domain.md. */
export function rulesLabel(rules: readonly number[]): string {
  if (rules.length === 0) return '';
  return rules.length === 1 ? `rule ${rules[0]}` : `rules ${rules.join(', ')}`;
}

function headline(plan: Plan, style: Style): string {
  const { summary } = plan;
  const name = `Plan for AMPLS ${plan.ampls.name}:`;
  switch (summary.status) {
    case 'blocked':
      return `${name} ${style.red(style.bold('BLOCKED'))} — nothing will be changed (see the errors below).`;
    case 'waiting':
      return `${name} nothing to change now, but Azure is still working on resources the clusters need (AMPL_PLAN_W0008 below): plan again once it is done.`;
    case 'converged':
      return `${name} ${style.green('nothing to change')}; ${counted(summary.clusters.monitored, 'monitored cluster')} already send through private link.`;
    case 'changes':
      return `${name} ${style.bold(counted(summary.actions.total, 'change'))} (${count(summary.actions.create)} to create, ${count(summary.actions.update)} to update) for ${count(summary.clusters.needingChanges)} of ${counted(summary.clusters.monitored, 'monitored cluster')}.`;
  }
}

function actionsByRegion(plan: Plan): Map<string, PlanAction[]> {
  const byRegion = new Map<string, PlanAction[]>();
  for (const action of plan.actions) {
    const list = byRegion.get(action.region) ?? [];
    list.push(action);
    byRegion.set(action.region, list);
  }
  return byRegion;
}

/** Per region: its clusters, and its changes by kind. */
function regionTable(plan: Plan, style: Style): string[] {
  const byRegion = actionsByRegion(plan);
  const rows = plan.summary.regions.map((region) => {
    const actions = byRegion.get(region.region) ?? [];
    // A region without clusters still has changes when it holds what clusters elsewhere send their data to.
    const what =
      actions.length === 0
        ? 'nothing to change'
        : labelCounts(actions) + (region.clusters === 0 ? ' (what clusters of other regions send to)' : '');
    return [region.region, count(region.clusters), count(region.create), count(region.update), what];
  });
  const [header, ...body] = table([['region', 'clusters', 'create', 'update', 'changes'], ...rows], [1, 2, 3]);
  return [style.dim(header ?? ''), ...body];
}

function actionLine(action: PlanAction, style: Style): string {
  const symbol = action.kind === 'create' ? style.green(SYMBOL.create) : style.yellow(SYMBOL.update);
  return `  ${symbol} ${action.kind.padEnd(6)} ${actionLabel(action).padEnd(11)} ${actionSubject(action).padEnd(58)} ${rulesLabel(action.rules)}`;
}

function groupLines(group: ActionGroup, options: PlanTextOptions, style: Style): string[] {
  const showReasons = options.reasons ?? true;
  const reasonOf = (text: string) => wrap(trimmed(text, REASON_LIMIT), 110, REASON_INDENT);
  if (group.actions.length < COLLAPSE_FROM) {
    return group.actions.flatMap((action) => [
      actionLine(action, style),
      ...(showReasons ? [reasonOf(action.reason)] : []),
    ]);
  }
  const symbol = group.kind === 'create' ? style.green(SYMBOL.create) : style.yellow(SYMBOL.update);
  const lines = [
    `  ${symbol} ${group.kind.padEnd(6)} ${group.label.padEnd(11)} ${style.bold(groupPhrase(group))}  ${rulesLabel(group.rules)}`,
    wrap(someNames(group.actions.map(actionName)), 110, REASON_INDENT),
  ];
  if (showReasons) {
    const reasons = new Set(group.actions.map((a) => a.reason));
    const [first] = group.actions;
    if (first) lines.push(reasonOf(`${reasons.size === 1 ? '' : 'e.g. '}${first.reason}`));
  }
  return lines;
}

/** Every change under its region, each with its whole reason: what the summary collapses. */
function detailLines(plan: Plan, options: PlanTextOptions, style: Style): string[] {
  const showReasons = options.reasons ?? true;
  const byRegion = actionsByRegion(plan);
  const out: string[] = [];
  for (const region of plan.summary.regions) {
    const actions = byRegion.get(region.region) ?? [];
    if (actions.length === 0) continue;
    const counts = `${count(region.create)} to create, ${count(region.update)} to update`;
    out.push(
      '',
      style.bold(
        region.clusters > 0
          ? `${region.region} — ${counted(region.clusters, 'cluster')}; ${counts}`
          : `${region.region} — no clusters; ${counts}: the workspaces and DCEs here that clusters of other regions send their data to`,
      ),
    );
    for (const action of actions) {
      out.push(actionLine(action, style));
      if (showReasons) out.push(wrap(action.reason, 110, REASON_INDENT));
    }
  }
  return out;
}

function findingLines(finding: Finding, style: Style): string[] {
  const severity = padStyled(finding.severity, 7, severityStyle(style, finding.severity));
  const lines = [`  ${severity} ${finding.code}  ${finding.message}`];
  if (finding.fix) lines.push(wrap(`fix: ${finding.fix}`, 110, FINDING_INDENT));
  return lines;
}

function findingGroupLines(group: CodeGroup<Finding>, style: Style): string[] {
  if (group.findings.length < FINDINGS_COLLAPSE_FROM) return group.findings.flatMap((f) => findingLines(f, style));
  const lines = [groupHeadline(group, style)];
  const resources = [...new Set(group.findings.flatMap((f) => f.resources))];
  if (resources.length > 0) {
    const names = resources.map((id) => id.split('/').pop() ?? id);
    lines.push(wrap(`resources (${count(names.length)}): ${someNames(names)}`, 110, FINDING_INDENT));
  }
  const fix = groupFix(group.findings.map((f) => f.fix));
  if (fix) lines.push(wrap(`fix${fix.same ? '' : ', e.g.'}: ${fix.fix}`, 110, FINDING_INDENT));
  return lines;
}

/**
 * The plan as a person reads it: a summary per region, then the changes, alike ones collapsed into one line with a
 * few names, then the findings by code. `detail` lists every change under its region and every finding.
 */
export function formatPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const style = styleOf(options);
  const detail = options.detail === true;
  const out: string[] = [headline(plan, style)];
  for (const line of estimateLines(plan)) out.push(wrap(line, 110, '  '));
  if (plan.actions.length > 0) {
    out.push('', ...regionTable(plan, style));
    if (detail) out.push(...detailLines(plan, options, style));
    else {
      out.push('', 'Changes (alike changes are one line):');
      for (const group of groupActions(plan.actions)) out.push(...groupLines(group, options, style));
    }
  }
  if (plan.findings.length > 0) {
    const { findings } = plan.summary;
    out.push(
      '',
      `Findings: ${count(findings.error)} error, ${count(findings.warning)} warning, ${count(findings.info)} info`,
    );
    if (detail) for (const finding of plan.findings) out.push(...findingLines(finding, style));
    else for (const group of groupByCode(plan.findings)) out.push(...findingGroupLines(group, style));
  }
  if (!detail && plan.actions.length > 0)
    out.push('', style.dim(detailHint('every change under its region, with its whole reason')));
  return out.join('\n') + '\n';
}
