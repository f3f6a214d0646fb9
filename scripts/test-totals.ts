// Reads the TAP that `node --test` prints (each package's `npm test`) and sums it up: the counts of its closing
// lines, and the tests that were skipped or failed, by name, with the reason given.

export interface PackageTotals {
  name: string;
  tests: number;
  pass: number;
  fail: number;
  skipped: number;
  todo: number;
  cancelled: number;
  /** Skipped tests: name and reason. */
  notRun: { test: string; reason: string }[];
  /** Failed tests (not the suites around them). */
  failed: string[];
  /** The package's test command exited with this code. */
  exitCode: number;
}

const COUNTERS = ['tests', 'pass', 'fail', 'skipped', 'todo', 'cancelled'] as const;
const RESULT = /^(\s*)(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO)\b ?(.*))?$/;

/** The totals of one package's TAP output; a summary that is missing counts as a failure (the run broke off). */
export function totalsOf(name: string, tap: string, exitCode: number): PackageTotals {
  const totals: PackageTotals = {
    name,
    tests: 0,
    pass: 0,
    fail: 0,
    skipped: 0,
    todo: 0,
    cancelled: 0,
    notRun: [],
    failed: [],
    exitCode,
  };
  const lines = tap.split('\n');
  let summaryFound = false;
  for (const [index, line] of lines.entries()) {
    const counter = /^# (tests|pass|fail|skipped|todo|cancelled) (\d+)$/.exec(line);
    if (counter) {
      // Only the top-level summary is unindented; the last one wins (one per node --test run).
      totals[counter[1] as (typeof COUNTERS)[number]] = Number(counter[2]);
      summaryFound = true;
      continue;
    }
    const result = RESULT.exec(line);
    if (!result) continue;
    const [, indent = '', status, title = '', directive, reason = ''] = result;
    const test = unescape(title);
    if (directive === 'SKIP') totals.notRun.push({ test, reason: unescape(reason) || 'no reason given' });
    if (status === 'not ok' && !isSuite(lines, index, indent.length)) totals.failed.push(test);
  }
  if (!summaryFound) totals.fail = Math.max(totals.fail, 1);
  return totals;
}

/** A result's YAML block says `type: 'suite'` for describe() blocks. */
function isSuite(lines: string[], index: number, indent: number): boolean {
  for (let i = index + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '...') return false;
    if (line.startsWith(' '.repeat(indent + 2)) && line.trim() === "type: 'suite'") return true;
    if (line.trim() !== '---' && !line.startsWith(' '.repeat(indent + 2))) return false;
  }
  return false;
}

function unescape(text: string): string {
  return text.replace(/\\#/g, '#').replace(/\\\\/g, '\\').trim();
}

/** The closing block: per package and overall, then every test that did not run and why, then every failure. */
export function formatTotals(packages: readonly PackageTotals[]): string {
  const rows = [
    ['package', ...COUNTERS],
    ...packages.map((p) => [p.name, ...COUNTERS.map((c) => String(p[c]))]),
    ['all packages', ...COUNTERS.map((c) => String(packages.reduce((sum, p) => sum + p[c], 0)))],
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const table = rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  '),
  );
  const out = ['', '== npm test: totals of every package ==', ...table];
  const notRun = packages.flatMap((p) => p.notRun.map((n) => ({ ...n, name: p.name })));
  if (notRun.length > 0) {
    out.push('', `NOT RUN: ${notRun.length} test${notRun.length === 1 ? '' : 's'} did not run:`);
    for (const n of notRun) out.push(`  ${n.name}: ${n.test} — ${n.reason}`);
  }
  const broken = packages.filter((p) => p.exitCode !== 0 && p.fail === 0 && p.cancelled === 0);
  const failed = packages.flatMap((p) => p.failed.map((test) => `  ${p.name}: ${test}`));
  if (failed.length > 0) out.push('', `FAILED: ${failed.length}:`, ...failed);
  for (const p of broken) out.push('', `FAILED: ${p.name}'s tests exited with code ${p.exitCode}`);
  out.push('', passed(packages) ? 'result: pass' : 'result: FAIL');
  return out.join('\n') + '\n';
}

export function passed(packages: readonly PackageTotals[]): boolean {
  return packages.every((p) => p.exitCode === 0 && p.fail === 0 && p.cancelled === 0);
}
