#!/usr/bin/env node
// The committed entry point of `amplink-emulator`: npm links bins before `prepare` builds dist/, so the bin cannot
// point into dist/ itself. This loads the build, or says how to make it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    `amplink-emulator: EMULATOR_NOT_BUILT: the emulator is not built: ${fileURLToPath(cli)} is missing.\n` +
      '  fix: run npm run build (or npm ci, which builds) at the root of the amplink repository.\n',
  );
  process.exit(1);
}
await import(cli.href);
