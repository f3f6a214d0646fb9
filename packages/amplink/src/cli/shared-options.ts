import type { Command } from 'commander';
import type { ArmConnection } from '../azure/arm-connection.js';
import { DISCOVERY_MODES } from '../discover/discovery-mode.js';
import { readSnapshotFile } from '../discover/snapshot.js';
import { AmplinkError, SHOWN_ID_LENGTH, shownInput } from '../model/errors.js';
import { parseResourceIdStrict } from '../model/resource-id.js';
import { parseSiteNetworkFlag } from '../model/site-networks.js';
import { INGESTION_ENDPOINT_MODES, type AmplsLimits, type PlanOptions } from '../plan/options.js';
import { ACCESS_MODES } from '../plan/prerequisite-actions.js';
import type { FleetSource } from '../workflows/fleet.js';
import { collect, keyValues, oneOf, boundedInteger } from './option-parsers.js';

export interface PlanFlags {
  ampls?: string;
  createAmpls?: string;
  amplsResourceGroup?: string;
  ingestionAccessMode?: string;
  queryAccessMode?: string;
  privateEndpoint?: string[];
  linkVnet?: string[];
  queryPrivateEndpoint?: string[];
  snapshot?: string;
  json?: boolean;
  out?: string;
  report?: string;
  reasons?: boolean;
  detail?: boolean;
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
  ingestionEndpoints?: string;
  siteNetwork?: string[];
  remoteWrite?: string;
  workspace?: string;
  firewallRules?: boolean;
  subscription?: string[];
  armEndpoint?: string;
  discovery?: string;
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
    )
    .option(
      '--discovery <how>',
      'auto: Azure Resource Graph, or ARM listing where Graph is refused; graph: Resource Graph only; arm: ARM listing',
      'auto',
    );
}

