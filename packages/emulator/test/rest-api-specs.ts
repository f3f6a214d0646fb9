// Where the tests find the Azure REST API spec files. They are public (github.com/Azure/azure-rest-api-specs) but not
// part of this repository: a copy with the repository's paths kept sits beside the clone, in ../shared/rest-api-specs,
// or wherever AMPLINK_REST_API_SPECS points. docs/rest-api-specs.md says which files and how to get them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Ajv } from 'ajv';

type Json = Record<string, unknown>;
const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

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

/** Loads every schema file reachable by $ref; files the specs folder lacks become stubs that accept anything. */
export function loadSchemas(ajv: Ajv, entry: string, seen = new Set<string>()): void {
  if (seen.has(entry)) return;
  seen.add(entry);
  const id = pathToFileURL(entry).href;
  const refs = new Map<string, Set<string>>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) {
          const [file = '', pointer = ''] = v.split('#');
          const target = resolve(dirname(entry), file);
          if (!refs.has(target)) refs.set(target, new Set());
          refs.get(target)?.add(pointer.replace('/definitions/', ''));
        } else collect(v);
      }
    }
  };
  if (existsSync(entry)) {
    const doc = readJson(entry);
    collect(doc);
    ajv.addSchema({ ...relaxExtensibleEnums(doc), $id: id, paths: undefined, 'x-ms-paths': undefined });
  }
  for (const [target, names] of refs) {
    if (existsSync(target)) {
      loadSchemas(ajv, target, seen);
      continue;
    }
    // A stub holds every definition any loaded file asks of the missing file (files ask for different ones).
    const href = pathToFileURL(target).href;
    const known = stubbed.get(ajv) ?? new Map<string, Set<string>>();
    stubbed.set(ajv, known);
    const wanted = new Set([...(known.get(href) ?? []), ...names]);
    if (known.has(href)) ajv.removeSchema(href);
    known.set(href, wanted);
    seen.add(target);
    ajv.addSchema({ $id: href, definitions: Object.fromEntries([...wanted].map((n) => [n, {}])) });
  }
}

const stubbed = new WeakMap<Ajv, Map<string, Set<string>>>();

/** x-ms-enum with modelAsString: the service may send values beyond the listed ones, so the list is not a constraint. */
function relaxExtensibleEnums<T>(node: T): T {
  if (Array.isArray(node)) return node.map(relaxExtensibleEnums) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = relaxExtensibleEnums(v);
  const ext = out['x-ms-enum'] as Json | undefined;
  if (ext?.['modelAsString'] === true) delete out['enum'];
  // Swagger 2.0 writes exclusiveMinimum/Maximum as booleans beside minimum/maximum (JSON Schema draft 4); Ajv reads
  // draft 7, where they are the bounds themselves.
  if (typeof out['exclusiveMinimum'] === 'boolean') {
    if (out['exclusiveMinimum']) out['exclusiveMinimum'] = out['minimum'];
    else delete out['exclusiveMinimum'];
  }
  if (typeof out['exclusiveMaximum'] === 'boolean') {
    if (out['exclusiveMaximum']) out['exclusiveMaximum'] = out['maximum'];
    else delete out['exclusiveMaximum'];
  }
  return out as T;
}
