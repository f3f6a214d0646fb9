// What the simulated agents have sent: Prometheus samples per Azure Monitor workspace (by accountId) and log rows
// per Log Analytics workspace (by customerId). In memory only; older than the retention is dropped.

export type Labels = Record<string, string>;
export interface Sample {
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
}
export interface Series {
  labels: Labels;
  samples: Sample[];
}
export type LogValue = string | number | boolean | null;
export type LogRow = Record<string, LogValue>;

const DEFAULT_RETENTION_MS = 2 * 60 * 60 * 1000;
/** Bounds that keep a big fleet with agents on from filling memory: the oldest go first. */
const MAX_SAMPLES_PER_SERIES = 7_200;
const MAX_ROWS_PER_TABLE = 100_000;

function seriesKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}

export class SampleStore {
  private readonly metrics = new Map<string, Map<string, Series>>();
  private readonly logs = new Map<string, Map<string, LogRow[]>>();

  constructor(private readonly retentionMs = DEFAULT_RETENTION_MS) {}

  addSample(accountId: string, labels: Labels, sample: Sample): void {
    const account = accountId.toLowerCase();
    const byKey = this.metrics.get(account) ?? new Map<string, Series>();
    this.metrics.set(account, byKey);
    const key = seriesKey(labels);
    const series = byKey.get(key) ?? { labels: { ...labels }, samples: [] };
    byKey.set(key, series);
    series.samples.push(sample);
    const oldest = sample.t - this.retentionMs;
    while ((series.samples[0]?.t ?? Infinity) < oldest) series.samples.shift();
    if (series.samples.length > MAX_SAMPLES_PER_SERIES)
      series.samples.splice(0, series.samples.length - MAX_SAMPLES_PER_SERIES);
  }

  series(accountId: string): Series[] {
    return [...(this.metrics.get(accountId.toLowerCase())?.values() ?? [])];
  }

  addRows(customerId: string, table: string, rows: LogRow[], now: number): void {
    const workspace = customerId.toLowerCase();
    const tables = this.logs.get(workspace) ?? new Map<string, LogRow[]>();
    this.logs.set(workspace, tables);
    const list = tables.get(table) ?? [];
    tables.set(table, list);
    list.push(...rows);
    const oldest = now - this.retentionMs;
    let drop = 0;
    while (drop < list.length && Date.parse(String(list[drop]?.['TimeGenerated'])) < oldest) drop += 1;
    drop = Math.max(drop, list.length - MAX_ROWS_PER_TABLE);
    if (drop > 0) list.splice(0, drop);
  }

  rows(customerId: string, table: string): LogRow[] | undefined {
    return this.logs.get(customerId.toLowerCase())?.get(table);
  }

  clear(): void {
    this.metrics.clear();
    this.logs.clear();
  }
}