/** The options every command that plans shares (plan, apply, export, permissions). */
export function addPlanOptions(command: Command, { amplsRequired = true }: { amplsRequired?: boolean } = {}): Command {
  const amplsHelp = `resource id of the Azure Monitor Private Link Scope${amplsRequired ? ' (or --create-ampls)' : ''}`;
  return addConnectionOptions(command.option('--ampls <id>', amplsHelp))
    .option('--create-ampls <name>', 'plan an AMPLS of this name in --ampls-resource-group when it does not exist')
    .option('--ampls-resource-group <id>', 'resource group id for --create-ampls')
    .option(
      '--ingestion-access-mode <mode>',
      'Open (default, until every cluster is in) or PrivateOnly, for --create-ampls',
    )
    .option('--query-access-mode <mode>', 'Open (default) or PrivateOnly, for --create-ampls')
    .option(
      '--private-endpoint <subnet-id>',
      'plan a private endpoint to the AMPLS in this subnet, with its DNS zones, zone group and VNet link (repeatable)',
      collect,
    )
    .option('--link-vnet <vnet-id>', "also link the AMPLS's DNS zones to this (peered) VNet (repeatable)", collect)
    .option(
      '--query-private-endpoint <subnet-id>',
      "plan the Azure Monitor workspaces' own private endpoints for queries in this subnet (repeatable)",
      collect,
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
    .option('--max-scopes-per-resource <n>', 'how many AMPLS one resource may join', '100')
    .option(
      '--ingestion-endpoints <mode>',
      "per-cluster (link each rule's own DCE), shared (point rules at one DCE per workspace region), or auto: shared when per-cluster needs more than 60 AMPLS writes (30 min)",
      'auto',
    )
    .option(
      '--site-network <selector=vnet-id>',
      'the VNet Arc clusters reach over VPN or ExpressRoute: cluster name (* matches anything), cluster id, resource group id or rg:GROUP, = the VNet id (repeatable; or tag a cluster amplink-site-vnet=VNET_ID)',
      collect,
    )
    .option(
      '--remote-write <vnet-id>',
      "remote write from a Prometheus site that reaches this VNet (with --workspace): link the workspace's default DCE, check the VNet's private endpoint and DNS zones",
    )
    .option('--workspace <id>', 'the Azure Monitor workspace remote write sends to (with --remote-write)')
    .option(
      '--firewall-rules',
      'add rule collection group amplink-azure-monitor to each Azure Firewall policy that blocks the agents (rule 5); without it amplink changes no network setting and names the rule to add',
    );
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
  const ingestion = oneOf(flags.ingestionEndpoints, INGESTION_ENDPOINT_MODES, '--ingestion-endpoints');
  const ingestionAccess = oneOf(flags.ingestionAccessMode, ACCESS_MODES, '--ingestion-access-mode');
  const queryAccess = oneOf(flags.queryAccessMode, ACCESS_MODES, '--query-access-mode');
  return {
    amplsId: amplsIdFrom(flags),
    ...(flags.createAmpls !== undefined && {
      createAmpls: {
        ...(ingestionAccess && { ingestionAccessMode: ingestionAccess }),
        ...(queryAccess && { queryAccessMode: queryAccess }),
      },
    }),
    ...(flags.privateEndpoint && { privateEndpointSubnetIds: flags.privateEndpoint }),
    ...(flags.linkVnet && { linkVnetIds: flags.linkVnet }),
    ...(flags.queryPrivateEndpoint && { queryPrivateEndpointSubnetIds: flags.queryPrivateEndpoint }),
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
    ...(ingestion && { ingestionEndpoints: ingestion }),
    ...(flags.siteNetwork && { siteNetworks: flags.siteNetwork.map(parseSiteNetworkFlag) }),
    ...remoteWriteFrom(flags),
    ...(flags.firewallRules === true && { firewallRules: true }),
  };
}

/** Whether the flags name an AMPLS: --ampls, or --create-ampls. */
export function namesAmpls(flags: PlanFlags): boolean {
  return flags.ampls !== undefined || flags.createAmpls !== undefined;
}

/** The AMPLS id: --ampls, or the one --create-ampls NAME makes in --ampls-resource-group. */
function amplsIdFrom(flags: PlanFlags): string {
  if (flags.createAmpls === undefined) {
    if (flags.ampls !== undefined) return flags.ampls;
    throw new AmplinkError({
      code: 'AMPL_CLI_E0011',
      message: "Required option '--ampls <id>' not specified (or --create-ampls NAME with --ampls-resource-group ID).",
      fix: 'Give --ampls with the id of the AMPLS to use, or --create-ampls NAME --ampls-resource-group ID to plan a new one.',
    });
  }
  if (flags.ampls !== undefined) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0040',
      message: 'Give either --ampls ID (an AMPLS to use) or --create-ampls NAME (one to create if missing), not both.',
      fix: 'Drop --ampls: --create-ampls uses the AMPLS of that name when it exists already.',
    });
  }
  const group = flags.amplsResourceGroup;
  const id = `${(group ?? '').replace(/\/+$/, '')}/providers/Microsoft.Insights/privateLinkScopes/${flags.createAmpls}`;
  let valid: boolean;
  try {
    const parsed = parseResourceIdStrict(id);
    valid =
      group !== undefined &&
      parseResourceIdStrict(group).type === 'Microsoft.Resources/resourceGroups' &&
      parsed.name === flags.createAmpls &&
      /^[A-Za-z0-9][A-Za-z0-9._()-]{0,254}$/.test(flags.createAmpls);
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0041',
      message: `--create-ampls '${shownInput(flags.createAmpls)}' with --ampls-resource-group '${shownInput(group ?? '(none)', SHOWN_ID_LENGTH)}' does not make an AMPLS id.`,
      fix: 'Give a name of letters, digits, ., _, (, ) and -, and the group as /subscriptions/<subscription-id>/resourceGroups/<group>.',
    });
  }
  return id;
}

/** --remote-write and --workspace go together: one without the other is a mistake, not a default. */
function remoteWriteFrom(flags: PlanFlags): Pick<PlanOptions, 'remoteWrite'> {
  if (flags.remoteWrite === undefined && flags.workspace === undefined) return {};
  if (flags.remoteWrite === undefined || flags.workspace === undefined) {
    throw new AmplinkError({
      code: 'AMPL_REMOTEWRITE_E0001',
      message: `${flags.remoteWrite === undefined ? '--workspace' : '--remote-write'} was given without ${flags.remoteWrite === undefined ? '--remote-write' : '--workspace'}.`,
      fix: 'Give both: --remote-write VNET_ID (the VNet the Prometheus site reaches) --workspace AMW_ID (where it writes).',
    });
  }
  return { remoteWrite: { vnetId: flags.remoteWrite, workspaceId: flags.workspace } };
}

/**
 * The world to plan against: a snapshot file, or Azure itself when none is given, through `connection` or one made
 * from the flags (DefaultAzureCredential).
 */
export async function fleetSourceFrom(
  flags: { snapshot?: string; subscription?: string[]; armEndpoint?: string; discovery?: string },
  connection?: ArmConnection,
): Promise<FleetSource> {
  if (flags.snapshot !== undefined) return { resources: await readSnapshotFile(flags.snapshot) };
  const discovery = oneOf(flags.discovery, DISCOVERY_MODES, '--discovery');
  return {
    // The credential (the Azure SDK) is loaded only to read Azure, not for a snapshot.
    connection: connection ?? (await import('../azure/credential.js')).connectionFromFlags(flags, process.env),
    ...(flags.subscription ? { subscriptions: flags.subscription } : {}),
    ...(discovery ? { discovery } : {}),
  };
}
