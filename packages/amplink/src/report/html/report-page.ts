import type { ApplyResult } from '../../apply/outcome.js';
import { idKey } from '../../model/resource-id.js';
import { compareNatural } from '../../model/natural-order.js';
import type { Topology } from '../../model/topology.js';
import type { Plan } from '../../plan/types.js';
import type { VerifyResult } from '../../verify/types.js';
import { escapeHtml } from './escape-html.js';
import { layoutReportGraph } from './layout.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './page-assets.js';
import { CLUSTER_STATES, clusterStateOf, countClusterStates, reportGraph } from './report-model.js';
import { drawingSvg } from './svg.js';

export interface ReportInput {
  topology: Topology;
  /** The verify result, which holds the plan its fixes point to. */
  verify: VerifyResult;
  /**
   * What apply did, when the report follows an apply: the actions table lists the plan applied, with each action's
   * outcome, while the summary, drawing and findings show the world as verified after it.
   */
  apply?: { plan: Plan; result: ApplyResult };
  /** When the world was read; shown, and the only time in the page, so the same input gives the same page. */
  generatedAt: string;
  /** The command that made the report, shown under the title. */
  command?: string;
}

/**
 * One self-contained HTML page (no external file, font or script): the summary, the topology drawn with ELK, and
 * sortable tables of clusters, findings and actions. It opens from a file, a CI artifact or an e-mail attachment.
 */
