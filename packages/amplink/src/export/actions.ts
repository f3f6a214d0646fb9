import { AmplinkError } from '../model/errors.js';
import { parseResourceId, type ResourceId } from '../model/resource-id.js';
import { CONFIGURATION_ASSOCIATION_NAME, RESOURCE_TYPES } from '../model/resources.js';
import type { Plan, PlanAction } from '../plan/types.js';

/** A plan action in the terms every export format needs, with the ids already taken apart. */
export type ExportAction = EndpointAction | AssociationAction | LinkAction | NetworkAction | FirewallRulesAction;

interface Common {
  action: PlanAction;
  id: ResourceId;
  /** Where the write lands: the resource group (and subscription) of the deployment that holds it. */
  subscriptionId: string;
  resourceGroup: string;
}

export interface EndpointAction extends Common {
  type: 'endpoint';
  name: string;
  location: string;
  tags: Record<string, string>;
  description: string | undefined;
  publicNetworkAccess: string | undefined;
}

export interface AssociationAction extends Common {
  type: 'association';
  cluster: ResourceId;
  endpointId: string;
  description: string | undefined;
}

export interface LinkAction extends Common {
  type: 'link';
  scope: ResourceId;
  name: string;
  linkedResourceId: string;
}

/**
 * A network prerequisite (the AMPLS, a private endpoint, a DNS zone, a zone's VNet link, an endpoint's zone group):
 * written as the ARM resource it is, by every format.
 */
export interface NetworkAction extends Common {
  type: 'network';
  /** The names below the provider joined with `/`, as templates name a child resource (`zone/link`). */
  name: string;
  /** What it is, for comments and progress lines: "private endpoint pe-1". */
  label: string;
  /** The prefix of its generated symbols (Bicep, Terraform). */
  symbolPrefix: string;
}

// The planner's dependency order: the network first (AMPLS, endpoint, zones, links, zone group), then DCEs; a
// cluster is pointed at a DCE only once the DCE is in the AMPLS; firewall rules last.
const RANK: Record<ExportAction['type'], number> = {
  network: -1,
  endpoint: 0,
  link: 1,
  association: 2,
  'firewall-rules': 3,
};

const NETWORK_TYPES: Readonly<Record<string, { order: number; label: string; symbol: string }>> = {
  [RESOURCE_TYPES.privateLinkScope.toLowerCase()]: { order: 0, label: 'AMPLS', symbol: 'ampls' },
  [RESOURCE_TYPES.privateEndpoint.toLowerCase()]: { order: 1, label: 'private endpoint', symbol: 'pe' },
  [RESOURCE_TYPES.privateDnsZone.toLowerCase()]: { order: 2, label: 'private DNS zone', symbol: 'zone' },
  [RESOURCE_TYPES.privateDnsZoneLink.toLowerCase()]: { order: 3, label: 'VNet link', symbol: 'zone_link' },
  [RESOURCE_TYPES.privateDnsZoneGroup.toLowerCase()]: { order: 4, label: 'DNS zone group', symbol: 'zone_group' },
};

function networkOrder(entry: ExportAction): number {
  return entry.type === 'network' ? (NETWORK_TYPES[entry.action.resourceType.toLowerCase()]?.order ?? 9) : 0;
}

/** One application rule of amplink's rule collection group: HTTPS:443 from the node subnet to the agents' hosts. */
export interface FirewallApplicationRule {
  name: string;
  sourceAddresses: string[];
  targetFqdns: string[];
}

