import type { TokenCredential } from '@azure/core-auth';
import type { DataPlaneEndpoints, DataPlaneOverrides } from './cloud.js';

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

/** A name to resolve and what uses it. */
export interface DnsName {
  host: string;
  use: string;
  /** Why a public answer is right for this name (no private endpoint serves it); absent: it must resolve privately. */
  publicExpected?: string;
}

export interface DnsProbe {
  host: string;
  /** What uses it: the agents, remote write, or queries. */
  use: string;
  /** Why a public answer is right here (see DnsName); such a public answer is no failure. */
  publicExpected?: string;
  status: 'private' | 'public' | 'unresolved' | 'not-checked';
  addresses: string[];
  detail: string;
}

export interface LiveResult {
  /** Where the probes asked: the data plane of the ARM endpoint's cloud. */
  cloud: DataPlaneEndpoints;
  clusters: ClusterProbe[];
  /** The resolvers inside the network that DNS was judged through; none: every name is `not-checked`. */
  dnsServers: string[];
  dns: DnsProbe[];
}

export interface ProbeOptions extends DataPlaneOverrides {
  credential: TokenCredential;
  /** CA certificates to trust besides the system's (PEM), e.g. the emulator's. NODE_EXTRA_CA_CERTS also works. */
  ca?: string | string[];
  /** Per request (default 15 s). */
  timeoutMs?: number;
  /**
   * Azure Resource Manager's endpoint (default the public cloud): the probes ask the data plane of its cloud, as its
   * `/metadata/endpoints` describes it (the overrides of DataPlaneOverrides win).
   */
  armEndpoint?: string;
  /** The cloud's data-plane endpoints, when already known: nothing is read from ARM and the overrides are not applied. */
  cloud?: DataPlaneEndpoints;
  /** Query every Azure Monitor workspace here instead of its `prometheusQueryEndpoint`. */
  prometheusEndpoint?: string;
  /**
   * Resolvers inside the clusters' network (IP or IP:PORT). DNS is judged only through them: the resolver where amplink
   * runs says nothing of what the agents see, so without them every name is reported `not-checked`.
   */
  dnsServers?: string[];
  /** Names to resolve besides the agents' (remote write's DCE host), each with what uses it. */
  moreHosts?: readonly DnsName[];
  /** Skip a kind of probe. */
  skip?: { metrics?: boolean; logs?: boolean; dns?: boolean };
  /** The end of the 15-minute window (default now). */
  now?: Date;
}
