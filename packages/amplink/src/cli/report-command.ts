import type { Command } from 'commander';
import { verifyFleet } from '../workflows/verify-fleet.js';
import { EXIT, type Io } from './exit-codes.js';
import { fleetEvents } from './fleet-events.js';
import { writeReport } from './report-file.js';
import { addPlanOptions, fleetSourceFrom, planOptionsFrom, type PlanFlags } from './shared-options.js';

interface ReportFlags extends PlanFlags {
  out: string;
}

export function registerReportCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addPlanOptions(
    program
      .command('report')
      .description(
        'Write one self-contained HTML page: the summary, a drawing of the topology, and sortable tables of clusters, findings and planned actions (changes nothing). Exit 0: written, 1: error.',
      )
      .requiredOption('--out <file>', 'the HTML file to write (its folder must exist)')
      .option('--snapshot <file>', 'report on a snapshot file instead of discovering'),
  ).action(async (flags: ReportFlags) => {
    const plan = planOptionsFrom(flags);
    const result = await verifyFleet({ source: await fleetSourceFrom(flags), plan, onEvent: fleetEvents(io) });
    await writeReport(flags.out, { topology: result.topology, verify: result.verify }, io);
    setExitCode(EXIT.ok);
  });
}
