// --state DIR: the world as a snapshot (world.json) plus a journal of the changes since (journal-<generation>.jsonl).
//
// Why a journal and not per-resource files: a change to a 10,000-cluster world touches one resource (two with a
// linked scope), so one appended line is the least that can be written; per-resource files would cost a file create
// and rename per write, tens of thousands of inodes, and a directory scan at start. A journal is also ordered, so
// cascading deletes and role changes replay exactly as they happened.
//
// Crash safety (the emulator killed at any moment, SIGKILL included):
// - a record is one line, written with one write() before the request is answered: an acknowledged write is in the
//   file (the kernel keeps it even if the process dies the next instant). No fsync per record: the journal survives
//   the emulator's crash, not the machine's power cut, which a test emulator need not.
// - a torn record can only be the last line, one without its newline: it is cut off at load, so it is neither replayed
//   nor followed by new records. A complete line that is not a record is corruption: a typed error, nothing dropped.
// - compaction writes a new snapshot (temp file, fsync, rename) that names the next generation, then starts that
//   generation's journal and removes the old one. A crash between the steps leaves either the old snapshot with its
//   journal, or the new snapshot (whose journal is empty or missing): never a change applied twice or lost.
// The snapshot and the journal hold principals' client secrets: both are written 0600.
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EmulatorError } from '../arm/errors.js';
import type { ArmResource, ResourceStore, SiteNetwork, StoreChange } from './store.js';
import type { Principal, RoleAssignment, Subscription } from '../fleet/types.js';

export const STATE_FILE = 'world.json';
const FORMAT = 'amplink-emulator-world';
const SECRET_FILE_MODE = 0o600;

/**
 * The journal is folded into a new snapshot once it is larger than the snapshot (and at least this many bytes):
 * compaction then writes at most as many bytes as the journal did since the last one, so --state costs at most
 * twice the bytes of the changes themselves, however large the world.
 */
export const DEFAULT_JOURNAL_LIMIT_BYTES = 4 * 1024 * 1024;

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

/** One journal line: a store change, or the role assignments as they are now. */
export type JournalRecord = StoreChange | { kind: 'roles'; roleAssignments: RoleAssignment[] };

const roleSchema = z.enum(['Owner', 'Contributor', 'Reader', 'Monitoring Contributor', 'Network Contributor']);
const roleAssignmentSchema = z.object({
  principalObjectId: z.string(),
  role: roleSchema,
  scope: z.string(),
  name: z.string().optional(),
  principalType: z.string().optional(),
});
const resourceSchema = z.looseObject({ id: z.string(), type: z.string() });
const siteNetworkSchema = z.object({ clusterId: z.string(), vnetId: z.string() });
const stateSchema = z.object({
  format: z.literal(FORMAT),
  // Version 1 had no journal; its world.json is read as generation 0.
  version: z.union([z.literal(1), z.literal(2)]),
  generation: z.number().int().nonnegative().optional(),
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
  roleAssignments: z.array(roleAssignmentSchema),
  defaultPrincipalObjectId: z.string(),
  resources: z.array(resourceSchema),
  siteNetworks: z.array(siteNetworkSchema).optional(),
});
const recordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('put'), resource: resourceSchema }),
  z.object({ kind: z.literal('delete'), id: z.string() }),
  z.object({ kind: z.literal('clear') }),
  z.object({ kind: z.literal('site'), site: siteNetworkSchema }),
  z.object({ kind: z.literal('roles'), roleAssignments: z.array(roleAssignmentSchema) }),
]);

export function stateFilePath(stateDir: string): string {
  return join(stateDir, STATE_FILE);
}

function journalPath(stateDir: string, generation: number): string {
  return join(stateDir, `journal-${generation}.jsonl`);
}

const JOURNAL_NAME = /^journal-(\d+)\.jsonl$/;

/** A saved world: the snapshot, its generation and size, and the journal records written since, in order. */
export interface SavedWorld {
  snapshot: WorldState;
  generation: number;
  snapshotBytes: number;
  records: JournalRecord[];
}

/** Replays one journal record into the store (deletes cascade there exactly as they did when written). */
export function applyRecord(store: ResourceStore, record: StoreChange): void {
  if (record.kind === 'put') store.put(record.resource);
  else if (record.kind === 'delete') store.delete(record.id);
  else if (record.kind === 'site') store.setSiteNetwork(record.site);
  else store.clear();
}

/** The role assignments after the journal: the last 'roles' record's, else the snapshot's. */
export function roleAssignmentsOf(saved: SavedWorld): RoleAssignment[] {
  let roles = saved.snapshot.roleAssignments;
  for (const record of saved.records) if (record.kind === 'roles') roles = record.roleAssignments;
  return roles;
}

