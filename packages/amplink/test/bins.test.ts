import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface PackageJson {
  name: string;
  workspaces?: string[];
  bin?: string | Record<string, string>;
}

function readPackage(folder: string): PackageJson {
  return JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as PackageJson;
}

/** Every bin of every workspace package, as npm links them: command name -> path from the repository root. */
function bins(): { command: string; path: string }[] {
  return (readPackage('.').workspaces ?? []).flatMap((folder) => {
    const pkg = readPackage(folder);
    const entries = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
    return Object.entries(entries).map(([command, path]) => ({ command, path: join(folder, path) }));
  });
}

// git's own record: what a fresh clone has, with its mode (100755 = executable).
function trackedModes(): Map<string, string> {
  const lines = execFileSync('git', ['ls-files', '--stage'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
  return new Map(lines.filter(Boolean).map((line) => [line.split('\t')[1] ?? '', line.split(' ')[0] ?? '']));
}

test('every bin of every package is a file git tracks, executable, with a node shebang (a fresh clone has it before any build)', () => {
  const found = bins();
  assert.deepEqual(found.map((b) => b.command).sort(), ['amplink', 'amplink-emulator']);
  const tracked = trackedModes();
  for (const { command, path } of found) {
    assert.ok(!path.includes('/dist/'), `${command}: ${path} is in dist/, which npm ci builds after linking bins`);
    assert.equal(tracked.get(path), '100755', `${command}: ${path} is not tracked by git as an executable file`);
    assert.match(readFileSync(join(ROOT, path), 'utf8'), /^#!\/usr\/bin\/env node\n/, `${command}: no shebang`);
  }
});

test('each bin runs the built command (--help, exit 0)', () => {
  for (const { command, path } of bins()) {
    const run = spawnSync(join(ROOT, path), ['--help'], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${command}: ${run.stderr}`);
    assert.match(run.stdout, new RegExp(`Usage: ${command} `), command);
  }
});

test('a bin without its build says so, with the fix and exit 1 (not a "module not found" trace)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amplink-bin-'));
  try {
    for (const { command, path } of bins()) {
      mkdirSync(join(dir, command, 'bin'), { recursive: true });
      const copy = join(dir, command, 'bin', basename(path));
      copyFileSync(join(ROOT, path), copy);
      const run = spawnSync(process.execPath, [copy, '--help'], { encoding: 'utf8' });
      assert.equal(run.status, 1, command);
      assert.match(
        run.stderr,
        /^[\w-]+: [A-Z_0-9]+: .* is not built: .*dist.* is missing\.\n {2}fix: run npm run build/,
        command,
      );
      assert.doesNotMatch(run.stderr, /ERR_MODULE_NOT_FOUND|\n\s+at /, command);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
