import { PUBLIC_ARM_ENDPOINT } from '../../azure/arm-connection.js';
import { describeNetworkError, httpsJson, ProbeTransportError } from './https-json.js';

/** The api-version of ARM's cloud metadata that names `logAnalyticsResourceId` and the suffixes (go-azure-sdk reads it). */
export const CLOUD_METADATA_API_VERSION = '2022-09-01';

/** Where the live probes ask, and with which token audiences, in the cloud of one ARM endpoint. */
export interface DataPlaneEndpoints {
  /** The cloud's name as ARM's metadata gives it (AzureCloud, AzureUSGovernment, ...), else the ARM endpoint. */
  cloud: string;
  /** Where the values come from: ARM's /metadata/endpoints, the well-known values of a public or sovereign cloud, or nowhere. */
  source: 'metadata' | 'well-known' | 'none';
  metadataUrl: string;
  /** Why the metadata could not be read or used, when it could not. */
  metadataProblem?: string;
  /** The Log Analytics query API (`<logAnalyticsResourceId>/v1`) and its token audience (`logAnalyticsResourceId`). */
  logs?: { endpoint: string; audience: string };
  /** The token audience of Azure Monitor workspaces' Prometheus query API (the endpoint is each workspace's own). */
  prometheusAudience?: string;
  /** DNS suffixes of the names the agents use: `global.handler.control.<monitor>`, `<workspace id>.ods.<opinsights>`. */
  suffixes: { monitor?: string; opinsights?: string };
}

/** Values given by the user, which win over the cloud's. */
export interface DataPlaneOverrides {
  logsEndpoint?: string;
  logsAudience?: string;
  prometheusAudience?: string;
  monitorSuffix?: string;
  opinsightsSuffix?: string;
}

interface WellKnownCloud {
  name: string;
  resourceManager: string;
  /** ARM's token audience, which names the cloud's Entra ID instance (azure-cli cloud.py active_directory_resource_id). */
  armAudience: string;
  logAnalyticsResourceId: string;
  prometheusAudience: string;
  monitorSuffix: string;
  opinsightsSuffix: string;
}

/**
 * Public and sovereign clouds. Log Analytics: azure-cli cloud.py `log_analytics_resource_id`; Prometheus audiences:
 * KEDA's azure managed Prometheus scaler (per cloud); suffixes: the private link DNS zones of Azure Monitor in each cloud
 * (`privatelink.monitor.azure.us`, `privatelink.ods.opinsights.azure.cn`, ...). ARM's metadata carries no Prometheus
 * audience and no Azure Monitor suffix, so those come from here for a cloud ARM's metadata names or whose ARM audience it gives.
 */
const WELL_KNOWN_CLOUDS: readonly WellKnownCloud[] = [
  {
    name: 'AzureCloud',
    resourceManager: PUBLIC_ARM_ENDPOINT,
    armAudience: 'https://management.core.windows.net/',
    logAnalyticsResourceId: 'https://api.loganalytics.io',
    prometheusAudience: 'https://prometheus.monitor.azure.com',
    monitorSuffix: 'monitor.azure.com',
    opinsightsSuffix: 'opinsights.azure.com',
  },
  {
    name: 'AzureUSGovernment',
    resourceManager: 'https://management.usgovcloudapi.net',
    armAudience: 'https://management.core.usgovcloudapi.net/',
    logAnalyticsResourceId: 'https://api.loganalytics.us',
    prometheusAudience: 'https://prometheus.monitor.azure.us',
    monitorSuffix: 'monitor.azure.us',
    opinsightsSuffix: 'opinsights.azure.us',
  },
  {
    name: 'AzureChinaCloud',
    resourceManager: 'https://management.chinacloudapi.cn',
    armAudience: 'https://management.core.chinacloudapi.cn/',
    logAnalyticsResourceId: 'https://api.loganalytics.azure.cn',
    prometheusAudience: 'https://prometheus.monitor.azure.cn',
    monitorSuffix: 'monitor.azure.cn',
    opinsightsSuffix: 'opinsights.azure.cn',
  },
];

/** The fields of ARM's cloud metadata that the probes use. */
export interface CloudMetadata {
  name?: string;
  resourceManager?: string;
  logAnalyticsResourceId?: string;
  audiences: string[];
}

const withoutSlash = (url: string): string => url.replace(/\/+$/, '');
const same = (a: string, b: string): boolean => withoutSlash(a).toLowerCase() === withoutSlash(b).toLowerCase();

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The cloud of `armEndpoint` in a /metadata/endpoints answer: one cloud (2022-09-01), or a list of clouds
 * (2019-05-01) of which the one whose `resourceManager` is this endpoint.
 */
export function parseCloudMetadata(body: unknown, armEndpoint: string): CloudMetadata | undefined {
  const candidates = Array.isArray(body) ? body : [body];
  const clouds = candidates.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null);
  const cloud =
    clouds.find((c) => {
      const rm = stringOrUndefined(c['resourceManager']);
      return rm !== undefined && same(rm, armEndpoint);
    }) ?? (clouds.length === 1 ? clouds[0] : undefined);
  if (cloud === undefined) return undefined;
  const authentication = cloud['authentication'] as { audiences?: unknown } | undefined;
  const audiences = Array.isArray(authentication?.audiences)
    ? authentication.audiences.filter((a): a is string => typeof a === 'string')
    : [];
  const name = stringOrUndefined(cloud['name']);
  const resourceManager = stringOrUndefined(cloud['resourceManager']);
  const logAnalyticsResourceId = stringOrUndefined(cloud['logAnalyticsResourceId']);
  return {
    ...(name !== undefined && { name }),
    ...(resourceManager !== undefined && { resourceManager }),
    ...(logAnalyticsResourceId !== undefined && { logAnalyticsResourceId }),
    audiences,
  };
}

