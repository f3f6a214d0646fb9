import { z } from 'zod';
import { jsonPath } from '../model/json.js';
import { AmplinkError, isAmplinkError } from '../model/errors.js';
import { containerScope, idKey, parseResourceIdStrict, type ResourceId } from '../model/resource-id.js';
import { CONFIGURATION_ASSOCIATION_NAME, MANAGED_BY_TAG, RESOURCE_TYPES } from '../model/resources.js';
import { ASSOCIATION_DESCRIPTION, endpointDescription } from './action-bodies.js';
import { API_VERSIONS } from './api-versions.js';
import type { Permission, Plan, PlanAction } from './types.js';
import type { AmplinkCode } from '../model/codes.js';
import { AMPLS_DNS_ZONES } from '../model/network.js';
import {
  ACCESS_MODES,
  GROUP_ID,
  PREREQUISITE_API_VERSION,
  ZONE_GROUP_NAME,
  endpointTargets,
  prerequisitePermissions,
  zoneConfigs,
} from './prerequisite-actions.js';
import { FIREWALL_GROUP_NAME } from './firewall-rules.js';

export const PLAN_FILE_FIX =
  'Write the plan again with `amplink plan --snapshot FILE --ampls ID --out plan.json` (README.md: Plan format).';

const DCE = RESOURCE_TYPES.dataCollectionEndpoint;
const ASSOCIATION = RESOURCE_TYPES.dataCollectionRuleAssociation;
const LINK = RESOURCE_TYPES.scopedResource;
const RULE = RESOURCE_TYPES.dataCollectionRule;
const GROUP = RESOURCE_TYPES.ruleCollectionGroup;
const POLICY = RESOURCE_TYPES.firewallPolicy;
/** Priorities of rule collection groups and collections (firewallPolicy.json 2026-01-01). */
const FIREWALL_PRIORITY = z.number().int().min(100).max(65000);
/**
 * What amplink's rule allows: HTTPS to host names (exact, or `*.` below a name of three labels or more, as the
 * planner writes a DCE not made yet), never `*` alone; from addresses and prefixes.
 */
const TARGET_FQDN = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+){2,}$/;
const SOURCE_ADDRESS = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;
/** An etag goes into the If-Match header: visible ASCII only, as ARM's etags are (a quoted GUID or W/"..."). */
const ETAG = /^[\x21-\x7e]{1,256}$/;
const CLUSTER_TYPES = new Set([RESOURCE_TYPES.managedCluster, RESOURCE_TYPES.connectedCluster].map(lower));
/** What an AMPLS can hold (DOMAIN.md: AMPLS); an Azure Monitor workspace is linked through its DCE. */
const LINKABLE_TYPES = new Set(
  [RESOURCE_TYPES.logAnalyticsWorkspace, RESOURCE_TYPES.dataCollectionEndpoint, RESOURCE_TYPES.applicationInsights].map(
    lower,
  ),
);

/** The api-version amplink writes each type with: no other is sent, so a plan file cannot choose one. */
const API_VERSION_OF: Readonly<Record<string, string>> = {
  [DCE]: API_VERSIONS.dataCollectionEndpoints,
  [ASSOCIATION]: API_VERSIONS.dataCollectionRuleAssociations,
  [LINK]: API_VERSIONS.privateLinkScopes,
  [RULE]: API_VERSIONS.dataCollectionRules,
  ...PREREQUISITE_API_VERSION,
  [GROUP]: API_VERSIONS.firewallPolicies,
};

