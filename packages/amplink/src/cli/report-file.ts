import { writeTextFile } from '../files/text-files.js';
import { renderReportHtml, type ReportInput } from '../report/html/report-page.js';
import type { Io } from './exit-codes.js';

/** Renders and writes the report page (`report --out`, and `--report` on plan, verify and apply). */
export async function writeReport(path: string, input: Omit<ReportInput, 'generatedAt'>, io: Io): Promise<void> {
  const html = await renderReportHtml({ ...input, generatedAt: new Date().toISOString() });
  await writeTextFile(path, html, 'the report');
  const { summary } = input.verify;
  io.stderr(
    `report written to ${path}: ${summary.clusters} clusters, ${summary.findings.error} errors, ${input.verify.plan.actions.length} planned actions\n`,
  );
}
