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

/** The codes the README documents: full ones, and the short `E0004`–`E0006` forms that follow an area's full code. */
function documentedCodes(readme: string): Set<string> {
  const codes = new Set<string>();
  let area = '';
  const range = '(?:`?[–-]`?[EWI]?\\d{4})?';
  for (const [token = ''] of readme.matchAll(new RegExp(`(?:AMPL_[A-Z]+_)?[EWI]\\d{4}${range}`, 'g'))) {
    const prefix = /^AMPL_[A-Z]+_/.exec(token)?.[0];
    if (prefix !== undefined) area = prefix;
    const [from = '', to = from] = token.slice(prefix?.length ?? 0).split(/`?[–-]`?/);
    const kind = from[0] ?? 'E';
    for (let n = Number(from.slice(1)); n <= Number(to.replace(/^[EWI]/, '')); n++) {
      codes.add(`${area}${kind}${String(n).padStart(4, '0')}`);
    }
  }
  return codes;
}

test('every error code amplink reports is in the README, with no code there that amplink lacks', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const sources = execFileSync('git', ['ls-files', 'packages/amplink/src'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.ts'));
  const used = new Set(sources.flatMap((f) => readFileSync(join(ROOT, f), 'utf8').match(/AMPL_[A-Z]+_E\d{4}/g) ?? []));
  const documented = documentedCodes(readme);
  // Verify findings are listed by `verify --json`; Azure's answers by HTTP status (AMPL_AZURE_Ennnn).
  const own = (code: string) => !/^AMPL_(VERIFY|AZURE)_/.test(code);
  const undocumented = [...used].filter((c) => own(c) && !documented.has(c)).sort();
  assert.deepEqual(undocumented, [], 'codes amplink reports that the README does not list');
  const unused = [...documented].filter((c) => own(c) && /_E\d{4}$/.test(c) && !used.has(c)).sort();
  assert.deepEqual(unused, [], 'codes the README lists that amplink never reports');
});
