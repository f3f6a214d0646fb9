import { sleep } from '../azure/arm-connection.js';

export interface BucketLimit {
  burst: number;
  perSecond: number;
}

/**
 * A client-side token bucket per subscription for apply's writes, the size of ARM's own (DOMAIN.md "Limits": 200
 * burst, 10 a second per subscription and principal), so that apply paces itself instead of running into a storm of
 * 429s that the retries then spread out anyway. Subscriptions have buckets of their own and run side by side.
 */
export class WriteBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number; queue: Promise<void> }>();

  constructor(private readonly limit: BucketLimit) {}

  /** Waits until the subscription's bucket has a token, then takes it; callers are served in the order they asked. */
  take(subscriptionId: string, signal?: AbortSignal): Promise<void> {
    const key = subscriptionId.toLowerCase();
    const bucket = this.buckets.get(key) ?? {
      tokens: this.limit.burst,
      at: performance.now(),
      queue: Promise.resolve(),
    };
    this.buckets.set(key, bucket);
    const turn = bucket.queue.then(async () => {
      for (;;) {
        const now = performance.now();
        bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
        bucket.at = now;
        if (bucket.tokens >= 1) {
          bucket.tokens -= 1;
          return;
        }
        await sleep(((1 - bucket.tokens) / this.limit.perSecond) * 1000, signal);
      }
    });
    // One waiter's stop does not stop those behind it.
    bucket.queue = turn.catch(() => undefined);
    return turn;
  }
}
