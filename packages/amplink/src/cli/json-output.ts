import { jsonChunks } from '../report/json-chunks.js';
import type { Io } from './exit-codes.js';

/**
 * A command's --json document on stdout, in pieces, each taken by stdout before the next is made: the JSON of a fleet
 * of 100,000 clusters is too large to make into one string (verify's passes the longest string V8 holds).
 */
export async function writeJson(io: Io, value: object): Promise<void> {
  for (const chunk of jsonChunks(value)) {
    io.stdout(chunk);
    await io.stdoutDrained?.();
  }
}
