import { AmplinkError, SHOWN_ID_LENGTH, shownInput } from './errors.js';
import { canonicalTypeParts } from './canonical-types.js';

/**
 * A parsed Azure Resource Manager id. ARM compares provider namespaces, types, resource groups and names
 * without regard to case, so `key` is the lower-cased form used for every comparison (`idKey` makes the same key
 * from a string). `id` is the canonical form amplink writes and shows: `subscriptions`, `resourceGroups` and
 * `providers` as ARM documents them, the namespace and types of the types amplink knows as the specs spell them,
 * names as given. Azure itself answers some ids in other casings (AMPLS, scoped resources, `linkedResourceId`, Log
 * Analytics workspaces: docs/domain.md "What Azure returns"); none of that casing reaches a key or a written id.
 */
export interface ResourceId {
  readonly id: string;
  readonly key: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string | undefined;
  /** For an extension resource such as a data collection rule association: the resource it extends. */
  readonly scope: ResourceId | undefined;
  /** Provider namespace of the last provider segment, e.g. Microsoft.Insights. Empty for a subscription or group. */
  readonly namespace: string;
  /** Type segments after the namespace, e.g. ['privateLinkScopes', 'scopedResources']. */
  readonly types: readonly string[];
  readonly names: readonly string[];
  /** Full type, e.g. Microsoft.Insights/privateLinkScopes/scopedResources, or Microsoft.Resources/resourceGroups. */
  readonly type: string;
  readonly name: string;
}

const GUIDISH = /^[0-9A-Za-z][0-9A-Za-z-]*$/;

/** Whether a string can be a subscription id (GUIDs, and the shorter ids test worlds use). */
export function isSubscriptionId(value: string): boolean {
  return GUIDISH.test(value);
}

function malformed(input: string, problem: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_ID_E0001',
    message: `Malformed Azure resource id '${shownInput(input, SHOWN_ID_LENGTH)}': ${problem}.`,
    fix: 'Give a full id such as /subscriptions/<subscription-id>/resourceGroups/<group>/providers/Microsoft.Insights/privateLinkScopes/<name> (az resource show --ids ... prints it).',
  });
}

/**
 * Parses an ARM id, throwing AMPL_ID_E0001 naming the input and what is wrong with it. A snapshot holds hundreds of
 * thousands of ids: the id is read where it stands (where its segments end, not a copy of each), no copies of the id
 * when it is already in normal form, and the scope of an extension resource is a prefix of the same string.
 */
export function parseResourceId(input: string): ResourceId {
  const trimmed = input.trim();
  if (!trimmed.startsWith('/')) throw malformed(input, 'it must start with /subscriptions/');
  const normalized = trimmed.endsWith('/') ? trimmed.replace(/\/+$/, '') : trimmed;
  const segments = segmentsOf(normalized);
  if (segments === undefined) throw malformed(input, 'it has an empty segment (//)');
  if (!isWordAt(normalized, segments, 1, 'subscriptions') || segments.length < 3) {
    throw malformed(input, 'it must start with /subscriptions/<subscription-id>');
  }
  let subscriptionId = lastSubscriptionId;
  if (!isExactlyAt(normalized, segments, 2, subscriptionId)) {
    subscriptionId = segmentText(normalized, segments, 2);
    if (!GUIDISH.test(subscriptionId))
      throw malformed(input, `'${shownInput(subscriptionId)}' is not a subscription id`);
    lastSubscriptionId = subscriptionId = shared(subscriptionId);
  }
  return parseFrom(input, normalized, segments, segments.length, subscriptionId);
}

/*
 * The subscription and group of the id parsed last: ids come grouped (a snapshot in id order, a group's resources
 * listed together), so most ids reuse these strings, compared in place, with no copy and no lookup.
 */
let lastSubscriptionId = '';
let lastResourceGroup = '';

