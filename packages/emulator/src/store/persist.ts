// --state DIR: the world as one JSON file, written atomically (temp file + rename) so a crash never leaves half a file.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EmulatorError } from '../arm/errors.js';
import type { ArmResource, SiteNetwork } from './store.js';
import type { Principal, RoleAssignment, Subscription } from '../fleet/types.js';

export const STATE_FILE = 'world.json';
const FORMAT = 'amplink-emulator-world';

export interface WorldState {
  tenantId: string;
  subscriptions: Subscription[];
  principals: Principal[];
  roleAssignments: RoleAssignment[];
  defaultPrincipalObjectId: string;
  resources: ArmResource[];
  /** The VNets on-premises sites reach (not ARM resources; see SiteNetwork). Absent in files saved before it existed. */
  siteNetworks?: SiteNetwork[];
}

const roleSchema = z.enum(['Owner', 'Contributor', 'Reader', 'Monitoring Contributor', 'Network Contributor']);
const stateSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  tenantId: z.string(),
  subscriptions: z.array(z.object({ subscriptionId: z.string(), displayName: z.string() })),
  principals: z.array(
    z.object({
      objectId: z.string(),
      displayName: z.string(),
      clientId: z.string().optional(),
      clientSecret: z.string().optional(),
    }),
  ),
  roleAssignments: z.array(z.object({ principalObjectId: z.string(), role: roleSchema, scope: z.string() })),
  defaultPrincipalObjectId: z.string(),
  resources: z.array(z.looseObject({ id: z.string(), type: z.string() })),
  siteNetworks: z.array(z.object({ clusterId: z.string(), vnetId: z.string() })).optional(),
});

export function stateFilePath(stateDir: string): string {
  return join(stateDir, STATE_FILE);
}

/** The saved world, or undefined when the directory holds none yet. A file that cannot be read back is an error. */
export function loadWorld(stateDir: string): WorldState | undefined {
  const file = stateFilePath(stateDir);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new EmulatorError(
      'EMULATOR_STATE_CORRUPT',
      `The state file ${file} is not valid JSON; move it away to start empty.`,
      {
        cause,
      },
    );
  }
  const result = stateSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new EmulatorError(
      'EMULATOR_STATE_CORRUPT',
      `The state file ${file} is not an emulator world (at ${where}: ${issue?.message ?? 'invalid'}); move it away to start empty.`,
    );
  }
  const { format: _format, version: _version, ...world } = result.data;
  return world as WorldState;
}

export function saveWorld(stateDir: string, world: WorldState): void {
  mkdirSync(stateDir, { recursive: true });
  const file = stateFilePath(stateDir);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ format: FORMAT, version: 1, ...world }));
  renameSync(temp, file);
}
