import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expandFleet, generateFleet, startEmulator } from 'amplink-emulator';
import { syntheticFleet } from '../bench/synthetic-fleet.js';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { Topology } from '../src/model/topology.js';
import { planKeepingDataFlowing } from '../src/plan/plan.js';
import { layoutReportGraph } from '../src/report/html/layout.js';
import { renderReportHtml } from '../src/report/html/report-page.js';
import { MAX_GRAPH_NODES, MAX_REGION_CARDS, reportGraph } from '../src/report/html/report-model.js';
import { verify } from '../src/verify/verify.js';
import { ARTIFACTS, launchChromium } from './support/browser.js';
import { amplink, runAmplink } from './support/cli.js';
import { emulatorWithConnection } from './support/emulator.js';

const EXAMPLE = new URL('../../../examples/snapshot.json', import.meta.url).pathname;
const EXAMPLE_AMPLS =
  '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-central';

const folder = mkdtempSync(join(tmpdir(), 'amplink-report-'));
let browser: Browser;

/** Opens a report page the way a person would (from the file) and records everything the page complains about. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // A 2,000-cluster page on a busy 2-core machine takes a while to paint; this guards against hangs, not for speed.
  page.setDefaultTimeout(180_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) problems.push(`fetched ${request.url()}: the page must be self-contained`);
  });
  await page.goto(pathToFileURL(path).href);
  return { page, problems };
}

describe('amplink report: one HTML page in a real browser', { timeout: 300_000 }, () => {
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('draws the example fleet, marks what is broken and planned, and sorts its tables', async () => {
    const out = join(folder, 'report.html');
    const run = await runAmplink(['report', '--snapshot', EXAMPLE, '--ampls', EXAMPLE_AMPLS, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /report written to .*report\.html: 7 clusters/);
    const verify = await runAmplink(['verify', '--snapshot', EXAMPLE, '--ampls', EXAMPLE_AMPLS, '--json']);
    const expected = JSON.parse(verify.stdout) as { findings: unknown[]; plan: { actions: unknown[] } };

    const { page, problems } = await open(out);
    assert.equal(await page.locator('svg.topology').count(), 1);
    // One card per region with clusters (the workspaces' eastus has none), each cluster counted once.
    const cards = await page.locator('svg.topology g.region-card').evaluateAll((gs) =>
      gs.map((g) => ({
        region: g.getAttribute('data-region'),
        count: Number(g.querySelector('.region-count')?.textContent),
        states: g.querySelector('.region-states')?.textContent,
      })),
    );
    assert.deepEqual(
      cards.map((c) => c.region),
      ['francecentral', 'southeastasia', 'westeurope', 'westus2'],
    );
    assert.equal(
      cards.reduce((n, c) => n + c.count, 0),
      7,
    );
    // The five clusters broken today are fixed by the plan: striped and counted "to fix", none red.
    assert.deepEqual(
      cards.map((c) => c.states),
      ['1 to fix', '1 to change', '3 to fix', '1 to fix · 1 to change'],
    );
    assert.equal(await page.locator('g.region-card .bar-fixed').count(), 3);
    assert.equal(await page.locator('g.region-card.state-broken, g.node.state-broken').count(), 0);
    assert.match(
      (await page.locator('g.node.fleet').textContent()) ?? '',
      /7 clusters.*in 4 regions.*5 to fix · 2 to change/,
    );
    assert.match((await page.locator('g.node.ampls').textContent()) ?? '', /ampls-central.*0 linked · \+14 to link/);
    assert.match(
      (await page.locator('g.node.private-endpoint.state-ok').textContent()) ?? '',
      /pe-ampls-central.*Approved/,
    );
    assert.match(
      (await page.locator('g.node.configuration-dce.state-planned').textContent()) ?? '',
      /4 configuration DCEs.*0 linked · 4 planned/,
    );
    assert.ok((await page.locator('g.edge.state-planned').count()) > 0, 'planned links are drawn dashed');
    assert.equal(await page.locator('#findings tbody tr').count(), expected.findings.length);
    assert.equal(await page.locator('#actions tbody tr').count(), expected.plan.actions.length);

    await page.screenshot({ path: join(ARTIFACTS, 'report.png') });

    // Sorting: the Clusters column of the actions, twice (ascending, then descending).
    const clustersHeader = page.locator('#actions th', { hasText: 'Clusters' });
    const column = async () => (await page.locator('#actions tbody tr td:nth-child(5)').allTextContents()).map(Number);
    await clustersHeader.click();
    const ascending = await column();
    assert.deepEqual(
      ascending,
      [...ascending].sort((a, b) => a - b),
    );
    await clustersHeader.click();
    const descending = await column();
    assert.deepEqual(
      descending,
      [...ascending].sort((a, b) => b - a),
    );
    assert.equal(descending[0], 7, 'the workspace links serve all 7 clusters');

    await page.screenshot({ path: join(ARTIFACTS, 'report-full.png'), fullPage: true });
    assert.deepEqual(problems, []);
  });

  it('draws the generated 2,000-cluster fleet in 60 regions in a bounded drawing: one card per region, the broken in red', async () => {
    const emulator = await startEmulator({
      fleet: expandFleet(generateFleet({ clusters: 2000, regions: 60, subscriptions: 1 })),
    });
    const resources = emulator.snapshot().value as { id: string; type: string }[];
    await emulator.stop();
    // Made in-process (the CLI's path is the example's test): the page of a snapshot, without a second planning.
    const topology = new Topology(parseSnapshot(JSON.stringify({ value: resources })));
    const amplsId = resources.find((r) => r.type.toLowerCase() === 'microsoft.insights/privatelinkscopes')?.id ?? '';
    const expected = verify(topology, { amplsId, plan: planKeepingDataFlowing(topology, { amplsId }) });
    const out = join(folder, 'fleet.html');
    const html = await renderReportHtml({ topology, verify: expected, generatedAt: new Date().toISOString() });
    assert.ok(html.length < 20_000_000, 'the page stays a size a browser opens');
    writeFileSync(out, html);

    const { page, problems } = await open(out);
    // Bounded: the flow has at most MAX_GRAPH_NODES boxes, and one card per region, whatever the number of clusters.
    const nodes = await page.locator('svg.topology g.node').count();
    assert.ok(nodes <= MAX_GRAPH_NODES, `${nodes} nodes`);
    assert.equal(await page.locator('svg.topology g.region-card').count(), 60);
    const cards = await page.locator('svg.topology g.region-card').evaluateAll((gs) =>
      gs.map((g) => ({
        region: g.getAttribute('data-region') ?? '',
        count: Number(g.querySelector('.region-count')?.textContent),
        broken: g.classList.contains('state-broken'),
      })),
    );
    assert.equal(
      cards.reduce((n, c) => n + c.count, 0),
      2000,
    );
    // A region is red exactly when one of its clusters is broken and the plan does not fix it.
    const unfixed = new Set(
      expected.findings.filter((f) => f.severity === 'error' && f.fixActions.length === 0).flatMap((f) => f.clusters),
    );
    const brokenRegions = new Set(
      expected.clusters
        .filter((c) => (c.metrics === 'broken' || c.logs === 'broken') && unfixed.has(c.id))
        .map((c) => c.region),
    );
    assert.ok(brokenRegions.size > 0, 'the generated fleet has clusters broken behind a firewall');
    assert.deepEqual(
      cards
        .filter((c) => c.broken)
        .map((c) => c.region)
        .sort(),
      [...brokenRegions].sort(),
    );
    // Readable as drawn: no wider than a 1280 px window shows without scaling the text down, and not endless.
    const size = await page.locator('svg.topology').evaluate((svg) => ({
      width: Number(svg.getAttribute('width')),
      height: Number(svg.getAttribute('height')),
      shown: svg.getBoundingClientRect().width,
    }));
    assert.ok(size.width <= 1230 && size.height <= 1400, `drawing ${size.width} x ${size.height} px`);
    assert.equal(size.shown, size.width, 'drawn at its own size in a 1400 px window');
    assert.match((await page.locator('g.node.ampls').textContent()) ?? '', /ampls-1/);
    assert.equal(await page.locator('g.node.private-endpoint').count(), 1);
    assert.equal(await page.locator('#clusters tbody tr').count(), 2000);
    await page.locator('.drawing').evaluate((drawing) => drawing.scrollIntoView());
    await page.screenshot({ path: join(ARTIFACTS, 'report-2000-drawing.png') });
    assert.deepEqual(problems, []);
  });

  it('apply --report shows the world after the writes, and each applied action with its outcome', async () => {
    const { emulator } = await emulatorWithConnection();
    try {
      const out = join(folder, 'after-apply.html');
      const ampls = emulator
        .snapshot()
        .value.find(
          (r) =>
            String((r as Record<string, unknown>)['type']).toLowerCase() === 'microsoft.insights/privatelinkscopes',
        ) as { id: string };
      const run = await amplink(emulator, ['apply', '--ampls', ampls.id, '--yes', '--report', out]);
      assert.equal(run.code, 0, run.stderr);
      const { page, problems } = await open(out);
      assert.match((await page.locator('h2', { hasText: 'Actions applied' }).textContent()) ?? '', /Actions applied/);
      const outcomes = await page.locator('#actions tbody td[class^="outcome-"]').allTextContents();
      assert.ok(outcomes.length > 0);
      assert.deepEqual([...new Set(outcomes)], ['done']);
      // Discovered again after the writes: nothing left to plan, nothing drawn as planned.
      assert.equal(
        await page.locator('g.node.state-planned, g.edge.state-planned, g.region-card.state-planned').count(),
        0,
      );
      assert.match((await page.locator('.card', { hasText: 'Plan' }).textContent()) ?? '', /converged/);
      assert.deepEqual(problems, []);
    } finally {
      await emulator.stop();
    }
  });

  it('escapes what comes from Azure: a tag or name cannot inject markup', async () => {
    const fleet = syntheticFleet({ clusters: 3, regions: 1, workspaces: 1, subscriptions: 1 });
    const cluster = fleet.resources.find((r) => String(r['type']).endsWith('managedClusters')) as Record<
      string,
      unknown
    >;
    cluster['id'] = String(cluster['id']).replace(/[^/]+$/, 'aks-<img src=x onerror=alert(1)>');
    const snapshot = join(folder, 'hostile.json');
    writeFileSync(snapshot, JSON.stringify(fleet.resources));
    const out = join(folder, 'hostile.html');
    const run = await runAmplink(['report', '--snapshot', snapshot, '--ampls', fleet.amplsId, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const { page, problems } = await open(out);
    assert.equal(await page.locator('img').count(), 0);
    assert.match((await page.locator('#clusters').textContent()) ?? '', /aks-<img src=x onerror=alert\(1\)>/);
    assert.deepEqual(problems, []);
  });

  it('refuses an --out in a folder that does not exist, with the CLI error code and no stack', async () => {
    const run = await runAmplink([
      'report',
      '--snapshot',
      EXAMPLE,
      '--ampls',
      EXAMPLE_AMPLS,
      '--out',
      join(folder, 'missing', 'r.html'),
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /AMPL_CLI_E0005/);
    assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/);
  });
});

describe('report drawing of a made-up fleet in more regions than Azure has', () => {
  it(`folds the regions past ${MAX_REGION_CARDS} into one last card, every cluster still counted`, async () => {
    const fleet = syntheticFleet({ clusters: 100, regions: 1, workspaces: 1, subscriptions: 1 });
    let i = 0;
    for (const resource of fleet.resources) {
      if (String(resource['type']).endsWith('managedClusters')) resource['location'] = `madeup${(i += 1)}`;
    }
    const topology = new Topology(parseSnapshot(JSON.stringify(fleet.resources)));
    const plan = planKeepingDataFlowing(topology, { amplsId: fleet.amplsId });
    const drawing = await layoutReportGraph(reportGraph(topology, verify(topology, { amplsId: fleet.amplsId, plan })));
    assert.equal(drawing.cards.length, MAX_REGION_CARDS);
    assert.equal(drawing.cards.at(-1)?.card.region, `${100 - MAX_REGION_CARDS + 1} more regions`);
    assert.equal(
      drawing.cards.reduce((n, c) => n + c.card.clusters, 0),
      100,
    );
    assert.ok(drawing.nodes.length <= MAX_GRAPH_NODES);
  });
});

describe("report drawing of the AMPLS's private endpoints", () => {
  const example = () => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { value: Record<string, unknown>[] };
  const isType = (r: Record<string, unknown>, type: string) => String(r['type']).toLowerCase() === type.toLowerCase();
  const endpointNodes = (
    resources: Record<string, unknown>[],
    options: { privateEndpointSubnetIds?: string[] } = {},
  ) => {
    const topology = new Topology(parseSnapshot(JSON.stringify(resources)));
    const plan = planKeepingDataFlowing(topology, { amplsId: EXAMPLE_AMPLS, ...options });
    return reportGraph(topology, verify(topology, { amplsId: EXAMPLE_AMPLS, plan }))
      .nodes.filter((n) => n.kind === 'private-endpoint')
      .map((n) => ({ title: n.title, state: n.state }));
  };

  it('finds the endpoint whichever side lists the connection: inline, as a child resource, or on the endpoint', () => {
    const approved = [{ title: 'pe-ampls-central', state: 'ok' }];
    const resources = example().value;
    assert.deepEqual(endpointNodes(resources), approved);
    // Resource Graph and some listings give the connections as child resources only.
    const scope = resources.find((r) => isType(r, 'Microsoft.Insights/privateLinkScopes')) as Record<string, unknown>;
    const { privateEndpointConnections: _inline, ...properties } = scope['properties'] as Record<string, unknown>;
    const childOnly = resources.map((r) => (r === scope ? { ...scope, properties } : r));
    assert.deepEqual(endpointNodes(childOnly), approved);
    // Only the endpoint's own side says it is connected (and approved).
    const endpointOnly = childOnly.filter(
      (r) => !isType(r, 'Microsoft.Insights/privateLinkScopes/privateEndpointConnections'),
    );
    assert.deepEqual(endpointNodes(endpointOnly), approved);
  });

  it('draws the endpoint a plan makes as planned, not as a missing one', () => {
    const resources = example().value.filter(
      (r) =>
        !isType(r, 'Microsoft.Network/privateEndpoints') &&
        !isType(r, 'Microsoft.Insights/privateLinkScopes/privateEndpointConnections'),
    );
    const scope = resources.find((r) => isType(r, 'Microsoft.Insights/privateLinkScopes')) as Record<string, unknown>;
    const { privateEndpointConnections: _inline, ...properties } = scope['properties'] as Record<string, unknown>;
    const bare = resources.map((r) => (r === scope ? { ...scope, properties } : r));
    assert.deepEqual(endpointNodes(bare), [{ title: 'no private endpoint', state: 'broken' }]);
    const subnet = String(bare.find((r) => String(r['id']).endsWith('/vnet-hub/subnets/endpoints'))?.['id']);
    const planned = endpointNodes(bare, { privateEndpointSubnetIds: [subnet] });
    assert.equal(planned.length, 1);
    assert.equal(planned[0]?.state, 'planned');
  });
});
