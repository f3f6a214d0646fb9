import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { GOLDEN_DIR, goldenFiles } from '../scripts/update-golden.js';
import { firewalledWorld } from './support/firewall-world.js';
import { EXPORT_FORMATS, exportPlan, exportPlanFiles } from '../src/export/index.js';
import { armTemplate } from '../src/export/arm.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan, PlanAction } from '../src/plan/types.js';
import { planKeepingDataFlowing } from '../src/plan/plan.js';
import { World } from './support/world.js';

const OTHER_SUBSCRIPTION = '0b0c0d0e-1111-4222-8333-444455556666';

/** A world whose plan has every action kind: new DCE, new association, an association update, links; two subscriptions. */
function everyKindPlan(): Plan {
  const world = new World();
  const ampls = world.ampls();
  const amw = world.amw('aks-amw', 'eastus');
  const law = world.law('logs', 'eastus');
  world.cluster({ name: 'east-1', region: 'eastus', metricsTo: amw.id, logsTo: law });
  const moved = world.cluster({ name: 'weu-1', region: 'westeurope', metricsTo: amw.id, logsTo: law });
  world.configuration(moved, amw.endpointId); // the wrong region: the plan updates it
  world.cluster({ name: 'weu-2', region: 'westeurope', metricsTo: amw.id, subscription: OTHER_SUBSCRIPTION });
  world.cluster({ name: 'factory', region: 'francecentral', kind: 'arc', metricsTo: amw.id });
  const result = plan(world.topology(), { amplsId: ampls });
  const kinds = new Set(result.actions.map((a) => `${a.kind} ${a.resourceType}`));
  assert.ok(kinds.has('create Microsoft.Insights/dataCollectionEndpoints'));
  assert.ok(kinds.has('create Microsoft.Insights/dataCollectionRuleAssociations'));
  assert.ok(kinds.has('update Microsoft.Insights/dataCollectionRuleAssociations'));
  assert.ok(kinds.has('create Microsoft.Insights/privateLinkScopes/scopedResources'));
  return result;
}

function convergedPlan(): Plan {
  const world = new World();
  const ampls = world.ampls();
  return plan(world.topology(), { amplsId: ampls });
}

const lastSegment = (id: string): string => id.split('/').pop() ?? id;

/** The code lines (comments dropped) of a script or template. */
function codeLines(text: string, comment: string): string[] {
  return text.split('\n').filter((line) => !line.trimStart().startsWith(comment));
}

/** Every /subscriptions/... id on a code line stands inside quotes (or right after the $arm URL prefix). */
function assertIdsQuoted(text: string, comment: string, quotes: string): void {
  for (const line of codeLines(text, comment)) {
    for (const match of line.matchAll(/\/subscriptions\//g)) {
      const before = line.slice(0, match.index);
      const ok = quotes.includes(before.at(-1) ?? '') || before.endsWith('${arm%/}');
      assert.ok(ok, `unquoted id in: ${line}`);
    }
  }
}

function shellcheck(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile('shellcheck', ['--shell=bash', '-'], (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new Error('shellcheck is not installed: run `bash scripts/ensure-system-deps.sh` at the repository root.'),
        );
        return;
      }
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: stdout + stderr });
    }).stdin?.end(text);
  });
}

describe('golden files', () => {
  test('every format of both example plans, of the first with shared ingestion, of the network prerequisites and of a plan with --firewall-rules matches test/golden byte for byte', async () => {
    const files = await goldenFiles();
    assert.equal(files.length, 5 * EXPORT_FORMATS.length);
    for (const file of files) {
      let golden: string;
      try {
        golden = await readFile(join(GOLDEN_DIR, file.name), 'utf8');
      } catch {
        assert.fail(`test/golden/${file.name} is missing: run \`npm run golden -w packages/amplink\` and review it.`);
      }
      assert.ok(
        golden === file.content,
        `test/golden/${file.name} differs from the export: if the change is intended, run \`npm run golden -w packages/amplink\` and review the diff.`,
      );
    }
  });

  test('exports are byte-stable: the same plan gives the same bytes, whatever the order of its actions', () => {
    const result = everyKindPlan();
    const shuffled: Plan = { ...result, actions: [...result.actions].reverse() };
    for (const format of EXPORT_FORMATS) assert.equal(exportPlan(shuffled, format), exportPlan(result, format), format);
  });
});