/** The bodies exactly as the planner writes them (planner.ts), nothing more: unknown properties are refused. */
const BODY_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  [DCE]: z.strictObject({
    location: z.string().regex(/^[a-z0-9]+$/, 'a region name such as westeurope'),
    tags: z.record(z.string().min(1), z.string()),
    properties: z.strictObject({
      description: z.string(),
      networkAcls: z.strictObject({ publicNetworkAccess: z.enum(['Enabled', 'Disabled']) }),
    }),
  }),
  [ASSOCIATION]: z.strictObject({
    properties: z.strictObject({
      description: z.literal(ASSOCIATION_DESCRIPTION),
      dataCollectionEndpointId: z.string(),
    }),
  }),
  [LINK]: z.strictObject({ properties: z.strictObject({ linkedResourceId: z.string() }) }),
  // A rule's change is the one property apply changes in what it reads (read-modify-write): nothing else is sent.
  [RULE]: z.strictObject({ properties: z.strictObject({ dataCollectionEndpointId: z.string() }) }),
  [RESOURCE_TYPES.privateLinkScope]: z.strictObject({
    location: z.literal('global'),
    tags: z.strictObject({ [MANAGED_BY_TAG.key]: z.literal(MANAGED_BY_TAG.value) }),
    properties: z.strictObject({
      accessModeSettings: z.strictObject({
        ingestionAccessMode: z.enum(ACCESS_MODES),
        queryAccessMode: z.enum(ACCESS_MODES),
      }),
    }),
  }),
  [RESOURCE_TYPES.privateEndpoint]: z.strictObject({
    location: z.string().regex(/^[a-z0-9]+$/, 'a region name such as westeurope'),
    tags: z.strictObject({ [MANAGED_BY_TAG.key]: z.literal(MANAGED_BY_TAG.value) }),
    properties: z.strictObject({
      subnet: z.strictObject({ id: z.string() }),
      privateLinkServiceConnections: z
        .array(
          z.strictObject({
            name: z.string().min(1).max(80),
            properties: z.strictObject({
              privateLinkServiceId: z.string(),
              groupIds: z.tuple([z.enum([GROUP_ID.ampls, GROUP_ID.workspace])]),
            }),
          }),
        )
        .length(1),
    }),
  }),
  // amplink's one rule collection group: one Allow collection of HTTPS application rules, nothing else.
  [GROUP]: z.strictObject({
    properties: z.strictObject({
      priority: FIREWALL_PRIORITY,
      ruleCollections: z
        .array(
          z.strictObject({
            ruleCollectionType: z.literal('FirewallPolicyFilterRuleCollection'),
            name: z.literal(FIREWALL_GROUP_NAME),
            priority: FIREWALL_PRIORITY,
            action: z.strictObject({ type: z.literal('Allow') }),
            rules: z
              .array(
                z.strictObject({
                  ruleType: z.literal('ApplicationRule'),
                  name: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'a rule name'),
                  sourceAddresses: z.array(z.string().regex(SOURCE_ADDRESS, 'an address or prefix')).min(1),
                  protocols: z.tuple([z.strictObject({ protocolType: z.literal('Https'), port: z.literal(443) })]),
                  targetFqdns: z.array(z.string().regex(TARGET_FQDN, 'a host name')).min(1),
                }),
              )
              .min(1),
          }),
        )
        .length(1),
    }),
  }),
  [RESOURCE_TYPES.privateDnsZone]: z.strictObject({
    location: z.literal('global'),
    tags: z.strictObject({ [MANAGED_BY_TAG.key]: z.literal(MANAGED_BY_TAG.value) }),
  }),
  [RESOURCE_TYPES.privateDnsZoneLink]: z.strictObject({
    location: z.literal('global'),
    tags: z.strictObject({ [MANAGED_BY_TAG.key]: z.literal(MANAGED_BY_TAG.value) }),
    properties: z.strictObject({
      virtualNetwork: z.strictObject({ id: z.string() }),
      registrationEnabled: z.literal(false),
    }),
  }),
  [RESOURCE_TYPES.privateDnsZoneGroup]: z.strictObject({
    properties: z.strictObject({
      privateDnsZoneConfigs: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            properties: z.strictObject({ privateDnsZoneId: z.string() }),
          }),
        )
        .min(1),
    }),
  }),
};

/** The zones amplink creates: the AMPLS's five, and a workspace's query zone of any region. */
function isPlannedZone(name: string): boolean {
  const lowered = name.toLowerCase();
  return (
    (AMPLS_DNS_ZONES as readonly string[]).includes(lowered) ||
    /^privatelink\.[a-z0-9]+\.prometheus\.monitor\.azure\.com$/.test(lowered)
  );
}

/** What a rule's update replaces: the DCE it pointed at, and the etag it had when planned (sent as If-Match). */
const RULE_CURRENT = z.strictObject({
  dataCollectionEndpointId: z.string(),
  etag: z.string().regex(ETAG, 'an etag of visible ASCII characters').optional(),
});

type Refusal = { code: AmplinkCode; path: PropertyKey[]; problem: string };

