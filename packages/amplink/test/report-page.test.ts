import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { syntheticFleet } from '../bench/synthetic-fleet.js';
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
    // The example's clusters are in four regions; the workspaces and the new ingestion links in eastus.
    const regions = await page
      .locator('svg.topology g.region')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-region')));
    assert.deepEqual(regions.sort(), ['eastus', 'francecentral', 'southeastasia', 'westeurope', 'westus2']);
    assert.match((await page.locator('g.node.ampls').textContent()) ?? '', /ampls-central/);
    assert.ok((await page.locator('g.node.clusters.state-broken').count()) > 0, 'broken clusters are marked');
    assert.match(
      (await page.locator('g.node.configuration-dce.state-planned').allTextContents()).join(' '),
      /amplink-config-westeurope/,
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

  it('folds 2,000 clusters in 60 regions into one node per region, and keeps every cluster in the table', async () => {
    const fleet = syntheticFleet({ clusters: 2000, regions: 60, workspaces: 4, subscriptions: 10 });
    const snapshot = join(folder, 'fleet.json');
    writeFileSync(snapshot, JSON.stringify(fleet.resources));
    const out = join(folder, 'fleet.html');
    const run = await runAmplink(['report', '--snapshot', snapshot, '--ampls', fleet.amplsId, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(readFileSync(out, 'utf8').length < 20_000_000, 'the page stays a size a browser opens');

    const { page, problems } = await open(out);
    assert.equal(await page.locator('g.node.clusters').count(), 60);
    const counted = await page
      .locator('g.node.clusters .title')
      .evaluateAll((titles) => titles.reduce((sum, t) => sum + Number.parseInt(t.textContent ?? '0', 10), 0));
    assert.equal(counted, 2000);
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
      assert.equal(await page.locator('g.node.state-planned, g.edge.state-planned').count(), 0);
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
