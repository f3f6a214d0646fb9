/**
 * Every exporter against hostile strings (fast-check): names, tags, descriptions, locations and reasons holding
 * quotes, line breaks, `${`, `%{`, `$(`, backticks, `[`, `'`, `\`, `*\/` and unicode. Each output is read back by a real
 * parser where one runs here (hcl2json and `terraform fmt` for Terraform, bash and shellcheck for az, JSON for ARM) and
 * by the test tokenizers of test/support/literals.ts for Bicep and PowerShell; every value must come back unchanged
 * and the output must have the same shape as the export of a plan with plain strings.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseHcl } from '@cdktf/hcl2json';
import fc from 'fast-check';
import { exportActions, shortLabel } from '../src/export/actions.js';
import { exportPlan, exportPlanFiles } from '../src/export/index.js';
import type { Plan } from '../src/plan/types.js';
import { planOf, plainStrings, type PlanStrings } from './support/hostile-plan.js';
import { bicepTokens, powerShellTokens, shape, type Token } from './support/literals.js';

const RUNS = 20;

/** Pieces that have broken a script or template somewhere, plus random graphemes between them. */
const FRAGMENTS = [
  '"',
  "'",
  '\\',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '\u0000',
  '\u001b[31m',
  '${',
  '%{',
  '$(',
  '`',
  '[',
  ']',
  '*/',
  '/*',
  '#',
  '<#',
  '#>',
  '//',
  '$$',
  '%%',
  '{',
  '}',
  '\u2028',
  '\u0085',
  '\u2018',
  '\u2019',
  '\u201a',
  '\u201b',
  '\u201c',
  '\u201d',
  ';',
  '&&',
  '|',
  '$',
  '@',
  ' ',
  '\u00a0',
  'é',
  'e\u0301',
  '日本',
  '🙂',
  '👩‍👩‍👧',
  '${path.cwd}',
  '%{ if true }x%{ endif }',
  '$(echo INJECTED)',
  '`echo INJECTED`',
  "[concat('a', 'b')]",
  "'; Write-Output INJECTED; '",
  '\\${',
  '$${',
  '%%{',
];

const text = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 6 })
  .map((parts) => parts.join(''));
/** Free text: anything, and sometimes a whole ARM expression. */
const freeText = fc.oneof(
  text,
  text.map((t) => `[${t}]`),
);
/**
 * A name inside an id: anything but / (the segment separator) and NUL, made distinct by a suffix. Discovery reads
 * names Azure allows that the strict plan-file grammar refuses, so exports are held to any of them.
 */
const name = (suffix: string): fc.Arbitrary<string> =>
  text.map((t) => `${t.replaceAll('/', '').replaceAll('\u0000', '').replace(/^@/, '_')}-${suffix}`);

const planStrings: fc.Arbitrary<PlanStrings> = fc.record({
  amplsGroup: name('g1'),
  amplsName: name('n1'),
  endpointGroup: name('g2'),
  endpointName: name('n2'),
  location: freeText,
  publicNetworkAccess: freeText,
  apiVersion: name('v1'), // a URL part: bash cannot hold NUL (refused with a code, tested in export-escape)
  tags: fc.dictionary(freeText, freeText, { maxKeys: 3, noNullPrototype: true }),
  endpointDescription: freeText,
  clusterGroup: name('g3'),
  clusterName: name('n3'),
  arcGroup: name('g4'),
  arcName: name('n4'),
  associationDescription: freeText,
  updateDescription: freeText,
  existingEndpointGroup: name('g5'),
  existingEndpointName: name('n5'),
  workspaceGroup: name('g6'),
  workspaceName: name('n6'),
  linkNames: fc.tuple(name('l1'), name('l2')),
  reasons: fc.tuple(freeText, freeText, freeText, freeText, freeText),
  replaced: freeText,
});

function twin(s: PlanStrings): Plan {
  return planOf(plainStrings(Object.keys(s.tags).length));
}

