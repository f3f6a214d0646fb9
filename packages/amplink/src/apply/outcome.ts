import type { PlanAction } from '../plan/types.js';

export type ActionStatus = 'done' | 'already-done' | 'failed' | 'not-tried';

export interface ActionOutcome {
  id: string;
  kind: PlanAction['kind'];
  resourceType: string;
  status: ActionStatus;
  /** For failed: what Azure said; for not-tried: which failed action it waited for. */
  error?: { code: string; message: string; fix?: string };
  blockedBy?: string;
  attempts: number;
  durationMs: number;
}

export type ApplyEvent =
  | { type: 'start'; action: PlanAction }
  | { type: 'finish'; action: PlanAction; outcome: ActionOutcome }
  | { type: 'retry'; action: PlanAction; attempt: number; delayMs: number; reason: string }
  /** Something the user should know that stops nothing, e.g. a check that could not run. */
  | { type: 'notice'; code: string; message: string }
  /** The target is still being written by Azure (provisioningState `state`): apply waits for it to end. */
  | { type: 'wait'; action: PlanAction; state: string };

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
