// The emulator's control API, GET|POST /_emulator/*: health, request log, counters, snapshot, timing, agents, faults,
// roles, resets. Loopback clients only; Azure has no such API, so nothing outside tests and the CLI may rely on it.
// A body is checked whole before anything changes: a bad one is a 400 that leaves the emulator as it was.
import { ArmErrors } from '../../arm/arm-errors.js';
import type { ClusterAgentsStatus } from '../../dataplane/agents.js';
import { z } from 'zod';
import type { BuiltInRole } from '../../fleet/types.js';
import type { JsonObject } from '../../store/store.js';
import { parseFaultOptions, type FaultInjector } from '../faults.js';
import type { Monitor } from '../monitoring.js';
import type { RoleAssignments } from '../rbac.js';
import { BUILT_IN_ROLES } from '../role-definitions.js';
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
  /** Clears counters, the request log, throttling buckets and Resource Graph's quota. */
  resetCounters: () => void;
  /** Puts the world back as the fleet made it (and clears the counters); false without a fleet. */
  resetWorld: () => Promise<boolean>;
}

export function controlApi(parts: ControlApiParts): Stage {
  return (ctx, next) => {
    if (ctx.route?.plane !== 'control') return next();
    if (!LOOPBACK.has(ctx.req.socket.remoteAddress ?? '')) throw ArmErrors.controlLoopbackOnly();
    return answer(parts, ctx.method, ctx.url, ctx.raw).then((body) => ({ status: 200, body }));
  };
}

async function answer(parts: ControlApiParts, method: string, url: URL, raw: string): Promise<unknown> {
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
  if (method === 'POST' && what === 'counters/reset') {
    parts.resetCounters();
    return { reset: 'counters' };
  }
  if (method === 'POST' && what === 'reset') {
    if (!(await parts.resetWorld())) throw ArmErrors.controlNoFleet();
    return { reset: 'world', resources: parts.resourceCount() };
  }
  if (what === 'faults') {
    if (method === 'POST') parts.faults.configure(parseFaultOptions(json()));
    return parts.faults.current();
  }
  if (what === 'roles') {
    if (method === 'POST') {
      const result = rolesBody.safeParse(json());
      if (!result.success) {
        const issue = result.error.issues[0];
        throw ArmErrors.controlInvalid('roles', issue?.path.join('.') || '(body)', issue?.message ?? 'invalid');
      }
      parts.roles.replaceRoles(result.data.principalObjectId, result.data.roles);
    }
    return { value: parts.roles.list() };
  }
  throw ArmErrors.controlNotFound(url.pathname);
}

const roleNames = BUILT_IN_ROLES.map((r) => r.roleName) as [BuiltInRole, ...BuiltInRole[]];
const rolesBody = z.strictObject({
  principalObjectId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a GUID'),
  roles: z.array(
    z.strictObject({
      role: z.enum(roleNames),
      scope: z.string().regex(/^\/subscriptions\/[^/]+(\/.*)?$/i, 'an ARM scope (/subscriptions/...)'),
    }),
  ),
});
