// The ARM template language as the emulator reads it, without a server: expressions and escapes, the functions'
// values (uniqueString against values Bicep/ARM produced), parameters, variables, copy loops, conditions, ids of
// child and extension resources, dependsOn order and cycles, and InvalidTemplate errors that name the place.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, parseExpression } from '../src/deployments/expression.js';
import { evaluate, type EvalContext } from '../src/deployments/functions.js';
import { armGuid, uniqueString } from '../src/deployments/hashes.js';
import { parseJsonc } from '../src/deployments/jsonc.js';
import { expandResources, resourceBody } from '../src/deployments/resources.js';
import { evaluateOutputs, TemplateError, TemplateValues, type TemplateWorld } from '../src/deployments/template.js';
import type { Json, JsonObject } from '../src/store/store.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const scope = { subscriptionId: SUB, resourceGroup: 'rg-one' };
const world: TemplateWorld = {
  subscription: (s) => ({ id: `/subscriptions/${s}`, subscriptionId: s }),
  resourceGroup: (sc) => ({
    id: `/subscriptions/${sc.subscriptionId}/resourceGroups/${sc.resourceGroup ?? ''}`,
    name: sc.resourceGroup ?? '',
    location: 'westeurope',
  }),
  reference: (id) => ({ seen: id }),
  deployment: () => ({ name: 'd' }),
};

function values(template: JsonObject, parameters: JsonObject = {}): TemplateValues {
  return new TemplateValues(template, parameters, scope, world);
}

function value(expression: string, template: JsonObject = {}): Json {
  const v = values(template);
  return v.evaluateString(expression, v.context([]), 'test');
}

test('uniqueString gives the values ARM gives (vectors checked against Bicep in the public uniquestring.sh)', () => {
  assert.equal(uniqueString(['test']), 'rbgf3xv4ufgzg');
  assert.equal(uniqueString(['hello', 'world']), 'a7wkljktk6wne');
  assert.equal(
    uniqueString(['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg']),
    'bmg7c6xu4tw46',
  );
  assert.equal(value("[uniqueString('hello', 'world')]"), 'a7wkljktk6wne');
});

