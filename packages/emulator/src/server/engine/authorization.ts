// Microsoft.Authorization/roleAssignments and roleDefinitions at any scope (Authorization specs 2022-04-01 and
// 2026-08-01: list, get, create, delete of assignments; list and get of the built-in definitions), over the same
// assignments the emulator's RBAC checks (../rbac.ts). What `az role assignment create --assignee-object-id ...
// --assignee-principal-type ... --role ... --scope ...` and @azure/arm-authorization call.
import { z } from 'zod';
import { ArmErrors } from '../../arm/arm-errors.js';
import { scopeOf } from '../../arm/ids.js';
import type { JsonObject } from '../../store/store.js';
import type { NamedRoleAssignment } from '../rbac.js';
import { BUILT_IN_ROLES, roleByDefinitionId, roleByName, type RoleDefinition } from '../role-definitions.js';
import { page } from './paging.js';
import { checkVersion } from './request-checks.js';
import { canonicalScope } from './resolve.js';
import type { ArmRequest, ArmResponse, Engine } from './types.js';

const ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';
const DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';
/** Api-versions of the two types in the Authorization specs (az 2.45: assignments 2020-04-01-preview, definitions 2018-01-01-preview). */
const ASSIGNMENT_API_VERSIONS = [
  '2015-07-01',
  '2018-01-01-preview',
  '2018-09-01-preview',
  '2020-03-01-preview',
  '2020-04-01-preview',
  '2020-08-01-preview',
  '2020-10-01-preview',
  '2022-04-01',
  '2026-08-01',
];
const DEFINITION_API_VERSIONS = ['2015-07-01', '2018-01-01-preview', '2022-04-01', '2022-05-01-preview'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where an Authorization path splits: the scope's segments, the type, and the name if any. */
export interface AuthorizationPath {
  kind: 'roleAssignments' | 'roleDefinitions';
  scopeSegs: string[];
  name: string | undefined;
}

export function authorizationPathOf(lower: readonly string[], segs: readonly string[]): AuthorizationPath | undefined {
  for (const tail of [3, 4]) {
    const i = lower.length - tail;
    if (i < 0 || lower[i] !== 'providers' || lower[i + 1] !== 'microsoft.authorization') continue;
    const type = lower[i + 2];
    if (type !== 'roleassignments' && type !== 'roledefinitions') continue;
    return {
      kind: type === 'roleassignments' ? 'roleAssignments' : 'roleDefinitions',
      scopeSegs: segs.slice(0, i),
      name: tail === 4 ? segs[i + 3] : undefined,
    };
  }
  return undefined;
}

export function authorizationRoute(engine: Engine, req: ArmRequest, path: AuthorizationPath): ArmResponse {
  const method = req.method.toUpperCase();
  if (path.kind === 'roleDefinitions') {
    checkVersion(req, DEFINITION_API_VERSIONS, DEFINITION_TYPE);
    const scope = path.scopeSegs.length === 0 ? '/' : canonicalScope(engine, path.scopeSegs, req);
    if (method !== 'GET') throw ArmErrors.methodNotAllowed(method);
    engine.options.count(DEFINITION_TYPE, 'read');
    return path.name === undefined ? listDefinitions(engine, req, scope) : getDefinition(scope, path.name);
  }
  checkVersion(req, ASSIGNMENT_API_VERSIONS, ASSIGNMENT_TYPE);
  if (path.scopeSegs.length === 0) throw ArmErrors.unservedPath(req.path);
  const scope = canonicalScope(engine, path.scopeSegs, req);
  if (path.name === undefined) {
    if (method !== 'GET') throw ArmErrors.methodNotAllowed(method);
    return listAssignments(engine, req, scope);
  }
  if (method === 'GET') return getAssignment(engine, req, scope, path.name);
  if (method === 'PUT') return createAssignment(engine, req, scope, path.name);
  if (method === 'DELETE') return deleteAssignment(engine, req, scope, path.name);
  throw ArmErrors.methodNotAllowed(method);
}

// ---- role definitions ----------------------------------------------------------------------------------------------

/** A definition's id as Azure writes it below a subscription (the form az compares assignments' roleDefinitionId with). */
function definitionId(scope: string, guid: string): string {
  const sub = scopeOf(scope)?.subscriptionId;
  return `${sub === undefined ? '' : `/subscriptions/${sub}`}/providers/${DEFINITION_TYPE}/${guid}`;
}

function definitionJson(scope: string, role: RoleDefinition): JsonObject {
  return {
    id: definitionId(scope, role.guid),
    type: DEFINITION_TYPE,
    name: role.guid,
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: [
        {
          actions: [...role.permissions.actions],
          notActions: [...role.permissions.notActions],
          dataActions: [],
          notDataActions: [],
        },
      ],
    },
  };
}

