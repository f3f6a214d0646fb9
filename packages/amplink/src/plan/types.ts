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

export interface Plan {
  schemaVersion: 1;
  ampls: { id: string; name: string };
  actions: PlanAction[];
  findings: Finding[];
  summary: PlanSummary;
}
