import { isDnsBroken } from './dns.js';
import type { LiveResult } from './types.js';

// Apart from live.ts so that deciding an exit code does not load the query clients and the Azure SDK.
/** Whether the live probes proved something broken: data missing, or DNS inside the network leading elsewhere. */
export function liveFailed(live: LiveResult): boolean {
  return (
    live.clusters.some((c) => c.metrics.status === 'fail' || c.logs.status === 'fail') || live.dns.some(isDnsBroken)
  );
}