/**
 * The well-known cloud this is: the one the metadata names, or whose ARM endpoint this is (`as: 'itself'`); else the
 * one whose ARM audience the metadata gives (`as: 'identity'`: a cloud on that Entra ID, e.g. an emulator, whose token
 * audiences and DNS names are that cloud's but whose APIs may be elsewhere, so its API endpoints are not assumed).
 */
function wellKnownCloud(
  metadata: CloudMetadata | undefined,
  armEndpoint: string,
): { cloud: WellKnownCloud; as: 'itself' | 'identity' } | undefined {
  const name = metadata?.name?.toLowerCase();
  const itself =
    WELL_KNOWN_CLOUDS.find((c) => c.name.toLowerCase() === name) ??
    WELL_KNOWN_CLOUDS.find((c) => same(c.resourceManager, armEndpoint));
  if (itself !== undefined) return { cloud: itself, as: 'itself' };
  const identity = WELL_KNOWN_CLOUDS.find((c) => metadata?.audiences.some((a) => same(a, c.armAudience)));
  return identity === undefined ? undefined : { cloud: identity, as: 'identity' };
}

/**
 * The data-plane endpoints of the cloud of `armEndpoint`, from its metadata (or the well-known values of a public or
 * sovereign cloud when the metadata is missing), with the user's overrides on top. Pure: `metadata` is what was read.
 */
export function dataPlaneEndpoints(
  armEndpoint: string,
  read: { metadata?: CloudMetadata; problem?: string },
  overrides: DataPlaneOverrides = {},
): DataPlaneEndpoints {
  const arm = withoutSlash(armEndpoint);
  const { metadata } = read;
  const match = wellKnownCloud(metadata, arm);
  const known = match?.cloud;
  const logsResource =
    metadata?.logAnalyticsResourceId ?? (match?.as === 'itself' ? known?.logAnalyticsResourceId : undefined);
  const logsAudience = overrides.logsAudience ?? (logsResource === undefined ? undefined : withoutSlash(logsResource));
  const logsEndpoint =
    overrides.logsEndpoint ?? (logsResource === undefined ? undefined : `${withoutSlash(logsResource)}/v1`);
  const prometheusAudience = overrides.prometheusAudience ?? known?.prometheusAudience;
  const monitor = overrides.monitorSuffix ?? known?.monitorSuffix;
  const opinsights = overrides.opinsightsSuffix ?? known?.opinsightsSuffix;
  return {
    cloud: metadata?.name ?? (match?.as === 'itself' ? known?.name : undefined) ?? arm,
    source: metadata !== undefined ? 'metadata' : known !== undefined ? 'well-known' : 'none',
    metadataUrl: cloudMetadataUrl(arm),
    ...(read.problem !== undefined && { metadataProblem: read.problem }),
    ...(logsAudience !== undefined &&
      logsEndpoint !== undefined && {
        logs: { endpoint: withoutSlash(logsEndpoint), audience: withoutSlash(logsAudience) },
      }),
    ...(prometheusAudience !== undefined && { prometheusAudience: withoutSlash(prometheusAudience) }),
    suffixes: {
      ...(monitor !== undefined && { monitor: monitor.replace(/^\.+/, '') }),
      ...(opinsights !== undefined && { opinsights: opinsights.replace(/^\.+/, '') }),
    },
  };
}

export function cloudMetadataUrl(armEndpoint: string): string {
  return `${withoutSlash(armEndpoint)}/metadata/endpoints?api-version=${CLOUD_METADATA_API_VERSION}`;
}

/**
 * Reads ARM's cloud metadata (`GET {arm}/metadata/endpoints`, anonymous, as Azure CLI does for a custom cloud) and
 * works out the data-plane endpoints of that cloud. Never throws: what could not be read is said in `metadataProblem`.
 */
export async function discoverDataPlaneEndpoints(
  armEndpoint: string = PUBLIC_ARM_ENDPOINT,
  options: { ca?: string | string[]; timeoutMs?: number; overrides?: DataPlaneOverrides } = {},
): Promise<DataPlaneEndpoints> {
  const url = cloudMetadataUrl(armEndpoint);
  let read: { metadata?: CloudMetadata; problem?: string };
  try {
    const answer = await httpsJson(url, {
      method: 'GET',
      timeoutMs: options.timeoutMs ?? 15_000,
      ...(options.ca !== undefined && { ca: options.ca }),
    });
    const metadata = answer.status === 200 ? parseCloudMetadata(answer.body, armEndpoint) : undefined;
    read =
      answer.status !== 200
        ? { problem: `${url} answered HTTP ${answer.status}` }
        : metadata === undefined
          ? { problem: `${url} answered no cloud metadata for ${armEndpoint}` }
          : { metadata };
  } catch (error) {
    read = {
      problem: `${url} could not be read: ${error instanceof ProbeTransportError ? error.reason : describeNetworkError(error)}`,
    };
  }
  return dataPlaneEndpoints(armEndpoint, read, options.overrides);
}
