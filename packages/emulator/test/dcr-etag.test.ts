import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningEmulator } from '../src/index.js';
import { call, errorCode, rg, startTestEmulator } from './helpers.js';

const V = 'api-version=2024-03-11';
const dce = (name: string) => `${rg()}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}`;
const DCR = `${rg()}/providers/Microsoft.Insights/dataCollectionRules/MSProm-eastus-aks-1`;

describe('data collection rules: dataCollectionEndpointId and If-Match, as Azure answers', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startTestEmulator();
    for (const name of ['own', 'shared']) {
      const made = await call(emu, 'PUT', `${dce(name)}?${V}`, { body: { location: 'eastus', properties: {} } });
      assert.equal(made.status, 201);
    }
  });
  after(() => emu.stop());

  const rule = (endpoint: string, description = 'prometheus') => ({
    location: 'eastus',
    properties: {
      description,
      dataCollectionEndpointId: endpoint,
      dataSources: { prometheusForwarder: [{ name: 'p', streams: ['Microsoft-PrometheusMetrics'] }] },
    },
  });

  test('a DCE that does not exist is refused with 400 and ARM error shape', async () => {
    const refused = await call(emu, 'PUT', `${DCR}?${V}`, { body: rule(dce('missing')) });
    assert.equal(refused.status, 400);
    assert.equal(errorCode(refused.body), 'InvalidPayload');
  });

  test('If-Match with the current etag writes; a stale etag is refused with 412 PreconditionFailed and nothing changes', async () => {
    const created = await call(emu, 'PUT', `${DCR}?${V}`, { body: rule(dce('own')) });
    assert.equal(created.status, 201);
    const etag = (created.body as { etag: string }).etag;
    assert.ok(etag);
    const moved = await call(emu, 'PUT', `${DCR}?${V}`, { body: rule(dce('shared')), headers: { 'If-Match': etag } });
    assert.equal(moved.status, 200);
    const newEtag = (moved.body as { etag: string }).etag;
    assert.notEqual(newEtag, etag);

    const stale = await call(emu, 'PUT', `${DCR}?${V}`, { body: rule(dce('own'), 'x'), headers: { 'If-Match': etag } });
    assert.equal(stale.status, 412);
    assert.equal(errorCode(stale.body), 'PreconditionFailed');
    assert.match((stale.body as { error: { message: string } }).error.message, /If-Match/);
    const now = await call(emu, 'GET', `${DCR}?${V}`);
    const properties = (now.body as { properties: Record<string, unknown>; etag: string }).properties;
    assert.equal(properties['dataCollectionEndpointId'], dce('shared'));
    assert.equal((now.body as { etag: string }).etag, newEtag);

    const any = await call(emu, 'PUT', `${DCR}?${V}`, { body: rule(dce('shared'), 'y'), headers: { 'If-Match': '*' } });
    assert.equal(any.status, 200);
    const absent = `${rg()}/providers/Microsoft.Insights/dataCollectionRules/not-there`;
    const none = await call(emu, 'PUT', `${absent}?${V}`, { body: rule(dce('own')), headers: { 'If-Match': '*' } });
    assert.equal(none.status, 412);
  });
});
