import type { Command } from 'commander';
import { EXIT, type Io } from './exit-codes.js';
import { verifyWithPlan, writeReport } from './report-file.js';
import { addPlanOptions, planOptionsFrom, topologyFromFlags, type PlanFlags } from './plan-command.js';

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
    const options = planOptionsFrom(flags);
    const topology = await topologyFromFlags(flags, io);
    const result = verifyWithPlan(topology, options);
    await writeReport(flags.out, { topology, verify: result }, io);
    setExitCode(EXIT.ok);
  });
}
