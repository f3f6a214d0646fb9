// The network prerequisites of the procedure, planned only when asked (issue 16): the AMPLS, its private endpoints
// with the five DNS zones, their VNet links and zone groups, and the Azure Monitor workspaces' own query endpoints.
// Additive: what exists is used as it is; what would have to change is a finding with the manual fix.
import { AmplinkError, SHOWN_ID_LENGTH, shownInput } from '../model/errors.js';
import {
  AMPLS_DNS_ZONES,
  MONITOR_ZONE,
  vnetOfSubnet,
  type NetworkView,
  type VirtualNetwork,
} from '../model/network.js';
import {
  idKey,
  parseResourceIdStrict,
  providerResourceId,
  resourceGroupId,
  type ResourceId,
} from '../model/resource-id.js';
import { RESOURCE_TYPES, type ArmResource } from '../model/resources.js';
import type { Topology } from '../model/topology.js';
import type { ClusterMonitoring } from './analyse-cluster.js';
import { nameSome } from './findings.js';
import {
  GROUP_ID,
  amplsAction,
  endpointAction,
  endpointTargets,
  workspaceQueryZone,
  zoneAction,
  zoneGroupAction,
  zoneLinkAction,
  type AccessMode,
} from './prerequisite-actions.js';
import type { Finding, PlanAction } from './types.js';

export interface PrerequisiteScope {
  id: string;
  key: string;
  name: string;
  /** Planned by this plan (`--create-ampls` of an AMPLS discovery did not find). */
  create?: { ingestion: AccessMode; query: AccessMode };
}

export interface PrerequisiteRequest {
  privateEndpointSubnets: ResourceId[];
  linkVnets: ResourceId[];
  queryEndpointSubnets: ResourceId[];
}

export interface PrerequisitePlan {
  actions: PlanAction[];
  findings: Finding[];
  /** The AMPLS's own create action, which every link to it waits for. */
  amplsCreate: PlanAction | undefined;
}

const NAME_MAX = 80;

function badNetworkId(flag: string, value: string, expected: string, example: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_PLAN_E0201',
    message: `${flag} '${shownInput(value, SHOWN_ID_LENGTH)}' is not ${expected}.`,
    fix: `Give its full id, e.g. ${example} (az network vnet subnet show -g GROUP --vnet-name VNET -n SUBNET --query id).`,
  });
}

const SUBNET_EXAMPLE =
  '/subscriptions/<subscription-id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>';

/** Parses the network options: each must be an id of the kind it names (a subnet, a VNet). */
export function parseNetworkOptions(options: {
  privateEndpointSubnetIds?: readonly string[];
  linkVnetIds?: readonly string[];
  queryPrivateEndpointSubnetIds?: readonly string[];
}): PrerequisiteRequest {
  const parse = (
    flag: string,
    values: readonly string[] | undefined,
    type: string,
    expected: string,
    example: string,
  ) =>
    (values ?? []).map((value) => {
      let id: ResourceId;
      try {
        id = parseResourceIdStrict(value);
      } catch {
        throw badNetworkId(flag, value, expected, example);
      }
      if (id.type.toLowerCase() !== type.toLowerCase() || id.scope !== undefined) {
        throw badNetworkId(flag, value, expected, example);
      }
      return id;
    });
  const subnet = RESOURCE_TYPES.subnet;
  return {
    privateEndpointSubnets: parse(
      '--private-endpoint',
      options.privateEndpointSubnetIds,
      subnet,
      'a subnet id',
      SUBNET_EXAMPLE,
    ),
    linkVnets: parse(
      '--link-vnet',
      options.linkVnetIds,
      RESOURCE_TYPES.virtualNetwork,
      'a virtual network id',
      '/subscriptions/<subscription-id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>',
    ),
    queryEndpointSubnets: parse(
      '--query-private-endpoint',
      options.queryPrivateEndpointSubnetIds,
      subnet,
      'a subnet id',
      SUBNET_EXAMPLE,
    ),
  };
}

function notDiscovered(flag: string, id: string, what: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_PLAN_E0202',
    message: `${flag} ${id}: ${what} is not among the discovered resources, so its region and DNS cannot be read.`,
    fix: 'Check the id, and discover (or snapshot) the subscription that holds the virtual network too (--subscription).',
  });
}

