import { provisioningStateText } from '../model/provisioning-state.js';
import { idKey } from '../model/resource-id.js';
import type { Topology } from '../model/topology.js';
import type { ClusterMonitoring } from '../plan/analyse-cluster.js';
import { compareKeys, nameSome, plural } from '../plan/findings.js';
import type { TwinnableCode } from '../model/codes.js';
import { IN_PROGRESS_CODE } from '../plan/in-progress.js';
import { AGENT_ERRORS } from './agent-errors.js';
import type { AmplsContext } from './context.js';
import type { FindingSet } from './finding-set.js';
import type { ClusterFindingTemplate, ClusterJudgement, Problem } from './judgement.js';
import type { Route } from './types.js';
import { endpointHosts, type Use } from './uses.js';

/** Rules 2, 3, 4 and 6: what the cluster's own rules send through and to. */
export function destinationUses(topology: Topology, monitoring: ClusterMonitoring): Use[] {
  const uses: Use[] = [];
  const addEndpoint = (id: string, signal: Use['signal'], code: Use['code'], rules: number[], role: string) => {
    const endpoint = topology.endpoints.get(idKey(id));
    if (endpoint === undefined || uses.some((u) => u.key === endpoint.resource.key && u.code === code)) return;
    uses.push({
      signal,
      resourceId: endpoint.resource.id,
      key: endpoint.resource.key,
      label: 'DCE',
      name: endpoint.resource.name,
      publicAccess: endpoint.publicNetworkAccess,
      hosts: endpointHosts(endpoint.resource.properties, ['metricsIngestion', 'logsIngestion']),
      code,
      rules,
      role,
    });
  };
  for (const rule of monitoring.prometheusRules) {
    if (rule.endpointId)
      addEndpoint(rule.endpointId, 'metrics', 'AMPL_VERIFY_E0005', [2], 'Prometheus ingestion endpoint of a cluster');
    for (const accountId of rule.monitoringAccountIds) {
      const workspace = topology.monitorWorkspaces.get(idKey(accountId));
      if (workspace?.defaultEndpointId === undefined) continue;
      const arc = monitoring.cluster.kind === 'arc';
      addEndpoint(
        workspace.defaultEndpointId,
        'metrics',
        'AMPL_VERIFY_E0006',
        arc ? [3, 6] : [3],
        `default endpoint of Azure Monitor workspace ${workspace.resource.name}${arc ? ' (also the remote-write endpoint of on-premises clusters)' : ''}`,
      );
    }
  }
  for (const rule of monitoring.containerInsightsRules) {
    for (const workspaceId of rule.logAnalyticsWorkspaceIds) {
      const workspace = topology.logAnalyticsWorkspaces.get(idKey(workspaceId));
      if (workspace === undefined || uses.some((u) => u.key === workspace.resource.key)) continue;
      const customerId = workspace.resource.properties['customerId'];
      const ws = typeof customerId === 'string' ? customerId : workspace.resource.name;
      uses.push({
        signal: 'logs',
        resourceId: workspace.resource.id,
        key: workspace.resource.key,
        label: 'Log Analytics workspace',
        name: workspace.resource.name,
        publicAccess: workspace.publicNetworkAccessForIngestion,
        hosts: [`${ws}.ods.opinsights.azure.com`, `${ws}.oms.opinsights.azure.com`],
        code: 'AMPL_VERIFY_E0007',
        rules: [4],
        role: 'destination of Container insights logs',
      });
    }
    if (rule.endpointId)
      addEndpoint(rule.endpointId, 'logs', 'AMPL_VERIFY_E0008', [4], 'high-scale logs ingestion endpoint of a cluster');
  }
  return uses;
}

/** Open ingestion lets clusters that reach the AMPLS privately send to resources outside it, over the internet. */
export function checkIngestionMode(ampls: AmplsContext, findings: FindingSet): void {
  const { scope, scopeName } = ampls;
  if (scope.ingestionAccessMode !== 'Open' && scope.ingestionAccessMode !== undefined) return;
  findings.add({
    code: 'AMPL_VERIFY_W0020',
    severity: 'warning',
    message: `AMPLS ${scopeName} has ingestion access mode ${scope.ingestionAccessMode ?? 'Open (not set)'}: clusters that reach it privately can still send to resources outside it, and that data leaves over the public internet.`,
    resources: [scope.resource.id],
    rules: [],
    fix: `Once every destination is in the AMPLS (amplink plan shows none missing), set PrivateOnly: az monitor private-link-scope update -g ${scope.resource.resourceId.resourceGroup ?? 'GROUP'} -n ${scopeName} --set properties.accessModeSettings.ingestionAccessMode=PrivateOnly`,
  });
}

