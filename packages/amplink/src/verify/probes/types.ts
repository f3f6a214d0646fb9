import type { TokenCredential } from '@azure/core-auth';

/** A probe's verdict: `not-checked` when the probe could not run (no rights, no network, timeout) — never a pass. */
export type ProbeStatus = 'pass' | 'fail' | 'not-checked';

export interface ProbeOutcome {
  status: ProbeStatus;
  /** In the user's terms: what was asked, of which endpoint, and what came back. */
  detail: string;
  /** The query endpoint or workspace asked. */
  target?: string;
}

export interface ClusterProbe {
  id: string;
  name: string;
  metrics: ProbeOutcome;
  logs: ProbeOutcome;
}

export interface DnsProbe {
  host: string;
  /** What the agents use it for. */
  use: string;
  status: 'private' | 'public' | 'unresolved' | 'not-checked';
  addresses: string[];
  detail: string;
}

export interface LiveResult {
  clusters: ClusterProbe[];
  dns: DnsProbe[];
}

export interface ProbeOptions {
  credential: TokenCredential;
  /** CA certificates to trust besides the system's (PEM), e.g. the emulator's. NODE_EXTRA_CA_CERTS also works. */
  ca?: string | string[];
  /** Per request (default 15 s). */
  timeoutMs?: number;
  /** Query every Azure Monitor workspace here instead of its `prometheusQueryEndpoint` (e.g. an emulator). */
  prometheusEndpoint?: string;
  /** The Log Analytics query endpoint (default https://api.loganalytics.io/v1). */
  logsEndpoint?: string;
  /** DNS servers to ask (HOST or HOST:PORT); default: the system's resolver. */
  dnsServers?: string[];
  /** Skip a kind of probe. */
  skip?: { metrics?: boolean; logs?: boolean; dns?: boolean };
  /** The end of the 15-minute window (default now). */
  now?: Date;
}

/** Token audiences (DOMAIN.md "Checking that data arrives"). */
export const PROMETHEUS_AUDIENCE = 'https://prometheus.monitor.azure.com';
export const LOGS_AUDIENCE = 'https://api.loganalytics.io';
