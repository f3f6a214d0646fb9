// The emulator's world: where it starts (a saved world, a fleet, or one default subscription), how a fleet is
// written into it (through the same provider code as an HTTP PUT), and how it is kept on disk while it changes.
import { EmulatorError } from '../arm/errors.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import type { ExpandedFleet } from '../fleet/types.js';
import { loadWorld, saveWorld, type WorldState } from '../store/persist.js';
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

async function resolveFleet(fleet: ExpandedFleet | string | undefined): Promise<ExpandedFleet> {
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

/** The world to start with: a saved world in stateDir wins over the fleet. */
export async function initialWorld(
  stateDir: string | undefined,
  fleet: ExpandedFleet | string | undefined,
): Promise<{ settings: WorldSettings; saved: WorldState | undefined; fleet: ExpandedFleet | undefined }> {
  const saved = stateDir !== undefined ? loadWorld(stateDir) : undefined;
  if (saved) {
    const { resources: _resources, siteNetworks: _sites, ...settings } = saved;
    return { settings, saved, fleet: undefined };
  }
  const initial = await resolveFleet(fleet);
  return {
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

/** Writes the world to stateDir shortly after every change (and at once on flush); does nothing without a stateDir. */
export class WorldPersistence {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stateDir: string | undefined,
    private readonly settings: WorldSettings,
    private readonly store: ResourceStore,
    private readonly roles: RoleAssignments,
  ) {}

  /** Fills the store from a saved world and a fleet without saving each write, then saves on every change. */
  load(engine: ArmEngine, saved: WorldState | undefined, fleet: ExpandedFleet | undefined): void {
    this.store.onChange = () => undefined;
    this.store.clear();
    if (saved) {
      for (const resource of saved.resources) this.store.put(resource);
      for (const site of saved.siteNetworks ?? []) this.store.setSiteNetwork(site);
    }
    if (fleet) applyFleet(engine, fleet);
    this.store.onChange = () => this.scheduleSave();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stateDir === undefined) return;
    saveWorld(this.stateDir, {
      ...this.settings,
      roleAssignments: this.roles.list(),
      resources: this.store.all(),
      siteNetworks: this.store.siteNetworks(),
    });
  }

  scheduleSave(): void {
    if (this.stateDir === undefined || this.timer) return;
    this.timer = setTimeout(() => this.flush(), 50);
    this.timer.unref();
  }
}
