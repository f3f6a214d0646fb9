import { createRequire } from 'node:module';

/**
 * amplink's version, read once from its package.json (from src/model and dist/model alike, two folders up), so that
 * `amplink --version` and the user agent Azure sees say the same as the package npm installed.
 */
export const AMPLINK_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;
