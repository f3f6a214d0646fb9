import { idKey, parseResourceId } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { Plan, PlanAction } from '../plan/types.js';
import { jsonText } from '../model/json.js';
import { plannedScopeEndpoints, zoneLinkVnetId } from '../plan/prerequisite-actions.js';

const LINK = RESOURCE_TYPES.scopedResource.toLowerCase();
const DCRA = RESOURCE_TYPES.dataCollectionRuleAssociation.toLowerCase();
const DCR = RESOURCE_TYPES.dataCollectionRule.toLowerCase();
const GROUP = RESOURCE_TYPES.ruleCollectionGroup.toLowerCase();
const ZONE_GROUP = RESOURCE_TYPES.privateDnsZoneGroup.toLowerCase();
const ZONE_LINK = RESOURCE_TYPES.privateDnsZoneLink.toLowerCase();

/** Finds the plan actions that fix a finding, so that each finding names the actions `amplink apply` would run. */
export class PlanActions {
  private readonly linksByKey = new Map<string, PlanAction>();
  private readonly associationsByCluster = new Map<string, PlanAction>();
  private readonly ruleUpdatesByEndpoint = new Map<string, PlanAction[]>();
  private readonly blocked: boolean;
  /** The plan's zone links per VNet, each with the name of its zone (lower case). */
  private readonly zoneLinksByVnet = new Map<string, { id: string; zone: string }[]>();
  private readonly endpointFixes: string[];

  constructor(private readonly thePlan: Plan) {
    this.blocked = thePlan.summary.status === 'blocked';
    for (const action of thePlan.actions) {
      const type = action.resourceType.toLowerCase();
      const properties = (action.body['properties'] ?? {}) as Record<string, unknown>;
      if (type === LINK) this.linksByKey.set(idKey(String(properties['linkedResourceId'])), action);
      if (type === DCRA) for (const c of action.clusters) this.associationsByCluster.set(idKey(c), action);
      const before = action.current?.['dataCollectionEndpointId'];
      if (type === DCR && typeof before === 'string') {
        const list = this.ruleUpdatesByEndpoint.get(idKey(before)) ?? [];
        list.push(action);
        this.ruleUpdatesByEndpoint.set(idKey(before), list);
      }
      if (type === ZONE_LINK) {
        const vnetKey = idKey(zoneLinkVnetId(action.body));
        const list = this.zoneLinksByVnet.get(vnetKey) ?? [];
        list.push({ id: action.id, zone: (parseResourceId(action.id).names[0] ?? '').toLowerCase() });
        this.zoneLinksByVnet.set(vnetKey, list);
      }
    }
    this.endpointFixes = endpointFixes(thePlan);
  }

  /** The ids of the resources the plan links into the AMPLS. */
  plannedLinks(): string[] {
    return this.thePlan.actions
      .filter((a) => a.resourceType.toLowerCase() === LINK)
      .map((a) => String((a.body['properties'] as Record<string, unknown>)['linkedResourceId']));
  }

  /** The plan's updates of rules that send through this DCE now (shared ingestion), with what they wait for. */
  ruleUpdatesFrom(endpointKey: string): string[] {
    const updates = this.ruleUpdatesByEndpoint.get(endpointKey) ?? [];
    return [...new Set(updates.flatMap((u) => [...u.dependsOn, u.id]))];
  }

  linkOf(key: string): string[] {
    const action = this.linksByKey.get(key);
    return action ? [action.id] : [];
  }

  /** The rule collection group the plan writes on a firewall policy (`--firewall-rules`). */
  firewallRulesOf(policyKey: string): string[] {
    return this.thePlan.actions
      .filter((a) => a.resourceType.toLowerCase() === GROUP && idKey(a.id).startsWith(`${policyKey}/`))
      .map((a) => a.id);
  }

  /**
   * The private endpoints the plan makes to its AMPLS, each with the DNS zone group that writes its records and what
   * that group waits for (the zones and their VNet links): without them the agents' names would not lead to it.
   */
  scopeEndpoints(): string[] {
    return this.endpointFixes;
  }

  /**
   * The plan's links of these private DNS zones (by name) to this VNet (`--link-vnet`, or the VNet of a new endpoint):
   * not the links of other zones, such as a workspace query endpoint's, that the plan makes to the same VNet.
   */
  zoneLinksTo(vnetId: string, zoneNames: readonly string[]): string[] {
    const wanted = new Set(zoneNames.map((z) => z.toLowerCase()));
    return (this.zoneLinksByVnet.get(idKey(vnetId)) ?? []).filter((l) => wanted.has(l.zone)).map((l) => l.id);
  }

  /** The association, the DCE it needs created, and that DCE's link into the AMPLS. */
  associationOf(clusterId: string): string[] {
    const action = this.associationsByCluster.get(idKey(clusterId));
    if (action === undefined) return [];
    const endpoint = jsonText((action.body['properties'] as Record<string, unknown>)['dataCollectionEndpointId']);
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

/** See `PlanActions.scopeEndpoints`; in the plan's order, the order apply runs them in. */
function endpointFixes(thePlan: Plan): string[] {
  const endpoints = new Set(plannedScopeEndpoints(thePlan.actions, thePlan.ampls.id).map((a) => a.id));
  const groups = thePlan.actions.filter(
    (a) => a.resourceType.toLowerCase() === ZONE_GROUP && a.dependsOn.some((id) => endpoints.has(id)),
  );
  const wanted = new Set([...endpoints, ...groups.flatMap((g) => [...g.dependsOn, g.id])]);
  return thePlan.actions.filter((a) => wanted.has(a.id)).map((a) => a.id);
}
