import type { PlanAction } from '../plan/types.js';
import { isDnsBroken } from '../verify/probes/dns.js';
import type { ClusterProbe, LiveResult, ProbeOutcome } from '../verify/probes/types.js';
import type { ClusterReason, ClusterVerdict, SignalStatus, VerifyFinding, VerifyResult } from '../verify/types.js';
import { actionCounts } from './action-groups.js';
import { groupByCode, groupFix, groupHeadline, type CodeGroup } from './finding-groups.js';
import { padStyled, severityStyle, styleOf, type Style, type TextOptions } from './style.js';
import {
  COLLAPSE_FROM,
  FINDINGS_COLLAPSE_FROM,
  NAMES_SHOWN,
  count,
  counted,
  detailHint,
  someNames,
  table,
  wrap,
} from './text.js';

const STATUS: Record<SignalStatus, string> = { ok: 'ok', broken: 'BROKEN', unknown: 'unknown', off: '-' };
const PROBE: Record<ProbeOutcome['status'], string> = { pass: '✓', fail: '✗', 'not-checked': '? not checked' };
/** Clusters whose state needs a look come first in the summary. */
const STATUS_RANK: Record<SignalStatus, number> = { broken: 0, unknown: 1, ok: 2, off: 3 };
const INDENT = '          ';
const REASON_INDENT = '      ';
/** DNS names listed by the summary before "and N more". */
const DNS_SHOWN = 5;

function lastSegments(ids: readonly string[]): string[] {
  return ids.map((id) => id.split('/').pop() ?? id);
}

function statusText(status: SignalStatus, style: Style): string {
  const format = status === 'broken' ? style.red : status === 'unknown' ? style.yellow : (t: string) => t;
  return padStyled(STATUS[status], 8, format);
}

function findingLines(
  finding: VerifyFinding,
  actions: ReadonlyMap<string, PlanAction>,
  style: Style,
  detail: boolean,
): string[] {
  const severity = padStyled(finding.severity, 7, severityStyle(style, finding.severity));
  const lines = [wrap(`${severity} ${finding.code}  ${finding.message}`, 118, '  ')];
  // The agents' message is never wrapped, so that it can be searched for as it stands in the logs.
  if (finding.agentError) lines.push(`${INDENT}agents: "${finding.agentError}"`);
  if (finding.clusters.length > 0) {
    // As a group of findings shows its clusters: counted, a few names (all with --detail).
    const howMany = finding.clusters.length > NAMES_SHOWN ? ` (${count(finding.clusters.length)})` : '';
    lines.push(wrap(`clusters${howMany}: ${someNames(lastSegments(finding.clusters), { detail })}`, 110, INDENT));
  }
  if (finding.fixActions.length > 0) {
    // A few fixes by name; more (an endpoint with its zones and links, say) counted, as a group's are, unless --detail.
    const named = detail || finding.fixActions.length <= NAMES_SHOWN;
    const fixes = named
      ? finding.fixActions
          .map((id) => {
            const action = actions.get(id);
            const kind = action ? `${action.kind === 'create' ? '+' : '~'} ${action.kind}` : '';
            return `${kind} ${id.split('/').slice(-2).join('/')}`.trim();
          })
          .join('; ')
      : actionCounts(finding.fixActions.flatMap((id) => actions.get(id) ?? []));
    lines.push(wrap(`fix (amplink apply): ${fixes}`, 110, INDENT));
  }
  if (finding.fix) lines.push(wrap(`fix: ${finding.fix}`, 110, INDENT));
  return lines;
}

/** One code's findings once: how many, one example, the clusters, the plan's fixes counted, the manual fix once. */
function findingGroupLines(
  group: CodeGroup<VerifyFinding>,
  actions: ReadonlyMap<string, PlanAction>,
  style: Style,
): string[] {
  if (group.findings.length < FINDINGS_COLLAPSE_FROM) {
    return group.findings.flatMap((f) => findingLines(f, actions, style, false));
  }
  const lines = [groupHeadline(group, style)];
  const agentError = group.findings.find((f) => f.agentError !== undefined)?.agentError;
  if (agentError !== undefined) lines.push(`${INDENT}agents: "${agentError}"`);
  const clusters = [...new Set(group.findings.flatMap((f) => f.clusters))];
  if (clusters.length > 0) {
    lines.push(wrap(`clusters (${count(clusters.length)}): ${someNames(lastSegments(clusters))}`, 110, INDENT));
  }
  const fixIds = new Set(group.findings.flatMap((f) => f.fixActions));
  if (fixIds.size > 0) {
    const fixes = [...actions.values()].filter((a) => fixIds.has(a.id));
    lines.push(wrap(`fix (amplink apply): ${actionCounts(fixes)}`, 110, INDENT));
  }
  const fix = groupFix(group.findings.map((f) => f.fix));
  if (fix) lines.push(wrap(`fix${fix.same ? '' : ', e.g.'}: ${fix.fix}`, 110, INDENT));
  return lines;
}

