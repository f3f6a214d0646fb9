// The emulator's control API, GET|POST /_emulator/*: health, request log, counters, snapshot, timing, agents, faults,
// roles, reset. Loopback clients only; Azure has no such API, so nothing outside tests and the CLI may rely on it.
import { ArmErrors } from '../../arm/arm-errors.js';
import type { ClusterAgentsStatus } from '../../dataplane/agents.js';
import type { BuiltInRole } from '../../fleet/types.js';
import type { JsonObject } from '../../store/store.js';
import type { FaultInjector, FaultOptions } from '../faults.js';
import type { Monitor } from '../monitoring.js';
import type { RoleAssignments } from '../rbac.js';
import type { Timing } from '../timing.js';
import type { Stage } from './context.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export interface ControlApiParts {
  resourceCount: () => number;
  monitor: Monitor;
  timing: Timing;
  faults: FaultInjector;
  roles: RoleAssignments;
  snapshot: () => { value: unknown[] };
  agents: () => ClusterAgentsStatus[];
  tick: () => ClusterAgentsStatus[];
  reset: () => void;
}

export function controlApi(parts: ControlApiParts): Stage {
  return (ctx, next) => {
    if (ctx.route?.plane !== 'control') return next();
    if (!LOOPBACK.has(ctx.req.socket.remoteAddress ?? '')) throw ArmErrors.controlLoopbackOnly();
    return Promise.resolve({ status: 200, body: answer(parts, ctx.method, ctx.url, ctx.raw) });
  };
}

function answer(parts: ControlApiParts, method: string, url: URL, raw: string): unknown {
  const what = url.pathname.replace(/^\/_emulator\//, '').replace(/\/+$/, '');
  const json = (): JsonObject => {
    try {
      return raw === '' ? {} : (JSON.parse(raw) as JsonObject);
    } catch {
      throw ArmErrors.controlBodyNotJson();
    }
  };
  if (method === 'GET' && what === 'health') return { status: 'ok', resources: parts.resourceCount() };
  if (method === 'GET' && what === 'requests') return { value: parts.monitor.requests() };
  if (method === 'GET' && what === 'counters') return parts.monitor.snapshot();
  if (method === 'GET' && what === 'snapshot') return parts.snapshot();
  if (method === 'GET' && what === 'timing') return parts.timing.describe();
  if (method === 'GET' && what === 'agents') return { value: parts.agents() };
  if (method === 'POST' && what === 'agents/tick') return { value: parts.tick() };
  if (method === 'POST' && what === 'reset') {
    parts.reset();
    return { reset: true };
  }
  if (what === 'faults') {
    if (method === 'POST') parts.faults.configure(json() as unknown as FaultOptions);
    return parts.faults.current();
  }
  if (what === 'roles') {
    if (method === 'POST') {
      const body = json() as unknown as {
        principalObjectId?: string;
        roles?: { role: BuiltInRole; scope: string }[];
      };
      if (typeof body.principalObjectId !== 'string' || !Array.isArray(body.roles)) throw ArmErrors.controlRolesBody();
      parts.roles.replaceRoles(body.principalObjectId, body.roles);
    }
    return { value: parts.roles.list() };
  }
  throw ArmErrors.controlNotFound(url.pathname);
}