/** amplink's rule collection group on a firewall policy (`--firewall-rules`): one Allow application collection. */
export interface FirewallRulesAction extends Common {
  type: 'firewall-rules';
  policy: ResourceId;
  name: string;
  priority: number;
  collection: { name: string; priority: number; rules: FirewallApplicationRule[] };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function firewallRulesAction(action: PlanAction, id: ResourceId, properties: Record<string, unknown>) {
  const collections = Array.isArray(properties['ruleCollections']) ? properties['ruleCollections'] : [];
  const collection = record(collections[0]);
  const priority = properties['priority'];
  const collectionPriority = collection['priority'];
  if (collections.length !== 1 || typeof priority !== 'number' || typeof collectionPriority !== 'number') {
    throw unsupported(action, 'a rule collection group of amplink has a priority and one rule collection');
  }
  const rules = (Array.isArray(collection['rules']) ? collection['rules'] : []).map((r) => {
    const rule = record(r);
    return {
      name: text(rule['name']) ?? '',
      sourceAddresses: strings(rule['sourceAddresses']),
      targetFqdns: strings(rule['targetFqdns']),
    };
  });
  const policy = parseResourceId(action.id.replace(/\/ruleCollectionGroups\/[^/]+\/?$/i, ''));
  return {
    type: 'firewall-rules' as const,
    action,
    id,
    subscriptionId: policy.subscriptionId,
    resourceGroup: groupOf(policy, action),
    policy,
    name: id.name,
    priority,
    collection: { name: text(collection['name']) ?? '', priority: collectionPriority, rules },
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function unsupported(action: PlanAction, problem: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_EXPORT_E0002',
    message: `Cannot export the action on '${action.id}': ${problem}.`,
    fix: 'Export a plan written by this version of amplink (`amplink plan --out plan.json`).',
    fault: 'tool',
  });
}

function groupOf(id: ResourceId, action: PlanAction): string {
  if (id.resourceGroup === undefined) throw unsupported(action, 'it is not in a resource group');
  return id.resourceGroup;
}

function toExportAction(action: PlanAction): ExportAction {
  const id = parseResourceId(action.id);
  const properties = record(action.body['properties']);
  const type = action.resourceType.toLowerCase();
  const network = NETWORK_TYPES[type];
  if (network !== undefined) {
    if (id.scope !== undefined) throw unsupported(action, 'a network resource is not an extension resource');
    return {
      type: 'network',
      action,
      id,
      subscriptionId: id.subscriptionId,
      resourceGroup: groupOf(id, action),
      name: id.names.join('/'),
      label: `${network.label} ${id.names.join('/')}`,
      symbolPrefix: network.symbol,
    };
  }
  if (type === RESOURCE_TYPES.dataCollectionEndpoint.toLowerCase()) {
    const tags = Object.fromEntries(
      Object.entries(record(action.body['tags']))
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const location = text(action.body['location']);
    if (location === undefined) throw unsupported(action, 'the DCE body has no location');
    return {
      type: 'endpoint',
      action,
      id,
      subscriptionId: id.subscriptionId,
      resourceGroup: groupOf(id, action),
      name: id.name,
      location,
      tags,
      description: text(properties['description']),
      publicNetworkAccess: text(record(properties['networkAcls'])['publicNetworkAccess']),
    };
  }
  if (type === RESOURCE_TYPES.dataCollectionRuleAssociation.toLowerCase()) {
    const cluster = id.scope;
    const endpointId = text(properties['dataCollectionEndpointId']);
    if (cluster === undefined) throw unsupported(action, 'the association extends no resource');
    if (endpointId === undefined) throw unsupported(action, 'the association has no dataCollectionEndpointId');
    if (id.name !== CONFIGURATION_ASSOCIATION_NAME) {
      throw unsupported(action, `an endpoint association must be named ${CONFIGURATION_ASSOCIATION_NAME}`);
    }
    return {
      type: 'association',
      action,
      id,
      subscriptionId: cluster.subscriptionId,
      resourceGroup: groupOf(cluster, action),
      cluster,
      endpointId,
      description: text(properties['description']),
    };
  }
  if (type === RESOURCE_TYPES.scopedResource.toLowerCase()) {
    const linkedResourceId = text(properties['linkedResourceId']);
    if (linkedResourceId === undefined) throw unsupported(action, 'the scoped resource has no linkedResourceId');
    const scope = parseResourceId(action.id.replace(/\/scopedResources\/[^/]+\/?$/i, ''));
    return {
      type: 'link',
      action,
      id,
      subscriptionId: id.subscriptionId,
      resourceGroup: groupOf(id, action),
      scope,
      name: id.name,
      linkedResourceId,
    };
  }
  if (type === RESOURCE_TYPES.ruleCollectionGroup.toLowerCase()) return firewallRulesAction(action, id, properties);
  throw unsupported(action, `amplink does not export ${action.resourceType}`);
}

/** A rule pointed at a shared DCE (shared ingestion): a read-modify-write of one property, not a resource to declare. */
export interface RuleUpdate {
  action: PlanAction;
  id: ResourceId;
  endpointId: string;
}

function isRuleUpdate(action: PlanAction): boolean {
  return action.resourceType.toLowerCase() === RESOURCE_TYPES.dataCollectionRule.toLowerCase();
}

/** The plan's rule updates, by id; they come after everything else (they wait for their DCE's link). */
export function ruleUpdates(plan: Plan): RuleUpdate[] {
  return plan.actions
    .filter(isRuleUpdate)
    .map((action) => {
      const endpointId = text(record(action.body['properties'])['dataCollectionEndpointId']);
      if (action.kind !== 'update' || endpointId === undefined) {
        throw unsupported(action, 'a data collection rule is only updated, with a dataCollectionEndpointId');
      }
      return { action, id: parseResourceId(action.id), endpointId };
    })
    .sort((a, b) => (a.id.key < b.id.key ? -1 : a.id.key > b.id.key ? 1 : 0));
}

export function describeRuleUpdate(entry: RuleUpdate): string {
  const rules = entry.action.rules.join(', ');
  const before = entry.action.current?.['dataCollectionEndpointId'];
  return `update rule ${entry.id.name}: ingest through ${lastSegment(entry.endpointId)}; rules: ${rules} (amplink docs/domain.md)\nreason: ${entry.action.reason}${typeof before === 'string' ? `\nreplaces: ${JSON.stringify(before)}` : ''}`;
}

/**
 * What a template format says about rule updates: a template declares a whole resource, so deploying the rule would
 * replace its data sources, destinations and flows with whatever the template holds. Named one by one, never dropped
 * silently.
 */
export function ruleUpdatesNote(plan: Plan, format: string): string {
  const updates = ruleUpdates(plan);
  if (updates.length === 0) return '';
  return [
    `NOT IN THIS ${format.toUpperCase()} OUTPUT: ${updates.length} data collection rule update(s) of shared ingestion (read-modify-write of properties.dataCollectionEndpointId).`,
    `A ${format} resource declares the whole rule, so it would drop the rule's data sources, destinations and flows; run these with \`amplink apply\` or the az export (\`amplink export --format az\`), after this deployment:`,
    ...updates.map((u) => `- ${u.id.id} -> ${u.endpointId}`),
  ].join('\n');
}

/** The plan's actions for export: DCEs, then links, then associations (the dependency order), each group by id. */
export function exportActions(plan: Plan): ExportAction[] {
  return plan.actions
    .filter((action) => !isRuleUpdate(action))
    .map(toExportAction)
    .sort(
      (a, b) =>
        RANK[a.type] - RANK[b.type] ||
        networkOrder(a) - networkOrder(b) ||
        (a.id.key < b.id.key ? -1 : a.id.key > b.id.key ? 1 : 0),
    );
}

/** What the review needs above every action: what it does, the rules it serves and why. */
export function describe(entry: ExportAction): string {
  const rules = entry.action.rules.length > 0 ? entry.action.rules.join(', ') : 'none';
  const what =
    entry.type === 'network'
      ? entry.label
      : entry.type === 'endpoint'
        ? `DCE ${entry.name} (${entry.location})`
        : entry.type === 'association'
          ? `association ${entry.id.name} of cluster ${entry.cluster.name}`
          : entry.type === 'firewall-rules'
            ? `firewall rule collection group ${entry.name} (priority ${entry.priority}) of policy ${entry.policy.name}`
            : `AMPLS link ${entry.name} -> ${lastSegment(entry.linkedResourceId)}`;
  const current =
    entry.action.kind === 'update' && entry.action.current && entry.type !== 'firewall-rules'
      ? `\nreplaces: ${JSON.stringify(entry.action.current['dataCollectionEndpointId'] ?? entry.action.current)}`
      : '';
  return `${entry.action.kind} ${what}; rules: ${rules} (amplink docs/domain.md)\nreason: ${entry.action.reason}${current}`;
}

export function lastSegment(id: string): string {
  const parts = id.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] ?? id;
}

export function headerLines(plan: Plan, format: string): string {
  const create = plan.actions.filter((a) => a.kind === 'create').length;
  const update = plan.actions.length - create;
  return [
    `amplink export --format ${format}: the plan for AMPLS ${plan.ampls.name}`,
    `(${plan.ampls.id}),`,
    `${plan.actions.length} action(s): ${create} to create, ${update} to update. Generated from the plan; review, then run.`,
  ].join('\n');
}

/** Facts where the article's own steps go wrong (docs/domain.md), said in every export. */
export const ARTICLE_CORRECTIONS = [
  'Where this differs from the article (amplink docs/domain.md):',
  '- One configuration DCE per region, in the AMPLS, serves metrics and logs alike: the association name is the key, so the article\'s two "associate with configuration DCE" steps would overwrite each other.',
  '- An association to a DCE must be named configurationAccessEndpoint (the service refuses other names).',
  "- Every id is on one line and quoted (the article breaks ids across lines), and every parameter has its own name (the article's `-Name aks-amw-LinkedResourceId` lacks a space).",
].join('\n');

/** A short name for progress lines. */
export function shortLabel(entry: ExportAction): string {
  if (entry.type === 'network') return `${entry.action.kind} ${entry.label}`;
  if (entry.type === 'endpoint') return `${entry.action.kind} DCE ${entry.name}`;
  if (entry.type === 'association') return `${entry.action.kind} association of cluster ${entry.cluster.name}`;
  if (entry.type === 'firewall-rules')
    return `${entry.action.kind} rule collection group of policy ${entry.policy.name}`;
  return `${entry.action.kind} AMPLS link ${entry.name}`;
}

export function emptyPlanNote(plan: Plan): string {
  if (plan.actions.some(isRuleUpdate)) {
    return `Nothing but data collection rule updates, which this format leaves to amplink apply or the az export (see above).`;
  }
  return `Nothing to change: every selected cluster already sends through AMPLS ${plan.ampls.name} (plan status ${plan.summary.status}).`;
}

/** Distinct, stable identifiers for generated symbols (Bicep, Terraform). */
export class SymbolNames {
  private readonly used = new Set<string>();

  constructor(private readonly pattern: RegExp = /[^A-Za-z0-9_]/g) {}

  take(prefix: string, name: string): string {
    const base = `${prefix}_${name}`.replace(this.pattern, '_').replace(/_+/g, '_').replace(/_$/, '');
    let candidate = base;
    for (let n = 2; this.used.has(candidate.toLowerCase()); n++) candidate = `${base}_${n}`;
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}
