import type { TwinnableCode } from '../model/codes.js';
import { provisioningStateText } from '../model/provisioning-state.js';
import { idKey } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import { privatePathOf } from '../model/private-path.js';
import type { Cluster, PrivateLinkScope, Topology } from '../model/topology.js';
import { analyseCluster, type ClusterMonitoring } from '../plan/analyse-cluster.js';
import { compareKeys, nameSome, plural } from '../plan/findings.js';
import { IN_PROGRESS_CODE } from '../plan/in-progress.js';
import { clusterSelector, DEFAULT_LIMITS } from '../plan/options.js';
import { planOnce as plan } from '../plan/planner.js';
import type { Plan, PlanAction } from '../plan/types.js';
import { AGENT_ERRORS } from './agent-errors.js';
import { FindingSet } from './finding-set.js';
import { ClusterJudgement, type ClusterFindingTemplate, type Problem } from './judgement.js';
import {
  AMPLS_DNS_ZONES,
  egressOf,
  fqdnAllowed,
  MONITOR_ZONE,
  NetworkIndex,
  type PrivateEndpoint,
  type VirtualNetwork,
} from '../model/network-index.js';
import type {
  ClusterReason,
  ClusterVerdict,
  Route,
  SignalStatus,
  VerifyFinding,
  VerifyOptions,
  VerifyResult,
} from './types.js';

/** One resource a cluster's agents use, and for what. */
interface Use {
  signal: 'metrics' | 'logs' | 'both';
  resourceId: string;
  key: string;
  label: string;
  name: string;
  /** `Disabled` when it refuses public traffic. */
  publicAccess: string | undefined;
  /** Host names the agents talk to for it (for firewall checks). */
  hosts: string[];
  /** The finding when it is not in the AMPLS; `config` for the configuration DCE, which has findings of its own. */
  code: TwinnableCode | 'config';
  rules: number[];
  role: string;
}

interface ClusterContext {
  cluster: Cluster;
  monitoring: ClusterMonitoring;
  verdict: ClusterVerdict;
  judgement: ClusterJudgement;
}

const LINK = RESOURCE_TYPES.scopedResource.toLowerCase();
const DCRA = RESOURCE_TYPES.dataCollectionRuleAssociation.toLowerCase();

/** FQDNs rule 5 names for a cluster behind a firewall without a private path (DOMAIN.md rule 5). */
const LOGIN_HOST = 'login.microsoftonline.com';
const GLOBAL_HANDLER = 'global.handler.control.monitor.azure.com';

/**
 * Every way the private link set-up of the selected clusters is broken, as far as the configuration shows, and per
 * cluster whether metrics and logs can flow. Pure: no I/O; runs `plan` to point each fixable finding at its actions.
 */
