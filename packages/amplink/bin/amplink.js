#!/usr/bin/env node
// The committed entry point of `amplink`: npm links bins before `prepare` builds dist/, so the bin cannot point into
// dist/ itself. This loads the build, or says how to make it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    `amplink: AMPL_BUILD_E0001: amplink is not built: ${fileURLToPath(main)} is missing.\n` +
      '  fix: run npm run build (or npm ci, which builds) at the root of the amplink repository.\n',
  );
  process.exit(1);
}
await import(main.href);