/** Where the live queries went, and DNS as the resolvers inside the network see it (collapsed when not checked). */
function liveLines(live: LiveResult, detail: boolean): string[] {
  const { cloud } = live;
  const lines = [
    wrap(
      `Live queries in cloud ${cloud.cloud} (${cloud.source === 'metadata' ? cloud.metadataUrl : cloud.source === 'well-known' ? 'well-known endpoints' : 'endpoints unknown'}): Log Analytics ${cloud.logs?.endpoint ?? 'not known'}, Prometheus audience ${cloud.prometheusAudience ?? 'not known'}.`,
      118,
      '  ',
    ),
  ];
  if (live.dns.length === 0) return lines;
  if (live.dnsServers.length === 0) {
    const [first] = live.dns;
    lines.push(
      wrap(
        `DNS not checked (${counted(live.dns.length, 'name')}): only a resolver inside the clusters' network can tell where the agents' names lead. Give one with --dns-server IP[:PORT], or from a pod: nslookup ${first?.host ?? '<name>'}.`,
        118,
        '  ',
      ),
    );
    return lines;
  }
  const statusCount = (status: string) => count(live.dns.filter((d) => d.status === status).length);
  lines.push(
    `DNS through ${live.dnsServers.join(', ')}: ${statusCount('private')} private, ${statusCount('public')} public, ${statusCount('unresolved')} unresolved, ${statusCount('not-checked')} not checked.`,
  );
  const notPrivate = live.dns.filter((d) => d.status !== 'private');
  const shown = detail ? notPrivate : notPrivate.slice(0, DNS_SHOWN);
  for (const d of shown) {
    lines.push(wrap(`${isDnsBroken(d) ? 'BROKEN ' : ''}${d.host} (${d.use}): ${d.detail}`, 114, '  '));
  }
  if (shown.length < notPrivate.length) lines.push(`  and ${count(notPrivate.length - shown.length)} more`);
  return lines;
}

interface Row {
  cluster: ClusterVerdict;
  probe: ClusterProbe | undefined;
}

function rowCells(name: string, region: string, row: Row, style: Style): string {
  const { cluster, probe } = row;
  let line = `  ${name}  ${region}  ${cluster.route.padEnd(9)}  ${statusText(cluster.metrics, style)}  ${statusText(cluster.logs, style)}`;
  if (probe) line += `  ${PROBE[probe.metrics.status].padEnd(13)}  ${PROBE[probe.logs.status]}`;
  return line.trimEnd();
}

const isSignal = (signal: ClusterReason['signal']) => signal === 'metrics' || signal === 'logs';

/** In an example of alike clusters, one reason per code: the same code for metrics and logs is one line. */
function reasonsShown(reasons: readonly ClusterReason[], example: boolean): ClusterReason[] {
  if (!example) return [...reasons];
  const byCode = new Map<string, ClusterReason>();
  for (const reason of reasons) {
    const first = byCode.get(reason.code);
    if (first === undefined) byCode.set(reason.code, reason);
    else if (new Set([first.signal, reason.signal]).size === 2 && [first.signal, reason.signal].every(isSignal)) {
      byCode.set(reason.code, { ...first, signal: 'both' });
    }
  }
  return [...byCode.values()];
}

function reasonLines(row: Row, example: boolean): string[] {
  const lines = reasonsShown(row.cluster.reasons, example).map((reason, index) =>
    wrap(
      `${example && index === 0 ? 'e.g. ' : ''}${reason.code}  ${reason.signal}: ${reason.text}`,
      110,
      REASON_INDENT,
    ),
  );
  if (row.probe) {
    for (const [label, outcome] of [
      ['live metrics', row.probe.metrics],
      ['live logs', row.probe.logs],
    ] as const) {
      if (outcome.status !== 'pass') {
        lines.push(wrap(`${label} ${PROBE[outcome.status]}: ${outcome.detail}`, 110, REASON_INDENT));
      }
    }
  }
  return lines;
}

/** Clusters that fare alike: same route, same status of each signal, same reasons (by code), same live outcomes. */
function signature({ cluster, probe }: Row): string {
  const reasons = cluster.reasons.map((r) => `${r.code}:${r.signal}`).join(',');
  const live = probe ? `${probe.metrics.status},${probe.logs.status}` : '';
  return [cluster.route, cluster.metrics, cluster.logs, reasons, live].join('|');
}

function rank({ cluster }: Row): number {
  return Math.min(STATUS_RANK[cluster.metrics], STATUS_RANK[cluster.logs]);
}

