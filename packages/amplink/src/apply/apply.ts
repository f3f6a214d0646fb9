import { isRestError } from '@azure/core-rest-pipeline';
import type { ArmConnection } from '../discover/arm-connection.js';
import { sleep } from '../discover/arm-connection.js';
import { armErrorOf, toAmplinkError } from '../discover/arm-errors.js';
import { AmplinkError, isAmplinkError } from '../model/errors.js';
import { idKey } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { Plan, PlanAction } from '../plan/types.js';
import type { ActionOutcome, ApplyEvent, ApplyResult } from './outcome.js';
import { alreadySatisfied, stillAsPlanned } from './satisfied.js';

export interface ApplyOptions {
  /** Actions in flight at once (writes to one AMPLS are one at a time regardless). */
  concurrency?: number;
  /** Attempts of a write that Azure refuses with 409 "provisioning state" (the AMPLS is busy). */
  maxAttempts?: number;
  /** First back-off of those retries; doubles each time, with jitter. */
  retryBaseMs?: number;
  /** `apply --plan`: refuse an action whose target changed since the plan was made. */
  checkPlannedState?: boolean;
  onEvent?: (event: ApplyEvent) => void;
  signal?: AbortSignal;
}

/** The AMPLS a scoped-resource write goes to: Azure refuses concurrent writes to one AMPLS (DOMAIN.md). */
function serialisationKey(action: PlanAction): string | undefined {
  if (action.resourceType !== RESOURCE_TYPES.scopedResource) return undefined;
  return idKey(action.id.replace(/\/scopedResources\/[^/]+$/i, ''));
}

function isBusyScope(error: unknown): boolean {
  const arm = armErrorOf(error);
  return arm?.status === 409 && /provisioning state/i.test(arm.message);
}

function isThrottled(error: unknown): boolean {
  return armErrorOf(error)?.status === 429;
}

