import { z } from 'zod';
import { jsonPath } from '../discover/snapshot.js';
import { readTextFile } from '../discover/text-files.js';
import { AmplinkError } from '../model/errors.js';
import { parseResourceId } from '../model/resource-id.js';
import { CONFIGURATION_ASSOCIATION_NAME, RESOURCE_TYPES } from '../model/resources.js';
import type { Plan, PlanAction } from './types.js';

/** The Plan as README.md ("Plan format") documents it; `plan --out` writes it, `export --plan` and `apply --plan` read it. */
const permissionSchema = z.object({ action: z.string().min(1), scope: z.string().min(1) });

const actionSchema = z.object({
  kind: z.enum(['create', 'update']),
  resourceType: z.string().min(1),
  id: z.string().startsWith('/'),
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

const planSchema = z.object({
  schemaVersion: z.literal(1),
  ampls: z.object({ id: z.string().startsWith('/'), name: z.string().min(1) }),
  actions: z.array(actionSchema),
  findings: z.array(findingSchema),
  summary: z.object({
    status: z.enum(['converged', 'changes', 'waiting', 'blocked']),
    clusters: z.object({ inScope: count, monitored: count, notMonitored: count, needingChanges: count }),
    actions: z.object({ create: count, update: count, total: count }),
    findings: z.object({ error: count, warning: count, info: count }),
    regions: z.array(z.object({ region: z.string(), clusters: count, create: count, update: count })),
  }),
});

const FIX =
  'Write the plan again with `amplink plan --snapshot FILE --ampls ID --out plan.json` (README.md: Plan format).';

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
  const plan = checked.data as Plan;
  const ids = new Set<string>();
  for (const [index, action] of plan.actions.entries()) {
    if (ids.has(action.id.toLowerCase())) {
      throw new AmplinkError({
        code: 'AMPL_PLANFILE_E0003',
        message: `${source}: ${jsonPath(['actions', index, 'id'])}: the id '${action.id}' appears twice.`,
        fix: FIX,
      });
    }
    ids.add(action.id.toLowerCase());
    const problem = unsafeAction(action);
    if (problem !== undefined) {
      throw new AmplinkError({
        code: 'AMPL_PLANFILE_E0004',
        message: `${source}: ${jsonPath(['actions', index])}: ${problem}; amplink applies only the changes its planner makes.`,
        fix: FIX,
      });
    }
  }
  return plan;
}

const DCE = RESOURCE_TYPES.dataCollectionEndpoint;
const ASSOCIATION = RESOURCE_TYPES.dataCollectionRuleAssociation;
const LINK = RESOURCE_TYPES.scopedResource;

/**
 * A plan file is input: hand-edited or stale, it must not make apply write anything the planner would not — no
 * other resource type, no change to an AMPLS's access modes, no overwrite of an existing DCE (issue 3: apply never
 * deletes and never changes access modes or network settings).
 */
function unsafeAction(action: PlanAction): string | undefined {
  let parsed;
  try {
    parsed = parseResourceId(action.id);
  } catch (error) {
    return (error as Error).message.replace(/\.$/, '');
  }
  if (parsed.type.toLowerCase() !== action.resourceType.toLowerCase()) {
    return `the id is a ${parsed.type}, not a ${action.resourceType}`;
  }
  const properties = Object.keys((action.body['properties'] as Record<string, unknown> | undefined) ?? {});
  const only = (allowed: string[]) => properties.every((p) => allowed.includes(p));
  switch (action.resourceType) {
    case DCE:
      return action.kind === 'create' ? undefined : 'a DCE is only ever created, never updated';
    case ASSOCIATION:
      if (parsed.name.toLowerCase() !== CONFIGURATION_ASSOCIATION_NAME.toLowerCase()) {
        return `only the ${CONFIGURATION_ASSOCIATION_NAME} association is written`;
      }
      return only(['dataCollectionEndpointId', 'description'])
        ? undefined
        : 'an association body holds only dataCollectionEndpointId and description';
    case LINK:
      return only(['linkedResourceId']) ? undefined : 'an AMPLS link holds only linkedResourceId';
    default:
      return `${action.resourceType} is not a type amplink writes`;
  }
}

export async function readPlanFile(path: string): Promise<Plan> {
  const text = await readTextFile(
    path,
    'plan file',
    'AMPL_PLANFILE_E0001',
    'Check the path and its permissions; `amplink plan --out FILE` writes a plan.',
  );
  return parsePlan(text, path);
}
