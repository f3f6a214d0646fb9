import { chmod, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { describeFileError, makeFolder } from '../files/text-files.js';
import type { Command } from 'commander';
import { EXPORT_FILE_NAMES, EXPORT_FORMATS, assertExportFormat, exportPlan, exportPlanFiles } from '../export/index.js';
import type { ExportFile, ExportFormat } from '../export/index.js';
import { AmplinkError, isAmplinkError } from '../model/errors.js';
import { readPlanFile } from '../files/plan-file.js';
import type { Plan } from '../plan/types.js';
import { planFleet } from '../workflows/plan-fleet.js';
import { exportPolicyFiles } from '../export/policy.js';
import { EXIT, type Io } from './exit-codes.js';
import { fleetEvents } from './fleet-events.js';
import { addPlanOptions, fleetSourceFrom, namesAmpls, planOptionsFrom, type PlanFlags } from './shared-options.js';

export interface ExportFlags extends Omit<PlanFlags, 'ampls'> {
  ampls?: string;
  format: string;
  plan?: string;
}

async function planFrom(flags: ExportFlags, io: Io): Promise<Plan> {
  if (flags.plan !== undefined) {
    if (flags.snapshot !== undefined) {
      throw new AmplinkError({
        code: 'AMPL_EXPORT_E0004',
        message: 'Give either --plan FILE or --snapshot FILE, not both.',
        fix: 'Export a saved plan with --plan, or plan afresh with --snapshot FILE --ampls ID.',
      });
    }
    return readPlanFile(flags.plan);
  }
  if (!namesAmpls(flags)) {
    throw new AmplinkError({
      code: 'AMPL_EXPORT_E0003',
      message: 'No AMPLS: give --ampls ID (or --plan FILE to export a saved plan).',
      fix: 'amplink export --format az --snapshot FILE --ampls /subscriptions/.../privateLinkScopes/NAME',
    });
  }
  const options = planOptionsFrom(flags);
  // The same plan `amplink plan` shows: a new DCE keeps public access where a cluster has no private path yet.
  return (await planFleet({ source: await fleetSourceFrom(flags), plan: options, onEvent: fleetEvents(io) })).plan;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

const UNWRITABLE = {
  code: 'AMPL_EXPORT_E0005',
  fix: 'Name a path in a folder that exists and that you may write to (for --format bicep, --out names a folder).',
} as const;

/**
 * Bicep (several files) goes into the folder --out names; other formats into the file, or a folder's default name.
 * Only that one folder is made, never its parents: a mistyped path is an error, not a new tree.
 */
async function writeFiles(out: string, format: ExportFormat, files: ExportFile[]): Promise<string[]> {
  const written: string[] = [];
  let path = out;
  try {
    const folder = format === 'bicep' || (await isDirectory(out));
    if (format === 'bicep') await makeFolder(out, UNWRITABLE);
    for (const file of files) {
      path = folder ? join(out, format === 'bicep' ? file.name : EXPORT_FILE_NAMES[format]) : out;
      await makeFoldersBetween(out, dirname(path));
      await writeFile(path, file.content);
      if (format === 'az') await chmod(path, 0o755);
      written.push(path);
    }
  } catch (cause) {
    if (isAmplinkError(cause)) throw cause;
    throw new AmplinkError({
      ...UNWRITABLE,
      message: `Cannot write the export to '${path}': ${describeFileError(cause, path)}.`,
      cause,
    });
  }
  return written;
}

/** The folders of an export's own layout (bicep's modules/) under --out, one level at a time. */
async function makeFoldersBetween(root: string, folder: string): Promise<void> {
  const inside = relative(root, folder);
  if (inside === '' || inside.startsWith('..')) return;
  let current = root;
  for (const part of inside.split(sep)) {
    current = join(current, part);
    await makeFolder(current, UNWRITABLE);
  }
}

/** `--format policy`: Azure Policy that keeps the fleet as the plan leaves it; it needs the fleet, not only a plan. */
async function runPolicyExport(flags: ExportFlags, io: Io): Promise<number> {
  if (flags.plan !== undefined || flags.ampls === undefined) {
    throw new AmplinkError({
      code: 'AMPL_EXPORT_E0008',
      message: '--format policy reads the fleet: it takes --ampls ID (and --snapshot FILE or Azure), not --plan FILE.',
      fix: 'amplink export --format policy --ampls /subscriptions/.../privateLinkScopes/NAME --out policy/',
    });
  }
  const options = planOptionsFrom({ ...flags, ampls: flags.ampls });
  const { topology, plan } = await planFleet({
    source: await fleetSourceFrom(flags),
    plan: options,
    onEvent: fleetEvents(io),
  });
  const files = exportPolicyFiles({ topology, plan, amplsId: options.amplsId });
  if (flags.out === undefined) {
    io.stdout(files.map((file) => `// file: ${file.name}\n${file.content}`).join('\n'));
    return EXIT.ok;
  }
  await makeFolder(flags.out, UNWRITABLE);
  const written: string[] = [];
  for (const file of files) {
    const path = join(flags.out, file.name);
    try {
      await writeFile(path, file.content);
      if (file.name.endsWith('.sh')) await chmod(path, 0o755);
    } catch (cause) {
      throw new AmplinkError({
        ...UNWRITABLE,
        message: `Cannot write the export to '${path}': ${describeFileError(cause, path)}.`,
        cause,
      });
    }
    written.push(path);
  }
  io.stderr(`amplink: policy exported to ${written.join(', ')}\n`);
  return EXIT.ok;
}

export async function runExport(flags: ExportFlags, io: Io): Promise<number> {
  if (flags.format === 'policy') return runPolicyExport(flags, io);
  const format = assertExportFormat(flags.format);
  const result = await planFrom(flags, io);
  if (result.summary.status === 'blocked') {
    const errors = result.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    throw new AmplinkError({
      code: 'AMPL_EXPORT_E0006',
      message: `The plan is blocked (${errors.join(', ')}): exporting it would deploy half a change.`,
      fix: 'Run amplink plan to see the error findings and fix them first.',
    });
  }
  if (flags.out !== undefined) {
    const written = await writeFiles(flags.out, format, exportPlanFiles(result, format));
    io.stderr(
      `amplink: ${result.actions.length} action(s) exported as ${format} to ${written.join(', ')}${result.actions.length === 0 ? ' (nothing to change)' : ''}\n`,
    );
  } else {
    io.stdout(exportPlan(result, format));
  }
  return EXIT.ok;
}

export function registerExportCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = addPlanOptions(
    program
      .command('export')
      .description(
        'Write the plan as code to review and run in your own pipeline: an az CLI script, PowerShell, Bicep, Terraform or an ARM template (changes nothing). Exit 0.',
      )
      .requiredOption(
        '--format <format>',
        `one of ${EXPORT_FORMATS.join(', ')}, or policy (Azure Policy that keeps new clusters so; --out names a folder)`,
      )
      .option('--plan <file>', 'export a plan saved with amplink plan --out (instead of planning)')
      .option('--snapshot <file>', 'plan against a snapshot file (JSON array, ARM list or az graph query output)')
      .option('--out <path>', 'write to this file (a folder for bicep) instead of stdout'),
    // --ampls is needed to plan, not to export a saved plan: runExport checks it.
    { amplsRequired: false },
  );
  command.action(async (flags: ExportFlags) => {
    setExitCode(await runExport(flags, io));
  });
}
