// What a Resource Graph query request may hold (QueryRequest of specification/resourcegraph), read strictly: every
// mistake is a 400 in Resource Graph's shape, naming the field.
import { ArmErrors } from '../arm/arm-errors.js';

/** Resource Graph's stable api-versions of Resources_Resources (2021-03-01 is @azure/arm-resourcegraph 4's). */
export const RESOURCE_GRAPH_API_VERSIONS = ['2019-04-01', '2021-03-01', '2022-10-01', '2024-04-01'];

// "By default, Resource Graph limits any query to returning only 1,000 records" (Learn: Working with large data sets).
export const MAX_TOP = 1000;

export interface QueryRequest {
  query: string;
  subscriptions?: string[];
  managementGroups?: string[];
  options?: { $top?: number; $skip?: number; $skipToken?: string; resultFormat?: 'objectArray' | 'table' };
  facets?: unknown[];
}

const badRequest = ArmErrors.resourceGraphBadRequest;

export function checkVersion(version: string | null): void {
  if (version === null || version === '') throw ArmErrors.missingApiVersion();
  if (!RESOURCE_GRAPH_API_VERSIONS.includes(version)) {
    throw ArmErrors.unsupportedApiVersion(version, 'resources', RESOURCE_GRAPH_API_VERSIONS);
  }
}

export function readRequest(body: unknown): QueryRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('InvalidRequestContent', 'The body must be a QueryRequest object: {"query": "resources | ..."}.');
  const b = body as Record<string, unknown>;
  if (typeof b['query'] !== 'string' || b['query'].trim() === '')
    throw badRequest('InvalidRequestContent', 'The QueryRequest has no query: give "query": "resources | ...".');
  const strings = (name: string): string[] | undefined => {
    const v = b[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
      throw badRequest('InvalidRequestContent', `"${name}" must be an array of strings.`);
    return v as string[];
  };
  const options = (b['options'] ?? {}) as Record<string, unknown>;
  if (typeof options !== 'object' || Array.isArray(options))
    throw badRequest('InvalidRequestContent', '"options" must be an object.');
  const top = options['$top'];
  if (top !== undefined && (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > MAX_TOP))
    throw badRequest(
      'InvalidParameter',
      `options.$top must be an integer from 1 to ${MAX_TOP}; got ${JSON.stringify(top)}.`,
    );
  const skip = options['$skip'];
  if (skip !== undefined && (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0))
    throw badRequest('InvalidParameter', `options.$skip must be an integer of 0 or more; got ${JSON.stringify(skip)}.`);
  const format = options['resultFormat'];
  if (format !== undefined && format !== 'objectArray' && format !== 'table')
    throw badRequest(
      'InvalidParameter',
      `options.resultFormat must be "objectArray" or "table"; got ${JSON.stringify(format)}.`,
    );
  const token = options['$skipToken'];
  if (token !== undefined && typeof token !== 'string')
    throw badRequest('InvalidSkipToken', 'options.$skipToken must be the string a previous page returned.');
  if (Array.isArray(b['facets']) && b['facets'].length > 0)
    throw badRequest('InvalidParameter', 'Facets are not supported by this emulator: send the query without "facets".');
  const subscriptions = strings('subscriptions');
  const managementGroups = strings('managementGroups');
  return {
    query: b['query'],
    ...(subscriptions ? { subscriptions } : {}),
    ...(managementGroups ? { managementGroups } : {}),
    options: {
      ...(top !== undefined ? { $top: top } : {}),
      ...(skip !== undefined ? { $skip: skip } : {}),
      ...(token !== undefined ? { $skipToken: token } : {}),
      ...(format !== undefined ? { resultFormat: format } : {}),
    },
  };
}

export function readToken(token: string): { q: string; o: number; n: number } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      q?: unknown;
      o?: unknown;
      n?: unknown;
    };
    if (typeof parsed.q === 'string' && Number.isInteger(parsed.o) && Number.isInteger(parsed.n))
      return { q: parsed.q, o: Number(parsed.o), n: Number(parsed.n) };
  } catch {
    // Falls through to the error below.
  }
  throw badRequest('InvalidSkipToken', 'The $skipToken is not one this service returned: start again without it.');
}
