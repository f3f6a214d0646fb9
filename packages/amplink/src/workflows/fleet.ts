import type { ArmConnection } from '../azure/arm-connection.js';
import type { DiscoveryMode } from '../discover/discovery-mode.js';
import type { ArmResource } from '../model/resources.js';
import type { SiteNetworkOption } from '../model/site-networks.js';
import { Topology } from '../model/topology.js';
import type { ClusterFilter } from '../plan/options.js';
import { discoveredEvent, type OnFleetEvent } from './events.js';

/** Where a workflow finds the world it plans and verifies against. */
export type FleetSource =
  /** A snapshot's resources, read by the caller (files are read at the edge). */
  | { resources: readonly ArmResource[] }
  /**
   * Azure itself, through the connection: these subscriptions (by id or name), or every one the credential sees; read
   * through Resource Graph or ARM listing (`discovery`, default auto).
   */
  | { connection: ArmConnection; subscriptions?: readonly string[]; discovery?: DiscoveryMode };

/** What the user selected: typed regions are checked against the regions Azure lists for the right subscriptions. */
export interface FleetSelection {
  amplsId?: string;
  clusters?: ClusterFilter;
  /** Which VNet Arc clusters' sites reach: the user's input, since Azure keeps it nowhere. */
  siteNetworks?: readonly SiteNetworkOption[];
}

/** The world to plan against, from a snapshot or from Azure. */
export async function fleetTopology(
  source: FleetSource,
  selection: FleetSelection = {},
  onEvent?: OnFleetEvent,
): Promise<Topology> {
  const sites = selection.siteNetworks ? { siteNetworks: selection.siteNetworks } : {};
  if ('resources' in source) return new Topology(source.resources, sites);
  const { connection } = source;
  // Loaded only to discover: planning a snapshot never loads the Azure SDK's clients.
  const { discover, listLocations } = await import('../discover/discover.js');
  const resources = await discover(connection, {
    ...(source.subscriptions ? { subscriptions: source.subscriptions } : {}),
    ...(source.discovery ? { discovery: source.discovery } : {}),
    ...(onEvent ? { onEvent } : {}),
  });
  onEvent?.(discoveredEvent(resources.length, connection.endpoint));
  // Regions the user typed are checked against Azure's own list, read only when there are some.
  const regionSubscriptions = selection.clusters?.regions?.length ? typedRegionSubscriptions(source, selection) : [];
  if (regionSubscriptions.length === 0) return new Topology(resources, sites);
  return new Topology(resources, { ...sites, azureRegions: await listLocations(connection, regionSubscriptions) });
}

/** Where typed regions must exist: the clusters' subscriptions when named, else the AMPLS's, else the discovered ones. */
function typedRegionSubscriptions(
  source: { subscriptions?: readonly string[] },
  selection: FleetSelection,
): readonly string[] {
  const named = selection.clusters?.subscriptions;
  if (named?.length) return named;
  const ampls = selection.amplsId === undefined ? undefined : /^\/subscriptions\/([^/]+)/i.exec(selection.amplsId)?.[1];
  return ampls !== undefined ? [ampls] : (source.subscriptions ?? []);
}
