// The engine stage: an ARM request, routed and signed in, answered by the ARM engine; a synchronous write waits its
// latency first, and HEAD answers carry no body.
import type { ArmEngine } from '../engine/engine.js';
import { delay, type Stage } from './context.js';

export function runEngine(engine: ArmEngine): Stage {
  return async (ctx, next) => {
    if (ctx.route?.plane !== 'arm') return next();
    const response = engine.handle(
      {
        method: ctx.method,
        path: ctx.url.pathname,
        query: ctx.url.searchParams,
        body: ctx.body,
        actor: ctx.actor,
        ...(typeof ctx.req.headers['if-match'] === 'string' && { ifMatch: ctx.req.headers['if-match'] }),
      },
      ctx.route,
    );
    if (response.latencyMs !== undefined) await delay(response.latencyMs);
    return {
      status: response.status,
      body: ctx.method === 'HEAD' ? undefined : response.body,
      headers: response.headers ?? {},
    };
  };
}
