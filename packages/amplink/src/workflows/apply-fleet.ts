import { applyPlan } from '../apply/apply.js';
import type { ApplyEvent, ApplyResult } from '../apply/outcome.js';
import { resourcesAzureIsWriting, waitForAzure } from '../apply/wait-for-azure.js';
import type { ArmConnection } from '../azure/arm-connection.js';
import { isAmplinkError } from '../model/errors.js';
import type { EventSink } from '../model/events.js';
import { IN_PROGRESS_CODE } from '../plan/in-progress.js';
import type { PlanOptions } from '../plan/options.js';
import type { Plan } from '../plan/types.js';
import { plan as makePlan } from '../plan/plan.js';
import { waitEndedEvent, waitingForAzureEvent, type OnFleetEvent } from './events.js';
import { fleetTopology, type FleetSource } from './fleet.js';

/** One run of apply's writes, with what reports on them and what stops them. */
export type RunWrites = (hooks: { onEvent?: EventSink<ApplyEvent>; signal?: AbortSignal }) => Promise<ApplyResult>;

interface CommonApplyOptions {
  /** Changes in flight at once (writes to one AMPLS are always one at a time). */
  concurrency?: number;
  /** How long writes already sent may run on once apply is stopped. */
  drainMs?: number;
  /** Called with the plan that is about to be applied, also when it is blocked or has nothing to do. */
  onPlan?: (plan: Plan) => void;
  /** Asked before the first write; false changes nothing. Without it apply goes ahead. */
  confirm?: (plan: Plan) => Promise<boolean>;
  /**
   * Runs the writes: the caller's progress display and interruption go around them here (default: just run them).
   * Called only when there is something to write and it was confirmed.
   */
  aroundWrites?: (plan: Plan, run: RunWrites) => Promise<ApplyResult>;
  onEvent?: OnFleetEvent;
}

export type ApplyFleetOptions = CommonApplyOptions &
  (
    | {
        /** A plan saved with `plan --out`: applied as it is, each target first checked to be as it was planned. */
        saved: Plan;
      }
    | {
        /** Plan now, against this world (default: Azure through the connection). */
        source?: FleetSource;
        plan: PlanOptions;
        /** How long to wait for resources Azure is still writing before planning again (0, the default: do not). */
        waitForAzureMs?: number;
      }
  );

export interface ApplyFleetResult {
  kind: 'apply';
  /** The plan applied (or not: blocked, nothing to do, declined). */
  plan: Plan;
  /** What the writes did; absent when none was tried. */
  applied?: ApplyResult;
  /** `confirm` said no: nothing was changed. */
  declined: boolean;
  /** Resources the clusters need that Azure is still writing (AMPL_PLAN_W0008): run apply again once they are done. */
  waiting: number;
}

/**
 * `amplink apply`: plan (or take a saved plan), wait for what Azure is still writing and plan again, ask, then make
 * the changes through the connection (never deletes). Running it again after any stop finishes the job.
 */
export async function applyFleet(connection: ArmConnection, options: ApplyFleetOptions): Promise<ApplyFleetResult> {
  const plan = 'saved' in options ? options.saved : await planWaitingForAzure(connection, options);
  options.onPlan?.(plan);
  const waiting = plan.findings.filter((f) => f.code === IN_PROGRESS_CODE).length;
  const result: ApplyFleetResult = { kind: 'apply', plan, declined: false, waiting };
  if (plan.summary.status === 'blocked' || plan.actions.length === 0) return result;
  if (options.confirm !== undefined && !(await options.confirm(plan))) return { ...result, declined: true };
  const run: RunWrites = ({ onEvent, signal }) =>
    applyPlan(connection, plan, {
      checkPlannedState: 'saved' in options,
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      ...(options.drainMs !== undefined && { drainMs: options.drainMs }),
      ...(onEvent !== undefined && { onEvent }),
      ...(signal !== undefined && { signal }),
    });
  const applied = await (options.aroundWrites ? options.aroundWrites(plan, run) : run({}));
  return { ...result, applied };
}

/** Done means Succeeded: waits for what Azure is still writing (within the deadline), then plans what is left. */
async function planWaitingForAzure(
  connection: ArmConnection,
  options: { source?: FleetSource; plan: PlanOptions; waitForAzureMs?: number; onEvent?: OnFleetEvent },
): Promise<Plan> {
  const source = options.source ?? { connection };
  const planNow = async () => makePlan(await fleetTopology(source, options.plan, options.onEvent), options.plan);
  const first = await planNow();
  const busy = resourcesAzureIsWriting(first);
  const waitMs = options.waitForAzureMs ?? 0;
  if (busy.length === 0 || waitMs <= 0) return first;
  options.onEvent?.(waitingForAzureEvent(busy));
  try {
    await waitForAzure(connection, busy, { deadlineMs: waitMs });
    return await planNow();
  } catch (error) {
    // Past the wait, apply what it can now; the result and the exit code say what is still waiting.
    if (!isAmplinkError(error) || error.code !== 'AMPL_AZURE_E0903') throw error;
    options.onEvent?.(waitEndedEvent(error));
    return first;
  }
}
