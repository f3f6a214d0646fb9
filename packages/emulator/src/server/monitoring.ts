// What /_emulator/ shows: a request log (a ring buffer) and counters of reads and writes by resource type.
export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  status: number;
  principal?: string;
  durationMs: number;
}

export interface Counters {
  requests: number;
  byStatus: Record<string, number>;
  reads: Record<string, number>;
  writes: Record<string, number>;
  deletes: Record<string, number>;
  throttled: number;
  faultsInjected: number;
}

export class Monitor {
  private log: RequestLogEntry[] = [];
  private counters: Counters = emptyCounters();

  constructor(private readonly logSize = 1000) {}

  record(entry: RequestLogEntry): void {
    this.counters.requests += 1;
    const status = String(entry.status);
    this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
    if (entry.status === 429) this.counters.throttled += 1;
    this.log.push(entry);
    if (this.log.length > this.logSize) this.log.splice(0, this.log.length - this.logSize);
  }

  count(type: string, kind: 'read' | 'write' | 'delete'): void {
    const table =
      kind === 'read' ? this.counters.reads : kind === 'write' ? this.counters.writes : this.counters.deletes;
    table[type] = (table[type] ?? 0) + 1;
  }

  fault(): void {
    this.counters.faultsInjected += 1;
  }

  snapshot(): Counters {
    return structuredClone(this.counters);
  }

  requests(): RequestLogEntry[] {
    return [...this.log];
  }

  reset(): void {
    this.log = [];
    this.counters = emptyCounters();
  }
}

function emptyCounters(): Counters {
  return { requests: 0, byStatus: {}, reads: {}, writes: {}, deletes: {}, throttled: 0, faultsInjected: 0 };
}
