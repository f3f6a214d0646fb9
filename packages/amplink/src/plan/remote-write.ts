import { AmplinkError, SHOWN_ID_LENGTH, shownInput } from '../model/errors.js';
import { MONITOR_ZONE } from '../model/network.js';
import { vnetReach } from '../model/private-path.js';
import { idKey, parseResourceId, strictProblem } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { DataCollectionEndpoint, MonitorWorkspace, PrivateLinkScope, Topology } from '../model/topology.js';
import type { LinkRole } from './link-needs.js';
import type { Finding } from './types.js';

/**
 * Remote write from a Prometheus server outside Azure (the seed's last section, rule 6): it sends to the Azure Monitor
 * workspace's default DCE, over the VPN or ExpressRoute its site has into an Azure VNet, through that VNet's private
 * endpoint of the AMPLS.
 */
export interface RemoteWriteOptions {
  /** The VNet the Prometheus server's site reaches. */
  vnetId: string;
  /** The Azure Monitor workspace it writes to. */
  workspaceId: string;
}

/** Where a workspace takes remote write: its default DCE and the immutable id of its default DCR. */
export interface RemoteWriteTarget {
  readonly workspace: MonitorWorkspace;
  readonly endpoint: DataCollectionEndpoint;
  /** `https://<dce>.<region>-1.metrics.ingest.monitor.azure.com`. */
  readonly metricsIngestionEndpoint: string;
  readonly ruleImmutableId: string;
  /** The remote_write URL (see remoteWriteUrl). */
  readonly url: string;
}

/** The stream Prometheus DCRs collect (DOMAIN.md "DCR"). */
export const PROMETHEUS_STREAM = 'Microsoft-PrometheusMetrics';
/** The api-version of the remote-write ingestion API, as the Azure Monitor documentation gives it in its URLs. */
export const REMOTE_WRITE_API_VERSION = '2023-04-24';

/**
 * The remote_write URL of a workspace: the DCE's metrics ingestion endpoint, then the DCR's immutable id and the
 * stream. Azure Monitor documentation, "Connect self-managed Prometheus to Azure Monitor managed service for
 * Prometheus" (learn.microsoft.com/azure/azure-monitor/metrics/prometheus-remote-write; MicrosoftDocs/azure-docs
 * articles/azure-monitor/containers/prometheus-remote-write-*.md): "INGESTION-URL uses the following format".
 */
export function remoteWriteUrl(metricsIngestionEndpoint: string, ruleImmutableId: string): string {
  const base = metricsIngestionEndpoint.replace(/\/+$/, '');
  return `${base}/dataCollectionRules/${encodeURIComponent(ruleImmutableId)}/streams/${PROMETHEUS_STREAM}/api/v1/write?api-version=${REMOTE_WRITE_API_VERSION}`;
}

function checkedId(value: unknown, type: string, what: string, fix: string): string {
  const text = typeof value === 'string' ? value : String(value);
  const problem =
    strictProblem(text) ??
    (parseResourceId(text).type.toLowerCase() === type.toLowerCase()
      ? undefined
      : `it is a ${parseResourceId(text).type}`);
  if (problem !== undefined) {
    throw new AmplinkError({
      code: 'AMPL_REMOTEWRITE_E0001',
      message: `${what} '${shownInput(text, SHOWN_ID_LENGTH)}' is not a ${type} id: ${problem}.`,
      fix,
    });
  }
  return text;
}

const WORKSPACE_FIX =
  'Give the Azure Monitor workspace id (az resource show -g GROUP -n NAME --resource-type Microsoft.Monitor/accounts --query id).';

/** The workspace's default DCE and DCR, as Azure made them with the workspace; coded errors when they are not there. */
export function remoteWriteTarget(topology: Topology, workspaceId: unknown): RemoteWriteTarget {
  const id = checkedId(workspaceId, RESOURCE_TYPES.monitorAccount, '--workspace', WORKSPACE_FIX);
  const workspace = topology.monitorWorkspaces.get(idKey(id));
  if (workspace === undefined) {
    throw new AmplinkError({
      code: 'AMPL_REMOTEWRITE_E0002',
      message: `Azure Monitor workspace ${shownInput(id, SHOWN_ID_LENGTH)} is not among the discovered resources.`,
      fix: `${WORKSPACE_FIX} Discover its subscription too (--subscription), or capture it in the snapshot.`,
    });
  }
  const endpoint =
    workspace.defaultEndpointId === undefined ? undefined : topology.endpoints.get(idKey(workspace.defaultEndpointId));
  const rule = workspace.defaultRuleId === undefined ? undefined : topology.rules.get(idKey(workspace.defaultRuleId));
  const metrics = (endpoint?.resource.properties['metricsIngestion'] as { endpoint?: unknown } | undefined)?.endpoint;
  const immutableId = rule?.resource.properties['immutableId'];
  if (endpoint === undefined || rule === undefined || typeof metrics !== 'string' || typeof immutableId !== 'string') {
    const missing = [
      endpoint === undefined ? `its default DCE (${workspace.defaultEndpointId ?? 'none named'})` : undefined,
      endpoint !== undefined && typeof metrics !== 'string' ? 'the DCE metrics ingestion endpoint' : undefined,
      rule === undefined ? `its default DCR (${workspace.defaultRuleId ?? 'none named'})` : undefined,
      rule !== undefined && typeof immutableId !== 'string' ? "the DCR's immutableId" : undefined,
    ].filter((m): m is string => m !== undefined);
    throw new AmplinkError({
      code: 'AMPL_REMOTEWRITE_E0003',
      message: `Azure Monitor workspace ${workspace.resource.name} cannot take remote write as read: ${missing.join(', ')} not found.`,
      fix: `Discover the workspace's managed resource group too (MA_${workspace.resource.name}_${workspace.region}_managed holds its default DCE and DCR): give its subscription, or capture a snapshot that includes it.`,
    });
  }
  return {
    workspace,
    endpoint,
    metricsIngestionEndpoint: metrics,
    ruleImmutableId: immutableId,
    url: remoteWriteUrl(metrics, immutableId),
  };
}

