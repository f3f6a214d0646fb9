import type { AmplinkCode } from '../model/codes.js';
import type { AmplinkEvent } from '../model/events.js';
import type { PlanAction } from '../plan/types.js';

export type ActionStatus = 'done' | 'already-done' | 'failed' | 'not-tried';

export interface ActionOutcome {
  id: string;
  kind: PlanAction['kind'];
  resourceType: string;
  status: ActionStatus;
  /** For failed: what Azure said; for not-tried: which failed action it waited for. */
  error?: { code: AmplinkCode; message: string; fix?: string };
  blockedBy?: string;
  attempts: number;
  durationMs: number;
}

/** What apply tells while it runs: each action's start, waits, retries and end, and notices that stop nothing. */
export type ApplyEvent =
  | AmplinkEvent<'AMPL_APPLY_I0001', { action: PlanAction }>
  | AmplinkEvent<'AMPL_APPLY_I0002', { action: PlanAction; outcome: ActionOutcome }>
  | AmplinkEvent<'AMPL_APPLY_I0003', { action: PlanAction; attempt: number; delayMs: number; reason: string }>
  /** The target is still being written by Azure (provisioningState `state`): apply waits for it to end. */
  | AmplinkEvent<'AMPL_APPLY_I0004', { action: PlanAction; state: string }>
  /** The permissions could not be read, so they were not checked: the writes go ahead and Azure decides. */
  | AmplinkEvent<'AMPL_APPLY_W0010', { unchecked: { scope: string; reason: string }[] }>;

export interface ApplySummary {
  done: number;
  alreadyDone: number;
  failed: number;
  notTried: number;
  /** PUTs sent to Azure (retries included). */
  writes: number;
  durationMs: number;
}

export interface ApplyResult {
  outcomes: ActionOutcome[];
  summary: ApplySummary;
}
