import { ipv4ToNumber, isPrivateAddress } from './ip-address.js';
import type { ArmResource, RuleCollectionGroupProperties } from './resources.js';

/**
 * How Azure Firewall decides an outbound HTTPS connection to a host name, from a firewall policy's rule collection
 * groups, as Azure documents its rule processing ("Configure Azure Firewall rules", learn.microsoft.com
 * azure/firewall/rule-processing, and firewall-manager/rule-processing):
 * - rules are terminating: the first rule that matches decides (Allow or Deny); no match is denied by default;
 * - network rules are processed before application rules, whatever the groups' and collections' priorities;
 * - rule collection groups of the parent (base) policy always come before the child policy's, whatever their priority;
 * - within a policy, groups by priority (100 first, up to 65000), and in a group, rule collections by priority.
 * Application rules match the host name (SNI or Host): `*` matches every name, `*.x` every name below x, the rest
 * exactly, without regard to case. NAT collections decide inbound traffic only; the infrastructure rule collection
 * (platform hosts) and threat intelligence are left out. Pure.
 */

/** The rule that decided, named as a user finds it in the portal: policy, group, collection, rule. */
export interface FirewallRuleRef {
  readonly policyId: string;
  readonly policyName: string;
  /** From the firewall's base policy rather than its own. */
  readonly inherited: boolean;
  readonly group: string;
  readonly groupPriority: number;
  readonly collection: string;
  readonly collectionPriority: number;
  readonly rule: string;
  readonly ruleType: 'NetworkRule' | 'ApplicationRule';
  readonly action: 'Allow' | 'Deny';
}

export type FirewallDecision =
  | { readonly verdict: 'allow' | 'deny'; readonly rule: FirewallRuleRef }
  /** No rule matched: Azure Firewall denies by default. */
  | { readonly verdict: 'deny'; readonly rule: undefined }
  /** A rule whose match amplink cannot tell (service tags, IP groups, FQDN tags, web categories, URLs) may decide. */
  | { readonly verdict: 'unknown'; readonly rule: FirewallRuleRef; readonly why: string };

type Rule = NonNullable<
  NonNullable<NonNullable<RuleCollectionGroupProperties['ruleCollections']>[number]['rules']>[number]
>;

interface OrderedRule {
  readonly ref: FirewallRuleRef;
  readonly rule: Rule;
}

/** A match: yes, no, or a reason amplink cannot tell. */
type Match = boolean | string;

/** A policy and the rule collection groups read under it; the base policies come first, the firewall's own last. */
export interface PolicyRules {
  readonly policy: ArmResource;
  readonly groups: readonly ArmResource[];
  readonly inherited: boolean;
}

const lower = (value: string | null | undefined): string => (value ?? '').toLowerCase();

function byPriority<T extends { priority?: number | null | undefined; name?: string | null | undefined }>(
  items: readonly T[],
): T[] {
  return [...items].sort(
    (a, b) => (a.priority ?? 65000) - (b.priority ?? 65000) || (lower(a.name) < lower(b.name) ? -1 : 1),
  );
}

/** Every filter rule of the policies, in the order Azure Firewall processes them: network rules, then application. */
function orderedRules(policies: readonly PolicyRules[]): OrderedRule[] {
  const network: OrderedRule[] = [];
  const application: OrderedRule[] = [];
  for (const { policy, groups, inherited } of policies) {
    const sortedGroups = byPriority(
      groups.map((g) => ({
        resource: g,
        name: g.name,
        priority: (g.properties as RuleCollectionGroupProperties).priority,
      })),
    );
    for (const group of sortedGroups) {
      const collections = (group.resource.properties as RuleCollectionGroupProperties).ruleCollections ?? [];
      for (const collection of byPriority(collections)) {
        if (lower(collection.ruleCollectionType) !== 'firewallpolicyfilterrulecollection') continue;
        const action = lower(collection.action?.type) === 'deny' ? 'Deny' : 'Allow';
        for (const rule of collection.rules ?? []) {
          const ruleType = lower(rule.ruleType) === 'networkrule' ? 'NetworkRule' : 'ApplicationRule';
          if (lower(rule.ruleType) !== 'networkrule' && lower(rule.ruleType) !== 'applicationrule') continue;
          const ref: FirewallRuleRef = {
            policyId: policy.id,
            policyName: policy.name,
            inherited,
            group: group.name,
            groupPriority: group.priority ?? 65000,
            collection: collection.name ?? '',
            collectionPriority: collection.priority ?? 65000,
            rule: rule.name ?? '',
            ruleType,
            action,
          };
          (ruleType === 'NetworkRule' ? network : application).push({ ref, rule });
        }
      }
    }
  }
  return [...network, ...application];
}

