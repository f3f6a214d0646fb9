import { setMaxListeners } from 'node:events';
import type { ArmConnection, RetryEvent, SendOptions } from '../azure/arm-connection.js';
import { armErrorOf, toAmplinkError } from '../azure/arm-errors.js';
import { AmplinkError, isAmplinkError } from '../model/errors.js';
import { amplinkEvent, type EventSink } from '../model/events.js';
import { provisioningPhaseOf, provisioningStateText } from '../model/provisioning-state.js';
import { idKey, parseResourceIdStrict, scopeOfScopedResource, type ResourceId } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import { checkPlanActions } from '../plan/plan-check.js';
import type { Plan, PlanAction } from '../plan/types.js';
import { checkGround } from './ground.js';
import type { ActionOutcome, ApplyEvent, ApplyResult } from './outcome.js';
import { requirePermissions } from './permission-check.js';
import { etagRefusal, ruleEtag, ruleGone, ruleWithEndpoint } from './rule-update.js';
import { alreadySatisfied, failedAttemptOf, stillAsPlanned } from './satisfied.js';
import { ScopeQueues } from './scope-queue.js';
import { WriteBuckets, type BucketLimit } from './write-bucket.js';
import { ARM_WRITE_BUCKET } from '../plan/estimate.js';

export interface ApplyOptions {
  /** Actions in flight at once (writes to one AMPLS are one at a time regardless). */
  concurrency?: number;
  /** `apply --plan`: refuse an action whose target changed since the plan was made. */
  checkPlannedState?: boolean;
  onEvent?: EventSink<ApplyEvent>;
  /**
   * Stops apply: no new write starts; writes already sent may finish for up to `drainMs`, then are abandoned.
   * The summary says what was done, what failed and what was not tried.
   */
  signal?: AbortSignal;
  /** How long writes already sent may run on once `signal` stops apply (default 30 s). */
  drainMs?: number;
  /** Read the caller's permissions at each scope first and stop before writing when some are missing (default on). */
  checkPermissions?: boolean;
  /**
   * Apply's own write pace per subscription (a client-side token bucket; default ARM's: 200 burst, 10 a second);
   * false: no pacing (Azure's 429s are still honoured).
   */
  writeBucket?: BucketLimit | false;
}

/**
 * The parent whose writes Azure takes one at a time: the AMPLS of a scoped resource (DOMAIN.md), the firewall policy
 * of a rule collection group (a group PUT is long-running and Azure refuses another write to the policy meanwhile).
 */
function serialisationKey(action: PlanAction): string | undefined {
  if (action.resourceType === RESOURCE_TYPES.scopedResource) return idKey(scopeOfScopedResource(action.id));
  if (action.resourceType === RESOURCE_TYPES.ruleCollectionGroup) {
    return idKey(action.id.replace(/\/ruleCollectionGroups\/[^/]+$/i, ''));
  }
  return undefined;
}

/** 409 "Scoped resource with same linked resource id already exists" (azure-cli PR 31899): the link is there. */
function isDuplicateLink(error: unknown): boolean {
  const arm = armErrorOf(error);
  return arm?.status === 409 && /same linked resource id already exists/i.test(arm.message);
}

function finished(action: PlanAction, outcome: ActionOutcome): ApplyEvent {
  const error = outcome.error ? `: ${outcome.error.code}: ${outcome.error.message}` : '';
  return amplinkEvent('AMPL_APPLY_I0002', `${outcome.status} ${action.kind} ${action.id}${error}`, { action, outcome });
}

function cancelled(): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_APPLY_E0005',
    message: 'apply was stopped before this action finished.',
    fix: 'Run apply again: what is done is skipped.',
  });
}

/**
 * Runs a plan's actions in dependency order through ARM. Independent actions run side by side; a failed action
 * stops only what depends on it; every action first checks whether its result is already there, so that running
 * apply again after any interruption finishes the job without duplicates. Passing refusals (throttling, a busy
 * AMPLS, timeouts) are retried by the connection.
 */
