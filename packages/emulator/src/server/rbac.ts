// Role-based access: built-in roles at a scope, checked as ARM does, with ARM's AuthorizationFailed message.
import { armError } from './errors.js';
import { isWithin } from './ids.js';
import type { BuiltInRole, RoleAssignment } from '../fleet/types.js';
import type { Actor } from '../providers/base.js';

/** Actions each built-in role allows, as patterns ('*' any action, '*\/read' any read). Simplified from Azure's role definitions. */
const ROLE_ACTIONS: Record<BuiltInRole, string[]> = {
  Owner: ['*'],
  Contributor: ['*'],
  Reader: ['*/read'],
  'Monitoring Contributor': ['*/read', 'microsoft.insights/*', 'microsoft.monitor/*', 'microsoft.alertsmanagement/*'],
  'Network Contributor': ['*/read', 'microsoft.network/*'],
};

function allows(role: BuiltInRole, action: string): boolean {
  const a = action.toLowerCase();
  return ROLE_ACTIONS[role].some((pattern) => {
    if (pattern === '*') return true;
    if (pattern === '*/read') return a.endsWith('/read');
    return a.startsWith(pattern.slice(0, -1));
  });
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

  authorize(actor: Actor, action: string, scope: string): void {
    if (this.can(actor, action, scope)) return;
    throw armError(
      403,
      'AuthorizationFailed',
      `The client '${actor.objectId}' with object id '${actor.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
}

function sameAssignment(a: RoleAssignment, b: RoleAssignment): boolean {
  return (
    a.principalObjectId.toLowerCase() === b.principalObjectId.toLowerCase() &&
    a.role === b.role &&
    a.scope.toLowerCase() === b.scope.toLowerCase()
  );
}
