import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BEGIN, END, readmeWithCodes } from '../scripts/readme-codes.js';
import { CODES, isAmplinkCode } from '../src/model/codes.js';

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

function sourceTexts(): { file: string; text: string }[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'packages/amplink/src'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f.endsWith('.ts') && f !== 'packages/amplink/src/model/codes.ts')
    .map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));
}

test("the README's list of codes is the registry's (npm run docs:codes writes it)", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(BEGIN) && readme.includes(END), 'the README has the markers of the list of codes');
  const expected = await readmeWithCodes(readme);
  assert.ok(expected === readme, 'README.md differs from the registry: run npm run docs:codes');
  for (const code of Object.keys(CODES)) assert.ok(readme.includes(`\`${code}\``), `README lists ${code}`);
});

test('every code in the source is registered, and every registered code is reported somewhere', () => {
  const sources = sourceTexts();
  for (const code of Object.keys(CODES)) assert.match(code, /^AMPL_[A-Z]+_[EWI]\d{4}$/);
  const mentioned = new Set(sources.flatMap(({ text }) => text.match(/AMPL_[A-Z]+_[EWI]\d{4}/g) ?? []));
  const unregistered = [...mentioned].filter((c) => !isAmplinkCode(c)).sort();
  assert.deepEqual(unregistered, [], 'codes in the source that src/model/codes.ts does not register');
  // Reported: a quoted literal, or the warning twin of one (verify's findings that stop no data yet).
  const literals = new Set(
    sources.flatMap(({ text }) => [...text.matchAll(/'(AMPL_[A-Z]+_[EWI]\d{4})'/g)].map((m) => m[1])),
  );
  const reported = (code: string) => literals.has(code) || literals.has(code.replace(/_W(\d{4})$/, '_E$1'));
  const unused = Object.keys(CODES)
    .filter((c) => !reported(c))
    .sort();
  assert.deepEqual(unused, [], 'codes the registry lists that amplink never reports');
});
