import { parseResourceId as parse, type ResourceId } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { Plan } from '../plan/types.js';
import {
  ARTICLE_CORRECTIONS,
  describe,
  emptyPlanNote,
  exportActions,
  headerLines,
  ruleUpdatesNote,
  SymbolNames,
  type ExportAction,
} from './actions.js';
import { hclString } from './escape.js';
import { CodeWriter } from './writer.js';

export { hclString } from './escape.js';

/*
 * azurerm resources and their arguments (hashicorp/terraform-provider-azurerm, website/docs/r/*.html.markdown):
 * - azurerm_monitor_data_collection_endpoint: name, resource_group_name, location, description, kind,
 *   public_network_access_enabled, tags.
 * - azurerm_monitor_data_collection_rule_association: name, target_resource_id, data_collection_endpoint_id,
 *   data_collection_rule_id, description ("must be named configurationAccessEndpoint" with an endpoint).
 * - azurerm_monitor_private_link_scoped_service: name, resource_group_name, scope_name, linked_resource_id.
 * - azurerm_monitor_private_link_scope: name, resource_group_name, ingestion_access_mode, query_access_mode, tags.
 * - azurerm_private_endpoint: name, location, resource_group_name, subnet_id, tags, private_service_connection {name,
 *   private_connection_resource_id, is_manual_connection, subresource_names}, private_dns_zone_group {name,
 *   private_dns_zone_ids} (the zone group is a block of the endpoint, not a resource of its own).
 * - azurerm_private_dns_zone: name, resource_group_name, tags.
 * - azurerm_private_dns_zone_virtual_network_link: name, resource_group_name, private_dns_zone_name,
 *   virtual_network_id, registration_enabled, tags.
 * - azurerm_firewall_policy_rule_collection_group: name, firewall_policy_id, priority, application_rule_collection
 *   { name, priority, action, rule { name, protocols { type, port }, source_addresses, destination_fqdns } }.
 * Data sources (website/docs/d/): azurerm_kubernetes_cluster, azurerm_monitor_data_collection_endpoint,
 * azurerm_log_analytics_workspace and azurerm_firewall_policy, each by name and resource_group_name. There is no AMPLS
 * data source.
 * `import` blocks need Terraform 1.5 or later.
 */

interface DataSource {
  type: string;
  symbol: string;
  id: ResourceId;
}

const DATA_SOURCE_TYPES: Record<string, string> = {
  [RESOURCE_TYPES.managedCluster.toLowerCase()]: 'azurerm_kubernetes_cluster',
  [RESOURCE_TYPES.dataCollectionEndpoint.toLowerCase()]: 'azurerm_monitor_data_collection_endpoint',
  [RESOURCE_TYPES.logAnalyticsWorkspace.toLowerCase()]: 'azurerm_log_analytics_workspace',
  [RESOURCE_TYPES.firewallPolicy.toLowerCase()]: 'azurerm_firewall_policy',
};

const RESOURCE_TYPE_NAMES: Record<Exclude<ExportAction['type'], 'network'>, string> = {
  endpoint: 'azurerm_monitor_data_collection_endpoint',
  association: 'azurerm_monitor_data_collection_rule_association',
  link: 'azurerm_monitor_private_link_scoped_service',
  'firewall-rules': 'azurerm_firewall_policy_rule_collection_group',
};

/** The azurerm resource of each network prerequisite; a zone group is written inside its endpoint. */
const NETWORK_TYPE_NAMES: Record<string, string | undefined> = {
  [RESOURCE_TYPES.privateLinkScope.toLowerCase()]: 'azurerm_monitor_private_link_scope',
  [RESOURCE_TYPES.privateEndpoint.toLowerCase()]: 'azurerm_private_endpoint',
  [RESOURCE_TYPES.privateDnsZone.toLowerCase()]: 'azurerm_private_dns_zone',
  [RESOURCE_TYPES.privateDnsZoneLink.toLowerCase()]: 'azurerm_private_dns_zone_virtual_network_link',
};

function terraformType(entry: ExportAction): string | undefined {
  return entry.type === 'network'
    ? NETWORK_TYPE_NAMES[entry.action.resourceType.toLowerCase()]
    : RESOURCE_TYPE_NAMES[entry.type];
}

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

class TerraformWriter {
  readonly names = new SymbolNames();
  readonly dataSources = new Map<string, DataSource>();
  /** The resources this plan creates or updates, by id key: their type and symbol. */
  readonly resources = new Map<string, { type: string; symbol: string }>();
  readonly providers = new Map<string, string>();

  constructor(readonly defaultSubscription: string) {}