/** Whether a rule's FQDN (`*`, `*.x`, `*x` or exact) covers a host, as Azure Firewall compares them (no case). */
export function fqdnCovers(pattern: string, host: string): boolean {
  const p = pattern.trim().toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

/** An IPv4 address, CIDR or `a-b` range as the numbers it spans; undefined when it is none of these. */
function ipv4Span(text: string): [number, number] | undefined {
  const value = text.trim();
  const range = /^([\d.]+)\s*-\s*([\d.]+)$/.exec(value);
  if (range) {
    const lo = ipv4ToNumber(range[1] as string);
    const hi = ipv4ToNumber(range[2] as string);
    return lo === undefined || hi === undefined ? undefined : [lo, hi];
  }
  const [base, bits] = value.split('/');
  const address = base === undefined ? undefined : ipv4ToNumber(base);
  if (address === undefined) return undefined;
  if (bits === undefined) return [address, address];
  const n = Number(bits);
  if (!Number.isInteger(n) || n < 0 || n > 32) return undefined;
  const size = 2 ** (32 - n);
  const lo = Math.floor(address / size) * size;
  return [lo, lo + size - 1];
}

/** Whether the node subnet's prefixes are within a rule's source addresses (`*`, addresses, CIDRs, ranges). */
function sourceMatch(rule: Rule, sourcePrefixes: readonly string[]): Match {
  const entries = rule.sourceAddresses ?? [];
  if (entries.some((e) => e.trim() === '*')) return true;
  const spans = entries.map(ipv4Span);
  const prefixes = sourcePrefixes.map(ipv4Span).filter((s): s is [number, number] => s !== undefined);
  if (prefixes.length === 0) return 'the node subnet has no IPv4 prefix amplink can compare';
  const inside = prefixes.every(([lo, hi]) => spans.some((s) => s !== undefined && s[0] <= lo && hi <= s[1]));
  if (inside) return true;
  const apart = prefixes.every(([lo, hi]) => spans.every((s) => s !== undefined && (hi < s[0] || s[1] < lo)));
  const unreadable = entries.filter((_, i) => spans[i] === undefined);
  if ((rule.sourceIpGroups ?? []).length > 0) return 'its sources are IP groups, which amplink does not read';
  if (unreadable.length > 0) return `its sources ${unreadable.join(', ')} are not addresses amplink can compare`;
  return apart ? false : 'its sources cover part of the node subnet';
}

/** HTTPS on 443 in a network rule: TCP (or Any) to port 443. */
function networkPortMatch(rule: Rule): boolean {
  const protocols = (rule.ipProtocols ?? []).map(lower);
  if (!protocols.includes('tcp') && !protocols.includes('any')) return false;
  return (rule.destinationPorts ?? []).some((port) => {
    const p = port.trim();
    if (p === '*') return true;
    const [from, to] = p.split('-').map(Number);
    return from !== undefined && (from === 443 || (to !== undefined && from <= 443 && 443 <= to));
  });
}

function destinationMatch(rule: Rule, host: string): Match {
  if (lower(rule.ruleType) === 'networkrule') {
    if (!networkPortMatch(rule)) return false;
    const addresses = rule.destinationAddresses ?? [];
    if (addresses.some((a) => a.trim() === '*')) return true;
    if ((rule.destinationFqdns ?? []).some((f) => fqdnCovers(f, host))) return true;
    // Azure Monitor's and Microsoft Entra ID's hosts are public: private address space never holds them.
    const unknown = addresses.filter((a) => {
      const span = ipv4Span(a);
      return span === undefined || !isPrivateAddress(a.split('/')[0]?.split('-')[0]?.trim() ?? '');
    });
    if (unknown.length > 0) return `its destinations ${unknown.join(', ')} are service tags or public addresses`;
    if ((rule.destinationIpGroups ?? []).length > 0)
      return 'its destinations are IP groups, which amplink does not read';
    return false;
  }
  const https = (rule.protocols ?? []).some((p) => lower(p.protocolType) === 'https' && (p.port ?? 443) === 443);
  if (!https) return false;
  if ((rule.targetFqdns ?? []).some((f) => fqdnCovers(f, host))) return true;
  for (const [field, what] of [
    ['fqdnTags', 'FQDN tags'],
    ['webCategories', 'web categories'],
    ['targetUrls', 'URLs'],
  ] as const) {
    const values = rule[field] ?? [];
    if (values.length > 0) return `it matches by ${what} (${values.join(', ')}), which amplink cannot expand`;
  }
  return false;
}

/** The rules of a firewall policy (its base policies first), ready to decide connections. */
export class FirewallRules {
  private readonly rules: readonly OrderedRule[];

  constructor(policies: readonly PolicyRules[]) {
    this.rules = orderedRules(policies);
  }

  /**
   * What the firewall does with HTTPS from the node subnet to `host`. A rule amplink cannot read decides only when
   * nothing readable before it does: once a readable rule matches, the outcome stands if every unreadable rule before
   * it had the same action (it would have decided the same), else it is unknown.
   */
  decide(sourcePrefixes: readonly string[], host: string): FirewallDecision {
    const pending: { ref: FirewallRuleRef; why: string }[] = [];
    for (const { ref, rule } of this.rules) {
      const source = sourceMatch(rule, sourcePrefixes);
      if (source === false) continue;
      const destination = destinationMatch(rule, host);
      if (destination === false) continue;
      if (source === true && destination === true) {
        const other = pending.find((p) => p.ref.action !== ref.action);
        if (other) return { verdict: 'unknown', rule: other.ref, why: other.why };
        return { verdict: ref.action === 'Allow' ? 'allow' : 'deny', rule: ref };
      }
      pending.push({ ref, why: typeof source === 'string' ? source : (destination as string) });
    }
    const allowing = pending.find((p) => p.ref.action === 'Allow');
    if (allowing) return { verdict: 'unknown', rule: allowing.ref, why: allowing.why };
    return { verdict: 'deny', rule: undefined };
  }
}

/** "rule R in collection C (priority n) of group G (priority m) of policy P": where a user finds it. */
export function describeRule(ref: FirewallRuleRef): string {
  return `${ref.ruleType === 'NetworkRule' ? 'network' : 'application'} rule ${ref.rule} (${ref.action}) in collection ${ref.collection} (priority ${ref.collectionPriority}) of rule collection group ${ref.group} (priority ${ref.groupPriority}) of ${ref.inherited ? 'base ' : ''}policy ${ref.policyName}`;
}