const definitionFilter = z.union([
  z.string().regex(/^\s*roleName\s+eq\s+'([^']*)'\s*$/i),
  z.string().regex(/^\s*type\s+eq\s+'([^']*)'\s*$/i),
]);

function listDefinitions(engine: Engine, req: ArmRequest, scope: string): ArmResponse {
  const filter = req.query.get('$filter');
  let roles: readonly RoleDefinition[] = BUILT_IN_ROLES;
  if (filter !== null && filter.trim() !== '') {
    if (!definitionFilter.safeParse(filter).success) throw ArmErrors.invalidAuthorizationFilter(filter);
    const [, field = '', value = ''] = /^\s*(\w+)\s+eq\s+'([^']*)'/i.exec(filter) ?? [];
    roles =
      field.toLowerCase() === 'rolename'
        ? roles.filter((r) => r.roleName.toLowerCase() === value.toLowerCase())
        : roles.filter(() => value.toLowerCase() === 'builtinrole');
  }
  return page(
    engine,
    req,
    roles.map((r) => definitionJson(scope, r)),
  );
}

function getDefinition(scope: string, guid: string): ArmResponse {
  const role = roleByDefinitionId(guid);
  if (role === undefined || !GUID.test(guid)) throw ArmErrors.roleDefinitionNotFound(guid);
  return { status: 200, body: definitionJson(scope, role) };
}

// ---- role assignments ----------------------------------------------------------------------------------------------

function assignmentJson(a: NamedRoleAssignment): JsonObject {
  const scope = a.scope.replace(/\/+$/, '');
  return {
    id: `${scope}/providers/${ASSIGNMENT_TYPE}/${a.name}`,
    type: ASSIGNMENT_TYPE,
    name: a.name,
    properties: {
      roleDefinitionId: definitionId(scope, roleByName(a.role).guid),
      principalId: a.principalObjectId,
      principalType: a.principalType ?? 'ServicePrincipal',
      scope,
    },
  };
}

const sameScope = (a: string, b: string) => a.toLowerCase().replace(/\/+$/, '') === b.toLowerCase().replace(/\/+$/, '');
const within = (id: string, scope: string) => {
  const a = id.toLowerCase().replace(/\/+$/, '');
  const s = scope.toLowerCase().replace(/\/+$/, '');
  return a === s || a.startsWith(`${s}/`);
};

interface AssignmentFilter {
  atScope: boolean;
  principalId: string | undefined;
}

/** The forms az and the SDK send: atScope(), principalId eq '{id}', assignedTo('{id}'), joined by and. */
function parseAssignmentFilter(filter: string | null): AssignmentFilter {
  const out: AssignmentFilter = { atScope: false, principalId: undefined };
  if (filter === null || filter.trim() === '') return out;
  for (const clause of filter.split(/\s+and\s+/i)) {
    const text = clause.trim();
    const principal = /^principalId\s+eq\s+'([^']+)'$/i.exec(text)?.[1] ?? /^assignedTo\('([^']+)'\)$/i.exec(text)?.[1];
    if (/^atScope\(\)$/i.test(text)) out.atScope = true;
    else if (principal !== undefined) out.principalId = principal.toLowerCase();
    else throw ArmErrors.invalidAuthorizationFilter(filter);
  }
  return out;
}

