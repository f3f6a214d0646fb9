import { AmplinkError, shownInput } from '../model/errors.js';
import { amplinkEvent, type AmplinkEvent, type EventSink } from '../model/events.js';
import type { ArmResource } from '../model/resources.js';
import type { ArmConnection } from '../azure/arm-connection.js';
import { toAmplinkError } from '../azure/arm-errors.js';
import { mapLimit } from '../azure/map-limit.js';
import { parseResources } from '../model/parse-resources.js';
import { GraphRefused, graphRefusedError, readThroughGraph } from './graph-discovery.js';
import { CHILD_LISTS, CLUSTER_TYPES, inListedCasing, SUBSCRIPTION_LISTS } from './listed-types.js';
import { jsonText } from '../model/json.js';

type Json = Record<string, unknown>;

const CLUSTERS = new Set(CLUSTER_TYPES.map((t) => t.toLowerCase()));

/**
 * How far discovery is. `done` and `total` count the phase's requests: subscriptions, lists of one resource type in
 * one subscription, clusters whose associations are listed, Resource Graph pages, AMPLS and DNS zones whose children
 * are listed. `found` counts what those requests returned so far (resources, associations, links and records).
 */
export interface DiscoverProgress {
  phase: 'subscriptions' | 'resources' | 'associations' | 'graph' | 'links';
  done: number;
  total: number;
  found: number;
}

import type { DiscoveryMode } from './discovery-mode.js';
export { DISCOVERY_MODES, type DiscoveryMode } from './discovery-mode.js';

/** Discovery's progress, each time a request of a phase ends. */
export type DiscoverProgressEvent = AmplinkEvent<'AMPL_DISCOVER_I0001', DiscoverProgress>;
/** `auto` falls back to ARM listing: what Resource Graph answered. */
export type DiscoverFallbackEvent = AmplinkEvent<'AMPL_DISCOVER_W0004', { reason: string }>;
export type DiscoverEvent = DiscoverProgressEvent | DiscoverFallbackEvent;

export interface DiscoverOptions {
  /** Subscriptions to read, by id or by name; default every subscription the credential can see. */
  subscriptions?: readonly string[];
  /** Default `auto`. */
  discovery?: DiscoveryMode;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Progress, and what the caller should know but that stops nothing (`auto` falling back to ARM listing). */
  onEvent?: EventSink<DiscoverEvent>;
}

// What each phase's requests are, and what they return: requests are not resources.
const PHASE_WORDS: Record<DiscoverProgress['phase'], { requests: string; found: string }> = {
  subscriptions: { requests: 'subscriptions', found: 'subscriptions' },
  resources: { requests: 'resource lists (one per type and subscription)', found: 'resources' },
  associations: { requests: "clusters' association lists", found: 'associations' },
  graph: { requests: 'Resource Graph pages', found: 'resources and associations' },
  links: {
    requests: 'AMPLS, DNS zone and firewall policy child lists',
    found: 'links, records and rule collection groups',
  },
};

function progressEvent(progress: DiscoverProgress): DiscoverProgressEvent {
  const { phase, done, total, found } = progress;
  const words = PHASE_WORDS[phase];
  const message =
    phase === 'subscriptions'
      ? `discovered ${total} subscriptions`
      : `read ${done}/${total} ${words.requests}: ${found} ${words.found}`;
  return amplinkEvent('AMPL_DISCOVER_I0001', message, progress);
}

