// Where the tests find the Azure REST API spec files. They are public (github.com/Azure/azure-rest-api-specs) but not
// part of this repository: a copy with the repository's paths kept sits beside the clone, in ../shared/rest-api-specs,
// or wherever AMPLINK_REST_API_SPECS points. docs/rest-api-specs.md says which files and how to get them.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The folder that holds `specification/...` as in Azure/azure-rest-api-specs. */
export const REST_API_SPECS = resolve(
  process.env['AMPLINK_REST_API_SPECS'] ?? resolve(REPOSITORY_ROOT, '../shared/rest-api-specs'),
);

/**
 * Why a test that needs these spec files cannot run (the first one missing), or undefined when all are there.
 * Tests skip with this reason, and `npm test` lists every skipped test with its reason in its closing lines.
 */
export function missingSpecs(files: readonly string[]): string | undefined {
  const missing = files.find((file) => !existsSync(file));
  if (missing === undefined) return undefined;
  const shown = relative(REPOSITORY_ROOT, missing).startsWith('../..') ? missing : relative(REPOSITORY_ROOT, missing);
  return (
    `the REST API spec files are not here: ${shown} is missing ` +
    '(public files of Azure/azure-rest-api-specs; docs/rest-api-specs.md says how to get them)'
  );
}
