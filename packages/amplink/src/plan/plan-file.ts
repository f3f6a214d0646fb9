import { z } from 'zod';
import { AmplinkError } from '../model/errors.js';
import { assertNotTooDeep, jsonPath } from '../model/json.js';
import { checkPlanActions, PLAN_FILE_FIX as FIX } from './plan-check.js';
import { estimateApply } from './estimate.js';
import { recountSummary } from './summary.js';
import type { Plan } from './types.js';

/** The Plan as README.md ("Plan format") documents it; `plan --out` writes it, `export --plan` and `apply --plan` read it. */
const permissionSchema = z.object({ action: z.string().min(1), scope: z.string().min(1) });

const actionSchema = z.object({
  kind: z.enum(['create', 'update']),
  resourceType: z.string().min(1),
  id: z.string(),
  apiVersion: z.string().min(1),
  body: z.record(z.string(), z.unknown()),
  rules: z.array(z.number().int()),
  reason: z.string(),
  permissions: z.array(permissionSchema),
  dependsOn: z.array(z.string()),
  region: z.string(),
  current: z.record(z.string(), z.unknown()).optional(),
  clusterCount: z.number().int().nonnegative(),
  clusters: z.array(z.string()),
});

const findingSchema = z.object({
  code: z.string().min(1),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  resources: z.array(z.string()),
  rules: z.array(z.number().int()),
  fix: z.string().optional(),
});

const count = z.number().int().nonnegative();
const mode = z.enum(['per-cluster', 'shared']);

const planSchema = z.object({
  schemaVersion: z.literal(1),
  ampls: z.object({ id: z.string(), name: z.string().min(1) }),
  actions: z.array(actionSchema),
  findings: z.array(findingSchema),
  summary: z.object({
    status: z.enum(['converged', 'changes', 'waiting', 'blocked']),
    clusters: z.object({ inScope: count, monitored: count, notMonitored: count, needingChanges: count }),
    actions: z.object({ create: count, update: count, total: count }),
    findings: z.object({ error: count, warning: count, info: count }),
    regions: z.array(z.object({ region: z.string(), clusters: count, create: count, update: count })),
  }),
  // Information about how the plan was made; the estimate is recomputed from the actions, never read.
  ingestionEndpoints: z
    .object({ requested: z.enum(['per-cluster', 'shared', 'auto']), chosen: mode, reason: z.string() })
    .optional(),
  estimate: z
    .object({
      otherMode: z
        .object({ mode, seconds: z.number().nonnegative(), amplsWrites: count, otherWrites: count })
        .optional(),
    })
    .optional(),
});

/** Parses and checks plan JSON (pure); errors name the JSON path that is wrong. */
export function parsePlan(text: string, source = 'plan'): Plan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AmplinkError({
      code: 'AMPL_PLANFILE_E0002',
      message: `${source} is not valid JSON: ${(cause as Error).message}.`,
      fix: FIX,
      cause,
    });
  }
  assertNotTooDeep(json, source, [], FIX);
  const checked = planSchema.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const path = issue?.path ?? [];
    const problem =
      path.length === 1 && path[0] === 'schemaVersion'
        ? `unsupported schemaVersion ${JSON.stringify((json as Record<string, unknown>)['schemaVersion'])} (this amplink reads 1)`
        : (issue?.message ?? 'invalid');
    throw new AmplinkError({
      code: 'AMPL_PLANFILE_E0003',
      message: `${source}: ${jsonPath(path)}: ${problem}.`,
      fix: FIX,
    });
  }
  const { estimate, ...plan } = checked.data as Plan;
  checkPlanActions(plan, source);
  const otherMode = estimate?.otherMode;
  return {
    ...plan,
    summary: recountSummary(plan.summary, plan.actions, plan.findings),
    estimate: { ...estimateApply(plan.actions), ...(otherMode && { otherMode }) },
  };
}
