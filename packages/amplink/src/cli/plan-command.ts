import { writeTextFile } from '../files/text-files.js';
import { formatPlanJson } from '../report/json.js';
import { formatPlanText } from '../report/plan-text.js';
import { planFleet } from '../workflows/plan-fleet.js';
import { verifyWithPlan } from '../workflows/verify-fleet.js';
import { textOptions } from './color.js';
import { exitCodeFor, type Io } from './exit-codes.js';
import { fleetEvents } from './fleet-events.js';
import { writeReport } from './report-file.js';
import { fleetSourceFrom, planOptionsFrom, type PlanFlags } from './shared-options.js';

export async function runPlan(flags: PlanFlags, io: Io): Promise<number> {
  const options = planOptionsFrom(flags);
  const result = await planFleet({ source: await fleetSourceFrom(flags), plan: options, onEvent: fleetEvents(io) });
  if (flags.out) await writeTextFile(flags.out, formatPlanJson(result.plan), 'the plan');
  if (flags.report) {
    const verify = verifyWithPlan(result.topology, options, result.plan);
    await writeReport(flags.report, { topology: result.topology, verify }, io);
  }
  io.stdout(
    flags.json
      ? formatPlanJson(result.plan)
      : formatPlanText(result.plan, { ...textOptions(io, flags), reasons: flags.reasons !== false }),
  );
  return exitCodeFor(result);
}