/** The saved world, or undefined when the directory holds none yet. A world that cannot be read back is an error. */
export function readSavedWorld(stateDir: string): SavedWorld | undefined {
  const file = stateFilePath(stateDir);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new EmulatorError(
      'EMULATOR_STATE_CORRUPT',
      `The state file ${file} is not valid JSON; move it away to start empty.`,
      { cause },
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
  const { format: _format, version: _version, generation = 0, ...snapshot } = result.data;
  return {
    snapshot: snapshot as WorldState,
    generation,
    snapshotBytes: Buffer.byteLength(text),
    records: readJournal(journalPath(stateDir, generation)),
  };
}

/**
 * The journal's records. A last line cut short by a crash (no newline) was never acknowledged: it is dropped, and cut
 * from the file so the next record starts on a line of its own.
 */
function readJournal(file: string): JournalRecord[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const records: JournalRecord[] = [];
  let start = 0;
  let line = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    line += 1;
    if (end === -1) {
      // A record's one write() ends with its newline, and JSON.stringify escapes newlines inside it: a line
      // without one is a write the process did not finish, never answered.
      cutAt(file, Buffer.byteLength(text.slice(0, start)));
      break;
    }
    const record = parseRecord(text.slice(start, end));
    if (record === undefined) {
      throw new EmulatorError(
        'EMULATOR_STATE_CORRUPT',
        `The state journal ${file} has a damaged record at line ${line} (a complete line, so not a torn write); move the state directory away to start empty.`,
      );
    }
    records.push(record);
    start = end + 1;
  }
  return records;
}

function parseRecord(line: string): JournalRecord | undefined {
  try {
    const result = recordSchema.safeParse(JSON.parse(line));
    return result.success ? (result.data as JournalRecord) : undefined;
  } catch {
    return undefined;
  }
}

function cutAt(file: string, bytes: number): void {
  const fd = openSync(file, 'r+');
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/** Writes `text` to `file` whole or not at all (temp file, fsync, rename), readable by the owner only. */
function writeAtomically(file: string, text: string): number {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', SECRET_FILE_MODE);
  let bytes: number;
  try {
    bytes = writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  return bytes;
}

/**
 * The open state of one emulator: appends records to the current generation's journal and compacts it into a new
 * snapshot when it outgrows its bound. Only one emulator may use a state directory at a time.
 */
export class WorldJournal {
  private fd: number | undefined;
  private journalBytes = 0;
  private snapshotBytes = 0;

  private constructor(
    private readonly stateDir: string,
    private generation: number,
    private readonly limitBytes: number,
  ) {}

  /** Opens the directory's journal for appending, after `saved` (readSavedWorld's answer, if any) was loaded. */
  static open(stateDir: string, saved: SavedWorld | undefined, limitBytes = DEFAULT_JOURNAL_LIMIT_BYTES): WorldJournal {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const journal = new WorldJournal(stateDir, saved?.generation ?? 0, limitBytes);
    journal.snapshotBytes = saved?.snapshotBytes ?? 0;
    journal.removeStaleJournals();
    return journal;
  }

  /** Appends one record; when this returns, the record survives the process being killed. */
  append(record: JournalRecord, current: () => WorldState): void {
    if (this.fd === undefined) {
      this.fd = openSync(journalPath(this.stateDir, this.generation), 'a', SECRET_FILE_MODE);
      this.journalBytes = fstatSync(this.fd).size;
    }
    this.journalBytes += writeSync(this.fd, JSON.stringify(record) + '\n');
    if (this.journalBytes > Math.max(this.limitBytes, this.snapshotBytes)) this.compact(current());
  }

  /** Writes `world` as the next generation's snapshot and starts its (empty) journal. */
  compact(world: WorldState): void {
    const next = this.generation + 1;
    this.snapshotBytes = writeAtomically(
      stateFilePath(this.stateDir),
      JSON.stringify({ format: FORMAT, version: 2, generation: next, ...world }),
    );
    this.closeJournal();
    this.generation = next;
    this.journalBytes = 0;
    this.removeStaleJournals();
  }

  close(): void {
    this.closeJournal();
  }

  private closeJournal(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Journals of other generations are left by a crash during compaction: already in the snapshot, or superseded. */
  private removeStaleJournals(): void {
    for (const name of readdirSync(this.stateDir)) {
      const match = JOURNAL_NAME.exec(name);
      if (match && Number(match[1]) !== this.generation) rmSync(join(this.stateDir, name), { force: true });
    }
  }
}
