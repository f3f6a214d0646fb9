// The emulator's CLI as a user runs it: a separate process (`amplink-emulator ...` from the source), talked to over
// HTTPS with a token from its MSI endpoint, as `az login --identity` gets one.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const started = new Set<ChildProcess>();

/** Kills every emulator process a test started and left running (a failed assertion skips its stop). */
export function killStartedClis(): void {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  started.clear();
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `amplink-emulator <args>` to its end (a hang guard kills it after `timeoutMs`). */
export function runCli(args: string[], timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args]);
    let stdout = '';
    let stderr = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningCli {
  child: ChildProcess;
  url: string;
  caCertPem: string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM (a clean stop) and the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts `amplink-emulator start --port 0 --no-agents <args>` and resolves once it says it is ready. */
export function startCli(args: string[], timeoutMs = 120_000): Promise<RunningCli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start', '--port', '0', '--no-agents', ...args]);
    started.add(child);
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the emulator did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!/Control API/.test(stdout)) return;
      clearTimeout(guard);
      const url = /Azure Resource Manager at (https:\/\/\S+?)\/?$/m.exec(stdout)?.[1] ?? '';
      const caPath = /^CA certificate: (.+)$/m.exec(stdout)?.[1] ?? '';
      resolve({
        child,
        url,
        caCertPem: readFileSync(caPath, 'utf8'),
        stdout: () => stdout,
        stderr: () => stderr,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(guard);
      reject(new Error(`the emulator exited (${code}) before it was ready: ${stderr}`));
    });
  });
}

export interface HttpsAnswer {
  status: number;
  body: string;
}

/** One HTTPS request to the emulator process (the connection trusts its CA; verification stays on). */
export function https(
  emu: Pick<RunningCli, 'url' | 'caCertPem'>,
  method: string,
  path: string,
  options: { token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, emu.url),
      {
        method,
        ca: emu.caCertPem,
        headers: {
          ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** An ARM token from the process's MSI endpoint (the default identity). */
export async function msiToken(emu: Pick<RunningCli, 'url' | 'caCertPem'>): Promise<string> {
  const answer = await https(emu, 'POST', '/msi/token', {
    body: 'resource=https://management.azure.com/',
    headers: { 'content-type': 'application/x-www-form-urlencoded', Metadata: 'true' },
  });
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
}
