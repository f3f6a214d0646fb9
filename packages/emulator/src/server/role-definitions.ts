// The built-in role definitions the emulator knows, with the ids Azure gives them in every tenant. Source: Microsoft
// Learn, "Azure built-in roles" (learn.microsoft.com/azure/role-based-access-control/built-in-roles): each role's id
// and its Actions / NotActions as published there. Only control-plane actions are listed (the emulator has no data
// actions); Owner, Contributor and Reader are complete, Monitoring Contributor and Network Contributor keep the
// entries for the namespaces the emulator serves (Microsoft.Insights, Microsoft.Monitor, Microsoft.OperationalInsights,
// Microsoft.AlertsManagement, Microsoft.Network, Microsoft.Resources, Microsoft.Authorization).
import type { BuiltInRole } from '../fleet/types.js';

/** A role definition's permission block, as ARM returns it (Authorization spec 2022-04-01, definition Permission). */
export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinition {
  /** The role definition's GUID, the same in every tenant for a built-in role. */
  guid: string;
  roleName: BuiltInRole;
  description: string;
  permissions: Pick<Permission, 'actions' | 'notActions'>;
}

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    guid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    roleName: 'Owner',
    description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    permissions: { actions: ['*'], notActions: [] },
  },
  {
    guid: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    roleName: 'Contributor',
    description:
      'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    permissions: {
      actions: ['*'],
      notActions: [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
        'Microsoft.Blueprint/blueprintAssignments/write',
        'Microsoft.Blueprint/blueprintAssignments/delete',
        'Microsoft.Compute/galleries/share/action',
        'Microsoft.Purview/consents/write',
        'Microsoft.Purview/consents/delete',
      ],
    },
  },
  {
    guid: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    roleName: 'Reader',
    description: 'View all resources, but does not allow you to make any changes.',
    permissions: { actions: ['*/read'], notActions: [] },
  },
  {
    guid: '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
    roleName: 'Monitoring Contributor',
    description: 'Can read all monitoring data and update monitoring settings.',
    permissions: {
      actions: [
        '*/read',
        'Microsoft.AlertsManagement/alerts/*',
        'Microsoft.AlertsManagement/alertsSummary/*',
        'Microsoft.AlertsManagement/prometheusRuleGroups/*',
        'Microsoft.Insights/actiongroups/*',
        'Microsoft.Insights/activityLogAlerts/*',
        'Microsoft.Insights/AlertRules/*',
        'Microsoft.Insights/components/*',
        'Microsoft.Insights/createNotifications/*',
        'Microsoft.Insights/dataCollectionEndpoints/*',
        'Microsoft.Insights/dataCollectionRules/*',
        'Microsoft.Insights/dataCollectionRuleAssociations/*',
        'Microsoft.Insights/DiagnosticSettings/*',
        'Microsoft.Insights/eventtypes/*',
        'Microsoft.Insights/LogDefinitions/*',
        'Microsoft.Insights/metricalerts/*',
        'Microsoft.Insights/MetricDefinitions/*',
        'Microsoft.Insights/Metrics/*',
        'Microsoft.Insights/notificationStatus/*',
        'Microsoft.Insights/privateLinkScopes/*',
        'Microsoft.Insights/privateLinkScopeOperationStatuses/*',
        'Microsoft.Insights/Register/Action',
        'Microsoft.Insights/scheduledqueryrules/*',
        'Microsoft.Insights/webtests/*',
        'Microsoft.Insights/workbooks/*',
        'Microsoft.Insights/workbooktemplates/*',
        'Microsoft.Monitor/accounts/*',
        'Microsoft.OperationalInsights/workspaces/write',
        'Microsoft.OperationalInsights/workspaces/intelligencepacks/*',
        'Microsoft.OperationalInsights/workspaces/savedSearches/*',
        'Microsoft.OperationalInsights/workspaces/search/action',
        'Microsoft.OperationalInsights/workspaces/sharedKeys/action',
        'Microsoft.OperationalInsights/workspaces/storageinsightconfigs/*',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Support/*',
      ],
      notActions: [],
    },
  },
  {
    guid: '4d97b98b-1d4f-4787-a291-c67834d212e7',
    roleName: 'Network Contributor',
    description: 'Lets you manage networks, but not access to them.',
    permissions: {
      actions: [
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Network/*',
        'Microsoft.ResourceHealth/availabilityStatuses/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Support/*',
      ],
      notActions: [],
    },
  },
];

const byName = new Map(BUILT_IN_ROLES.map((r) => [r.roleName, r]));
const byGuid = new Map(BUILT_IN_ROLES.map((r) => [r.guid, r]));

export function roleByName(name: BuiltInRole): RoleDefinition {
  const role = byName.get(name);
  if (role === undefined) throw new RangeError(`not a built-in role: ${name}`);
  return role;
}

/** The built-in role a role definition id names (`.../roleDefinitions/{guid}` or the bare GUID), if any. */
export function roleByDefinitionId(id: string): RoleDefinition | undefined {
  const guid = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(id)?.[1];
  return guid === undefined ? undefined : byGuid.get(guid.toLowerCase());
}

export function isBuiltInRoleName(name: string): name is BuiltInRole {
  return byName.has(name as BuiltInRole);
}
