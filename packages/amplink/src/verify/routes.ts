import { AMPLS_DNS_ZONES, MONITOR_ZONE, type PrivateEndpoint, type VirtualNetwork } from '../model/network.js';
import { privatePathOf, vnetReach } from '../model/private-path.js';
import { SITE_NETWORK_FLAG, SITE_NETWORK_TAG } from '../model/site-networks.js';
import { nameSome } from '../plan/findings.js';
import { AGENT_ERRORS } from './agent-errors.js';
import type { AmplsContext, ClusterContext } from './context.js';
import type { FindingSet } from './finding-set.js';
import type { ClusterFindingTemplate, ClusterJudgement, Problem } from './judgement.js';
import type { ClusterReason, Route } from './types.js';

/** How a cluster's signals reach Azure Monitor, and what of its network and DNS is in the way (rules 5 and 6). */
export interface RouteResult {
  route: Route;
  vnet: VirtualNetwork | undefined;
  /** Why the route is unknown (shown, changing ok to unknown). */
  reasons: ClusterReason[];
  /** What makes the route misrouted or public; shown in the table already. */
  problems: Problem[];
}

/**
 * An AMPLS that no network reaches privately carries no cluster's data. The fix is the endpoint the plan makes when
 * asked (`--private-endpoint`), or how to ask for it.
 */
export function checkApprovedEndpoint(ampls: AmplsContext, findings: FindingSet): void {
  if (ampls.approved.length > 0 || ampls.approvedConnections > 0) return;
  const { scope } = ampls;
  const fixActions = ampls.actions.scopeEndpoints();
  const approve = `approve its pending connection, if it has one (az monitor private-link-scope private-endpoint-connection approve)`;
  findings.add({
    code: 'AMPL_VERIFY_E0010',
    severity: 'error',
    message: `AMPLS ${ampls.scopeName} has no approved private endpoint: no network reaches it privately, so no cluster can send through it.`,
    resources: [scope.resource.id],
    rules: [6],
    fixActions,
    fix:
      fixActions.length > 0
        ? `Run amplink apply: the plan creates the private endpoint with its DNS zones, zone group and VNet links. Or ${approve}.`
        : `Plan one in a subnet of the network the clusters use: amplink plan --private-endpoint SUBNET_ID (its five DNS zones, zone group and VNet links too; --link-vnet VNET_ID for peered spokes), then amplink apply. Or create it by hand (az network private-endpoint create --group-id azuremonitor --private-connection-resource-id ${scope.resource.id} --vnet-name VNET --subnet SUBNET ...), or ${approve}.`,
  });
}

/** A misrouted cluster sends nothing; one whose network is not known is not proven either way. */
export function followRoute(judgement: ClusterJudgement, route: RouteResult): void {
  if (route.route === 'misrouted') judgement.stops('both', undefined, route.problems);
  else if (route.route === 'unknown') for (const r of route.reasons) judgement.unknown('both', r);
}

