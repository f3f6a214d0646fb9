import { nameSome, plural } from '../plan/findings.js';
import type { Arrival } from '../verify/arrival.js';
import type { DemoBefore, DemoResult } from '../workflows/demo.js';
import { formatApplyText } from './apply-text.js';
import { formatArrivalText } from './arrival-text.js';
import { formatPlanText } from './plan-text.js';
import { type TextOptions } from './style.js';
import { formatVerifyText } from './verify-text.js';

/** The fleet as found, what is wrong with it, verify's findings and the plan. */
export function formatDemoBefore(before: DemoBefore, options: TextOptions = {}): string {
  const { plan } = before;
  const withoutDce = plan.actions.filter((a) => a.resourceType.endsWith('dataCollectionRuleAssociations')).length;
  const unlinked = plan.actions.filter((a) => a.resourceType.endsWith('scopedResources')).length;
  return (
    `The fleet at ${before.emulatorUrl}: ${before.clusters} clusters in ${before.regions} regions, ` +
    `AMPLS ${before.ampls.name} (ingestion ${before.ampls.ingestionAccessMode ?? 'unknown'}) with ${before.ampls.linkedResources} linked resources.\n` +
    `What is wrong: ${withoutDce} of ${plan.summary.clusters.monitored} monitored clusters lack a configuration DCE association in their own region, ` +
    `and ${unlinked} resources their data goes through are not in the AMPLS.\n\n` +
    'Verify, before: what the agents in each cluster run into today.\n' +
    formatVerifyText(before.verify, undefined, options) +
    '\n' +
    formatPlanText(plan, { ...options, reasons: false }) +
    '\n'
  );
}

/** The closing claim, as far as it is proven: through the AMPLS only when every cluster's data was seen arriving so. */
function outcome(arrival: Arrival): string {
  if (arrival.allThroughAmpls) return 'every monitored cluster sends through the AMPLS, its data proven to arrive';
  if (arrival.notProven.length > 0) {
    return `but data is not proven to arrive for ${arrival.notProven.length} of ${plural(arrival.monitored, 'monitored cluster')} (above)`;
  }
  const publicOnes = arrival.clusters.filter(
    (c) => c.route !== 'private' && (c.metrics.status !== 'off' || c.logs.status !== 'off'),
  );
  return `data proven to arrive for every monitored cluster, but ${nameSome(publicOnes.map((c) => c.name))} ${publicOnes.length === 1 ? 'sends' : 'send'} over the public internet, not through the AMPLS`;
}

/** What apply did, verify after with the live queries, whether data arrives, and the closing lines. */
export function formatDemoAfter(result: DemoResult, options: TextOptions = {}): string {
  const { before, applied, after, arrival } = result;
  const seconds = (result.durationMs / 1000).toFixed(1);
  return (
    formatApplyText(applied, options) +
    '\nVerify, after, with live PromQL and KQL queries against the workspaces:\n' +
    formatVerifyText(result.verifyAfter, result.live, options) +
    '\n' +
    formatArrivalText(arrival, options) +
    `\nPlanned again: ${after.summary.status === 'converged' ? `nothing to change — ${outcome(arrival)}` : `${after.actions.length} changes left`}.\n` +
    `Done in ${seconds} s: ${applied.summary.done} changes (${before.plan.summary.actions.create} created, ${before.plan.summary.actions.update} updated) ` +
    `for ${plural(before.plan.summary.clusters.needingChanges, 'cluster')}; nothing deleted.\n` +
    `Against real Azure: amplink verify --ampls <id>, amplink plan --ampls <id>, then amplink apply.\n`
  );
}
