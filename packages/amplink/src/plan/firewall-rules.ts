// `--firewall-rules`: one additive rule collection group per firewall policy that blocks the agents (DOMAIN.md rule 5).
import { egressOf, type EgressPath } from '../model/egress.js';
import { describeRule, type FirewallDecision } from '../model/firewall-rules.js';
import type { NetworkView } from '../model/network.js';
import { idKey } from '../model/resource-id.js';
import { RESOURCE_TYPES, type ArmResource, type RuleCollectionGroupProperties } from '../model/resources.js';
import type { Cluster } from '../model/topology.js';
import { API_VERSIONS } from './api-versions.js';
import { compareKeys, nameSome, plural } from './findings.js';
import { firewallHosts, type HostSource, type NeededHost } from './firewall-hosts.js';
import type { Finding, PlanAction } from './types.js';

/** The one rule collection group amplink writes on a firewall policy, and the one collection in it. */
export const FIREWALL_GROUP_NAME = 'amplink-azure-monitor';
/** Priority range of rule collection groups and collections (firewallPolicy.json 2026-01-01). */
const LOWEST_PRIORITY = 65000;
const HIGHEST_PRIORITY = 100;

/** What the planner knows of one selected, monitored cluster for its firewall. */
export interface FirewallCluster {
  readonly cluster: Cluster;
  readonly privatePath: boolean;
  readonly configuration: HostSource | undefined;
  readonly destinations: readonly HostSource[];
  readonly collectsMetrics: boolean;
}

type FirewallPath = Extract<EgressPath, { kind: 'firewall' }>;

/** One host the firewall does not let through, with the decision (the rule that denies, or none: denied by default). */
export interface BlockedHost {
  readonly host: string;
  readonly signal: NeededHost['signal'];
  readonly decision: FirewallDecision & { verdict: 'deny' };
}

/** Each needed host with what the firewall does with it. */
export function judgeHosts(path: FirewallPath, needed: readonly NeededHost[]) {
  return needed.map((n) => ({ ...n, decision: path.rules.decide(path.sourcePrefixes, n.host) }));
}

/** Hosts a fix lists one by one. */
const HOSTS_SHOWN = 6;

/**
 * The exact rule to add by hand: an application rule allowing HTTPS:443 from the node subnet to the hosts, in a rule
 * collection group of the policy that comes before the denying one.
 */
export function ruleToAdd(path: FirewallPath, hosts: readonly string[], blocked: readonly BlockedHost[]): string {
  const deniers = blocked.map((b) => b.decision.rule).filter((r) => r !== undefined);
  const before =
    deniers.length === 0
      ? ''
      : ` with a priority number lower than ${Math.min(...deniers.map((r) => r.groupPriority))} (before ${describeRule(deniers[0] as NonNullable<(typeof deniers)[number]>)})`;
  const sorted = [...hosts].sort();
  // A hub firewall may serve hundreds of clusters: the fix stays readable, and the whole rule is one command away.
  const targets =
    sorted.length <= HOSTS_SHOWN
      ? sorted.join(', ')
      : `${sorted.slice(0, HOSTS_SHOWN).join(', ')} and ${sorted.length - HOSTS_SHOWN} more (amplink export --firewall-rules --format az writes them all)`;
  return `On firewall policy ${path.policy.name} (of firewall ${path.firewall.name}), add a rule collection group${before} with an Allow application rule collection: one application rule, source addresses ${path.sourcePrefixes.join(', ')}, protocol Https:443, target FQDNs ${targets}. amplink plan --firewall-rules writes exactly this as rule collection group ${FIREWALL_GROUP_NAME}.`;
}

interface PolicyNeeds {
  path: FirewallPath;
  /** Node subnet key → its prefixes and the hosts its clusters need. */
  subnets: Map<string, { id: string; prefixes: readonly string[]; hosts: Set<string> }>;
  clusters: Cluster[];
  blocked: { cluster: Cluster; hosts: BlockedHost[] }[];
}

