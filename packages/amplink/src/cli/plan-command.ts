import { writeTextFile } from '../files/text-files.js';
import { jsonChunks } from '../report/json-chunks.js';
import { formatPlanText } from '../report/plan-text.js';
import { planFleet } from '../workflows/plan-fleet.js';
import { textOptions } from './color.js';
import { exitCodeFor, type Io } from './exit-codes.js';
import { fleetEvents } from './fleet-events.js';
import { writeJson } from './json-output.js';
import { fleetSourceFrom, planOptionsFrom, type PlanFlags } from './shared-options.js';

export async function runPlan(flags: PlanFlags, io: Io): Promise<number> {
  const options = planOptionsFrom(flags);
  const result = await planFleet({ source: await fleetSourceFrom(flags), plan: options, onEvent: fleetEvents(io) });
  // In pieces: the JSON of a fleet of 100,000 clusters is too large to make into one string and copy at once.
  if (flags.out) await writeTextFile(flags.out, jsonChunks(result.plan), 'the plan');
  if (flags.report) {
    // The page brings elkjs and verify: loaded only when asked for.
    const [{ verifyWithPlan }, { writeReport }] = await Promise.all([
      import('../workflows/verify-fleet.js'),
      import('./report-file.js'),
    ]);
    const verify = verifyWithPlan(result.topology, options, result.plan);
    await writeReport(flags.report, { topology: result.topology, verify }, io);
  }
  if (flags.json) await writeJson(io, result.plan);
  else io.stdout(formatPlanText(result.plan, { ...textOptions(io, flags), reasons: flags.reasons !== false }));
  return exitCodeFor(result);
}
