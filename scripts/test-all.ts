// `npm test`: runs each workspace's tests in turn (their output as it comes), then closes with one block of true
// totals for every package, the tests that did not run and why, and the failures; exits 1 on any failure.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTotals, passed, totalsOf, type PackageTotals } from './test-totals.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface PackageJson {
  name: string;
  workspaces?: string[];
  scripts?: Record<string, string>;
}

const readPackage = (folder: string): PackageJson =>
  JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as PackageJson;

function runTests(folder: string): Promise<{ output: string; exitCode: number }> {
  return new Promise((resolve) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['test', '--silent'], { cwd: join(ROOT, folder), stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('close', (code, signal) => resolve({ output, exitCode: code ?? (signal ? 128 : 1) }));
  });
}

const results: PackageTotals[] = [];
for (const folder of readPackage('.').workspaces ?? []) {
  const pkg = readPackage(folder);
  if (pkg.scripts?.['test'] === undefined) continue;
  process.stdout.write(`\n== ${pkg.name} (${folder}): npm test ==\n`);
  const { output, exitCode } = await runTests(folder);
  results.push(totalsOf(pkg.name, output, exitCode));
}
process.stdout.write(formatTotals(results));
process.exitCode = passed(results) ? 0 : 1;
