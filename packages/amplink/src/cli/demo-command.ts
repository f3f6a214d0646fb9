import { fileURLToPath } from 'node:url';
import type { TokenCredential } from '@azure/core-auth';
import { startEmulator, type RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../apply/apply.js';
import { ArmConnection } from '../discover/arm-connection.js';
import { discover } from '../discover/discover.js';
import { AmplinkError } from '../model/errors.js';
import { Topology } from '../model/topology.js';
import { plan } from '../plan/planner.js';
import { formatPlanText } from '../report/plan-text.js';
import { applyProgress, formatApplyText } from './apply-command.js';
import { EXIT, type Io } from './exit-codes.js';
import { discoveryProgress } from './plan-command.js';

export const DEFAULT_DEMO_FLEET = fileURLToPath(new URL('../../../../examples/fleet.yaml', import.meta.url));

async function startDemoEmulator(fleet: string): Promise<RunningEmulator> {
  try {
    // Azure takes seconds per AMPLS change; the demo's Azure answers in 100 ms and lets amplink poll at once.
    return await startEmulator({ fleet, lroDelayMs: 100, lroRetryAfterSeconds: 0 });
  } catch (cause) {
    throw new AmplinkError({
      code: 'AMPL_DEMO_E0001',
      message: `The emulator could not start with fleet '${fleet}': ${(cause as Error).message}`,
      fix: 'Check the fleet file (examples/fleet.yaml shows the format).',
      cause,
    });
  }
}

/** The emulator's signed tokens as the SDK's TokenCredential. */
export function emulatorCredential(emulator: RunningEmulator): TokenCredential {
  return {
    getToken: async (scopes) => {
      const { token, expiresOnTimestamp } = await emulator.tokenCredential.getToken(scopes);
      return { token, expiresOnTimestamp };
    },
  };
}

/**
 * `amplink demo` (npm start): the whole story on the embedded emulator — discover the fleet through the Azure SDK,
 * show what is wrong and the plan, apply it, and plan again to show the fleet converged.
 */
export async function runDemo(flags: { fleet?: string; json?: boolean }, io: Io): Promise<number> {
  const fleet = flags.fleet ?? DEFAULT_DEMO_FLEET;
  const started = performance.now();
  io.stderr(`amplink demo: starting the Azure emulator with ${fleet}\n`);
  const emulator = await startDemoEmulator(fleet);
  try {
    const connection = new ArmConnection({
      credential: emulatorCredential(emulator),
      endpoint: emulator.url,
      ca: emulator.caCertPem,
    });
    const topology = new Topology(await discover(connection, { onProgress: discoveryProgress(io) }));
    const scope = [...topology.privateLinkScopes.values()][0];
    if (scope === undefined) {
      throw new AmplinkError({
        code: 'AMPL_DEMO_E0002',
        message: `The fleet '${fleet}' has no Azure Monitor Private Link Scope.`,
        fix: 'Add one under privateLinkScopes: in the fleet file.',
      });
    }
    const amplsId = scope.resource.id;
    const before = plan(topology, { amplsId });
    const linkedBefore = (topology.scopedResourcesByScope.get(scope.resource.key) ?? []).length;
    const withoutDce = before.actions.filter((a) => a.resourceType.endsWith('dataCollectionRuleAssociations')).length;
    const regions = new Set(topology.clusters.map((c) => c.region));
    if (!flags.json) {
      io.stdout(
        `The fleet at ${emulator.url}: ${topology.clusters.length} clusters in ${regions.size} regions, ` +
          `AMPLS ${scope.resource.name} (ingestion ${scope.ingestionAccessMode ?? 'unknown'}) with ${linkedBefore} linked resources.\n` +
          `What is wrong: ${withoutDce} of ${before.summary.clusters.monitored} monitored clusters lack a configuration DCE association in their own region, ` +
          `and ${before.actions.filter((a) => a.resourceType.endsWith('scopedResources')).length} resources their data goes through are not in the AMPLS.\n\n`,
      );
      io.stdout(formatPlanText(before, { reasons: false }));
      io.stdout('\n');
    }
    const applied = await applyPlan(connection, before, { onEvent: applyProgress(io, before.actions.length) });
    if (!flags.json) io.stdout(formatApplyText(applied));
    const after = plan(new Topology(await discover(connection)), { amplsId });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (flags.json) {
      io.stdout(JSON.stringify({ before, apply: applied, after: after.summary }, null, 2) + '\n');
    } else {
      io.stdout(
        `\nPlanned again: ${after.summary.status === 'converged' ? 'nothing to change — every monitored cluster sends through the AMPLS' : `${after.actions.length} changes left`}.\n` +
          `Done in ${seconds} s: ${applied.summary.done} changes (${before.summary.actions.create} created, ${before.summary.actions.update} updated) ` +
          `for ${before.summary.clusters.needingChanges} clusters; nothing deleted. Against real Azure: amplink plan --ampls <id>, then amplink apply.\n`,
      );
    }
    return after.summary.status === 'converged' && applied.summary.failed === 0 ? EXIT.ok : EXIT.error;
  } finally {
    await emulator.stop();
  }
}
