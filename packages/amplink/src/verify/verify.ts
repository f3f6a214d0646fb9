import { AmplinkError } from '../model/errors.js';
import { idKey } from '../model/resource-id.js';
import type { Topology } from '../model/topology.js';
import { analyseCluster } from '../plan/analyse-cluster.js';
import { compareKeys } from '../plan/findings.js';
import { clusterSelector, DEFAULT_LIMITS } from '../plan/options.js';
import { planOnce } from '../plan/planner.js';
import type { Plan } from '../plan/types.js';
import { configurationUse, followConfiguration } from './configuration.js';
import { amplsContext, type AmplsContext, type ClusterContext } from './context.js';
import {
  checkIngestionMode,
  destinationUses,
  linksInProgress,
  outsideAmpls,
  PrivateOnlyRefusals,
  privateRouteDestinations,
  publicRouteDestinations,
} from './destinations.js';
import { FindingSet } from './finding-set.js';
import { unusedEndpoints } from './unused-endpoints.js';
import { checkPublicEgress, checkSignIn } from './firewall.js';
import { ClusterJudgement } from './judgement.js';
import { checkAmplsLimits } from './limits.js';
import { checkApprovedEndpoint, followRoute, routeOf } from './routes.js';
import type { ClusterVerdict, SignalStatus, VerifyFinding, VerifyOptions, VerifyResult } from './types.js';
import { checkSharedZoneSets } from './zone-sets.js';

/**
 * The plan's findings verify reports itself: the limits (AMPL_VERIFY_E0030, W0031), and a firewall that blocks the
 * agents (AMPL_VERIFY_E0023, per cluster).
 */
const PLAN_LIMIT_CODES = new Set(['AMPL_PLAN_E0101', 'AMPL_PLAN_E0102', 'AMPL_PLAN_W0103', 'AMPL_PLAN_W0009']);

/**
 * Every way the private link set-up of the selected clusters is broken, as far as the configuration shows, and per
 * cluster whether metrics and logs can flow. Pure: no I/O; runs `plan` to point each fixable finding at its actions.
 * Each rule family lives in its own module; the order here is the order of the table's lines and of merged findings.
 */
export function verify(topology: Topology, options: VerifyOptions): VerifyResult {
  const thePlan =
    options.plan ??
    planOnce(topology, {
      amplsId: options.amplsId,
      ...(options.clusters && { clusters: options.clusters }),
      ...(options.limits && { limits: options.limits }),
      ...(options.newEndpoints && { newEndpoints: options.newEndpoints }),
      ...(options.ingestionEndpoints && { ingestionEndpoints: options.ingestionEndpoints }),
      ...(options.firewallRules === true && { firewallRules: true }),
    });
  if (!topology.privateLinkScopes.has(idKey(thePlan.ampls.id))) {
    // Only a plan that creates the AMPLS (--create-ampls) gets here: discovery refuses an AMPLS that is not there.
    throw new AmplinkError({
      code: 'AMPL_VERIFY_E0031',
      message: `AMPLS ${thePlan.ampls.name} does not exist yet: the plan creates it, so there is no private path to verify.`,
      fix: 'Run amplink apply with the same options first (amplink plan shows what it makes), then amplink verify.',
    });
  }
  const ampls = amplsContext(topology, thePlan);
  const findings = new FindingSet();
  checkApprovedEndpoint(ampls, findings);
  checkIngestionMode(ampls, findings);

  const contexts = clusterContexts(topology, options);
  const refusals = new PrivateOnlyRefusals();
  for (const context of contexts) {
    if (context.monitoring.monitored) judgeCluster(context, ampls, refusals);
  }
  refusals.report(ampls, findings);
  checkSharedZoneSets(ampls, contexts, findings);
  for (const context of contexts) context.judgement.emit(findings);
  checkAmplsLimits({
    ampls,
    thePlan,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    warningRatio: options.limitWarningRatio ?? 0.8,
    findings,
  });
  for (const finding of unusedEndpoints(
    topology,
    contexts.map((c) => c.monitoring),
  ))
    findings.add(finding);
  for (const finding of thePlan.findings) {
    if (!PLAN_LIMIT_CODES.has(finding.code)) findings.add({ ...finding, clusters: [], fixActions: [] });
  }
  return resultOf(ampls, contexts, findings, thePlan);
}

/** The selected clusters, each with what its associations say and a verdict that starts from its signals. */
function clusterContexts(topology: Topology, options: VerifyOptions): ClusterContext[] {
  const select = clusterSelector(options.clusters ?? {});
  return topology.clusters.filter(select).map((cluster) => {
    const monitoring = analyseCluster(topology, cluster);
    const verdict: ClusterVerdict = {
      id: cluster.id.id,
      name: cluster.id.name,
      region: cluster.region,
      kind: cluster.kind,
      route: 'unknown',
      metrics: monitoring.prometheusRules.length > 0 ? 'ok' : 'off',
      logs: monitoring.containerInsightsRules.length > 0 ? 'ok' : 'off',
      reasons: [],
    };
    return { cluster, monitoring, verdict, judgement: new ClusterJudgement(verdict) };
  });
}

/** One monitored cluster through every rule family: its route, its configuration, its destinations, its firewall. */
function judgeCluster(context: ClusterContext, ampls: AmplsContext, refusals: PrivateOnlyRefusals): void {
  const { cluster, monitoring, verdict, judgement } = context;
  const route = routeOf(context, ampls);
  verdict.route = route.route;
  if (route.vnet) verdict.vnetId = route.vnet.id;

  const config = configurationUse(ampls, monitoring, judgement);
  const uses = [...(config.use ? [config.use] : []), ...destinationUses(ampls.topology, monitoring)];
  const outside = outsideAmpls(ampls, judgement, uses);
  linksInProgress(ampls, judgement, uses, route.route);
  followRoute(judgement, route);
  followConfiguration(judgement, config.problem, route.route);

  if (route.route === 'private') {
    checkSignIn(context, ampls);
    privateRouteDestinations({ ampls, judgement, clusterId: cluster.id.id, uses, outside, refusals });
  } else if (route.route === 'public') {
    publicRouteDestinations(ampls, judgement, uses);
    checkPublicEgress(context, ampls, uses);
  }
}

function resultOf(
  ampls: AmplsContext,
  contexts: readonly ClusterContext[],
  findings: FindingSet,
  thePlan: Plan,
): VerifyResult {
  const { scope } = ampls;
  const sorted = findings.sorted();
  const clusters = contexts.map((c) => c.verdict).sort((a, b) => compareKeys(a.id, b.id));
  const count = (key: 'metrics' | 'logs') => {
    const result: Record<SignalStatus, number> = { ok: 0, broken: 0, unknown: 0, off: 0 };
    for (const c of clusters) result[c[key]]++;
    return result;
  };
  return {
    schemaVersion: 1,
    ampls: {
      id: scope.resource.id,
      name: ampls.scopeName,
      ...(scope.ingestionAccessMode !== undefined && { ingestionAccessMode: scope.ingestionAccessMode }),
    },
    clusters,
    findings: sorted,
    plan: thePlan,
    summary: {
      clusters: clusters.length,
      metrics: count('metrics'),
      logs: count('logs'),
      findings: {
        error: sorted.filter((f) => f.severity === 'error').length,
        warning: sorted.filter((f) => f.severity === 'warning').length,
        info: sorted.filter((f) => f.severity === 'info').length,
      },
    },
  };
}

export type { VerifyFinding };