/**
 * Checks that a plan asks only for what amplink's planner makes, before apply sends its first request: each id is
 * strictly an id and of the action's type, api-versions are amplink's own, bodies are the planner's, links go only
 * to the plan's AMPLS and only to what an AMPLS holds, associations only on clusters, and `dependsOn` names only
 * actions of the plan, without cycles. Returns each action's parsed id (by action), from which requests are built.
 * Throws AMPL_PLANFILE_E0003 (malformed id), E0004 (not a change amplink makes), E0005 (unknown dependency) or
 * E0006 (dependency cycle), naming the JSON path.
 */
export function checkPlanActions(plan: Plan, source = 'plan'): Map<PlanAction, ResourceId> {
  const fail = (refusal: Refusal): never => {
    throw new AmplinkError({
      code: refusal.code,
      message: `${source}: ${jsonPath(refusal.path)}: ${refusal.problem}${refusal.code === 'AMPL_PLANFILE_E0004' ? '; amplink applies only the changes its planner makes' : ''}.`,
      fix: PLAN_FILE_FIX,
    });
  };
  const ampls = strictId(plan.ampls.id, ['ampls', 'id']);
  if ('problem' in ampls) return fail(ampls);
  if (lower(ampls.type) !== lower(RESOURCE_TYPES.privateLinkScope)) {
    fail({ code: 'AMPL_PLANFILE_E0004', path: ['ampls', 'id'], problem: `'${ampls.id}' is not an AMPLS id` });
  }

  const targets = new Map<PlanAction, ResourceId>();
  const keys = new Set<string>();
  // Thousands of associations name the same few DCEs: each referenced id is parsed once.
  const referenced = new Map<string, ResourceId | string>();
  const reference = (value: unknown, path: PropertyKey[]): ResourceId | Refusal => {
    const known = typeof value === 'string' ? referenced.get(value) : undefined;
    if (typeof known === 'string') return { code: 'AMPL_PLANFILE_E0003', path, problem: known };
    if (known !== undefined) return known;
    const parsed = strictId(value, path);
    if (typeof value === 'string') referenced.set(value, 'problem' in parsed ? parsed.problem : parsed);
    return parsed;
  };
  for (const [index, action] of plan.actions.entries()) {
    const at = (...path: PropertyKey[]) => ['actions', index, ...path];
    const id = strictId(action.id, at('id'));
    if ('problem' in id) return fail(id);
    if (keys.has(id.key))
      fail({ code: 'AMPL_PLANFILE_E0003', path: at('id'), problem: `the id '${id.id}' appears twice` });
    keys.add(id.key);
    const refusal = actionRefusal(action, id, { ampls, at, reference });
    if (refusal) fail(refusal);
    targets.set(action, id);
  }

  const dependents = new Map<string, string[]>();
  for (const [index, action] of plan.actions.entries()) {
    // The plan came from a file: its dependencies are whatever the file holds until checked here.
    for (const [d, dependency] of (action.dependsOn as readonly unknown[]).entries()) {
      // Action ids passed the strict grammar, so their lower case is their key: a dependency must be one of them
      // exactly (no trimming: the file is untrusted).
      const key = typeof dependency === 'string' ? dependency.toLowerCase() : undefined;
      if (key === undefined || !keys.has(key)) {
        fail({
          code: 'AMPL_PLANFILE_E0005',
          path: ['actions', index, 'dependsOn', d],
          problem: `'${String(dependency)}' is not the id of an action in this plan`,
        });
      }
      const list = dependents.get(key as string);
      if (list) list.push(idKey(action.id));
      else dependents.set(key as string, [idKey(action.id)]);
    }
  }
  const cycle = findCycle(plan.actions, dependents);
  if (cycle !== undefined) {
    fail({
      code: 'AMPL_PLANFILE_E0006',
      path: ['actions', cycle.index, 'dependsOn'],
      problem: `the actions wait for each other in a cycle (${cycle.ids.join(' -> ')}), so none of them could start`,
    });
  }
  return targets;
}