function resourceGroupAt(text: string, segments: readonly number[], k: number): string {
  if (!isExactlyAt(text, segments, k, lastResourceGroup)) lastResourceGroup = shared(segmentText(text, segments, k));
  return lastResourceGroup;
}

/**
 * Where the segments of an id that starts with '/' end: segment k (k ≥ 1, as `split('/')` counts them, 0 being the
 * empty text before the leading slash) is `text.slice(ends[k - 1] + 1, ends[k])`. Undefined when a segment is empty.
 */
function segmentsOf(text: string): number[] | undefined {
  const ends = [0];
  for (let at = text.indexOf('/', 1); at !== -1; at = text.indexOf('/', at + 1)) {
    if (at === (ends[ends.length - 1] as number) + 1) return undefined;
    ends.push(at);
  }
  if (text.length > 0) ends.push(text.length);
  return ends;
}

function segmentText(text: string, ends: readonly number[], k: number): string {
  return text.slice((ends[k - 1] as number) + 1, ends[k]);
}

/** Whether segment k is `word` (lower-case ASCII letters) in any case, read in place. */
function isWordAt(text: string, ends: readonly number[], k: number, word: string): boolean {
  if (k >= ends.length) return false;
  const start = (ends[k - 1] as number) + 1;
  if ((ends[k] as number) - start !== word.length) return false;
  // Setting bit 0x20 lower-cases an ASCII letter, and makes no letter of anything else; toLowerCase() maps no other
  // character to one of these words' letters (only KELVIN SIGN becomes 'k', which none of them holds).
  for (let i = 0; i < word.length; i++) {
    if ((text.charCodeAt(start + i) | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** Whether segment k is exactly `word`, read in place. */
function isExactlyAt(text: string, ends: readonly number[], k: number, word: string): boolean {
  const start = (ends[k - 1] as number) + 1;
  return (ends[k] as number) - start === word.length && text.startsWith(word, start);
}

/*
 * The strict grammar, for ids that come from files or from the user and go into requests (plan files, --ampls, the
 * ids of the actions apply sends). It is not the default parse on purpose: `parseResourceId` also reads what Azure
 * itself returns (discovery, snapshots of it), where names outside this grammar exist and are Azure's to allow — DNS
 * record sets `@` and `*`, Application Insights components with spaces — and refusing them would stop the discovery of
 * a whole fleet over a name that never reaches a request. Every id that does reach a request goes through
 * `parseResourceIdStrict` first: apply checks each action with it before its first request, whatever made the plan.
 * One anchored regular expression per id (an ASCII fast path, Unicode letters as ARM allows them in group names), so
 * the check costs little next to the parse.
 */
const STRICT_ASCII = /^\/[\w\-.()/]+$/;
const STRICT_UNICODE = /^\/[\p{L}\p{N}\p{M}_\-.()/]+$/u;
const DOT_SEGMENT = /\/\.{1,2}(?=\/|$)/;

/**
 * What no ARM id holds, whoever wrote it: ARM forbids `?`, `#` and `%` in names, control characters are not text, and
 * `.`/`..` segments are path syntax. A snapshot file's ids are checked against this (cheap: one ASCII class), not the
 * strict grammar, since Azure's own answers hold names such as `@` and `*` DNS records that never reach a request.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const NEVER_IN_AN_ID = /[?#%\u0000-\u001f\u007f-\u009f]|\/\.\.?(?:\/|$)/;

/** Why a string cannot be an ARM id whatever its grammar, or undefined. */
export function impossibleIdProblem(input: string): string | undefined {
  return NEVER_IN_AN_ID.test(input) ? strictProblem(input) : undefined;
}

/** Parses an id that came from a file or a user and will be sent to Azure: AMPL_ID_E0001 unless it is strictly an id. */
export function parseResourceIdStrict(input: unknown): ResourceId {
  // JSON.stringify answers undefined for undefined itself (its type says string); a file or a flag holds nothing else it cannot write.
  if (typeof input !== 'string')
    throw malformed(input === undefined ? 'undefined' : JSON.stringify(input), 'it is not a string');
  const problem = strictProblem(input);
  if (problem !== undefined) throw malformed(input, problem);
  return parseResourceId(input);
}

/** Why a string is not an id of the strict grammar, or undefined when it is one. */
export function strictProblem(input: string): string | undefined {
  const allowed = STRICT_ASCII.test(input) || STRICT_UNICODE.test(input);
  if (allowed && !input.includes('//') && !input.endsWith('/') && !DOT_SEGMENT.test(input)) return undefined;
  if (/\p{Cc}/u.test(input)) return 'it holds a control character';
  if (/\s/u.test(input)) return 'it holds whitespace';
  const reserved = /[?#%]/.exec(input);
  if (reserved) return `it holds '${reserved[0]}', which is not part of an Azure resource id`;
  if (!input.startsWith('/')) return 'it must start with /subscriptions/';
  if (input.includes('//') || input.endsWith('/')) return 'it has an empty segment';
  if (DOT_SEGMENT.test(input)) return "it has a '.' or '..' segment";
  const other = /[^\p{L}\p{N}\p{M}_\-.()/]/u.exec(input);
  return `it holds '${other?.[0] ?? '?'}'; segments are letters, digits, '-', '_', '.', '(' and ')'`;
}

/*
 * A fleet's ids repeat a few types, subscriptions and groups hundreds of thousands of times: each parsed id points at
 * one copy of them instead of holding its own (a sixth of the memory a 100,000-cluster snapshot takes). Both tables
 * stop growing at a bound, so a long-running process that reads many worlds keeps only the first ones it met.
 */
const SHARED_BOUND = 50_000;
interface TypeParts {
  type: string;
  namespace: string;
  types: readonly string[];
}
/**
 * Type spellings met, as a tree of their segments, looked up where the segments stand in the id (no copy of them):
 * a node's first children are a short list compared in place, more of them (only ever from odd input) a map.
 */
interface TypeNode {
  parts?: TypeParts;
  readonly segments: string[];
  readonly children: TypeNode[];
  map?: Map<string, TypeNode>;
}
const LISTED_CHILDREN = 16;
const newTypeNode = (): TypeNode => ({ segments: [], children: [] });
const TYPES: TypeNode = newTypeNode();
let typeNodes = 0;
const SHARED = new Map<string, string>();

function childAt(node: TypeNode, text: string, start: number, end: number): TypeNode | undefined {
  if (node.map !== undefined) return node.map.get(text.slice(start, end));
  for (let i = 0; i < node.segments.length; i++) {
    const segment = node.segments[i] as string;
    if (segment.length === end - start && text.startsWith(segment, start)) return node.children[i];
  }
  return undefined;
}

function addChild(node: TypeNode, segment: string): TypeNode {
  const child = newTypeNode();
  if (node.map === undefined && node.segments.length < LISTED_CHILDREN) {
    node.segments.push(segment);
    node.children.push(child);
  } else {
    node.map ??= new Map(node.segments.map((s, i) => [s, node.children[i] as TypeNode]));
    node.map.set(segment, child);
  }
  typeNodes++;
  return child;
}

/**
 * The canonical parts of the type whose namespace is segment `first` and whose type segments are every other one
 * after it, up to `end` (`microsoft.insights/privatelinkscopes` included).
 */
function typeParts(text: string, ends: readonly number[], first: number, end: number): TypeParts {
  let node: TypeNode | undefined = TYPES;
  for (let k = first; node !== undefined && k < end; k += k === first ? 1 : 2) {
    node = childAt(node, text, (ends[k - 1] as number) + 1, ends[k] as number);
  }
  if (node?.parts !== undefined) return node.parts;
  const given: string[] = [];
  for (let k = first; k < end; k += k === first ? 1 : 2) given.push(segmentText(text, ends, k));
  const canonical = canonicalTypeParts(given[0] as string, given.slice(1));
  const parts = {
    type: `${canonical.namespace}/${canonical.types.join('/')}`,
    namespace: canonical.namespace,
    types: Object.freeze(canonical.types),
  };
  if (typeNodes < SHARED_BOUND) {
    let at = TYPES;
    for (const segment of given) at = childAt(at, segment, 0, segment.length) ?? addChild(at, segment);
    at.parts = parts;
  }
  return parts;
}

function shared(text: string): string {
  const known = SHARED.get(text);
  if (known !== undefined) return known;
  if (SHARED.size < SHARED_BOUND) SHARED.set(text, text);
  return text;
}

/**
 * The id made of segments [1, end), `normalized` being the whole id. `wholeKey` is the key of an id this one is the
 * scope of: lower-casing keeps the length of ASCII text, so the scope's key is a slice of it (no copy).
 */
function parseFrom(
  input: string,
  normalized: string,
  segments: readonly number[],
  end: number,
  subscriptionId: string,
  wholeKey?: string,
): ResourceId {
  const length = segments[end - 1] === undefined ? 0 : (segments[end - 1] as number);
  const text = end === segments.length ? normalized : normalized.slice(0, length);
  const key =
    wholeKey !== undefined && wholeKey.length >= text.length && isAscii(text)
      ? wholeKey.slice(0, text.length)
      : text.toLowerCase();
  let index = 3;
  let resourceGroup: string | undefined;
  if (isWordAt(normalized, segments, index, 'resourcegroups')) {
    resourceGroup = index + 1 < end ? resourceGroupAt(normalized, segments, index + 1) : undefined;
    if (resourceGroup === undefined) throw malformed(input, 'the resource group name is missing');
    index += 2;
  }
  if (index === end) {
    const isGroup = resourceGroup !== undefined;
    return {
      id: inCanonicalWords(normalized, segments, resourceGroup)
        ? text
        : canonicalIdText(subscriptionId, resourceGroup, undefined, undefined, []),
      key,
      subscriptionId,
      resourceGroup,
      scope: undefined,
      namespace: '',
      types: [],
      names: [],
      type: isGroup ? 'Microsoft.Resources/resourceGroups' : 'Microsoft.Resources/subscriptions',
      name: isGroup ? (resourceGroup as string) : subscriptionId,
    };
  }
  // The last "providers" segment starts this resource's own type; anything before it is the scope it extends.
  let lastProviders = -1;
  for (let i = index; i < end; i++) {
    if (isWordAt(normalized, segments, i, 'providers')) lastProviders = i;
  }
  if (!isWordAt(normalized, segments, index, 'providers')) {
    throw malformed(input, `expected 'providers' where '${segmentText(normalized, segments, index)}' stands`);
  }
  const namespaceAt = lastProviders + 1;
  const dot = namespaceAt < end ? normalized.indexOf('.', (segments[namespaceAt - 1] as number) + 1) : -1;
  if (dot === -1 || dot >= (segments[namespaceAt] as number)) {
    throw malformed(input, 'a provider namespace such as Microsoft.Insights must follow /providers/');
  }
  const rest = end - (lastProviders + 2);
  if (rest === 0 || rest % 2 !== 0) throw malformed(input, 'every resource type must be followed by a name');
  const names: string[] = [];
  for (let k = lastProviders + 3; k < end; k += 2) names.push(segmentText(normalized, segments, k));
  const parts = typeParts(normalized, segments, namespaceAt, end);
  const scope =
    lastProviders === index
      ? undefined
      : parseFrom(
          input,
          normalized,
          segments,
          lastProviders,
          subscriptionId,
          key.length === text.length ? key : undefined,
        );
  return {
    id: inCanonicalForm(text, segments, resourceGroup, scope, lastProviders, parts)
      ? text
      : canonicalIdText(subscriptionId, resourceGroup, scope, parts, names),
    key,
    subscriptionId,
    resourceGroup,
    scope,
    namespace: parts.namespace,
    types: parts.types,
    names,
    type: parts.type,
    name: names[names.length - 1] as string,
  };
}

/** Whether an id, read in place, is spelled as canonicalIdText would write it. */
function inCanonicalForm(
  text: string,
  segments: readonly number[],
  resourceGroup: string | undefined,
  scope: ResourceId | undefined,
  lastProviders: number,
  parts: TypeParts,
): boolean {
  if (scope === undefined ? !inCanonicalWords(text, segments, resourceGroup) : !text.startsWith(scope.id)) return false;
  if (!isExactlyAt(text, segments, lastProviders, 'providers')) return false;
  if (!isExactlyAt(text, segments, lastProviders + 1, parts.namespace)) return false;
  for (let i = 0; i < parts.types.length; i++) {
    if (!isExactlyAt(text, segments, lastProviders + 2 + 2 * i, parts.types[i] as string)) return false;
  }
  return true;
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const NON_ASCII = /[^\u0000-\u007f]/;

function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** Whether an id's leading words are spelled as ARM documents them: `/subscriptions/s/resourceGroups/g`. */
function inCanonicalWords(text: string, segments: readonly number[], resourceGroup: string | undefined): boolean {
  return (
    isExactlyAt(text, segments, 1, 'subscriptions') &&
    (resourceGroup === undefined || isExactlyAt(text, segments, 3, 'resourceGroups'))
  );
}

/** The id in canonical casing, built from its parts (`parts` undefined: a subscription or a group). */
function canonicalIdText(
  subscriptionId: string,
  resourceGroup: string | undefined,
  scope: ResourceId | undefined,
  parts: { namespace: string; types: readonly string[] } | undefined,
  names: readonly string[],
): string {
  let text = scope?.id ?? `/subscriptions/${subscriptionId}`;
  if (scope === undefined && resourceGroup !== undefined) text += `/resourceGroups/${resourceGroup}`;
  if (parts !== undefined) {
    text += `/providers/${parts.namespace}`;
    for (let i = 0; i < parts.types.length; i++) text += `/${parts.types[i] as string}/${names[i] as string}`;
  }
  return text;
}

/** The case-insensitive comparison key of an id string; does not validate. */
export function idKey(id: string): string {
  const trimmed = id.trim();
  return (trimmed.endsWith('/') ? trimmed.replace(/\/+$/, '') : trimmed).toLowerCase();
}

export function sameId(a: string, b: string): boolean {
  return idKey(a) === idKey(b);
}

export function sameType(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** `/subscriptions/s/resourceGroups/g/providers/Microsoft.Insights/dataCollectionEndpoints/n` from its parts. */
export function providerResourceId(groupId: string, type: string, name: string): string {
  return `${groupId.replace(/\/+$/, '')}/providers/${type}/${name}`;
}

export function childResourceId(parentId: string, childType: string, name: string): string {
  return `${parentId.replace(/\/+$/, '')}/${childType}/${name}`;
}

export function extensionResourceId(scopeId: string, type: string, name: string): string {
  return providerResourceId(scopeId, type, name);
}

/** The id of the group (or subscription) that holds a resource: the scope its RBAC rights are usually granted on. */
export function containerScope(id: ResourceId): string {
  const top = id.scope ? rootScope(id.scope) : id;
  return top.resourceGroup === undefined
    ? `/subscriptions/${top.subscriptionId}`
    : resourceGroupId(top.subscriptionId, top.resourceGroup);
}

function rootScope(id: ResourceId): ResourceId {
  return id.scope ? rootScope(id.scope) : id;
}

/** The AMPLS a scoped resource belongs to: its id without the `/scopedResources/<name>` tail. */
export function scopeOfScopedResource(id: string): string {
  return id.replace(/\/scopedResources\/[^/]+\/?$/i, '');
}
