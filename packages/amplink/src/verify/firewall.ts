import { fleetNetworkTagsOf } from '../model/fleet-network-tags.js';
import type { Cluster } from '../model/topology.js';
import type { ClusterMonitoring } from '../plan/analyse-cluster.js';
import { nameSome } from '../plan/findings.js';
import { AGENT_ERRORS } from './agent-errors.js';
import type { ClusterContext } from './context.js';
import type { ClusterReason } from './types.js';
import type { Use } from './uses.js';

/** FQDNs rule 5 names for a cluster behind a firewall without a private path (DOMAIN.md rule 5). */
const LOGIN_HOST = 'login.microsoftonline.com';
const GLOBAL_HANDLER = 'global.handler.control.monitor.azure.com';

interface Egress {
  /** Egress goes through a firewall (AKS `outboundType: userDefinedRouting`). */
  restricted: boolean;
  /** The FQDNs the firewall lets through; undefined when amplink cannot read its rules. */
  allowedFqdns: readonly string[] | undefined;
}

/** How an AKS cluster's egress leaves its network, as far as amplink can see it. */
function egressOf(cluster: Cluster): Egress {
  if (cluster.kind !== 'aks') return { restricted: false, allowedFqdns: undefined };
  return {
    restricted: cluster.outboundType?.toLowerCase() === 'userdefinedrouting',
    allowedFqdns: fleetNetworkTagsOf(cluster).allowedFqdns,
  };
}

/** Whether a firewall rule (exact or `*.` wildcard) lets a host through. */
function fqdnAllowed(allowed: readonly string[], host: string): boolean {
  const h = host.toLowerCase();
  return allowed.some((rule) => (rule.startsWith('*.') ? h.endsWith(rule.slice(1)) : rule === h));
}

/**
 * The private endpoint serves Azure Monitor, not Microsoft Entra ID: over private link the agents still sign in at
 * login.microsoftonline.com through the firewall (DOMAIN.md rule 5, "in practice also").
 */
export function checkSignIn(context: ClusterContext, scopeName: string): void {
  const { cluster, judgement } = context;
  const egress = egressOf(cluster);
  if (!egress.restricted || egress.allowedFqdns === undefined || fqdnAllowed(egress.allowedFqdns, LOGIN_HOST)) return;
  const reason: ClusterReason = {
    code: 'AMPL_VERIFY_E0023',
    signal: 'both',
    text: `the firewall blocks ${LOGIN_HOST}: the agents cannot sign in`,
  };
  const blocked = judgement.problem({
    code: 'AMPL_VERIFY_E0023',
    severity: 'error',
    message: `Cluster ${cluster.id.name} reaches AMPLS ${scopeName} privately, but its firewall does not allow ${LOGIN_HOST}, where the agents get their tokens (rule 5): nothing is sent.`,
    resources: [cluster.id.id],
    rules: [5],
    agentError: AGENT_ERRORS.metricsNoConfiguration,
    fix: `Allow ${LOGIN_HOST} on the firewall. amplink does not change firewalls.`,
  });
  judgement.stops('both', reason, [blocked]);
}

/** Without a private path, the firewall must let the agents reach every host they use (rule 5). */
export function checkPublicEgress(context: ClusterContext, scopeName: string, uses: readonly Use[]): void {
  const { cluster, monitoring, judgement } = context;
  const egress = egressOf(cluster);
  if (!egress.restricted) return;
  if (egress.allowedFqdns === undefined) {
    judgement.unknown('both', {
      code: 'AMPL_VERIFY_I0024',
      signal: 'both',
      text: 'egress goes through a firewall (user-defined routing) whose rules amplink cannot read',
    });
    return;
  }
  const allowed = egress.allowedFqdns;
  const missing = firewallHosts(uses, monitoring).filter((n) => !fqdnAllowed(allowed, n.host));
  if (missing.length === 0) return;
  const blocked = judgement.problem({
    code: 'AMPL_VERIFY_E0023',
    severity: 'error',
    message: `Cluster ${cluster.id.name} sends through a firewall that does not allow ${nameSome(
      [...new Set(missing.map((m) => m.rule))].sort(),
      6,
    )}, and it has no private path to AMPLS ${scopeName} (rule 5): its agents cannot reach Azure Monitor.`,
    resources: [cluster.id.id],
    rules: [5],
    agentError: AGENT_ERRORS.metricsNoConfiguration,
    fix: `Either allow ${[...new Set(missing.map((m) => m.rule))].sort().join(', ')} on the firewall, or give the cluster a private path: peer its VNet with the private endpoint's VNet and link the private DNS zones to it.`,
  });
  for (const signal of ['metrics', 'logs'] as const) {
    const hosts = missing.filter((m) => m.signal === signal || m.signal === 'both');
    if (hosts.length === 0) continue;
    judgement.stops(
      signal,
      {
        code: 'AMPL_VERIFY_E0023',
        signal,
        text: `the firewall blocks ${nameSome(hosts.map((b) => b.host))} and there is no private path`,
      },
      [blocked],
      { publicPath: true },
    );
  }
}

/** The host names a cluster without a private path must reach through its firewall, each with the rule that allows it. */
function firewallHosts(
  uses: readonly Use[],
  monitoring: ClusterMonitoring,
): { host: string; rule: string; signal: Use['signal'] }[] {
  const needed: { host: string; rule: string; signal: Use['signal'] }[] = [
    { host: LOGIN_HOST, rule: LOGIN_HOST, signal: 'both' },
  ];
  const config = uses.find((u) => u.code === 'config');
  if (config === undefined) needed.push({ host: GLOBAL_HANDLER, rule: GLOBAL_HANDLER, signal: 'both' });
  for (const use of uses) {
    const hosts =
      use.hosts.length > 0
        ? use.hosts
        : use.label === 'DCE'
          ? [`${use.name.toLowerCase()}.${use.code === 'config' ? 'handler.control' : 'ingest'}.monitor.azure.com`]
          : [];
    for (const host of hosts) needed.push({ host, rule: wildcardFor(host), signal: use.signal });
  }
  if (monitoring.prometheusRules.length === 0) return needed.filter((n) => n.signal !== 'metrics');
  return needed;
}

/** The rule-5 wildcard that covers a host. */
function wildcardFor(host: string): string {
  for (const suffix of [
    '.handler.control.monitor.azure.com',
    '.ingest.monitor.azure.com',
    '.ods.opinsights.azure.com',
    '.oms.opinsights.azure.com',
  ]) {
    if (host.endsWith(suffix)) return `*${suffix}`;
  }
  return host;
}
