import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  // The emulator's layers: arm/ is a leaf; providers/, store/ and fleet/ never reach up into the server.
  emulatorLayer('arm', ['server', 'providers', 'fleet', 'store', 'dataplane', 'kql', 'testing']),
  emulatorLayer('providers', ['server', 'dataplane', 'testing']),
  emulatorLayer('store', ['server', 'providers', 'dataplane', 'testing']),
  emulatorLayer('fleet', ['server', 'providers', 'store', 'dataplane', 'testing']),
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
