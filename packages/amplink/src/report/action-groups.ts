import type { PlanAction } from '../plan/types.js';
import { count, counted } from './text.js';
import { jsonText } from '../model/json.js';

const LABELS: Record<string, string> = {
  'microsoft.insights/datacollectionendpoints': 'DCE',
  'microsoft.insights/datacollectionrules': 'DCR',
  'microsoft.insights/datacollectionruleassociations': 'association',
  'microsoft.insights/privatelinkscopes/scopedresources': 'AMPLS link',
  'microsoft.insights/privatelinkscopes': 'AMPLS',
  'microsoft.network/privateendpoints': 'private endpoint',
  'microsoft.network/privatednszones': 'DNS zone',
  'microsoft.network/privatednszones/virtualnetworklinks': 'zone VNet link',
  'microsoft.network/privateendpoints/privatednszonegroups': 'zone group',
  'microsoft.network/firewallpolicies/rulecollectiongroups': 'firewall rule collection group',
};

/** What a linked resource is, in the words of the rest of the output. */
const LINKED: Record<string, [string, string]> = {
  datacollectionendpoints: ['DCE', 'DCEs'],
  workspaces: ['workspace', 'workspaces'],
  accounts: ['Azure Monitor workspace', 'Azure Monitor workspaces'],
  components: ['Application Insights resource', 'Application Insights resources'],
};

export const SYMBOL: Record<PlanAction['kind'], string> = { create: '+', update: '~' };

/** "DCE", "association", "AMPLS link": a resource type in the words of the output. */
export function resourceLabel(resourceType: string): string {
  return LABELS[resourceType.toLowerCase()] ?? resourceType;
}

export function actionLabel(action: PlanAction): string {
  return resourceLabel(action.resourceType);
}

