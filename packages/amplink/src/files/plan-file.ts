import { parsePlan } from '../plan/plan-file.js';
import type { Plan } from '../plan/types.js';
import { readTextFile } from './text-files.js';

/** A plan saved with `plan --out`, read and checked (`apply --plan`, `export --plan`). */
export async function readPlanFile(path: string): Promise<Plan> {
  const text = await readTextFile(
    path,
    'plan file',
    'AMPL_PLANFILE_E0001',
    'Check the path and its permissions; `amplink plan --out FILE` writes a plan.',
  );
  return parsePlan(text, path);
}
