import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  assertAzureCliInstalled,
  createAzureCliSession,
  startEmulator,
  type AzureCliSession,
  type RunningEmulator,
} from 'amplink-emulator';

export const EXAMPLE_FLEET = fileURLToPath(new URL('../../../../examples/fleet.yaml', import.meta.url));

export interface AzOnEmulator {
  readonly emulator: RunningEmulator;
  readonly az: AzureCliSession;
  /** A folder of the test's own, removed afterwards. */
  readonly workDir: string;
}

/**
 * The real Azure CLI signed in to an emulator of `fleet`, for the tests of one file: started before them, stopped
 * after. The getter throws if called before `before` ran.
 */
export function azOnEmulator(fleet = EXAMPLE_FLEET, prefix = 'amplink-az-'): () => AzOnEmulator {
  let state: AzOnEmulator | undefined;
  before(async () => {
    await assertAzureCliInstalled();
    const workDir = await mkdtemp(join(tmpdir(), prefix));
    const emulator = await startEmulator({ fleet, port: 0 });
    state = { emulator, az: await createAzureCliSession(emulator), workDir };
  });
  after(async () => {
    await state?.az.dispose();
    await state?.emulator.stop();
    if (state) await rm(state.workDir, { recursive: true, force: true });
  });
  return () => {
    if (state === undefined) throw new TypeError('azOnEmulator: used before its `before` hook ran');
    return state;
  };
}

/** ARM hands a template string `[[x]` to its resource as `[x]`: what the resource's service receives. */
export function armUnescaped(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('[[') ? value.slice(1) : value;
  if (Array.isArray(value)) return value.map(armUnescaped);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, armUnescaped(v)]));
  }
  return value;
}