function actionRefusal(
  action: PlanAction,
  id: ResourceId,
  context: {
    ampls: ResourceId;
    at: (...path: PropertyKey[]) => PropertyKey[];
    reference: (value: unknown, path: PropertyKey[]) => ResourceId | Refusal;
  },
): Refusal | undefined {
  const { ampls, at, reference } = context;
  const refuse = (problem: string, ...path: PropertyKey[]): Refusal => ({
    code: 'AMPL_PLANFILE_E0004',
    path: at(...path),
    problem,
  });
  // Associations and rule updates both name a DCE in properties.dataCollectionEndpointId.
  const endpointOf = (properties: Record<string, unknown>): ResourceId | Refusal => {
    const endpoint = reference(
      properties['dataCollectionEndpointId'],
      at('body', 'properties', 'dataCollectionEndpointId'),
    );
    if ('problem' in endpoint) return endpoint;
    if (lower(endpoint.type) !== lower(DCE) || endpoint.scope !== undefined) {
      return refuse(`${endpoint.id} is not a DCE`, 'body', 'properties', 'dataCollectionEndpointId');
    }
    return endpoint;
  };
  const expectedVersion = API_VERSION_OF[action.resourceType];
  if (expectedVersion === undefined)
    return refuse(`${action.resourceType} is not a type amplink writes`, 'resourceType');
  if (lower(id.type) !== lower(action.resourceType)) {
    return refuse(`the id is a ${id.type}, not a ${action.resourceType}`, 'id');
  }
  if (action.apiVersion !== expectedVersion) {
    return refuse(`amplink writes ${action.resourceType} with api-version ${expectedVersion} only`, 'apiVersion');
  }
  const body = BODY_SCHEMAS[action.resourceType]?.safeParse(action.body);
  if (body && !body.success) {
    const issue = body.error.issues[0];
    return refuse(`not the body the planner writes: ${issue?.message ?? 'invalid'}`, 'body', ...(issue?.path ?? []));
  }
  const properties = action.body['properties'] as Record<string, unknown>;
  if (PREREQUISITE_API_VERSION[action.resourceType] !== undefined) {
    return prerequisiteRefusal(action, id, { ampls, at, reference, refuse });
  }
  switch (action.resourceType) {
    case DCE: {
      if (action.kind !== 'create') return refuse('a DCE is only ever created, never updated', 'kind');
      if (id.scope !== undefined || id.resourceGroup === undefined) return refuse('a DCE id is a group resource', 'id');
      const region = action.body['location'] as string;
      if ((properties['description'] as string) !== endpointDescription(region)) {
        return refuse('not the description the planner writes', 'body', 'properties', 'description');
      }
      if ((action.body['tags'] as Record<string, string>)[MANAGED_BY_TAG.key] !== MANAGED_BY_TAG.value) {
        return refuse(`a DCE amplink creates is tagged ${MANAGED_BY_TAG.key}: ${MANAGED_BY_TAG.value}`, 'body', 'tags');
      }
      if (action.region !== region) return refuse(`the region is not the DCE's location ${region}`, 'region');
      return permissionsRefusal(action, [{ action: `${DCE}/write`, scope: containerScope(id) }], refuse);
    }
    case ASSOCIATION: {
      if (lower(id.name) !== lower(CONFIGURATION_ASSOCIATION_NAME)) {
        return refuse(`only the ${CONFIGURATION_ASSOCIATION_NAME} association is written`, 'id');
      }
      const cluster = id.scope;
      if (cluster === undefined || cluster.scope !== undefined || !CLUSTER_TYPES.has(lower(cluster.type))) {
        return refuse('an association is written only on an AKS or Arc-enabled cluster', 'id');
      }
      const endpoint = endpointOf(properties);
      if ('problem' in endpoint) return endpoint;
      return permissionsRefusal(action, [{ action: `${ASSOCIATION}/write`, scope: cluster.id }], refuse);
    }
    case RULE: {
      if (action.kind !== 'update') return refuse('a data collection rule is only ever updated, never created', 'kind');
      if (id.scope !== undefined || id.resourceGroup === undefined)
        return refuse('a rule id is a group resource', 'id');
      const current = RULE_CURRENT.safeParse(action.current);
      if (!current.success) {
        const issue = current.error.issues[0];
        return refuse(
          `not what a rule's update replaces: ${issue?.message ?? 'invalid'}`,
          'current',
          ...(issue?.path ?? []),
        );
      }
      const endpoint = endpointOf(properties);
      if ('problem' in endpoint) return endpoint;
      return permissionsRefusal(action, [{ action: `${RULE}/write`, scope: id.id }], refuse);
    }
    case GROUP: {
      const policy = strictId(scopeIdOf(id), at('id'));
      if ('problem' in policy || lower(policy.type) !== lower(POLICY) || lower(id.name) !== FIREWALL_GROUP_NAME) {
        return refuse(`amplink writes only rule collection group ${FIREWALL_GROUP_NAME} of a firewall policy`, 'id');
      }
      return permissionsRefusal(action, [{ action: `${GROUP}/write`, scope: policy.id }], refuse);
    }
    default: {
      if (id.scope !== undefined || idKey(scopeIdOf(id)) !== ampls.key) {
        return refuse(`a link is written only under the plan's AMPLS, as ${ampls.id}/scopedResources/<name>`, 'id');
      }
      const linked = reference(properties['linkedResourceId'], at('body', 'properties', 'linkedResourceId'));
      if ('problem' in linked) return linked;
      if (!LINKABLE_TYPES.has(lower(linked.type)) || linked.scope !== undefined) {
        return refuse(
          `an AMPLS holds Log Analytics workspaces, DCEs and Application Insights components, not a ${linked.type}`,
          'body',
          'properties',
          'linkedResourceId',
        );
      }
      const needed = [
        { action: `${LINK}/write`, scope: ampls.id },
        { action: `${linked.type}/read`, scope: containerScope(linked) },
      ];
      return permissionsRefusal(action, needed, refuse);
    }
  }
}

