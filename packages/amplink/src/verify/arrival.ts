import { idKey } from '../model/resource-id.js';
import type { LiveResult, ProbeOutcome } from './probes/types.js';
import type { ClusterVerdict, Route, VerifyResult } from './types.js';

/**
 * Whether a signal's data is proven to arrive: only a live probe that found it proves it. `not-checked`: no probe
 * ran, or it could not say (no rights, no endpoint, a DNS answer from outside the cluster's network); never a pass.
 */
export type ArrivalStatus = 'arrives' | 'missing' | 'not-checked' | 'off';

export interface SignalArrival {
  status: ArrivalStatus;
  /** In the user's terms: the verdict's reasons, or what the probe saw. */
  why: string;
}

export interface ClusterArrival {
  id: string;
  name: string;
  route: Route;
  metrics: SignalArrival;
  logs: SignalArrival;
}

export interface Arrival {
  clusters: ClusterArrival[];
  /** Clusters that collect something. */
  monitored: number;
  /** Monitored clusters whose every collected signal is proven to arrive. */
  proven: number;
  /** Monitored clusters with a signal missing or not checked, in the verdict's order. */
  notProven: ClusterArrival[];
  /** Every monitored cluster proven, and every one through the AMPLS's private endpoint. */
  allThroughAmpls: boolean;
}

function signalArrival(verdict: ClusterVerdict, signal: 'metrics' | 'logs', probe: ProbeOutcome | undefined) {
  if (verdict[signal] === 'off') return { status: 'off', why: `${signal} are not collected` } as const;
  if (verdict[signal] === 'broken') {
    const why = verdict.reasons
      .filter((r) => r.signal === signal || r.signal === 'both' || r.signal === 'network')
      .map((r) => `${r.code} ${r.text}`);
    return { status: 'missing', why: why.join('; ') || 'the configuration stops it' } as const;
  }
  if (probe === undefined) return { status: 'not-checked', why: 'no live probe ran' } as const;
  if (probe.status === 'pass') return { status: 'arrives', why: probe.detail } as const;
  return { status: probe.status === 'fail' ? 'missing' : 'not-checked', why: probe.detail } as const;
}

/**
 * Per cluster and signal, computed once from verify's verdict and the live probes: what the configuration stops is
 * missing whatever a probe says (data from before a change can still be in the window), and the rest arrives only
 * when a probe saw it.
 */
export function dataArrival(result: VerifyResult, live: LiveResult | undefined): Arrival {
  const probes = new Map((live?.clusters ?? []).map((p) => [idKey(p.id), p]));
  const clusters = result.clusters.map((verdict): ClusterArrival => {
    const probe = probes.get(idKey(verdict.id));
    return {
      id: verdict.id,
      name: verdict.name,
      route: verdict.route,
      metrics: signalArrival(verdict, 'metrics', probe?.metrics),
      logs: signalArrival(verdict, 'logs', probe?.logs),
    };
  });
  const proven = (s: SignalArrival) => s.status === 'arrives' || s.status === 'off';
  const monitored = clusters.filter((c) => c.metrics.status !== 'off' || c.logs.status !== 'off');
  const notProven = monitored.filter((c) => !proven(c.metrics) || !proven(c.logs));
  return {
    clusters,
    monitored: monitored.length,
    proven: monitored.length - notProven.length,
    notProven,
    allThroughAmpls: notProven.length === 0 && monitored.every((c) => c.route === 'private'),
  };
}