test('guid is a version-5 UUID, the same for the same arguments and different for others', () => {
  const one = armGuid(['a', 'b']);
  assert.match(one, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(armGuid(['a', 'b']), one);
  assert.notEqual(armGuid(['a', 'c']), one);
});

test('[[ is a literal bracket, not an expression; quotes double inside string literals', () => {
  assert.deepEqual(classify('[[variables()]'), { literal: '[variables()]' });
  assert.equal(value('[[not evaluated]'), '[not evaluated]');
  assert.equal(value("[concat('it''s', ' ', string(1))]"), "it's 1");
  assert.equal(value('plain text'), 'plain text');
});

test('the functions templates use evaluate as ARM documents them', () => {
  assert.equal(
    value("[resourceId('Microsoft.Insights/privateLinkScopes/scopedResources', 'ampls', 'link')]"),
    `/subscriptions/${SUB}/resourceGroups/rg-one/providers/Microsoft.Insights/privateLinkScopes/ampls/scopedResources/link`,
  );
  assert.equal(
    value("[resourceId('other-sub', 'rg-two', 'Microsoft.Insights/dataCollectionEndpoints', 'dce')]"),
    '/subscriptions/other-sub/resourceGroups/rg-two/providers/Microsoft.Insights/dataCollectionEndpoints/dce',
  );
  assert.equal(
    value("[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg-x')]"),
    `/subscriptions/${SUB}/resourceGroups/rg-x`,
  );
  assert.equal(
    value(
      "[extensionResourceId('/subscriptions/s/resourceGroups/g/providers/A.B/c/d', 'Microsoft.Insights/dataCollectionRuleAssociations', 'x')]",
    ),
    '/subscriptions/s/resourceGroups/g/providers/A.B/c/d/providers/Microsoft.Insights/dataCollectionRuleAssociations/x',
  );
  assert.equal(value("[format('{0}-{1}', 'a', 2)]"), 'a-2');
  assert.equal(value("[toLower('ABC')]"), 'abc');
  assert.equal(value("[replace('a-b-c', '-', '_')]"), 'a_b_c');
  assert.deepEqual(value("[split('a/b', '/')]"), ['a', 'b']);
  assert.equal(value("[last(split('a/b/c', '/'))]"), 'c');
  assert.equal(value("[if(empty(''), 'yes', 'no')]"), 'yes');
  assert.deepEqual(value("[union(createObject('a', 1), createObject('b', 2))]"), { a: 1, b: 2 });
  assert.equal(value('[resourceGroup().location]'), 'westeurope');
  assert.equal(value('[subscription().subscriptionId]'), SUB);
  assert.equal(value("[string(createArray(1, 'x'))]"), '[1,"x"]');
});

test('a function the emulator does not know is InvalidTemplate naming the function and where it stands', () => {
  const template = {
    resources: [{ type: 'A.B/c', apiVersion: '1', name: "[dateTimeAdd('x')]" }],
  };
  assert.throws(
    () => expandResources(values(template)),
    (error: unknown) =>
      error instanceof TemplateError && /dateTimeAdd/.test(error.message) && /resources\[0\]/.test(error.message),
  );
  assert.throws(() => parseExpression("concat('a'"), /expected/);
});

test('parameters: defaults (expressions too), supplied values, types and allowed values are checked', () => {
  const template = {
    parameters: {
      name: { type: 'string', defaultValue: "[concat('n-', resourceGroup().name)]" },
      count: { type: 'int', defaultValue: 2 },
      tier: { type: 'string', allowedValues: ['a', 'b'], defaultValue: 'a' },
    },
  };
  const v = values(template, { count: { value: 3 } });
  assert.equal(v.parameter('name'), 'n-rg-one');
  assert.equal(v.parameter('count'), 3);
  assert.throws(() => values(template, { count: { value: 'x' } }).parameter('count'), /Expected a value of type 'Int'/);
  assert.throws(() => values(template, { tier: { value: 'c' } }).parameter('tier'), /must be one of/);
  assert.throws(() => values(template, { unknown: { value: 1 } }), /not present in the original template/);
  assert.throws(() => values({ parameters: { p: { type: 'string' } } }).parameter('p'), /is not provided/);
});

test('variables refer to each other; a cycle is an error, not a hang', () => {
  const v = values({ variables: { a: "[concat(variables('b'), '!')]", b: 'x' } });
  assert.equal(v.variable('a'), 'x!');
  const cyclic = values({ variables: { a: "[variables('b')]", b: "[variables('a')]" } });
  assert.throws(() => cyclic.variable('a'), /refers to itself/);
});

test('copy loops, property copy, conditions and child resources expand as ARM expands them', () => {
  const template: JsonObject = {
    resources: [
      {
        type: 'Microsoft.Insights/dataCollectionEndpoints',
        apiVersion: '2024-03-11',
        name: "[concat('dce-', copyIndex(1))]",
        copy: { name: 'dces', count: 3 },
        condition: '[not(equals(copyIndex(), 1))]',
        properties: { copy: [{ name: 'items', count: 2, input: "[copyIndex('items')]" }] },
      },
      {
        type: 'Microsoft.Insights/privateLinkScopes',
        apiVersion: '2021-09-01',
        name: 'ampls',
        resources: [
          { type: 'scopedResources', apiVersion: '2021-09-01', name: 'link', dependsOn: ['dces'], properties: {} },
        ],
      },
    ],
  };
  const v = values(template);
  const planned = expandResources(v);
  assert.deepEqual(
    planned.map((r) => [r.name, r.deploy]),
    [
      ['dce-1', true],
      ['dce-2', false],
      ['dce-3', true],
      ['ampls', true],
      ['ampls/link', true],
    ],
  );
  const link = planned[4];
  assert.ok(link);
  assert.equal(link.type, 'Microsoft.Insights/privateLinkScopes/scopedResources');
  assert.equal(link.dependsOn.length, 4, 'the parent and the three copies');
  const first = planned[0];
  assert.ok(first);
  assert.deepEqual(resourceBody(v, first, false)['properties'], { items: [0, 1] });
});

test('extension resources get the id ARM gives them, by scope or by /providers/ nesting', () => {
  const cluster = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1`;
  const planned = expandResources(
    values({
      resources: [
        {
          type: 'Microsoft.Insights/dataCollectionRuleAssociations',
          apiVersion: '2024-03-11',
          scope: cluster,
          name: 'configurationAccessEndpoint',
        },
        {
          type: 'Microsoft.ContainerService/managedClusters/providers/dataCollectionRuleAssociations',
          apiVersion: '2024-03-11',
          name: 'aks2/Microsoft.Insights/rule',
        },
      ],
    }),
  );
  assert.equal(
    planned[0]?.id,
    `${cluster}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`,
  );
  assert.equal(
    planned[1]?.id,
    `/subscriptions/${SUB}/resourceGroups/rg-one/providers/Microsoft.ContainerService/managedClusters/aks2/providers/Microsoft.Insights/dataCollectionRuleAssociations/rule`,
  );
});

test('dependsOn naming nothing in the template, or a cycle, is refused before anything runs', () => {
  const r = (name: string, dependsOn: string[]): JsonObject => ({
    type: 'Microsoft.Insights/dataCollectionEndpoints',
    apiVersion: '2024-03-11',
    name,
    dependsOn,
  });
  assert.throws(() => expandResources(values({ resources: [r('a', ['missing'])] })), /'missing' is not defined/);
  assert.throws(() => expandResources(values({ resources: [r('a', ['b']), r('b', ['a'])] })), /Circular dependency/);
});

test('outputs are evaluated with their types, copies and conditions', () => {
  const v = values({
    parameters: { n: { type: 'int', defaultValue: 2 } },
    outputs: {
      names: { type: 'array', copy: { count: "[parameters('n')]", input: "[concat('x', copyIndex())]" } },
      hidden: { type: 'string', condition: '[false()]', value: 'no' },
      ref: { type: 'object', value: "[reference('/subscriptions/s/x/y')]" },
    },
  });
  assert.deepEqual(evaluateOutputs(v), {
    names: { type: 'Array', value: ['x0', 'x1'] },
    ref: { type: 'Object', value: { seen: '/subscriptions/s/x/y' } },
  });
});

test('the body Azure CLI sends (comments, an unquoted key, line breaks in strings) is read as ARM reads it', () => {
  const body = '{"properties": {"mode": "Incremental", template:{\n// c\n"a": "line\none", /* x */ "b": [1,],}}}';
  assert.deepEqual(parseJsonc(body), { properties: { mode: 'Incremental', template: { a: 'line\none', b: [1] } } });
});

test('if() evaluates only the branch it takes', () => {
  const ctx: EvalContext = {
    ...values({}).context([]),
    reference: () => {
      throw new Error('read');
    },
  };
  assert.equal(evaluate(parseExpression("if(true(), 'a', reference('x'))"), ctx), 'a');
});
