// The emulator's layers hold by lint: a provider that imports the server, or arm/ that imports anything of the
// emulator's, fails `npm run lint` (eslint.config.js).
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function forbiddenImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, 'packages/emulator/src', file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('emulator layers', () => {
  it('refuses a provider that imports the server', async () => {
    const found = await forbiddenImports(
      'providers/example.ts',
      "import { TokenService } from '../server/tokens.js';\nexport const used = TokenService;\n",
    );
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /providers\/ may not import from server\//);
  });

  it('refuses arm/ importing the store, and fleet/ importing a provider', async () => {
    assert.equal(
      (
        await forbiddenImports(
          'arm/example.ts',
          "import { ResourceStore } from '../store/store.js';\nexport const s = ResourceStore;\n",
        )
      ).length,
      1,
    );
    assert.equal(
      (
        await forbiddenImports(
          'fleet/example.ts',
          "import { ALL_PROVIDERS } from '../providers/registry.js';\nexport const p = ALL_PROVIDERS;\n",
        )
      ).length,
      1,
    );
  });

  it('refuses the template language (deployments/) reaching into the server: it writes through a gateway', async () => {
    const found = await forbiddenImports(
      'deployments/example.ts',
      "import { ArmEngine } from '../server/engine/engine.js';\nexport const e = ArmEngine;\n",
    );
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /deployments\/ may not import from server\//);
  });

  it('lets a provider import the leaf arm/ modules', async () => {
    const found = await forbiddenImports(
      'providers/example.ts',
      "import { ArmErrors } from '../arm/arm-errors.js';\nexport const e = ArmErrors;\n",
    );
    assert.deepEqual(found, []);
  });
});
