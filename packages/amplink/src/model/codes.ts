/**
 * Every code amplink reports — errors, plan and verify findings, warnings and events — with its level and what it
 * means. `AmplinkCode` is the type of every `code` field, so a code that is not registered here fails the type
 * check; the README's list of codes is generated from this table (`npm run docs:codes`), and `docs.test.ts` fails
 * when the two differ or when a code here is reported nowhere.
 */

/** How much a code matters: its letter says it (E error, W warning, I info). */
export type CodeLevel = 'error' | 'warning' | 'info';

/** The part of amplink a code comes from. */
export type CodeArea =
  | 'APPLY'
  | 'AZURE'
  | 'BASELINE'
  | 'CLI'
  | 'CONFIG'
  | 'DEMO'
  | 'DISCOVER'
  | 'EXPORT'
  | 'ID'
  | 'INTERNAL'
  | 'JSON'
  | 'NET'
  | 'PLAN'
  | 'PLANFILE'
  | 'REGION'
  | 'REMOTEWRITE'
  | 'SITE'
  | 'SNAPSHOT'
  | 'VERIFY';

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type Letter = 'E' | 'W' | 'I';

/** The shape every code has: `AMPL_<AREA>_<E|W|I><4 digits>` (the digits are checked by docs.test.ts). */
export type CodeShape = `AMPL_${CodeArea}_${Letter}${number}`;

type LevelOf<C extends string> = C extends `${string}_E${string}`
  ? 'error'
  : C extends `${string}_W${string}`
    ? 'warning'
    : 'info';

export interface CodeInfo<L extends CodeLevel = CodeLevel> {
  readonly level: L;
  /** One line: what happened, in the user's terms. */
  readonly meaning: string;
}

/** Keeps each entry's level in step with its code's letter. */
function registry<T extends { [C in keyof T & string]: C extends CodeShape ? CodeInfo<LevelOf<C>> : never }>(
  table: T,
): T {
  return table;
}

