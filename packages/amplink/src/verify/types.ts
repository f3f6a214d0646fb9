import type { AmplinkCode } from '../model/codes.js';
import type { AmplsLimits, ClusterFilter, NewEndpointOptions } from '../plan/options.js';
import type { IngestionEndpointsMode, Plan, Severity } from '../plan/types.js';

/** What `verify` is asked: the AMPLS every selected cluster must send through. */
export interface VerifyOptions {
  amplsId: string;
  clusters?: ClusterFilter;
  limits?: Partial<AmplsLimits>;
  /** Passed to the plan that verify runs, so that its fixes are the actions `amplink plan` with the same options gives. */
  newEndpoints?: NewEndpointOptions;
  ingestionEndpoints?: IngestionEndpointsMode;
  /** Passed to the plan too: its rule collection groups become the fixes of AMPL_VERIFY_E0023. */
  firewallRules?: boolean;
  /** Share of a limit from which a warning is given (default 0.8). */
  limitWarningRatio?: number;
  /** The plan whose actions the findings point to as fixes; default: the planner's plan with the options above. */
  plan?: Plan;
}

/** How one signal (metrics or logs) of one cluster fares, as far as the configuration shows. */
export type SignalStatus = 'ok' | 'broken' | 'unknown' | 'off';

/** The way a cluster's agents reach Azure Monitor. */
export type Route =
  /** Through a private endpoint of this AMPLS: DNS and network both lead there. */
  | 'private'
  /** Over the public internet: no private network, or DNS that resolves to public addresses. */
  | 'public'
  /** Names resolve to private addresses the cluster cannot use (another AMPLS, or a network it cannot reach). */
  | 'misrouted'
  /** Not enough is known of the cluster's network. */
  | 'unknown';

export interface VerifyFinding {
  /** Stable code, AMPL_VERIFY_Ennnn / Wnnnn / Innnn (or a plan code passed through). */
  code: AmplinkCode;
  severity: Severity;
  message: string;
  /** The resources involved: ids. */
  resources: string[];
  /** Rule numbers of DOMAIN.md. */
  rules: number[];
  /** Clusters (ids) that this finding breaks or concerns. */
  clusters: string[];
  /** What the user sees in the agents' logs or on the wire (DOMAIN.md "What breaks"), when there is such a message. */
  agentError?: string;
  /** Ids of the plan actions (in `VerifyResult.plan`) that fix it; empty when amplink does not make that change. */
  fixActions: string[];
  /** The manual step, when amplink does not make the change (or in addition to the plan). */
  fix?: string;
}

export interface ClusterReason {
  code: AmplinkCode;
  signal: 'metrics' | 'logs' | 'both' | 'network';
  text: string;
}

export interface ClusterVerdict {
  id: string;
  name: string;
  region: string;
  kind: 'aks' | 'arc';
  route: Route;
  /** The VNet the cluster's agents send from (AKS subnet, or the VNet an Arc site reaches over VPN). */
  vnetId?: string;
  metrics: SignalStatus;
  logs: SignalStatus;
  reasons: ClusterReason[];
}

export interface VerifySummary {
  clusters: number;
  metrics: Record<SignalStatus, number>;
  logs: Record<SignalStatus, number>;
  findings: { error: number; warning: number; info: number };
}

export interface VerifyResult {
  schemaVersion: 1;
  ampls: { id: string; name: string; ingestionAccessMode?: string };
  clusters: ClusterVerdict[];
  findings: VerifyFinding[];
  /** The plan verify ran; findings point into its actions. */
  plan: Plan;
  summary: VerifySummary;
}
