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

export { endpointHosts } from '../plan/firewall-hosts.js';