export async function renderReportHtml(input: ReportInput): Promise<string> {
  const { verify: result } = input;
  const drawing = await layoutReportGraph(reportGraph(input.topology, result));
  const outcomes = new Map((input.apply?.result.outcomes ?? []).map((o) => [idKey(o.id), o]));
  const sections = [
    `<header><h1>amplink report: ${escapeHtml(result.ampls.name)}</h1>` +
      `<p class="meta">${escapeHtml(result.ampls.id)}<br>read ${escapeHtml(input.generatedAt)}` +
      (input.command ? ` · <code>${escapeHtml(input.command)}</code>` : '') +
      '</p></header>',
    summaryCards(input),
    '<section><h2>Topology</h2>' +
      '<p class="legend"><span class="key"><span class="swatch ok"></span>ok, in place</span>' +
      '<span class="key"><span class="swatch planned"></span>planned by amplink (dashed): made, linked or changed</span>' +
      '<span class="key"><span class="swatch broken"></span>broken, not fixed by the plan</span>' +
      '<span class="key"><span class="swatch fixed"></span>broken now, fixed by the plan</span>' +
      '<span class="key"><span class="swatch unknown"></span>unknown</span></p>' +
      `<div class="drawing">${drawingSvg(drawing)}</div></section>`,
    regionTable(result),
    table(
      'Findings',
      'findings',
      ['Severity', 'Code', 'Clusters', 'Message', 'Fix'],
      result.findings.map((f) => [
        cell(f.severity, `sev-${f.severity}`),
        cell(f.code),
        num(f.clusters.length),
        cell(f.message),
        cell(f.fix ?? (f.fixActions.length > 0 ? `${f.fixActions.length} plan action(s)` : '')),
      ]),
    ),
    table(
      input.apply ? 'Actions applied' : 'Actions',
      'actions',
      ['Kind', 'Type', 'Name', 'Region', 'Clusters', ...(input.apply ? ['Outcome'] : []), 'Reason'],
      (input.apply?.plan ?? result.plan).actions.map((a) => {
        const outcome = outcomes.get(idKey(a.id));
        return [
          cell(a.kind),
          cell(a.resourceType.split('/').slice(1).join('/')),
          cell(a.id.split('/').pop() ?? a.id, undefined, a.id),
          cell(a.region),
          num(a.clusterCount),
          ...(input.apply ? [cell(outcome?.status ?? 'not-tried', `outcome-${outcome?.status ?? 'not-tried'}`)] : []),
          cell(a.reason),
        ];
      }),
    ),
    table(
      'Clusters',
      'clusters',
      ['Name', 'Region', 'Kind', 'Route', 'Metrics', 'Logs', 'Why'],
      result.clusters.map((c) => [
        cell(c.name, undefined, c.id),
        cell(c.region),
        cell(c.kind === 'aks' ? 'AKS' : 'Arc'),
        cell(c.route),
        cell(c.metrics, `signal-${c.metrics}`),
        cell(c.logs, `signal-${c.logs}`),
        cell(c.reasons.map((r) => `${r.code}: ${r.text}`).join('; ')),
      ]),
    ),
  ];
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>amplink report: ${escapeHtml(result.ampls.name)}</title>` +
    `<style>${PAGE_STYLE}</style></head><body>\n${sections.join('\n')}\n<script>${PAGE_SCRIPT}</script></body></html>\n`
  );
}

function summaryCards({ verify: result, apply: applied }: ReportInput): string {
  const apply = applied?.result;
  const { summary } = result;
  const plan = result.plan.summary;
  const cards = [
    card('Clusters', String(summary.clusters), `${plan.clusters.needingChanges} need changes`),
    card('Metrics', `${summary.metrics.ok} ok`, signalDetail(summary.metrics), summary.metrics.broken > 0),
    card('Logs', `${summary.logs.ok} ok`, signalDetail(summary.logs), summary.logs.broken > 0),
    card(
      'Findings',
      plural(summary.findings.error, 'error'),
      `${summary.findings.warning} warnings · ${summary.findings.info} info`,
      summary.findings.error > 0,
    ),
    card('Plan', plan.status, `${plan.actions.create} to create · ${plan.actions.update} to update`),
    ...(apply
      ? [
          card(
            'Apply',
            `${apply.summary.done} done`,
            `${apply.summary.alreadyDone} already done · ${apply.summary.failed} failed · ${apply.summary.notTried} not tried`,
            apply.summary.failed > 0,
          ),
        ]
      : []),
  ];
  return `<section><h2>Summary</h2><div class="cards">${cards.join('')}</div></section>`;
}

function regionTable(result: VerifyResult): string {
  const state = clusterStateOf(result);
  const plan = new Map(result.plan.summary.regions.map((r) => [r.region, r]));
  const regions = [...new Set([...result.clusters.map((c) => c.region), ...plan.keys()])].sort(compareNatural);
  return table(
    'By region',
    'regions',
    ['Region', 'Clusters', 'Broken', 'To fix', 'To change', 'Unknown', 'OK', 'To create', 'To update'],
    regions.map((region) => {
      const counts = countClusterStates(
        result.clusters.filter((c) => c.region === region),
        state,
      );
      const changes = plan.get(region);
      return [
        cell(region),
        num(CLUSTER_STATES.reduce((n, s) => n + counts[s], 0)),
        num(counts.broken, counts.broken > 0 ? 'signal-broken' : undefined),
        num(counts.fixed),
        num(counts.planned),
        num(counts.unknown),
        num(counts.ok),
        num(changes?.create ?? 0),
        num(changes?.update ?? 0),
      ];
    }),
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function signalDetail(counts: Record<'ok' | 'broken' | 'unknown' | 'off', number>): string {
  return `${counts.broken} broken · ${counts.unknown} unknown · ${counts.off} off`;
}

function card(title: string, value: string, detail: string, bad = false): string {
  return (
    `<div class="card${bad ? ' bad' : ''}"><div class="card-title">${escapeHtml(title)}</div>` +
    `<div class="card-value">${escapeHtml(value)}</div><div class="card-detail">${escapeHtml(detail)}</div></div>`
  );
}

/** One table cell's HTML. */
type Cell = string;

function cell(text: string, className?: string, title?: string): Cell {
  const attributes = `${className ? ` class="${className}"` : ''}${title ? ` title="${escapeHtml(title)}"` : ''}`;
  return `<td${attributes}>${escapeHtml(text)}</td>`;
}

function num(value: number, className?: string): Cell {
  return `<td class="num${className ? ` ${className}` : ''}">${value}</td>`;
}

function table(title: string, id: string, headers: string[], rows: Cell[][]): string {
  if (rows.length === 0) return `<section><h2>${escapeHtml(title)}</h2><p class="empty">None.</p></section>`;
  const head = headers.map((h, i) => `<th data-column="${i}" tabindex="0">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.join('')}</tr>`).join('\n');
  return (
    `<section><h2>${escapeHtml(title)} <span class="count">${rows.length}</span></h2>` +
    `<table class="sortable" id="${id}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`
  );
}
