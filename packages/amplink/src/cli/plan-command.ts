import { writeTextFile } from '../files/text-files.js';
import type { Command } from 'commander';
import { connectionFromFlags } from '../azure/credential.js';
import { discover, listLocations, type DiscoverEvent } from '../discover/discover.js';
import { readSnapshotFile } from '../discover/snapshot.js';
import { Topology } from '../model/topology.js';
import type { AmplsLimits, PlanOptions } from '../plan/options.js';
import { planKeepingDataFlowing } from '../verify/preflight.js';
import type { Plan } from '../plan/types.js';
import { formatPlanText } from '../report/plan-text.js';
import { EXIT, type Io } from './exit-codes.js';
import { verifyWithPlan, writeReport } from './report-file.js';
import { collect, keyValues, oneOf, boundedInteger } from './option-parsers.js';

export interface PlanFlags {
  ampls: string;
  snapshot?: string;
  json?: boolean;
  out?: string;
  report?: string;
  reasons?: boolean;
  clusterSubscription?: string[];
  clusterResourceGroup?: string[];
  clusterName?: string[];
  clusterTag?: string[];
  clusterRegion?: string[];
  dceResourceGroup?: string;
  dceNamePattern?: string;
  dceTag?: string[];
  dcePublicNetworkAccess?: string;
  maxLogAnalyticsWorkspaces?: string;
  maxScopesPerResource?: string;
  subscription?: string[];
  armEndpoint?: string;
}

/** Where discovery reads: the subscriptions and the ARM endpoint (discover, and every command that plans). */
export function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '--subscription <id-or-name>',
      'discover this subscription, by id or name (repeatable; default: every one the credential sees)',
      collect,
    )
    .option(
      '--arm-endpoint <url>',
      'Azure Resource Manager endpoint (default: AMPLINK_ARM_ENDPOINT or the public cloud)',
    );
}

/** The options every command that plans shares (plan, apply, export, permissions). */
export function addPlanOptions(command: Command, { amplsRequired = true }: { amplsRequired?: boolean } = {}): Command {
  const amplsHelp = 'resource id of the Azure Monitor Private Link Scope';
  return addConnectionOptions(
    amplsRequired ? command.requiredOption('--ampls <id>', amplsHelp) : command.option('--ampls <id>', amplsHelp),
  )
    .option('--cluster-subscription <id>', 'only clusters in this subscription (repeatable)', collect)
    .option('--cluster-resource-group <name-or-id>', 'only clusters in this resource group (repeatable)', collect)
    .option('--cluster-name <name>', 'only clusters of this name; * matches anything (repeatable)', collect)
    .option('--cluster-tag <key=value>', 'only clusters with this tag (repeatable)', collect)
    .option(
      '--cluster-region <region>',
      'only clusters in this region (repeatable); checked against the regions Azure lists for the subscription',
      collect,
    )
    .option('--dce-resource-group <id>', 'resource group id for new DCEs (default: the AMPLS group)')
    .option('--dce-name-pattern <pattern>', 'name of new DCEs; {region} is the region', 'amplink-config-{region}')
    .option('--dce-tag <key=value>', 'tag for new DCEs, besides managed-by=amplink (repeatable)', collect)
    .option(
      '--dce-public-network-access <mode>',
      'Enabled or Disabled for new DCEs (default Disabled, except where a cluster without a private path needs it)',
    )
    .option('--max-log-analytics-workspaces <n>', 'AMPLS limit of linked Log Analytics workspaces', '3000')
    .option('--max-scopes-per-resource <n>', 'how many AMPLS one resource may join', '100');
}

