import { AmplinkError } from '../model/errors.js';
import { compareNatural } from '../model/natural-order.js';
import { parseResources } from '../model/parse-resources.js';
import { parseResourceId } from '../model/resource-id.js';
import { Topology } from '../model/topology.js';
import { worldAfter } from '../plan/simulate.js';
import type { Plan } from '../plan/types.js';
import { SUBSCRIPTION_TEMPLATE_SCHEMA } from './arm.js';
import { BicepExpression, writeObject } from './bicep.js';
import { bashSingleQuoted as shellQuote } from './escape.js';
import {
  MONITORING_CONTRIBUTOR,
  POLICY_NAMES,
  definitionId,
  policyBundle,
  type PolicyBundle,
} from './policy-definitions.js';
import type { ExportFile } from './types.js';
import { CodeWriter } from './writer.js';

const POLICY_API_VERSION = '2025-11-01';
const ROLE_ASSIGNMENT_API_VERSION = '2022-04-01';
const ASSIGNMENT_DISPLAY_NAME = 'amplink: Kubernetes monitoring through private link';

/*
 * The policy of policy-definitions.ts as what a team deploys: an ARM subscription deployment, the same in Bicep, and
 * the az commands that deploy it to each subscription of the fleet.
 */

/** Subscriptions whose DCEs the policy associates: the identity must be allowed to read them there too. */
function endpointScopes(bundle: PolicyBundle): string[] {
  const groups = new Set<string>();
  for (const region of bundle.regions) {
    const id = parseResourceId(region.deploy);
    if (id.resourceGroup !== undefined) {
      groups.add(`/subscriptions/${id.subscriptionId}/resourceGroups/${id.resourceGroup}`);
    }
  }
  return [...groups].sort(compareNatural);
}

/** One subscription's deployment: the definitions, the initiative, its assignment with an identity, and its role. */
export function policyTemplate(bundle: PolicyBundle): Record<string, unknown> {
  const definitionResources = bundle.definitions.map((d) => ({
    type: 'Microsoft.Authorization/policyDefinitions',
    apiVersion: POLICY_API_VERSION,
    name: d.name,
    properties: { policyType: 'Custom', ...d.properties },
  }));
  const initiativeId = `[subscriptionResourceId('Microsoft.Authorization/policySetDefinitions', '${POLICY_NAMES.initiative}')]`;
  const assignmentId = `[subscriptionResourceId('Microsoft.Authorization/policyAssignments', '${POLICY_NAMES.assignment}')]`;
  // ARM evaluates `[...]` in every string of a template: the policy's own expressions must reach Azure Policy as text.
  const escaped = (value: unknown): unknown => escapeExpressions(value);
  return {
    $schema: SUBSCRIPTION_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      ...definitionResources.map((r) => ({ ...r, properties: escaped(r.properties) })),
      {
        type: 'Microsoft.Authorization/policySetDefinitions',
        apiVersion: POLICY_API_VERSION,
        name: POLICY_NAMES.initiative,
        dependsOn: definitionResources.map((r) => definitionId(r.name)),
        properties: {
          policyType: 'Custom',
          ...(escaped(bundle.initiative.properties) as Record<string, unknown>),
          // Resolved by ARM, not by Azure Policy: the definitions' ids in this subscription.
          policyDefinitions: (
            bundle.initiative.properties['policyDefinitions'] as { policyDefinitionId: string }[]
          ).map((p) => ({ ...(escaped(p) as Record<string, unknown>), policyDefinitionId: p.policyDefinitionId })),
        },
      },
      {
        type: 'Microsoft.Authorization/policyAssignments',
        apiVersion: POLICY_API_VERSION,
        name: POLICY_NAMES.assignment,
        location: bundle.location,
        dependsOn: [initiativeId],
        identity: { type: 'SystemAssigned' },
        properties: {
          displayName: ASSIGNMENT_DISPLAY_NAME,
          policyDefinitionId: initiativeId,
          parameters: escaped(bundle.assignmentParameters),
        },
      },
      {
        type: 'Microsoft.Authorization/roleAssignments',
        apiVersion: ROLE_ASSIGNMENT_API_VERSION,
        name: `[guid(subscription().id, '${POLICY_NAMES.assignment}', '${MONITORING_CONTRIBUTOR}')]`,
        dependsOn: [assignmentId],
        properties: {
          roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${MONITORING_CONTRIBUTOR}')]`,
          principalId: `[reference(${assignmentId.slice(1, -1)}, '${POLICY_API_VERSION}', 'full').identity.principalId]`,
          principalType: 'ServicePrincipal',
        },
      },
    ],
    outputs: {
      principalId: {
        type: 'string',
        value: `[reference(${assignmentId.slice(1, -1)}, '${POLICY_API_VERSION}', 'full').identity.principalId]`,
      },
    },
  };
}

/**
 * The same deployment as Bicep. Bicep strings are literals (the compiler escapes a leading `[` itself), so the policy's
 * own expressions are written as they are; only the references between the resources are Bicep expressions.
 */