function listAssignments(engine: Engine, req: ArmRequest, scope: string): ArmResponse {
  engine.authorize(req, `${ASSIGNMENT_TYPE}/read`, scope);
  engine.options.count(ASSIGNMENT_TYPE, 'read');
  const filter = parseAssignmentFilter(req.query.get('$filter'));
  // At the scope and above it; without atScope() also below it (RoleAssignments_ListForScope).
  const items = engine.options.roleAssignments
    .list()
    .filter((a) => within(scope, a.scope) || (!filter.atScope && within(a.scope, scope)))
    .filter((a) => filter.principalId === undefined || a.principalObjectId.toLowerCase() === filter.principalId);
  return page(engine, req, items.map(assignmentJson));
}

function findAssignment(engine: Engine, scope: string, name: string): NamedRoleAssignment | undefined {
  return engine.options.roleAssignments
    .list()
    .find((a) => a.name.toLowerCase() === name.toLowerCase() && sameScope(a.scope, scope));
}

function getAssignment(engine: Engine, req: ArmRequest, scope: string, name: string): ArmResponse {
  engine.authorize(req, `${ASSIGNMENT_TYPE}/read`, scope);
  engine.options.count(ASSIGNMENT_TYPE, 'read');
  const found = findAssignment(engine, scope, name);
  if (found === undefined) throw ArmErrors.roleAssignmentNotFound();
  return { status: 200, body: assignmentJson(found) };
}

const assignmentBody = z.object({
  properties: z.object({
    roleDefinitionId: z.string(),
    principalId: z.string(),
    principalType: z.string().optional(),
  }),
});

function createAssignment(engine: Engine, req: ArmRequest, scope: string, name: string): ArmResponse {
  engine.authorize(req, `${ASSIGNMENT_TYPE}/write`, scope);
  engine.options.count(ASSIGNMENT_TYPE, 'write');
  if (!GUID.test(name)) throw ArmErrors.invalidRoleAssignmentId(name);
  const parsed = assignmentBody.safeParse(req.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw ArmErrors.invalidProperty(issue?.path.join('.') ?? 'properties', issue?.message ?? 'invalid');
  }
  const { roleDefinitionId, principalId, principalType } = parsed.data.properties;
  const role = roleByDefinitionId(roleDefinitionId);
  if (role === undefined) throw ArmErrors.roleDefinitionNotFound(roleDefinitionId.split('/').pop() ?? roleDefinitionId);
  if (!engine.options.principalExists(principalId))
    throw ArmErrors.principalNotFound(principalId, engine.options.tenantId);
  const wanted = {
    principalObjectId: principalId,
    role: role.roleName,
    scope,
    name: name.toLowerCase(),
    ...(principalType !== undefined ? { principalType } : {}),
  };
  const existing = findAssignment(engine, scope, name);
  if (existing !== undefined) {
    if (existing.role !== wanted.role || existing.principalObjectId.toLowerCase() !== principalId.toLowerCase())
      throw ArmErrors.roleAssignmentUpdateNotPermitted();
    return { status: 201, body: assignmentJson(existing) };
  }
  if (!engine.options.roleAssignments.grant(wanted)) throw ArmErrors.roleAssignmentExists();
  return { status: 201, body: assignmentJson({ ...wanted }) };
}

function deleteAssignment(engine: Engine, req: ArmRequest, scope: string, name: string): ArmResponse {
  engine.authorize(req, `${ASSIGNMENT_TYPE}/delete`, scope);
  engine.options.count(ASSIGNMENT_TYPE, 'delete');
  const found = findAssignment(engine, scope, name);
  if (found === undefined) return { status: 204 };
  engine.options.roleAssignments.revokeByName(found.name);
  return { status: 200, body: assignmentJson(found) };
}
