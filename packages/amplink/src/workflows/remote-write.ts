import {
  azureAdConfig,
  remoteWriteConfig,
  type PrometheusRemoteWriteConfig,
  type RemoteWriteAuth,
} from '../export/remote-write-config.js';
import { remoteWriteTarget, type RemoteWriteTarget } from '../plan/remote-write.js';
import type { OnFleetEvent } from './events.js';
import { fleetTopology, type FleetSource } from './fleet.js';

export interface RemoteWriteConfigOptions {
  source: FleetSource;
  /** The Azure Monitor workspace remote write sends to. */
  workspaceId: string;
  auth?: RemoteWriteAuth;
  onEvent?: OnFleetEvent;
}

export interface RemoteWriteConfigResult {
  kind: 'remote-write-config';
  target: RemoteWriteTarget;
  /** The `remote_write` block, as Prometheus reads it. */
  config: PrometheusRemoteWriteConfig;
}

/** `amplink remote-write-config`: the Prometheus remote_write block for a workspace, read from Azure or a snapshot. */
export async function remoteWriteConfigFleet(options: RemoteWriteConfigOptions): Promise<RemoteWriteConfigResult> {
  // The auth is checked before the world is read: a wrong flag should not cost a discovery.
  azureAdConfig(options.auth);
  const topology = await fleetTopology(options.source, {}, options.onEvent);
  const target = remoteWriteTarget(topology, options.workspaceId);
  return { kind: 'remote-write-config', target, config: remoteWriteConfig(target, options.auth) };
}