/** The network prerequisites (prerequisite-actions.ts): each only created, each naming only what it may. */
function prerequisiteRefusal(
  action: PlanAction,
  id: ResourceId,
  context: {
    ampls: ResourceId;
    reference: (value: unknown, path: PropertyKey[]) => ResourceId | Refusal;
    at: (...path: PropertyKey[]) => PropertyKey[];
    refuse: (problem: string, ...path: PropertyKey[]) => Refusal;
  },
): Refusal | undefined {
  const { ampls, reference, at, refuse } = context;
  if (action.kind !== 'create') return refuse(`a ${action.resourceType} is only ever created, never updated`, 'kind');
  if (id.scope !== undefined || id.resourceGroup === undefined) return refuse('the id is not a group resource', 'id');
  const properties = (action.body['properties'] ?? {}) as Record<string, unknown>;
  switch (action.resourceType) {
    case RESOURCE_TYPES.privateLinkScope:
      if (id.key !== ampls.key) return refuse(`the only AMPLS a plan creates is its own, ${ampls.id}`, 'id');
      break;
    case RESOURCE_TYPES.privateEndpoint: {
      const { subnetId, serviceId, groupIds } = endpointTargets(action.body);
      const subnet = reference(subnetId, at('body', 'properties', 'subnet', 'id'));
      if ('problem' in subnet) return subnet;
      if (lower(subnet.type) !== lower(RESOURCE_TYPES.subnet)) {
        return refuse(`${subnet.id} is not a subnet`, 'body', 'properties', 'subnet', 'id');
      }
      const path = ['body', 'properties', 'privateLinkServiceConnections', 0, 'properties', 'privateLinkServiceId'];
      const service = reference(serviceId, at(...path));
      if ('problem' in service) return service;
      const toAmpls = service.key === ampls.key && groupIds[0] === GROUP_ID.ampls;
      const toWorkspace =
        lower(service.type) === lower(RESOURCE_TYPES.monitorAccount) && groupIds[0] === GROUP_ID.workspace;
      if (!toAmpls || service.scope !== undefined) {
        if (!toWorkspace || service.scope !== undefined) {
          return refuse(
            `an endpoint connects only to the plan's AMPLS (group ${GROUP_ID.ampls}) or to an Azure Monitor workspace (group ${GROUP_ID.workspace})`,
            ...path,
          );
        }
      }
      break;
    }
    case RESOURCE_TYPES.privateDnsZone:
      if (!isPlannedZone(id.name)) return refuse(`${id.name} is not a zone private link to Azure Monitor needs`, 'id');
      break;
    case RESOURCE_TYPES.privateDnsZoneLink: {
      if (!isPlannedZone(id.names[0] ?? '')) return refuse(`${id.names[0] ?? ''} is not a zone amplink links`, 'id');
      const vnet = reference(
        (properties['virtualNetwork'] as Record<string, unknown>)['id'],
        at('body', 'properties', 'virtualNetwork', 'id'),
      );
      if ('problem' in vnet) return vnet;
      if (lower(vnet.type) !== lower(RESOURCE_TYPES.virtualNetwork)) {
        return refuse(`${vnet.id} is not a virtual network`, 'body', 'properties', 'virtualNetwork', 'id');
      }
      break;
    }
    default: {
      if (lower(id.name) !== ZONE_GROUP_NAME) return refuse(`only the ${ZONE_GROUP_NAME} zone group is written`, 'id');
      for (const [index, zoneId] of zoneConfigs(action.body).entries()) {
        const path = ['body', 'properties', 'privateDnsZoneConfigs', index, 'properties', 'privateDnsZoneId'];
        const zone = reference(zoneId, at(...path));
        if ('problem' in zone) return zone;
        if (lower(zone.type) !== lower(RESOURCE_TYPES.privateDnsZone) || !isPlannedZone(zone.name)) {
          return refuse(`${zone.id} is not a zone private link to Azure Monitor needs`, ...path);
        }
      }
    }
  }
  return permissionsRefusal(action, prerequisitePermissions(action.resourceType, id, action.body), refuse);
}

