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
import { existingApiVersion, groupDeployments, localDependencies, type Deployment } from './deployments.js';
import type { ExportFile } from './types.js';
import { bicepString } from './escape.js';
import { CodeWriter } from './writer.js';

/** A Bicep expression written as it is (a symbol's property, a function call), where other strings are literals. */
export class BicepExpression {
  constructor(readonly text: string) {}
}

function bicepScalar(value: unknown): string {
  if (value instanceof BicepExpression) return value.text;
  if (typeof value === 'string') return bicepString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return 'null';
}

// Words Bicep reads as values, never as a property name: such keys are quoted.
const BICEP_LITERAL_WORDS = new Set(['true', 'false', 'null']);

/** Writes `key: value` lines of an object, nested objects as blocks (Bicep's object syntax has no commas). */
export function writeObject(out: CodeWriter, object: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(object)) {
    const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !BICEP_LITERAL_WORDS.has(key) ? key : bicepString(key);
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof BicepExpression)) {
      out.line(`${name}: {`);
      out.indent(() => writeObject(out, value as Record<string, unknown>));
      out.line('}');
    } else if (Array.isArray(value)) {
      out.line(`${name}: [`);
      out.indent(() => {
        for (const item of value) {
          if (item !== null && typeof item === 'object' && !(item instanceof BicepExpression)) {
            out.line('{');
            out.indent(() => writeObject(out, item as Record<string, unknown>));
            out.line('}');
          } else {
            out.line(bicepScalar(item));
          }
        }
      });
      out.line(']');
    } else {
      out.line(`${name}: ${bicepScalar(value)}`);
    }
  }
}

export const BICEP_MAIN = 'main.bicep';

export function moduleFileName(deployment: Deployment): string {
  return `modules/${deployment.name.replace(/^amplink-/, '')}.bicep`;
}

function writeModule(deployment: Deployment, plan: Plan): string {
  const out = new CodeWriter('//');
  out.comment(
    `amplink export --format bicep: resource group ${deployment.resourceGroup} of subscription ${deployment.subscriptionId}, ${deployment.actions.length} action(s) of the plan for AMPLS ${plan.ampls.name}.`,
  );
  out.line("targetScope = 'resourceGroup'");
  const names = new SymbolNames();
  const symbols = new Map<string, string>();
  const existing = new Map<string, string>();
  for (const entry of deployment.actions) {
    symbols.set(
      entry.id.key,
      names.take(
        entry.type === 'network'
          ? entry.symbolPrefix
          : entry.type === 'endpoint'
            ? 'dce'
            : entry.type === 'firewall-rules'
              ? 'firewall_rules'
              : entry.type,
        entry.type === 'association' ? entry.cluster.name : entry.name,
      ),
    );
  }
  out.line();
  out.comment('What exists already, referenced, not deployed.');
  for (const entry of deployment.actions) {
    const target =
      entry.type === 'association'
        ? entry.cluster
        : entry.type === 'link'
          ? entry.scope
          : entry.type === 'firewall-rules'
            ? entry.policy
            : undefined;
    if (!target || existing.has(target.key)) continue;
    // An AMPLS this deployment creates is the links' parent as it is declared.
    const declared = symbols.get(target.key);
    if (declared !== undefined) {
      existing.set(target.key, declared);
      continue;
    }
    const prefix = entry.type === 'association' ? 'cluster' : entry.type === 'link' ? 'ampls' : 'policy';
    const symbol = names.take(prefix, target.name);
    existing.set(target.key, symbol);
    out.line(`resource ${symbol} ${bicepString(`${target.type}@${existingApiVersion(target.type)}`)} existing = {`);
    out.indent(() => out.line(`name: ${bicepString(target.name)}`));
    out.line('}');
  }
  for (const entry of deployment.actions) writeResource(out, deployment, entry, symbols, existing);
  return out.toString();
}

