// Role-based access: role assignments of built-in roles at a scope, checked as ARM does, with ARM's AuthorizationFailed
// message. The assignments are the ones Microsoft.Authorization/roleAssignments lists and writes (engine/authorization.ts);
// the fleet's roles are ordinary assignments with names derived from what they assign.
import { createHash } from 'node:crypto';
import { ArmErrors } from '../arm/arm-errors.js';
import { isWithin, typeOfId } from '../arm/ids.js';
import type { BuiltInRole, RoleAssignment } from '../fleet/types.js';
import type { Actor } from '../providers/base.js';
import { roleByName, type Permission } from './role-definitions.js';

export type { Permission } from './role-definitions.js';

/** A role assignment as the emulator keeps it: always named. */
export type NamedRoleAssignment = RoleAssignment & { name: string };

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
  const { actions, notActions } = roleByName(role).permissions;
  return actions.some((p) => actionMatches(p, action)) && !notActions.some((p) => actionMatches(p, action));
}

/** A stable GUID-shaped name for an assignment that has none (the fleet's): the same roles keep the same names. */
export function assignmentName(a: Pick<RoleAssignment, 'principalObjectId' | 'role' | 'scope'>): string {
  const hex = createHash('sha256')
    .update(`${a.principalObjectId.toLowerCase()}|${a.role}|${a.scope.toLowerCase()}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function named(a: RoleAssignment): NamedRoleAssignment {
  return { ...a, name: a.name ?? assignmentName(a) };
}

export class RoleAssignments {
  private assignments: NamedRoleAssignment[];
  /** Called after every change (the assignments are part of the saved world). */
  onChange: () => void = () => undefined;

  constructor(assignments: RoleAssignment[]) {
    this.assignments = assignments.map(named);
  }

  list(): NamedRoleAssignment[] {
    return [...this.assignments];
  }

  /** Adds an assignment; false when the same principal already holds the same role at the same scope. */
  grant(assignment: RoleAssignment): boolean {
    if (this.assignments.some((a) => sameAssignment(a, assignment))) return false;
    this.assignments.push(named(assignment));
    this.onChange();
    return true;
  }

  /** Removes the assignment with this name; the removed one, if there was one. */
  revokeByName(name: string): NamedRoleAssignment | undefined {
    const found = this.assignments.find((a) => a.name.toLowerCase() === name.toLowerCase());
    if (found === undefined) return undefined;
    this.assignments = this.assignments.filter((a) => a !== found);
    this.onChange();
    return found;
  }

  /** Replaces every assignment (a world reset). */
  replaceAll(assignments: RoleAssignment[]): void {
    this.assignments = assignments.map(named);
    this.onChange();
  }

  /** Replaces every role of a principal (tests flip a principal between Reader and Contributor). */
  replaceRoles(principalObjectId: string, roles: { role: BuiltInRole; scope: string }[]): void {
    this.assignments = this.assignments.filter(
      (a) => a.principalObjectId.toLowerCase() !== principalObjectId.toLowerCase(),
    );
    for (const r of roles) this.assignments.push(named({ principalObjectId, ...r }));
    this.onChange();
  }

  can(actor: Actor, action: string, scope: string): boolean {
    const oid = actor.objectId.toLowerCase();
    return this.assignments.some(
      (a) => a.principalObjectId.toLowerCase() === oid && isWithin(scope, a.scope) && allows(a.role, action),
    );
  }

  /**
   * Reads are allowed on `scope` (the read action of its type, or of a group or subscription), or, for a scope
   * ending in /*, somewhere below it.
   */
  canRead(actor: Actor, scope: string): boolean {
    const oid = actor.objectId.toLowerCase();
    if (scope.endsWith('/*')) {
      const base = scope.slice(0, -2);
      return this.assignments.some(
        (a) => a.principalObjectId.toLowerCase() === oid && (isWithin(base, a.scope) || isWithin(a.scope, base)),
      );
    }
    return this.can(actor, `${typeOfId(scope) ?? 'Microsoft.Resources/subscriptions/resourceGroups'}/read`, scope);
  }

  /**
   * What Microsoft.Authorization/permissions answers at `scope`: one permission block per role the actor holds at
   * the scope or above it (roles held only below the scope grant nothing there).
   */
  permissionsAt(actor: Actor, scope: string): Permission[] {
    const oid = actor.objectId.toLowerCase();
    return this.assignments
      .filter((a) => a.principalObjectId.toLowerCase() === oid && isWithin(scope, a.scope))
      .map((a) => {
        const { actions, notActions } = roleByName(a.role).permissions;
        return { actions: [...actions], notActions: [...notActions], dataActions: [], notDataActions: [] };
      });
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
    a.scope.toLowerCase().replace(/\/+$/, '') === b.scope.toLowerCase().replace(/\/+$/, '')
  );
}
