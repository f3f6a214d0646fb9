// The emulator's world: where it starts (a saved world, a fleet, or one default subscription), how a fleet is
// written into it (through the same provider code as an HTTP PUT), and how it is kept on disk while it changes.
import { EmulatorError } from '../arm/errors.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import type { ExpandedFleet } from '../fleet/types.js';
import {
  applyRecord,
  readSavedWorld,
  roleAssignmentsOf,
  WorldJournal,
  type SavedWorld,
  type WorldState,
} from '../store/persist.js';
import type { JsonObject, ResourceStore } from '../store/store.js';
import type { ArmEngine } from './engine/engine.js';
import type { RoleAssignments } from './rbac.js';

export type WorldSettings = Omit<WorldState, 'resources' | 'siteNetworks'>;

const DEFAULT_TENANT = '72f988bf-0000-4000-8000-00000000e1a7';
const DEFAULT_SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';
const DEFAULT_PRINCIPAL = '00000000-0000-4000-8000-0000000000aa';

/** The world when no fleet is given: one subscription, the managed identity as its Owner. */
export function defaultFleet(): ExpandedFleet {
  return {
    tenantId: DEFAULT_TENANT,
    subscriptions: [{ subscriptionId: DEFAULT_SUBSCRIPTION, displayName: 'Amplink Emulator Subscription' }],
    resourceGroups: [],
    writes: [],
    principals: [{ objectId: DEFAULT_PRINCIPAL, displayName: 'amplink-emulator-identity' }],
    roleAssignments: [
      { principalObjectId: DEFAULT_PRINCIPAL, role: 'Owner', scope: `/subscriptions/${DEFAULT_SUBSCRIPTION}` },
    ],
    defaultPrincipalObjectId: DEFAULT_PRINCIPAL,
  };
}

export async function resolveFleet(fleet: ExpandedFleet | string | undefined): Promise<ExpandedFleet> {
  if (fleet === undefined) return defaultFleet();
  if (typeof fleet !== 'string') return fleet;
  const fleetModule = (await import('../fleet/index.js')) as {
    loadFleetFile?: (path: string) => Promise<ExpandedFleet>;
  };
  if (typeof fleetModule.loadFleetFile !== 'function') {
    throw new EmulatorError('EMULATOR_FLEET_LOADER_MISSING', 'This build has no fleet file loader (src/fleet).');
  }
  return fleetModule.loadFleetFile(fleet);
}

export interface InitialWorld {
  settings: WorldSettings;
  saved: SavedWorld | undefined;
  fleet: ExpandedFleet | undefined;
  origin: 'saved' | 'fleet' | 'default';
  /** A world found in stateDir: its size, and whether it was used although a fleet was given too. */
  savedWorld?: { resources: number; usedOverFleet: boolean };
}

/** The world to start with: a saved world in stateDir wins over the fleet, unless `fresh` says the fleet wins. */
export async function initialWorld(
  stateDir: string | undefined,
  fleet: ExpandedFleet | string | undefined,
  fresh: boolean,
): Promise<InitialWorld> {
  const saved = stateDir !== undefined ? readSavedWorld(stateDir) : undefined;
  if (saved && !fresh) {
    const { resources: _resources, siteNetworks: _sites, ...settings } = saved.snapshot;
    return {
      settings: { ...settings, roleAssignments: roleAssignmentsOf(saved) },
      saved,
      fleet: undefined,
      origin: 'saved',
      savedWorld: { resources: countAfter(saved), usedOverFleet: fleet !== undefined },
    };
  }
  const initial = await resolveFleet(fleet);
  return {
    origin: fleet === undefined ? 'default' : 'fleet',
    ...(saved ? { savedWorld: { resources: countAfter(saved), usedOverFleet: false } } : {}),
    settings: {
      tenantId: initial.tenantId,
      subscriptions: initial.subscriptions,
      principals: initial.principals,
      roleAssignments: initial.roleAssignments,
      defaultPrincipalObjectId: initial.defaultPrincipalObjectId,
    },
    saved: undefined,
    fleet: initial,
  };
}

