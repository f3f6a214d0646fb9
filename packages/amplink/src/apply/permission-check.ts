import type { ArmConnection } from '../azure/arm-connection.js';
import { armErrorOf } from '../azure/arm-errors.js';
import { mapLimit } from '../azure/map-limit.js';
import { AmplinkError } from '../model/errors.js';
import { amplinkEvent, type EventSink } from '../model/events.js';
import { idKey, parseResourceId, resourceGroupId } from '../model/resource-id.js';
import { permissionsOf, type ScopePermissions } from '../plan/permissions.js';
import type { Plan } from '../plan/types.js';
import type { ApplyEvent } from './outcome.js';

/** Microsoft.Authorization/permissions (Authorization spec 2022-04-01: Permissions_ListForResourceGroup / _ListForResource). */
export const PERMISSIONS_API_VERSION = '2022-04-01';

/** One role's permission block as ARM lists it; data actions do not concern control-plane writes. */
export interface PermissionBlock {
  actions?: string[];
  notActions?: string[];
}

export interface PermissionCheck {
  /** Per scope, the actions the plan needs there that the caller's roles do not grant. */
  missing: ScopePermissions[];
  /** Scopes whose permissions could not be read, with why: nothing is known about them. */
  unchecked: { scope: string; reason: string }[];
}

const compiled = new Map<string, RegExp>();

/** ARM's action wildcard: case-insensitive, and '*' anywhere stands for any run of characters ('/' included). */
export function actionMatches(pattern: string, action: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${body}$`, 'i');
    compiled.set(pattern, regex);
  }
  return regex.test(action);
}

/**
 * ARM's rule: an action is granted when one role's block allows it and that same block does not exclude it
 * (notActions subtract from their own role only; another role may grant the action again).
 */
export function allowedBy(blocks: readonly PermissionBlock[], action: string): boolean {
  return blocks.some(
    (block) =>
      (block.actions ?? []).some((p) => actionMatches(p, action)) &&
      !(block.notActions ?? []).some((p) => actionMatches(p, action)),
  );
}

/** The group holding a scope (rights granted there reach everything in it), or undefined for a subscription. */
function groupOf(scope: string): string | undefined {
  try {
    const id = parseResourceId(scope);
    return id.resourceGroup === undefined ? undefined : resourceGroupId(id.subscriptionId, id.resourceGroup);
  } catch {
    return undefined;
  }
}

type Read = { blocks: PermissionBlock[] } | { reason: string };

function reasonOf(error: unknown): string {
  const arm = armErrorOf(error);
  if (arm) return `${arm.status ?? '?'} ${arm.code}: ${arm.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * What the caller may do at each scope the plan writes to, read from Azure before any write. Each resource group is
 * read once; a scope inside a group is read on its own only when the group's rights do not already cover it, so a
 * fleet of clusters in a few groups costs a few reads.
 */
export async function checkPermissions(
  connection: ArmConnection,
  plan: Plan,
  options: { concurrency?: number } = {},
): Promise<PermissionCheck> {
  const needed = permissionsOf(plan);
  const concurrency = options.concurrency ?? 8;
  const reads = new Map<string, Promise<Read>>();
  const read = (scope: string): Promise<Read> => {
    const key = idKey(scope);
    let pending = reads.get(key);
    if (pending === undefined) {
      pending = connection
        .list(`${scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/permissions`, PERMISSIONS_API_VERSION)
        .then(
          (blocks): Read => ({ blocks: blocks }),
          (error: unknown): Read => ({ reason: reasonOf(error) }),
        );
      reads.set(key, pending);
    }
    return pending;
  };
  const groups = [...new Set(needed.map((n) => groupOf(n.scope)).filter((g): g is string => g !== undefined))];
  await mapLimit(groups, concurrency, read);
  type Verdict = { scope: string; missing: string[] } | { scope: string; reason: string };
  const verdicts = await mapLimit(needed, concurrency, async ({ scope, actions }): Promise<Verdict> => {
    const group = groupOf(scope);
    if (group !== undefined && idKey(group) !== idKey(scope)) {
      const inherited = await read(group);
      if ('blocks' in inherited && actions.every((a) => allowedBy(inherited.blocks, a))) return { scope, missing: [] };
    }
    const own = await read(scope);
    if ('reason' in own) return { scope, reason: own.reason };
    return { scope, missing: actions.filter((a) => !allowedBy(own.blocks, a)) };
  });
  const missing: ScopePermissions[] = [];
  const unchecked: PermissionCheck['unchecked'] = [];
  for (const verdict of verdicts) {
    if ('reason' in verdict) unchecked.push({ scope: verdict.scope, reason: verdict.reason });
    else if (verdict.missing.length > 0) missing.push({ scope: verdict.scope, actions: verdict.missing });
  }
  return { missing, unchecked };
}

const SCOPES_NAMED = 5;

function someScopes(scopes: readonly string[]): string {
  const named = scopes.slice(0, SCOPES_NAMED).map((s) => `'${s}'`);
  const more = scopes.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more.toLocaleString('en-US')} more` : named.join(', ');
}

/** "'X', 'Y' on '/scope/a', '/scope/b'": scopes that miss the same actions are named together. */
export function describeMissing(missing: readonly ScopePermissions[]): string {
  const byActions = new Map<string, { actions: string[]; scopes: string[] }>();
  for (const { scope, actions } of missing) {
    const key = actions.join('\n');
    const entry = byActions.get(key) ?? { actions, scopes: [] };
    entry.scopes.push(scope);
    byActions.set(key, entry);
  }
  return [...byActions.values()]
    .map(({ actions, scopes }) => {
      const where =
        scopes.length === 1
          ? `on ${someScopes(scopes)}`
          : `on ${scopes.length.toLocaleString('en-US')} scopes: ${someScopes(scopes)}`;
      return `${actions.map((a) => `'${a}'`).join(', ')} ${where}`;
    })
    .join('; ');
}

/**
 * Stops apply before its first write when Azure's own account of the caller's rights says some writes will be
 * refused. A check that cannot run blocks nothing: the writes go ahead and Azure decides, and an event says so.
 */
export async function requirePermissions(
  connection: ArmConnection,
  plan: Plan,
  onEvent: EventSink<ApplyEvent>,
): Promise<void> {
  if (plan.actions.length === 0) return;
  const { missing, unchecked } = await checkPermissions(connection, plan);
  if (unchecked.length > 0) {
    const [first] = unchecked;
    onEvent(
      amplinkEvent(
        'AMPL_APPLY_W0010',
        `The permissions at ${unchecked.length === 1 ? '1 scope' : `${unchecked.length} scopes`} could not be read, so they were not checked before writing ` +
          `(e.g. '${first?.scope ?? ''}': ${first?.reason ?? ''}); Azure refuses what is not allowed, and the summary says so.`,
        { unchecked },
      ),
    );
  }
  if (missing.length === 0) return;
  const count = missing.reduce((n, m) => n + m.actions.length, 0);
  throw new AmplinkError({
    code: 'AMPL_APPLY_E0010',
    message:
      `The signed-in principal lacks ${count === 1 ? 'a permission' : `${count.toLocaleString('en-US')} permissions`} the plan needs, so apply wrote nothing: ` +
      `${describeMissing(missing)}.`,
    fault: 'user',
    fix: 'Grant a role with these actions at these scopes (Monitoring Contributor has the Microsoft.Insights ones), then run apply again; `amplink permissions --ampls ID` lists every permission the plan needs.',
  });
}
