// ARM's subscription throttling: one token per request from the caller's bucket for its kind; the answer carries
// the remaining count. Routes with their own quota (Resource Graph) pass untouched.
import { EmulatorError } from '../../arm/errors.js';
import { scopeOf } from '../../arm/ids.js';
import type { RequestKind, Throttler } from '../throttle.js';
import type { Stage } from './context.js';

export function throttle(throttler: Throttler | undefined): Stage {
  return async (ctx, next) => {
    if (throttler === undefined || ctx.route?.plane !== 'arm' || !ctx.route.throttled || ctx.actor === undefined)
      return next();
    const method = ctx.method;
    const kind: RequestKind =
      method === 'GET' || method === 'HEAD' ? 'reads' : method === 'DELETE' ? 'deletes' : 'writes';
    const subscriptionId = scopeOf(ctx.url.pathname)?.subscriptionId ?? 'tenant';
    const remaining = {
      [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(
        throttler.take(subscriptionId, ctx.actor.objectId, kind),
      ),
    };
    let answer;
    try {
      answer = await next();
    } catch (error) {
      // ARM's error answers carry the remaining count too (recordings of 4xx answers show it).
      if (error instanceof EmulatorError) throw error.withHeaders({ ...remaining, ...error.headers });
      throw error;
    }
    if ('reset' in answer) return answer;
    return { ...answer, headers: { ...remaining, ...(answer.headers ?? {}) } };
  };
}
