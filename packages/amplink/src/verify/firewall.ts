import { egressOf } from '../model/egress.js';
import { describeRule } from '../model/firewall-rules.js';
import { nameSome } from '../plan/findings.js';
import {
  dceHostsOrPattern,
  destinationHostSources,
  firewallHosts,
  LOGIN_HOST,
  type NeededHost,
} from '../plan/firewall-hosts.js';
import { judgeHosts, ruleToAdd, type BlockedHost } from '../plan/firewall-rules.js';
import { AGENT_ERRORS } from './agent-errors.js';
import type { AmplsContext, ClusterContext } from './context.js';
import type { ClusterReason } from './types.js';
import type { Use } from './uses.js';

/**
 * Rule 5 against the firewall's real rules: the cluster's egress followed to the Azure Firewall and its policy
 * (model/egress.ts), each host the agents need decided as Azure Firewall decides it (model/firewall-rules.ts). A
 * link of that chain amplink cannot read makes the verdict unknown (AMPL_VERIFY_I0024), never healthy.
 */
function judged(context: ClusterContext, ampls: AmplsContext, needed: readonly NeededHost[]) {
  const path = egressOf(ampls.net, context.cluster);
  if (path.kind === 'direct') return undefined;
  if (path.kind === 'unknown') {
    context.judgement.unknown('both', {
      code: 'AMPL_VERIFY_I0024',
      signal: 'both',
      text: `egress goes through user-defined routing amplink cannot follow to the firewall's rules: ${path.why}`,
    });
    return undefined;
  }
  const hosts = judgeHosts(path, needed);
  for (const unknown of hosts.filter((h) => h.decision.verdict === 'unknown')) {
    const decision = unknown.decision as Extract<typeof unknown.decision, { verdict: 'unknown' }>;
    context.judgement.unknown(unknown.signal, {
      code: 'AMPL_VERIFY_I0024',
      signal: unknown.signal,
      text: `firewall ${path.firewall.name}: whether ${unknown.host} passes depends on ${describeRule(decision.rule)}, which amplink cannot judge (${decision.why})`,
    });
  }
  const blocked = hosts.filter((h): h is BlockedHost => h.decision.verdict === 'deny');
  return { path, blocked };
}

function deniedBy(blocked: readonly BlockedHost[]): string {
  const rule = blocked.find((b) => b.decision.rule !== undefined)?.decision.rule;
  return rule ? `denied by ${describeRule(rule)}` : 'no rule allows them: Azure Firewall denies by default';
}

/**
 * The private endpoint serves Azure Monitor, not Microsoft Entra ID: over private link the agents still sign in at
 * login.microsoftonline.com through the firewall (DOMAIN.md rule 5, "in practice also").
 */
export function checkSignIn(context: ClusterContext, ampls: AmplsContext): void {
  const { cluster, judgement } = context;
  const result = judged(context, ampls, [{ host: LOGIN_HOST, signal: 'both' }]);
  if (result === undefined || result.blocked.length === 0) return;
  const { path, blocked } = result;
  const reason: ClusterReason = {
    code: 'AMPL_VERIFY_E0023',
    signal: 'both',
    text: `firewall ${path.firewall.name} blocks ${LOGIN_HOST}: the agents cannot sign in`,
  };
  const problem = judgement.problem({
    code: 'AMPL_VERIFY_E0023',
    severity: 'error',
    message: `Cluster ${cluster.id.name} reaches AMPLS ${ampls.scopeName} privately, but firewall ${path.firewall.name} (policy ${path.policy.name}) does not allow ${LOGIN_HOST}, where the agents get their tokens (rule 5): ${deniedBy(blocked)}. Nothing is sent.`,
    resources: [cluster.id.id, path.firewall.id, path.policy.id],
    rules: [5],
    agentError: AGENT_ERRORS.metricsNoConfiguration,
    fixActions: ampls.actions.firewallRulesOf(path.policy.key),
    fix: ruleToAdd(path, [LOGIN_HOST], blocked),
  });
  judgement.stops('both', reason, [problem]);
}

/** Without a private path, the firewall must let the agents reach every host they use (rule 5). */
export function checkPublicEgress(context: ClusterContext, ampls: AmplsContext, uses: readonly Use[]): void {
  const { cluster, monitoring, judgement } = context;
  if (cluster.kind !== 'aks' || cluster.outboundType?.toLowerCase() !== 'userdefinedrouting') return;
  const config = uses.find((u) => u.code === 'config');
  const needed = firewallHosts({
    privatePath: false,
    configuration: config && {
      signal: 'both',
      hosts: config.hosts.length > 0 ? config.hosts : dceHostsOrPattern(undefined, cluster.region, 'configuration'),
    },
    destinations: destinationHostSources(ampls.topology, monitoring),
    collectsMetrics: monitoring.prometheusRules.length > 0,
  });
  const result = judged(context, ampls, needed);
  if (result === undefined || result.blocked.length === 0) return;
  const { path, blocked } = result;
  const wildcards = [...new Set(blocked.map((b) => wildcardFor(b.host)))].sort();
  const problem = judgement.problem({
    code: 'AMPL_VERIFY_E0023',
    severity: 'error',
    message: `Cluster ${cluster.id.name} sends through firewall ${path.firewall.name} (policy ${path.policy.name}), which does not allow ${nameSome(wildcards, 6)} (${deniedBy(blocked)}), and it has no private path to AMPLS ${ampls.scopeName} (rule 5): its agents cannot reach Azure Monitor.`,
    resources: [cluster.id.id, path.firewall.id, path.policy.id],
    rules: [5],
    agentError: AGENT_ERRORS.metricsNoConfiguration,
    fixActions: ampls.actions.firewallRulesOf(path.policy.key),
    // The other way out, a private path, is the fix of the route findings (E0011, E0014) reported beside this one.
    fix: ruleToAdd(
      path,
      needed.map((n) => n.host),
      blocked,
    ),
  });
  for (const signal of ['metrics', 'logs'] as const) {
    const hosts = blocked.filter((b) => b.signal === signal || b.signal === 'both');
    if (hosts.length === 0) continue;
    judgement.stops(
      signal,
      {
        code: 'AMPL_VERIFY_E0023',
        signal,
        text: `firewall ${path.firewall.name} blocks ${nameSome(hosts.map((b) => b.host))} and there is no private path`,
      },
      [problem],
      { publicPath: true },
    );
  }
}

/** The rule-5 wildcard that covers a host, as DOMAIN.md rule 5 names the hosts. */
function wildcardFor(host: string): string {
  for (const suffix of [
    '.handler.control.monitor.azure.com',
    '.ingest.monitor.azure.com',
    '.ods.opinsights.azure.com',
    '.oms.opinsights.azure.com',
  ]) {
    if (host.endsWith(suffix) && host !== `global${suffix}`) return `*${suffix}`;
  }
  return host;
}