  providerFor(subscriptionId: string): string | undefined {
    if (subscriptionId.toLowerCase() === this.defaultSubscription.toLowerCase()) return undefined;
    const key = subscriptionId.toLowerCase();
    let alias = this.providers.get(key);
    if (!alias) {
      alias = `subscription_${subscriptionId
        .slice(0, 8)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '_')}`;
      this.providers.set(key, alias);
    }
    return alias;
  }

  /** An expression for the name of a resource this plan creates (so Terraform orders the two), else the literal. */
  nameOf(id: ResourceId): string {
    const created = this.resources.get(id.key);
    return created ? `${created.type}.${created.symbol}.name` : hclString(id.name);
  }

  /** An expression for an id: the resource this plan creates, a data source for what exists, else the literal id. */
  reference(id: string): string {
    const parsed = parse(id);
    const created = this.resources.get(parsed.key);
    if (created) return `${created.type}.${created.symbol}.id`;
    const type = DATA_SOURCE_TYPES[parsed.type.toLowerCase()];
    if (!type || parsed.resourceGroup === undefined) return hclString(parsed.id);
    let source = this.dataSources.get(parsed.key);
    if (!source) {
      source = { type, symbol: this.names.take('existing', parsed.name), id: parsed };
      this.dataSources.set(parsed.key, source);
      this.providerFor(parsed.subscriptionId);
    }
    return `data.${source.type}.${source.symbol}.id`;
  }
}

