// The emulator's one KQL implementation (src/kql) on its own: operators and expressions Resource Graph and Log
// Analytics queries use, and what it refuses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runQuery, type Row } from '../src/kql/evaluate.js';
import { KqlError, parseQuery } from '../src/kql/syntax.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const resources: Row[] = [
  {
    id: '/s/1/a',
    name: 'aks-east',
    type: 'microsoft.containerservice/managedclusters',
    n: 3,
    tags: { env: 'prod' },
    properties: { zones: ['1', '2'], 'odd-key': 'x' },
  },
  {
    id: '/s/1/b',
    name: 'dce-config-west',
    type: 'microsoft.insights/datacollectionendpoints',
    n: 10,
    tags: {},
    properties: { networkAcls: { publicNetworkAccess: 'Disabled' } },
  },
  {
    id: '/s/2/c',
    name: 'AKS-West',
    type: 'microsoft.containerservice/managedclusters',
    n: 7,
    tags: { env: 'dev' },
    properties: {},
  },
];
const containers: Row[] = [{ id: '/s/1', name: 'sub', type: 'microsoft.resources/subscriptions' }];

function run(text: string): Row[] {
  return runQuery(
    parseQuery(text),
    (name) =>
      name === 'resources'
        ? { columns: ['id', 'name', 'type', 'n', 'tags', 'properties'], rows: resources }
        : name === 'resourcecontainers'
          ? { columns: ['id', 'name', 'type'], rows: containers }
          : undefined,
    NOW,
  ).rows;
}
const names = (text: string): unknown[] => run(text).map((r) => r['name']);

describe('KQL (src/kql)', () => {
  it('compares with case-sensitive and caseless operators', () => {
    assert.deepEqual(names("resources | where name =~ 'aks-west'"), ['AKS-West']);
    assert.deepEqual(names("resources | where name == 'aks-west'"), []);
    assert.deepEqual(names("resources | where name !~ 'AKS-WEST' and name != 'aks-east'"), ['dce-config-west']);
    assert.deepEqual(names("resources | where name in~ ('AKS-EAST', 'aks-west')"), ['aks-east', 'AKS-West']);
    assert.deepEqual(names("resources | where name in ('AKS-EAST', 'AKS-West')"), ['AKS-West']);
    assert.deepEqual(names("resources | where name !in~ ('aks-east', 'aks-west')"), ['dce-config-west']);
  });

  it('matches terms with has, substrings with contains, prefixes with startswith', () => {
    assert.deepEqual(names("resources | where name has 'config'"), ['dce-config-west']);
    assert.deepEqual(names("resources | where name has 'conf'"), []);
    assert.deepEqual(names("resources | where name contains 'CONF'"), ['dce-config-west']);
    assert.deepEqual(names("resources | where name startswith 'AKS' or name endswith 'west'"), [
      'aks-east',
      'dce-config-west',
      'AKS-West',
    ]);
    assert.deepEqual(names("resources | where not(name startswith 'aks')"), ['dce-config-west']);
    assert.deepEqual(names("resources | where name !has 'config' and n > 3"), ['AKS-West']);
  });

  it('reads property paths, dynamic bags and functions', () => {
    assert.deepEqual(names("resources | where properties.networkAcls.publicNetworkAccess == 'Disabled'"), [
      'dce-config-west',
    ]);
    assert.deepEqual(names("resources | where properties['odd-key'] == 'x'"), ['aks-east']);
    assert.deepEqual(names("resources | where tags.env =~ 'PROD'"), ['aks-east']);
    assert.deepEqual(names('resources | where isnotempty(tags.env) and isempty(properties.nothing)'), [
      'aks-east',
      'AKS-West',
    ]);
    assert.deepEqual(
      run(
        "resources | where name == 'aks-east' | project t = toupper(name), z = tostring(properties.zones[0]), l = strlen(name)",
      ),
      [{ t: 'AKS-EAST', z: '1', l: 8 }],
    );
    assert.deepEqual(names('resources | where n >= 7 and n < 10'), ['AKS-West']);
  });

  it('projects, extends, removes, sorts, takes, counts and summarises', () => {
    assert.deepEqual(
      run('resources | extend lower = tolower(name) | project-away tags, properties, type, n | take 1'),
      [{ id: '/s/1/a', name: 'aks-east', lower: 'aks-east' }],
    );
    assert.deepEqual(names('resources | order by n desc'), ['dce-config-west', 'AKS-West', 'aks-east']);
    assert.deepEqual(names('resources | sort by type asc, name desc'), ['aks-east', 'AKS-West', 'dce-config-west']);
    assert.deepEqual(run('resources | summarize count() by type | order by type asc'), [
      { type: 'microsoft.containerservice/managedclusters', count_: 2 },
      { type: 'microsoft.insights/datacollectionendpoints', count_: 1 },
    ]);
    assert.deepEqual(run('resources | summarize clusters = count(), kinds = dcount(type)'), [
      { clusters: 3, kinds: 2 },
    ]);
    assert.deepEqual(run('resources | where n > 100 | summarize count()'), [{ count_: 0 }]);
    assert.deepEqual(run('resources | count'), [{ Count: 3 }]);
    assert.deepEqual(run("resources | where name == 'aks-east' | mv-expand zone = properties.zones | project zone"), [
      { zone: '1' },
      { zone: '2' },
    ]);
    assert.deepEqual(names('union resources, resourcecontainers | where id startswith "/s/1" | order by id asc'), [
      'sub',
      'aks-east',
      'dce-config-west',
    ]);
  });

  it('reads datetimes and timespans', () => {
    const rows = runQuery(
      parseQuery('T | where t > ago(1h) and t < now() and t >= datetime(2026-01-01T11:00:00Z) | project t'),
      () => ({ columns: ['t'], rows: [{ t: '2026-01-01T11:30:00Z' }, { t: '2026-01-01T10:00:00Z' }] }),
      NOW,
    ).rows;
    assert.deepEqual(rows, [{ t: '2026-01-01T11:30:00Z' }]);
  });

  it('refuses what it does not know, naming the kind of mistake', () => {
    for (const [text, kind] of [
      ['resources | join (resourcecontainers) on id', 'UnsupportedOperator'],
      ['resources | where bag_keys(tags) == 1', 'UnknownFunction'],
      ['resources | summarize make_set(name)', 'UnknownFunction'],
      ['resources | where nope == 1', 'UnknownName'],
      ['resources | project nope', 'UnknownName'],
      ['nosuchtable | count', 'UnknownTable'],
      ["resources | where name == 'open", 'ParserFailure'],
      ['resources | where name ==', 'ParserFailure'],
      ['resources | take', 'ParserFailure'],
      ['resources | where tolower(name, 1) == "x"', 'ParserFailure'],
    ] as const) {
      assert.throws(
        () => run(text),
        (e: unknown) => e instanceof KqlError && e.kind === kind,
        text,
      );
    }
  });
});
