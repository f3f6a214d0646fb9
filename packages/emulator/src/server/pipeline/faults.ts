// Injected faults (status codes, dropped connections, latency) for ARM requests, before sign-in as a failing front
// door would answer.
import { ArmErrors } from '../../arm/arm-errors.js';
import type { FaultInjector } from '../faults.js';
import type { Monitor } from '../monitoring.js';
import { delay, type Stage } from './context.js';

export function injectFaults(faults: FaultInjector, monitor: Monitor): Stage {
  return async (ctx, next) => {
    const fault = faults.decide(ctx.method, ctx.url.pathname);
    if (fault.kind === 'none') return next();
    monitor.fault();
    if (fault.latencyMs > 0) await delay(fault.latencyMs);
    if (fault.kind === 'reset') return { reset: true };
    if (fault.kind === 'status') {
      const headers: Record<string, string> =
        fault.status === 429 || fault.retryAfterSeconds !== undefined
          ? { 'Retry-After': String(fault.retryAfterSeconds ?? 1) }
          : {};
      return { status: fault.status, body: ArmErrors.injectedFault(fault.status, headers).toArmBody(), headers };
    }
    return next();
  };
}
