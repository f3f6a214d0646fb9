export * from './fleet/index.js';
export { startEmulator, applyFleet, defaultFleet } from './server/emulator.js';
export type { LongRunningAnswers } from './server/engine/types.js';
export type { EmulatorOptions, RunningEmulator, EmulatorTokenCredential } from './server/emulator.js';
export { EmulatorError } from './arm/errors.js';
export type { FaultOptions, FaultRule, FaultKind } from './server/faults.js';
export type { ThrottlingOptions, BucketLimit } from './server/throttle.js';
export type { TimingOptions, TimingProfileName, TimingDescription } from './server/timing.js';
export type { Counters, RequestLogEntry } from './server/monitoring.js';
export type { SiteNetwork } from './store/store.js';
export type { RepeatableValues } from './arm/generated-values.js';
export {
  createAzureCliSession,
  assertAzureCliInstalled,
  AZURE_CLI_MISSING,
  type AzureCliSession,
  type AzureCliSessionOptions,
  type AzureCliTarget,
  type AzResult,
} from './testing/azure-cli.js';
export type { AgentOptions, AgentStatus, AgentRequestStatus, ClusterAgentsStatus } from './dataplane/agents.js';
export type { DnsServerInfo } from './dataplane/dns.js';
export {
  NetworkModel,
  publicAddress,
  CONFIG_OVER_PRIVATE_LINK_MESSAGE,
  AMA_METRICS_NO_CONFIG_MESSAGES,
} from './dataplane/network.js';
export type {
  FailureCode,
  AgentName,
  ClusterVerdict,
  AgentVerdict,
  RequestVerdict,
  Resolution,
} from './dataplane/network.js';