/** Values every string-literal reading of an export must hold (tags as keys and values). */
function valuesOf(s: PlanStrings): string[] {
  return [
    s.location,
    s.publicNetworkAccess,
    s.endpointDescription,
    s.associationDescription,
    s.updateDescription,
    ...Object.keys(s.tags),
    ...Object.values(s.tags),
  ];
}

function assertIncludesAll(strings: string[], expected: string[], format: string): void {
  const have = new Set(strings);
  for (const value of expected) assert.ok(have.has(value), `${format}: the value ${JSON.stringify(value)} is intact`);
}

function run(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new Error(`${file} is not installed: run \`bash scripts/ensure-system-deps.sh\` at the repository root.`),
        );
        return;
      }
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
    child.stdin?.on('error', () => undefined); // a command that reads no input may exit before it is closed
    child.stdin?.end(options.input ?? '');
  });
}

const TERRAFORM =
  spawnSync('terraform', ['version'], { env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } }).status === 0;

let work: string;
/** bash by its full path: the script runs with a PATH that holds no az, and so no bash either. */
const BASH = spawnSync('bash', ['-c', 'echo "$BASH"'], { encoding: 'utf8' }).stdout.trim() || 'bash';
let tfCases = 0;
let azCases = 0;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'amplink-export-fuzz-'));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------- Terraform

/**
 * The value of a string as hcl2json gives it (HCL's JSON form, where `$${` and `%%{` still stand for `${` and `%{`);
 * a live `${` or `%{` is an interpolation or directive that survived, unless the whole string is one of the
 * references amplink writes (returned as `ref`).
 */
function hclValue(s: string): { value: string } | { ref: string } {
  const ref = /^\$\{((?:data\.)?azurerm_\w+\.\w+(?:\.id)?|azurerm\.\w+)\}$/.exec(s);
  if (ref) return { ref: ref[1] as string };
  let value = '';
  for (let i = 0; i < s.length;) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      value += `${s[i]}{`;
      i += 3;
    } else if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      throw new Error(`a live template sequence survives in ${JSON.stringify(s)}`);
    } else {
      value += s[i];
      i++;
    }
  }
  return { value };
}

type Blocks = Record<string, Record<string, Record<string, unknown>[]>>;

function literal(s: unknown): string {
  assert.equal(typeof s, 'string');
  const read = hclValue(s as string);
  assert.ok('value' in read, `${String(s)} is a literal, not a reference`);
  return read.value;
}

async function checkTerraform(s: PlanStrings, index: number): Promise<void> {
  const plan = planOf(s);
  const text = exportPlan(plan, 'terraform');
  await writeFile(join(work, 'tf', `case-${index}.tf`), text);
  const hcl = (await parseHcl('main.tf', text)) as Record<string, unknown>;
  const resources = hcl['resource'] as Blocks;
  const data = (hcl['data'] as Blocks | undefined) ?? {};
  // Every string anywhere is a literal or a reference to a block that exists.
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const read = hclValue(value);
      if ('ref' in read && read.ref.startsWith('azurerm.')) {
        const alias = read.ref.slice('azurerm.'.length);
        const providers = (hcl['provider'] as Record<string, Record<string, unknown>[]>)['azurerm'] ?? [];
        assert.ok(
          providers.some((p) => p['alias'] === alias),
          `provider ${read.ref} is declared`,
        );
      } else if ('ref' in read) {
        const [first, ...rest] = read.ref.split('.');
        const [type, symbol] = first === 'data' ? rest : [first, ...rest];
        const table = first === 'data' ? data : resources;
        assert.ok(table[type as string]?.[symbol as string], `${read.ref} names a block of the file`);
      }
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        hclValue(key);
        walk(inner);
      }
    }
  };
  walk(hcl);
  const nfc = (v: string): string => v.normalize('NFC'); // HCL reads every string as NFC, Terraform too
  const [dce] = Object.values(resources['azurerm_monitor_data_collection_endpoint'] ?? {}).map((b) => b[0]);
  assert.ok(dce);
  assert.equal(literal(dce['name']), nfc(s.endpointName));
  assert.equal(literal(dce['resource_group_name']), nfc(s.endpointGroup));
  assert.equal(literal(dce['location']), nfc(s.location));
  assert.equal(literal(dce['description']), nfc(s.endpointDescription));
  const tags = Object.fromEntries(
    Object.entries((dce['tags'] as Record<string, string> | undefined) ?? {}).map(([k, v]) => [literal(k), literal(v)]),
  );
  assert.deepEqual(tags, Object.fromEntries(Object.entries(s.tags).map(([k, v]) => [nfc(k), nfc(v)])));
  const links = Object.values(resources['azurerm_monitor_private_link_scoped_service'] ?? {}).map((b) => b[0]);
  assert.deepEqual(
    links.map((l) => [literal(l?.['name']), literal(l?.['resource_group_name']), literal(l?.['scope_name'])]).sort(),
    s.linkNames.map((n) => [nfc(n), nfc(s.amplsGroup), nfc(s.amplsName)]).sort(),
  );
  const associations = Object.values(resources['azurerm_monitor_data_collection_rule_association'] ?? {}).map(
    (b) => b[0],
  );
  assert.deepEqual(
    associations.map((a) => literal(a?.['description'])).sort(),
    [nfc(s.associationDescription), nfc(s.updateDescription)].sort(),
  );
  const imports = hcl['import'] as Record<string, unknown>[];
  assert.deepEqual(
    imports.map((i) => literal(i['id'])),
    [nfc(plan.actions[4]?.id as string)],
  );
  assert.deepEqual(Object.keys(data).sort(), [
    'azurerm_kubernetes_cluster',
    'azurerm_log_analytics_workspace',
    'azurerm_monitor_data_collection_endpoint',
  ]);
}

