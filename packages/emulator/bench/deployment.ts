// Deployment benchmark, measured as a user runs it: `az deployment group create --template-file` (the real Azure CLI)
// with a 500-resource template against the emulator (examples/fleet.yaml, default timing: every long-running
// operation lasts 200 ms). 450 data collection endpoints (parallel) and 50 AMPLS links (each long-running, chained by
// dependsOn as writes to one AMPLS must be). Reported: the wall time of the az process, first run and a second run
// of the same template (incremental: every resource written again).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/index.js';
import { createAzureCliSession } from '../src/testing/azure-cli.js';

const ENDPOINTS = 450;
const LINKS = 50;
const fleetYaml = fileURLToPath(new URL('../../../examples/fleet.yaml', import.meta.url));

const emu = await startEmulator({ fleet: fleetYaml, port: 0 });
const az = await createAzureCliSession(emu, { timeoutMs: 900_000 });
const dir = await mkdtemp(join(tmpdir(), 'emulator-bench-deployment-'));
const scope = (emu.snapshot().value as { id: string }[])
  .map((r) => r.id)
  .find((id) => id.toLowerCase().endsWith('/privatelinkscopes/ampls-central'));
if (scope === undefined) throw new Error('examples/fleet.yaml has no ampls-central');
const subscription = scope.split('/')[2] ?? '';

const endpoint = (i: number): Record<string, unknown> => ({
  type: 'Microsoft.Insights/dataCollectionEndpoints',
  apiVersion: '2024-03-11',
  name: `bench-dce-${i}`,
  location: '[resourceGroup().location]',
  tags: { bench: '[uniqueString(resourceGroup().id)]' },
  properties: { networkAcls: { publicNetworkAccess: 'Disabled' } },
});
const link = (i: number): Record<string, unknown> => ({
  type: 'Microsoft.Insights/privateLinkScopes/scopedResources',
  apiVersion: '2021-09-01',
  name: `ampls-central/bench-dce-${i}-connection`,
  dependsOn: [
    `[resourceId('Microsoft.Insights/dataCollectionEndpoints', 'bench-dce-${i}')]`,
    ...(i > 0
      ? [
          `[resourceId('Microsoft.Insights/privateLinkScopes/scopedResources', 'ampls-central', 'bench-dce-${i - 1}-connection')]`,
        ]
      : []),
  ],
  properties: { linkedResourceId: `[resourceId('Microsoft.Insights/dataCollectionEndpoints', 'bench-dce-${i}')]` },
});
const template = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [
    ...Array.from({ length: ENDPOINTS }, (_v, i) => endpoint(i)),
    ...Array.from({ length: LINKS }, (_v, i) => link(i)),
  ],
};
const file = join(dir, 'template.json');
await writeFile(file, JSON.stringify(template, null, 2));

/** The az process's wall time, and the deployment's own duration as ARM reports it (properties.duration). */
async function deploy(name: string): Promise<{ wallMs: number; duration: string }> {
  const started = Date.now();
  const result = (await az.json([
    'deployment',
    'group',
    'create',
    '--subscription',
    subscription,
    '--resource-group',
    'rg-monitoring',
    '--name',
    name,
    '--template-file',
    file,
  ])) as { properties?: { provisioningState?: string; outputResources?: unknown[] } };
  const ms = Date.now() - started;
  const state = result.properties?.provisioningState;
  const count = result.properties?.outputResources?.length ?? 0;
  if (state !== 'Succeeded' || count !== ENDPOINTS + LINKS)
    throw new Error(`deployment ${name}: ${state ?? '?'}, ${count} resources`);
  return { wallMs: ms, duration: result.properties?.duration ?? '?' };
}

const first = await deploy('bench-first');
const second = await deploy('bench-second');
console.log(
  `deployment of a ${ENDPOINTS + LINKS}-resource template (az deployment group create, ${LINKS} chained long-running AMPLS links): ` +
    `${first.wallMs} ms first run (deployment ${first.duration}), ${second.wallMs} ms again, incremental (deployment ${second.duration})`,
);
await az.dispose();
await emu.stop();
await rm(dir, { recursive: true, force: true });
