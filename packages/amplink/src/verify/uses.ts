import type { TwinnableCode } from '../model/codes.js';

/** One resource a cluster's agents use, and for what: the unit the configuration, destination and firewall rules judge. */
export interface Use {
  signal: 'metrics' | 'logs' | 'both';
  resourceId: string;
  key: string;
  label: string;
  name: string;
  /** `Disabled` when it refuses public traffic. */
  publicAccess: string | undefined;
  /** Host names the agents talk to for it (for firewall checks). */
  hosts: string[];
  /** The finding when it is not in the AMPLS; `config` for the configuration DCE, which has findings of its own. */
  code: TwinnableCode | 'config';
  rules: number[];
  role: string;
}

/** The host names of a DCE's endpoints (`configurationAccess`, `metricsIngestion`, `logsIngestion`). */
export function endpointHosts(properties: Readonly<Record<string, unknown>>, keys: readonly string[]): string[] {
  const hosts: string[] = [];
  for (const key of keys) {
    const url = (properties[key] as { endpoint?: unknown } | undefined)?.endpoint;
    if (typeof url !== 'string') continue;
    try {
      hosts.push(new URL(url).hostname);
    } catch {
      // not a URL: nothing to check
    }
  }
  return hosts;
}
