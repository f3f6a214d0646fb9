#!/usr/bin/env node
// amplink-emulator start [--port 8443] [--fleet FILE] [--state DIR] [--timing azure --time-scale 0.01]: starts the
// emulator and prints what clients need.
import { parseArgs } from 'node:util';
import { startEmulator } from './server/emulator.js';
import { EmulatorError } from './arm/errors.js';
import type { TimingDescription, TimingProfileName } from './server/timing.js';

const USAGE =
  'Usage: amplink-emulator start [--port 8443] [--fleet FILE] [--state DIR] [--timing instant|azure] [--time-scale 1]\n' +
  '                              [--lro-delay-ms 200] [--throttling] [--no-agents] [--tick-ms 1000]';

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8443' },
      fleet: { type: 'string' },
      state: { type: 'string' },
      timing: { type: 'string', default: 'instant' },
      'time-scale': { type: 'string', default: '1' },
      'lro-delay-ms': { type: 'string' },
      throttling: { type: 'boolean', default: false },
      'no-agents': { type: 'boolean', default: false },
      'tick-ms': { type: 'string', default: '1000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals[0] !== 'start') {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const port = Number.parseInt(values.port, 10);
  const emulator = await startEmulator({
    port,
    ...(values.fleet !== undefined ? { fleet: values.fleet } : {}),
    ...(values.state !== undefined ? { stateDir: values.state } : {}),
    // Number('') is 0 and Number('x') NaN: both refused by the timing's own check, which names the flag.
    timing: { profile: values.timing as TimingProfileName, timeScale: Number(values['time-scale']) },
    ...(values['lro-delay-ms'] !== undefined ? { lroDelayMs: Number(values['lro-delay-ms']) } : {}),
    timingInputNames: { profile: '--timing', timeScale: '--time-scale', lroDelayMs: '--lro-delay-ms' },
    throttling: values.throttling,
    agents: { enabled: !values['no-agents'], tickMs: Number.parseInt(values['tick-ms'], 10) },
  });
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
  console.log('DNS as seen from each VNet (UDP on loopback; e.g. dig @127.0.0.1 -p PORT name):');
  for (const server of await emulator.dnsServers())
    console.log(`  ${server.vnetName}: ${server.address}:${server.port}${server.vnetId ? ` (${server.vnetId})` : ''}`);
  console.log('');
  console.log(
    `Control API: ${emulator.url}/_emulator/snapshot, /_emulator/counters, /_emulator/requests, /_emulator/agents, /_emulator/timing. Ctrl-C stops.`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof EmulatorError) console.error(`amplink-emulator: ${error.code}: ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