function properties(action: PlanAction): Record<string, unknown> {
  const value = action.body['properties'];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function lastSegment(id: string): string {
  return id.replace(/\/+$/, '').split('/').pop() ?? id;
}

function linkedResourceId(action: PlanAction): string {
  return jsonText(properties(action)['linkedResourceId']);
}

/** The type segment of a linked resource's id (`dataCollectionEndpoints`), as ARM spells it. */
function linkedType(action: PlanAction): string {
  return linkedResourceId(action).split('/').slice(-2, -1)[0] ?? '';
}

function isAssociation(action: PlanAction): boolean {
  return action.resourceType.toLowerCase().endsWith('datacollectionruleassociations');
}

function isLink(action: PlanAction): boolean {
  return action.resourceType.toLowerCase().endsWith('scopedresources');
}

function associationEndpoint(action: PlanAction): string {
  return lastSegment(jsonText(properties(action)['dataCollectionEndpointId']));
}

/** The action's own words: "aks-1 -> amplink-config-eastus", "law-1 (workspaces)", "amplink-config-eastus". */
export function actionSubject(action: PlanAction): string {
  if (isAssociation(action)) return `${action.id.split('/')[8] ?? ''} -> ${associationEndpoint(action)}`;
  if (isLink(action)) return `${lastSegment(linkedResourceId(action))} (${linkedType(action)})`;
  // A rule update of shared ingestion: "MSProm-eastus-aks-1 -> amw-1".
  if (action.resourceType.toLowerCase().endsWith('datacollectionrules')) {
    return `${lastSegment(action.id)} -> ${associationEndpoint(action)}`;
  }
  return childName(action.id);
}

/** A zone's VNet link and an endpoint's zone group are named within their parent: "zone/link", "endpoint/default". */
function childName(id: string): string {
  if (!/\/(virtualnetworklinks|privatednszonegroups)\/[^/]+$/i.test(id)) return lastSegment(id);
  return id
    .split('/')
    .slice(-3)
    .filter((_, i) => i !== 1)
    .join('/');
}

/** The name a collapsed group lists: the cluster, the linked resource, or the resource written. */
export function actionName(action: PlanAction): string {
  if (isAssociation(action)) return action.id.split('/')[8] ?? '';
  if (isLink(action)) return lastSegment(linkedResourceId(action));
  return childName(action.id);
}

/** A new DCE's public network access decides who can fetch configuration from it: alike DCEs share it. */
function publicAccess(action: PlanAction): string | undefined {
  const acls = properties(action)['networkAcls'] as Record<string, unknown> | undefined;
  const access = acls?.['publicNetworkAccess'];
  return typeof access === 'string' ? access : undefined;
}

/** ", public network access Disabled", ", public network access Enabled for 2, Disabled for 17", or nothing. */
function accessPhrase(actions: readonly PlanAction[]): string {
  const counts = new Map<string, number>();
  for (const action of actions) {
    const access = publicAccess(action);
    if (access !== undefined) counts.set(access, (counts.get(access) ?? 0) + 1);
  }
  if (counts.size === 0) return '';
  const [only] = counts.keys();
  if (counts.size === 1) return `, public network access ${only ?? ''}`;
  return `, public network access ${[...counts.entries()].map(([access, n]) => `${access} for ${count(n)}`).join(', ')}`;
}

/** Changes that do the same thing for different resources: same kind, same resource, same rules. */
export interface ActionGroup {
  kind: PlanAction['kind'];
  label: string;
  rules: number[];
  /** For AMPLS links, the linked resources' type. */
  variant: string;
  actions: PlanAction[];
}

/** Alike actions together, in the order the plan first lists each kind (the plan's order is the order of apply). */
export function groupActions(actions: readonly PlanAction[]): ActionGroup[] {
  const groups = new Map<string, ActionGroup>();
  for (const action of actions) {
    const label = actionLabel(action);
    const variant = isLink(action) ? linkedType(action) : '';
    const key = [action.kind, label, variant, action.rules.join(',')].join('\u0000');
    const group = groups.get(key) ?? { kind: action.kind, label, rules: action.rules, variant, actions: [] };
    group.actions.push(action);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * What a collapsed group does, in one phrase: "× 100 clusters → amplink-config-australiaeast",
 * "× 2,000 DCEs (dataCollectionEndpoints)", "× 19 in 19 regions, public network access Disabled".
 */
export function groupPhrase(group: ActionGroup): string {
  const { actions } = group;
  const regions = distinct(actions.map((a) => a.region));
  const where = regions.length > 1 ? ` in ${counted(regions.length, 'region')}` : ` in ${regions[0] ?? ''}`;
  const [first] = actions;
  if (first !== undefined && isAssociation(first)) {
    const endpoints = distinct(actions.map(associationEndpoint));
    // One per region: each region's clusters go to one DCE, and no two regions share one.
    const pairs = distinct(actions.map((a) => `${a.region}\u0000${associationEndpoint(a)}`));
    const perRegion = pairs.length === regions.length && endpoints.length === regions.length;
    const to =
      endpoints.length === 1
        ? (endpoints[0] ?? '')
        : `${counted(endpoints.length, 'DCE')}${perRegion ? ', one per region' : ''}`;
    return `× ${counted(actions.length, 'cluster')}${where} → ${to}`;
  }
  if (first !== undefined && isLink(first)) {
    const [one, many] = LINKED[group.variant.toLowerCase()] ?? [group.variant, group.variant];
    return `× ${counted(actions.length, one, many)} (${group.variant})${where}`;
  }
  return `× ${counted(actions.length, group.label, `${group.label}s`)}${where}${accessPhrase(actions)}`;
}

/** "+ create 19 DCEs, + create 2,000 associations": a set of actions in a few words (a finding's fixes). */
export function actionCounts(actions: readonly PlanAction[]): string {
  return groupActions(actions)
    .reduce<{ kind: PlanAction['kind']; label: string; count: number }[]>((counts, group) => {
      const same = counts.find((c) => c.kind === group.kind && c.label === group.label);
      if (same) same.count += group.actions.length;
      else counts.push({ kind: group.kind, label: group.label, count: group.actions.length });
      return counts;
    }, [])
    .map((c) => `${SYMBOL[c.kind]} ${c.kind} ${counted(c.count, c.label, `${c.label}s`)}`)
    .join(', ');
}

/** "1 DCE, 1 AMPLS link, 100 associations": what a region's changes are. */
export function labelCounts(actions: readonly PlanAction[]): string {
  const counts = new Map<string, number>();
  for (const action of actions) counts.set(actionLabel(action), (counts.get(actionLabel(action)) ?? 0) + 1);
  return [...counts.entries()].map(([label, n]) => counted(n, label, `${label}s`)).join(', ');
}
