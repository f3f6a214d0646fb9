// The PromQL and KQL subsets on their own (no server): what they accept, what they answer, what they refuse.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateInstant, parseDuration, parsePromQL, PromQLError } from '../src/dataplane/promql.js';
import { KqlError, parseKql, parseRequestTimespan, runKql } from '../src/dataplane/kql.js';
import type { LogRow, Series } from '../src/dataplane/samples.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');

const series: Series[] = [
  {
    labels: { __name__: 'up', cluster: 'a', job: 'kubelet' },
    samples: [NOW - 120_000, NOW - 60_000].map((t) => ({ t, v: 1 })),
  },
  { labels: { __name__: 'up', cluster: 'b', job: 'kubelet' }, samples: [{ t: NOW - 60_000, v: 0 }] },
  { labels: { __name__: 'up', cluster: 'c', job: 'node' }, samples: [{ t: NOW - 3_600_000, v: 1 }] },
];

const run = (query: string) => evaluateInstant(parsePromQL(query), series, NOW);

describe('PromQL subset', () => {
  it('selects the latest sample within the 5 minute lookback', () => {
    assert.deepEqual(
      run('up').map((e) => [e.metric['cluster'], e.value]),
      [
        ['a', 1],
        ['b', 0],
      ],
    );
    assert.equal(run('up{cluster="b"}').length, 1);
    assert.equal(run('up{cluster!="b", job=~"kube.*"}').length, 1);
    assert.equal(run('{__name__="up", cluster!~"a|b"}').length, 0);
  });

  it('aggregates with by/without before or after the argument', () => {
    assert.deepEqual(run('count(up)'), [{ metric: {}, value: 2 }]);
    assert.deepEqual(
      run('sum(up) by (cluster)').map((e) => [e.metric, e.value]),
      [
        [{ cluster: 'a' }, 1],
        [{ cluster: 'b' }, 0],
      ],
    );
    assert.deepEqual(run('count without (cluster) (up)'), [{ metric: { job: 'kubelet' }, value: 2 }]);
  });

  it('evaluates *_over_time over a range and drops the metric name', () => {
    assert.deepEqual(
      run('count_over_time(up[15m])').map((e) => [e.metric, e.value]),
      [
        [{ cluster: 'a', job: 'kubelet' }, 2],
        [{ cluster: 'b', job: 'kubelet' }, 1],
      ],
    );
    assert.deepEqual(run('max_over_time(up{cluster="c"}[2h])'), [{ metric: { cluster: 'c', job: 'node' }, value: 1 }]);
    assert.equal(parseDuration('1h30m'), 5_400_000);
  });

  it('refuses what it does not know', () => {
    for (const query of ['rate(up[5m])', 'up[5m]', 'up{cluster=a}', 'up +', 'count_over_time(up)'])
      assert.throws(() => run(query), PromQLError, query);
  });
});

const rows: LogRow[] = [
  { TimeGenerated: new Date(NOW - 60_000).toISOString(), ClusterName: 'a', _ResourceId: '/X/A' },
  { TimeGenerated: new Date(NOW - 120_000).toISOString(), ClusterName: 'a', _ResourceId: '/X/A' },
  { TimeGenerated: new Date(NOW - 7_200_000).toISOString(), ClusterName: 'b', _ResourceId: '/X/B' },
];

const kql = (query: string, timespan?: string) =>
  runKql(parseKql(query, NOW), rows, parseRequestTimespan(timespan, NOW));

describe('KQL subset', () => {
  it('filters, counts and summarises', () => {
    assert.deepEqual(kql('T | where TimeGenerated > ago(15m) | count').rows, [[2]]);
    assert.deepEqual(kql('T | summarize count() by ClusterName').rows, [
      ['a', 2],
      ['b', 1],
    ]);
    assert.deepEqual(kql('T | where _ResourceId =~ "/x/b" and ClusterName == \'b\' | count').rows, [[1]]);
    assert.deepEqual(kql('T | count', 'PT1H').rows, [[2]]);
    assert.deepEqual(kql('T | take 1 | project ClusterName').rows, [['a']]);
    assert.deepEqual(kql('T | sort by TimeGenerated asc | take 1 | project ClusterName').rows, [['b']]);
    const summary = kql('T | summarize count() by ClusterName');
    assert.deepEqual(summary.columns, [
      { name: 'ClusterName', type: 'string' },
      { name: 'count_', type: 'long' },
    ]);
  });

  it('binds the columns of a known table before any row arrives', () => {
    const empty = runKql(parseKql('T | where ClusterId == "x" | summarize count() by ClusterId', NOW), [], undefined, [
      'TimeGenerated',
      'ClusterId',
    ]);
    assert.deepEqual(empty.rows, []);
    assert.deepEqual(
      empty.columns.map((c) => c.name),
      ['ClusterId', 'count_'],
    );
    assert.throws(() => runKql(parseKql('T | where Nope == "x"', NOW), [], undefined, ['ClusterId']), KqlError);
  });

  it('reads request timespans: durations and intervals', () => {
    assert.deepEqual(parseRequestTimespan('PT15M', NOW), { from: NOW - 900_000, to: NOW });
    assert.deepEqual(parseRequestTimespan('P1D', NOW), { from: NOW - 86_400_000, to: NOW });
    const start = new Date(NOW - 1000).toISOString();
    const end = new Date(NOW).toISOString();
    assert.deepEqual(parseRequestTimespan(`${start}/${end}`, NOW), { from: NOW - 1000, to: NOW });
  });

  it('refuses what it does not know', () => {
    for (const query of ['T | join (U) on X', 'T | where a in ("x")', 'T | summarize dcount(x)', '| count'])
      assert.throws(() => kql(query), KqlError, query);
    assert.throws(() => runKql(parseKql('Nope | count', NOW), undefined), /Failed to resolve table/);
  });
});
