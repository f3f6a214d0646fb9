/**
 * Regenerates test/golden/: every export format of the plan for each example snapshot (examples/snapshot*.json),
 * byte for byte as `amplink export` prints it. Run: npm run golden -w packages/amplink, then review the diff.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { EXPORT_FORMATS, exportPlan, type ExportFormat } from '../src/export/index.js';
import { AmplinkError } from '../src/model/errors.js';
import { Topology } from '../src/model/topology.js';
import { planKeepingDataFlowing } from '../src/plan/plan.js';
import type { PlanOptions } from '../src/plan/options.js';
import { firewalledWorld } from '../test/support/firewall-world.js';

export const GOLDEN_DIR = fileURLToPath(new URL('../test/golden/', import.meta.url));
const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
export const GOLDEN_SNAPSHOTS = ['snapshot.json', 'snapshot-two-workspaces.json'] as const;
/**
 * examples/fleet-no-ampls.yaml's world planned with the network prerequisites (README: network prerequisites): a new
 * AMPLS, its private endpoint in the hub with the five zones linked to hub and spoke, and the workspace's query
 * endpoint. The e2e test (prerequisites-e2e.test.ts) plans with the same options.
 */
export function noAmplsOptions(topology: Topology): PlanOptions {
  const vnet = (name: string): string => {
    const found = [...topology.network.vnets.values()].find((v) => v.name === name);
    if (!found)
      throw new AmplinkError({ code: 'AMPL_PLAN_E0202', message: `examples/fleet-no-ampls.yaml has no ${name}.` });
    return found.id;
  };
  const hub = vnet('vnet-hub');
  return {
    amplsId: `${hub.replace(/\/providers\/.*$/, '')}/providers/Microsoft.Insights/privateLinkScopes/ampls-fleet`,
    createAmpls: {},
    privateEndpointSubnetIds: [`${hub}/subnets/endpoints`],
    linkVnetIds: [vnet('vnet-spoke')],
    queryPrivateEndpointSubnetIds: [`${hub}/subnets/endpoints`],
  };
}

/** Golden files of a plan with shared ingestion endpoints (rule updates), named `<stem>-shared.*`. */
const SHARED_SNAPSHOTS: readonly string[] = ['snapshot.json'];

const EXTENSIONS: Record<ExportFormat, string> = {
  az: 'az.sh',
  powershell: 'powershell.ps1',
  bicep: 'bicep.bicep',
  terraform: 'terraform.tf',
  arm: 'arm.json',
};

export interface GoldenFile {
  name: string;
  content: string;
}

/** The golden files as this build would write them: `<snapshot stem>.<format>.<extension>`. */
export async function goldenFiles(): Promise<GoldenFile[]> {
  const files: GoldenFile[] = [];
  const runs = [
    ...GOLDEN_SNAPSHOTS.map((snapshot) => ({ snapshot, shared: false })),
    ...SHARED_SNAPSHOTS.map((snapshot) => ({ snapshot, shared: true })),
  ];
  for (const { snapshot, shared } of runs) {
    const topology = new Topology(parseSnapshot(await readFile(`${examples}${snapshot}`, 'utf8'), snapshot));
    const scope = [...topology.privateLinkScopes.values()][0];
    if (!scope) throw new AmplinkError({ code: 'AMPL_PLAN_E0001', message: `examples/${snapshot} has no AMPLS.` });
    // As `amplink export --snapshot` plans: like `amplink plan` (with --ingestion-endpoints shared for the second set).
    const result = planKeepingDataFlowing(topology, {
      amplsId: scope.resource.id,
      ...(shared && { ingestionEndpoints: 'shared' as const }),
    });
    const stem = snapshot.replace(/\.json$/, '') + (shared ? '-shared' : '');
    for (const format of EXPORT_FORMATS) {
      files.push({ name: `${stem}.${EXTENSIONS[format]}`, content: exportPlan(result, format) });
    }
  }
  const snapshot = 'snapshot-no-ampls.json';
  const topology = new Topology(parseSnapshot(await readFile(`${examples}${snapshot}`, 'utf8'), snapshot));
  const result = planKeepingDataFlowing(topology, noAmplsOptions(topology));
  for (const format of EXPORT_FORMATS) {
    files.push({ name: `snapshot-no-ampls.${EXTENSIONS[format]}`, content: exportPlan(result, format) });
  }
  // `--firewall-rules` on a private cluster behind Azure Firewall that denies its ingestion hosts (test fixture).
  const { world, amplsId } = firewalledWorld();
  const firewall = planKeepingDataFlowing(world.topology(), { amplsId, firewallRules: true });
  for (const format of EXPORT_FORMATS) {
    files.push({ name: `firewall-rules.${EXTENSIONS[format]}`, content: exportPlan(firewall, format) });
  }
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await mkdir(GOLDEN_DIR, { recursive: true });
  for (const file of await goldenFiles()) {
    await writeFile(`${GOLDEN_DIR}${file.name}`, file.content);
    console.log(`test/golden/${file.name}: ${file.content.length} bytes`);
  }
}