/** A private endpoint as the world shows it: its subnet and the resources it connects to. */
interface SeenEndpoint {
  resource: ArmResource;
  subnetId: string;
  subnetKey: string;
  serviceKeys: Set<string>;
}

function seenEndpoints(topology: Topology): SeenEndpoint[] {
  const type = RESOURCE_TYPES.privateEndpoint.toLowerCase();
  return topology.resources
    .filter((r) => r.type.toLowerCase() === type)
    .map((resource) => {
      const properties = resource.properties as Record<string, unknown>;
      const connections = [
        ...((properties['privateLinkServiceConnections'] as unknown[] | undefined) ?? []),
        ...((properties['manualPrivateLinkServiceConnections'] as unknown[] | undefined) ?? []),
      ];
      const serviceKeys = new Set<string>();
      for (const c of connections) {
        const { serviceId } = endpointTargets({ properties: { privateLinkServiceConnections: [c] } });
        if (serviceId !== '') serviceKeys.add(idKey(serviceId));
      }
      const { subnetId } = endpointTargets({ properties });
      return { resource, subnetId, subnetKey: idKey(subnetId), serviceKeys };
    });
}

/** An id of the given type in a group that is free (neither in the world nor taken by this plan). */
function freeId(make: (name: string) => string, base: string, taken: (id: string) => boolean): string {
  const trimmed = base.slice(0, NAME_MAX);
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const id = make(trimmed.slice(0, NAME_MAX - suffix.length) + suffix);
    if (!taken(id)) return id;
  }
}

interface Target {
  kind: 'ampls' | 'workspace';
  id: string;
  key: string;
  name: string;
  zoneNames: readonly string[];
  groupId: string;
  /** The VNets (besides the endpoint's own) whose names must resolve through the zones. */
  extraVnets: readonly VirtualNetwork[];
  reason: (vnet: VirtualNetwork) => string;
  rules: number[];
}

/**
 * Plans what the request asks that is missing. Pure; the actions come unordered (orderActions orders them: AMPLS,
 * endpoints, zones, links, zone groups), each waiting for what it names.
 */
