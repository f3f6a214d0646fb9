#!/usr/bin/env node
// amplink-emulator start [--port 8443] [--fleet FILE] [--state DIR] [--timing azure --time-scale 0.01]: starts the
// emulator and prints what clients need. amplink-emulator generate --clusters N ...: writes a large fleet file.
// Every error the user can fix is one line with its code and the fix; a stack trace only with --debug.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { startEmulator } from './server/emulator.js';
import { EmulatorError } from './arm/errors.js';
import { FleetError, describeProblems } from './fleet/errors.js';
import { AZURE_REGIONS, generateFleet } from './fleet/generate.js';
import type { DnsOptions } from './dataplane/dns.js';
import type { TimingDescription, TimingProfileName } from './server/timing.js';

const USAGE =
  'Usage: amplink-emulator start [--port 8443] [--fleet FILE] [--state DIR] [--fresh] [--timing instant|azure]\n' +
  '                              [--time-scale 1] [--lro-delay-ms 200] [--throttling] [--no-agents] [--tick-ms 1000]\n' +
  '                              [--dns-ports FROM-TO | --no-dns] [--debug]\n' +
  '       amplink-emulator generate --clusters N --regions R --subscriptions S [--workspaces W] [--seed 1] [--out FILE]';

const badOption = (message: string): EmulatorError => new EmulatorError('EMULATOR_BAD_OPTION', message);

/** A whole number from `min` to `max` given to `flag`, or the error naming the flag. */
function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw badOption(
      `${flag} '${text}' is not a whole number from ${min} to ${max}; fix: give one, e.g. ${flag} ${min}.`,
    );
  return value;
}

function dnsOptions(ports: string | undefined, off: boolean): DnsOptions {
  if (off) {
    if (ports !== undefined) throw badOption('--dns-ports and --no-dns contradict each other; fix: give one of them.');
    return { enabled: false };
  }
  if (ports === undefined) return {};
  const match = /^(\d+)-(\d+)$/.exec(ports.trim());
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (!match || from < 1024 || to > 65535 || from > to)
    throw badOption(
      `--dns-ports '${ports}' is not a port range; fix: give FROM-TO with 1024 <= FROM <= TO <= 65535, e.g. --dns-ports 15300-15399.`,
    );
  return { ports: { from, to } };
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'generate') return generate(argv.slice(1));
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8443' },
      fleet: { type: 'string' },
      state: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      timing: { type: 'string', default: 'instant' },
      'time-scale': { type: 'string', default: '1' },
      'lro-delay-ms': { type: 'string' },
      throttling: { type: 'boolean', default: false },
      'no-agents': { type: 'boolean', default: false },
      'tick-ms': { type: 'string', default: '1000' },
      'dns-ports': { type: 'string' },
      'no-dns': { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals[0] !== 'start') {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.fresh && values.state === undefined)
    throw badOption(
      '--fresh replaces the world saved in --state DIR, and no --state was given; fix: add --state DIR or drop --fresh.',
    );
  const port = wholeNumber('--port', values.port, 0, 65535);
  const emulator = await startEmulator({
    port,
    ...(values.fleet !== undefined ? { fleet: values.fleet } : {}),
    ...(values.state !== undefined ? { stateDir: values.state } : {}),
    fresh: values.fresh,
    // Number('') is 0 and Number('x') NaN: both refused by the timing's own check, which names the flag.
    timing: { profile: values.timing as TimingProfileName, timeScale: Number(values['time-scale']) },
    ...(values['lro-delay-ms'] !== undefined ? { lroDelayMs: Number(values['lro-delay-ms']) } : {}),
    timingInputNames: { profile: '--timing', timeScale: '--time-scale', lroDelayMs: '--lro-delay-ms' },
    throttling: values.throttling,
    agents: { enabled: !values['no-agents'], tickMs: wholeNumber('--tick-ms', values['tick-ms'], 1, 86_400_000) },
    dns: dnsOptions(values['dns-ports'], values['no-dns']),
  });
  // Listening for Ctrl-C and SIGTERM before the "Control API" line: whoever waits for that line may stop us at once.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const saved = emulator.savedWorld;
  if (saved !== undefined && values.state !== undefined) {
    if (emulator.origin === 'saved' && saved.usedOverFleet)
      console.log(
        `World: the one saved in ${values.state} (${saved.resources} resources) wins over --fleet ${values.fleet ?? ''}; start with --fresh to replace it with the fleet.`,
      );
    else if (emulator.origin !== 'saved')
      console.log(
        `World: ${emulator.origin === 'fleet' ? `--fleet ${values.fleet ?? ''}` : 'the default world'} (--fresh), replacing the one saved in ${values.state} (${saved.resources} resources).`,
      );
  }
  const armUrl = `https://localhost:${emulator.port}/`;
  console.log(`amplink emulator: Azure Resource Manager at ${emulator.url}/`);
  console.log(`CA certificate: ${emulator.caCertPath}`);
  console.log(describeTiming(emulator.timing));
  console.log('');
  console.log('# Node.js clients (Azure SDK):');
  console.log(`export NODE_EXTRA_CA_CERTS=${emulator.caCertPath}`);
  console.log('');
  console.log('# Azure CLI:');
  console.log(`export REQUESTS_CA_BUNDLE=${emulator.caCertPath}`);
  console.log(`export MSI_ENDPOINT=https://localhost:${emulator.port}/msi/token`);
  console.log(
    `az cloud register -n AmplinkEmulator --endpoint-resource-manager ${armUrl} --endpoint-active-directory ${armUrl} ` +
      '--endpoint-active-directory-resource-id https://management.core.windows.net/ ' +
      '--endpoint-active-directory-graph-resource-id https://graph.windows.net/',
  );
  console.log('az cloud set -n AmplinkEmulator');
  console.log('az login --identity');
  console.log('');
  console.log('');
  console.log('# Data plane (simulated ama-metrics / ama-logs agents, status at /_emulator/agents):');
  console.log(`Log Analytics query API (LogsQueryClient endpoint): ${emulator.logAnalyticsEndpoint}`);
  console.log("Prometheus query API: each Azure Monitor workspace's properties.metrics.prometheusQueryEndpoint");
  for (const endpoint of prometheusEndpoints(emulator.snapshot().value)) console.log(`  ${endpoint}`);
  if (values['no-dns']) console.log('DNS: off (--no-dns)');
  else {
    console.log('DNS as seen from each VNet (UDP on loopback; e.g. dig @127.0.0.1 -p PORT name):');
    for (const server of await emulator.dnsServers())
      console.log(
        `  ${server.vnetName}: ${server.address}:${server.port}${server.vnetId ? ` (${server.vnetId})` : ''}`,
      );
  }
  console.log('');
  console.log(
    `Control API: ${emulator.url}/_emulator/snapshot, /_emulator/counters, /_emulator/requests, /_emulator/agents, /_emulator/timing, POST /_emulator/reset (the world back to the fleet). Ctrl-C stops.`,
  );
  await stopRequested;
  await emulator.stop();
  return 0;
}

