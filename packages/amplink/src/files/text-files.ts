import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AmplinkError } from '../model/errors.js';
import type { AmplinkCode } from '../model/codes.js';

/** What went wrong with a path, in words, for the errors a person can act on; the errno code otherwise. */
export function describeFileError(cause: unknown, path: string): string {
  const error = cause as NodeJS.ErrnoException;
  switch (error.code) {
    case 'ENOENT':
      // /proc and the like exist but refuse new files with ENOENT.
      return existsSync(dirname(path))
        ? `the folder '${dirname(path)}' takes no new files`
        : `the folder '${dirname(path)}' does not exist (amplink creates no folders)`;
    case 'ENOTDIR':
      return `a part of '${dirname(path)}' is a file, not a folder`;
    case 'EISDIR':
      return `'${path}' is a folder`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied`;
    case 'EROFS':
      return `the file system is read-only`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space left on the device`;
    default:
      return error.code ?? (cause instanceof Error ? cause.message : String(cause));
  }
}

/** Reads a text file the user named; failure is an AmplinkError with the given code, naming the file and why. */
export async function readTextFile(path: string, what: string, code: AmplinkCode, fix: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new AmplinkError({ code, message: `Cannot read ${what} '${path}': ${reasonOf(cause)}.`, fix, cause });
  }
}

function reasonOf(cause: unknown): string {
  return (cause as NodeJS.ErrnoException).code ?? String(cause);
}

/**
 * Writes a file the user named (--out), into a folder that must exist; failure is AMPL_CLI_E0005 naming the file and
 * why. The text may come in pieces, for output too large to hold as one string.
 */
export async function writeTextFile(path: string, text: string | Iterable<string>, what: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (cause) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0005',
      message: `Cannot write ${what} to '${path}': ${describeFileError(cause, path)}.`,
      fix: 'Name a file in a folder that exists and that you may write to.',
      cause,
    });
  }
}

/**
 * Makes one folder whose parent exists (never its parents: a mistyped path is an error, not a new tree — and Node's
 * recursive mkdir never returns under /proc). A folder already there is fine; a file there is ENOTDIR.
 */
export async function makeFolder(path: string, failure: { code: AmplinkCode; fix: string }): Promise<void> {
  try {
    await mkdir(path);
  } catch (cause) {
    const exists = (cause as NodeJS.ErrnoException).code === 'EEXIST';
    if (exists && (await stat(path)).isDirectory()) return;
    throw new AmplinkError({
      code: failure.code,
      message: `Cannot make the folder '${path}': ${exists ? `'${path}' is a file, not a folder` : describeFileError(cause, path)}.`,
      fix: failure.fix,
      cause,
    });
  }
}