export function planPrerequisites(input: {
  topology: Topology;
  scope: PrerequisiteScope;
  request: PrerequisiteRequest;
  monitored: readonly ClusterMonitoring[];
  privateEndpointsPerScope: number;
}): PrerequisitePlan {
  const { topology, scope, request } = input;
  const net = topology.network;
  const findings: Finding[] = [];
  const actions = new Map<string, PlanAction>();
  const add = (action: PlanAction) => {
    if (!actions.has(idKey(action.id))) actions.set(idKey(action.id), action);
    return actions.get(idKey(action.id)) as PlanAction;
  };
  const taken = (id: string) => actions.has(idKey(id)) || topology.get(id) !== undefined;
  const amplsCreate =
    scope.create === undefined
      ? undefined
      : add(amplsAction(scope.id, scope.create, amplsReason(scope.name, scope.create)));
  const endpoints = seenEndpoints(topology);

  const vnetOf = (flag: string, subnet: ResourceId): VirtualNetwork => {
    const vnet = net.vnets.get(idKey(vnetOfSubnet(subnet.id)));
    if (vnet === undefined) throw notDiscovered(flag, subnet.id, `its virtual network ${vnetOfSubnet(subnet.id)}`);
    if (!vnet.subnets.has(subnet.key)) throw notDiscovered(flag, subnet.id, `subnet ${subnet.name} of ${vnet.name}`);
    return vnet;
  };
  const extraVnets = request.linkVnets.map((id) => {
    const vnet = net.vnets.get(id.key);
    if (vnet === undefined) throw notDiscovered('--link-vnet', id.id, 'the virtual network');
    return vnet;
  });

  const amplsTarget: Target = {
    kind: 'ampls',
    id: scope.id,
    key: scope.key,
    name: scope.name,
    zoneNames: AMPLS_DNS_ZONES,
    groupId: GROUP_ID.ampls,
    extraVnets,
    rules: [1, 2, 3, 4, 6],
    reason: (vnet) =>
      `Clusters and sites that reach VNet ${vnet.name} need a private endpoint to AMPLS ${scope.name} (group ${GROUP_ID.ampls}) for their agents' traffic to go over private link (asked for with --private-endpoint).`,
  };
  let newScopeEndpoints = 0;
  for (const subnet of request.privateEndpointSubnets) {
    const vnet = vnetOf('--private-endpoint', subnet);
    if (planEndpoint(amplsTarget, subnet, vnet)) newScopeEndpoints++;
  }
  if (request.privateEndpointSubnets.length === 0 && extraVnets.length > 0) {
    // The spokes resolve through the zones of the endpoint the AMPLS has. Planning that endpoint again plans only what
    // it lacks (links, and zones missing from its group), never a second endpoint.
    const existing = existingScopeEndpoint(net, endpoints, scope);
    planEndpoint(amplsTarget, existing.subnet, existing.vnet);
  }

  const workspaces = queryWorkspaces(topology, input.monitored);
  if (request.queryEndpointSubnets.length > 0 && workspaces.length === 0) {
    findings.push({
      code: 'AMPL_PLAN_W0201',
      severity: 'warning',
      message:
        'No selected cluster sends metrics to an Azure Monitor workspace, so --query-private-endpoint plans nothing.',
      resources: [],
      rules: [],
      fix: 'Select the clusters whose workspaces Grafana and workbooks query (--cluster-*), or leave the option out.',
    });
  }
  for (const subnet of request.queryEndpointSubnets) {
    const vnet = vnetOf('--query-private-endpoint', subnet);
    for (const workspace of workspaces) {
      const region = workspace.location ?? '';
      planEndpoint(
        {
          kind: 'workspace',
          id: workspace.id,
          key: workspace.key,
          name: workspace.name,
          zoneNames: [workspaceQueryZone(region.toLowerCase().replace(/\s+/g, ''))],
          groupId: GROUP_ID.workspace,
          extraVnets: [],
          rules: [],
          reason: (v) =>
            `Grafana and workbooks in VNet ${v.name} query Azure Monitor workspace ${workspace.name} privately through its own private endpoint (group ${GROUP_ID.workspace}; asked for with --query-private-endpoint).`,
        },
        subnet,
        vnet,
      );
    }
  }

  const existingConnections = scope.create === undefined ? net.connectionCount(scope.key) : 0;
  if (existingConnections + newScopeEndpoints > input.privateEndpointsPerScope) {
    findings.push({
      code: 'AMPL_PLAN_E0205',
      severity: 'error',
      message: `AMPLS ${scope.name} has ${existingConnections} private endpoint connection(s); ${newScopeEndpoints} more would exceed the ${input.privateEndpointsPerScope} an AMPLS supports. Nothing is planned.`,
      resources: [scope.id],
      rules: [],
      fix: 'Connect fewer networks (one endpoint in a hub serves peered spokes: --link-vnet), remove endpoints no longer used, or give some networks an AMPLS of their own.',
    });
  }
  return { actions: [...actions.values()], findings, amplsCreate };

  /** Plans one endpoint with its zones, links and zone group; true when the endpoint itself is new. */
  function planEndpoint(target: Target, subnet: ResourceId, vnet: VirtualNetwork): boolean {
    const group = resourceGroupId(subnet.subscriptionId, subnet.resourceGroup as string);
    const existing = endpoints.find((e) => e.subnetKey === subnet.key && e.serviceKeys.has(target.key));
    const served = [vnet, ...target.extraVnets.filter((v) => v.key !== vnet.key)];
    if (target.kind === 'ampls') {
      const owners = otherOwners(net, endpoints, served, target);
      if (owners.length > 0) {
        findings.push({
          code: 'AMPL_PLAN_E0204',
          severity: 'error',
          message: `The DNS of ${nameSome(served.map((v) => v.name))} already serves ${owners.join('; ')}: a VNet, really its DNS zone set, connects to one AMPLS, and a private endpoint to AMPLS ${scope.name} would overwrite the A records the other one's agents resolve (DOMAIN.md "What breaks"). Nothing is planned.`,
          resources: [subnet.id, ...served.map((v) => v.id)],
          rules: [6],
          fix: 'Use the AMPLS that already serves these networks (--ampls ID), or give the new endpoint a network whose private DNS zones no other AMPLS uses. amplink does not change or delete existing endpoints or zones.',
        });
        return false;
      }
    }
    const zoneIds: string[] = [];
    const zoneCreates: string[] = [];
    for (const zoneName of target.zoneNames) {
      const linked = net.zoneFor(vnet.key, zoneName);
      const inGroup = (net.zonesByName.get(zoneName) ?? []).find((z) =>
        z.key.startsWith(`${group.toLowerCase()}/providers/`),
      );
      const zoneId = linked?.id ?? inGroup?.id ?? providerResourceId(group, RESOURCE_TYPES.privateDnsZone, zoneName);
      zoneIds.push(zoneId);
      if (linked === undefined && inGroup === undefined) {
        zoneCreates.push(
          add(
            zoneAction(zoneId, {
              reason: `Private DNS zone ${zoneName} is missing: the endpoint's records go there, and the networks that use the endpoint resolve through it (${target.kind === 'ampls' ? 'DOMAIN.md "Private endpoint": the five zones' : 'the workspace query zone'}).`,
              dependsOn: [],
              region: 'global',
              rules: target.rules,
            }),
          ).id,
        );
      }
      for (const served1 of served) {
        const current = net.zoneFor(served1.key, zoneName);
        if (current !== undefined) {
          if (idKey(current.id) !== idKey(zoneId)) {
            findings.push({
              code: 'AMPL_PLAN_E0206',
              severity: 'error',
              message: `VNet ${served1.name} resolves ${zoneName} through zone ${current.id}, not through ${zoneId} that the endpoint in ${vnet.name} writes to: a VNet links one zone of a name, so its agents would miss the endpoint. Nothing is planned.`,
              resources: [served1.id, current.id, zoneId],
              rules: target.rules,
              fix: `Link ${served1.name} to ${zoneId} instead (remove its link to ${current.id}), or give the endpoint a subnet of a network that uses ${current.id}.`,
            });
          }
          continue;
        }
        const linkId = freeId(
          (name) => `${zoneId}/virtualNetworkLinks/${name}`,
          `amplink-${served1.name}`,
          (id) => taken(id),
        );
        add(
          zoneLinkAction(linkId, served1.id, {
            reason: `VNet ${served1.name} is not linked to ${zoneName}, so names there would resolve to public addresses and miss the private endpoint (DOMAIN.md "What breaks": zone not linked).`,
            dependsOn: zoneCreates.includes(zoneId) ? [zoneId] : [],
            region: 'global',
            rules: target.rules,
          }),
        );
      }
    }
    if (existing !== undefined) return false;
    const endpointId = freeId(
      (name) => providerResourceId(group, RESOURCE_TYPES.privateEndpoint, name),
      `${target.name}-pe-${vnet.name}`,
      taken,
    );
    const region = vnet.region ?? '';
    add(
      endpointAction(
        endpointId,
        { location: region, subnetId: subnet.id, serviceId: target.id, groupId: target.groupId },
        {
          reason: target.reason(vnet),
          dependsOn: amplsCreate && target.kind === 'ampls' ? [amplsCreate.id] : [],
          region,
          rules: target.rules,
        },
      ),
    );
    const links = [...actions.values()]
      .filter((a) => a.resourceType === RESOURCE_TYPES.privateDnsZoneLink)
      .filter((a) => zoneIds.some((z) => a.id.toLowerCase().startsWith(`${z.toLowerCase()}/`)))
      .map((a) => a.id);
    add(
      zoneGroupAction(endpointId, zoneIds, {
        reason: `The endpoint's zone group writes its A records into ${nameSome(target.zoneNames)} and keeps them current, as Azure does for endpoints made in the portal; without it the names resolve to no private address.`,
        dependsOn: [endpointId, ...zoneCreates, ...links],
        region,
        rules: target.rules,
      }),
    );
    return true;
  }
}

