import type { DiscoverEvent } from '../discover/discover.js';
import type { AmplinkError } from '../model/errors.js';
import { amplinkEvent, type AmplinkEvent, type EventSink } from '../model/events.js';
import { plural } from '../plan/findings.js';
import { IN_PROGRESS_CODE } from '../plan/in-progress.js';
import type { DataPlaneEndpoints } from '../verify/probes/cloud.js';

/** Discovery is done: this many resources, read from this ARM endpoint. */
export type DiscoveredEvent = AmplinkEvent<'AMPL_DISCOVER_I0002', { resources: number; endpoint: string }>;
/** The plan left these resources alone because Azure is still writing them (AMPL_PLAN_W0008): apply waits. */
export type WaitingForAzureEvent = AmplinkEvent<'AMPL_APPLY_I0005', { resources: readonly string[] }>;
/** The wait ended before Azure did (AMPL_AZURE_E0903): apply goes on with what it can do now. */
export type WaitEndedEvent = AmplinkEvent<'AMPL_APPLY_W0011', { error: AmplinkError }>;
/** The live probes start, against this cloud's data plane, judging DNS through these resolvers. */
export type ProbingEvent = AmplinkEvent<
  'AMPL_VERIFY_I0100',
  { cloud: DataPlaneEndpoints; dnsServers: readonly string[] }
>;

/** What a workflow reports while it runs (its writes report through `aroundWrites`); the caller decides what to show. */
export type FleetEvent = DiscoverEvent | DiscoveredEvent | WaitingForAzureEvent | WaitEndedEvent | ProbingEvent;

export type OnFleetEvent = EventSink<FleetEvent>;

export function discoveredEvent(resources: number, endpoint: string): DiscoveredEvent {
  return amplinkEvent('AMPL_DISCOVER_I0002', `discovered ${resources} resources at ${endpoint}`, {
    resources,
    endpoint,
  });
}

export function waitingForAzureEvent(resources: readonly string[]): WaitingForAzureEvent {
  return amplinkEvent(
    'AMPL_APPLY_I0005',
    `waiting for ${plural(resources.length, 'resource')} Azure is still writing (${IN_PROGRESS_CODE}), then planning again`,
    { resources },
  );
}

export function waitEndedEvent(error: AmplinkError): WaitEndedEvent {
  return amplinkEvent('AMPL_APPLY_W0011', `${error.code}: ${error.message}`, { error });
}

export function probingEvent(cloud: DataPlaneEndpoints, dnsServers: readonly string[]): ProbingEvent {
  return amplinkEvent(
    'AMPL_VERIFY_I0100',
    `probing: PromQL and KQL for every cluster in cloud ${cloud.cloud}${cloud.metadataProblem ? ` (${cloud.metadataProblem})` : ''}` +
      `${dnsServers.length > 0 ? `, DNS through ${dnsServers.join(', ')}` : ''}...`,
    { cloud, dnsServers },
  );
}
