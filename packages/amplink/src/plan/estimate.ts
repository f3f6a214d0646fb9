import { RESOURCE_TYPES } from '../model/resources.js';
import type { ApplyEstimate, PlanAction } from './types.js';

/**
 * An AMPLS scoped-resource write is a long-running operation of about half a minute, and Azure takes the writes to
 * one AMPLS one at a time (DOMAIN.md "Time": terraform-provider-azurerm issue 22236, "Creation complete after 36s").
 */
export const AMPLS_WRITE_SECONDS = 30;

/** ARM's write bucket per subscription and principal: 200 burst, then 10 a second (DOMAIN.md "Limits"). */
export const ARM_WRITE_BUCKET = { burst: 200, perSecond: 10 } as const;

/**
 * `auto` shares ingestion endpoints when the per-cluster plan needs more AMPLS writes than half an hour of them one
 * at a time: 30 min / 30 s = 60 writes (DOMAIN.md "Time"). Below that, per-cluster keeps every rule as Azure CLI made it.
 */
export const AUTO_SHARED_THRESHOLD_WRITES = (30 * 60) / AMPLS_WRITE_SECONDS;

/** Seconds a bucket of `limit` takes to let `writes` through, starting full. */
export function bucketSeconds(writes: number, limit: { burst: number; perSecond: number }): number {
  return Math.max(0, writes - limit.burst) / limit.perSecond;
}

/**
 * Apply's duration in Azure, from the plan's writes (each its type, and an id in the subscription it writes to): the AMPLS writes one after another at AMPLS_WRITE_SECONDS each;
 * every write (AMPLS writes included) through its subscription's write bucket, the subscriptions side by side. The two
 * overlap, so the longer one is the estimate (the reads before each write have a bucket of their own, larger per write,
 * and are left out). Pure.
 */
export function estimateApply(actions: readonly Pick<PlanAction, 'resourceType' | 'id'>[]): ApplyEstimate {
  let amplsWrites = 0;
  const perSubscription = new Map<string, number>();
  for (const action of actions) {
    if (action.resourceType === RESOURCE_TYPES.scopedResource) amplsWrites++;
    // `/subscriptions/<id>/...`: the third segment, found without splitting 200,000 ids.
    const start = action.id.indexOf('/', 1) + 1;
    const end = action.id.indexOf('/', start);
    const subscription = action.id.slice(start, end === -1 ? undefined : end).toLowerCase();
    perSubscription.set(subscription, (perSubscription.get(subscription) ?? 0) + 1);
  }
  let busiest: ApplyEstimate['busiestSubscription'] = null;
  for (const [subscriptionId, writes] of [...perSubscription].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (busiest === null || writes > busiest.writes) {
      busiest = { subscriptionId, writes, seconds: round(bucketSeconds(writes, ARM_WRITE_BUCKET)) };
    }
  }
  const amplsSeconds = amplsWrites * AMPLS_WRITE_SECONDS;
  return {
    seconds: round(Math.max(amplsSeconds, busiest?.seconds ?? 0)),
    amplsWrites,
    amplsWriteSeconds: AMPLS_WRITE_SECONDS,
    amplsSeconds,
    otherWrites: actions.length - amplsWrites,
    writeBucket: { ...ARM_WRITE_BUCKET },
    subscriptions: perSubscription.size,
    busiestSubscription: busiest,
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

/** "about 33 min", "about 7.0 h", "about 2.3 days": a duration at the precision an estimate deserves. */
export function describeDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `about ${(seconds / 3600).toFixed(1)} h`;
  return `about ${(seconds / 86400).toFixed(1)} days`;
}