function writeResource(
  out: CodeWriter,
  deployment: Deployment,
  entry: ExportAction,
  symbols: Map<string, string>,
  existing: Map<string, string>,
): void {
  const symbol = symbols.get(entry.id.key) as string;
  out.line();
  out.comment(describe(entry));
  const type =
    entry.type === 'link'
      ? 'Microsoft.Insights/privateLinkScopes/scopedResources'
      : entry.type === 'firewall-rules'
        ? 'Microsoft.Network/firewallPolicies/ruleCollectionGroups'
        : entry.action.resourceType;
  out.line(`resource ${symbol} ${bicepString(`${type}@${entry.action.apiVersion}`)} = {`);
  out.indent(() => {
    // A network child resource (a zone's link, an endpoint's zone group) is named parent/child.
    out.line(`name: ${bicepString(entry.type === 'association' ? entry.id.name : entry.name)}`);
    if (entry.type === 'association') out.line(`scope: ${existing.get(entry.cluster.key) as string}`);
    if (entry.type === 'link') out.line(`parent: ${existing.get(entry.scope.key) as string}`);
    if (entry.type === 'firewall-rules') out.line(`parent: ${existing.get(entry.policy.key) as string}`);
    writeObject(out, entry.action.body);
    const dependencies = localDependencies(deployment, entry).map((d) => symbols.get(d.id.key) as string);
    if (dependencies.length > 0) {
      out.line('dependsOn: [');
      out.indent(() => dependencies.forEach((d) => out.line(d)));
      out.line(']');
    }
  });
  out.line('}');
}

function writeMain(plan: Plan, deployments: Deployment[]): string {
  const out = new CodeWriter('//');
  out.comment(headerLines(plan, 'bicep'));
  out.comment('');
  out.comment(
    [
      'Deploy at subscription scope: az deployment sub create --location <region> --template-file main.bicep',
      'Bicep deploys one resource group per module, so each resource group with changes has its module under modules/;',
      'the association is an extension resource with `scope:` on its cluster, links are children of the AMPLS.',
    ].join('\n'),
  );
  out.comment('');
  const rulesNote = ruleUpdatesNote(plan, 'bicep');
  if (rulesNote !== '') {
    out.comment(rulesNote);
    out.comment('');
  }
  out.comment(ARTICLE_CORRECTIONS);
  out.line("targetScope = 'subscription'");
  if (deployments.length === 0) {
    out.line();
    out.comment(emptyPlanNote(plan));
    return out.toString();
  }
  const names = new SymbolNames();
  const symbols = new Map(deployments.map((d) => [d.name, names.take('deploy', d.name.replace(/^amplink-/, ''))]));
  for (const deployment of deployments) {
    out.line();
    out.comment(
      `${deployment.actions.length} action(s) in resource group ${deployment.resourceGroup} of subscription ${deployment.subscriptionId}.`,
    );
    out.line(`module ${symbols.get(deployment.name) as string} ${bicepString(moduleFileName(deployment))} = {`);
    out.indent(() => {
      out.line(`name: ${bicepString(deployment.name)}`);
      out.line(
        `scope: resourceGroup(${bicepString(deployment.subscriptionId)}, ${bicepString(deployment.resourceGroup)})`,
      );
      if (deployment.dependsOn.length > 0) {
        out.line('dependsOn: [');
        out.indent(() => deployment.dependsOn.forEach((d) => out.line(symbols.get(d))));
        out.line(']');
      }
    });
    out.line('}');
  }
  return out.toString();
}

/** main.bicep (subscription scope) and one module per resource group. */
export function exportBicepFiles(plan: Plan): ExportFile[] {
  const deployments = groupDeployments(exportActions(plan));
  return [
    { name: BICEP_MAIN, content: writeMain(plan, deployments) },
    ...deployments.map((d) => ({ name: moduleFileName(d), content: writeModule(d, plan) })),
  ];
}