export async function applyPlan(
  connection: ArmConnection,
  plan: Plan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const started = performance.now();
  const signal = options.signal;
  // Before the first request, whatever made the plan: the requests are built from these parsed ids only.
  const targets = checkPlanActions(plan);
  // An AMPLS the plan creates is not there yet: its create action is the ground.
  const createsAmpls = plan.actions.some((a) => a.resourceType === RESOURCE_TYPES.privateLinkScope);
  if (plan.actions.length > 0 && !createsAmpls) {
    await checkGround(connection, parseResourceIdStrict(plan.ampls.id), signal ? { signal } : {});
  }
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const buckets = options.writeBucket === false ? undefined : new WriteBuckets(options.writeBucket ?? ARM_WRITE_BUCKET);
  const emit = options.onEvent ?? (() => undefined);
  if (options.checkPermissions !== false) await requirePermissions(connection, plan, emit);
  // Requests already sent end on their own, unless the stop outlasts the drain time.
  const inFlight = new AbortController();
  // Every request under way listens to it (up to `concurrency`, plus the AMPLS's queue): no leak, just many.
  setMaxListeners(0, inFlight.signal);
  let drainTimer: NodeJS.Timeout | undefined;
  const startDrain = () => {
    drainTimer ??= setTimeout(() => inFlight.abort(signal?.reason), options.drainMs ?? 30_000);
  };
  const byKey = new Map(plan.actions.map((a) => [idKey(a.id), a]));
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const action of plan.actions) {
    const key = idKey(action.id);
    const deps = action.dependsOn.map(idKey).filter((d) => byKey.has(d));
    waitingOn.set(key, deps.length);
    for (const dep of deps) {
      // Appended in place: thousands of rule updates wait for one link.
      const list = dependents.get(dep);
      if (list) list.push(key);
      else dependents.set(dep, [key]);
    }
  }
  const outcomes = new Map<string, ActionOutcome>();
  const ready: string[] = plan.actions.filter((a) => waitingOn.get(idKey(a.id)) === 0).map((a) => idKey(a.id));
  let running = 0;
  let writes = 0;

  const finish = (action: PlanAction, outcome: ActionOutcome) => {
    outcomes.set(idKey(action.id), outcome);
    emit(finished(action, outcome));
  };

  const notTried = (action: PlanAction, blockedBy?: string): ActionOutcome => ({
    id: action.id,
    kind: action.kind,
    resourceType: action.resourceType,
    status: 'not-tried',
    ...(blockedBy ? { blockedBy } : {}),
    attempts: 0,
    durationMs: 0,
  });

  const markNotTried = (key: string, blockedBy: string) => {
    for (const dependent of dependents.get(key) ?? []) {
      if (outcomes.has(dependent)) continue;
      const action = byKey.get(dependent) as PlanAction;
      finish(action, notTried(action, blockedBy));
      markNotTried(dependent, blockedBy);
    }
  };

  /**
   * Writes to one AMPLS one at a time (Azure refuses concurrent ones), in the plan's order (see ScopeQueues). Only
   * the write holds the AMPLS: the check before it runs alongside everything else, and a change waiting for its
   * AMPLS holds no concurrency slot.
   */
  const scopeQueues = new ScopeQueues();
  const rankOf = new Map(plan.actions.map((a, index) => [a, index]));
  const withScope = async <T>(action: PlanAction, write: () => Promise<T>): Promise<T> => {
    const scope = serialisationKey(action);
    if (scope === undefined) return write();
    return scopeQueues.run(scope, rankOf.get(action) ?? 0, write);
  };

  /** Never rejects: every way an action can end is an outcome. */
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
    const onEvent = ({ data: { attempt, delayMs, reason } }: RetryEvent) =>
      emit(
        amplinkEvent('AMPL_APPLY_I0003', `retry ${action.id} in ${delayMs} ms: ${reason}`, {
          action,
          attempt,
          delayMs,
          reason,
        }),
      );
    const requestOptions: Omit<SendOptions, 'body'> = { onEvent, signal: inFlight.signal };
    try {
      const target = targets.get(action) as ResourceId;
      let current = await connection.get(target, action.apiVersion, requestOptions);
      if (provisioningPhaseOf(current) === 'in-progress') {
        // Another writer's operation still runs on it (Azure would refuse ours with 409): let it end first.
        const state = provisioningStateText(current);
        emit(
          amplinkEvent('AMPL_APPLY_I0004', `${action.id} is ${state}: waiting for Azure to end it`, { action, state }),
        );
        current = await connection.waitUntil(
          target,
          action.apiVersion,
          (resource) => provisioningPhaseOf(resource) !== 'in-progress',
          { ...requestOptions, describe: provisioningStateText },
        );
      }
      if (alreadySatisfied(action, current)) return outcome('already-done');
      const isRule = action.resourceType === RESOURCE_TYPES.dataCollectionRule;
      if (isRule && current === undefined) throw ruleGone(action);
      if (options.checkPlannedState && !stillAsPlanned(action, current)) {
        throw new AmplinkError({
          code: 'AMPL_APPLY_E0003',
          message: `${action.id} changed since the plan was made, so the planned ${action.kind} is not safe any more.`,
          fix: 'Plan again (amplink plan --out plan.json) and review the new plan.',
        });
      }
      if (action.kind === 'create' && current !== undefined && !failedAttemptOf(action, current)) {
        throw new AmplinkError({
          code: 'AMPL_APPLY_E0004',
          message: `${action.id} exists already with other settings; amplink does not overwrite it.`,
          fix: 'Plan again: the planner reuses what exists, or choose another --dce-name-pattern.',
        });
      }
      if (signal?.aborted) return outcome('not-tried', cancelled());
      if (serialisationKey(action) !== undefined) freeSlot();
      return await withScope(action, async () => {
        // A write still waiting for its AMPLS has not started: a stop keeps it from starting.
        if (signal?.aborted) return outcome('not-tried', cancelled());
        await buckets?.take(target.subscriptionId, inFlight.signal);
        attempts++;
        writes++;
        try {
          if (isRule) {
            // Read-modify-write: the rule as read with one property changed, conditional on its etag.
            const rule = current as Record<string, unknown>;
            const etag = ruleEtag(rule, action);
            await connection.put(target, action.apiVersion, ruleWithEndpoint(rule, action), {
              ...requestOptions,
              readBack: false,
              ...(etag !== undefined && { headers: { 'If-Match': etag } }),
            });
          } else {
            await connection.put(target, action.apiVersion, action.body, { ...requestOptions, readBack: false });
          }
          return outcome('done');
        } catch (error) {
          if (isDuplicateLink(error)) return outcome('already-done');
          throw etagRefusal(error, action) ?? error;
        }
      });
    } catch (error) {
      if (inFlight.signal.aborted) return outcome('failed', cancelled());
      return outcome('failed', isAmplinkError(error) ? error : toAmplinkError(error, `${action.kind} ${action.id}`));
    }
  };

  await new Promise<void>((resolve) => {
    const stopIfCancelled = () => {
      if (!signal?.aborted) return;
      for (const key of ready.splice(0)) {
        const action = byKey.get(key) as PlanAction;
        finish(action, { ...notTried(action), error: { code: 'AMPL_APPLY_E0005', message: cancelled().message } });
        markNotTried(key, action.id);
      }
    };
    const pump = () => {
      stopIfCancelled();
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
        emit(amplinkEvent('AMPL_APPLY_I0001', `${action.kind} ${action.id}`, { action }));
        void execute(action, freeSlot).then((outcome) => {
          if (slotHeld) {
            slotHeld = false;
            running--;
          }
          finish(action, outcome);
          if (outcome.status === 'failed' || outcome.status === 'not-tried') markNotTried(key, action.id);
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
    const onAbort = () => {
      startDrain();
      pump();
    };
    if (signal?.aborted) startDrain();
    signal?.addEventListener('abort', onAbort, { once: true });
    pump();
  });
  if (drainTimer) clearTimeout(drainTimer);

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
