import { fileURLToPath } from 'node:url';
import { startEmulator } from 'amplink-emulator';
import { parseSnapshot } from '../discover/snapshot.js';
import { AmplinkError } from '../model/errors.js';
import { Topology } from '../model/topology.js';
import { plan } from '../plan/planner.js';
import { formatPlanText } from '../report/plan-text.js';
import { EXIT, type Io } from './exit-codes.js';

export const DEFAULT_DEMO_FLEET = fileURLToPath(new URL('../../../../examples/fleet.yaml', import.meta.url));

/**
 * `amplink demo`: starts the emulator in-process with a fleet file, reads its world, and shows the plan that
 * would bring every cluster onto private link. Needs nothing but `npm ci`.
 */
export async function runDemo(flags: { fleet?: string; json?: boolean }, io: Io): Promise<number> {
  const fleet = flags.fleet ?? DEFAULT_DEMO_FLEET;
  const started = performance.now();
  io.stderr(`amplink demo: starting the Azure emulator with ${fleet}\n`);
  let emulator;
  try {
    emulator = await startEmulator({ fleet });
  } catch (cause) {
    throw new AmplinkError({
      code: 'AMPL_DEMO_E0001',
      message: `The emulator could not start with fleet '${fleet}': ${(cause as Error).message}`,
      fix: 'Check the fleet file (see examples/fleet.yaml for the format).',
      cause,
    });
  }
  try {
    const topology = new Topology(parseSnapshot(JSON.stringify(emulator.snapshot()), `emulator at ${emulator.url}`));
    const scopes = [...topology.privateLinkScopes.values()];
    const scope = scopes[0];
    if (scope === undefined) {
      throw new AmplinkError({
        code: 'AMPL_DEMO_E0002',
        message: `The fleet '${fleet}' has no Azure Monitor Private Link Scope.`,
        fix: 'Add one under privateLinkScopes: in the fleet file.',
      });
    }
    const result = plan(topology, { amplsId: scope.resource.id });
    if (flags.json) {
      io.stdout(JSON.stringify(result, null, 2) + '\n');
      return EXIT.ok;
    }
    const kinds = (type: string) =>
      topology.resources.filter((r) => r.type.toLowerCase() === type.toLowerCase()).length;
    io.stdout(
      `The fleet: ${topology.clusters.length} clusters in ${new Set(topology.clusters.map((c) => c.region)).size} regions, ` +
        `${kinds('Microsoft.Monitor/accounts')} Azure Monitor workspace(s), ${kinds('Microsoft.OperationalInsights/workspaces')} Log Analytics workspace(s), ` +
        `AMPLS ${scope.resource.name} (ingestion ${scope.ingestionAccessMode ?? 'unknown'}) with ${(topology.scopedResourcesByScope.get(scope.resource.key) ?? []).length} linked resources.\n\n`,
    );
    io.stdout(formatPlanText(result));
    io.stdout(
      `\n${result.summary.clusters.needingChanges} of ${result.summary.clusters.monitored} monitored clusters cannot send over private link today; ` +
        `the plan above fixes that with ${result.actions.length} changes. Planned in ${Math.round(performance.now() - started)} ms against the emulator at ${emulator.url}.\n`,
    );
    return EXIT.ok;
  } finally {
    await emulator.stop();
  }
}
