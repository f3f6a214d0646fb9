import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningEmulator } from 'amplink-emulator';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  killWhen?: () => boolean;
  /** The signal `killWhen` sends (SIGKILL when absent). */
  killSignal?: NodeJS.Signals;
  /** Sends the signal again this long after the first time. */
  againAfterMs?: number;
  /** Environment variables besides PATH and HOME (undefined leaves one out). */
  env?: Record<string, string | undefined>;
  /** The working folder (default: this one). */
  cwd?: string;
}

/** The real command in a child process, signed in through the emulator's managed identity endpoint. */
export function amplink(emulator: RunningEmulator, args: string[], options: RunOptions = {}): Promise<Run> {
  return runAmplink(args, {
    ...options,
    env: {
      NODE_EXTRA_CA_CERTS: emulator.caCertPath,
      MSI_ENDPOINT: emulator.msiEndpoint,
      AMPLINK_ARM_ENDPOINT: emulator.url,
      ...options.env,
    },
  });
}

/** The real command in a child process with only PATH, HOME and `env` set: no Azure sign-in unless `env` gives one. */
export function runAmplink(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve) => {
    // Resolved here: from another working folder, node would look for tsx there.
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN, ...args], {
      ...(options.cwd !== undefined && { cwd: options.cwd }),
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timer: NodeJS.Timeout | undefined;
    if (options.killWhen) {
      const check = options.killWhen;
      timer = setInterval(() => {
        if (check()) {
          const signal = options.killSignal ?? 'SIGKILL';
          child.kill(signal);
          clearInterval(timer);
          if (options.againAfterMs !== undefined) setTimeout(() => child.kill(signal), options.againAfterMs);
        }
      }, 5);
    }
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