// ----------------------------------------------------------------------------------------------------------------- ARM

/** A template string as ARM reads it: an expression (`[...]`), or a literal with `[[` unescaped. */
function armRead(s: string): { expression: string } | { value: string } {
  if (s.startsWith('[') && s.endsWith(']')) return s.startsWith('[[') ? { value: s.slice(1) } : { expression: s };
  return { value: s };
}

/** Every string of a JSON value with its path; `keys` gives property names too. */
function* strings(value: unknown, path: string[] = []): Generator<{ path: string[]; text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, [...path, String(i)]);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield { path: [...path, `key:${k}`], text: k };
      yield* strings(v, [...path, k]);
    }
  }
}

function armValue(s: unknown): string {
  assert.equal(typeof s, 'string');
  const read = armRead(s as string);
  assert.ok('value' in read, `${String(s)} is a literal`);
  return read.value;
}

const ARM_EXPRESSION = /^\[(resourceId|extensionResourceId)\('/;

function checkArm(s: PlanStrings): void {
  const template = JSON.parse(exportPlan(planOf(s), 'arm')) as Record<string, unknown>;
  const values: string[] = [];
  for (const { path, text: raw } of strings(template)) {
    const read = armRead(raw);
    if ('expression' in read) {
      // Only the expressions amplink writes: `scope` of an association and `dependsOn` entries.
      const where = path.at(-1) === 'scope' || path.at(-2) === 'dependsOn';
      assert.ok(
        where && ARM_EXPRESSION.test(read.expression),
        `unintended ARM expression at ${path.join('.')}: ${raw}`,
      );
    } else values.push(read.value);
  }
  assertIncludesAll(values, valuesOf(s), 'arm');
  const inner = (template['resources'] as Record<string, unknown>[]).flatMap(
    (d) =>
      ((d['properties'] as Record<string, unknown>)['template'] as Record<string, unknown>)['resources'] as Record<
        string,
        unknown
      >[],
  );
  const dce = inner.find((r) => r['type'] === 'Microsoft.Insights/dataCollectionEndpoints');
  assert.ok(dce);
  assert.equal(armValue(dce['name']), s.endpointName);
  assert.equal(armValue(dce['location']), s.location);
  assert.equal(armValue(dce['apiVersion']), s.apiVersion);
  const tags = Object.fromEntries(
    Object.entries(dce['tags'] as Record<string, string>).map(([k, v]) => [armValue(k), armValue(v)]),
  );
  assert.deepEqual(tags, s.tags);
  for (const reason of s.reasons) {
    assert.ok(
      values.some((v) => v.includes(reason.replace(/\n/g, ' | '))),
      `arm: the reason ${JSON.stringify(reason)} is in a comment`,
    );
  }
}

// ------------------------------------------------------------------------------------------------ Bicep and PowerShell

function checkTokens(
  format: 'bicep' | 'powershell',
  s: PlanStrings,
  tokenize: (text: string) => Token[],
  expected: string[],
): void {
  const mine = exportPlanFiles(planOf(s), format).map((file) => tokenize(file.content));
  const plain = exportPlanFiles(twin(s), format).map((file) => tokenize(file.content));
  const shapes = (files: Token[][]): string[] => files.flatMap((tokens) => shape(tokens)).sort();
  assert.deepEqual(shapes(mine), shapes(plain), `${format}: the same declarations as with plain strings`);
  const found = mine.flatMap((tokens) => tokens.filter((t) => t.kind === 'string').map((t) => t.text));
  // Bicep's own style writes a key that is an identifier bare (`A: '...'`): such a tag key is intact as that name.
  const bareKeys =
    format === 'bicep'
      ? Object.keys(s.tags).filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !/^(true|false|null)$/.test(k))
      : [];
  const code = mine.flatMap((tokens) => tokens.filter((t) => t.kind === 'code').map((t) => t.text)).join('\n');
  const literals = [...expected];
  for (const key of bareKeys) {
    assert.match(
      code,
      new RegExp(`(^|\\s)${key}: `, 'm'),
      `${format}: the tag key ${JSON.stringify(key)} is a property name`,
    );
    // The key only: the same text elsewhere (a value, a description) must still be a literal.
    literals.splice(literals.indexOf(key), 1);
  }
  assertIncludesAll(found, literals, format);
}

function namesOf(s: PlanStrings): string[] {
  return [s.endpointName, s.endpointGroup, s.amplsName, s.amplsGroup, ...s.linkNames];
}

// ------------------------------------------------------------------------------------------------------------------ az

/**
 * A fake `az`, given to the script as an exported bash function (no process per call): it records each call (the
 * argument count, then each argument, NUL-separated) and answers as az would in a world where nothing exists yet:
 * reads fail, writes succeed.
 */
const FAKE_AZ = `() {
  printf '%s\\0' "$#" "$@" >>"$AZ_LOG"
  case "$1 $2" in
    'cloud show') echo 'https://management.example/' ;;
    'rest --method') [ "$3" = put ] || return 3 ;;
    'monitor private-link-scope') [ "$4" = create ] || return 3 ;;
    *) return 2 ;;
  esac
}`;

function calls(log: string): string[][] {
  const parts = log.split('\u0000');
  const result: string[][] = [];
  let i = 0;
  while (i < parts.length - 1) {
    const count = Number(parts[i]);
    result.push(parts.slice(i + 1, i + 1 + count));
    i += 1 + count;
  }
  return result;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
}

async function checkAz(s: PlanStrings, index: number): Promise<void> {
  const plan = planOf(s);
  const script = join(work, 'az', `case-${index}.sh`);
  await writeFile(script, exportPlan(plan, 'az'));
  const log = join(work, 'az', `case-${index}.log`);
  await writeFile(log, '');
  const result = await run(BASH, [script], {
    // PATH holds no az: only the fake can answer.
    env: { PATH: join(work, 'az'), AZ_LOG: log, 'BASH_FUNC_az%%': FAKE_AZ },
    cwd: join(work, 'az'),
  });
  assert.equal(result.code, 0, result.stderr);
  const made = calls(await readFile(log, 'utf8'));
  assert.equal(made.length, 1 + 2 * plan.actions.length, 'one read and one write per action, nothing else');
  const puts = made.filter((c) => c[0] === 'rest' && c[2] === 'put');
  for (const action of plan.actions.filter((a) => !a.resourceType.endsWith('scopedResources'))) {
    const put = puts.find(
      (c) => option(c, '--url') === `https://management.example${action.id}?api-version=${action.apiVersion}`,
    );
    assert.ok(put, `a PUT to ${action.id}`);
    assert.deepEqual(JSON.parse(option(put, '--body') as string), action.body);
  }
  const creates = made.filter((c) => c[0] === 'monitor' && c[3] === 'create');
  assert.deepEqual(
    creates
      .map((c) => [
        option(c, '--subscription'),
        option(c, '--resource-group'),
        option(c, '--scope-name'),
        option(c, '--name'),
        option(c, '--linked-resource'),
      ])
      .sort(),
    plan.actions
      .filter((a) => a.resourceType.endsWith('scopedResources'))
      .map((a) => [
        a.id.split('/')[2],
        s.amplsGroup,
        s.amplsName,
        a.id.split('/').pop(),
        (a.body['properties'] as Record<string, string>)['linkedResourceId'],
      ])
      .sort(),
  );
  const said = [
    ...exportActions(plan).map((entry) => `done:   ${shortLabel(entry)}`),
    `amplink: ${plan.actions.length} action(s) checked for AMPLS ${s.amplsName}.`,
  ];
  assert.equal(result.stdout, said.map((line) => `${line}\n`).join(''), "only the script's own progress lines");
}

// --------------------------------------------------------------------------------------------------------------- tests

describe('exports survive hostile strings', () => {
  const fuzz = (check: (s: PlanStrings) => void | Promise<void>) => () =>
    fc.assert(
      fc.asyncProperty(planStrings, async (s) => check(s)),
      { numRuns: RUNS, includeErrorInReport: true },
    );

  test('terraform: hcl2json reads every value back (NFC), no interpolation or directive survives', async () => {
    await mkdir(join(work, 'tf'));
    await fuzz((s) => checkTerraform(s, ++tfCases))();
  });

  test('arm: JSON reads every value back, the only expressions are the ones amplink writes', fuzz(checkArm));

  test(
    'bicep: every value is one string literal, the same declarations as with plain strings',
    fuzz((s) => checkTokens('bicep', s, bicepTokens, [...valuesOf(s), ...namesOf(s)])),
  );

  test(
    'powershell: every value is one string literal, the same statements as with plain strings',
    fuzz((s) => checkTokens('powershell', s, powerShellTokens, [...valuesOf(s), ...namesOf(s)])),
  );

  test('az: bash runs the script; the fake az receives every value unchanged and nothing else runs', async () => {
    await mkdir(join(work, 'az'));
    await fuzz((s) => checkAz(s, ++azCases))();
  });

  // One bash -n, one shellcheck and one terraform fmt over all the cases: each process takes long to start.
  test('bash -n and shellcheck pass on every fuzzed az script', async () => {
    const scripts = Array.from({ length: azCases }, (_, i) => join(work, 'az', `case-${i + 1}.sh`));
    assert.ok(scripts.length > 0, 'the fuzz test wrote the scripts');
    const syntax = await run('bash', ['-c', 'for f; do bash -n "$f" || exit 1; done', 'bash-n', ...scripts]);
    assert.equal(syntax.code, 0, syntax.stderr);
    // Every rule but those that flag, as a possible mistake, text that is literal on purpose here: `$`, a backtick
    // (SC2016), a `~` (SC2088) or a backslash before the closing quote (SC1003) inside single quotes, and typographic
    // quotes (SC1111, SC1112). test/export.test.ts runs every rule on the scripts of plain plans.
    const literalText = 'SC1003,SC1111,SC1112,SC2016,SC2088';
    const lint = await run('shellcheck', ['--shell=bash', `--exclude=${literalText}`, ...scripts]);
    assert.equal(lint.code, 0, lint.stdout + lint.stderr);
  });

  test(
    'terraform fmt -check accepts every fuzzed Terraform file',
    { skip: TERRAFORM ? false : 'terraform is not on PATH: `terraform fmt -check` of the fuzzed exports not run' },
    async () => {
      assert.ok(tfCases > 0, 'the fuzz test wrote the files');
      const fmt = await run('terraform', ['fmt', '-check', '-list=true', join(work, 'tf')], {
        env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
      });
      assert.equal(fmt.code, 0, `terraform fmt would change: ${fmt.stdout}${fmt.stderr}`);
    },
  );
});
