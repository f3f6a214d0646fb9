import { isDnsBroken } from '../verify/probes/dns.js';
import type { LiveResult, ProbeOutcome } from '../verify/probes/types.js';
import type { SignalStatus, VerifyFinding, VerifyResult } from '../verify/types.js';
import { wrap } from './text.js';

const STATUS: Record<SignalStatus, string> = { ok: 'ok', broken: 'BROKEN', unknown: 'unknown', off: '-' };
const PROBE: Record<ProbeOutcome['status'], string> = { pass: '✓', fail: '✗', 'not-checked': '? not checked' };

function names(ids: readonly string[], shown = 5): string {
  const list = ids.map((id) => id.split('/').pop() ?? id);
  return list.length <= shown ? list.join(', ') : `${list.slice(0, shown).join(', ')} and ${list.length - shown} more`;
}

function findingLines(finding: VerifyFinding, result: VerifyResult): string[] {
  const lines = [wrap(`${finding.severity.padEnd(7)} ${finding.code}  ${finding.message}`, 118, '  ')];
  const indent = '          ';
  // The agents' message is never wrapped, so that it can be searched for as it stands in the logs.
  if (finding.agentError) lines.push(`${indent}agents: "${finding.agentError}"`);
  if (finding.clusters.length > 0) lines.push(wrap(`clusters: ${names(finding.clusters)}`, 110, indent));
  if (finding.fixActions.length > 0) {
    const actions = finding.fixActions.map((id) => {
      const action = result.plan.actions.find((a) => a.id === id);
      const kind = action ? `${action.kind === 'create' ? '+' : '~'} ${action.kind}` : '';
      return `${kind} ${id.split('/').slice(-2).join('/')}`.trim();
    });
    lines.push(wrap(`fix (amplink apply): ${actions.join('; ')}`, 110, indent));
  }
  if (finding.fix) lines.push(wrap(`fix: ${finding.fix}`, 110, indent));
  return lines;
}

/** Where the live queries went, and DNS as the resolvers inside the network see it (collapsed when not checked). */
function liveLines(live: LiveResult): string[] {
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
        `DNS not checked (${live.dns.length} name${live.dns.length === 1 ? '' : 's'}): only a resolver inside the clusters' network can tell where the agents' names lead. Give one with --dns-server IP[:PORT], or from a pod: nslookup ${first?.host ?? '<name>'}.`,
        118,
        '  ',
      ),
    );
    return lines;
  }
  const count = (status: string) => live.dns.filter((d) => d.status === status).length;
  lines.push(
    `DNS through ${live.dnsServers.join(', ')}: ${count('private')} private, ${count('public')} public, ${count('unresolved')} unresolved, ${count('not-checked')} not checked.`,
  );
  for (const d of live.dns) {
    if (d.status === 'private') continue;
    lines.push(wrap(`${isDnsBroken(d) ? 'BROKEN ' : ''}${d.host} (${d.use}): ${d.detail}`, 114, '  '));
  }
  return lines;
}

/** Verify as a person reads it: one row per cluster (metrics, logs, reasons), then the findings with their fixes. */
export function formatVerifyText(result: VerifyResult, live?: LiveResult): string {
  const out: string[] = [];
  const { summary } = result;
  out.push(
    `Verify AMPLS ${result.ampls.name} (ingestion ${result.ampls.ingestionAccessMode ?? 'not set'}): ${summary.clusters} cluster${summary.clusters === 1 ? '' : 's'}; metrics ${summary.metrics.ok} ok, ${summary.metrics.broken} broken; logs ${summary.logs.ok} ok, ${summary.logs.broken} broken.`,
  );
  out.push('');
  const width = Math.max(7, ...result.clusters.map((c) => c.name.length));
  const header = `  ${'cluster'.padEnd(width)}  ${'region'.padEnd(14)}  ${'route'.padEnd(9)}  ${'metrics'.padEnd(8)}  ${'logs'.padEnd(8)}`;
  out.push((live ? `${header}  live metrics   live logs` : header).trimEnd());
  for (const c of result.clusters) {
    let row = `  ${c.name.padEnd(width)}  ${c.region.padEnd(14)}  ${c.route.padEnd(9)}  ${STATUS[c.metrics].padEnd(8)}  ${STATUS[c.logs].padEnd(8)}`;
    const probe = live?.clusters.find((p) => p.id === c.id);
    if (probe) row += `  ${PROBE[probe.metrics.status].padEnd(13)}  ${PROBE[probe.logs.status]}`;
    out.push(row.trimEnd());
    for (const reason of c.reasons) out.push(wrap(`${reason.code}  ${reason.signal}: ${reason.text}`, 110, '      '));
    if (probe) {
      for (const [label, outcome] of [
        ['live metrics', probe.metrics],
        ['live logs', probe.logs],
      ] as const) {
        if (outcome.status !== 'pass')
          out.push(wrap(`${label} ${PROBE[outcome.status]}: ${outcome.detail}`, 110, '      '));
      }
    }
  }
  if (live) out.push('', ...liveLines(live));
  if (result.findings.length > 0) {
    out.push('');
    out.push(
      `Findings: ${summary.findings.error} error, ${summary.findings.warning} warning, ${summary.findings.info} info`,
    );
    for (const finding of result.findings) out.push(...findingLines(finding, result));
  } else {
    out.push('');
    out.push('No findings: every selected cluster can send through private link.');
  }
  return out.join('\n') + '\n';
}
