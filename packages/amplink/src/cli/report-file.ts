import type { ApplyResult } from '../apply/outcome.js';
import { writeTextFile } from '../files/text-files.js';
import type { Topology } from '../model/topology.js';
import type { PlanOptions } from '../plan/options.js';
import { renderReportHtml } from '../report/html/report-page.js';
import { planKeepingDataFlowing } from '../verify/preflight.js';
import type { VerifyResult } from '../verify/types.js';
import { verify } from '../verify/verify.js';
import type { Io } from './exit-codes.js';

/** verify with the plan `amplink plan` would make, so the page's findings point at the same actions. */
export function verifyWithPlan(topology: Topology, options: PlanOptions): VerifyResult {
  return verify(topology, {
    amplsId: options.amplsId,
    ...(options.clusters && { clusters: options.clusters }),
    ...(options.limits && { limits: options.limits }),
    ...(options.newEndpoints && { newEndpoints: options.newEndpoints }),
    plan: planKeepingDataFlowing(topology, options),
  });
}

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
