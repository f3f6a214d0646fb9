// Shared by the data plane tests: a private-link fleet built in code, and raw PromQL calls.
import { request } from 'node:https';
import { expandFleet, startEmulator, type RunningEmulator } from '../src/index.js';
import type { ClusterAgentsStatus, AgentStatus } from '../src/dataplane/agents.js';

type Doc = Record<string, unknown>;

/**
 * A healthy private-link fleet: AMW and LAW in eastus, one AMPLS (PrivateOnly) with its private endpoint in vnet-hub,
 * zones linked to vnet-hub and vnet-weu (peered), two private AKS clusters (eastus, westeurope) enabled as
 * `az aks --ampls-resource-id` does (config DCE per cluster in its region, LAW linked), Prometheus DCEs linked.
 */
export function healthyFleet(): Doc {
  return {
    tenant: 'contoso',
    subscriptions: [{ name: 'prod' }],
    azureMonitorWorkspaces: [{ name: 'amw', region: 'eastus' }],
    logAnalyticsWorkspaces: [{ name: 'law', region: 'eastus' }],
    privateLinkScopes: [
      {
        name: 'ampls',
        ingestionAccessMode: 'PrivateOnly',
        linked: ['amw', 'MSProm-eastus-aks-east', 'MSProm-eastus-aks-weu'],
      },
    ],
    virtualNetworks: [
      {
        name: 'vnet-hub',
        region: 'eastus',
        addressSpace: ['10.0.0.0/16'],
        subnets: [
          { name: 'endpoints', prefix: '10.0.1.0/24' },
          { name: 'aks', prefix: '10.0.2.0/24' },
        ],
        peerings: ['vnet-weu'],
      },
      {
        name: 'vnet-weu',
        region: 'westeurope',
        addressSpace: ['10.1.0.0/16'],
        subnets: [{ name: 'aks', prefix: '10.1.2.0/24' }],
      },
    ],
    privateEndpoints: [
      {
        name: 'pe',
        privateLinkScope: 'ampls',
        vnet: 'vnet-hub',
        subnet: 'endpoints',
        dnsZoneLinks: ['vnet-hub', 'vnet-weu'],
      },
    ],
    clusters: [privateCluster('aks-east', 'eastus', 'vnet-hub'), privateCluster('aks-weu', 'westeurope', 'vnet-weu')],
  };
}

export function privateCluster(name: string, region: string, vnet: string, extra: Doc = {}): Doc {
  return {
    name,
    region,
    private: true,
    network: { vnet, subnet: 'aks' },
    prometheus: { workspace: 'amw' },
    containerInsights: { workspace: 'law' },
    privateLinkScope: 'ampls',
    ...extra,
  };
}

export async function startFleet(document: Doc): Promise<RunningEmulator> {
  return startEmulator({ fleet: expandFleet(document), lroDelayMs: 5 });
}

export function agentOf(
  status: ClusterAgentsStatus[],
  cluster: string,
  agent: 'ama-metrics' | 'ama-logs',
): AgentStatus {
  const found = status.find((c) => c.clusterName === cluster)?.agents.find((a) => a.agent === agent);
  if (found === undefined) throw new TypeError(`no ${agent} on ${cluster}`);
  return found;
}

export function resourceOf(emu: RunningEmulator, type: string, name: string): Record<string, unknown> & { id: string } {
  const found = (emu.snapshot().value as (Record<string, unknown> & { id: string; type: string; name: string })[]).find(
    (r) => r.type.toLowerCase() === type.toLowerCase() && r.name.toLowerCase() === name.toLowerCase(),
  );
  if (found === undefined) throw new TypeError(`no ${type} ${name}`);
  return found;
}

export async function httpsJson(
  emu: RunningEmulator,
  url: string,
  options: { method?: string; token?: string; body?: string; contentType?: string } = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: emu.caCertPem,
        headers: {
          ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
          ...(options.contentType === undefined ? {} : { 'content-type': options.contentType }),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data === '' ? undefined : JSON.parse(data) }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A PromQL instant query against an AMW's query endpoint with a Prometheus-audience token. */
export async function promql(
  emu: RunningEmulator,
  queryEndpoint: string,
  query: string,
  path: 'query' | 'query_range' = 'query',
  extra: Record<string, string> = {},
): Promise<{
  status: number;
  body: { status: string; data?: { resultType: string; result: unknown[] }; errorType?: string; error?: string };
}> {
  const token = (await emu.tokenCredential.getToken('https://prometheus.monitor.azure.com/.default')).token;
  const params = new URLSearchParams({ query, ...extra });
  const answer = await httpsJson(emu, `${queryEndpoint}/api/v1/${path}?${params.toString()}`, { token });
  return answer as Awaited<ReturnType<typeof promql>>;
}

/** Ticks until `done` holds (ARM writes to scoped resources complete asynchronously), at most 15 s. */
export async function tickUntil(
  emu: RunningEmulator,
  done: (status: ClusterAgentsStatus[]) => boolean,
): Promise<ClusterAgentsStatus[]> {
  let status = emu.tick();
  // A deadline, not a count of ticks: long-running link operations finish later on a loaded machine.
  const deadline = Date.now() + 15_000;
  while (!done(status) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    status = emu.tick();
  }
  return status;
}