function ruleName(subnetId: string): string {
  const parts = subnetId.split('/');
  const vnet = parts[parts.length - 3] ?? 'vnet';
  const subnet = parts[parts.length - 1] ?? 'subnet';
  return `nodes-${vnet}-${subnet}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 80);
}

type Json = Record<string, unknown>;

function ruleOf(name: string, prefixes: readonly string[], hosts: Iterable<string>): Json {
  return {
    ruleType: 'ApplicationRule',
    name,
    sourceAddresses: [...prefixes],
    protocols: [{ protocolType: 'Https', port: 443 }],
    targetFqdns: [...new Set(hosts)].sort(),
  };
}

/** The rules of amplink's existing group, by name, so that what other clusters need stays allowed. */
function existingRules(group: ArmResource | undefined): Map<string, Json> {
  const rules = new Map<string, Json>();
  const collections = (group?.properties as RuleCollectionGroupProperties | undefined)?.ruleCollections ?? [];
  for (const collection of collections) {
    for (const rule of collection.rules ?? []) {
      if (rule.name) {
        rules.set(rule.name, ruleOf(rule.name, rule.sourceAddresses ?? [], rule.targetFqdns ?? []));
      }
    }
  }
  return rules;
}

/** The priority of amplink's group: before every group of the policy whose application rule denies one of the hosts. */
function groupPriority(
  groups: readonly ArmResource[],
  ours: ArmResource | undefined,
  deniedIn: readonly number[],
): number | undefined {
  const current = (ours?.properties as RuleCollectionGroupProperties | undefined)?.priority ?? undefined;
  const limit = deniedIn.length === 0 ? LOWEST_PRIORITY + 1 : Math.min(...deniedIn);
  if (current !== undefined && current < limit) return current;
  const taken = new Set(
    groups.filter((g) => g !== ours).map((g) => (g.properties as RuleCollectionGroupProperties).priority),
  );
  for (let p = limit - 1; p >= HIGHEST_PRIORITY; p--) if (!taken.has(p)) return p;
  return undefined;
}

function sameGroup(group: ArmResource | undefined, body: Json): boolean {
  if (group === undefined) return false;
  const properties = group.properties as RuleCollectionGroupProperties;
  const desired = body['properties'] as { priority: number; ruleCollections: Json[] };
  const wanted = (desired.ruleCollections[0]?.['rules'] as Json[]).map((r) => JSON.stringify(r));
  const have = existingRules(group);
  return (
    properties.priority === desired.priority &&
    (properties.ruleCollections ?? []).length === 1 &&
    properties.ruleCollections?.[0]?.action?.type === 'Allow' &&
    have.size === wanted.length &&
    [...have.values()].every((r) => wanted.includes(JSON.stringify(r)))
  );
}

/**
 * The rule collection groups `--firewall-rules` writes, one per firewall policy that denies some selected cluster a
 * host it needs; without the option, one warning per such policy with the exact rule to add. Additive: the user's own
 * groups are never written; amplink's own group keeps the rules of clusters outside the selection and gains hosts,
 * never loses them. Pure.
 */
export function planFirewallRules(
  net: NetworkView,
  clusters: readonly FirewallCluster[],
  enabled: boolean,
): { actions: PlanAction[]; findings: Finding[]; clusters: Cluster[] } {
  const byPolicy = new Map<string, PolicyNeeds>();
  for (const entry of clusters) {
    const path = egressOf(net, entry.cluster);
    if (path.kind !== 'firewall') continue;
    const needed = firewallHosts(entry);
    const policy: PolicyNeeds = byPolicy.get(path.policy.key) ?? {
      path,
      subnets: new Map(),
      clusters: [],
      blocked: [],
    };
    byPolicy.set(path.policy.key, policy);
    const subnet = policy.subnets.get(idKey(path.subnetId)) ?? {
      id: path.subnetId,
      prefixes: path.sourcePrefixes,
      hosts: new Set<string>(),
    };
    policy.subnets.set(idKey(path.subnetId), subnet);
    for (const n of needed) subnet.hosts.add(n.host);
    policy.clusters.push(entry.cluster);
    const blocked = judgeHosts(path, needed).filter((j): j is BlockedHost => j.decision.verdict === 'deny');
    if (blocked.length > 0) policy.blocked.push({ cluster: entry.cluster, hosts: blocked });
  }
  const actions: PlanAction[] = [];
  const findings: Finding[] = [];
  /** Every cluster behind a policy the plan writes (an action lists only the first few). */
  const changed: Cluster[] = [];
  for (const [, needs] of [...byPolicy].sort(([a], [b]) => compareKeys(a, b))) {
    if (needs.blocked.length === 0) continue;
    const { path } = needs;
    const names = needs.blocked.map((b) => b.cluster.id.name).sort(compareKeys);
    const allBlocked = needs.blocked.flatMap((b) => b.hosts);
    const hosts = [...new Set(allBlocked.map((b) => b.host))].sort();
    if (!enabled) {
      findings.push({
        code: 'AMPL_PLAN_W0009',
        severity: 'warning',
        message: `Firewall ${path.firewall.name} (policy ${path.policy.name}) does not let ${plural(names.length, 'cluster')} (${nameSome(names)}) reach ${nameSome(hosts, 6)} (rule 5): their agents cannot send. amplink changes firewalls only with --firewall-rules.`,
        resources: [path.firewall.id, path.policy.id, ...needs.blocked.map((b) => b.cluster.id.id)],
        rules: [5],
        fix: ruleToAdd(path, [...new Set([...needs.subnets.values()].flatMap((s) => [...s.hosts]))], allBlocked),
      });
      continue;
    }
    // An additive application rule cannot come before a network rule, nor before a base policy's groups.
    const unbeatable = allBlocked.filter(
      (b) => b.decision.rule?.inherited || b.decision.rule?.ruleType === 'NetworkRule',
    );
    if (unbeatable.length > 0) {
      findings.push({
        code: 'AMPL_PLAN_W0010',
        severity: 'warning',
        message: `Firewall ${path.firewall.name}: ${nameSome([...new Set(unbeatable.map((b) => b.host))].sort(), 6)} ${unbeatable.length === 1 ? 'is' : 'are'} denied by ${describeRule(unbeatable[0]?.decision.rule as NonNullable<FirewallDecision['rule']>)}, which an added application rule collection group cannot come before (network rules and base policies are processed first).`,
        resources: [path.firewall.id, path.policy.id],
        rules: [5],
        fix: 'Change that rule (exclude the node subnets or these hosts from it); amplink never edits rules it did not write.',
      });
    }
    const groups = net.egressResources.ruleCollectionGroups.filter((g) =>
      idKey(g.id).startsWith(`${path.policy.key}/rulecollectiongroups/`),
    );
    const ours = groups.find((g) => g.name.toLowerCase() === FIREWALL_GROUP_NAME);
    const deniedIn = allBlocked
      .map((b) => b.decision.rule)
      .filter((r) => r !== undefined && !r.inherited && r.ruleType === 'ApplicationRule')
      .map((r) => (r as NonNullable<typeof r>).groupPriority);
    const priority = groupPriority(groups, ours, deniedIn);
    if (priority === undefined) {
      findings.push({
        code: 'AMPL_PLAN_W0010',
        severity: 'warning',
        message: `Firewall policy ${path.policy.name}: no rule collection group priority is free before the group that denies ${nameSome(hosts, 6)} (priority ${Math.min(...deniedIn)}), so amplink cannot add its group there.`,
        resources: [path.policy.id],
        rules: [5],
        fix: ruleToAdd(path, hosts, allBlocked),
      });
      continue;
    }
    const rules = existingRules(ours);
    for (const subnet of [...needs.subnets.values()].sort((a, b) => compareKeys(a.id, b.id))) {
      const name = ruleName(subnet.id);
      const before = rules.get(name);
      const kept = (before?.['targetFqdns'] as string[] | undefined) ?? [];
      rules.set(name, ruleOf(name, subnet.prefixes, [...kept, ...subnet.hosts]));
    }
    const body = {
      properties: {
        priority,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: FIREWALL_GROUP_NAME,
            priority: LOWEST_PRIORITY,
            action: { type: 'Allow' },
            rules: [...rules.values()].sort((a, b) => compareKeys(String(a['name']), String(b['name']))),
          },
        ],
      },
    };
    if (sameGroup(ours, body)) continue;
    const id = ours?.id ?? `${path.policy.id}/ruleCollectionGroups/${FIREWALL_GROUP_NAME}`;
    const action: PlanAction = {
      kind: ours === undefined ? 'create' : 'update',
      resourceType: RESOURCE_TYPES.ruleCollectionGroup,
      id,
      apiVersion: API_VERSIONS.firewallPolicies,
      body,
      rules: [5],
      reason: `Firewall ${path.firewall.name} (policy ${path.policy.name}) does not let ${plural(names.length, 'cluster')} (${nameSome(names)}) reach ${nameSome(hosts, 6)}: ${allBlocked[0]?.decision.rule ? `denied by ${describeRule(allBlocked[0].decision.rule)}` : 'no rule allows them (Azure Firewall denies by default)'}. --firewall-rules adds rule collection group ${FIREWALL_GROUP_NAME} (priority ${priority}) allowing HTTPS:443 from the node subnets to exactly the hosts their agents need; the policy's own groups are left as they are.`,
      permissions: [{ action: `${RESOURCE_TYPES.ruleCollectionGroup}/write`, scope: path.policy.id }],
      dependsOn: [],
      region: path.firewall.location?.toLowerCase().replace(/\s+/g, '') ?? 'global',
      clusterCount: needs.clusters.length,
      clusters: needs.clusters
        .map((c) => c.id.id)
        .sort(compareKeys)
        .slice(0, 20),
    };
    if (ours) action.current = { ...ours.properties };
    actions.push(action);
    changed.push(...needs.clusters);
  }
  return { actions, findings, clusters: changed };
}