/** A destination whose resource is not in the AMPLS, with the finding that says so. */
type OutsideUse = Use & { code: TwinnableCode };

/** The uses whose resource is not in the AMPLS (nor being linked); the configuration DCE has rule 1's checks. */
function outsideUses(ampls: AmplsContext, uses: readonly Use[]): OutsideUse[] {
  return uses.filter(
    (use): use is OutsideUse => use.code !== 'config' && !ampls.linked.has(use.key) && !ampls.linking.has(use.key),
  );
}

/** Each destination outside the AMPLS is a problem: the cause of whatever it stops on the cluster's route. */
export function outsideAmpls(
  ampls: AmplsContext,
  judgement: ClusterJudgement,
  uses: readonly Use[],
): ReadonlyMap<Use, Problem> {
  const { actions, privateOnly, scope, scopeName } = ampls;
  const outside = new Map<Use, Problem>();
  for (const use of outsideUses(ampls, uses)) {
    const redirect = actions.ruleUpdatesFrom(use.key);
    if (redirect.length > 0) {
      outside.set(use, judgement.problem(driftProblem(use, scopeName, redirect, privateOnly)));
      continue;
    }
    outside.set(
      use,
      judgement.problem({
        code: use.code,
        severity: 'error',
        message: `${use.label} ${use.name} is the ${use.role}, and it is not in AMPLS ${scopeName}: that traffic cannot use private link${privateOnly ? ', and PrivateOnly refuses it from networks connected to the AMPLS' : ''}.`,
        resources: [use.resourceId, scope.resource.id],
        rules: use.rules,
        fixActions: actions.linkOf(use.key),
        ...(actions.linkOf(use.key).length === 0 && { fix: actions.blockedFix() }),
        ...(privateOnly && { agentError: AGENT_ERRORS.privateOnly }),
      }),
    );
  }
  return outside;
}

/**
 * A rule that sends through its own DCE outside the AMPLS while the plan points it at a shared DCE: before a first
 * apply that is the plan's work; after one, the rule was written back to its own DCE (re-enabling monitoring on the
 * cluster does that, DOMAIN.md "Where ingestion may go"): drift, and the same fix.
 */
function driftProblem(use: Use, scopeName: string, fixActions: string[], privateOnly: boolean): ClusterFindingTemplate {
  return {
    code: 'AMPL_VERIFY_E0009',
    severity: 'error',
    message: `${use.label} ${use.name} is the ${use.role}, and it is not in AMPLS ${scopeName}; the plan points the rule at a shared DCE in the AMPLS instead (shared ingestion). If amplink pointed it there before, the rule was written back to its own DCE since (re-enabling monitoring on the cluster does that): drift${privateOnly ? ', and PrivateOnly refuses that traffic' : ''}.`,
    resources: [use.resourceId],
    rules: use.rules,
    fixActions,
    fix: 'Run amplink apply (or the az export) to point the rule at its shared DCE again; do so after every re-enabling of monitoring on a cluster.',
    ...(privateOnly && { agentError: AGENT_ERRORS.privateOnly }),
  };
}

/** A link Azure is still writing: whether that traffic can use private link is not known yet. */
export function linksInProgress(
  ampls: AmplsContext,
  judgement: ClusterJudgement,
  uses: readonly Use[],
  route: Route,
): void {
  for (const use of uses) {
    const link = ampls.linking.get(use.key);
    if (link === undefined) continue;
    const state = provisioningStateText(link);
    judgement.problem({
      code: IN_PROGRESS_CODE,
      severity: 'warning',
      message: `AMPLS ${ampls.scopeName}'s link ${link.name} to ${use.label} ${use.name} (the ${use.role}) is ${state}: Azure is still working on it, so whether that traffic can use private link is not known yet.`,
      resources: [link.id, use.resourceId],
      rules: use.rules,
      fix: 'Run amplink verify again once the link is Succeeded; a link that stays so for an hour is stuck: delete it and run amplink plan and apply.',
    });
    // Over the public route the link does not matter; otherwise the signal is not proven either way yet.
    if (route !== 'public') {
      judgement.unknown(use.signal, {
        code: IN_PROGRESS_CODE,
        signal: use.signal,
        text: `the AMPLS link of ${use.label} ${use.name} is still ${state}`,
      });
    }
  }
}

/** The destinations PrivateOnly refuses, with the clusters that reach the AMPLS privately and send to them. */
export class PrivateOnlyRefusals {
  private readonly byKey = new Map<string, { use: Use; clusters: Set<string> }>();