export function verify(topology: Topology, options: VerifyOptions): VerifyResult {
  const thePlan =
    options.plan ??
    plan(topology, {
      amplsId: options.amplsId,
      ...(options.clusters && { clusters: options.clusters }),
      ...(options.limits && { limits: options.limits }),
      ...(options.newEndpoints && { newEndpoints: options.newEndpoints }),
    });
  const scope = topology.privateLinkScopes.get(idKey(thePlan.ampls.id)) as PrivateLinkScope;
  const net = new NetworkIndex(topology.resources);
  const findings = new FindingSet();
  const actions = new PlanActions(thePlan);
  // Only a link Azure finished carries traffic; one still being written is neither ok nor broken yet.
  const links = topology.scopedResourcesByScope.get(scope.resource.key) ?? [];
  const linked = new Set(links.filter((s) => s.provisioning === 'done').map((s) => idKey(s.linkedResourceId)));
  const linking = new Map(
    links.filter((s) => s.provisioning === 'in-progress').map((s) => [idKey(s.linkedResourceId), s.resource]),
  );
  const privateOnly = scope.ingestionAccessMode === 'PrivateOnly';
  const scopeName = scope.resource.name;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };

  const { approvedConnections, endpoints: approved } = net.approvedEndpoints(scope.resource.key);
  if (approved.length === 0 && approvedConnections === 0) {
    findings.add({
      code: 'AMPL_VERIFY_E0010',
      severity: 'error',
      message: `AMPLS ${scopeName} has no approved private endpoint: no network reaches it privately, so no cluster can send through it.`,
      resources: [scope.resource.id],
      rules: [6],
      fix: `Create a private endpoint to the AMPLS in the network the clusters use (az network private-endpoint create --group-id azuremonitor --private-connection-resource-id ${scope.resource.id} --vnet-name VNET --subnet SUBNET ...), or approve its pending connection (az monitor private-link-scope private-endpoint-connection approve). amplink does not create private endpoints.`,
    });
  }
  if (scope.ingestionAccessMode === 'Open' || scope.ingestionAccessMode === undefined) {
    findings.add({
      code: 'AMPL_VERIFY_W0020',
      severity: 'warning',
      message: `AMPLS ${scopeName} has ingestion access mode ${scope.ingestionAccessMode ?? 'Open (not set)'}: clusters that reach it privately can still send to resources outside it, and that data leaves over the public internet.`,
      resources: [scope.resource.id],
      rules: [],
      fix: `Once every destination is in the AMPLS (amplink plan shows none missing), set PrivateOnly: az monitor private-link-scope update -g ${scope.resource.resourceId.resourceGroup ?? 'GROUP'} -n ${scopeName} --set properties.accessModeSettings.ingestionAccessMode=PrivateOnly`,
    });
  }

  const select = clusterSelector(options.clusters ?? {});
  const contexts: ClusterContext[] = [];
  for (const cluster of topology.clusters.filter(select)) {
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
    contexts.push({ cluster, monitoring, verdict, judgement: new ClusterJudgement(verdict) });
  }

  const blockedByPrivateOnly = new Map<string, { use: Use; clusters: Set<string> }>();
  for (const context of contexts) {
    const { cluster, monitoring, verdict, judgement } = context;
    if (!monitoring.monitored) continue;
    const route = routeOf(context, net, scope, approved);
    verdict.route = route.route;
    if (route.vnet) verdict.vnetId = route.vnet.id;
    const clusterId = cluster.id.id;

    // Rule 1: the configuration endpoint.
    const config = configurationUse(topology, monitoring, linked, linking, actions, judgement, scopeName);
    const uses = [...(config.use ? [config.use] : []), ...destinationUses(topology, monitoring)];
    const outsideAmpls = new Map<Use, Problem>();
    for (const use of uses) {
      if (use.code === 'config' || linked.has(use.key) || linking.has(use.key)) continue;
      outsideAmpls.set(
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
    const causesOf = (use: Use): Problem[] => {
      const problem = outsideAmpls.get(use);
      return problem ? [problem] : [];
    };

    for (const use of uses) {
      const link = linking.get(use.key);
      if (link === undefined) continue;
      const state = provisioningStateText(link);
      judgement.problem({
        code: IN_PROGRESS_CODE,
        severity: 'warning',
        message: `AMPLS ${scopeName}'s link ${link.name} to ${use.label} ${use.name} (the ${use.role}) is ${state}: Azure is still working on it, so whether that traffic can use private link is not known yet.`,
        resources: [link.id, use.resourceId],
        rules: use.rules,
        fix: 'Run amplink verify again once the link is Succeeded; a link that stays so for an hour is stuck: delete it and run amplink plan and apply.',
      });
      // Over the public route the link does not matter; otherwise the signal is not proven either way yet.
      if (route.route !== 'public') {
        judgement.unknown(use.signal, {
          code: IN_PROGRESS_CODE,
          signal: use.signal,
          text: `the AMPLS link of ${use.label} ${use.name} is still ${state}`,
        });
      }
    }
    if (route.route === 'misrouted') judgement.stops('both', undefined, route.problems);
    else if (route.route === 'unknown') for (const r of route.reasons) judgement.unknown('both', r);

    // An association to no DCE of the cluster's region fails on every route; a missing one, or a DCE outside the
    // AMPLS, only over private link.
    if (config.problem && (route.route === 'private' || config.problem.everyRoute)) {
      judgement.stops('both', config.problem.reason, [config.problem.cause]);
    }

    if (route.route === 'private') {
      // The private endpoint serves Azure Monitor, not Microsoft Entra ID: agents still sign in at
      // login.microsoftonline.com through the firewall (DOMAIN.md rule 5, "in practice also").
      const egress = egressOf(cluster);
      if (egress.restricted && egress.allowedFqdns !== undefined && !fqdnAllowed(egress.allowedFqdns, LOGIN_HOST)) {
        const reason: ClusterReason = {
          code: 'AMPL_VERIFY_E0023',
          signal: 'both',
          text: `the firewall blocks ${LOGIN_HOST}: the agents cannot sign in`,
        };
        const blocked = judgement.problem({
          code: 'AMPL_VERIFY_E0023',
          severity: 'error',
          message: `Cluster ${cluster.id.name} reaches AMPLS ${scopeName} privately, but its firewall does not allow ${LOGIN_HOST}, where the agents get their tokens (rule 5): nothing is sent.`,
          resources: [clusterId],
          rules: [5],
          agentError: AGENT_ERRORS.metricsNoConfiguration,
          fix: `Allow ${LOGIN_HOST} on the firewall. amplink does not change firewalls.`,
        });
        judgement.stops('both', reason, [blocked]);
      }
      for (const use of uses) {
        if (use.code === 'config' || linked.has(use.key) || linking.has(use.key)) continue;
        if (privateOnly) {
          judgement.stops(
            use.signal,
            {
              code: use.code,
              signal: use.signal,
              text: `${use.label} ${use.name} is not in the AMPLS; PrivateOnly refuses it`,
            },
            causesOf(use),
          );
          const entry = blockedByPrivateOnly.get(use.key) ?? { use, clusters: new Set<string>() };
          entry.clusters.add(clusterId);
          blockedByPrivateOnly.set(use.key, entry);
        } else if (use.publicAccess === 'Disabled') {
          judgement.stops(
            use.signal,
            {
              code: 'AMPL_VERIFY_E0022',
              signal: use.signal,
              text: `${use.label} ${use.name} is not in the AMPLS and refuses public access`,
            },
            [...causesOf(use), refusesPublic(judgement, use, actions)],
          );
        } else {
          judgement.note({
            code: 'AMPL_VERIFY_W0020',
            signal: use.signal,
            text: `${use.label} ${use.name} is not in the AMPLS: reached over the public internet`,
          });
        }
      }
    } else if (route.route === 'public') {
      const egress = egressOf(cluster);
      for (const use of uses) {
        if (use.publicAccess === 'Disabled') {
          judgement.stops(
            use.signal,
            {
              code: 'AMPL_VERIFY_E0022',
              signal: use.signal,
              text: `${use.label} ${use.name} refuses public access and the cluster has no private path to it`,
            },
            [refusesPublic(judgement, use, actions)],
            { publicPath: true },
          );
        }
      }
      if (egress.restricted) {
        if (egress.allowedFqdns === undefined) {
          judgement.unknown('both', {
            code: 'AMPL_VERIFY_I0024',
            signal: 'both',
            text: 'egress goes through a firewall (user-defined routing) whose rules amplink cannot read',
          });
        } else {
          const needed = firewallHosts(uses, monitoring);
          const missing = needed.filter((n) => !fqdnAllowed(egress.allowedFqdns ?? [], n.host));
          if (missing.length > 0) {
            const blocked = judgement.problem({
              code: 'AMPL_VERIFY_E0023',
              severity: 'error',
              message: `Cluster ${cluster.id.name} sends through a firewall that does not allow ${nameSome(
                [...new Set(missing.map((m) => m.rule))].sort(),
                6,
              )}, and it has no private path to AMPLS ${scopeName} (rule 5): its agents cannot reach Azure Monitor.`,
              resources: [clusterId],
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
        }
      }
    }
  }

  if (privateOnly && blockedByPrivateOnly.size > 0) {
    const entries = [...blockedByPrivateOnly.values()].sort((a, b) => compareKeys(a.use.resourceId, b.use.resourceId));
    const clusters = [...new Set(entries.flatMap((e) => [...e.clusters]))].sort(compareKeys);
    findings.add({
      code: 'AMPL_VERIFY_E0021',
      severity: 'error',
      message: `AMPLS ${scopeName} is PrivateOnly, and ${plural(entries.length, 'resource')} that clusters reaching it privately send to ${entries.length === 1 ? 'is' : 'are'} not in it (${nameSome(entries.map((e) => e.use.name))}): their ingestion is refused for ${plural(clusters.length, 'cluster')}.`,
      resources: [scope.resource.id, ...entries.map((e) => e.use.resourceId)],
      rules: [...new Set(entries.flatMap((e) => e.use.rules))].sort((a, b) => a - b),
      clusters,
      agentError: AGENT_ERRORS.privateOnly,
      fixActions: [...new Set(entries.flatMap((e) => actions.linkOf(e.use.key)))],
      ...(entries.some((e) => actions.linkOf(e.use.key).length === 0) && { fix: actions.blockedFix() }),
    });
  }

  sharedZoneSets(net, scope, approved, contexts, findings);
  for (const context of contexts) context.judgement.emit(findings);
  checkLimitsFor(topology, net, scope, thePlan, limits, options.limitWarningRatio ?? 0.8, findings);
  for (const finding of thePlan.findings) {
    if (['AMPL_PLAN_E0101', 'AMPL_PLAN_E0102', 'AMPL_PLAN_W0103'].includes(finding.code)) continue;
    findings.add({ ...finding, clusters: [], fixActions: [] });
  }

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
      name: scopeName,
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

/** Finds the plan actions that fix a finding. */
class PlanActions {
  private readonly linksByKey = new Map<string, PlanAction>();
  private readonly associationsByCluster = new Map<string, PlanAction>();
  private readonly blocked: boolean;

  constructor(private readonly thePlan: Plan) {
    this.blocked = thePlan.summary.status === 'blocked';
    for (const action of thePlan.actions) {
      const type = action.resourceType.toLowerCase();
      const properties = (action.body['properties'] ?? {}) as Record<string, unknown>;
      if (type === LINK) this.linksByKey.set(idKey(String(properties['linkedResourceId'])), action);
      if (type === DCRA) for (const c of action.clusters) this.associationsByCluster.set(idKey(c), action);
    }
  }

  linkOf(key: string): string[] {
    const action = this.linksByKey.get(key);
    return action ? [action.id] : [];
  }

  /** The association, the DCE it needs created, and that DCE's link into the AMPLS. */
  associationOf(clusterId: string): string[] {
    const action = this.associationsByCluster.get(idKey(clusterId));
    if (action === undefined) return [];
    const endpoint = String((action.body['properties'] as Record<string, unknown>)['dataCollectionEndpointId'] ?? '');
    return [...new Set([...action.dependsOn, action.id, ...this.linkOf(idKey(endpoint))])];
  }

  blockedFix(): string {
    return this.blocked
      ? `amplink plan is blocked (${this.thePlan.findings
          .filter((f) => f.severity === 'error')
          .map((f) => f.code)
          .join(', ')}): fix its errors first, then run amplink plan and apply.`
      : 'Run amplink plan and apply.';
  }
}

function refusesPublic(judgement: ClusterJudgement, use: Use, actions: PlanActions): Problem {
  return judgement.problem({
    code: 'AMPL_VERIFY_E0022',
    severity: 'error',
    message: `${use.label} ${use.name} refuses public network access, but some clusters that use it (as ${use.role}) have no private path to it through the AMPLS.`,
    resources: [use.resourceId],
    rules: use.rules,
    fixActions: actions.linkOf(use.key),
    fix: `Give those clusters a private path (their VNet peered with the private endpoint's VNet, and the private DNS zones linked to it), or allow public access on ${use.name} (${use.label === 'DCE' ? 'az monitor data-collection endpoint update --public-network-access Enabled' : 'az monitor log-analytics workspace update --ingestion-access Enabled'}).`,
  });
}

interface RouteResult {
  route: Route;
  vnet: VirtualNetwork | undefined;
  /** Why the route is unknown (shown, changing ok to unknown). */
  reasons: ClusterReason[];
  /** What makes the route misrouted or public; shown in the table already. */
  problems: Problem[];
}

/** How the cluster's agents reach Azure Monitor: DNS (zones linked to its VNet, their A records) and the network path. */
function routeOf(
  context: ClusterContext,
  net: NetworkIndex,
  scope: PrivateLinkScope,
  approved: readonly PrivateEndpoint[],
): RouteResult {
  const { cluster, judgement } = context;
  const problems: Problem[] = [];
  // Each problem of the route is shown in the table; on a public route it is why the data goes over the internet.
  const add = (template: ClusterFindingTemplate, reason: ClusterReason, keepsPublic: boolean): void => {
    problems.push(judgement.problem(template, { reason, keepsPublic }));
    judgement.note(reason);
  };
  const clusterId = cluster.id.id;
  const path = privatePathOf(net, cluster);
  const vnet = path.vnet;
  const scopeName = scope.resource.name;
  if (vnet === undefined) {
    const knownId = path.unreadVnetId;
    if (knownId !== undefined) {
      return {
        route: 'unknown',
        vnet: undefined,
        problems: [],
        reasons: [
          {
            code: 'AMPL_VERIFY_I0025',
            signal: 'network',
            text: `its VNet ${knownId.split('/').pop() ?? knownId} is not among the resources read; discover its subscription too`,
          },
        ],
      };
    }
    add(
      {
        code: 'AMPL_VERIFY_W0012',
        severity: 'warning',
        message: `Cluster ${cluster.id.name} has no network of its own that amplink can see (${cluster.kind === 'arc' ? 'no tag connectivity: vpn:<vnet>' : 'no node subnet in a VNet'}), so it cannot use AMPLS ${scopeName}: its data goes over the public internet.`,
        resources: [clusterId],
        rules: cluster.kind === 'arc' ? [6] : [],
        fixActions: [],
        fix:
          cluster.kind === 'arc'
            ? 'Connect the site to an Azure VNet over VPN or ExpressRoute (rule 6), tag the cluster connectivity=vpn:<vnet>, and give that VNet a path to the private endpoint.'
            : 'Put the cluster in a VNet (bring your own subnet) that reaches the private endpoint and is linked to the private DNS zones.',
      },
      { code: 'AMPL_VERIFY_W0012', signal: 'network', text: 'no private network: sends over the public internet' },
      true,
    );
    return { route: 'public', vnet, reasons: [], problems };
  }

  const reachableEndpoints = approved.filter((pe) => pe.vnetKey !== undefined && net.reachable(vnet.key, pe.vnetKey));
  const unreachable = approved.length > 0 && reachableEndpoints.length === 0;
  if (unreachable) {
    const peVnets = [...new Set(approved.map((pe) => (pe.vnetKey ?? '').split('/').pop() ?? ''))].sort();
    add(
      {
        code: 'AMPL_VERIFY_E0011',
        severity: 'error',
        message: `Cluster ${cluster.id.name} is in VNet ${vnet.name}, which has no path to a private endpoint of AMPLS ${scopeName} (in ${peVnets.join(', ')}): not the same VNet, and not peered.`,
        resources: [clusterId, vnet.id, ...approved.map((pe) => pe.id)],
        rules: cluster.kind === 'arc' ? [6] : [5],
        fix: `Peer ${vnet.name} with ${peVnets.join(' or ')} in both directions (az network vnet peering create --allow-vnet-access), or create a private endpoint to the AMPLS in ${vnet.name}. amplink does not change networks.`,
      },
      {
        code: 'AMPL_VERIFY_E0011',
        signal: 'network',
        text: `VNet ${vnet.name} has no path to the AMPLS private endpoint`,
      },
      true,
    );
  }

  const monitorZone = path.monitorZone;
  const publicNames: Omit<ClusterReason, 'code'> = {
    signal: 'network',
    text: `${MONITOR_ZONE} is not linked to ${vnet.name}: names resolve to public IPs, data goes over the internet`,
  };
  const missingZones = AMPLS_DNS_ZONES.filter((z) => (net.zonesByName.get(z) ?? []).length === 0);
  if (missingZones.length > 0) {
    const template: ClusterFindingTemplate = {
      code: 'AMPL_VERIFY_E0013',
      severity: 'error',
      message: `The private DNS zones ${missingZones.join(', ')} do not exist, so the Azure Monitor endpoints resolve to public addresses everywhere: ${AGENT_ERRORS.publicDns}.`,
      resources: [scope.resource.id],
      rules: [],
      agentError: AGENT_ERRORS.publicDns,
      fix: `Create the zones and their records with the private endpoint's DNS zone group (az network private-endpoint dns-zone-group create --endpoint-name PE --private-dns-zone privatelink.monitor.azure.com ...), one zone config per zone: ${AMPLS_DNS_ZONES.join(', ')}.`,
    };
    if (missingZones.includes(MONITOR_ZONE)) add(template, { ...publicNames, code: template.code }, true);
    else problems.push(judgement.problem(template, { keepsPublic: true }));
  }
  const unlinked = AMPLS_DNS_ZONES.filter((z) => !missingZones.includes(z) && net.zoneFor(vnet.key, z) === undefined);
  if (unlinked.length > 0) {
    const zone = (net.zonesByName.get(unlinked[0] as string) ?? [])[0];
    const template: ClusterFindingTemplate = {
      code: 'AMPL_VERIFY_E0014',
      severity: 'error',
      message: `The private DNS zone${unlinked.length === 1 ? '' : 's'} ${nameSome(unlinked, 5)} ${unlinked.length === 1 ? 'is' : 'are'} not linked to VNet ${vnet.name} of cluster ${cluster.id.name}, so from there ${AGENT_ERRORS.publicDns}.`,
      resources: [vnet.id, ...unlinked.flatMap((z) => (net.zonesByName.get(z) ?? []).map((x) => x.id))],
      rules: [],
      agentError: AGENT_ERRORS.publicDns,
      fix: `Link each zone to ${vnet.name}: az network private-dns link vnet create -g ${zone?.id.split('/')[4] ?? 'GROUP'} -z ZONE -n ${vnet.name}-link -v ${vnet.id} -e false (for ${unlinked.join(', ')}). amplink does not change DNS.`,
    };
    if (unlinked.includes(MONITOR_ZONE)) add(template, { ...publicNames, code: template.code }, true);
    else problems.push(judgement.problem(template, { keepsPublic: true }));
  }
  if (monitorZone === undefined) return { route: 'public', vnet, reasons: [], problems };

  const addresses = [...monitorZone.records.values()].flat();
  const targets = new Map<string, PrivateEndpoint | undefined>();
  for (const address of addresses) targets.set(address, net.endpointOfAddress(address));
  const ours = [...targets.values()].filter(
    (pe): pe is PrivateEndpoint => pe !== undefined && net.scopesOfEndpoint(pe).includes(scope.resource.key),
  );
  const foreign = [...targets.values()].filter(
    (pe): pe is PrivateEndpoint => pe !== undefined && !net.scopesOfEndpoint(pe).includes(scope.resource.key),
  );
  if (addresses.length === 0 || ours.length === 0 || foreign.length > 0) {
    const what =
      addresses.length === 0
        ? 'has no A records'
        : foreign.length > 0
          ? `has A records of another private endpoint (${nameSome([...new Set(foreign.map((pe) => pe.name))])}, of another AMPLS), which overwrote those of this AMPLS`
          : 'has no A records that point to a private endpoint of this AMPLS';
    add(
      {
        code: 'AMPL_VERIFY_E0015',
        severity: 'error',
        message: `Zone ${MONITOR_ZONE} that VNet ${vnet.name} resolves through ${what}: the Azure Monitor endpoints of cluster ${cluster.id.name} do not resolve to AMPLS ${scopeName}'s private endpoint.`,
        resources: [monitorZone.id, ...foreign.map((pe) => pe.id)],
        rules: [],
        agentError: AGENT_ERRORS.publicDns,
        fix: `Write the records again from the private endpoint of ${scopeName} (its DNS zone group: az network private-endpoint dns-zone-group create), and give each AMPLS its own zone set: a VNet (really its DNS zones) connects to one AMPLS. amplink does not change DNS.`,
      },
      { code: 'AMPL_VERIFY_E0015', signal: 'network', text: `${MONITOR_ZONE} ${what}` },
      false,
    );
    return { route: 'misrouted', vnet, reasons: [], problems };
  }
  const reachableOurs = ours.filter((pe) => pe.vnetKey !== undefined && net.reachable(vnet.key, pe.vnetKey));
  if (reachableOurs.length === 0) {
    if (!unreachable) {
      add(
        {
          code: 'AMPL_VERIFY_E0011',
          severity: 'error',
          message: `Cluster ${cluster.id.name}'s DNS points at private endpoint ${ours[0]?.name ?? ''}, which VNet ${vnet.name} cannot reach (not the same VNet, not peered).`,
          resources: [clusterId, vnet.id, ...ours.map((pe) => pe.id)],
          rules: [],
          fix: `Peer ${vnet.name} with the private endpoint's VNet in both directions, or create a private endpoint in ${vnet.name}.`,
        },
        {
          code: 'AMPL_VERIFY_E0011',
          signal: 'network',
          text: 'names resolve to a private endpoint the VNet cannot reach',
        },
        false,
      );
    } else {
      judgement.note({
        code: 'AMPL_VERIFY_E0011',
        signal: 'network',
        text: 'names resolve to a private endpoint the VNet cannot reach',
      });
    }
    return { route: 'misrouted', vnet, reasons: [], problems };
  }
  return { route: 'private', vnet, reasons: [], problems };
}

interface ConfigurationProblem {
  cause: Problem;
  reason: ClusterReason;
  /** An association to no DCE of the cluster's region fails whatever the route. */
  everyRoute: boolean;
}

function configurationProblem(cause: Problem, text: string, everyRoute: boolean): ConfigurationProblem {
  return { cause, reason: { code: cause.template.code, signal: 'both', text }, everyRoute };
}

/** Rule 1: the configuration association and its DCE. */
function configurationUse(
  topology: Topology,
  monitoring: ClusterMonitoring,
  linked: Set<string>,
  linking: ReadonlyMap<string, unknown>,
  actions: PlanActions,
  judgement: ClusterJudgement,
  scopeName: string,
): { use: Use | undefined; problem: ConfigurationProblem | undefined } {
  const { cluster } = monitoring;
  const clusterId = cluster.id.id;
  const association = monitoring.configurationAssociation;
  const fixActions = actions.associationOf(clusterId);
  const fix = fixActions.length === 0 ? { fix: actions.blockedFix() } : {};
  const agentError = AGENT_ERRORS.configurationOverPrivateLink;
  if (association === undefined) {
    const cause = judgement.problem({
      code: 'AMPL_VERIFY_E0001',
      severity: 'error',
      message: `Cluster ${cluster.id.name} (${cluster.region}) has no configurationAccessEndpoint association: over private link its agents cannot fetch their configuration.`,
      resources: [clusterId],
      rules: [1],
      agentError,
      fixActions,
      ...fix,
    });
    return { use: undefined, problem: configurationProblem(cause, 'no configuration DCE', false) };
  }
  const endpoint = association.endpointId ? topology.endpoints.get(idKey(association.endpointId)) : undefined;
  if (endpoint === undefined) {
    const cause = judgement.problem({
      code: 'AMPL_VERIFY_E0003',
      severity: 'error',
      message: `Cluster ${cluster.id.name}: its configurationAccessEndpoint association ${association.endpointId ? `points to DCE ${association.endpointId}, which does not exist` : 'holds no data collection endpoint'}: its agents cannot fetch their configuration.`,
      resources: [clusterId, ...(association.endpointId ? [association.endpointId] : [])],
      rules: [1],
      agentError,
      fixActions,
      ...fix,
    });
    return { use: undefined, problem: configurationProblem(cause, 'configuration DCE missing', true) };
  }
  const use: Use = {
    signal: 'both',
    resourceId: endpoint.resource.id,
    key: endpoint.resource.key,
    label: 'DCE',
    name: endpoint.resource.name,
    publicAccess: endpoint.publicNetworkAccess,
    hosts: endpointHosts(endpoint.resource.properties, ['configurationAccess']),
    code: 'config',
    rules: [1],
    role: 'configuration endpoint of clusters in its region',
  };
  if (endpoint.region !== cluster.region) {
    const cause = judgement.problem({
      code: 'AMPL_VERIFY_E0002',
      severity: 'error',
      message: `Cluster ${cluster.id.name} is in ${cluster.region} but its configuration DCE ${endpoint.resource.name} is in ${endpoint.region}: agents fetch their configuration from a DCE in their own region, so Prometheus never starts.`,
      resources: [clusterId, endpoint.resource.id],
      rules: [1],
      agentError: AGENT_ERRORS.prometheusNeverStarts,
      fixActions,
      ...fix,
    });
    return {
      use,
      problem: configurationProblem(
        cause,
        `configuration DCE ${endpoint.resource.name} is in ${endpoint.region}`,
        true,
      ),
    };
  }
  if (!linked.has(endpoint.resource.key) && !linking.has(endpoint.resource.key)) {
    const links = actions.linkOf(endpoint.resource.key);
    const cause = judgement.problem({
      code: 'AMPL_VERIFY_E0004',
      severity: 'error',
      message: `Configuration DCE ${endpoint.resource.name} of cluster ${cluster.id.name} is not in AMPLS ${scopeName}: over private link the handler refuses the agents' configuration requests (403).`,
      resources: [endpoint.resource.id, clusterId],
      rules: [1],
      agentError,
      fixActions: links,
      ...(links.length === 0 && { fix: actions.blockedFix() }),
    });
    return {
      use,
      problem: configurationProblem(cause, `configuration DCE ${endpoint.resource.name} is not in the AMPLS`, false),
    };
  }
  return { use, problem: undefined };
}

function endpointHosts(properties: Readonly<Record<string, unknown>>, keys: readonly string[]): string[] {
  const hosts: string[] = [];
  for (const key of keys) {
    const url = (properties[key] as { endpoint?: unknown } | undefined)?.endpoint;
    if (typeof url !== 'string') continue;
    try {
      hosts.push(new URL(url).hostname);
    } catch {
      // not a URL: nothing to check
    }
  }
  return hosts;
}

/** Rules 2, 3, 4 and 6: what the cluster's own rules send through and to. */
function destinationUses(topology: Topology, monitoring: ClusterMonitoring): Use[] {
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

/** "A VNet (really: a DNS zone set) connects to one AMPLS" (DOMAIN.md Limits). */
function sharedZoneSets(
  net: NetworkIndex,
  scope: PrivateLinkScope,
  approved: readonly PrivateEndpoint[],
  contexts: readonly ClusterContext[],
  findings: FindingSet,
): void {
  const vnetKeys = new Set<string>();
  for (const pe of approved) if (pe.vnetKey) vnetKeys.add(pe.vnetKey);
  for (const c of contexts) if (c.verdict.vnetId) vnetKeys.add(idKey(c.verdict.vnetId));
  const reported = new Set<string>();
  for (const vnetKey of [...vnetKeys].sort()) {
    const owners = new Map<string, string[]>();
    const note = (scopeKey: string, why: string) => owners.set(scopeKey, [...(owners.get(scopeKey) ?? []), why]);
    for (const pe of net.privateEndpoints.values()) {
      if (pe.vnetKey !== vnetKey) continue;
      for (const s of net.scopesOfEndpoint(pe)) note(s, `private endpoint ${pe.name}`);
    }
    const zone = net.zoneFor(vnetKey, MONITOR_ZONE);
    if (zone) {
      for (const pe of net.privateEndpoints.values()) {
        if (pe.vnetKey && zone.linkedVnets.has(pe.vnetKey)) {
          for (const s of net.scopesOfEndpoint(pe)) note(s, `private endpoint ${pe.name} (zone ${zone.name})`);
        }
      }
    }
    if (owners.size < 2 || !owners.has(scope.resource.key)) continue;
    const key = [...owners.keys()].sort().join('|') + (zone?.key ?? vnetKey);
    if (reported.has(key)) continue;
    reported.add(key);
    const vnetName = net.vnets.get(vnetKey)?.name ?? vnetKey.split('/').pop() ?? vnetKey;
    const others = [...owners.keys()].filter((k) => k !== scope.resource.key).map((k) => k.split('/').pop() ?? k);
    const template: ClusterFindingTemplate = {
      code: 'AMPL_VERIFY_E0016',
      severity: 'error',
      message: `VNet ${vnetName}${zone ? ` and its zone set (${zone.name})` : ''} serve${zone ? '' : 's'} AMPLS ${scope.resource.name} and also ${others.join(', ')} (${[...owners.values()].flat().sort().join('; ')}): a VNet, really a DNS zone set, connects to one AMPLS, and the last private endpoint written overwrites the A records of the others.`,
      resources: [net.vnets.get(vnetKey)?.id ?? vnetKey, ...(zone ? [zone.id] : [])],
      rules: [],
      agentError: AGENT_ERRORS.publicDns,
      fix: 'Use one AMPLS for every network that shares these DNS zones (link all the resources to it and remove the other private endpoints), or give each network its own private DNS zones. amplink does not change networks.',
    };
    const inVnet = contexts.filter((c) => c.verdict.vnetId && idKey(c.verdict.vnetId) === vnetKey);
    if (inVnet.length === 0) findings.add({ ...template, clusters: [] });
    for (const c of inVnet) {
      const shared = c.judgement.problem(template);
      // Its records overwritten, the cluster resolves elsewhere: the shared zone set is a cause of that.
      if (c.verdict.route === 'misrouted') c.judgement.stops('both', undefined, [shared]);
    }
  }
}

function checkLimitsFor(
  topology: Topology,
  net: NetworkIndex,
  scope: PrivateLinkScope,
  thePlan: Plan,
  limits: typeof DEFAULT_LIMITS,
  ratio: number,
  findings: FindingSet,
): void {
  const existing = (topology.scopedResourcesByScope.get(scope.resource.key) ?? []).map((s) => s.linkedResourceId);
  const planned = thePlan.actions
    .filter((a) => a.resourceType.toLowerCase() === LINK)
    .map((a) => String((a.body['properties'] as Record<string, unknown>)['linkedResourceId']));
  // When the plan is blocked it shows no actions; count what the rules need from the plan's own limit errors.
  const all = [...existing, ...planned];
  const lawCount = all.filter((id) =>
    /\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/i.test(id),
  ).length;
  const blockedOnLaws = thePlan.findings.some((f) => f.code === 'AMPL_PLAN_E0101');
  const endpoints = Math.max(
    net.connectionsByScope.get(scope.resource.key)?.length ?? 0,
    scope.privateEndpointConnectionCount,
  );
  const check = (count: number, limit: number, what: string, fix: string, forceError = false) => {
    if (count > limit || forceError) {
      findings.add({
        code: 'AMPL_VERIFY_E0030',
        severity: 'error',
        message: `AMPLS ${scope.resource.name}: ${what} ${forceError && count <= limit ? 'would exceed' : `${count} of at most ${limit}`} — over the limit.`,
        resources: [scope.resource.id],
        rules: [],
        clusters: [],
        fixActions: [],
        fix,
      });
    } else if (count >= Math.ceil(limit * ratio)) {
      findings.add({
        code: 'AMPL_VERIFY_W0031',
        severity: 'warning',
        message: `AMPLS ${scope.resource.name}: ${what} ${count} of at most ${limit} (${Math.round((count / limit) * 100)}%) — close to the limit.`,
        resources: [scope.resource.id],
        rules: [],
        clusters: [],
        fixActions: [],
        fix,
      });
    }
  };
  check(
    lawCount,
    limits.logAnalyticsWorkspacesPerScope,
    'linked Log Analytics workspaces (after the plan)',
    'Split the fleet over several AMPLS (one per network and DNS zone set).',
    blockedOnLaws,
  );
  check(
    endpoints,
    limits.privateEndpointsPerScope,
    'private endpoint connections',
    'Remove private endpoints no longer used, or give some networks an AMPLS of their own.',
  );
  for (const id of [...new Set(all.map(idKey))].sort()) {
    const scopes = new Set((topology.scopedResourcesByLinkedId.get(id) ?? []).map((s) => s.scopeKey));
    scopes.add(scope.resource.key);
    const endpoint = topology.endpoints.get(id);
    for (const entry of (endpoint?.resource.properties['privateLinkScopedResources'] as { scopeId?: string }[]) ?? []) {
      if (entry.scopeId) scopes.add(idKey(entry.scopeId));
    }
    if (scopes.size >= Math.ceil(limits.scopesPerResource * ratio)) {
      const resource = topology.get(id);
      check(
        scopes.size,
        limits.scopesPerResource,
        `${resource?.name ?? id} would be in AMPLS count`,
        'Remove the resource from AMPLS it no longer needs.',
      );
    }
  }
}

export type { VerifyFinding };
