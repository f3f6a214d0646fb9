import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';

/** The layers of docs/architecture.md are held by eslint.config.js: these prove that a wrong import fails lint. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The import problems ESLint reports for `source` as if it were the file at `path` (an existing one, read from src/). */
async function importProblems(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${ROOT}packages/amplink/src/${path}` });
  assert.ok(result, 'ESLint answered');
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const using = (specifier: string) => `import * as imported from '${specifier}';\nexport const used = imported;\n`;

describe('layers held by lint', () => {
  test('the pure layers may not read files', async () => {
    const cases: [string, string][] = [
      ['plan/plan-file.ts', 'node:fs/promises'],
      ['plan/planner.ts', 'fs'],
      ['export/az.ts', 'node:fs'],
      ['verify/verify.ts', 'fs/promises'],
      ['report/plan-text.ts', 'node:fs'],
      ['model/topology.ts', 'node:fs'],
      ['verify/probes/live.ts', 'node:fs'],
      ['plan/plan-file.ts', '../files/text-files.js'],
    ];
    for (const [path, specifier] of cases) {
      const problems = await importProblems(path, using(specifier));
      assert.equal(problems.length, 1, `${specifier} in ${path}`);
      assert.match(problems[0] ?? '', /at the edge/);
    }
  });

  test('only discover, apply and the live probes reach Azure', async () => {
    for (const path of ['plan/planner.ts', 'export/bicep.ts', 'verify/verify.ts', 'report/apply-text.ts']) {
      const problems = await importProblems(path, using('../azure/arm-connection.js'));
      assert.equal(problems.length, 1, path);
      assert.match(problems[0] ?? '', /reach Azure/);
      assert.equal((await importProblems(path, using('../discover/discover.js'))).length, 1, path);
    }
    assert.deepEqual(await importProblems('verify/probes/live.ts', using('../../azure/arm-connection.js')), []);
    assert.deepEqual(await importProblems('apply/apply.ts', using('../azure/arm-connection.js')), []);
    assert.deepEqual(await importProblems('discover/discover.ts', using('../azure/arm-connection.js')), []);
  });

  test('model imports only model, azure only model', async () => {
    assert.match((await importProblems('model/topology.ts', using('../plan/types.js')))[0] ?? '', /bottom layer/);
    assert.deepEqual(await importProblems('model/topology.ts', using('./resources.js')), []);
    assert.match((await importProblems('azure/arm-connection.ts', using('../plan/types.js')))[0] ?? '', /only model/);
    assert.deepEqual(await importProblems('azure/arm-connection.ts', using('../model/errors.js')), []);
  });

  test('no library folder imports the CLI; the CLI imports any layer', async () => {
    for (const path of [
      'apply/apply.ts',
      'discover/discover.ts',
      'files/text-files.ts',
      'index.ts',
      'plan/planner.ts',
    ]) {
      const specifier = path === 'index.ts' ? './cli/program.js' : '../cli/program.js';
      const problems = await importProblems(path, using(specifier));
      assert.equal(problems.length, 1, path);
      assert.match(problems[0] ?? '', /never imports the CLI/);
    }
    assert.deepEqual(await importProblems('cli/program.ts', using('../azure/arm-connection.js')), []);
    assert.deepEqual(await importProblems('cli/program.ts', using('node:fs/promises')), []);
  });
});
