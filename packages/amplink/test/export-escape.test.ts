/**
 * The escape functions of src/export/escape.ts, each read back by the language it writes for: hcl2json and
 * `terraform console` (when terraform is on PATH) for HCL, bash for bash words, the test tokenizers for PowerShell and
 * Bicep, ARM's documented bracket rule for ARM; and the Terraform case of the issue, through the planner.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseHcl } from '@cdktf/hcl2json';
import fc from 'fast-check';
import {
  armLiteral,
  armLiterals,
  azArgument,
  bashInsideDoubleQuotes,
  bashSingleQuoted,
  bicepString,
  hclString,
  powerShellString,
} from '../src/export/escape.js';
import { exportPlan } from '../src/export/index.js';
import { CodeWriter } from '../src/export/writer.js';
import { isAmplinkError } from '../src/model/errors.js';
import { planOnce as plan } from '../src/plan/planner.js';
import { planOf, plainStrings } from './support/hostile-plan.js';
import { bicepTokens, powerShellTokens } from './support/literals.js';
import { World } from './support/world.js';

const TRICKY = [
  '',
  '${path.cwd}',
  '$${path.cwd}',
  '$$${x}',
  '%{ if true }yes%{ endif }',
  '%%{',
  '$',
  '%',
  'ends with \\',
  '"quoted" \'single\'',
  'line one\nline two\r\nthree\rfour',
  'tab\there',
  '\u0000\u0001\u001b[31mred\u007f\u0085\u2028\u2029',
  '$(echo INJECTED) `echo INJECTED`',
  '‘typographic’ ‚quotes‛ “double” „low“',
  "[concat('a')]",
  '[[already]',
  '*/ /* # <# #> //',
  'é e\u0301 日本 🙂 👩‍👩‍👧',
];

const TERRAFORM =
  spawnSync('terraform', ['version'], { env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } }).status === 0;

function run(file: string, args: string[], input = '', cwd?: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { cwd, env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error(`${file} is not installed`));
        else resolve({ code: error === null ? 0 : 1, stdout });
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** Values as HCL reads them: one file of `vN = <literal>` attributes through hcl2json (HCL's JSON form decoded). */
async function readHcl(values: string[]): Promise<string[]> {
  const source = values.map((v, i) => `v${i} = ${hclString(v)}\n`).join('');
  const parsed = (await parseHcl('values.tf', source)) as Record<string, string>;
  return values.map((_, i) => {
    const raw = parsed[`v${i}`] as string;
    assert.doesNotMatch(raw.replace(/\$\$\{|%%\{/g, ''), /[$%]\{/, `no live template sequence in ${raw}`);
    return raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  });
}

function expectCode(code: string, body: () => unknown): void {
  assert.throws(body, (error: unknown) => isAmplinkError(error) && error.code === code);
}

describe('the Terraform case of the issue', () => {
  test('a tag value ${path.cwd} stays a literal in the Terraform export', async () => {
    const world = new World();
    const ampls = world.ampls();
    const amw = world.amw('aks-amw', 'eastus');
    world.cluster({ name: 'weu-1', region: 'westeurope', metricsTo: amw.id }); // no DCE in its region: one is created
    const result = plan(world.topology(), { amplsId: ampls, newEndpoints: { tags: { where: '${path.cwd}' } } });
    const text = exportPlan(result, 'terraform');
    assert.match(text, /"where"\s+= "\$\$\{path\.cwd\}"/);
    const hcl = (await parseHcl('main.tf', text)) as {
      resource: Record<string, Record<string, { tags: Record<string, string> }[]>>;
    };
    const [dce] = Object.values(hcl.resource['azurerm_monitor_data_collection_endpoint'] ?? {});
    // hcl2json keeps HCL's JSON form, where `$${` is a literal `${` and `${` would be an interpolation.
    assert.equal(dce?.[0]?.tags['where'], '$${path.cwd}');
  });

  test(
    'terraform itself reads each escaped string back as it was',
    { skip: TERRAFORM ? false : 'terraform is not on PATH: the check with Terraform itself is not run' },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'amplink-tf-console-'));
      try {
        const values = TRICKY.map((v) => v.normalize('NFC'));
        // base64 of the JSON, so the console's own quoting of what it prints plays no part.
        const expression = `base64encode(jsonencode([${values.map(hclString).join(', ')}]))\n`;
        const result = await run('terraform', ['console'], expression, dir);
        assert.equal(result.code, 0, result.stdout);
        const printed = JSON.parse(result.stdout.trim()) as string;
        assert.deepEqual(JSON.parse(Buffer.from(printed, 'base64').toString('utf8')), values);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('escape functions read back by their language', () => {
  test('hclString: hcl2json reads every value back (as NFC, as HCL does)', async () => {
    assert.deepEqual(
      await readHcl(TRICKY),
      TRICKY.map((v) => v.normalize('NFC')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 20 }), async (values) => {
        assert.deepEqual(
          await readHcl(values),
          values.map((v) => v.normalize('NFC')),
        );
      }),
      { numRuns: 10 },
    );
  });

  test('bashSingleQuoted and bashInsideDoubleQuotes: bash passes every value through unchanged', async () => {
    const values = [...TRICKY.filter((v) => !v.includes('\u0000')), ...fc.sample(fc.string({ unit: 'binary' }), 40)]
      .map((v) => v.replaceAll('\u0000', ''))
      .filter((v) => v !== '');
    const script = values.map((v) => `printf '%s\\0' ${bashSingleQuoted(v)} "${bashInsideDoubleQuotes(v)}"`).join('\n');
    const result = await run('bash', ['-c', script]);
    assert.equal(result.code, 0);
    assert.deepEqual(
      result.stdout.split('\u0000').slice(0, -1),
      values.flatMap((v) => [v, v]),
    );
  });

  test('bash cannot hold NUL, and az reads an argument starting with @ from a file: both refused with a code', () => {
    expectCode('AMPL_EXPORT_E0007', () => bashSingleQuoted('a\u0000b'));
    expectCode('AMPL_EXPORT_E0007', () => bashInsideDoubleQuotes('a\u0000b'));
    expectCode('AMPL_EXPORT_E0007', () => azArgument('@/etc/passwd'));
    assert.equal(azArgument('a@b'), "'a@b'");
    const strings = plainStrings(0);
    strings.linkNames = ['@secrets.txt', 'fine'];
    expectCode('AMPL_EXPORT_E0007', () => exportPlan(planOf(strings), 'az'));
  });

  test('powerShellString: one string token holding the value, typographic quotes included', () => {
    assert.equal(powerShellString("it's ‘x’"), "'it''s ‘‘x’’'");
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'binary' })), (value) => {
        const tokens = powerShellTokens(`Write-Output ${powerShellString(value)} | Out-Null`);
        assert.deepEqual(tokens, [
          { kind: 'code', text: 'Write-Output ' },
          { kind: 'string', text: value },
          { kind: 'code', text: ' | Out-Null' },
        ]);
      }),
      { numRuns: 200 },
    );
  });

  test('bicepString: one string token holding the value; ${ and line breaks escaped', () => {
    assert.equal(bicepString("${x}\n'\\"), "'\\${x}\\n\\'\\\\'");
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'binary' })), (value) => {
        const tokens = bicepTokens(`name: ${bicepString(value)}\n`);
        assert.deepEqual(tokens, [
          { kind: 'code', text: 'name: ' },
          { kind: 'string', text: value },
          { kind: 'code', text: '\n' },
        ]);
      }),
      { numRuns: 200 },
    );
  });

  test('armLiteral: only a string that starts with [ and ends with ] is escaped, as the ARM documentation says', () => {
    assert.equal(armLiteral('[test value]'), '[[test value]');
    assert.equal(armLiteral('[test] value'), '[test] value');
    assert.equal(armLiteral('[no end'), '[no end');
    assert.equal(armLiteral('no start]'), 'no start]');
    assert.equal(armLiteral('[[x]'), '[[[x]');
    assert.equal(armLiteral('[]'), '[[]');
    assert.deepEqual(armLiterals({ '[k]': ['[v]', 1, { n: '[w' }] }), { '[[k]': ['[[v]', 1, { n: '[w' }] });
    // ARM's reading: [[...] drops one [, [...] is an expression, anything else is as it is.
    const read = (s: string): string =>
      s.startsWith('[') && s.endsWith(']') ? (s.startsWith('[[') ? s.slice(1) : 'EXPRESSION') : s;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...TRICKY),
          fc.string(),
          fc.string().map((s) => `[${s}]`),
        ),
        (value) => {
          assert.equal(read(armLiteral(value)), value);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('comments: no text breaks out of a line comment; control characters are shown, not written', () => {
    for (const prefix of ['#', '//']) {
      const out = new CodeWriter(prefix);
      out.comment(TRICKY.join(' '));
      out.comment('a\rb\u2028c\u2029d\u0085e\r\nf');
      const lines = out.toString().replace(/\n$/, '').split('\n');
      for (const line of lines) assert.ok(line.startsWith(prefix), `${JSON.stringify(line)} is a comment`);
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      assert.doesNotMatch(out.toString().replace(/\n/g, ''), /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      assert.match(out.toString(), /\\u001B\[31mred/);
    }
  });
});
