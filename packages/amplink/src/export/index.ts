import { AmplinkError, shownInput } from '../model/errors.js';
import type { Plan } from '../plan/types.js';
import { exportArm } from './arm.js';
import { exportAz } from './az.js';
import { exportBicepFiles } from './bicep.js';
import { exportPowerShell } from './powershell.js';
import { exportTerraform } from './terraform.js';
import type { ExportFile } from './types.js';

export type { ExportFile } from './types.js';

export const EXPORT_FORMATS = ['az', 'powershell', 'bicep', 'terraform', 'arm'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file name a single-file format is written to when --out names a folder, and the name in golden tests. */
export const EXPORT_FILE_NAMES: Record<ExportFormat, string> = {
  az: 'amplink.sh',
  powershell: 'amplink.ps1',
  bicep: 'main.bicep',
  terraform: 'main.tf',
  arm: 'template.json',
};

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

export function assertExportFormat(value: string): ExportFormat {
  if (isExportFormat(value)) return value;
  throw new AmplinkError({
    code: 'AMPL_EXPORT_E0001',
    message: `Unknown export format '${shownInput(value)}'; the formats are ${EXPORT_FORMATS.join(', ')}.`,
    fix: `Give --format ${EXPORT_FORMATS.join('|')}.`,
  });
}

/** The files of an export (pure, byte-stable): one for every format but Bicep, which has main.bicep and modules. */
export function exportPlanFiles(plan: Plan, format: ExportFormat): ExportFile[] {
  switch (format) {
    case 'az':
      return [{ name: EXPORT_FILE_NAMES.az, content: exportAz(plan) }];
    case 'powershell':
      return [{ name: EXPORT_FILE_NAMES.powershell, content: exportPowerShell(plan) }];
    case 'bicep':
      return exportBicepFiles(plan);
    case 'terraform':
      return [{ name: EXPORT_FILE_NAMES.terraform, content: exportTerraform(plan) }];
    case 'arm':
      return [{ name: EXPORT_FILE_NAMES.arm, content: exportArm(plan) }];
  }
}

/** The export as one text: a multi-file export has each file after a `// file: <name>` line. */
export function exportPlan(plan: Plan, format: string): string {
  const files = exportPlanFiles(plan, assertExportFormat(format));
  if (files.length === 1) return (files[0] as ExportFile).content;
  return files.map((file) => `// file: ${file.name}\n${file.content}`).join('\n');
}
