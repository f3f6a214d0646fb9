import { readFile, writeFile } from 'node:fs/promises';
import { AmplinkError } from '../model/errors.js';

function reasonOf(cause: unknown): string {
  return (cause as NodeJS.ErrnoException).code ?? String(cause);
}

/** Reads a text file the user named; failure is an AmplinkError with the given code, naming the file and why. */
export async function readTextFile(path: string, what: string, code: string, fix: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new AmplinkError({ code, message: `Cannot read ${what} '${path}': ${reasonOf(cause)}.`, fix, cause });
  }
}

/** Writes a file the user named (--out); failure is AMPL_CLI_E0005 naming the file and why. */
export async function writeTextFile(path: string, text: string, what: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (cause) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0005',
      message: `Cannot write ${what} to '${path}': ${reasonOf(cause)}.`,
      fix: 'Check that the folder exists and is writable.',
      cause,
    });
  }
}