  add(use: Use, clusterId: string): void {
    const entry = this.byKey.get(use.key) ?? { use, clusters: new Set<string>() };
    entry.clusters.add(clusterId);
    this.byKey.set(use.key, entry);
  }

  /** One finding for the AMPLS naming every refused resource and cluster. */
  report(ampls: AmplsContext, findings: FindingSet): void {
    if (!ampls.privateOnly || this.byKey.size === 0) return;
    const { actions } = ampls;
    const entries = [...this.byKey.values()].sort((a, b) => compareKeys(a.use.resourceId, b.use.resourceId));
    const clusters = [...new Set(entries.flatMap((e) => [...e.clusters]))].sort(compareKeys);
    findings.add({
      code: 'AMPL_VERIFY_E0021',
      severity: 'error',
      message: `AMPLS ${ampls.scopeName} is PrivateOnly, and ${plural(entries.length, 'resource')} that clusters reaching it privately send to ${entries.length === 1 ? 'is' : 'are'} not in it (${nameSome(entries.map((e) => e.use.name))}): their ingestion is refused for ${plural(clusters.length, 'cluster')}.`,
      resources: [ampls.scope.resource.id, ...entries.map((e) => e.use.resourceId)],
      rules: [...new Set(entries.flatMap((e) => e.use.rules))].sort((a, b) => a - b),
      clusters,
      agentError: AGENT_ERRORS.privateOnly,
      fixActions: [...new Set(entries.flatMap((e) => actions.linkOf(e.use.key)))],
      ...(entries.some((e) => actions.linkOf(e.use.key).length === 0) && { fix: actions.blockedFix() }),
    });
  }
}

/**
 * Over private link, a destination outside the AMPLS is refused (PrivateOnly), unreachable (it refuses public
 * access), or reached over the internet (Open).
 */
export function privateRouteDestinations(options: {
  ampls: AmplsContext;
  judgement: ClusterJudgement;
  clusterId: string;
  uses: readonly Use[];
  outside: ReadonlyMap<Use, Problem>;
  refusals: PrivateOnlyRefusals;
}): void {
  const { ampls, judgement, clusterId, uses, outside, refusals } = options;
  const causesOf = (use: Use): Problem[] => {
    const problem = outside.get(use);
    return problem ? [problem] : [];
  };
  for (const use of outsideUses(ampls, uses)) {
    if (ampls.privateOnly) {
      judgement.stops(
        use.signal,
        {
          // The finding's code: E0009 when the plan points the rule elsewhere (shared ingestion).
          code: outside.get(use)?.template.code ?? use.code,
          signal: use.signal,
          text: `${use.label} ${use.name} is not in the AMPLS; PrivateOnly refuses it`,
        },
        causesOf(use),
      );
      refusals.add(use, clusterId);
    } else if (use.publicAccess === 'Disabled') {
      judgement.stops(
        use.signal,
        {
          code: 'AMPL_VERIFY_E0022',
          signal: use.signal,
          text: `${use.label} ${use.name} is not in the AMPLS and refuses public access`,
        },
        [...causesOf(use), refusesPublic(ampls, judgement, use)],
      );
    } else {
      judgement.note({
        code: 'AMPL_VERIFY_W0020',
        signal: use.signal,
        text: `${use.label} ${use.name} is not in the AMPLS: reached over the public internet`,
      });
    }
  }
}

/** Over the internet, a destination that refuses public access is unreachable. */
export function publicRouteDestinations(ampls: AmplsContext, judgement: ClusterJudgement, uses: readonly Use[]): void {
  for (const use of uses) {
    if (use.publicAccess !== 'Disabled') continue;
    judgement.stops(
      use.signal,
      {
        code: 'AMPL_VERIFY_E0022',
        signal: use.signal,
        text: `${use.label} ${use.name} refuses public access and the cluster has no private path to it`,
      },
      [refusesPublic(ampls, judgement, use)],
      { publicPath: true },
    );
  }
}

function refusesPublic(ampls: AmplsContext, judgement: ClusterJudgement, use: Use): Problem {
  return judgement.problem({
    code: 'AMPL_VERIFY_E0022',
    severity: 'error',
    message: `${use.label} ${use.name} refuses public network access, but some clusters that use it (as ${use.role}) have no private path to it through the AMPLS.`,
    resources: [use.resourceId],
    rules: use.rules,
    fixActions: ampls.actions.linkOf(use.key),
    fix: `Give those clusters a private path (their VNet peered with the private endpoint's VNet, and the private DNS zones linked to it), or allow public access on ${use.name} (${use.label === 'DCE' ? 'az monitor data-collection endpoint update --public-network-access Enabled' : 'az monitor log-analytics workspace update --ingestion-access Enabled'}).`,
  });
}
