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
 * - azurerm_firewall_policy_rule_collection_group: name, firewall_policy_id, priority, application_rule_collection
 *   { name, priority, action, rule { name, protocols { type, port }, source_addresses, destination_fqdns } }.
 * Data sources (website/docs/d/): azurerm_kubernetes_cluster, azurerm_monitor_data_collection_endpoint,
 * azurerm_log_analytics_workspace and azurerm_firewall_policy, each by name and resource_group_name. There is no AMPLS data source.
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

const RESOURCE_TYPE_NAMES: Record<ExportAction['type'], string> = {
  endpoint: 'azurerm_monitor_data_collection_endpoint',
  association: 'azurerm_monitor_data_collection_rule_association',
  link: 'azurerm_monitor_private_link_scoped_service',
  'firewall-rules': 'azurerm_firewall_policy_rule_collection_group',
};

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

function writeResource(
  out: CodeWriter,
  tf: TerraformWriter,
  entry: ExportAction,
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
        ['scope_name', hclString(entry.scope.name)],
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
  for (const entry of actions) {
    const base =
      entry.type === 'association'
        ? entry.cluster.name
        : entry.type === 'firewall-rules'
          ? entry.policy.name
          : entry.name;
    tf.resources.set(entry.id.key, {
      type: RESOURCE_TYPE_NAMES[entry.type],
      symbol: tf.names.take(
        entry.type === 'endpoint' ? 'dce' : entry.type === 'firewall-rules' ? 'firewall_rules' : entry.type,
        base,
      ),
    });
  }
  // Resources first into their own writer, so every data source and provider they use is known for the header.
  const body = new CodeWriter('#');
  const previous = new Map<string, string>();
  for (const entry of actions) {
    const scopeKey = entry.type === 'link' ? entry.scope.key : undefined;
    const before = scopeKey ? previous.get(scopeKey) : undefined;
    writeResource(body, tf, entry, before);
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