/** How the cluster's agents reach Azure Monitor: DNS (zones linked to its VNet, their A records) and the network path. */
export function routeOf(context: ClusterContext, ampls: AmplsContext): RouteResult {
  const { cluster, judgement } = context;
  const { net, scope, scopeName, approved } = ampls;
  const problems: Problem[] = [];
  // Each problem of the route is shown in the table; on a public route it is why the data goes over the internet.
  const add = (template: ClusterFindingTemplate, reason: ClusterReason, keepsPublic: boolean): void => {
    problems.push(judgement.problem(template, { reason, keepsPublic }));
    judgement.note(reason);
  };
  const clusterId = cluster.id.id;
  // The planner decides on the same path whether a new DCE must keep public access (model/private-path.ts).
  const path = privatePathOf(net, cluster);
  const vnet = path.vnet;
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
    const siteProblem =
      cluster.kind === 'arc' ? ampls.topology.siteNetworks.problems.get(cluster.resource.key) : undefined;
    add(
      {
        code: 'AMPL_VERIFY_W0012',
        severity: 'warning',
        message: `Cluster ${cluster.id.name} has no network of its own that amplink can see (${cluster.kind === 'arc' ? (siteProblem ?? `no site network given: neither ${SITE_NETWORK_FLAG} nor the tag ${SITE_NETWORK_TAG}`) : 'no node subnet in a VNet'}), so it cannot use AMPLS ${scopeName}: its data goes over the public internet.`,
        resources: [clusterId],
        rules: cluster.kind === 'arc' ? [6] : [],
        fixActions: [],
        fix:
          cluster.kind === 'arc'
            ? `Connect the site to an Azure VNet over VPN or ExpressRoute (rule 6) that has a path to the private endpoint, then tell amplink which VNet: ${SITE_NETWORK_FLAG} '${cluster.id.name}=VNET_ID' on the command line, or the tag ${SITE_NETWORK_TAG}=VNET_ID on the cluster (az tag update --operation merge --resource-id ${clusterId} --tags ${SITE_NETWORK_TAG}=VNET_ID).`
            : 'Put the cluster in a VNet (bring your own subnet) that reaches the private endpoint and is linked to the private DNS zones.',
      },
      { code: 'AMPL_VERIFY_W0012', signal: 'network', text: 'no private network: sends over the public internet' },
      true,
    );
    return { route: 'public', vnet, reasons: [], problems };
  }

  const { reachableEndpoints, missingZones, unlinkedZones: unlinked } = vnetReach(net, approved, vnet);
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
        fix: `Peer ${vnet.name} with ${peVnets.join(' or ')} in both directions (az network vnet peering create --allow-vnet-access), or give ${vnet.name} its own private endpoint to the AMPLS (amplink plan --private-endpoint SUBNET_ID).`,
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
  if (missingZones.length > 0) {
    const template: ClusterFindingTemplate = {
      code: 'AMPL_VERIFY_E0013',
      severity: 'error',
      message: `The private DNS zones ${missingZones.join(', ')} do not exist, so the Azure Monitor endpoints resolve to public addresses everywhere: ${AGENT_ERRORS.publicDns}.`,
      resources: [scope.resource.id],
      rules: [],
      agentError: AGENT_ERRORS.publicDns,
      // Zones the plan makes answer only the VNets it links them to.
      fixActions: ampls.actions.zoneLinksTo(vnet.id, missingZones).length > 0 ? ampls.actions.scopeEndpoints() : [],
      fix: `Create the zones and their records with the private endpoint's DNS zone group (az network private-endpoint dns-zone-group create --endpoint-name PE --private-dns-zone privatelink.monitor.azure.com ...), one zone config per zone: ${AMPLS_DNS_ZONES.join(', ')}; amplink plan --private-endpoint SUBNET_ID plans them with a new endpoint.`,
    };
    if (missingZones.includes(MONITOR_ZONE)) add(template, { ...publicNames, code: template.code }, true);
    else problems.push(judgement.problem(template, { keepsPublic: true }));
  }
  if (unlinked.length > 0) {
    const zone = (net.zonesByName.get(unlinked[0] as string) ?? [])[0];
    const template: ClusterFindingTemplate = {
      code: 'AMPL_VERIFY_E0014',
      severity: 'error',
      message: `The private DNS zone${unlinked.length === 1 ? '' : 's'} ${nameSome(unlinked, 5)} ${unlinked.length === 1 ? 'is' : 'are'} not linked to VNet ${vnet.name} of cluster ${cluster.id.name}, so from there the endpoints resolve to public IPs.`,
      resources: [vnet.id, ...unlinked.flatMap((z) => (net.zonesByName.get(z) ?? []).map((x) => x.id))],
      rules: [],
      agentError: AGENT_ERRORS.publicDns,
      fixActions: ampls.actions.zoneLinksTo(vnet.id, unlinked),
      // The zones are named in the message: the fix says what to run for each, once.
      fix: `Link ${unlinked.length === 1 ? 'the zone' : `each of the ${unlinked.length} zones`} to ${vnet.name}: az network private-dns link vnet create -g ${zone?.id.split('/')[4] ?? 'GROUP'} -z ZONE -n ${vnet.name}-link -v ${vnet.id} -e false; amplink plans them with --link-vnet and the same VNet id.`,
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
  // Azure drops what reaches an endpoint whose connection the AMPLS has not approved (Pending, Rejected).
  const carrying = ours.filter((pe) => approved.some((a) => a.key === pe.key));
  if (carrying.length === 0) {
    const pe = ours[0] as PrivateEndpoint;
    const status = net.connectionStatus(pe, scope.resource.key) ?? 'not approved';
    const group = scope.resource.id.split('/')[4] ?? 'GROUP';
    add(
      {
        code: 'AMPL_VERIFY_E0032',
        severity: 'error',
        message: `Zone ${MONITOR_ZONE} that VNet ${vnet.name} resolves through points at private endpoint ${pe.name}, whose connection to AMPLS ${scopeName} is ${status}: Azure drops the traffic of cluster ${cluster.id.name} there until the AMPLS approves it.`,
        resources: [clusterId, pe.id, scope.resource.id],
        rules: [],
        fix: `Approve the connection on the AMPLS (az monitor private-link-scope private-endpoint-connection list -g ${group} --scope-name ${scopeName} names it; then az monitor private-link-scope private-endpoint-connection approve -g ${group} --scope-name ${scopeName} -n CONNECTION). A connection that stays Rejected: delete private endpoint ${pe.name} and create it again. amplink does not approve connections.`,
      },
      {
        code: 'AMPL_VERIFY_E0032',
        signal: 'network',
        text: `private endpoint ${pe.name} is ${status}, not approved: its traffic is dropped`,
      },
      false,
    );
    return { route: 'misrouted', vnet, reasons: [], problems };
  }
  const reachableOurs = carrying.filter((pe) => pe.vnetKey !== undefined && net.reachable(vnet.key, pe.vnetKey));
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
