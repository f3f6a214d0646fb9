import { parseResourceId as parse, type ResourceId } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { Plan } from '../plan/types.js';
import {
  ARTICLE_CORRECTIONS,
  describe,
  emptyPlanNote,
  exportActions,
  headerLines,
  SymbolNames,
  type ExportAction,
} from './actions.js';
import { CodeWriter } from './writer.js';

/*
 * azurerm resources and their arguments (hashicorp/terraform-provider-azurerm, website/docs/r/*.html.markdown):
 * - azurerm_monitor_data_collection_endpoint: name, resource_group_name, location, description, kind,
 *   public_network_access_enabled, tags.
 * - azurerm_monitor_data_collection_rule_association: name, target_resource_id, data_collection_endpoint_id,
 *   data_collection_rule_id, description ("must be named configurationAccessEndpoint" with an endpoint).
 * - azurerm_monitor_private_link_scoped_service: name, resource_group_name, scope_name, linked_resource_id.
 * Data sources (website/docs/d/): azurerm_kubernetes_cluster, azurerm_monitor_data_collection_endpoint and
 * azurerm_log_analytics_workspace, each by name and resource_group_name. There is no AMPLS data source.
 * `import` blocks need Terraform 1.5 or later.
 */

/** An HCL quoted string: \ and " escaped, and template sequences ${ %{ made literal. */
export function hclString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '$${').replace(/%\{/g, '%%{').replace(/\n/g, '\\n')}"`;
}

interface DataSource {
  type: string;
  symbol: string;
  id: ResourceId;
}

const DATA_SOURCE_TYPES: Record<string, string> = {
  [RESOURCE_TYPES.managedCluster.toLowerCase()]: 'azurerm_kubernetes_cluster',
  [RESOURCE_TYPES.dataCollectionEndpoint.toLowerCase()]: 'azurerm_monitor_data_collection_endpoint',
  [RESOURCE_TYPES.logAnalyticsWorkspace.toLowerCase()]: 'azurerm_log_analytics_workspace',
};

const RESOURCE_TYPE_NAMES: Record<ExportAction['type'], string> = {
  endpoint: 'azurerm_monitor_data_collection_endpoint',
  association: 'azurerm_monitor_data_collection_rule_association',
  link: 'azurerm_monitor_private_link_scoped_service',
};

class TerraformWriter {
  readonly names = new SymbolNames();
  readonly dataSources = new Map<string, DataSource>();
  readonly resources = new Map<string, string>();
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
    if (created) return `${created}.id`;
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

function attribute(out: CodeWriter, width: number, name: string, value: string): void {
  out.line(`${name.padEnd(width)} = ${value}`);
}

function writeResource(
  out: CodeWriter,
  tf: TerraformWriter,
  entry: ExportAction,
  previousLink: string | undefined,
): void {
  const type = RESOURCE_TYPE_NAMES[entry.type];
  const symbol = tf.resources.get(entry.id.key) as string;
  out.line();
  out.comment(describe(entry));
  if (entry.action.kind === 'update') {
    out.comment('It exists already: Terraform imports it, then updates it in place.');
    out.line('import {');
    out.indent(() => {
      attribute(out, 2, 'to', `${type}.${symbol}`);
      attribute(out, 2, 'id', hclString(entry.id.id));
    });
    out.line('}');
    out.line();
  }
  out.line(`resource "${type}" "${symbol}" {`);
  out.indent(() => {
    if (entry.type === 'endpoint') {
      const provider = tf.providerFor(entry.subscriptionId);
      const w = 29;
      if (provider) attribute(out, w, 'provider', `azurerm.${provider}`);
      attribute(out, w, 'name', hclString(entry.name));
      attribute(out, w, 'resource_group_name', hclString(entry.resourceGroup));
      attribute(out, w, 'location', hclString(entry.location));
      if (entry.description !== undefined) attribute(out, w, 'description', hclString(entry.description));
      if (entry.publicNetworkAccess !== undefined) {
        attribute(out, w, 'public_network_access_enabled', String(entry.publicNetworkAccess === 'Enabled'));
      }
      if (Object.keys(entry.tags).length > 0) {
        out.line('tags = {');
        out.indent(() => {
          for (const [key, value] of Object.entries(entry.tags)) out.line(`${hclString(key)} = ${hclString(value)}`);
        });
        out.line('}');
      }
    } else if (entry.type === 'association') {
      const w = 27;
      attribute(out, w, 'name', hclString(entry.id.name));
      attribute(out, w, 'target_resource_id', tf.reference(entry.cluster.id));
      attribute(out, w, 'data_collection_endpoint_id', tf.reference(entry.endpointId));
      if (entry.description !== undefined) attribute(out, w, 'description', hclString(entry.description));
    } else {
      const w = 19;
      const provider = tf.providerFor(entry.scope.subscriptionId);
      if (provider) attribute(out, w, 'provider', `azurerm.${provider}`);
      attribute(out, w, 'name', hclString(entry.name));
      attribute(out, w, 'resource_group_name', hclString(entry.resourceGroup));
      attribute(out, w, 'scope_name', hclString(entry.scope.name));
      attribute(out, w, 'linked_resource_id', tf.reference(entry.linkedResourceId));
      if (previousLink) {
        out.comment('One write at a time per AMPLS (parallel writes fail with 409).');
        attribute(out, w, 'depends_on', `[${previousLink}]`);
      }
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
    const base = entry.type === 'association' ? entry.cluster.name : entry.name;
    tf.resources.set(entry.id.key, tf.names.take(entry.type === 'endpoint' ? 'dce' : entry.type, base));
  }
  // Resources first into their own writer, so every data source and provider they use is known for the header.
  const body = new CodeWriter('#');
  const previous = new Map<string, string>();
  for (const entry of actions) {
    const scopeKey = entry.type === 'link' ? entry.scope.key : undefined;
    const before = scopeKey ? previous.get(scopeKey) : undefined;
    writeResource(body, tf, entry, before);
    if (scopeKey) previous.set(scopeKey, `${RESOURCE_TYPE_NAMES.link}.${tf.resources.get(entry.id.key) as string}`);
  }

  const out = new CodeWriter('#');
  out.comment(headerLines(plan, 'terraform'));
  out.comment('');
  out.comment(
    'Run: terraform init && terraform plan. The default azurerm provider is the AMPLS subscription; other subscriptions have an alias. Associations need no alias: their target_resource_id is a full id.',
  );
  out.comment('');
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
        attribute(out, 7, 'source', hclString('hashicorp/azurerm'));
        attribute(out, 7, 'version', hclString('>= 3.80.0'));
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
    attribute(out, 15, 'subscription_id', hclString(amplsSubscription));
  });
  out.line('}');
  for (const [subscription, alias] of [...tf.providers.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.line();
    out.line('provider "azurerm" {');
    out.indent(() => {
      attribute(out, 15, 'alias', hclString(alias));
      out.line('features {}');
      attribute(out, 15, 'subscription_id', hclString(subscription));
    });
    out.line('}');
  }
  for (const source of tf.dataSources.values()) {
    out.line();
    out.comment(`Exists already: ${source.id.id}`);
    out.line(`data "${source.type}" "${source.symbol}" {`);
    out.indent(() => {
      const provider = tf.providerFor(source.id.subscriptionId);
      if (provider) attribute(out, 19, 'provider', `azurerm.${provider}`);
      attribute(out, 19, 'name', hclString(source.id.name));
      attribute(out, 19, 'resource_group_name', hclString(source.id.resourceGroup as string));
    });
    out.line('}');
  }
  out.block(body.toString());
  return out.toString();
}