/** The reason the workspace's default DCE is in the AMPLS for remote write (rule 3, for rule 6's sites). */
export function remoteWriteRole(target: RemoteWriteTarget, vnetName: string): LinkRole {
  return {
    key: `remote-write|${target.workspace.resource.key}`,
    rule: 3,
    describe: () =>
      `default DCE of Azure Monitor workspace ${target.workspace.resource.name}, which remote write from the site network ${vnetName} sends to`,
  };
}

const PRIVATE_ENDPOINT_FIX = (vnetName: string) =>
  `Create a private endpoint of the AMPLS in ${vnetName} (or in a VNet peered with it): amplink plan --private-endpoint SUBNET_ID makes it with its DNS zones and links.`;

/**
 * What the site's VNet lacks for remote write through the AMPLS: a private endpoint it reaches and the five zones
 * linked to it (the checks verify makes for a cluster's VNet, model/private-path.ts). Warnings: amplink plans the DCE's
 * link either way, and these are network changes it makes only when asked.
 */
export function remoteWriteFindings(
  topology: Topology,
  scope: PrivateLinkScope,
  options: RemoteWriteOptions,
): Finding[] {
  const vnetId = checkedId(
    options.vnetId,
    RESOURCE_TYPES.virtualNetwork,
    '--remote-write',
    'Give the id of the VNet the Prometheus site reaches over VPN or ExpressRoute (az network vnet show -g GROUP -n NAME --query id).',
  );
  const net = topology.network;
  const vnet = net.vnets.get(idKey(vnetId));
  if (vnet === undefined) {
    throw new AmplinkError({
      code: 'AMPL_REMOTEWRITE_E0004',
      message: `VNet ${shownInput(vnetId, SHOWN_ID_LENGTH)} (--remote-write) is not among the discovered resources.`,
      fix: 'Check the id, and discover its subscription too (--subscription) or capture it in the snapshot.',
    });
  }
  const { endpoints } = net.approvedEndpoints(scope.resource.key);
  const reach = vnetReach(net, endpoints, vnet);
  const findings: Finding[] = [];
  const scopeName = scope.resource.name;
  if (reach.reachableEndpoints.length === 0) {
    findings.push({
      code: 'AMPL_REMOTEWRITE_W0001',
      severity: 'warning',
      message: `Remote write from VNet ${vnet.name}: no approved private endpoint of AMPLS ${scopeName} is in it or in a VNet peered with it, so the site's samples cannot reach the workspace's DCE privately.`,
      resources: [vnet.id, scope.resource.id],
      rules: [6],
      fix: PRIVATE_ENDPOINT_FIX(vnet.name),
    });
  }
  const zones = [...reach.missingZones, ...reach.unlinkedZones];
  if (zones.length > 0) {
    findings.push({
      code: 'AMPL_REMOTEWRITE_W0002',
      severity: 'warning',
      message: `Remote write from VNet ${vnet.name}: the private DNS zone${zones.length === 1 ? '' : 's'} ${zones.join(', ')} ${zones.length === 1 ? 'is' : 'are'} ${reach.missingZones.length > 0 ? 'missing or ' : ''}not linked to it, so the DCE's metrics ingestion host resolves to a public address there${zones.includes(MONITOR_ZONE) ? '' : ' for some endpoints'}.`,
      resources: [vnet.id],
      rules: [6],
      fix:
        reach.missingZones.length > 0
          ? PRIVATE_ENDPOINT_FIX(vnet.name)
          : `Link each zone to ${vnet.name} (az network private-dns link vnet create -z ZONE -n ${vnet.name}-link -v ${vnet.id} -e false)).`,
    });
  }
  return findings;
}
