import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { colorWanted } from '../src/cli/color.js';
import { progressText } from '../src/report/progress-text.js';
import { runAmplink } from './support/cli.js';

const ESC = '\u001b';
const terminal = { isTTY: true, hasColors: () => true };
const pipe = { isTTY: false };

test('colour: a terminal has it, a pipe does not; NO_COLOR wins; FORCE_COLOR as Node reads it', () => {
  assert.equal(colorWanted(terminal, {}), true);
  assert.equal(colorWanted(pipe, {}), false);
  assert.equal(colorWanted({ isTTY: true, hasColors: () => false }, {}), false, 'TERM=dumb');
  assert.equal(colorWanted(terminal, { NO_COLOR: '1' }), false);
  assert.equal(colorWanted(terminal, { NO_COLOR: '' }), true, 'an empty NO_COLOR is not set (no-color.org)');
  assert.equal(colorWanted(pipe, { FORCE_COLOR: '1' }), true);
  assert.equal(colorWanted(pipe, { FORCE_COLOR: '' }), true);
  assert.equal(colorWanted(terminal, { FORCE_COLOR: '0' }), false);
  assert.equal(colorWanted(terminal, { FORCE_COLOR: 'false' }), false);
  assert.equal(colorWanted(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }), false);
});

test('progress: the count, then a rate and what is left once there is a rate to tell', () => {
  assert.equal(progressText({ finished: 0, total: 4247, elapsedMs: 5000 }), '0/4,247');
  assert.equal(progressText({ finished: 5, total: 4247, elapsedMs: 500 }), '5/4,247');
  assert.equal(progressText({ finished: 1000, total: 4247, elapsedMs: 10_000 }), '1,000/4,247, 100/s, about 32 s left');
  assert.equal(progressText({ finished: 100, total: 4247, elapsedMs: 10_000 }), '100/4,247, 10/s, about 7 min left');
  assert.equal(progressText({ finished: 3, total: 10, elapsedMs: 2000 }), '3/10, 1.5/s, about 5 s left');
  assert.equal(progressText({ finished: 10, total: 10, elapsedMs: 2000 }), '10/10');
});

test('the CLI colours its text when FORCE_COLOR says so, never with NO_COLOR, and never JSON', async () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const args = [
    'plan',
    '--snapshot',
    join(root, 'examples/snapshot.json'),
    '--ampls',
    '/subscriptions/ab194b72-50dc-5372-b691-1aad8c2aa659/resourceGroups/rg-monitoring/providers/Microsoft.Insights/privateLinkScopes/ampls-central',
  ];
  const forced = await runAmplink(args, { env: { FORCE_COLOR: '1' } });
  assert.equal(forced.code, 2, forced.stderr);
  assert.ok(forced.stdout.includes(`${ESC}[1m25 changes${ESC}[22m`), forced.stdout);
  const json = await runAmplink([...args, '--json'], { env: { FORCE_COLOR: '1' } });
  assert.ok(!json.stdout.includes(ESC));
  const refused = await runAmplink(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
  assert.ok(!refused.stdout.includes(ESC));
  assert.match(refused.stdout, /25 changes/);
});
