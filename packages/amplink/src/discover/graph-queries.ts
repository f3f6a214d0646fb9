import { CHILD_LISTS, CLUSTER_TYPES, inListedCasing, SUBSCRIPTION_LISTS } from './listed-types.js';
import { jsonText } from '../model/json.js';

type Json = Record<string, unknown>;

/**
 * The `resources` rows discovery reads: every type ARM lists per subscription, and the private DNS zones' virtual
 * network links, which are tracked resources and so rows of their own (ARM lists them per zone). Scoped resources of an
 * AMPLS and DNS record sets live inside their parents and are not rows: they are listed through ARM, per AMPLS and per
 * zone, a handful of requests however large the fleet.
 */
const RESOURCE_ROW_TYPES = [...SUBSCRIPTION_LISTS.map((l) => l.type), CHILD_LISTS.zoneLinks.type];

const kqlList = (values: readonly string[]): string => values.map((v) => `'${v.toLowerCase()}'`).join(', ');

/** The columns of a `resources` row that an ARM GET also has; the rest (resourceGroup, tenantId...) are Graph's own. */
const RESOURCE_COLUMNS = [
  'id',
  'name',
  'type',
  'location',
  'kind',
  'tags',
  'identity',
  'sku',
  'plan',
  'zones',
  'extendedLocation',
  'managedBy',
  'properties',
];

/** Clusters, workspaces, DCEs, DCRs, AMPLS and the network, with all that GET returns of them. */
export const RESOURCES_QUERY = [
  'resources',
  `| where type in~ (${kqlList(RESOURCE_ROW_TYPES)})`,
  `| project ${RESOURCE_COLUMNS.join(', ')}`,
].join('\n');

/**
 * The data collection rule associations of clusters (insightsresources holds those of every resource, VMs too): an
 * association's id starts with the id of the resource it belongs to.
 */
export const ASSOCIATIONS_QUERY = [
  'insightsresources',
  `| where type =~ '${CHILD_LISTS.associations.type.toLowerCase()}'`,
  `| where ${CLUSTER_TYPES.map((t) => `id contains '/providers/${t.toLowerCase()}/'`).join(' or ')}`,
  '| project id, name, type, properties',
].join('\n');

/**
 * A Resource Graph row as the ARM JSON a GET returns: the columns ARM also has, without the empty ones Graph fills in
 * (kind '', sku null...). Graph lower-cases types; amplink compares types without regard to case, and shows them in the
 * casing of its own tables, as ARM lists them.
 */
export function armJsonOfRow(row: Json): Json {
  const out: Json = {};
  for (const column of RESOURCE_COLUMNS) {
    const value = row[column];
    if (value === undefined || value === null || value === '') continue;
    out[column] = column === 'type' ? inListedCasing(jsonText(value)) : value;
  }
  return out;
}
