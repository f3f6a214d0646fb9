// The names a fleet defines, resolved to ARM ids, with every cross-reference checked.
// Problems are collected (not thrown one by one) so that a user fixes a file in one go.

import type { Principal, RoleAssignment, Subscription } from './types.js';
import type { FleetProblem } from './errors.js';
import type { Fleet, FleetCluster } from './schema.js';
import { guidPattern } from './schema.js';
import { deterministicGuid, resourceGroupId, resourceId } from './ids.js';
import { azureMonitorWorkspaceManagedResourceGroup } from './names.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';

const DEFAULT_RESOURCE_GROUP = 'rg-monitoring';
const DEFAULT_CLUSTER_RESOURCE_GROUP = 'rg-aks-{region}';
const DEFAULT_PRINCIPAL_NAME = 'fleet-operator';

export interface Placed {
  subscriptionId: string;
  resourceGroup: string;
}

export interface NamedResource extends Placed {
  name: string;
  id: string;
  region?: string;
  yamlPath: string;
}

export interface ResolvedCluster extends Placed {
  name: string;
  id: string;
  entry: FleetCluster;
  /** The entry's index in `clusters` (several clusters share one entry when it has `count`). */
  entryIndex: number;
}

export class World {
  readonly problems: FleetProblem[] = [];
  readonly tenantId: string;
  readonly subscriptions: Subscription[];
  private readonly subscriptionIdsByName = new Map<string, string>();
  readonly azureMonitorWorkspaces = new Map<string, NamedResource>();
  readonly logAnalyticsWorkspaces = new Map<string, NamedResource>();
  readonly privateLinkScopes = new Map<string, NamedResource>();
  readonly virtualNetworks = new Map<string, NamedResource>();
  readonly clusters: ResolvedCluster[] = [];

  constructor(readonly fleet: Fleet) {
    this.tenantId = guidPattern.test(fleet.tenant)
      ? fleet.tenant.toLowerCase()
      : deterministicGuid('tenant', fleet.tenant);
    this.subscriptions = fleet.subscriptions.map((entry, index) => {
      const id = (entry.id ?? deterministicGuid('subscription', this.tenantId, entry.name)).toLowerCase();
      this.unique(this.subscriptionIdsByName, entry.name, `subscriptions[${index}].name`, 'subscription');
      this.subscriptionIdsByName.set(entry.name.toLowerCase(), id);
      this.subscriptionIdsByName.set(id, id);
      return { subscriptionId: id, displayName: entry.name };
    });
    // The default itself falls back to the first subscription: defaultSubscriptionId is not set yet.
    const first = this.subscriptions[0]?.subscriptionId ?? '';
    this.defaultSubscriptionId = this.resolveSubscription(fleet.defaults.subscription, 'defaults.subscription', first);
    this.indexSharedResources();
    this.indexClusters();
  }

  readonly defaultSubscriptionId: string;

  problem(yamlPath: string, message: string): void {
    this.problems.push({ yamlPath, message });
  }

  private unique(map: Map<string, unknown>, name: string, yamlPath: string, what: string): void {
    if (map.has(name.toLowerCase())) this.problem(yamlPath, `expected a unique ${what} name; "${name}" is used twice`);
  }

  private resolveSubscription(
    nameOrId: string | undefined,
    yamlPath: string,
    whenUnset: string = this.defaultSubscriptionId,
  ): string {
    const first = this.subscriptions[0]?.subscriptionId ?? '';
    if (nameOrId === undefined) return whenUnset;
    const id = this.subscriptionIdsByName.get(nameOrId.toLowerCase());
    if (id === undefined) {
      this.problem(yamlPath, `expected the name of a subscription in "subscriptions"; "${nameOrId}" is not one`);
      return first;
    }
    return id;
  }

  private place(
    entry: { subscription?: string | undefined; resourceGroup?: string | undefined },
    yamlPath: string,
  ): Placed {
    return {
      subscriptionId: this.resolveSubscription(entry.subscription, `${yamlPath}.subscription`),
      resourceGroup: entry.resourceGroup ?? this.fleet.defaults.resourceGroup ?? DEFAULT_RESOURCE_GROUP,
    };
  }

  private indexSharedResources(): void {
    const kinds = [
      [
        'azureMonitorWorkspaces',
        this.azureMonitorWorkspaces,
        RESOURCE_TYPES.monitorAccount.type,
        'Azure Monitor workspace',
      ],
      [
        'logAnalyticsWorkspaces',
        this.logAnalyticsWorkspaces,
        RESOURCE_TYPES.logAnalyticsWorkspace.type,
        'Log Analytics workspace',
      ],
      ['privateLinkScopes', this.privateLinkScopes, RESOURCE_TYPES.privateLinkScope.type, 'private link scope'],
      ['virtualNetworks', this.virtualNetworks, RESOURCE_TYPES.virtualNetwork.type, 'virtual network'],
    ] as const;
    for (const [key, map, type, what] of kinds) {
      this.fleet[key].forEach(
        (
          entry: {
            name: string;
            region?: string | undefined;
            subscription?: string | undefined;
            resourceGroup?: string | undefined;
          },
          index,
        ) => {
          const yamlPath = `${key}[${index}]`;
          this.unique(map, entry.name, `${yamlPath}.name`, what);
          const placed = this.place(entry, yamlPath);
          map.set(entry.name.toLowerCase(), {
            ...placed,
            name: entry.name,
            id: resourceId(placed.subscriptionId, placed.resourceGroup, type, entry.name),
            ...(entry.region === undefined ? {} : { region: entry.region }),
            yamlPath,
          });
        },
      );
    }
  }