/** How many resources a saved world holds once its journal is replayed (puts and deletes counted by id). */
function countAfter(saved: SavedWorld): number {
  const ids = new Set(saved.snapshot.resources.map((r) => r.id.toLowerCase()));
  for (const record of saved.records) {
    if (record.kind === 'put') ids.add(record.resource.id.toLowerCase());
    else if (record.kind === 'delete') {
      const prefix = `${record.id.toLowerCase()}/`;
      for (const id of ids) if (id === record.id.toLowerCase() || id.startsWith(prefix)) ids.delete(id);
    } else if (record.kind === 'clear') ids.clear();
  }
  return ids.size;
}

/** Resource groups, then every write in order, through the same provider code as an HTTP PUT (no auth, no delay). */
export function applyFleet(engine: ArmEngine, fleet: ExpandedFleet): void {
  for (const group of fleet.resourceGroups) {
    engine.putInternal(group.id, RESOURCE_TYPES.resourceGroup.writeApiVersion, {
      location: group.location,
      ...(group.tags ? { tags: group.tags } : {}),
    });
  }
  for (const write of fleet.writes) {
    try {
      const stored = engine.putInternal(write.id, write.apiVersion, write.body as JsonObject);
      if (write.provisioningState !== undefined) {
        // Left as Azure shows a resource whose operation has not ended (or failed): no operation will end it.
        const properties = { ...(stored['properties'] as JsonObject), provisioningState: write.provisioningState };
        engine.store.put({ ...stored, properties });
      }
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new EmulatorError(
        'EMULATOR_FLEET_WRITE_FAILED',
        `Fleet write ${write.id} (api-version ${write.apiVersion}) failed: ${message}`,
        { cause },
      );
    }
  }
  for (const site of fleet.siteNetworks ?? []) engine.store.setSiteNetwork(site);
}

/**
 * Keeps the world in stateDir while it changes: every change is journaled before the request that made it is answered
 * (src/store/persist.ts says why a journal and how it survives a crash); flush() folds the journal into a snapshot.
 * Does nothing without a stateDir.
 */
export class WorldPersistence {
  private journal: WorldJournal | undefined;

  constructor(
    private readonly stateDir: string | undefined,
    private readonly settings: WorldSettings,
    private readonly store: ResourceStore,
    private readonly roles: RoleAssignments,
    private readonly journalLimitBytes?: number,
  ) {}

  /** Fills the store from a saved world (snapshot, then journal) or a fleet without journaling it, then journals. */
  load(engine: ArmEngine, saved: SavedWorld | undefined, fleet: ExpandedFleet | undefined): void {
    this.store.onChange = () => undefined;
    this.store.clear();
    if (saved) {
      for (const resource of saved.snapshot.resources) this.store.put(resource);
      for (const site of saved.snapshot.siteNetworks ?? []) this.store.setSiteNetwork(site);
      for (const record of saved.records) if (record.kind !== 'roles') applyRecord(this.store, record);
    }
    if (fleet) applyFleet(engine, fleet);
    if (this.stateDir === undefined) return;
    const journal = WorldJournal.open(this.stateDir, saved, this.journalLimitBytes);
    this.journal = journal;
    if (!saved) journal.compact(this.current());
    this.store.onChange = (change) => journal.append(change, () => this.current());
  }

  /** Replaces the world with the fleet's (store, roles, settings) and saves it as a new snapshot. */
  resetTo(engine: ArmEngine, fleet: ExpandedFleet): void {
    const onChange = this.store.onChange;
    this.store.onChange = () => undefined;
    engine.operations.clear();
    this.store.clear();
    Object.assign(this.settings, {
      subscriptions: fleet.subscriptions,
      principals: fleet.principals,
      defaultPrincipalObjectId: fleet.defaultPrincipalObjectId,
    });
    this.roles.replaceAll(fleet.roleAssignments);
    applyFleet(engine, fleet);
    this.journal?.compact(this.current());
    this.store.onChange = onChange;
  }

  /** The role assignments changed (they are part of the saved world). */
  rolesChanged(): void {
    this.journal?.append({ kind: 'roles', roleAssignments: this.roles.list() }, () => this.current());
  }

  /** Folds the journal into a new snapshot now. */
  flush(): void {
    this.journal?.compact(this.current());
  }

  /** A clean shutdown: the snapshot written, the journal closed; later changes are not kept. */
  close(): void {
    this.flush();
    this.journal?.close();
    this.journal = undefined;
    this.store.onChange = () => undefined;
  }

  private current(): WorldState {
    return {
      ...this.settings,
      roleAssignments: this.roles.list(),
      resources: this.store.all(),
      siteNetworks: this.store.siteNetworks(),
    };
  }
}
