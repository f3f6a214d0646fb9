import { constants } from 'node:buffer';
import { stat } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { readTextFile } from '../files/text-files.js';
import { AmplinkError, SHOWN_ID_LENGTH, shownInput } from '../model/errors.js';
import { parseResources, resourceShapeError } from '../model/parse-resources.js';
import type { ArmResource } from '../model/resources.js';

/** Parses and validates snapshot text; pure, so tests and `apply --plan` use it without touching disk. */
export function parseSnapshot(text: string, source = 'snapshot'): ArmResource[] {
  return snapshotResources(parseSnapshotJson(text, source), source);
}

function parseSnapshotJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new AmplinkError({
      code: 'AMPL_SNAPSHOT_E0002',
      message: `${source} is not valid JSON: ${(cause as Error).message}.`,
      fix: 'Check that the file is complete; capture it again with `amplink discover --out FILE`.',
      cause,
    });
  }
}

/**
 * The resources of parsed snapshot JSON, validated. The snapshot format: ARM resources as GET returns them, as a bare
 * array, an ARM list (`{ "value": [...] }`), or `az graph query` output (`{ "data": [...] }`); `amplink discover --out`
 * writes the ARM list form. Checked by hand rather than with a schema, which would copy the list of every resource.
 */
function snapshotResources(json: unknown, source: string): ArmResource[] {
  if (Array.isArray(json)) return parseResources(json, source);
  if (typeof json === 'object' && json !== null) {
    const { value, data } = json as Record<string, unknown>;
    if (Array.isArray(value)) return parseResources(value as unknown[], source, ['value']);
    if (Array.isArray(data)) return parseResources(data as unknown[], source, ['data']);
  }
  throw resourceShapeError(source, [], 'expected an array of resources, or an object with a "value" or "data" array');
}

/** The longest text Node.js can hold in one string (about 512 MiB): a snapshot is read whole, so this bounds its size. */
export const MAX_SNAPSHOT_BYTES = constants.MAX_STRING_LENGTH;

function tooLarge(path: string, bytes: number | undefined, cause?: unknown): AmplinkError {
  const size = bytes === undefined ? '' : ` is ${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB:`;
  return new AmplinkError({
    code: 'AMPL_SNAPSHOT_E0007',
    message: `Snapshot file '${shownInput(path, SHOWN_ID_LENGTH)}'${size} too large to read at once (the limit is ${Math.floor(MAX_SNAPSHOT_BYTES / 2 ** 20)} MiB, the longest text Node.js holds).`,
    fix: 'Make smaller snapshots: `amplink discover --subscription ID --out FILE` for the subscriptions of one part of the fleet at a time, each planned with its own --snapshot; or plan against Azure without --snapshot, with --subscription and --cluster-* selectors.',
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Memory that reading and planning a snapshot take per byte of its file, with room: `npm run bench` measured 7 to 9.5
 * bytes of peak RSS per byte at 10,000 and 100,000 clusters (`plan --json` as a whole process, December 2026).
 */
export const HEAP_PER_SNAPSHOT_BYTE = 10;

/**
 * AMPL_SNAPSHOT_E0008 when the snapshot cannot fit in the heap this process may use: refused before reading, since
 * running out of heap is a V8 crash with a stack trace, after minutes, that no code can catch.
 */
export function assertFitsInHeap(path: string, bytes: number, heapLimit = getHeapStatistics().heap_size_limit): void {
  const needed = bytes * HEAP_PER_SNAPSHOT_BYTE;
  if (needed <= heapLimit) return;
  const mib = (n: number) => Math.ceil(n / 2 ** 20);
  // Rounded up to a whole 512 MiB, the way heap sizes are usually given.
  const suggested = Math.ceil(mib(needed) / 512) * 512;
  throw new AmplinkError({
    code: 'AMPL_SNAPSHOT_E0008',
    message: `Snapshot file '${shownInput(path, SHOWN_ID_LENGTH)}' is ${mib(bytes).toLocaleString('en-US')} MiB: reading and planning it takes about ${mib(needed).toLocaleString('en-US')} MiB of memory, more than the ${mib(heapLimit).toLocaleString('en-US')} MiB heap this Node.js process may use.`,
    fix: `Give Node.js a larger heap, on a machine with that much free memory: NODE_OPTIONS=--max-old-space-size=${suggested} amplink ... ; or make smaller snapshots: \`amplink discover --subscription ID --out FILE\` for part of the fleet at a time.`,
  });
}

export async function readSnapshotFile(path: string): Promise<ArmResource[]> {
  // Checked before reading: reading first would fill memory, then fail with a RangeError that says nothing useful,
  // or run out of heap, which is a crash.
  const bytes = await stat(path).then(
    (s) => s.size,
    () => undefined,
  );
  if (bytes !== undefined && bytes > MAX_SNAPSHOT_BYTES) throw tooLarge(path, bytes);
  if (bytes !== undefined) assertFitsInHeap(path, bytes);
  return snapshotResources(await readSnapshotJson(path), path);
}

/** The file's JSON; its text is gone once this returns (a third of the heap while the resources are validated). */
async function readSnapshotJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readTextFile(
      path,
      'snapshot file',
      'AMPL_SNAPSHOT_E0001',
      'Check the path and its permissions; `amplink discover --out FILE` writes a snapshot.',
    );
  } catch (error) {
    // A file that grew since stat, or a FIFO: Node refuses to make the string.
    const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
    if (cause instanceof RangeError || cause?.code === 'ERR_STRING_TOO_LONG') throw tooLarge(path, undefined, cause);
    throw error;
  }
  return parseSnapshotJson(text, path);
}

/** The ARM list form, sorted by id, so that the same world always gives the same bytes. */
export function formatSnapshot(resources: readonly ArmResource[]): string {
  const sorted = [...resources].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return JSON.stringify({ value: sorted.map((r) => r.raw) }, null, 2) + '\n';
}