/** Reads, from Azure, everything the planner and verify need: the Topology's resources, as GET returns them. */
export async function discover(connection: ArmConnection, options: DiscoverOptions = {}): Promise<ArmResource[]> {
  const concurrency = options.concurrency ?? 16;
  const onEvent = options.onEvent;
  const report = (progress: DiscoverProgress) => onEvent?.(progressEvent(progress));
  const mode = options.discovery ?? 'auto';
  const subscriptions = options.subscriptions?.length
    ? await subscriptionIds(connection, options.subscriptions)
    : (await listSubscriptions(connection)).map((s) => s.id);
  const count = subscriptions.length;
  report({ phase: 'subscriptions', done: count, total: count, found: count });

  let found: { top: Json[]; associations: Json[]; zoneLinksRead: boolean } | undefined;
  if (mode !== 'arm') {
    try {
      const graph = await readThroughGraph(connection, subscriptions, (p) => report({ phase: 'graph', ...p }));
      found = { top: graph.resources, associations: graph.associations, zoneLinksRead: true };
    } catch (error) {
      if (!(error instanceof GraphRefused)) throw error;
      if (mode === 'graph') throw graphRefusedError(error, connection.endpoint);
      onEvent?.(
        amplinkEvent(
          'AMPL_DISCOVER_W0004',
          `Azure Resource Graph cannot serve discovery here (it answered ${error.reason}); discovering by ARM list calls instead, which takes longer.`,
          { reason: error.reason },
        ),
      );
    }
  }
  found ??= { ...(await listThroughArm(connection, subscriptions, concurrency, report)), zoneLinksRead: false };
  const children = await listChildren(connection, found.top, concurrency, report, found.zoneLinksRead);
  return parseResources(
    [...found.top, ...found.associations, ...children].map(inListedType),
    `Azure Resource Manager at ${connection.endpoint}`,
  );
}

/** The item with its type in the casing snapshots hold (a copy only when Azure answered it in another casing). */
function inListedType(item: Json): Json {
  const type = jsonText(item['type']);
  const listed = inListedCasing(type);
  return listed === type ? item : { ...item, type: listed };
}

/** Each type per subscription, then each cluster's associations: one list call per cluster. */
async function listThroughArm(
  connection: ArmConnection,
  subscriptions: readonly string[],
  concurrency: number,
  report: (progress: DiscoverProgress) => void,
): Promise<{ top: Json[]; associations: Json[] }> {
  const lists = subscriptions.flatMap((subscription) => SUBSCRIPTION_LISTS.map((list) => ({ subscription, ...list })));
  let listed = 0;
  let resourcesFound = 0;
  const top = (
    await mapLimit(lists, concurrency, async ({ subscription, type, apiVersion }) => {
      const items = await guarded(`Listing ${type} in subscription ${subscription}`, () =>
        connection.list(`/subscriptions/${subscription}/providers/${type}`, apiVersion),
      );
      resourcesFound += items.length;
      report({ phase: 'resources', done: ++listed, total: lists.length, found: resourcesFound });
      return items;
    })
  ).flat();

  const clusters = top.filter((r) => CLUSTERS.has(String(r['type']).toLowerCase()));
  let associated = 0;
  let associationsFound = 0;
  const { type: associationType, apiVersion: associationVersion } = CHILD_LISTS.associations;
  const associations = (
    await mapLimit(clusters, concurrency, async (cluster) => {
      const id = String(cluster['id']);
      const items = await guarded(`Listing the data collection rule associations of ${id}`, () =>
        connection.list(`${id}/providers/${associationType}`, associationVersion),
      );
      associationsFound += items.length;
      report({ phase: 'associations', done: ++associated, total: clusters.length, found: associationsFound });
      return items;
    })
  ).flat();
  return { top, associations };
}

/**
 * What lives inside the AMPLS, the private DNS zones and the firewall policies found: the AMPLS's scoped resources,
 * each zone's A records and, unless Resource Graph already returned them as rows, its virtual network links; each
 * policy's rule collection groups. A few requests per AMPLS, zone and policy.
 */
async function listChildren(
  connection: ArmConnection,
  top: readonly Json[],
  concurrency: number,
  report: (progress: DiscoverProgress) => void,
  zoneLinksRead: boolean,
): Promise<Json[]> {
  const ofType = (type: string) => top.filter((r) => String(r['type']).toLowerCase() === type.toLowerCase());
  const scopes = ofType('Microsoft.Insights/privateLinkScopes');
  const zones = ofType('Microsoft.Network/privateDnsZones');
  const policies = ofType('Microsoft.Network/firewallPolicies');
  const { scopedResources, zoneLinks, aRecords, ruleCollectionGroups } = CHILD_LISTS;
  const childList = (parent: string, list: { type: string; apiVersion: string }) =>
    connection.list(`${parent}/${list.type.split('/').slice(2).join('/')}`, list.apiVersion);
  let linked = 0;
  let childrenFound = 0;
  return (
    await mapLimit(
      [
        ...scopes.map((s) => ({ s, kind: 'scope' as const })),
        ...zones.map((s) => ({ s, kind: 'zone' as const })),
        ...policies.map((s) => ({ s, kind: 'policy' as const })),
      ],
      concurrency,
      async ({ s, kind }) => {
        const id = String(s['id']);
        const items =
          kind === 'scope'
            ? await guarded(`Listing the resources linked to ${id}`, () => childList(id, scopedResources))
            : kind === 'policy'
              ? (
                  await guarded(`Listing the rule collection groups of ${id}`, () =>
                    childList(id, ruleCollectionGroups),
                  )
                )
                  // The spec's example answers without `type`; the id says what it is.
                  .map((group) => ({ type: ruleCollectionGroups.type, ...group }))
              : [
                  ...(zoneLinksRead
                    ? []
                    : await guarded(`Listing the virtual network links of ${id}`, () => childList(id, zoneLinks))),
                  ...(await guarded(`Listing the A records of ${id}`, () => childList(id, aRecords))),
                ];
        childrenFound += items.length;
        report({
          phase: 'links',
          done: ++linked,
          total: scopes.length + zones.length + policies.length,
          found: childrenFound,
        });
        return items;
      },
    )
  ).flat();
}