function amplsReason(name: string, modes: { ingestion: AccessMode; query: AccessMode }): string {
  const ingestion =
    modes.ingestion === 'Open'
      ? 'ingestion access mode Open: resources that are not in the AMPLS yet (clusters of the fleet not selected, or without a private path) keep sending over public endpoints; set PrivateOnly once every cluster of the fleet is in (DOMAIN.md "What breaks": PrivateOnly blocks every resource not in the AMPLS)'
      : 'ingestion access mode PrivateOnly, as asked: networks on this AMPLS can send only to resources in it';
  const query =
    modes.query === 'Open'
      ? 'query access mode Open: Grafana, workbooks and the portal outside the private network keep querying'
      : 'query access mode PrivateOnly, as asked: networks on this AMPLS can query only resources in it';
  return `AMPLS ${name} does not exist (--create-ampls): the links, endpoints and DNS of this plan go to it. Location global; ${ingestion}; ${query}.`;
}

/** The workspaces the selected clusters' Prometheus rules send to, in id order. */
function queryWorkspaces(topology: Topology, monitored: readonly ClusterMonitoring[]): ArmResource[] {
  const keys = new Set<string>();
  for (const m of monitored)
    for (const r of m.prometheusRules) for (const id of r.monitoringAccountIds) keys.add(idKey(id));
  return [...keys]
    .sort()
    .map((key) => topology.monitorWorkspaces.get(key)?.resource)
    .filter((r): r is ArmResource => r !== undefined);
}