function clusterTable(rows: readonly Row[], live: boolean, detail: boolean, style: Style): string[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = detail ? row.cluster.id : signature(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const ordered = detail
    ? [...groups.values()]
    : [...groups.values()]
        .map((group, order) => ({ group, order }))
        // What needs a look first, then the largest groups; ties in the verdicts' own order.
        .sort(
          (a, b) =>
            rank(a.group[0] as Row) - rank(b.group[0] as Row) || b.group.length - a.group.length || a.order - b.order,
        )
        .map(({ group }) => group);
  const collapsed = (group: readonly Row[]) => group.length >= COLLAPSE_FROM;
  const label = (group: readonly Row[]) => `× ${counted(group.length, 'cluster')}`;
  const regions = (group: readonly Row[]) => new Set(group.map((r) => r.cluster.region));
  const regionLabel = (group: readonly Row[]) => {
    const set = regions(group);
    return set.size === 1 ? ([...set][0] ?? '') : counted(set.size, 'region');
  };
  const nameWidth = Math.max(
    7,
    ...ordered.flatMap((group) => (collapsed(group) ? [label(group).length] : group.map((r) => r.cluster.name.length))),
  );
  const regionWidth = Math.max(
    14,
    ...ordered.flatMap((group) =>
      collapsed(group) ? [regionLabel(group).length] : group.map((r) => r.cluster.region.length),
    ),
  );
  const header = `  ${'cluster'.padEnd(nameWidth)}  ${'region'.padEnd(regionWidth)}  ${'route'.padEnd(9)}  ${'metrics'.padEnd(8)}  ${'logs'.padEnd(8)}`;
  const out = [style.dim((live ? `${header}  live metrics   live logs` : header).trimEnd())];
  for (const group of ordered) {
    const [first] = group;
    if (first === undefined) continue;
    if (!collapsed(group)) {
      for (const row of group) {
        out.push(rowCells(row.cluster.name.padEnd(nameWidth), row.cluster.region.padEnd(regionWidth), row, style));
        out.push(...reasonLines(row, false));
      }
      continue;
    }
    out.push(
      rowCells(padStyled(label(group), nameWidth, style.bold), regionLabel(group).padEnd(regionWidth), first, style),
    );
    out.push(wrap(someNames(group.map((r) => r.cluster.name)), 110, REASON_INDENT));
    // The reasons' words name each cluster's own hosts or resources: the first cluster's stand for the group.
    out.push(...reasonLines(first, true));
  }
  return out;
}

function signalCounts(clusters: readonly ClusterVerdict[], signal: 'metrics' | 'logs'): string {
  const counts = (['ok', 'broken', 'unknown', 'off'] as const)
    .map((status) => ({ status, n: clusters.filter((c) => c[signal] === status).length }))
    .filter(({ n }) => n > 0);
  return counts.map(({ status, n }) => `${count(n)} ${status}`).join(', ') || '-';
}

/** Per region: how many clusters, and how their metrics and logs fare. */
function regionTable(result: VerifyResult, style: Style): string[] {
  const byRegion = new Map<string, ClusterVerdict[]>();
  for (const c of result.clusters) {
    const clusters = byRegion.get(c.region);
    if (clusters) clusters.push(c);
    else byRegion.set(c.region, [c]);
  }
  const rows = [...byRegion.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([region, clusters]) => [
      region,
      count(clusters.length),
      signalCounts(clusters, 'metrics'),
      signalCounts(clusters, 'logs'),
    ]);
  const [header, ...body] = table([['region', 'clusters', 'metrics', 'logs'], ...rows], [1]);
  return [style.dim(header ?? ''), ...body];
}

/**
 * Verify as a person reads it: the counts, per region, then clusters that fare alike as one row with a few names,
 * then the findings by code, each with one example and its fix once. `detail`: one row per cluster, every finding.
 */
export function formatVerifyText(result: VerifyResult, live?: LiveResult, options: TextOptions = {}): string {
  const style = styleOf(options);
  const detail = options.detail === true;
  const out: string[] = [];
  const { summary } = result;
  const broken = (n: number) => (n > 0 ? style.red(`${count(n)} broken`) : `${count(n)} broken`);
  out.push(
    `Verify AMPLS ${result.ampls.name} (ingestion ${result.ampls.ingestionAccessMode ?? 'not set'}): ${counted(summary.clusters, 'cluster')}; metrics ${count(summary.metrics.ok)} ok, ${broken(summary.metrics.broken)}; logs ${count(summary.logs.ok)} ok, ${broken(summary.logs.broken)}.`,
  );
  if (new Set(result.clusters.map((c) => c.region)).size > 1) out.push('', ...regionTable(result, style));
  const probes = new Map((live?.clusters ?? []).map((p) => [p.id, p]));
  const rows = result.clusters.map((cluster) => ({ cluster, probe: probes.get(cluster.id) }));
  out.push('', ...clusterTable(rows, live !== undefined, detail, style));
  if (live) out.push('', ...liveLines(live, detail));
  const actions = new Map(result.plan.actions.map((a) => [a.id, a]));
  if (result.findings.length > 0) {
    out.push('');
    out.push(
      `Findings: ${count(summary.findings.error)} error, ${count(summary.findings.warning)} warning, ${count(summary.findings.info)} info`,
    );
    if (detail) for (const finding of result.findings) out.push(...findingLines(finding, actions, style, true));
    else for (const group of groupByCode(result.findings)) out.push(...findingGroupLines(group, actions, style));
  } else {
    out.push('');
    out.push(style.green('No findings: every selected cluster can send through private link.'));
  }
  if (!detail && result.clusters.length >= COLLAPSE_FROM) {
    out.push('', style.dim(detailHint('every cluster with its reasons, every finding')));
  }
  return out.join('\n') + '\n';
}
