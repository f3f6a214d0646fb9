import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('a clone stands on its own: every link of the READMEs and docs/ goes to a file the repository tracks', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  const files = new Set(tracked);
  const folders = new Set(
    tracked.flatMap((f) =>
      f
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  const pages = tracked.filter((f) => f.endsWith('.md') && !f.includes('node_modules'));
  assert.ok(pages.includes('docs/domain.md') && pages.includes('docs/architecture.md'), 'docs/ is in the repository');
  let links = 0;
  for (const page of pages) {
    const text = readFileSync(join(ROOT, page), 'utf8');
    for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target)) continue;
      const path = normalize(join(dirname(page), target.split('#')[0] ?? ''));
      links++;
      assert.ok(!relative(ROOT, join(ROOT, path)).startsWith('..'), `${page} links outside the repository: ${target}`);
      assert.ok(
        files.has(path) || folders.has(path.replace(/\/$/, '')),
        `${page} links to ${target}, which git does not track`,
      );
    }
  }
  assert.ok(links >= 10, `only ${links} local links found`);
});
