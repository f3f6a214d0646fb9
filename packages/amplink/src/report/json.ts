import type { ApplyFleetResult } from '../workflows/apply-fleet.js';
import type { DemoResult } from '../workflows/demo.js';
import type { PermissionsResult } from '../workflows/plan-fleet.js';
import type { VerifyFleetResult } from '../workflows/verify-fleet.js';
import type { Plan } from '../plan/types.js';

/** Each command's --json output: one JSON document on stdout, two-space indented, ending with a newline. */
function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** The Plan as README.md ("Plan format") documents it: `plan --json`, and the file `plan --out` writes. */
export function formatPlanJson(plan: Plan): string {
  return json(plan);
}

export function formatPermissionsJson(result: PermissionsResult): string {
  return json(result.scopes);
}

/** The verify result, with the live probes' when there are some. */
export function verifyJson(result: VerifyFleetResult): object {
  return {
    ...result.verify,
    ...(result.live !== undefined && { live: result.live }),
    ...(result.sinceLast !== undefined && { sinceLast: result.sinceLast }),
  };
}

export function formatVerifyJson(result: VerifyFleetResult): string {
  return json(verifyJson(result));
}

/** The plan's summary and what each write did; nothing tried: no outcomes and a null summary. */
export function applyJson(result: ApplyFleetResult): object {
  return { plan: result.plan.summary, ...(result.applied ?? { outcomes: [], summary: null }) };
}

export function formatApplyJson(result: ApplyFleetResult): string {
  return json(applyJson(result));
}

export function demoJson(result: DemoResult): object {
  return {
    verifyBefore: result.before.verify,
    plan: result.before.plan,
    apply: result.applied,
    after: result.after.summary,
    verifyAfter: result.verifyAfter,
    live: result.live,
    arrival: result.arrival,
  };
}
