// A link Azure is still writing (fleet `linked: [{ resource, provisioningState }]`), and the regions a subscription
// lists (GET /subscriptions/{id}/locations), as amplink's tests need them end to end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expandFleet, type FleetDocument } from '../src/fleet/index.js';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { call } from './helpers.js';

const document: FleetDocument = {
  subscriptions: [{ name: 'prod' }],
  logAnalyticsWorkspaces: [
    { name: 'law-canary', region: 'eastus2euap' },
    { name: 'law-gov', region: 'usgovvirginia' },
  ],
  privateLinkScopes: [
    {
      name: 'ampls',
      linked: [
        { resource: 'law-canary', provisioningState: 'Creating' },
        { resource: 'law-gov', provisioningState: 'Failed' },
      ],
    },
  ],
  clusters: [{ name: 'aks-cn', region: 'chinanorth3', containerInsights: { workspace: 'law-canary' } }],
};

describe('link provisioning states and subscription locations', () => {
  let emu: RunningEmulator;
  let subscription: string;
  before(async () => {
    const fleet = expandFleet(document);
    subscription = fleet.subscriptions[0]?.subscriptionId ?? '';
    emu = await startEmulator({ fleet, lroDelayMs: 30 });
  });
  after(async () => emu.stop());

  test('a fleet link keeps the provisioning state it was given; a plain one is Succeeded', async () => {
    const scope = `/subscriptions/${subscription}/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls`;
    const list = await call(emu, 'GET', `${scope}/scopedResources?api-version=2021-09-01`);
    assert.equal(list.status, 200);
    const states = Object.fromEntries(
      (list.body as { value: { name: string; properties: { provisioningState: string } }[] }).value.map((l) => [
        l.name,
        l.properties.provisioningState,
      ]),
    );
    assert.deepEqual(states, { 'law-canary-connection': 'Creating', 'law-gov-connection': 'Failed' });
  });

  test('a bad provisioning state in the fleet is refused with its YAML path', () => {
    assert.throws(
      () =>
        expandFleet({
          ...document,
          privateLinkScopes: [
            { name: 'ampls', linked: [{ resource: 'law-gov', provisioningState: 'Stuck' as 'Creating' }] },
          ],
        }),
      /privateLinkScopes\[0\]\.linked\[0\]: expected a name or an ARM id, or \{ resource: .*provisioningState: Succeeded \| Provisioning/,
    );
  });

  test('locations answer as GetLocations.json shows: public regions and the ones the world uses', async () => {
    const answer = await call(emu, 'GET', `/subscriptions/${subscription}/locations?api-version=2022-12-01`);
    assert.equal(answer.status, 200);
    const value = (answer.body as { value: Record<string, unknown>[] }).value;
    const names = value.map((l) => l['name']);
    for (const name of ['eastus', 'westeurope', 'eastus2euap', 'usgovvirginia', 'chinanorth3']) {
      assert.ok(names.includes(name), name);
    }
    assert.ok(!names.includes('global'));
    const canary = value.find((l) => l['name'] === 'eastus2euap');
    assert.deepEqual(Object.keys(canary ?? {}).sort(), [
      'displayName',
      'id',
      'metadata',
      'name',
      'regionalDisplayName',
      'type',
    ]);
    assert.equal(canary?.['id'], `/subscriptions/${subscription}/locations/eastus2euap`);
    assert.equal(canary?.['type'], 'Region');
    const unversioned = await call(emu, 'GET', `/subscriptions/${subscription}/locations`);
    assert.equal(unversioned.status, 400);
  });
});