interface VisibleSubscription {
  id: string;
  name: string;
}

const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function listSubscriptions(connection: ArmConnection): Promise<VisibleSubscription[]> {
  const items = await guarded('Listing the subscriptions the credential can see', () =>
    connection.list('/subscriptions', '2022-12-01'),
  );
  const visible = items
    .filter((s: Json) => jsonText(s['state'] ?? 'Enabled') === 'Enabled')
    .map((s: Json) => ({ id: String(s['subscriptionId']), name: jsonText(s['displayName']) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (visible.length === 0) {
    throw new AmplinkError({
      code: 'AMPL_DISCOVER_E0001',
      message: 'The credential can see no enabled subscription.',
      fix: 'Sign in as a principal with at least Reader on the subscriptions of the fleet, or name them with --subscription.',
    });
  }
  return visible;
}

/** How many subscriptions an error lists: enough to spot the right one, never a tenant's thousands. */
const LISTED_SUBSCRIPTIONS = 10;

function listed(subscriptions: readonly VisibleSubscription[]): string {
  const shown = subscriptions.slice(0, LISTED_SUBSCRIPTIONS).map((s) => `${s.name} (${s.id})`);
  const more = subscriptions.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/**
 * Subscription ids as given; a name (`az account list` shows names beside ids) is looked up among the subscriptions the
 * credential can see, with one extra request, only when some subscription is given by name.
 */
async function subscriptionIds(connection: ArmConnection, given: readonly string[]): Promise<string[]> {
  if (given.every((s) => SUBSCRIPTION_ID.test(s))) return [...given];
  const visible = await listSubscriptions(connection);
  return given.map((wanted) => {
    if (SUBSCRIPTION_ID.test(wanted)) return wanted;
    const named = visible.filter((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (named.length === 1) return (named[0] as VisibleSubscription).id;
    if (named.length > 1) {
      throw new AmplinkError({
        code: 'AMPL_DISCOVER_E0003',
        message: `${named.length} subscriptions are named '${shownInput(wanted)}': ${listed(named)}.`,
        fix: 'Give the subscription id instead of the name: --subscription <id>.',
      });
    }
    throw new AmplinkError({
      code: 'AMPL_DISCOVER_E0002',
      message: `--subscription '${shownInput(wanted)}' is neither a subscription id nor the name of a subscription the credential can see; it sees ${listed(visible)}.`,
      fix: 'Give one of those ids or names (az account list -o table shows them), or sign in as a principal that can read the subscription.',
    });
  });
}

async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAmplinkError(error, what);
  }
}

/**
 * The regions Azure offers these subscriptions: `GET /subscriptions/{id}/locations`, api-version 2022-12-01 (the
 * newest stable Microsoft.Resources/subscriptions version; spec example GetLocations.json), each item's `name`.
 * Whatever cloud the connection talks to, this is that cloud's list, canary regions included when enrolled.
 */
export async function listLocations(connection: ArmConnection, subscriptions: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const subscription of subscriptions) {
    const items = await guarded(`Listing the regions of subscription ${subscription}`, () =>
      connection.list(`/subscriptions/${encodeURIComponent(subscription)}/locations`, '2022-12-01'),
    );
    for (const item of items) if (typeof item['name'] === 'string') names.add(item['name']);
  }
  return [...names].sort();
}
