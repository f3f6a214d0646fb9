import { fileURLToPath } from 'node:url';
import type { TokenCredential } from '@azure/core-auth';
import { startEmulator, type RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../apply/apply.js';
import { ArmConnection } from '../azure/arm-connection.js';
import { discover } from '../discover/discover.js';
import { AmplinkError } from '../model/errors.js';
import { Topology } from '../model/topology.js';
import { plan } from '../plan/planner.js';
import { nameSome, plural } from '../plan/findings.js';
import { formatArrivalText } from '../report/arrival-text.js';
import { formatPlanText } from '../report/plan-text.js';
import { formatVerifyText } from '../report/verify-text.js';
import { dataArrival, type Arrival, type ClusterArrival } from '../verify/arrival.js';
import { runLiveProbes } from '../verify/probes/live.js';
import { planKeepingDataFlowing } from '../verify/preflight.js';
import { verify } from '../verify/verify.js';
import { formatApplyText } from '../report/apply-text.js';
import { withApplyProgress } from './apply-progress.js';
import { EXIT, reportError, type Io } from './exit-codes.js';
import { discoveryProgress } from './plan-command.js';

export const DEFAULT_DEMO_FLEET = fileURLToPath(new URL('../../../../examples/fleet.yaml', import.meta.url));

async function startDemoEmulator(fleet: string): Promise<RunningEmulator> {
  try {
    // Azure takes seconds per AMPLS change; the demo's Azure answers in 100 ms and lets amplink poll at once.
    return await startEmulator({
      fleet,
      lroDelayMs: 100,
      lroRetryAfterSeconds: 0,
      agents: { enabled: true, tickMs: 1000 },
    });
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

/** The closing claim, as far as it is proven: through the AMPLS only when every cluster's data was seen arriving so. */
function outcome(arrival: Arrival): string {
  if (arrival.allThroughAmpls) return 'every monitored cluster sends through the AMPLS, its data proven to arrive';
  if (arrival.notProven.length > 0) {
    return `but data is not proven to arrive for ${arrival.notProven.length} of ${plural(arrival.monitored, 'monitored cluster')} (above)`;
  }
  const publicOnes = arrival.clusters.filter(
    (c) => c.route !== 'private' && (c.metrics.status !== 'off' || c.logs.status !== 'off'),
  );
  return `data proven to arrive for every monitored cluster, but ${nameSome(publicOnes.map((c) => c.name))} ${publicOnes.length === 1 ? 'sends' : 'send'} over the public internet, not through the AMPLS`;
}

function notProvenSignals(cluster: ClusterArrival): string {
  return (['metrics', 'logs'] as const)
    .filter((s) => cluster[s].status === 'missing' || cluster[s].status === 'not-checked')
    .map((s) => `${s} ${cluster[s].status}`)
    .join(', ');
}

/**
 * `amplink demo` (npm start): the whole story on the embedded emulator — discover the fleet through the Azure SDK,
 * show what is wrong and the plan, apply it, plan again, and prove with live queries that each cluster's data arrives.
 * Exit 3 (as verify's error findings) when it is not proven for some cluster after apply.
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
    const topology = new Topology(await discover(connection, { onEvent: discoveryProgress(io) }));
    const scope = [...topology.privateLinkScopes.values()][0];
    if (scope === undefined) {
      throw new AmplinkError({
        code: 'AMPL_DEMO_E0002',
        message: `The fleet '${fleet}' has no Azure Monitor Private Link Scope.`,
        fix: 'Add one under privateLinkScopes: in the fleet file.',
      });
    }
    const amplsId = scope.resource.id;
    emulator.tick();
    const checkedBefore = verify(topology, { amplsId, plan: planKeepingDataFlowing(topology, { amplsId }) });
    const before = checkedBefore.plan;
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
      io.stdout('Verify, before: what the agents in each cluster run into today.\n');
      io.stdout(formatVerifyText(checkedBefore));
      io.stdout('\n');
      io.stdout(formatPlanText(before, { reasons: false }));
      io.stdout('\n');
    }
    const applied = await withApplyProgress(io, before, (onEvent) => applyPlan(connection, before, { onEvent }));
    if (!flags.json) io.stdout(formatApplyText(applied));
    const rediscovered = new Topology(await discover(connection));
    const after = plan(rediscovered, { amplsId });
    // Two rounds of the agents, so that data sent over the new path is there to query.
    emulator.tick();
    emulator.tick();
    const checkedAfter = verify(rediscovered, { amplsId });
    const live = await runLiveProbes(rediscovered, checkedAfter, {
      credential: emulatorCredential(emulator),
      ca: emulator.caCertPem,
      armEndpoint: emulator.url,
      skip: { dns: true },
    });
    const arrival = dataArrival(checkedAfter, live);
    if (!flags.json) {
      io.stdout('\nVerify, after, with live PromQL and KQL queries against the workspaces:\n');
      io.stdout(formatVerifyText(checkedAfter, live));
      io.stdout('\n' + formatArrivalText(arrival));
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (flags.json) {
      io.stdout(
        JSON.stringify(
          {
            verifyBefore: checkedBefore,
            plan: before,
            apply: applied,
            after: after.summary,
            verifyAfter: checkedAfter,
            live,
            arrival,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.stdout(
        `\nPlanned again: ${after.summary.status === 'converged' ? `nothing to change — ${outcome(arrival)}` : `${after.actions.length} changes left`}.\n` +
          `Done in ${seconds} s: ${applied.summary.done} changes (${before.summary.actions.create} created, ${before.summary.actions.update} updated) ` +
          `for ${plural(before.summary.clusters.needingChanges, 'cluster')}; nothing deleted.\n` +
          `Against real Azure: amplink verify --ampls <id>, amplink plan --ampls <id>, then amplink apply.\n`,
      );
    }
    if (after.summary.status !== 'converged' || applied.summary.failed > 0) return EXIT.error;
    if (arrival.notProven.length === 0) return EXIT.ok;
    // Reported as every error is (one JSON object with --json), but with demo's own exit code.
    const notProven = new AmplinkError({
      code: 'AMPL_DEMO_E0003',
      message: `after apply, data is not proven to arrive for ${arrival.notProven.length} of ${plural(arrival.monitored, 'monitored cluster')}: ${nameSome(arrival.notProven.map((c) => `${c.name} (${notProvenSignals(c)})`))}.`,
      fix: `what stops them is in the fleet's network, DNS, firewall or public access settings, which amplink does not change (the reasons are under "Not proven" and in verify's findings); change them in ${fleet} and run the demo again.`,
    });
    reportError(notProven, io, { debug: false, json: flags.json === true });
    return EXIT.findings;
  } finally {
    await emulator.stop();
  }
}