/**
 * The AMPLS's private endpoint whose zones `--link-vnet` alone links to more VNets, as its subnet and VNet: one whose
 * VNet resolves the monitor zone already (its zones are the ones in use), else the first; in id order. Only an
 * endpoint in a discovered subnet tells which zones its VNet uses.
 */
function existingScopeEndpoint(
  net: NetworkView,
  endpoints: readonly SeenEndpoint[],
  scope: PrerequisiteScope,
): { subnet: ResourceId; vnet: VirtualNetwork } {
  const ofScope = endpoints
    .filter((e) => e.serviceKeys.has(scope.key))
    .flatMap((e) => {
      const vnet = net.vnets.get(idKey(vnetOfSubnet(e.subnetId)));
      return vnet?.subnets.has(e.subnetKey) === true ? [{ endpoint: e, vnet }] : [];
    })
    .sort((a, b) => (a.endpoint.resource.key < b.endpoint.resource.key ? -1 : 1));
  const chosen = ofScope.find((e) => net.zoneFor(e.vnet.key, MONITOR_ZONE) !== undefined) ?? ofScope[0];
  if (chosen === undefined) {
    throw new AmplinkError({
      code: 'AMPL_PLAN_E0207',
      message: `--link-vnet links the DNS zones of AMPLS ${scope.name}'s private endpoint to more VNets, and AMPLS ${scope.name} has no private endpoint in a discovered subnet.`,
      fix: 'Give a subnet for its endpoint too (--private-endpoint SUBNET_ID plans the endpoint, its zones, its zone group and their links to its VNet and to each --link-vnet), or discover the subscription that holds its endpoint.',
    });
  }
  return { subnet: parseResourceIdStrict(chosen.endpoint.subnetId), vnet: chosen.vnet };
}

/**
 * Other AMPLS the served networks' DNS already belongs to: through a private endpoint in one of them, or through
 * the endpoints in any VNet linked to the monitor zone they resolve through (verify's AMPL_VERIFY_E0016, before it
 * happens).
 */
function otherOwners(
  net: NetworkView,
  endpoints: readonly SeenEndpoint[],
  served: readonly VirtualNetwork[],
  target: Target,
): string[] {
  const owners = new Set<string>();
  const note = (pe: SeenEndpoint, why: string) => {
    const view = net.privateEndpoints.get(pe.resource.key);
    const scopes = view === undefined ? [] : net.scopesOfEndpoint(view);
    for (const s of scopes) if (s !== target.key) owners.add(`AMPLS ${s.split('/').pop() ?? s} (${why})`);
  };
  for (const vnet of served) {
    const zone = net.zoneFor(vnet.key, MONITOR_ZONE);
    for (const pe of endpoints) {
      const peVnet = idKey(vnetOfSubnet(pe.subnetKey));
      if (peVnet === vnet.key) note(pe, `private endpoint ${pe.resource.name} in ${vnet.name}`);
      else if (zone?.linkedVnets.has(peVnet)) note(pe, `private endpoint ${pe.resource.name}, zone ${zone.name}`);
    }
  }
  return [...owners].sort();
}