export const CODES = registry({
  AMPL_APPLY_E0001: { level: 'error', meaning: 'no terminal to confirm on: use --yes' },
  AMPL_APPLY_E0002: { level: 'error', meaning: 'apply was given neither --ampls nor --plan' },
  AMPL_APPLY_E0003: { level: 'error', meaning: 'the target changed since the plan was made' },
  AMPL_APPLY_E0004: { level: 'error', meaning: 'the resource exists with other settings; amplink never overwrites it' },
  AMPL_APPLY_E0005: { level: 'error', meaning: 'apply was stopped (a signal) before this action finished' },
  AMPL_APPLY_E0006: {
    level: 'error',
    meaning: "a step of apply's progress display did not finish (the summary says why)",
  },
  AMPL_APPLY_E0007: {
    level: 'error',
    meaning: 'a data collection rule changed since the plan read it: Azure refused its etag (412), plan again',
  },
  AMPL_APPLY_E0010: { level: 'error', meaning: 'permissions the plan needs are missing: nothing was written' },
  AMPL_APPLY_E0101: { level: 'error', meaning: 'the AMPLS does not exist' },
  AMPL_APPLY_E0102: { level: 'error', meaning: 'the AMPLS is being deleted' },
  AMPL_APPLY_W0010: { level: 'warning', meaning: 'the permissions could not be read, so they were not checked' },
  AMPL_APPLY_I0001: { level: 'info', meaning: 'an action of the plan started' },
  AMPL_APPLY_I0002: { level: 'info', meaning: 'an action of the plan ended (done, already done, failed or not tried)' },
  AMPL_APPLY_I0003: { level: 'info', meaning: "an action's request is tried again after a passing refusal" },
  AMPL_APPLY_I0004: { level: 'info', meaning: 'an action waits for Azure to finish writing its target' },
  AMPL_APPLY_I0005: { level: 'info', meaning: 'apply waits for resources Azure is still writing, then plans again' },
  AMPL_APPLY_W0011: {
    level: 'warning',
    meaning: 'the wait for Azure ended first (AMPL_AZURE_E0903): apply goes on with what it can do now',
  },
  AMPL_AZURE_E0000: { level: 'error', meaning: 'a request failed before Azure answered' },
  AMPL_AZURE_E0401: { level: 'error', meaning: 'sign-in refused, or no credential could sign in' },
  AMPL_AZURE_E0403: { level: 'error', meaning: 'permission denied (names the action and scope)' },
  AMPL_AZURE_E0404: { level: 'error', meaning: 'the subscription does not exist, or the credential cannot see it' },
  AMPL_AZURE_E0901: { level: 'error', meaning: 'a long-running operation ended Failed or Canceled' },
  AMPL_AZURE_E0902: { level: 'error', meaning: 'a long-running operation did not end in time' },
  AMPL_AZURE_E0903: { level: 'error', meaning: 'Azure was still writing a resource past the deadline' },
  AMPL_AZURE_I0001: {
    level: 'info',
    meaning: 'a request refused for a passing reason (throttling, busy AMPLS, timeout) is tried again',
  },
  AMPL_BASELINE_E0001: { level: 'error', meaning: "the last run's file (--since-last) cannot be read" },
  AMPL_BASELINE_E0002: { level: 'error', meaning: "the last run's file (--since-last) is not one amplink wrote" },
  AMPL_CLI_E0001: { level: 'error', meaning: 'a bad option value: not key=value' },
  AMPL_CLI_E0002: { level: 'error', meaning: 'a bad option value: numbers have bounds, e.g. --concurrency 1-256' },
  AMPL_CLI_E0003: { level: 'error', meaning: 'a bad option value: not one of the values it takes' },
  AMPL_CLI_E0005: { level: 'error', meaning: 'an --out file that cannot be written' },
  AMPL_CLI_E0010: { level: 'error', meaning: 'an unreadable --ca-file' },
  AMPL_CLI_E0011: { level: 'error', meaning: 'a required option is missing' },
  AMPL_CLI_E0012: { level: 'error', meaning: 'an unknown option' },
  AMPL_CLI_E0013: { level: 'error', meaning: 'an unknown command' },
  AMPL_CLI_E0014: { level: 'error', meaning: 'an option without its value' },
  AMPL_CLI_E0015: { level: 'error', meaning: 'too many arguments' },
  AMPL_CLI_E0016: { level: 'error', meaning: 'no command given' },
  AMPL_CLI_E0017: { level: 'error', meaning: 'another mistake in the command line' },
  AMPL_CLI_E0020: { level: 'error', meaning: 'a --dns-server that is not an IP address' },
  AMPL_CLI_E0021: { level: 'error', meaning: 'an endpoint that is not an https URL' },
  AMPL_CLI_E0022: { level: 'error', meaning: 'a malformed DNS suffix' },
  AMPL_CLI_E0040: { level: 'error', meaning: '--ampls and --create-ampls together' },
  AMPL_CLI_E0041: {
    level: 'error',
    meaning: '--create-ampls with --ampls-resource-group that do not make an AMPLS id',
  },
  AMPL_CLI_E0030: { level: 'error', meaning: '--arm-endpoint or AMPLINK_ARM_ENDPOINT is not an https URL' },
  AMPL_CONFIG_E0001: { level: 'error', meaning: 'the config file cannot be read' },
  AMPL_CONFIG_E0002: { level: 'error', meaning: 'the config file is not YAML settings' },
  AMPL_CONFIG_E0003: { level: 'error', meaning: 'the config file sets something that is not a flag of the command' },
  AMPL_CONFIG_E0004: { level: 'error', meaning: 'the config file gives a flag a value of the wrong kind' },
  AMPL_DEMO_E0001: { level: 'error', meaning: 'the emulator cannot start with the fleet file' },
  AMPL_DEMO_E0002: { level: 'error', meaning: 'the fleet has no AMPLS' },
  AMPL_DEMO_E0003: { level: 'error', meaning: 'data not proven to arrive after apply' },
  AMPL_DEMO_E0004: {
    level: 'error',
    meaning: 'the emulator cannot listen on the port --port names (in use, or not allowed)',
  },
  AMPL_DISCOVER_E0001: { level: 'error', meaning: 'no enabled subscription is visible to the credential' },
  AMPL_DISCOVER_E0002: {
    level: 'error',
    meaning: '--subscription names no subscription the credential sees (the message lists those it sees)',
  },
  AMPL_DISCOVER_E0003: { level: 'error', meaning: 'a --subscription name shared by several subscriptions' },
  AMPL_DISCOVER_E0004: {
    level: 'error',
    meaning: 'Resource Graph refused or absent with --discovery graph (the message says what it answered)',
  },
  AMPL_DISCOVER_W0004: {
    level: 'warning',
    meaning: 'Resource Graph refused or absent with --discovery auto, which then lists through ARM',
  },
  AMPL_DISCOVER_I0001: { level: 'info', meaning: 'discovery progress: requests done and resources found in a phase' },
  AMPL_DISCOVER_I0002: {
    level: 'info',
    meaning: 'discovery ended: the resources read and the ARM endpoint they came from',
  },
  AMPL_EXPORT_E0001: { level: 'error', meaning: 'unknown export format' },
  AMPL_EXPORT_E0002: { level: 'error', meaning: 'an action this version cannot export' },
  AMPL_EXPORT_E0003: { level: 'error', meaning: 'export was given no --ampls' },
  AMPL_EXPORT_E0004: { level: 'error', meaning: '--plan given with --snapshot' },
  AMPL_EXPORT_E0005: { level: 'error', meaning: 'an --out that cannot be written' },
  AMPL_EXPORT_E0006: { level: 'error', meaning: 'the plan is blocked' },
  AMPL_EXPORT_E0007: {
    level: 'error',
    meaning: 'a value the format cannot hold (a NUL in bash, an az argument starting with @)',
  },
  AMPL_EXPORT_E0008: { level: 'error', meaning: 'the policy export was given a saved plan or no AMPLS' },
  AMPL_ID_E0001: { level: 'error', meaning: 'malformed resource id' },
  AMPL_INTERNAL_E0001: { level: 'error', meaning: 'a bug in amplink: run again with --debug and report it' },
  AMPL_JSON_E0001: { level: 'error', meaning: 'JSON nested deeper than 64 levels' },
  AMPL_NET_E0001: { level: 'error', meaning: 'connection refused (reported at once, not retried)' },
  AMPL_NET_E0002: { level: 'error', meaning: 'the host does not resolve' },
  AMPL_NET_E0003: { level: 'error', meaning: 'the connection timed out' },
  AMPL_NET_E0004: { level: 'error', meaning: 'certificate not trusted (set NODE_EXTRA_CA_CERTS)' },
  AMPL_NET_E0005: { level: 'error', meaning: 'the connection was cut' },
  AMPL_NET_E0006: { level: 'error', meaning: 'certificate expired or for another host' },
  AMPL_NET_E0007: { level: 'error', meaning: 'no route to the host' },
  AMPL_PLAN_E0001: { level: 'error', meaning: 'AMPLS not found' },
  AMPL_PLAN_E0002: { level: 'error', meaning: '--ampls is not an AMPLS' },
  AMPL_PLAN_E0003: { level: 'error', meaning: "a new DCE's id is taken" },
  AMPL_PLAN_E0004: { level: 'error', meaning: 'the resource group for new DCEs is not a resource group id' },
  AMPL_PLAN_E0005: { level: 'error', meaning: 'the DCE name pattern has no {region}' },
  AMPL_PLAN_E0006: { level: 'error', meaning: 'the DCE name pattern gives a name a DCE cannot have' },
  AMPL_PLAN_E0007: { level: 'error', meaning: 'a cluster selector (--cluster-*) matches no cluster (with near names)' },
  AMPL_PLAN_E0008: { level: 'error', meaning: 'cluster selectors that match no cluster together' },
  AMPL_PLAN_E0009: { level: 'error', meaning: '--dce-resource-group in a subscription discovery did not see' },
  AMPL_PLAN_E0010: { level: 'error', meaning: 'an ingestionEndpoints option that is not per-cluster, shared or auto' },
  AMPL_PLAN_E0101: { level: 'error', meaning: 'the plan would exceed an AMPLS limit of linked resources' },
  AMPL_PLAN_E0102: { level: 'error', meaning: 'the plan would put a resource in more AMPLS than it may join' },
  AMPL_PLAN_E0201: {
    level: 'error',
    meaning: 'a --private-endpoint, --query-private-endpoint or --link-vnet that is not a subnet or VNet id',
  },
  AMPL_PLAN_E0202: { level: 'error', meaning: 'a subnet or VNet of the network options that discovery did not see' },
  AMPL_PLAN_E0203: { level: 'error', meaning: 'an AMPLS access mode that is not Open or PrivateOnly' },
  AMPL_PLAN_E0204: {
    level: 'error',
    meaning: "a private endpoint whose networks' DNS zones already serve another AMPLS",
  },
  AMPL_PLAN_E0205: { level: 'error', meaning: 'new private endpoints would exceed the AMPLS limit of 10' },
  AMPL_PLAN_E0206: {
    level: 'error',
    meaning: 'a VNet already resolves a needed zone through another zone of that name',
  },
  AMPL_PLAN_E0207: {
    level: 'error',
    meaning: '--link-vnet without --private-endpoint, for an AMPLS with no private endpoint in a discovered subnet',
  },
  AMPL_PLAN_W0201: {
    level: 'warning',
    meaning: '--query-private-endpoint with no Azure Monitor workspace among the selected clusters',
  },
  AMPL_PLAN_W0002: { level: 'warning', meaning: 'monitoring on but no data collection rule associated' },
  AMPL_PLAN_W0003: { level: 'warning', meaning: 'data collection rule not found' },
  AMPL_PLAN_W0004: { level: 'warning', meaning: 'Prometheus rule without a DCE' },
  AMPL_PLAN_W0005: { level: 'warning', meaning: 'destination not found' },
  AMPL_PLAN_W0006: { level: 'warning', meaning: 'DCE not found' },
  AMPL_PLAN_W0007: { level: 'warning', meaning: 'Azure Monitor workspace without a default DCE' },
  AMPL_PLAN_W0008: {
    level: 'warning',
    meaning:
      'Azure is still writing a link, DCE or association: nothing is written to it, and what waits for it is held back',
  },
  AMPL_PLAN_W0009: {
    level: 'warning',
    meaning: 'a firewall policy blocks hosts the agents need (the rule to add; --firewall-rules adds it)',
  },
  AMPL_PLAN_W0010: {
    level: 'warning',
    meaning: 'an added rule collection group cannot come before the firewall rule that denies the agents',
  },
  AMPL_PLAN_W0103: { level: 'warning', meaning: 'too many private endpoints on the AMPLS' },
  AMPL_PLAN_I0001: { level: 'info', meaning: 'cluster not monitored' },
  AMPL_PLANFILE_E0001: { level: 'error', meaning: 'plan file unreadable' },
  AMPL_PLANFILE_E0002: { level: 'error', meaning: 'plan file is not JSON' },
  AMPL_PLANFILE_E0003: { level: 'error', meaning: 'plan file has the wrong shape (with the JSON path)' },
  AMPL_PLANFILE_E0004: { level: 'error', meaning: 'a plan action that is not a change amplink makes' },
  AMPL_PLANFILE_E0005: { level: 'error', meaning: 'a plan action depends on an action the plan does not have' },
  AMPL_PLANFILE_E0006: { level: 'error', meaning: 'the plan actions depend on each other in a cycle' },
  AMPL_REGION_E0001: {
    level: 'error',
    meaning: 'a region you typed that the subscription does not list (with the closest names)',
  },
  AMPL_REGION_E0002: { level: 'error', meaning: 'a location in the data that cannot be a region name' },
  AMPL_REGION_W0001: { level: 'warning', meaning: "offline, a typed region amplink's own list lacks (used as given)" },
  AMPL_REMOTEWRITE_E0001: { level: 'error', meaning: '--remote-write or --workspace is not a VNet or workspace id' },
  AMPL_REMOTEWRITE_E0002: {
    level: 'error',
    meaning: 'the remote-write workspace is not among the discovered resources',
  },
  AMPL_REMOTEWRITE_E0003: {
    level: 'error',
    meaning: "the workspace's default DCE or DCR (or their endpoint, immutableId) not found",
  },
  AMPL_REMOTEWRITE_E0004: { level: 'error', meaning: 'the remote-write VNet is not among the discovered resources' },
  AMPL_REMOTEWRITE_E0005: {
    level: 'error',
    meaning: 'remote-write-config auth options that do not make one auth method',
  },
  AMPL_REMOTEWRITE_W0001: {
    level: 'warning',
    meaning: 'no private endpoint of the AMPLS reachable from the remote-write VNet',
  },
  AMPL_REMOTEWRITE_W0002: {
    level: 'warning',
    meaning: 'AMPLS private DNS zones missing or not linked to the remote-write VNet',
  },
  AMPL_SITE_E0001: { level: 'error', meaning: 'a --site-network value that is not SELECTOR=VNET_ID' },
  AMPL_SITE_E0002: { level: 'error', meaning: "a site network's VNet id that is not a virtual network id" },
  AMPL_SITE_E0003: { level: 'error', meaning: 'a --site-network selector that matches no Arc cluster' },
  AMPL_SITE_E0004: { level: 'error', meaning: 'two equally specific --site-network values give one cluster two VNets' },
  AMPL_SNAPSHOT_E0001: { level: 'error', meaning: 'snapshot unreadable' },
  AMPL_SNAPSHOT_E0002: { level: 'error', meaning: 'snapshot is not JSON' },
  AMPL_SNAPSHOT_E0003: { level: 'error', meaning: 'snapshot has the wrong shape (with the JSON path)' },
  AMPL_SNAPSHOT_E0004: { level: 'error', meaning: 'a resource twice in the snapshot' },
  AMPL_SNAPSHOT_E0005: { level: 'error', meaning: 'a resource without a location' },
  AMPL_SNAPSHOT_E0006: { level: 'error', meaning: 'an association without its cluster' },
  AMPL_SNAPSHOT_E0007: {
    level: 'error',
    meaning: 'a snapshot too large to read (512 MiB): discover part of the fleet at a time',
  },
  AMPL_SNAPSHOT_E0008: {
    level: 'error',
    meaning: 'a snapshot too large for the heap limit, refused before reading: the fix names a --max-old-space-size',
  },
  AMPL_VERIFY_E0001: { level: 'error', meaning: 'cluster without a configuration DCE association' },
  AMPL_VERIFY_E0002: { level: 'error', meaning: 'configuration DCE in another region than its cluster' },
  AMPL_VERIFY_E0003: {
    level: 'error',
    meaning: 'configuration association pointing to no DCE, or to one that does not exist',
  },
  AMPL_VERIFY_E0004: { level: 'error', meaning: 'configuration DCE not in the AMPLS' },
  AMPL_VERIFY_E0005: { level: 'error', meaning: 'Prometheus ingestion DCE not in the AMPLS' },
  AMPL_VERIFY_E0006: { level: 'error', meaning: 'default DCE of an Azure Monitor workspace not in the AMPLS' },
  AMPL_VERIFY_E0007: { level: 'error', meaning: 'Log Analytics workspace not in the AMPLS' },
  AMPL_VERIFY_E0008: { level: 'error', meaning: 'logs ingestion DCE not in the AMPLS' },
  AMPL_VERIFY_E0009: {
    level: 'error',
    meaning: 'a rule sends through its own DCE outside the AMPLS while shared ingestion points it elsewhere (drift)',
  },
  AMPL_VERIFY_E0010: { level: 'error', meaning: 'the AMPLS has no approved private endpoint' },
  AMPL_VERIFY_E0011: {
    level: 'error',
    meaning: "the cluster's network has no path to a private endpoint of the AMPLS",
  },
  AMPL_VERIFY_E0013: { level: 'error', meaning: 'the private DNS zones of Azure Monitor do not exist' },
  AMPL_VERIFY_E0014: { level: 'error', meaning: "private DNS zones not linked to the cluster's VNet" },
  AMPL_VERIFY_E0015: { level: 'error', meaning: "the monitor zone does not resolve to the AMPLS's private endpoint" },
  AMPL_VERIFY_E0016: { level: 'error', meaning: 'a VNet or zone set serves this AMPLS and another one' },
  AMPL_VERIFY_E0021: { level: 'error', meaning: 'PrivateOnly AMPLS, and resources clusters send to are not in it' },
  AMPL_VERIFY_E0022: {
    level: 'error',
    meaning: 'a destination refuses public access and the cluster has no private path to it',
  },
  AMPL_VERIFY_E0023: { level: 'error', meaning: 'the firewall blocks the sign-in host the agents need' },
  AMPL_VERIFY_E0030: { level: 'error', meaning: 'over an AMPLS limit' },
  AMPL_VERIFY_E0031: { level: 'error', meaning: 'verify was asked about an AMPLS the plan has yet to create' },
  AMPL_VERIFY_E0032: {
    level: 'error',
    meaning: "a cluster's DNS points at a private endpoint whose AMPLS connection is not approved",
  },
  AMPL_VERIFY_W0001: { level: 'warning', meaning: 'E0001 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0002: { level: 'warning', meaning: 'E0002 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0003: { level: 'warning', meaning: 'E0003 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0004: { level: 'warning', meaning: 'E0004 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0005: { level: 'warning', meaning: 'E0005 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0006: { level: 'warning', meaning: 'E0006 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0007: { level: 'warning', meaning: 'E0007 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0008: { level: 'warning', meaning: 'E0008 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0009: { level: 'warning', meaning: 'E0009 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0011: { level: 'warning', meaning: 'E0011 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0012: {
    level: 'warning',
    meaning: 'cluster without a network of its own that amplink can see: it sends over the public internet',
  },
  AMPL_VERIFY_W0013: { level: 'warning', meaning: 'E0013 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0014: { level: 'warning', meaning: 'E0014 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0015: { level: 'warning', meaning: 'E0015 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0016: { level: 'warning', meaning: 'E0016 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0020: {
    level: 'warning',
    meaning: 'ingestion access mode Open: data to resources outside the AMPLS leaves over the public internet',
  },
  AMPL_VERIFY_W0022: { level: 'warning', meaning: 'E0022 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0023: { level: 'warning', meaning: 'E0023 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_W0031: { level: 'warning', meaning: 'close to an AMPLS limit' },
  AMPL_VERIFY_W0032: { level: 'warning', meaning: 'E0032 on a cluster whose data it does not stop yet' },
  AMPL_VERIFY_I0024: { level: 'info', meaning: 'egress goes through a firewall whose rules amplink cannot read' },
  AMPL_VERIFY_I0100: {
    level: 'info',
    meaning: 'the live probes start: the cloud whose data plane they ask, and the DNS resolvers they judge through',
  },
  AMPL_VERIFY_I0025: {
    level: 'info',
    meaning: "the cluster's VNet is not among the resources read: discover its subscription too",
  },
  AMPL_VERIFY_I0026: { level: 'info', meaning: 'DCEs no longer used by any rule, association or workspace' },
});

/** A registered code. */
export type RegisteredCode = keyof typeof CODES;

type StatusDigit = '1' | '2' | '3' | '4' | '5';

/** Azure's answer by HTTP status (`AMPL_AZURE_E0409`): Azure, not amplink, chooses which. */
export type AzureAnswerCode = `AMPL_AZURE_E0${StatusDigit}${Digit}${Digit}`;

/** The family of codes that name Azure's HTTP status, as the registry lists it. */
export const AZURE_ANSWER_FAMILY = {
  code: 'AMPL_AZURE_Ennnn',
  level: 'error',
  meaning: 'any other answer from Azure: nnnn is the HTTP status, e.g. AMPL_AZURE_E0409 for 409',
} as const;

export type AmplinkCode = RegisteredCode | AzureAnswerCode;

/** The code of an answer Azure gave with this HTTP status (a status outside 100-599 never reached Azure). */
export function azureAnswerCode(status: number | undefined): AzureAnswerCode | 'AMPL_AZURE_E0000' {
  if (status === undefined || !Number.isInteger(status) || status < 100 || status > 599) return 'AMPL_AZURE_E0000';
  return `AMPL_AZURE_E${String(status).padStart(4, '0')}` as AzureAnswerCode;
}

export function isAmplinkCode(value: string): value is AmplinkCode {
  return Object.hasOwn(CODES, value) || /^AMPL_AZURE_E0[1-5]\d\d$/.test(value);
}

export function levelOf(code: AmplinkCode): CodeLevel {
  const letter = code.charAt(code.length - 5);
  return letter === 'E' ? 'error' : letter === 'W' ? 'warning' : 'info';
}

type TwinOf<C extends string> = C extends `${infer Area}_E${infer N}` ? `${Area}_W${N}` : C;

/** Codes whose warning twin is registered (warnings and infos are their own twins). */
export type TwinnableCode = { [C in AmplinkCode]: TwinOf<C> extends AmplinkCode ? C : never }[AmplinkCode];

/** The warning twin of an error code: the same problem, stopping no data of the clusters it names. */
export function warningTwin<C extends TwinnableCode>(code: C): TwinOf<C> & AmplinkCode {
  return code.replace(/_E(\d{4})$/, '_W$1') as TwinOf<C> & AmplinkCode;
}

// The check this file exists for: a code the registry lacks is not an AmplinkCode.
// @ts-expect-error AMPL_PLAN_E9999 is not registered
const _unregistered: AmplinkCode = 'AMPL_PLAN_E9999';
// @ts-expect-error an error code whose warning twin is not registered cannot be a cluster problem
const _untwinned: TwinnableCode = 'AMPL_VERIFY_E0010';
