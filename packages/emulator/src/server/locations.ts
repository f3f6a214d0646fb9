// GET /subscriptions/{id}/locations: the regions a subscription may deploy to.
import { AZURE_REGIONS } from '../fleet/generate.js';
import type { ArmResource } from '../store/store.js';

/**
 * The items of the list, shaped as Microsoft.Resources/subscriptions 2022-12-01 answers it (azure-rest-api-specs
 * `specification/resources/resource-manager/Microsoft.Resources/subscriptions/stable/2022-12-01/examples/GetLocations.json`:
 * id, name, type "Region", displayName, regionalDisplayName, metadata). Azure lists every public region, plus the
 * canary or sovereign regions a subscription is enabled for; here, the public regions plus any region the world's
 * resources in that subscription already live in (a fleet in eastus2euap or usgovvirginia is enabled for it).
 * Display names are not kept here: a region's name stands in for them.
 */
export function subscriptionLocations(subscriptionId: string, resources: readonly ArmResource[]): unknown[] {
  const prefix = `/subscriptions/${subscriptionId}/`.toLowerCase();
  const used = new Set<string>();
  for (const resource of resources) {
    const location = resource['location'];
    if (typeof location !== 'string' || location === '' || location === 'global') continue;
    if (resource.id.toLowerCase().startsWith(prefix)) used.add(location.replace(/\s+/g, '').toLowerCase());
  }
  const publicRegions = new Set<string>(AZURE_REGIONS);
  const names = [...AZURE_REGIONS, ...[...used].filter((r) => !publicRegions.has(r)).sort()];
  return names.map((name) => ({
    id: `/subscriptions/${subscriptionId}/locations/${name}`,
    name,
    type: 'Region',
    displayName: name,
    regionalDisplayName: name,
    metadata: { regionType: 'Physical', regionCategory: publicRegions.has(name) ? 'Recommended' : 'Other' },
  }));
}

/**
 * Regions Azure accepts beyond the public list a subscription shows: the canary (EUAP) regions and the sovereign
 * clouds' regions (DOMAIN.md, "Limits": Regions). A write there is never refused; GET locations does not list them.
 */
const CANARY_AND_SOVEREIGN_REGIONS = [
  'eastus2euap',
  'centraluseuap',
  'usgovvirginia',
  'usgovarizona',
  'usgovtexas',
  'usgoviowa',
  'usdodeast',
  'usdodcentral',
  'chinaeast',
  'chinaeast2',
  'chinaeast3',
  'chinanorth',
  'chinanorth2',
  'chinanorth3',
];

/** The regions a type is offered in, as NoRegisteredProviderFound and LocationNotAvailable* list them. */
export function offeredLocations(defaultLocation: string | undefined): readonly string[] {
  return defaultLocation === 'global' ? ['global'] : AZURE_REGIONS;
}

/**
 * Whether a client may write a resource in `location` (normalised): a global type only in `global`; a regional one in
 * any public, canary or sovereign region, or any region the subscription's resources already live in.
 */
export function locationAccepted(
  location: string,
  defaultLocation: string | undefined,
  subscriptionId: string,
  resources: () => readonly ArmResource[],
): boolean {
  if (defaultLocation === 'global') return location === 'global';
  if ((AZURE_REGIONS as readonly string[]).includes(location) || CANARY_AND_SOVEREIGN_REGIONS.includes(location))
    return true;
  // Only a region outside the lists needs the subscription's resources: listing them on every write made each write
  // cost as much as the whole store (10,000 clusters: most of an apply's CPU).
  return subscriptionLocations(subscriptionId, resources()).some((l) => (l as { name: string }).name === location);
}
