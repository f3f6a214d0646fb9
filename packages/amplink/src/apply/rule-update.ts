import { armErrorOf } from '../azure/arm-errors.js';
import { AmplinkError } from '../model/errors.js';
import type { PlanAction } from '../plan/types.js';

type Json = Record<string, unknown>;

/** Envelope fields ARM sets itself: not sent back (the etag travels as If-Match). */
const READ_ONLY = new Set(['etag', 'systemData']);

/**
 * The rule as read, with `properties.dataCollectionEndpointId` changed to the plan's and nothing else: a PUT of this
 * keeps every other property of the rule (data sources, destinations, flows, tags, identity).
 */
export function ruleWithEndpoint(current: Json, action: PlanAction): Json {
  const endpoint = (action.body['properties'] as Json)['dataCollectionEndpointId'];
  const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !READ_ONLY.has(key)));
  return {
    ...kept,
    properties: { ...(current['properties'] as Json | undefined), dataCollectionEndpointId: endpoint },
  };
}

/**
 * The etag the write is conditional on: the one the plan saw when it recorded one (a change since the plan is then
 * refused by Azure, 412), else the one just read (a change between the read and the write is refused).
 */
export function ruleEtag(current: Json, action: PlanAction): string | undefined {
  const planned = action.current?.['etag'];
  if (typeof planned === 'string') return planned;
  return typeof current['etag'] === 'string' ? current['etag'] : undefined;
}

export function ruleGone(action: PlanAction): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_APPLY_E0003',
    message: `Data collection rule ${action.id} no longer exists, so it cannot be pointed at its shared DCE (amplink never creates rules).`,
    fix: 'Plan again (amplink plan): a cluster whose rule is gone has monitoring to re-enable first.',
  });
}

/** 412 Precondition Failed: the rule changed after the etag the write was conditional on. */
export function etagRefusal(error: unknown, action: PlanAction): AmplinkError | undefined {
  const arm = armErrorOf(error);
  if (arm?.status !== 412) return undefined;
  return new AmplinkError({
    code: 'AMPL_APPLY_E0007',
    message: `Data collection rule ${action.id} changed since amplink read it for the plan, so Azure refused the write (412 ${arm.code}): nothing was written to it. Azure: ${arm.message}`,
    fix: 'Plan again (amplink plan) to see the rule as it is now, then apply; the other actions are not affected.',
    cause: error,
  });
}