/** Columns as `terraform fmt` counts them to align `=`: grapheme clusters. */
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
function columns(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

/**
 * Consecutive `name = value` lines, their `=` aligned as `terraform fmt` aligns them (a comment, a blank line or a
 * block between attributes starts a new group, so each group is written by one call).
 */
function attributes(out: CodeWriter, pairs: [string, string | undefined][]): void {
  const present = pairs.filter((pair): pair is [string, string] => pair[1] !== undefined);
  const width = Math.max(0, ...present.map(([name]) => columns(name)));
  for (const [name, value] of present) out.line(`${name}${' '.repeat(width - columns(name))} = ${value}`);
}

function writeTags(out: CodeWriter, tags: unknown): void {
  const entries = Object.entries(record(tags)).filter((e): e is [string, string] => typeof e[1] === 'string');
  if (entries.length === 0) return;
  out.line('tags = {');
  out.indent(() =>
    attributes(
      out,
      entries.map(([key, value]) => [hclString(key), hclString(value)]),
    ),
  );
  out.line('}');
}

/** A network prerequisite as its azurerm resource; the zone groups of `zoneGroups` (by endpoint key) go inside. */
function writeNetwork(
  out: CodeWriter,
  tf: TerraformWriter,
  entry: Extract<ExportAction, { type: 'network' }>,
  zoneGroups: Map<string, Extract<ExportAction, { type: 'network' }>>,
): void {
  out.line();
  out.comment(describe(entry));
  const type = terraformType(entry);
  const created = tf.resources.get(entry.id.key);
  if (type === undefined || created === undefined) {
    out.comment('Written as the private_dns_zone_group block of its private endpoint above.');
    return;
  }
  const body = entry.action.body;
  const properties = record(body['properties']);
  const provider = tf.providerFor(entry.subscriptionId);
  out.line(`resource "${type}" "${created.symbol}" {`);
  out.indent(() => {
    const common: [string, string | undefined][] = [
      ['provider', provider && `azurerm.${provider}`],
      ['name', hclString(entry.id.name)],
      ['resource_group_name', hclString(entry.resourceGroup)],
    ];
    switch (entry.action.resourceType) {
      case RESOURCE_TYPES.privateLinkScope: {
        const modes = record(properties['accessModeSettings']);
        attributes(out, [
          ...common,
          ['ingestion_access_mode', hclString(String(modes['ingestionAccessMode']))],
          ['query_access_mode', hclString(String(modes['queryAccessMode']))],
        ]);
        break;
      }
      case RESOURCE_TYPES.privateEndpoint: {
        const connection = record((properties['privateLinkServiceConnections'] as unknown[] | undefined)?.[0]);
        const connectionProperties = record(connection['properties']);
        attributes(out, [
          ...common,
          ['location', hclString(String(body['location']))],
          ['subnet_id', hclString(String(record(properties['subnet'])['id']))],
        ]);
        out.line('private_service_connection {');
        out.indent(() =>
          attributes(out, [
            ['name', hclString(String(connection['name']))],
            ['private_connection_resource_id', tf.reference(String(connectionProperties['privateLinkServiceId']))],
            ['is_manual_connection', 'false'],
            [
              'subresource_names',
              `[${((connectionProperties['groupIds'] as unknown[] | undefined) ?? []).map((g) => hclString(String(g))).join(', ')}]`,
            ],
          ]),
        );
        out.line('}');
        const group = zoneGroups.get(entry.id.key);
        if (group !== undefined) {
          const configs = record(group.action.body['properties'])['privateDnsZoneConfigs'];
          const zoneIds = (Array.isArray(configs) ? configs : []).map((c) =>
            String(record(record(c)['properties'])['privateDnsZoneId']),
          );
          out.line('private_dns_zone_group {');
          out.indent(() =>
            attributes(out, [
              ['name', hclString(group.id.name)],
              ['private_dns_zone_ids', `[${zoneIds.map((z) => tf.reference(z)).join(', ')}]`],
            ]),
          );
          out.line('}');
        }
        break;
      }
      case RESOURCE_TYPES.privateDnsZone:
        attributes(out, common);
        break;
      default: {
        const zone = parse(entry.id.id.replace(/\/virtualNetworkLinks\/[^/]+$/i, ''));
        attributes(out, [
          ['provider', provider && `azurerm.${provider}`],
          ['name', hclString(entry.id.name)],
          ['resource_group_name', hclString(entry.resourceGroup)],
          ['private_dns_zone_name', tf.nameOf(zone)],
          ['virtual_network_id', hclString(String(record(properties['virtualNetwork'])['id']))],
          ['registration_enabled', 'false'],
        ]);
      }
    }
    writeTags(out, body['tags']);
  });
  out.line('}');
}

function writeResource(
  out: CodeWriter,
  tf: TerraformWriter,
  entry: Exclude<ExportAction, { type: 'network' }>,
  previousLink: string | undefined,
): void {
  const type = RESOURCE_TYPE_NAMES[entry.type];
  const { symbol } = tf.resources.get(entry.id.key) as { symbol: string };
  out.line();
  out.comment(describe(entry));
  if (entry.action.kind === 'update') {
    out.comment('It exists already: Terraform imports it, then updates it in place.');
    out.line('import {');
    out.indent(() => {
      attributes(out, [
        ['to', `${type}.${symbol}`],
        ['id', hclString(entry.id.id)],
      ]);
    });
    out.line('}');
    out.line();
  }
  out.line(`resource "${type}" "${symbol}" {`);
  out.indent(() => {
    if (entry.type === 'endpoint') {
      const provider = tf.providerFor(entry.subscriptionId);
      attributes(out, [
        ['provider', provider && `azurerm.${provider}`],
        ['name', hclString(entry.name)],
        ['resource_group_name', hclString(entry.resourceGroup)],
        ['location', hclString(entry.location)],
        ['description', entry.description === undefined ? undefined : hclString(entry.description)],
        [
          'public_network_access_enabled',
          entry.publicNetworkAccess === undefined ? undefined : String(entry.publicNetworkAccess === 'Enabled'),
        ],
      ]);
      if (Object.keys(entry.tags).length > 0) {
        out.line('tags = {');
        out.indent(() =>
          attributes(
            out,
            Object.entries(entry.tags).map(([key, value]) => [hclString(key), hclString(value)]),
          ),
        );
        out.line('}');
      }
    } else if (entry.type === 'association') {
      attributes(out, [
        ['name', hclString(entry.id.name)],
        ['target_resource_id', tf.reference(entry.cluster.id)],
        ['data_collection_endpoint_id', tf.reference(entry.endpointId)],
        ['description', entry.description === undefined ? undefined : hclString(entry.description)],
      ]);
    } else if (entry.type === 'firewall-rules') {
      writeFirewallRules(out, tf, entry);
    } else {
      const provider = tf.providerFor(entry.scope.subscriptionId);
      attributes(out, [
        ['provider', provider && `azurerm.${provider}`],
        ['name', hclString(entry.name)],
        ['resource_group_name', hclString(entry.resourceGroup)],
        ['scope_name', tf.nameOf(entry.scope)],
        ['linked_resource_id', tf.reference(entry.linkedResourceId)],
      ]);
      if (previousLink) {
        out.comment('One write at a time per AMPLS (parallel writes fail with 409).');
        attributes(out, [['depends_on', `[${previousLink}]`]]);
      }
    }
  });
  out.line('}');
}

function writeFirewallRules(
  out: CodeWriter,
  tf: TerraformWriter,
  entry: Extract<ExportAction, { type: 'firewall-rules' }>,
): void {
  const provider = tf.providerFor(entry.subscriptionId);
  const list = (values: readonly string[]) => `[${values.map(hclString).join(', ')}]`;
  attributes(out, [
    ['provider', provider && `azurerm.${provider}`],
    ['name', hclString(entry.name)],
    ['firewall_policy_id', tf.reference(entry.policy.id)],
    ['priority', String(entry.priority)],
  ]);
  out.line();
  out.line('application_rule_collection {');
  out.indent(() => {
    attributes(out, [
      ['name', hclString(entry.collection.name)],
      ['priority', String(entry.collection.priority)],
      ['action', hclString('Allow')],
    ]);
    for (const rule of entry.collection.rules) {
      out.line();
      out.line('rule {');
      out.indent(() => {
        attributes(out, [
          ['name', hclString(rule.name)],
          ['source_addresses', list(rule.sourceAddresses)],
          ['destination_fqdns', list(rule.targetFqdns)],
        ]);
        out.line();
        out.line('protocols {');
        out.indent(() =>
          attributes(out, [
            ['type', hclString('Https')],
            ['port', '443'],
          ]),
        );
        out.line('}');
      });
      out.line('}');
    }
  });
  out.line('}');
}

/** The plan as Terraform (azurerm): resources for what amplink creates, data sources for what exists. */
export function exportTerraform(plan: Plan): string {
  const actions = exportActions(plan);
  const amplsSubscription = parse(plan.ampls.id).subscriptionId;
  const tf = new TerraformWriter(amplsSubscription);
  const zoneGroups = new Map<string, Extract<ExportAction, { type: 'network' }>>();
  for (const entry of actions) {
    if (entry.type === 'network' && entry.action.resourceType === RESOURCE_TYPES.privateDnsZoneGroup) {
      zoneGroups.set(entry.id.key.replace(/\/privatednszonegroups\/[^/]+$/, ''), entry);
    }
    const type = terraformType(entry);
    if (type === undefined) continue;
    const base =
      entry.type === 'association'
        ? entry.cluster.name
        : entry.type === 'network'
          ? entry.id.name
          : entry.type === 'firewall-rules'
            ? entry.policy.name
            : entry.name;
    const prefix =
      entry.type === 'network'
        ? entry.symbolPrefix
        : entry.type === 'endpoint'
          ? 'dce'
          : entry.type === 'firewall-rules'
            ? 'firewall_rules'
            : entry.type;
    tf.resources.set(entry.id.key, { type, symbol: tf.names.take(prefix, base) });
  }
  // Resources first into their own writer, so every data source and provider they use is known for the header.
  const body = new CodeWriter('#');
  const previous = new Map<string, string>();
  for (const entry of actions) {
    const scopeKey = entry.type === 'link' ? entry.scope.key : undefined;
    const before = scopeKey ? previous.get(scopeKey) : undefined;
    if (entry.type === 'network') writeNetwork(body, tf, entry, zoneGroups);
    else writeResource(body, tf, entry, before);
    const created = tf.resources.get(entry.id.key);
    if (scopeKey && created) previous.set(scopeKey, `${created.type}.${created.symbol}`);
  }

  const out = new CodeWriter('#');
  out.comment(headerLines(plan, 'terraform'));
  out.comment('');
  out.comment(
    'Run: terraform init && terraform plan. The default azurerm provider is the AMPLS subscription; other subscriptions have an alias. Associations need no alias: their target_resource_id is a full id.',
  );
  out.comment('');
  const rulesNote = ruleUpdatesNote(plan, 'terraform');
  if (rulesNote !== '') {
    out.comment(rulesNote);
    out.comment('');
  }
  out.comment(ARTICLE_CORRECTIONS);
  if (actions.length === 0) {
    out.line();
    out.comment(emptyPlanNote(plan));
    return out.toString();
  }
  out.line();
  out.line('terraform {');
  out.indent(() => {
    out.line('required_version = ">= 1.5.0"');
    out.line('required_providers {');
    out.indent(() => {
      out.line('azurerm = {');
      out.indent(() => {
        attributes(out, [
          ['source', hclString('hashicorp/azurerm')],
          ['version', hclString('>= 3.80.0')],
        ]);
      });
      out.line('}');
    });
    out.line('}');
  });
  out.line('}');
  out.line();
  out.line('provider "azurerm" {');
  out.indent(() => {
    out.line('features {}');
    attributes(out, [['subscription_id', hclString(amplsSubscription)]]);
  });
  out.line('}');
  for (const [subscription, alias] of [...tf.providers.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.line();
    out.line('provider "azurerm" {');
    out.indent(() => {
      attributes(out, [['alias', hclString(alias)]]);
      out.line('features {}');
      attributes(out, [['subscription_id', hclString(subscription)]]);
    });
    out.line('}');
  }
  for (const source of tf.dataSources.values()) {
    out.line();
    out.comment(`Exists already: ${source.id.id}`);
    out.line(`data "${source.type}" "${source.symbol}" {`);
    out.indent(() => {
      const provider = tf.providerFor(source.id.subscriptionId);
      attributes(out, [
        ['provider', provider && `azurerm.${provider}`],
        ['name', hclString(source.id.name)],
        ['resource_group_name', hclString(source.id.resourceGroup as string)],
      ]);
    });
    out.line('}');
  }
  out.block(body.toString());
  return out.toString();
}
