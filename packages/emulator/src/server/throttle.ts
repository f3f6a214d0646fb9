// ARM throttling: token buckets per subscription and principal, separately for reads, writes and deletes
// (DOMAIN.md: reads 250 burst + 25/s, writes 200 + 10/s, deletes 200 + 10/s).
import { ArmErrors } from '../arm/arm-errors.js';
import type { Timing } from './timing.js';

export interface BucketLimit {
  burst: number;
  perSecond: number;
}

export interface ThrottlingOptions {
  reads?: BucketLimit;
  writes?: BucketLimit;
  deletes?: BucketLimit;
}

export type RequestKind = 'reads' | 'writes' | 'deletes';

export const ARM_LIMITS: Required<ThrottlingOptions> = {
  reads: { burst: 250, perSecond: 25 },
  writes: { burst: 200, perSecond: 10 },
  deletes: { burst: 200, perSecond: 10 },
};

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class Throttler {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limits: Required<ThrottlingOptions>;

  /** With a timing, buckets refill in its scaled time and Retry-After is scaled (a bucket is time too). */
  /** With `refuse` false, buckets are counted (for the remaining-count headers) but an empty one refuses nothing. */
  constructor(
    options: ThrottlingOptions,
    private readonly timing?: Timing,
    private readonly refuse = true,
  ) {
    this.limits = { ...ARM_LIMITS, ...options };
  }

  /** Takes a token; throws 429 with Retry-After when the bucket is empty. Returns the remaining count for the header. */
  take(subscriptionId: string, principal: string, kind: RequestKind, now = Date.now()): number {
    const limit = this.limits[kind];
    const key = `${subscriptionId.toLowerCase()}|${principal}|${kind}`;
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, updatedAt: now };
    const elapsedSeconds = (now - bucket.updatedAt) / 1000 / (this.timing?.timeScale ?? 1);
    bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsedSeconds * limit.perSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1 && !this.refuse) {
      bucket.tokens = 0;
      return 0;
    }
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
      const verb = kind === 'reads' ? 'read' : kind === 'writes' ? 'write' : 'delete';
      throw ArmErrors.subscriptionThrottled(verb, subscriptionId, principal, retryAfter, {
        'Retry-After': this.timing?.retryAfter(retryAfter) ?? String(retryAfter),
        [`x-ms-ratelimit-remaining-subscription-${kind}`]: '0',
      });
    }
    bucket.tokens -= 1;
    return Math.floor(bucket.tokens);
  }

  reset(): void {
    this.buckets.clear();
  }
}