/** Azure's Retry-After on a refused request, in ms. */
function retryAfterMs(error: unknown): number | undefined {
  if (!isRestError(error)) return undefined;
  const seconds = Number(error.response?.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

function isDuplicateLink(error: unknown): boolean {
  const arm = armErrorOf(error);
  return arm?.status === 409 && /same linked resource id already exists/i.test(arm.message);
}

/**
 * Runs a plan's actions in dependency order through ARM. Independent actions run side by side; a failed action
 * stops only what depends on it; every action first checks whether its result is already there, so that running
 * apply again after any interruption finishes the job without duplicates.
 */
export async function applyPlan(
  connection: ArmConnection,
  plan: Plan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const started = performance.now();
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const emit = options.onEvent ?? (() => undefined);
  const byKey = new Map(plan.actions.map((a) => [idKey(a.id), a]));
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const action of plan.actions) {
    const key = idKey(action.id);
    const deps = action.dependsOn.map(idKey).filter((d) => byKey.has(d));
    waitingOn.set(key, deps.length);
    for (const dep of deps) dependents.set(dep, [...(dependents.get(dep) ?? []), key]);
  }
  const outcomes = new Map<string, ActionOutcome>();
  const ready: string[] = plan.actions.filter((a) => waitingOn.get(idKey(a.id)) === 0).map((a) => idKey(a.id));
  const scopeLocks = new Map<string, Promise<void>>();
  let running = 0;
  let writes = 0;

  /**
   * Writes to one AMPLS one at a time (Azure refuses concurrent ones). Only the write holds the AMPLS: the check
   * before it runs alongside everything else, and a change waiting for its AMPLS holds no concurrency slot.
   */
  const withScope = async <T>(action: PlanAction, write: () => Promise<T>): Promise<T> => {
    const scope = serialisationKey(action);
    if (scope === undefined) return write();
    const previous = scopeLocks.get(scope) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    scopeLocks.set(
      scope,
      previous.then(() => mine),
    );
    await previous;
    try {
      return await write();
    } finally {
      release();
    }
  };

  const markNotTried = (key: string, blockedBy: string) => {
    for (const dependent of dependents.get(key) ?? []) {
      if (outcomes.has(dependent)) continue;
      const action = byKey.get(dependent) as PlanAction;
      const outcome: ActionOutcome = {
        id: action.id,
        kind: action.kind,
        resourceType: action.resourceType,
        status: 'not-tried',
        blockedBy,
        attempts: 0,
        durationMs: 0,
      };
      outcomes.set(dependent, outcome);
      emit({ type: 'finish', action, outcome });
      markNotTried(dependent, blockedBy);
    }
  };

  const execute = async (action: PlanAction, freeSlot: () => void): Promise<ActionOutcome> => {
    const t0 = performance.now();
    let attempts = 0;
    const outcome = (status: ActionOutcome['status'], error?: AmplinkError): ActionOutcome => ({
      id: action.id,
      kind: action.kind,
      resourceType: action.resourceType,
      status,
      attempts,
      durationMs: Math.round(performance.now() - t0),
      ...(error
        ? { error: { code: error.code, message: error.message, ...(error.fix ? { fix: error.fix } : {}) } }
        : {}),
    });
    /**
     * Azure's transient refusals, retried here once the SDK pipeline's own retries are spent: throttling (429, after
     * Retry-After) and a busy AMPLS (409 "provisioning state"), with jittered exponential back-off.
     */
    const retrying = async <T>(call: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await call();
        } catch (error) {
          const busy = isBusyScope(error);
          if ((!busy && !isThrottled(error)) || attempt >= (options.maxAttempts ?? 8)) throw error;
          const base = (options.retryBaseMs ?? 1000) * 2 ** (attempt - 1);
          const delayMs = retryAfterMs(error) ?? Math.round(base / 2 + Math.random() * base);
          const reason = busy ? 'the AMPLS is busy with another change' : 'Azure is throttling requests';
          emit({ type: 'retry', action, attempt, delayMs, reason });
          await sleep(delayMs, options.signal);
        }
      }
    };
    try {
      const current = await retrying(() => connection.get(action.id, action.apiVersion));
      if (alreadySatisfied(action, current)) return outcome('already-done');
      if (options.checkPlannedState && !stillAsPlanned(action, current)) {
        throw new AmplinkError({
          code: 'AMPL_APPLY_E0003',
          message: `${action.id} changed since the plan was made, so the planned ${action.kind} is not safe any more.`,
          fix: 'Plan again (amplink plan --out plan.json) and review the new plan.',
        });
      }
      if (action.kind === 'create' && current !== undefined) {
        throw new AmplinkError({
          code: 'AMPL_APPLY_E0004',
          message: `${action.id} exists already with other settings; amplink does not overwrite it.`,
          fix: 'Plan again: the planner reuses what exists, or choose another --dce-name-pattern.',
        });
      }
      if (serialisationKey(action) !== undefined) freeSlot();
      return await withScope(action, async () => {
        try {
          await retrying(() => {
            attempts++;
            writes++;
            return connection.put(action.id, action.apiVersion, action.body, {
              readBack: false,
              ...(options.signal ? { signal: options.signal } : {}),
            });
          });
          return outcome('done');
        } catch (error) {
          if (isDuplicateLink(error)) return outcome('already-done');
          throw error;
        }
      });
    } catch (error) {
      const failure = isAmplinkError(error) ? error : toAmplinkError(error, `${action.kind} ${action.id}`);
      if (!isAmplinkError(error) && !isRestError(error) && options.signal?.aborted) throw error;
      return outcome('failed', failure);
    }
  };

  await new Promise<void>((resolve) => {
    const pump = () => {
      if (outcomes.size === plan.actions.length) {
        resolve();
        return;
      }
      while (ready.length > 0 && running < concurrency) {
        const key = ready.shift() as string;
        const action = byKey.get(key) as PlanAction;
        running++;
        let slotHeld = true;
        const freeSlot = () => {
          if (!slotHeld) return;
          slotHeld = false;
          running--;
          pump();
        };
        emit({ type: 'start', action });
        void execute(action, freeSlot).then((outcome) => {
          if (slotHeld) {
            slotHeld = false;
            running--;
          }
          outcomes.set(key, outcome);
          emit({ type: 'finish', action, outcome });
          if (outcome.status === 'failed') markNotTried(key, action.id);
          else {
            for (const dependent of dependents.get(key) ?? []) {
              const left = (waitingOn.get(dependent) ?? 1) - 1;
              waitingOn.set(dependent, left);
              if (left === 0 && !outcomes.has(dependent)) ready.push(dependent);
            }
          }
          pump();
        });
      }
    };
    pump();
  });

  const ordered = plan.actions.map((a) => outcomes.get(idKey(a.id)) as ActionOutcome);
  const count = (status: ActionOutcome['status']) => ordered.filter((o) => o.status === status).length;
  return {
    outcomes: ordered,
    summary: {
      done: count('done'),
      alreadyDone: count('already-done'),
      failed: count('failed'),
      notTried: count('not-tried'),
      writes,
      durationMs: Math.round(performance.now() - started),
    },
  };
}
