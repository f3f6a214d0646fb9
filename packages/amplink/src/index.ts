/** amplink as a library: the CLI is a thin shell over these. */
export { AmplinkError, isAmplinkError, type Fault } from './model/errors.js';
export { CODES, isAmplinkCode, type AmplinkCode, type CodeInfo, type CodeLevel } from './model/codes.js';
export { isEvent, type AmplinkEvent, type EventSink } from './model/events.js';
export { parseResourceId, parseResourceIdStrict, idKey, sameId, type ResourceId } from './model/resource-id.js';
export { normalizeRegion, isKnownRegion, checkTypedRegion, KNOWN_REGIONS, type RegionName } from './model/regions.js';
export { provisioningPhase, provisioningPhaseOf, type ProvisioningPhase } from './model/provisioning-state.js';
export { RESOURCE_TYPES, CONFIGURATION_ASSOCIATION_NAME, MANAGED_BY_TAG, type ArmResource } from './model/resources.js';
export { Topology, type TopologyOptions } from './model/topology.js';
export {
  SITE_NETWORK_TAG,
  parseSiteNetworkFlag,
  type SiteNetwork,
  type SiteNetworkOption,
} from './model/site-networks.js';
export { parseSnapshot, readSnapshotFile, formatSnapshot } from './discover/snapshot.js';
// The old name stays exported (deprecated) so callers of the previous release keep working.
// eslint-disable-next-line @typescript-eslint/no-deprecated -- re-exporting the deprecated alias is the point
export { plan, planKeepingDataFlowing } from './plan/plan.js';
export {
  DEFAULT_LIMITS,
  type PlanOptions,
  type ClusterFilter,
  type NewEndpointOptions,
  type AmplsLimits,
} from './plan/options.js';
export type { Plan, PlanAction, Finding, PlanSummary, Permission, Severity } from './plan/types.js';
export { formatPlanText, type PlanTextOptions } from './report/plan-text.js';
export type { TextOptions } from './report/style.js';
export { verify } from './verify/verify.js';
export type {
  VerifyOptions,
  VerifyResult,
  VerifyFinding,
  ClusterVerdict,
  ClusterReason,
  SignalStatus,
  Route,
} from './verify/types.js';
export { runLiveProbes } from './verify/probes/live.js';
export { liveFailed } from './verify/probes/live-failed.js';
export { dataArrival, type Arrival, type ArrivalStatus, type ClusterArrival } from './verify/arrival.js';
export { dataPlaneEndpoints, discoverDataPlaneEndpoints } from './verify/probes/cloud.js';
export type { DataPlaneEndpoints, DataPlaneOverrides } from './verify/probes/cloud.js';
export type {
  LiveResult,
  ClusterProbe,
  DnsProbe,
  ProbeOutcome,
  ProbeOptions,
  ProbeStatus,
} from './verify/probes/types.js';
export { formatVerifyText } from './report/verify-text.js';
export { worldAfter } from './plan/simulate.js';
export { parsePlan } from './plan/plan-file.js';
export { readPlanFile } from './files/plan-file.js';
export { checkPlanActions } from './plan/plan-check.js';
export { exportPlan, exportPlanFiles, EXPORT_FORMATS, type ExportFormat, type ExportFile } from './export/index.js';
export {
  ArmConnection,
  PUBLIC_ARM_ENDPOINT,
  type ArmConnectionOptions,
  type RetryEvent,
} from './azure/arm-connection.js';
export { discover, type DiscoverOptions, type DiscoverProgress, type DiscoverEvent } from './discover/discover.js';
export { applyPlan, type ApplyOptions } from './apply/apply.js';
export type { ApplyResult, ApplySummary, ActionOutcome, ApplyEvent } from './apply/outcome.js';
export { checkPermissions, type PermissionCheck } from './apply/permission-check.js';
export { formatApplyText, groupOutcomes, type OutcomeGroup } from './report/apply-text.js';
export { renderReportHtml, type ReportInput } from './report/html/report-page.js';
export {
  planFleet,
  fleetPermissions,
  type PlanFleetOptions,
  type PlanFleetResult,
  type PermissionsResult,
} from './workflows/plan-fleet.js';
export {
  verifyFleet,
  type VerifyFleetOptions,
  type VerifyFleetResult,
  type LiveVerifyOptions,
} from './workflows/verify-fleet.js';
export { applyFleet, type ApplyFleetOptions, type ApplyFleetResult, type RunWrites } from './workflows/apply-fleet.js';
export { fleetTopology, type FleetSource, type FleetSelection } from './workflows/fleet.js';
export {
  remoteWriteConfigFleet,
  type RemoteWriteConfigOptions,
  type RemoteWriteConfigResult,
} from './workflows/remote-write.js';
export {
  azureAdConfig,
  remoteWriteConfig,
  remoteWriteConfigYaml,
  type PrometheusRemoteWriteConfig,
  type RemoteWriteAuth,
} from './export/remote-write-config.js';
export {
  remoteWriteTarget,
  remoteWriteUrl,
  type RemoteWriteOptions,
  type RemoteWriteTarget,
} from './plan/remote-write.js';
export type { FleetEvent, OnFleetEvent } from './workflows/events.js';
export { permissionsOf, type ScopePermissions } from './plan/permissions.js';
export { formatPlanJson, formatVerifyJson, formatApplyJson, formatPermissionsJson } from './report/json.js';
export { formatPermissionsText } from './report/permissions-text.js';