  private indexClusters(): void {
    const seen = new Set<string>();
    this.fleet.clusters.forEach((entry, entryIndex) => {
      const yamlPath = `clusters[${entryIndex}]`;
      const subscriptionId = this.resolveSubscription(entry.subscription, `${yamlPath}.subscription`);
      const resourceGroup = (
        entry.resourceGroup ??
        this.fleet.defaults.clusterResourceGroup ??
        DEFAULT_CLUSTER_RESOURCE_GROUP
      ).replaceAll('{region}', entry.region);
      const type = entry.kind === 'arc' ? RESOURCE_TYPES.connectedCluster.type : RESOURCE_TYPES.managedCluster.type;
      const names =
        entry.count === undefined
          ? [entry.name]
          : Array.from({ length: entry.count }, (_, i) => `${entry.name}-${i + 1}`);
      for (const name of names) {
        const id = resourceId(subscriptionId, resourceGroup, type, name);
        if (seen.has(id.toLowerCase()))
          this.problem(`${yamlPath}.name`, `expected a unique cluster; ${id} is defined twice`);
        seen.add(id.toLowerCase());
        this.clusters.push({ name, id, subscriptionId, resourceGroup, entry, entryIndex });
      }
    });
  }

  /** Looks a name up in one kind of resource; records a problem naming the YAML path when it is missing. */
  lookup(map: Map<string, NamedResource>, name: string, yamlPath: string, what: string): NamedResource | undefined {
    const found = map.get(name.toLowerCase());
    if (found === undefined) {
      const known = [...map.values()].map((resource) => resource.name);
      this.problem(
        yamlPath,
        `expected the name of a ${what}${known.length === 0 ? ' (none is defined)' : ` (one of ${known.join(', ')})`}; got "${name}"`,
      );
    }
    return found;
  }

  /** DOMAIN.md: the AMW's default DCE lives in its managed resource group and carries the workspace's name. */
  static defaultDceId(workspace: NamedResource): string {
    const group = azureMonitorWorkspaceManagedResourceGroup(workspace.name, workspace.region ?? '');
    return resourceId(workspace.subscriptionId, group, RESOURCE_TYPES.dataCollectionEndpoint.type, workspace.name);
  }

  /** Role scopes: a subscription name, "<subscription>/<resource group>", or an ARM id. */
  private resolveScope(scope: string, yamlPath: string): string {
    if (scope.startsWith('/')) return scope;
    const [subscription, resourceGroup, ...rest] = scope.split('/');
    if (rest.length > 0 || subscription === undefined || subscription === '') {
      this.problem(
        yamlPath,
        `expected a subscription name, "<subscription>/<resource group>" or an ARM id; got "${scope}"`,
      );
      return scope;
    }
    const subscriptionId = this.resolveSubscription(subscription, yamlPath);
    return resourceGroup === undefined
      ? `/subscriptions/${subscriptionId}`
      : resourceGroupId(subscriptionId, resourceGroup);
  }

  principals(): { principals: Principal[]; roleAssignments: RoleAssignment[]; defaultPrincipalObjectId: string } {
    const entries: typeof this.fleet.principals =
      this.fleet.principals.length > 0
        ? this.fleet.principals
        : [
            {
              name: DEFAULT_PRINCIPAL_NAME,
              default: true,
              roles: this.subscriptions.map((s) => ({ role: 'Contributor', scope: s.subscriptionId })),
            },
          ];
    const principals: Principal[] = [];
    const roleAssignments: RoleAssignment[] = [];
    const names = new Map<string, true>();
    entries.forEach((entry, index) => {
      this.unique(names, entry.name, `principals[${index}].name`, 'principal');
      names.set(entry.name.toLowerCase(), true);
      const objectId =
        ('objectId' in entry && entry.objectId) || deterministicGuid('principal', this.tenantId, entry.name);
      const principal: Principal = { objectId, displayName: entry.name };
      if ('clientSecret' in entry && entry.clientSecret !== undefined) {
        principal.clientId = entry.clientId ?? deterministicGuid('client', this.tenantId, entry.name);
        principal.clientSecret = entry.clientSecret;
      }
      principals.push(principal);
      entry.roles.forEach((role, roleIndex) => {
        const scope = this.resolveScope(role.scope, `principals[${index}].roles[${roleIndex}].scope`);
        roleAssignments.push({ principalObjectId: objectId, role: role.role, scope });
      });
    });
    const defaults = entries.flatMap((entry, index) => (entry.default ? [index] : []));
    let defaultIndex = defaults[0];
    if (defaults.length > 1)
      this.problem('principals', 'expected exactly one principal with "default: true"; found several');
    if (defaults.length === 0) {
      if (entries.length === 1) defaultIndex = 0;
      else
        this.problem(
          'principals',
          'expected one principal with "default: true" (the identity az login --identity uses)',
        );
    }
    return {
      principals,
      roleAssignments,
      defaultPrincipalObjectId: principals[defaultIndex ?? 0]?.objectId ?? '',
    };
  }
}