function describeTiming(timing: TimingDescription): string {
  const scale =
    timing.timeScale === 1
      ? 'real time'
      : `${timing.timeScale} x real time (real-time equivalent = wall time / ${timing.timeScale})`;
  if (timing.profile === 'instant')
    return `Timing: instant (long-running operations end after ${timing.defaultOperationMs} ms), ${scale}`;
  const link = timing.operationsMs['microsoft.insights/privatelinkscopes/scopedresources']?.put ?? 0;
  return `Timing: azure (AMPLS scoped-resource write ${link / 1000} s, synchronous write ${timing.synchronousWriteMs} ms), ${scale}`;
}

function prometheusEndpoints(resources: unknown[]): string[] {
  const out: string[] = [];
  for (const resource of resources as {
    type?: string;
    name?: string;
    properties?: { metrics?: { prometheusQueryEndpoint?: string } };
  }[]) {
    const endpoint = resource.properties?.metrics?.prometheusQueryEndpoint;
    if (resource.type === 'Microsoft.Monitor/accounts' && endpoint !== undefined)
      out.push(`${resource.name ?? ''}: ${endpoint}`);
  }
  return out;
}

/** amplink-emulator generate: a fleet YAML of N clusters (src/fleet/generate.ts), to stdout or --out FILE. */
function generate(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      clusters: { type: 'string' },
      regions: { type: 'string', default: '3' },
      subscriptions: { type: 'string', default: '1' },
      workspaces: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      debug: { type: 'boolean', default: false },
    },
  });
  if (values.clusters === undefined) throw badOption('generate needs --clusters N; fix: e.g. --clusters 10000.');
  const regions = wholeNumber('--regions', values.regions, 1, AZURE_REGIONS.length);
  const document = generateFleet({
    clusters: wholeNumber('--clusters', values.clusters, 1, 1_000_000),
    regions,
    subscriptions: wholeNumber('--subscriptions', values.subscriptions, 1, 10_000),
    workspaces: wholeNumber('--workspaces', values.workspaces, 1, regions),
    seed: wholeNumber('--seed', values.seed, 0, 2 ** 31),
  });
  const text = stringify(document);
  if (values.out === undefined) process.stdout.write(text);
  else {
    try {
      writeFileSync(values.out, text);
    } catch (cause) {
      throw new EmulatorError(
        'EMULATOR_WRITE_FAILED',
        `Cannot write ${values.out}: ${(cause as Error).message}; fix: name a file in a directory you can write.`,
        { cause },
      );
    }
    console.error(`Wrote ${values.out}: ${document.clusters?.length ?? 0} clusters.`);
  }
  return 0;
}

/** One line a user can act on: the code, what is wrong, the fix. */
function describeError(error: unknown): string {
  if (error instanceof EmulatorError) return `${error.code}: ${error.message}`;
  if (error instanceof FleetError) {
    const problems = error.problems.length > 0 ? describeProblems(error.problems, error.file) : '';
    const first = error.message.split('\n')[0] ?? error.message;
    const detail = problems === '' || first.includes(problems) ? '' : ` (${problems.split('\n').join('; ')})`;
    return `${error.code}: ${first.replace(/:$/, '')}${detail}; fix: correct the fleet file and start again.`;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    return `EMULATOR_BAD_OPTION: ${(error as Error).message}; fix: see amplink-emulator --help.`;
  return `EMULATOR_INTERNAL: ${error instanceof Error ? error.message : String(error)} (run with --debug for the stack trace)`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`amplink-emulator: ${describeError(error)}`);
    if (process.argv.includes('--debug') && error instanceof Error && error.stack) console.error(error.stack);
    process.exit(1);
  },
);