/**
 * The permissions are those the planner gives the action, no other: apply reads what the caller may do at exactly
 * these scopes before writing, so they are requests too.
 */
function permissionsRefusal(
  action: PlanAction,
  needed: readonly Permission[],
  refuse: (problem: string, ...path: PropertyKey[]) => Refusal,
): Refusal | undefined {
  const same =
    action.permissions.length === needed.length &&
    needed.every((p, i) => {
      const given = action.permissions[i];
      return given?.action === p.action && given.scope.toLowerCase() === p.scope.toLowerCase();
    });
  if (same) return undefined;
  const described = needed.map((p) => `${p.action} on ${p.scope}`).join(', ');
  return refuse(`the permissions are not the ones this change needs (${described})`, 'permissions');
}

function strictId(value: unknown, path: PropertyKey[]): ResourceId | Refusal {
  try {
    return parseResourceIdStrict(value);
  } catch (error) {
    if (!isAmplinkError(error)) throw error;
    return { code: 'AMPL_PLANFILE_E0003', path, problem: error.message.replace(/\.$/, '') };
  }
}

/** The parent id of a child resource id (an AMPLS of its scoped resource, a policy of its group). */
function scopeIdOf(id: ResourceId): string {
  return id.id.split('/').slice(0, -2).join('/');
}

/** One dependency cycle, if any (Kahn's algorithm: what is never freed sits on or behind a cycle). */
function findCycle(
  actions: readonly PlanAction[],
  dependents: ReadonlyMap<string, string[]>,
): { index: number; ids: string[] } | undefined {
  const waiting = new Map(actions.map((a) => [idKey(a.id), 0]));
  for (const list of dependents.values()) for (const key of list) waiting.set(key, (waiting.get(key) ?? 0) + 1);
  const free = [...waiting].filter(([, n]) => n === 0).map(([key]) => key);
  while (free.length > 0) {
    for (const key of dependents.get(free.pop() as string) ?? []) {
      const left = (waiting.get(key) ?? 1) - 1;
      waiting.set(key, left);
      if (left === 0) free.push(key);
    }
  }
  const stuck = new Set([...waiting].filter(([, n]) => n > 0).map(([key]) => key));
  if (stuck.size === 0) return undefined;
  // Walk back along dependencies that are themselves stuck until one repeats: that loop is a cycle.
  const byKey = new Map(actions.map((a, index) => [idKey(a.id), { action: a, index }]));
  const path: string[] = [];
  let key = [...stuck][0] as string;
  while (!path.includes(key)) {
    path.push(key);
    const next = byKey
      .get(key)
      ?.action.dependsOn.map(idKey)
      .find((d) => stuck.has(d));
    if (next === undefined) break;
    key = next;
  }
  const loop = path.slice(path.indexOf(key));
  const ids = [...loop, key].map((k) => byKey.get(k)?.action.id ?? k);
  return { index: byKey.get(key)?.index ?? 0, ids };
}

function lower(value: string): string {
  return value.toLowerCase();
}
