import { readTextFile } from '../discover/text-files.js';
import type { Command } from 'commander';
import { defaultCredential } from '../discover/credential.js';
import { formatVerifyText } from '../report/verify-text.js';
import { runLiveProbes } from '../verify/probes/live.js';
import type { LiveResult } from '../verify/probes/types.js';
import { planKeepingDataFlowing } from '../verify/preflight.js';
import { verify } from '../verify/verify.js';
import { EXIT, type Io } from './exit-codes.js';
import { collect, positiveInteger } from './option-parsers.js';
import { addPlanOptions, planOptionsFrom, topologyFromFlags, type PlanFlags } from './plan-command.js';

export interface VerifyFlags extends PlanFlags {
  json?: boolean;
  live?: boolean;
  dnsServer?: string[];
  prometheusEndpoint?: string;
  logsEndpoint?: string;
  caFile?: string;
  timeout?: string;
  armEndpoint?: string;
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
      .option('--live', 'also query the workspaces (PromQL up, KQL) and resolve the endpoints (DNS)')
      .option('--dns-server <host:port>', 'DNS server for --live (repeatable; default: the system resolver)', collect)
      .option(
        '--prometheus-endpoint <url>',
        'query every Azure Monitor workspace here (default: its own query endpoint)',
      )
      .option('--logs-endpoint <url>', 'Log Analytics query endpoint (default https://api.loganalytics.io/v1)')
      .option('--ca-file <pem>', 'trust this CA for the --live queries too (NODE_EXTRA_CA_CERTS also works)')
      .option('--timeout <ms>', 'per live request', '15000'),
  ).action(async (flags: VerifyFlags) => {
    setExitCode(await runVerify(flags, io));
  });
}

async function runVerify(flags: VerifyFlags, io: Io): Promise<number> {
  const options = planOptionsFrom(flags);
  const topology = await topologyFromFlags(flags, io);
  const result = verify(topology, {
    amplsId: options.amplsId,
    ...(options.clusters && { clusters: options.clusters }),
    ...(options.limits && { limits: options.limits }),
    ...(options.newEndpoints && { newEndpoints: options.newEndpoints }),
    plan: planKeepingDataFlowing(topology, options),
  });
  let live: LiveResult | undefined;
  if (flags.live) {
    let ca: string | undefined;
    if (flags.caFile !== undefined) {
      ca = await readTextFile(
        flags.caFile,
        'the CA file',
        'AMPL_CLI_E0010',
        'Give a PEM file of the CA that signed the query endpoints.',
      );
    }
    io.stderr('probing: PromQL, KQL and DNS for every cluster...\n');
    live = await runLiveProbes(topology, result, {
      credential: defaultCredential(),
      timeoutMs: positiveInteger(flags.timeout ?? '15000', '--timeout'),
      ...(ca !== undefined && { ca }),
      ...(flags.prometheusEndpoint !== undefined && { prometheusEndpoint: flags.prometheusEndpoint }),
      ...(flags.logsEndpoint !== undefined && { logsEndpoint: flags.logsEndpoint }),
      ...(flags.dnsServer !== undefined && { dnsServers: flags.dnsServer }),
    });
  }
  io.stdout(
    flags.json
      ? JSON.stringify({ ...result, ...(live !== undefined && { live }) }, null, 2) + '\n'
      : formatVerifyText(result, live),
  );
  const liveFailed = live?.clusters.some((c) => c.metrics.status === 'fail' || c.logs.status === 'fail') ?? false;
  return result.summary.findings.error > 0 || liveFailed ? EXIT.findings : EXIT.ok;
}