export function planOptionsFrom(flags: PlanFlags): PlanOptions {
  const limits: Partial<AmplsLimits> = {};
  if (flags.maxLogAnalyticsWorkspaces) {
    limits.logAnalyticsWorkspacesPerScope = boundedInteger(
      flags.maxLogAnalyticsWorkspaces,
      '--max-log-analytics-workspaces',
    );
  }
  if (flags.maxScopesPerResource) {
    limits.scopesPerResource = boundedInteger(flags.maxScopesPerResource, '--max-scopes-per-resource');
  }
  const tags = keyValues(flags.clusterTag, '--cluster-tag');
  const dceTags = keyValues(flags.dceTag, '--dce-tag');
  const access = oneOf(flags.dcePublicNetworkAccess, ['Disabled', 'Enabled'] as const, '--dce-public-network-access');
  return {
    amplsId: flags.ampls,
    clusters: {
      ...(flags.clusterSubscription && { subscriptions: flags.clusterSubscription }),
      ...(flags.clusterResourceGroup && { resourceGroups: flags.clusterResourceGroup }),
      ...(flags.clusterName && { names: flags.clusterName }),
      ...(flags.clusterRegion && { regions: flags.clusterRegion }),
      ...(tags && { tags }),
    },
    newEndpoints: {
      ...(flags.dceResourceGroup && { resourceGroupId: flags.dceResourceGroup }),
      ...(flags.dceNamePattern && { namePattern: flags.dceNamePattern }),
      ...(dceTags && { tags: dceTags }),
      ...(access && { publicNetworkAccess: access }),
    },
    limits,
  };
}

/** The world to plan against: a snapshot file, or Azure itself (DefaultAzureCredential) when none is given. */
export async function topologyFromFlags(
  flags: {
    snapshot?: string;
    subscription?: string[];
    armEndpoint?: string;
    ampls?: string;
    clusterSubscription?: string[];
    clusterRegion?: string[];
  },
  io?: Io,
): Promise<Topology> {
  if (flags.snapshot !== undefined) return new Topology(await readSnapshotFile(flags.snapshot));
  const connection = connectionFromFlags(flags, process.env);
  const progress = io ? discoveryProgress(io) : undefined;
  const resources = await discover(connection, {
    ...(flags.subscription ? { subscriptions: flags.subscription } : {}),
    ...(progress ? { onEvent: progress } : {}),
  });
  io?.stderr(`discovered ${resources.length} resources at ${connection.endpoint}\n`);
  // Regions the user typed are checked against Azure's own list, read only when there are some.
  const regionSubscriptions = flags.clusterRegion?.length ? typedRegionSubscriptions(flags) : [];
  if (regionSubscriptions.length === 0) return new Topology(resources);
  return new Topology(resources, { azureRegions: await listLocations(connection, regionSubscriptions) });
}

/** Where typed regions must exist: the clusters' subscriptions when named, else the AMPLS's, else the discovered ones. */
function typedRegionSubscriptions(flags: { ampls?: string; clusterSubscription?: string[]; subscription?: string[] }) {
  if (flags.clusterSubscription?.length) return flags.clusterSubscription;
  const ampls = flags.ampls === undefined ? undefined : /^\/subscriptions\/([^/]+)/i.exec(flags.ampls)?.[1];
  return ampls !== undefined ? [ampls] : (flags.subscription ?? []);
}

/** One line per phase; on a terminal the line is rewritten as the counts move. */
export function discoveryProgress(io: Io): (event: DiscoverEvent) => void {
  const tty = process.stderr.isTTY === true;
  let lastPhase = '';
  return ({ message, data: { phase, done, total } }) => {
    if (tty) io.stderr(`\r${message}   ${done === total ? '\n' : ''}`);
    else if (phase !== lastPhase && done === total) io.stderr(`${message}\n`);
    if (done === total) lastPhase = phase;
  };
}

export function formatPlanJson(result: Plan): string {
  return JSON.stringify(result, null, 2) + '\n';
}

export async function runPlan(flags: PlanFlags, io: Io): Promise<number> {
  const options = planOptionsFrom(flags);
  const topology = await topologyFromFlags(flags, io);
  const result = planKeepingDataFlowing(topology, options);
  if (flags.out) await writeTextFile(flags.out, formatPlanJson(result), 'the plan');
  if (flags.report) await writeReport(flags.report, { topology, verify: verifyWithPlan(topology, options) }, io);
  io.stdout(flags.json ? formatPlanJson(result) : formatPlanText(result, { reasons: flags.reasons !== false }));
  if (result.summary.status === 'blocked') return EXIT.error;
  // A plan waiting for Azure (a link still Creating) has not converged: like changes, it asks to run again.
  return result.summary.status === 'converged' ? EXIT.ok : EXIT.changes;
}
