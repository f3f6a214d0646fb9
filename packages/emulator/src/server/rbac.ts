// Role-based access: built-in roles at a scope, checked as ARM does, with ARM's AuthorizationFailed message.
import { ArmErrors } from '../arm/arm-errors.js';
import { isWithin } from '../arm/ids.js';
import type { BuiltInRole, RoleAssignment } from '../fleet/types.js';
import type { Actor } from '../providers/base.js';

/** A role definition's permission block, as ARM returns it (Authorization spec 2022-04-01, definition Permission). */
export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/**
 * The built-in roles' control-plane actions, with ARM's wildcards ('*' matches any run of characters, '/' included).
 * Simplified from Azure's role definitions: Contributor's notActions are the Authorization ones it really has;
 * Monitoring Contributor's Microsoft.Insights list is collapsed into one wildcard.
 */
const ROLE_PERMISSIONS: Record<BuiltInRole, Pick<Permission, 'actions' | 'notActions'>> = {
  Owner: { actions: ['*'], notActions: [] },
  Contributor: {
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
    ],
  },
  Reader: { actions: ['*/read'], notActions: [] },
  // Both built-in roles also have Microsoft.Resources/deployments/* (Azure's role definitions), so their holders can
  // deploy templates of what they may write.
  'Monitoring Contributor': {
    actions: [
      '*/read',
      'Microsoft.Insights/*',
      'Microsoft.Monitor/*',
      'Microsoft.AlertsManagement/*',
      'Microsoft.Resources/deployments/*',
    ],
    notActions: [],
  },
  'Network Contributor': {
    actions: ['*/read', 'Microsoft.Network/*', 'Microsoft.Resources/deployments/*'],
    notActions: [],
  },
};

const patterns = new Map<string, RegExp>();

/** ARM's action wildcard: case-insensitive, '*' anywhere stands for any characters. */
export function actionMatches(pattern: string, action: string): boolean {
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    compiled = new RegExp(`^${body}$`, 'i');
    patterns.set(pattern, compiled);
  }
  return compiled.test(action);
}

/** An action is allowed by a role when one of its actions matches and none of its notActions does. */
function allows(role: BuiltInRole, action: string): boolean {
  const { actions, notActions } = ROLE_PERMISSIONS[role];
  return actions.some((p) => actionMatches(p, action)) && !notActions.some((p) => actionMatches(p, action));
}

export class RoleAssignments {
  constructor(private assignments: RoleAssignment[]) {}

  list(): RoleAssignment[] {
    return [...this.assignments];
  }

  set(all: RoleAssignment[]): void {
    this.assignments = [...all];
  }

  grant(assignment: RoleAssignment): void {
    if (!this.assignments.some((a) => sameAssignment(a, assignment))) this.assignments.push(assignment);
  }

  revoke(assignment: RoleAssignment): void {
    this.assignments = this.assignments.filter((a) => !sameAssignment(a, assignment));
  }

  /** Replaces every role of a principal (tests flip a principal between Reader and Contributor). */
  replaceRoles(principalObjectId: string, roles: { role: BuiltInRole; scope: string }[]): void {
    this.assignments = this.assignments.filter(
      (a) => a.principalObjectId.toLowerCase() !== principalObjectId.toLowerCase(),
    );
    for (const r of roles) this.assignments.push({ principalObjectId, ...r });
  }

  can(actor: Actor, action: string, scope: string): boolean {
    const oid = actor.objectId.toLowerCase();
    return this.assignments.some(
      (a) => a.principalObjectId.toLowerCase() === oid && isWithin(scope, a.scope) && allows(a.role, action),
    );
  }

  /** Reads are allowed on `scope`, or (for scope ending in /*) somewhere below it. */
  canRead(actor: Actor, scope: string): boolean {
    const oid = actor.objectId.toLowerCase();
    if (scope.endsWith('/*')) {
      const base = scope.slice(0, -2);
      return this.assignments.some(
        (a) => a.principalObjectId.toLowerCase() === oid && (isWithin(base, a.scope) || isWithin(a.scope, base)),
      );
    }
    return this.can(actor, 'any/read', scope);
  }

  /**
   * What Microsoft.Authorization/permissions answers at `scope`: one permission block per role the actor holds at
   * the scope or above it (roles held only below the scope grant nothing there).
   */
  permissionsAt(actor: Actor, scope: string): Permission[] {
    const oid = actor.objectId.toLowerCase();
    return this.assignments
      .filter((a) => a.principalObjectId.toLowerCase() === oid && isWithin(scope, a.scope))
      .map((a) => ({
        actions: [...ROLE_PERMISSIONS[a.role].actions],
        notActions: [...ROLE_PERMISSIONS[a.role].notActions],
        dataActions: [],
        notDataActions: [],
      }));
  }

  authorize(actor: Actor, action: string, scope: string): void {
    if (this.can(actor, action, scope)) return;
    throw ArmErrors.authorizationFailed(actor.objectId, action, scope);
  }
}

function sameAssignment(a: RoleAssignment, b: RoleAssignment): boolean {
  return (
    a.principalObjectId.toLowerCase() === b.principalObjectId.toLowerCase() &&
    a.role === b.role &&
    a.scope.toLowerCase() === b.scope.toLowerCase()
  );
}