describe('az', () => {
  test('shellcheck passes on the golden scripts, the every-kind script and the empty one', async () => {
    const scripts = (await goldenFiles()).filter((f) => f.name.endsWith('.az.sh')).map((f) => f.content);
    scripts.push(exportPlan(everyKindPlan(), 'az'), exportPlan(convergedPlan(), 'az'));
    for (const script of scripts) {
      const result = await shellcheck(script);
      assert.equal(result.code, 0, result.output);
    }
  });

  test('strict mode, az rest on the active cloud with explicit api-versions, ids quoted, the header says why', () => {
    const result = everyKindPlan();
    const script = exportPlan(result, 'az');
    assert.match(script, /^#!\/usr\/bin\/env bash\n/);
    assert.match(script, /^set -euo pipefail$/m);
    assert.match(script, /^arm="\$\(az cloud show --query endpoints\.resourceManager --output tsv\)"$/m);
    assert.match(script, /Azure CLI 2\.45 has no `az monitor data-collection` commands/);
    assert.doesNotMatch(script, /management\.azure\.com\/subscriptions/);
    assert.doesNotMatch(script, /az monitor data-collection /);
    assertIdsQuoted(script, '#', `'"`);
    for (const action of result.actions) {
      if (action.resourceType.endsWith('scopedResources')) {
        assert.ok(script.includes(`--name '${lastSegment(action.id)}'`), action.id);
      } else {
        assert.ok(script.includes(`${action.id}?api-version=${action.apiVersion}"`), action.id);
      }
      assert.ok(script.includes(action.reason.split(' ').slice(0, 4).join(' ')), `the reason of ${action.id}`);
    }
  });
});

describe('powershell', () => {
  test('Az cmdlets with their parameter names; every action present and every id quoted', () => {
    const result = everyKindPlan();
    const script = exportPlan(result, 'powershell');
    assert.match(script, /^\$ErrorActionPreference = 'Stop'$/m);
    assertIdsQuoted(script, '#', `'`);
    const count = (pattern: RegExp): number => script.match(pattern)?.length ?? 0;
    const of = (type: string): PlanAction[] => result.actions.filter((a) => a.resourceType === type);
    assert.equal(count(/^New-AzDataCollectionEndpoint `$/gm), of('Microsoft.Insights/dataCollectionEndpoints').length);
    assert.equal(
      count(/^New-AzDataCollectionRuleAssociation `$/gm),
      of('Microsoft.Insights/dataCollectionRuleAssociations').length,
    );
    assert.equal(
      count(/^ +New-AzInsightsPrivateLinkScopedResource `$/gm),
      of('Microsoft.Insights/privateLinkScopes/scopedResources').length,
    );
    for (const parameter of ['NetworkAclsPublicNetworkAccess', 'ResourceGroupName', 'Location', 'Tag']) {
      assert.match(script, new RegExp(`^ +-${parameter} `, 'm'));
    }
    for (const parameter of [
      'AssociationName',
      'ResourceUri',
      'DataCollectionEndpointId',
      'ScopeName',
      'LinkedResourceId',
    ]) {
      assert.match(script, new RegExp(`^ +-${parameter} '`, 'm'));
    }
    for (const action of result.actions) assert.ok(script.includes(`'${lastSegment(action.id)}'`), action.id);
    for (const action of of('Microsoft.Insights/dataCollectionRuleAssociations')) {
      assert.ok(script.includes(`-ResourceUri '${action.id.replace(/\/providers\/Microsoft\.Insights\/.*$/, '')}'`));
    }
  });
});

describe('bicep', () => {
  test('a subscription-scope main.bicep with one module per resource group; existing, scope: and parent:', () => {
    const result = everyKindPlan();
    const files = exportPlanFiles(result, 'bicep');
    const main = files.find((f) => f.name === 'main.bicep');
    assert.ok(main);
    assert.match(main.content, /^targetScope = 'subscription'$/m);
    const modules = files.filter((f) => f.name !== 'main.bicep');
    assert.ok(modules.length >= 3, 'the AMPLS group, and the clusters of two subscriptions');
    for (const module of modules) {
      assert.ok(main.content.includes(`'${module.name}'`), `main.bicep calls ${module.name}`);
      assert.match(module.content, /^targetScope = 'resourceGroup'$/m);
      assertIdsQuoted(module.content, '//', `'`);
    }
    assert.match(main.content, new RegExp(`scope: resourceGroup\\('${OTHER_SUBSCRIPTION}', 'aks'\\)`));
    const all = modules.map((m) => m.content).join('\n');
    assert.match(all, /^resource \w+ 'Microsoft\.ContainerService\/managedClusters@[\d-]+' existing = \{$/m);
    assert.match(all, /^resource \w+ 'Microsoft\.Kubernetes\/connectedClusters@[\d-]+' existing = \{$/m);
    assert.match(all, /^resource \w+ 'Microsoft\.Insights\/privateLinkScopes@2021-09-01' existing = \{$/m);
    const resources = [...all.matchAll(/^resource (\w+) '([^@]+)@([^']+)' = \{$/gm)];
    assert.equal(resources.length, result.actions.length, 'one resource per action');
    const blocks = all.split(/\n(?=\/\/ |resource )/);
    for (const action of result.actions) {
      const name = lastSegment(action.id);
      const type = action.resourceType;
      const block = blocks.find(
        (b) =>
          b.startsWith(`resource `) &&
          b.includes(`'${type}@${action.apiVersion}' = {`) &&
          b.includes(`name: '${name}'`) &&
          (!type.endsWith('dataCollectionRuleAssociations') ||
            b.includes(`scope: cluster_${action.id.split('/')[8]?.replace(/[^A-Za-z0-9_]/g, '_')}`)),
      );
      assert.ok(block, `a resource for ${action.id}`);
      if (type.endsWith('scopedResources')) assert.match(block, /^ {2}parent: ampls_\w+$/m);
    }
  });

  test('to stdout the files are joined with // file: separators', () => {
    const text = exportPlan(everyKindPlan(), 'bicep');
    assert.match(text, /^\/\/ file: main\.bicep\n/);
    assert.match(text, /\n\/\/ file: modules\/[\w.-]+\.bicep\n/);
  });
});

describe('arm', () => {
  test('a deployment template: $schema, contentVersion, nested deployments whose resources match the plan', () => {
    const result = everyKindPlan();
    const text = exportPlan(result, 'arm');
    const template = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(template, armTemplate(result));
    assert.match(
      String(template['$schema']),
      /^https:\/\/schema\.management\.azure\.com\/schemas\/[\d-]+\/subscriptionDeploymentTemplate\.json#$/,
    );
    assert.equal(template['contentVersion'], '1.0.0.0');
    const deployments = template['resources'] as Record<string, unknown>[];
    assert.ok(Array.isArray(deployments) && deployments.length > 0);
    const names = new Set(deployments.map((d) => d['name']));
    const inner: Record<string, unknown>[] = [];
    for (const deployment of deployments) {
      assert.equal(deployment['type'], 'Microsoft.Resources/deployments');
      assert.match(String(deployment['apiVersion']), /^\d{4}-\d{2}-\d{2}$/);
      assert.match(String(deployment['subscriptionId']), /^[0-9a-f-]{36}$/);
      assert.equal(typeof deployment['resourceGroup'], 'string');
      for (const dependency of (deployment['dependsOn'] as string[] | undefined) ?? [])
        assert.ok(names.has(dependency));
      const properties = deployment['properties'] as Record<string, unknown>;
      assert.equal(properties['mode'], 'Incremental');
      const nested = properties['template'] as Record<string, unknown>;
      assert.match(String(nested['$schema']), /\/deploymentTemplate\.json#$/);
      assert.equal(nested['contentVersion'], '1.0.0.0');
      for (const resource of nested['resources'] as Record<string, unknown>[]) {
        for (const key of ['type', 'apiVersion', 'name']) assert.equal(typeof resource[key], 'string', key);
        inner.push(resource);
      }
    }
    assert.equal(inner.length, result.actions.length);
    for (const action of result.actions) {
      const name = lastSegment(action.id);
      const found = inner.find(
        (r) =>
          r['type'] === action.resourceType &&
          String(r['name']).split('/').pop() === name &&
          r['apiVersion'] === action.apiVersion &&
          (!action.resourceType.endsWith('dataCollectionRuleAssociations') ||
            String(r['scope']).includes(`'${action.id.split('/')[8] ?? ''}'`)),
      );
      assert.ok(found, `a resource for ${action.id}`);
      assert.deepEqual(found['properties'], action.body['properties']);
      if (action.resourceType.endsWith('dataCollectionRuleAssociations'))
        assert.match(String(found['scope']), /^\[resourceId\(/);
    }
  });
});

// Arguments of each azurerm resource and data source, from hashicorp/terraform-provider-azurerm
// website/docs/r/monitor_data_collection_endpoint.html.markdown, r/monitor_data_collection_rule_association.html.markdown,
// r/monitor_private_link_scoped_service.html.markdown and the d/ pages of the data sources (name, resource_group_name).
const META_ARGUMENTS = ['provider', 'depends_on', 'count', 'for_each', 'lifecycle'];
const ALLOWED: Record<string, string[]> = {
  azurerm_monitor_data_collection_endpoint: [
    'name',
    'resource_group_name',
    'location',
    'description',
    'kind',
    'public_network_access_enabled',
    'tags',
  ],
  azurerm_monitor_data_collection_rule_association: [
    'name',
    'target_resource_id',
    'data_collection_endpoint_id',
    'data_collection_rule_id',
    'description',
  ],
  azurerm_monitor_private_link_scoped_service: ['name', 'resource_group_name', 'scope_name', 'linked_resource_id'],
  // r/firewall_policy_rule_collection_group.html.markdown (its application rule collections are blocks).
  azurerm_firewall_policy_rule_collection_group: [
    'name',
    'firewall_policy_id',
    'priority',
    'application_rule_collection',
  ],
};
const ALLOWED_DATA: Record<string, string[]> = {
  azurerm_kubernetes_cluster: ['name', 'resource_group_name'],
  azurerm_monitor_data_collection_endpoint: ['name', 'resource_group_name'],
  azurerm_log_analytics_workspace: ['name', 'resource_group_name'],
  azurerm_firewall_policy: ['name', 'resource_group_name'],
};

type Blocks = Record<string, Record<string, Record<string, unknown>[]>>;

describe('terraform', () => {
  test('parses as HCL; only attributes the azurerm resources have; references only .id; imports for updates', async () => {
    const { world, amplsId } = firewalledWorld();
    const firewallPlan = planKeepingDataFlowing(world.topology(), { amplsId, firewallRules: true });
    for (const result of [everyKindPlan(), firewallPlan, ...(await goldenPlans())]) {
      const text = exportPlan(result, 'terraform');
      const hcl = (await parseHcl('main.tf', text)) as Record<string, unknown>;
      const resources = hcl['resource'] as Blocks;
      const data = (hcl['data'] as Blocks | undefined) ?? {};
      let count = 0;
      for (const [type, byName] of Object.entries(resources)) {
        const allowed = ALLOWED[type];
        assert.ok(allowed, `unexpected resource type ${type}`);
        for (const [name, [body]] of Object.entries(byName)) {
          count += 1;
          for (const key of Object.keys(body ?? {})) {
            assert.ok(allowed.includes(key) || META_ARGUMENTS.includes(key), `${type}.${name} has no argument ${key}`);
          }
        }
      }
      assert.equal(count, result.actions.length, 'one resource per action');
      for (const [type, byName] of Object.entries(data)) {
        const allowed = ALLOWED_DATA[type];
        assert.ok(allowed, `unexpected data source ${type}`);
        for (const [name, [body]] of Object.entries(byName)) {
          for (const key of Object.keys(body ?? {})) {
            assert.ok(
              allowed.includes(key) || META_ARGUMENTS.includes(key),
              `data.${type}.${name} has no argument ${key}`,
            );
          }
        }
      }
      for (const match of text.matchAll(/\b(data\.)?(azurerm_\w+)\.(\w+)\.(\w+)\b/g)) {
        const [, isData, type, name, attribute] = match;
        assert.equal(attribute, 'id', match[0]);
        const table = isData ? data : resources;
        assert.ok(table[type as string]?.[name as string], `${match[0]} refers to a block that exists`);
      }
      const updates = result.actions.filter((a) => a.kind === 'update');
      const imports = (hcl['import'] as Record<string, unknown>[] | undefined) ?? [];
      assert.equal(imports.length, updates.length);
      for (const update of updates)
        assert.ok(
          imports.some((i) => i['id'] === update.id),
          `import of ${update.id}`,
        );
      for (const association of Object.values(resources['azurerm_monitor_data_collection_rule_association'] ?? {})) {
        assert.equal(association[0]?.['name'], 'configurationAccessEndpoint');
      }
    }
  });
});

async function goldenPlans(): Promise<Plan[]> {
  const { parseSnapshot } = await import('../src/discover/snapshot.js');
  const { Topology } = await import('../src/model/topology.js');
  const plans: Plan[] = [];
  for (const file of ['snapshot.json', 'snapshot-two-workspaces.json']) {
    const url = new URL(`../../../examples/${file}`, import.meta.url);
    const topology = new Topology(parseSnapshot(await readFile(url, 'utf8'), file));
    const scope = [...topology.privateLinkScopes.values()][0];
    assert.ok(scope);
    plans.push(planKeepingDataFlowing(topology, { amplsId: scope.resource.id }));
  }
  return plans;
}

describe('an empty plan', () => {
  test('every format says there is nothing to change, and does nothing', async () => {
    const result = convergedPlan();
    assert.equal(result.summary.status, 'converged');
    for (const format of EXPORT_FORMATS) {
      const text = exportPlan(result, format);
      assert.match(text, /Nothing to change/, format);
      assert.doesNotMatch(text, /\/dataCollectionEndpoints\/|scopedResources\//, format);
    }
    const template = JSON.parse(exportPlan(result, 'arm')) as Record<string, unknown>;
    assert.deepEqual(template['resources'], []);
    const dir = await mkdtemp(join(tmpdir(), 'amplink-empty-'));
    const script = join(dir, 'amplink.sh');
    await writeFile(script, exportPlan(result, 'az'));
    const run = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile('bash', [script], { env: { PATH: '/usr/bin:/bin' } }, (error, stdout) =>
        resolve({ code: error === null ? 0 : 1, stdout }),
      ),
    );
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Nothing to change/);
  });
});
