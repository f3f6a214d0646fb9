/** The Plan: what amplink will change, why, and what it will not or cannot do. Serialised as `plan --json`. */
import type { AmplinkCode, CodeLevel } from '../model/codes.js';

export type ActionKind = 'create' | 'update';

export interface Permission {
  /** An Azure RBAC action, e.g. Microsoft.Insights/dataCollectionEndpoints/write. */
  action: string;
  /** The narrowest scope on which it is checked. */
  scope: string;
}

export interface PlanAction {
  kind: ActionKind;
  resourceType: string;
  /** The resource written; unique within a plan, so it also names the action in `dependsOn`. */
  id: string;
  apiVersion: string;
  /** The ARM body that will be PUT. */
  body: Record<string, unknown>;
  /** Rule numbers of DOMAIN.md this action serves. */
  rules: number[];
  reason: string;
  permissions: Permission[];
  /** Ids of actions that must succeed first. */
  dependsOn: string[];
  /** The region the action is grouped under in the table; `global` for the AMPLS itself. */
  region: string;
  /** For an update: the properties it replaces, so a review shows before and after. */
  current?: Record<string, unknown>;
  /** How many selected clusters need this action, and the first few of them. */
  clusterCount: number;
  clusters: string[];
}

/** A finding's severity: its code's level. */
export type Severity = CodeLevel;

export interface Finding {
  /** Stable code such as AMPL_PLAN_W0003; scripts and tests match on it. */
  code: AmplinkCode;
  severity: Severity;
  message: string;
  resources: string[];
  rules: number[];
  /** The manual step that fixes it, when amplink does not make that change. */
  fix?: string;
}

/**
 * `waiting`: nothing to write now, but Azure is still working on resources the clusters need (AMPL_PLAN_W0008),
 * so the fleet has not converged yet.
 */
export type PlanStatus = 'converged' | 'changes' | 'waiting' | 'blocked';

export interface RegionSummary {
  region: string;
  clusters: number;
  create: number;
  update: number;
}

export interface PlanSummary {
  status: PlanStatus;
  clusters: { inScope: number; monitored: number; notMonitored: number; needingChanges: number };
  actions: { create: number; update: number; total: number };
  findings: { error: number; warning: number; info: number };
  regions: RegionSummary[];
}

/**
 * Where the clusters' rules ingest through (README: ingestion endpoints): `per-cluster` links each rule's own DCE to
 * the AMPLS; `shared` points the rules at one DCE per workspace region that is in the AMPLS; `auto` chooses.
 */
export type IngestionEndpointsMode = 'per-cluster' | 'shared' | 'auto';

export interface IngestionDecision {
  requested: IngestionEndpointsMode;
  chosen: Exclude<IngestionEndpointsMode, 'auto'>;
  reason: string;
}

/** How long apply is expected to take in Azure (real time), from the plan's writes alone: see plan/estimate.ts. */
export interface ApplyEstimate {
  /** The longer of the AMPLS chain and the busiest subscription's write bucket. */
  seconds: number;
  /** Scoped-resource writes: Azure takes them one at a time per AMPLS. */
  amplsWrites: number;
  amplsWriteSeconds: number;
  amplsSeconds: number;
  /**
   * DCE, DCR and association writes (synchronous), and firewall rule collection group writes (long-running, one per
   * policy, so never queued behind each other): limited by each subscription's write bucket.
   */
  otherWrites: number;
  writeBucket: { burst: number; perSecond: number };
  subscriptions: number;
  /** The subscription with the most writes (AMPLS writes count in the AMPLS's), and how long its bucket takes. */
  busiestSubscription: { subscriptionId: string; writes: number; seconds: number } | null;
  /** With `auto`: the same figures for the mode not chosen. */
  otherMode?: {
    mode: Exclude<IngestionEndpointsMode, 'auto'>;
    seconds: number;
    amplsWrites: number;
    otherWrites: number;
  };
}

export interface Plan {
  schemaVersion: 1;
  ampls: { id: string; name: string };
  actions: PlanAction[];
  findings: Finding[];
  summary: PlanSummary;
  /** Set by the planner; a plan file may lack it. */
  ingestionEndpoints?: IngestionDecision;
  /** Set by the planner; recomputed from the actions when a plan file is read. */
  estimate?: ApplyEstimate;
}
