import type { ApplyResult } from '../apply/outcome.js';
import { writeTextFile } from '../files/text-files.js';
import type { Topology } from '../model/topology.js';
import { renderReportHtml } from '../report/html/report-page.js';
import type { VerifyResult } from '../verify/types.js';
import type { Io } from './exit-codes.js';

/** Renders and writes the report page (`report --out`, and `--report` on plan, verify and apply). */
export async function writeReport(
  path: string,
  input: { topology: Topology; verify: VerifyResult; apply?: ApplyResult },
  io: Io,
): Promise<void> {
  const html = await renderReportHtml({ ...input, generatedAt: new Date().toISOString() });
  await writeTextFile(path, html, 'the report');
  const { summary } = input.verify;
  io.stderr(
    `report written to ${path}: ${summary.clusters} clusters, ${summary.findings.error} errors, ${input.verify.plan.actions.length} planned actions\n`,
  );
}
