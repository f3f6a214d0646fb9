// The real Azure CLI against a running emulator, for tests and for users who want `az` to talk to it:
// an isolated config dir, the emulator's CA trusted through REQUESTS_CA_BUNDLE (TLS checks stay on), the emulator
// registered as a cloud and selected, then `az login --identity` through MSI_ENDPOINT.
// What az 2.45 needs from the server, and why, is in ../../AZURE-CLI-NOTES.md.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorError } from '../arm/errors.js';

/** What a session needs of a running emulator (`startEmulator`'s result has all three). */
export interface AzureCliTarget {
  url: string;
  caCertPath: string;
  msiEndpoint: string;
}

export interface AzResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface AzureCliSessionOptions {
  /** Extra `az login --identity` arguments, e.g. ['--username', clientId] for a user-assigned identity. */
  loginArgs?: string[];
  /** The name the emulator is registered under in this session's az config; default amplink-emulator. */
  cloudName?: string;
  /** Per az call; default 120 s (a call takes about a second). */
  timeoutMs?: number;
}

export interface AzureCliSession {
  /** AZURE_CONFIG_DIR of this session (profile, clouds, token cache); removed by dispose(). */
  readonly configDir: string;
  /** The environment az runs with; give it to a script that calls az to run it in this session. */
  readonly env: NodeJS.ProcessEnv;
  /** What `az login --identity` printed: the subscriptions the identity sees. */
  readonly accounts: unknown;
  run(args: readonly string[]): Promise<AzResult>;
  /** Runs az with --output json and parses it; rejects with az's stderr when az fails. */
  json(args: readonly string[]): Promise<unknown>;
  dispose(): Promise<void>;
}

export const AZURE_CLI_MISSING =
  'Azure CLI (az) is not installed: run `bash scripts/ensure-system-deps.sh` at the repository root.';

const DEFAULT_TIMEOUT_MS = 120_000;

function runAz(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<AzResult> {
  return new Promise((resolve, reject) => {
    execFile('az', [...args], { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new EmulatorError('EMULATOR_AZ_MISSING', AZURE_CLI_MISSING));
        return;
      }
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Rejects with the message to run scripts/ensure-system-deps.sh when az is not on PATH. */
export async function assertAzureCliInstalled(): Promise<void> {
  const result = await runAz(['version', '--output', 'json'], process.env, DEFAULT_TIMEOUT_MS);
  if (result.code !== 0) {
    throw new EmulatorError('EMULATOR_AZ_MISSING', `az version failed: ${result.stderr.trim()}\n${AZURE_CLI_MISSING}`);
  }
}

/**
 * A signed-in az session against the emulator: `az cloud register` with the four endpoints az requires (so it makes
 * no metadata request), `az cloud set`, `az login --identity`.
 */
export async function createAzureCliSession(
  emulator: AzureCliTarget,
  options: AzureCliSessionOptions = {},
): Promise<AzureCliSession> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cloudName = options.cloudName ?? 'amplink-emulator';
  const configDir = await mkdtemp(join(tmpdir(), 'amplink-az-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: configDir,
    AZURE_CONFIG_DIR: configDir,
    REQUESTS_CA_BUNDLE: emulator.caCertPath,
    MSI_ENDPOINT: emulator.msiEndpoint,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    // Hides the "command group is in preview" warnings so that stderr holds only errors.
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
  };
  const run = (args: readonly string[]): Promise<AzResult> => runAz(args, env, timeoutMs);
  const json = async (args: readonly string[]): Promise<unknown> => {
    const result = await run([...args, '--output', 'json']);
    if (result.code !== 0) {
      throw new EmulatorError('EMULATOR_AZ_FAILED', `az ${args.join(' ')} failed (${result.code}):\n${result.stderr}`);
    }
    return result.stdout.trim() === '' ? undefined : JSON.parse(result.stdout);
  };
  const dispose = (): Promise<void> => rm(configDir, { recursive: true, force: true });
  try {
    const endpoint = emulator.url.endsWith('/') ? emulator.url : `${emulator.url}/`;
    await json([
      'cloud',
      'register',
      '--name',
      cloudName,
      '--endpoint-resource-manager',
      endpoint,
      '--endpoint-active-directory',
      endpoint,
      '--endpoint-active-directory-resource-id',
      'https://management.core.windows.net/',
      '--endpoint-active-directory-graph-resource-id',
      'https://graph.windows.net/',
    ]);
    await json(['cloud', 'set', '--name', cloudName]);
    const accounts = await json(['login', '--identity', ...(options.loginArgs ?? [])]);
    return { configDir, env, accounts, run, json, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
