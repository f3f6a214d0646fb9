import type { Plan } from '../plan/types.js';
import {
  ARTICLE_CORRECTIONS,
  describe,
  emptyPlanNote,
  exportActions,
  headerLines,
  ruleUpdatesNote,
  type ExportAction,
} from './actions.js';
import { groupDeployments, localDependencies, type Deployment } from './deployments.js';
import { armExpressionString, armLiteral, armLiterals } from './escape.js';
import { CodeWriter } from './writer.js';

/**
 * Template schemas as the ARM template syntax documentation lists them (subscription deployments: 2018-05-01;
 * resource-group deployments: 2019-04-01). Microsoft.Resources/deployments: a stable api-version.
 */
export const SUBSCRIPTION_TEMPLATE_SCHEMA =
  'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';
export const RESOURCE_GROUP_TEMPLATE_SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const DEPLOYMENTS_API_VERSION = '2022-09-01';

/** The resourceId() expression of an action's resource inside its resource-group template. */
function resourceIdExpression(entry: ExportAction): string {
  if (entry.type === 'network') {
    const names = entry.id.names.map(armExpressionString).join(', ');
    return `[resourceId(${armExpressionString(entry.action.resourceType)}, ${names})]`;
  }
  if (entry.type === 'endpoint') {
    return `[resourceId('Microsoft.Insights/dataCollectionEndpoints', ${armExpressionString(entry.name)})]`;
  }
  if (entry.type === 'link') {
    return `[resourceId('Microsoft.Insights/privateLinkScopes/scopedResources', ${armExpressionString(entry.scope.name)}, ${armExpressionString(entry.name)})]`;
  }
  if (entry.type === 'firewall-rules') {
    return `[resourceId('Microsoft.Network/firewallPolicies/ruleCollectionGroups', ${armExpressionString(entry.policy.name)}, ${armExpressionString(entry.name)})]`;
  }
  return `[extensionResourceId(resourceId(${armExpressionString(entry.cluster.type)}, ${armExpressionString(entry.cluster.name)}), 'Microsoft.Insights/dataCollectionRuleAssociations', ${armExpressionString(entry.id.name)})]`;
}

const TEMPLATE_FIELDS = new Set(['type', 'comments', 'apiversion', 'scope', 'name', 'dependson']);

function armResource(deployment: Deployment, entry: ExportAction): Record<string, unknown> {
  // The template's own fields are amplink's to write: a body key of the same name does not replace them.
  const body = Object.fromEntries(
    Object.entries(armLiterals(entry.action.body) as Record<string, unknown>).filter(
      ([key]) => !TEMPLATE_FIELDS.has(key.toLowerCase()),
    ),
  );
  const dependsOn = localDependencies(deployment, entry).map(resourceIdExpression);
  const common = {
    comments: armLiteral(describe(entry).replace(/\n/g, ' | ')),
    apiVersion: armLiteral(entry.action.apiVersion),
  };
  const tail = dependsOn.length > 0 ? { dependsOn } : {};
  if (entry.type === 'network') {
    // A child resource (a zone's link, an endpoint's zone group) is named parent/child, as templates name them.
    return { type: entry.action.resourceType, ...common, name: armLiteral(entry.name), ...body, ...tail };
  }
  if (entry.type === 'endpoint') {
    return { type: entry.action.resourceType, ...common, name: armLiteral(entry.name), ...body, ...tail };
  }
  if (entry.type === 'association') {
    return {
      type: entry.action.resourceType,
      ...common,
      // An extension resource: `scope` names the cluster it extends (in this resource group).
      scope: `[resourceId(${armExpressionString(entry.cluster.type)}, ${armExpressionString(entry.cluster.name)})]`,
      name: armLiteral(entry.id.name),
      ...body,
      ...tail,
    };
  }
  if (entry.type === 'firewall-rules') {
    return {
      type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
      ...common,
      name: armLiteral(`${entry.policy.name}/${entry.name}`),
      ...body,
      ...tail,
    };
  }
  return {
    type: 'Microsoft.Insights/privateLinkScopes/scopedResources',
    ...common,
    name: armLiteral(`${entry.scope.name}/${entry.name}`),
    ...body,
    ...tail,
  };
}

function nestedDeployment(deployment: Deployment): Record<string, unknown> {
  return {
    type: 'Microsoft.Resources/deployments',
    apiVersion: DEPLOYMENTS_API_VERSION,
    name: armLiteral(deployment.name),
    subscriptionId: armLiteral(deployment.subscriptionId),
    resourceGroup: armLiteral(deployment.resourceGroup),
    // Deployment names are unique in this template, so dependsOn may name them.
    ...(deployment.dependsOn.length > 0 && { dependsOn: deployment.dependsOn }),
    properties: {
      mode: 'Incremental',
      expressionEvaluationOptions: { scope: 'inner' },
      template: {
        $schema: RESOURCE_GROUP_TEMPLATE_SCHEMA,
        contentVersion: '1.0.0.0',
        resources: deployment.actions.map((entry) => armResource(deployment, entry)),
      },
    },
  };
}

/** A subscription deployment template: one nested deployment per resource group, `dependsOn` as the plan orders. */
export function armTemplate(plan: Plan): Record<string, unknown> {
  const deployments = groupDeployments(exportActions(plan));
  const notes = [
    headerLines(plan, 'arm').replace(/\n/g, ' '),
    'Deploy: az deployment sub create --location <region> --template-file template.json.',
    deployments.length === 0 ? emptyPlanNote(plan) : '',
    ruleUpdatesNote(plan, 'arm').replace(/\n/g, ' '),
    ARTICLE_CORRECTIONS.replace(/\n\s*/g, ' '),
  ].filter((line) => line !== '');
  return {
    $schema: SUBSCRIPTION_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    metadata: { generator: 'amplink export --format arm', description: armLiteral(notes.join(' ')) },
    resources: deployments.map(nestedDeployment),
  };
}

export function exportArm(plan: Plan): string {
  return new CodeWriter('//').block(JSON.stringify(armTemplate(plan), null, 2)).toString();
}
