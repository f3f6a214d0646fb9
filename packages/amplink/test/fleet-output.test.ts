// Issue 14: text output a person can read for the emulator's 2,000-cluster generated fleet, with every detail one
// flag away. The fleet is made once and planned and verified once; each test formats it.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { expandFleet, generateFleet, startEmulator } from 'amplink-emulator';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { Topology } from '../src/model/topology.js';
import { permissionsOf } from '../src/plan/permissions.js';
import type { Plan } from '../src/plan/types.js';
import { formatPermissionsText } from '../src/report/permissions-text.js';
import { formatPlanText } from '../src/report/plan-text.js';
import { formatVerifyText } from '../src/report/verify-text.js';
import { planKeepingDataFlowing } from '../src/plan/plan.js';
import type { VerifyResult } from '../src/verify/types.js';
import { verify } from '../src/verify/verify.js';

const CLUSTERS = 2000;
/** The budgets of issue 14: about 150 lines for plan, about 100 for verify; permissions grouped as much. */
const BUDGET = { plan: 150, verify: 100, permissions: 40 };

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

describe(`text output of a generated fleet of ${count(CLUSTERS)} clusters`, () => {
  let plan: Plan;
  let checked: VerifyResult;

  before(async () => {
    const emulator = await startEmulator({
      fleet: expandFleet(generateFleet({ clusters: CLUSTERS, regions: 20, subscriptions: 1 })),
    });
    const resources = emulator.snapshot().value;
    await emulator.stop();
    const topology = new Topology(parseSnapshot(JSON.stringify({ value: resources })));
    const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
    plan = planKeepingDataFlowing(topology, { amplsId });
    checked = verify(topology, { amplsId, plan });
    // The fleet is one a person has to decide about: thousands of changes, broken clusters, error findings.
    assert.ok(plan.actions.length > CLUSTERS, `${plan.actions.length} changes`);
    assert.ok(checked.summary.findings.error > 0 && checked.summary.metrics.broken > 0);
  });

  test(`plan fits in ${BUDGET.plan} lines and still shows every region, every kind of change and its rules`, () => {
    const text = formatPlanText(plan);
    assert.ok(lines(text).length <= BUDGET.plan, `${lines(text).length} lines:\n${text}`);
    assert.match(text, new RegExp(`^Plan for AMPLS ampls-1: ${count(plan.actions.length)} changes`));
    for (const region of plan.summary.regions) {
      assert.match(text, new RegExp(`\\n {2}${region.region} +${count(region.clusters)} +${count(region.create)} +`));
    }
    // Alike changes are one line each, with their count: the associations of all clusters are one.
    const associations = plan.actions.filter((a) => a.resourceType.endsWith('dataCollectionRuleAssociations'));
    assert.match(text, new RegExp(`\\+ create association × ${count(associations.length)} clusters in 20 regions → `));
    assert.match(text, /and 1,997 more/);
    // Counted in the changes, not the findings after them (which count clusters and resources with × too).
    const changes = text.slice(0, text.indexOf('\nFindings:') === -1 ? undefined : text.indexOf('\nFindings:'));
    const total = [...changes.matchAll(/× ([\d,]+) /g)].reduce((n, m) => n + Number(m[1]?.replace(/,/g, '')), 0);
    const singles = [...changes.matchAll(/^ {2}\+ create (?!.*×)/gm)].length;
    assert.equal(total + singles, plan.actions.length, 'every change is counted in exactly one line');
  });

  test(`verify fits in ${BUDGET.verify} lines: the counts, per region, alike clusters, each finding code with its fix`, () => {
    const text = formatVerifyText(checked);
    assert.ok(lines(text).length <= BUDGET.verify, `${lines(text).length} lines:\n${text}`);
    const { summary } = checked;
    assert.match(text, new RegExp(`metrics ${count(summary.metrics.ok)} ok, ${count(summary.metrics.broken)} broken`));
    for (const code of new Set(checked.findings.map((f) => f.code))) {
      const findings = checked.findings.filter((f) => f.code === code);
      const shown = findings.length === 1 ? `${code} ` : `${code} × ${count(findings.length)}, e.g.:`;
      assert.ok(text.includes(shown), `${code} is shown with its count`);
      for (const fix of new Set(findings.map((f) => f.fix).filter((f) => f !== undefined))) {
        // The fix is said once (or, where each names its own cluster, once as an example).
        const words = fix.split(/\s+/).slice(0, 6).join(' ');
        if (text.replace(/\s+/g, ' ').includes(words)) continue;
        assert.ok(findings.length > 1, `${code}'s fix "${words}" is shown`);
      }
    }
    const broken = checked.clusters.filter((c) => c.metrics === 'broken' || c.logs === 'broken').length;
    assert.match(text, new RegExp(`× ${count(broken)} clusters +20 regions +public +BROKEN +BROKEN`));
  });

  test('--detail lists every cluster with its row, every change and every finding', () => {
    const text = formatVerifyText(checked, undefined, { detail: true });
    const row =
      /^ {2}(\S+) +\S+ +(?:private|public|misrouted|unknown) +(?:ok|BROKEN|unknown|-) +(?:ok|BROKEN|unknown|-)$/gm;
    const rows = new Set([...text.matchAll(row)].map((m) => m[1]));
    assert.equal(rows.size, CLUSTERS);
    for (const cluster of checked.clusters) assert.ok(rows.has(cluster.name), cluster.name);
    assert.equal([...text.matchAll(/^ {2}(?:error|warning|info) +AMPL_/gm)].length, checked.findings.length);
    const planText = formatPlanText(plan, { detail: true, reasons: false });
    assert.equal([...planText.matchAll(/^ {2}[+~] (?:create|update) /gm)].length, plan.actions.length);
  });

  test(`permissions fits in ${BUDGET.permissions} lines, scopes that need the same actions together; --detail lists each`, () => {
    const scopes = permissionsOf(plan);
    const text = formatPermissionsText({ kind: 'permissions', plan, scopes });
    assert.ok(lines(text).length <= BUDGET.permissions, `${lines(text).length} lines:\n${text}`);
    for (const action of new Set(scopes.flatMap((s) => s.actions))) assert.match(text, new RegExp(`^${action}$`, 'm'));
    assert.match(text, /on 1,\d{3} managedClusters in 20 resource groups: /);
    const detail = formatPermissionsText({ kind: 'permissions', plan, scopes }, { detail: true });
    for (const { scope } of scopes) assert.ok(detail.includes(`\n${scope}\n`), scope);
  });

  test('colour changes how the text looks, not what it says', () => {
    // eslint-disable-next-line no-control-regex -- ANSI escapes are what is removed
    const plain = (text: string) => text.replace(/\u001b\[\d+m/g, '');
    for (const [coloured, uncoloured] of [
      [formatPlanText(plan, { color: true }), formatPlanText(plan)],
      [formatVerifyText(checked, undefined, { color: true }), formatVerifyText(checked)],
    ] as const) {
      assert.notEqual(coloured, uncoloured);
      assert.equal(plain(coloured), uncoloured);
    }
  });
});
