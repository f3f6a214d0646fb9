import { textOptions } from './color.js';
import { readTextFile } from '../files/text-files.js';
import type { Command } from 'commander';
import { verifyJson } from '../report/json.js';
import { writeJson } from './json-output.js';
import { formatVerifyText } from '../report/verify-text.js';
import { formatSinceLastText } from '../report/since-last-text.js';
import { readBaselineFile, writeBaselineFile } from '../files/baseline-file.js';
import type { DataPlaneOverrides } from '../verify/probes/cloud.js';
import { verifyFleet, type LiveVerifyOptions } from '../workflows/verify-fleet.js';
import { exitCodeFor, type Io } from './exit-codes.js';
import { fleetEvents } from './fleet-events.js';
import { boundedInteger, collect, dnsServer, dnsSuffix, httpsUrl } from './option-parsers.js';
import { addPlanOptions, fleetSourceFrom, planOptionsFrom, type PlanFlags } from './shared-options.js';

export interface VerifyFlags extends PlanFlags {
  json?: boolean;
  live?: boolean;
  dnsServer?: string[];
  prometheusEndpoint?: string;
  prometheusAudience?: string;
  logsEndpoint?: string;
  logsAudience?: string;
  monitorDnsSuffix?: string;
  opinsightsDnsSuffix?: string;
  caFile?: string;
  timeout?: string;
  armEndpoint?: string;
  sinceLast?: string;
}

export function registerVerifyCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addPlanOptions(
    program
      .command('verify')
      .description(
        'Show per cluster whether metrics and logs can flow through private link, every finding with its fix; --live proves it with queries. Exit 0: no error finding, 3: an error finding, 1: error.',
      )
      .option('--snapshot <file>', 'verify a snapshot file instead of discovering')
      .option('--json', 'print the result as JSON')
      .option('--detail', 'one row per cluster and every finding (default: a summary, alike clusters on one row)')
      .option('--live', 'also query the workspaces (PromQL up, KQL) and resolve the endpoints (DNS)')
      .option(
        '--dns-server <ip[:port]>',
        "a resolver inside the clusters' network to judge DNS through (repeatable; without it DNS is not checked)",
        collect,
      )
      .option(
        '--prometheus-endpoint <url>',
        'query every Azure Monitor workspace here (default: its own query endpoint)',
      )
      .option(
        '--prometheus-audience <uri>',
        "token audience of the Prometheus query API (default: the ARM endpoint's cloud's)",
      )
      .option(
        '--logs-endpoint <url>',
        "Log Analytics query endpoint (default: the ARM endpoint's cloud's, from its /metadata/endpoints)",
      )
      .option('--logs-audience <uri>', "token audience of the Log Analytics query API (default: the cloud's)")
      .option('--monitor-dns-suffix <suffix>', "DNS suffix of Azure Monitor's names (default: the cloud's)")
      .option(
        '--opinsights-dns-suffix <suffix>',
        "DNS suffix of Log Analytics ingestion's names (default: the cloud's)",
      )
      .option('--ca-file <pem>', 'trust this CA for the --live queries too (NODE_EXTRA_CA_CERTS also works)')
      .option('--timeout <ms>', 'per live request', '15000')
      .option('--report <file>', 'also write the HTML report page (see amplink report)')
      .option(
        '--since-last <file>',
        "compare with the run that wrote this file, then keep this run's problems there; exit 3 only for new errors or warnings",
      ),
  ).action(async (flags: VerifyFlags) => {
    setExitCode(await runVerify(flags, io));
  });
}

async function runVerify(flags: VerifyFlags, io: Io): Promise<number> {
  const plan = planOptionsFrom(flags);
  // Checked before any request, with --live or not: a bad flag costs no discovery, and is never silently ignored.
  const probeFlags = liveProbeFlags(flags);
  const live = flags.live ? await liveOptions(flags, probeFlags) : undefined;
  // Read before discovering: a file that is not amplink's costs no requests.
  const last = flags.sinceLast === undefined ? undefined : { last: await readBaselineFile(flags.sinceLast) };
  const result = await verifyFleet({
    source: await fleetSourceFrom(flags),
    plan,
    ...(live !== undefined && { live }),
    ...(last !== undefined && { sinceLast: { ...last, now: new Date() } }),
    onEvent: fleetEvents(io),
  });
  if (flags.report) {
    // The page brings elkjs: loaded only when asked for.
    const { writeReport } = await import('./report-file.js');
    await writeReport(flags.report, { topology: result.topology, verify: result.verify }, io);
  }
  const text = textOptions(io, flags);
  if (flags.json) await writeJson(io, verifyJson(result));
  else {
    io.stdout(
      (result.sinceLast === undefined ? '' : formatSinceLastText(result.sinceLast, text)) +
        formatVerifyText(result.verify, result.live, text),
    );
  }
  if (flags.sinceLast !== undefined && result.baseline !== undefined) {
    await writeBaselineFile(flags.sinceLast, result.baseline);
  }
  return exitCodeFor(result);
}

async function liveOptions(
  flags: VerifyFlags,
  probeFlags: ReturnType<typeof liveProbeFlags>,
): Promise<LiveVerifyOptions> {
  const ca =
    flags.caFile === undefined
      ? undefined
      : await readTextFile(
          flags.caFile,
          'the CA file',
          'AMPL_CLI_E0010',
          'Give a PEM file of the CA that signed the query endpoints.',
        );
  const { armEndpointFrom, defaultCredential } = await import('../azure/credential.js');
  return {
    ...probeFlags,
    credential: defaultCredential(process.env),
    armEndpoint: armEndpointFrom(flags, process.env),
    ...(ca !== undefined && { ca }),
  };
}

function liveProbeFlags(flags: VerifyFlags): {
  timeoutMs: number;
  dnsServers: string[];
  prometheusEndpoint?: string;
  overrides: DataPlaneOverrides;
} {
  return {
    timeoutMs: boundedInteger(flags.timeout ?? '15000', '--timeout'),
    dnsServers: (flags.dnsServer ?? []).map((server) => dnsServer(server, '--dns-server')),
    ...(flags.prometheusEndpoint !== undefined && {
      prometheusEndpoint: httpsUrl(flags.prometheusEndpoint, '--prometheus-endpoint'),
    }),
    overrides: {
      ...(flags.logsEndpoint !== undefined && { logsEndpoint: httpsUrl(flags.logsEndpoint, '--logs-endpoint') }),
      ...(flags.logsAudience !== undefined && { logsAudience: flags.logsAudience }),
      ...(flags.prometheusAudience !== undefined && { prometheusAudience: flags.prometheusAudience }),
      ...(flags.monitorDnsSuffix !== undefined && {
        monitorSuffix: dnsSuffix(flags.monitorDnsSuffix, '--monitor-dns-suffix'),
      }),
      ...(flags.opinsightsDnsSuffix !== undefined && {
        opinsightsSuffix: dnsSuffix(flags.opinsightsDnsSuffix, '--opinsights-dns-suffix'),
      }),
    },
  };
}
