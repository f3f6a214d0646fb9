/**
 * Writes the README's list of codes from the registry (src/model/codes.ts), between its two markers:
 * `npm run docs:codes`. docs.test.ts fails when the README's list is not what this script writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { AZURE_ANSWER_FAMILY, CODES } from '../src/model/codes.js';

export const README_PATH = fileURLToPath(new URL('../../../README.md', import.meta.url));
export const BEGIN = '<!-- codes:begin (npm run docs:codes writes this list from src/model/codes.ts) -->';
export const END = '<!-- codes:end -->';

function row(code: string, level: string, meaning: string): string {
  return `| \`${code}\` | ${level} | ${meaning.replace(/\|/g, '\\|')} |`;
}

/** The table of every code, in the registry's order, formatted as Prettier formats the README. */
export async function codesTable(): Promise<string> {
  const rows = Object.entries(CODES).map(([code, { level, meaning }]) => row(code, level, meaning));
  const family = row(AZURE_ANSWER_FAMILY.code, AZURE_ANSWER_FAMILY.level, AZURE_ANSWER_FAMILY.meaning);
  const azureEnd = rows.findLastIndex((r) => r.startsWith('| `AMPL_AZURE_'));
  rows.splice(azureEnd + 1, 0, family);
  const table = ['| Code | Level | Meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
  const options = (await resolveConfig(README_PATH)) ?? {};
  return format(table, { ...options, parser: 'markdown' });
}

/** The README with its list of codes as the registry says; throws when the markers are missing. */
export async function readmeWithCodes(readme: string): Promise<string> {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`README.md lacks the markers ${BEGIN} ... ${END}`);
  return `${readme.slice(0, begin + BEGIN.length)}\n\n${await codesTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(README_PATH, 'utf8');
  const updated = await readmeWithCodes(readme);
  if (updated === readme) console.log('README.md: the list of codes is up to date');
  else {
    writeFileSync(README_PATH, updated);
    console.log(`README.md: wrote ${Object.keys(CODES).length + 1} codes`);
  }
}