export function policyBicep(bundle: PolicyBundle): string {
  const w = new CodeWriter('//');
  w.comment(
    'amplink policy: keeps new clusters on private link (the plan fixes the fleet now; the policy keeps it so). Deploy to each subscription of the fleet: az deployment sub create --location ' +
      `${bundle.location} --template-file policy.bicep; policy.sh does the same with policy.json and grants the roles outside the subscription.`,
  );
  w.line("targetScope = 'subscription'");
  const symbols = new Map<string, string>();
  const resource = (symbol: string, type: string, apiVersion: string, body: Record<string, unknown>) => {
    w.line('');
    w.line(`resource ${symbol} '${type}@${apiVersion}' = {`);
    w.indent(() => writeObject(w, body));
    w.line('}');
  };
  bundle.definitions.forEach((d, i) => {
    const symbol = `definition${i + 1}`;
    symbols.set(definitionId(d.name), symbol);
    resource(symbol, 'Microsoft.Authorization/policyDefinitions', POLICY_API_VERSION, {
      name: d.name,
      properties: { policyType: 'Custom', ...d.properties },
    });
  });
  const references = bundle.initiative.properties['policyDefinitions'] as { policyDefinitionId: string }[];
  resource('initiative', 'Microsoft.Authorization/policySetDefinitions', POLICY_API_VERSION, {
    name: bundle.initiative.name,
    properties: {
      policyType: 'Custom',
      ...bundle.initiative.properties,
      policyDefinitions: references.map((r) => {
        const symbol = symbols.get(r.policyDefinitionId);
        if (symbol === undefined) {
          throw new AmplinkError({
            code: 'AMPL_INTERNAL_E0001',
            message: `The policy initiative refers to ${r.policyDefinitionId}, which the export did not write.`,
            fix: 'Run again with --debug and report it: this is a bug in amplink.',
            fault: 'tool',
          });
        }
        return { ...r, policyDefinitionId: new BicepExpression(`${symbol}.id`) };
      }),
    },
  });
  resource('assignment', 'Microsoft.Authorization/policyAssignments', POLICY_API_VERSION, {
    name: POLICY_NAMES.assignment,
    location: bundle.location,
    identity: { type: 'SystemAssigned' },
    properties: {
      displayName: ASSIGNMENT_DISPLAY_NAME,
      policyDefinitionId: new BicepExpression('initiative.id'),
      parameters: bundle.assignmentParameters,
    },
  });
  resource('role', 'Microsoft.Authorization/roleAssignments', ROLE_ASSIGNMENT_API_VERSION, {
    name: new BicepExpression(`guid(subscription().id, '${POLICY_NAMES.assignment}', '${MONITORING_CONTRIBUTOR}')`),
    properties: {
      roleDefinitionId: new BicepExpression(
        `subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${MONITORING_CONTRIBUTOR}')`,
      ),
      principalId: new BicepExpression('assignment.identity.principalId'),
      principalType: 'ServicePrincipal',
    },
  });
  w.line('');
  w.line('output principalId string = assignment.identity.principalId');
  return w.toString();
}

/** `[x]` → `[[x]`: ARM's escape for a string that starts with `[` and is not its expression. */
function escapeExpressions(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('[') && value.endsWith(']') ? `[${value}` : value;
  if (Array.isArray(value)) return value.map(escapeExpressions);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeExpressions(v)]));
  }
  return value;
}

/** The same as az commands: the deployment per subscription, then the roles the identity needs outside it. */
export function policyScript(bundle: PolicyBundle): string {
  const w = new CodeWriter('#');
  w.line('#!/usr/bin/env bash');
  w.line(
    '# amplink policy: keeps new clusters on private link (the plan fixes the fleet now; the policy keeps it so).',
  );
  w.line('# Deploys policy.json (beside this script) to each subscription of the fleet, then grants the');
  w.line("# assignment's identity read access to the configuration DCEs that live outside that subscription.");
  w.line('set -euo pipefail');
  w.line('here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"');
  const outside = endpointScopes(bundle);
  for (const subscription of bundle.subscriptions) {
    w.line('');
    w.line(`principal="$(az deployment sub create --subscription ${shellQuote(subscription)} \\`);
    w.line(`  --name amplink-policy --location ${shellQuote(bundle.location)} \\`);
    w.line('  --template-file "$here/policy.json" --query properties.outputs.principalId.value -o tsv)"');
    for (const scope of outside.filter((s) => !s.toLowerCase().startsWith(`/subscriptions/${subscription}/`))) {
      w.line(
        `az role assignment create --assignee-object-id "$principal" --assignee-principal-type ServicePrincipal --role ${MONITORING_CONTRIBUTOR} --scope ${shellQuote(scope)}`,
      );
    }
    w.line(
      `az policy remediation create --subscription ${shellQuote(subscription)} --name amplink-existing-clusters --policy-assignment ${POLICY_NAMES.assignment} --definition-reference-id configurationEndpoint`,
    );
  }
  return w.toString();
}

/** The policy files for a fleet and its plan: what the policy keeps is the world once the plan is applied. */
export function exportPolicyFiles(input: { topology: Topology; plan: Plan; amplsId: string }): ExportFile[] {
  const before = input.topology.resources.map((r) => r.raw as Record<string, unknown>);
  const world = new Topology(parseResources(worldAfter(before, input.plan), 'the world after the plan'));
  const bundle = policyBundle({ world, amplsId: input.amplsId });
  return [
    { name: 'policy.json', content: JSON.stringify(policyTemplate(bundle), null, 2) + '\n' },
    { name: 'policy.bicep', content: policyBicep(bundle) },
    { name: 'policy.sh', content: policyScript(bundle) },
  ];
}
