import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * The layers of amplink (docs/architecture.md), held by lint: a wrong import fails `npm run lint`.
 * Each folder gets one complete list (a later block replaces an earlier one's list for the same files, never adds to it).
 */
const AMPLINK = 'packages/amplink/src';
const forbid = (pattern, message) => ({ regex: pattern, message });
const NO_FILES = forbid(
  '^(node:)?fs(/|$)',
  'Files are read and written at the edge (src/files/, called by the CLI); this layer is pure.',
);
const NO_AZURE = forbid(
  '^(\\.\\./)+azure/',
  'Only discover/, apply/ and verify/probes/ reach Azure (through src/azure/); this layer is pure.',
);
const NO_FILE_LAYER = forbid('^(\\.\\./)+files/', 'Files are read at the edge (the CLI), not in this layer.');
const NO_DISCOVER = forbid(
  '^(\\.\\./)+discover/',
  'discover/ reads Azure; a pure layer takes resources (model/parse-resources.ts parses them).',
);
const NO_CLI = forbid('^(\\.\\.?/)+cli/', 'The library never imports the CLI: the CLI is a thin shell over it.');
const PURE = [NO_FILES, NO_AZURE, NO_FILE_LAYER, NO_DISCOVER, NO_CLI];
const restrict = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });
const layers = [
  restrict([`${AMPLINK}/**/*.ts`], [NO_CLI]),
  restrict(
    ['plan', 'export', 'verify', 'report'].map((folder) => `${AMPLINK}/${folder}/**/*.ts`),
    PURE,
  ),
  // The live probes query the data plane and read the cloud's metadata through the network: I/O by nature, no files.
  restrict([`${AMPLINK}/verify/probes/**/*.ts`], [NO_FILES, NO_FILE_LAYER, NO_DISCOVER, NO_CLI]),
  // The workflows reach Azure (through discover/, apply/, the probes); files are the caller's, as the CLI reads them.
  restrict([`${AMPLINK}/workflows/**/*.ts`], [NO_FILES, NO_FILE_LAYER, NO_CLI]),
  restrict(
    [`${AMPLINK}/model/**/*.ts`],
    [NO_FILES, forbid('^\\.\\./', 'model/ is the bottom layer: it imports only model/.')],
  ),
  restrict(
    [`${AMPLINK}/azure/**/*.ts`],
    [forbid('^\\.\\./(?!model/)', 'azure/ (the ARM connection) imports only model/: every layer above may use it.')],
  ),
  { files: [`${AMPLINK}/cli/**/*.ts`], rules: { 'no-restricted-imports': 'off' } },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: [
      'packages/amplink/src/cli/**',
      'packages/emulator/src/cli.ts',
      '**/bench/**',
      'scripts/**',
      '**/scripts/**',
    ],
    rules: { 'no-console': 'off' },
  },
  // Type-aware lint (issue 12 item 6) on the shipped code. Tests, bins and benches are outside the packages' tsconfig
  // (include: src), so the project service could only check them through a default project: kept to src, the must.
  ...tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: ['packages/*/src/**/*.ts'] })),
  {
    files: ['packages/*/src/**/*.ts'],
    languageOptions: {
      parserOptions: {
        // The emulator's layers test lints made-up modules (`<folder>/example.ts`, in no tsconfig, not on disk):
        // they get the default project. No real file may match, or the project service refuses it.
        projectService: { allowDefaultProject: ['packages/emulator/src/*/example.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Counts and flags read naturally in messages ("3 clusters", "dryRun=true"); both stringify unambiguously.
      // What the rule is for (objects as "[object Object]", undefined, null) stays an error.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `(x) => void run(x)`-style shorthands returning a void call are the codebase's style for callbacks; the rule's
      // point (using a void result as a value) still holds everywhere else.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  ...layers,
  // The emulator's layers: arm/ is a leaf; providers/, store/ and fleet/ never reach up into the server.
  emulatorLayer('arm', ['server', 'providers', 'fleet', 'store', 'dataplane', 'kql', 'testing']),
  emulatorLayer('providers', ['server', 'dataplane', 'testing']),
  emulatorLayer('store', ['server', 'providers', 'dataplane', 'testing']),
  emulatorLayer('fleet', ['server', 'providers', 'store', 'dataplane', 'testing']),
  emulatorLayer('deployments', ['server', 'providers', 'fleet', 'dataplane', 'kql', 'testing']),
);

function emulatorLayer(folder, forbidden) {
  return {
    files: [`packages/emulator/src/${folder}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((other) => ({
            group: [`../${other}/*`],
            message: `packages/emulator/src/${folder}/ may not import from ${other}/ (see docs/architecture.md).`,
          })),
        },
      ],
    },
  };
}
