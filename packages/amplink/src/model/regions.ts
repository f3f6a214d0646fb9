import { AmplinkError } from './errors.js';

/**
 * Azure public-cloud regions: the `name` and `displayName` pairs that `az account list-locations` prints.
 * A user may write either form in any case ("East US", "eastus", "EASTUS"); all become the name.
 */
const REGION_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  australiacentral: 'Australia Central',
  australiacentral2: 'Australia Central 2',
  australiaeast: 'Australia East',
  australiasoutheast: 'Australia Southeast',
  austriaeast: 'Austria East',
  belgiumcentral: 'Belgium Central',
  brazilsouth: 'Brazil South',
  brazilsoutheast: 'Brazil Southeast',
  canadacentral: 'Canada Central',
  canadaeast: 'Canada East',
  centralindia: 'Central India',
  centralus: 'Central US',
  chilecentral: 'Chile Central',
  eastasia: 'East Asia',
  eastus: 'East US',
  eastus2: 'East US 2',
  francecentral: 'France Central',
  francesouth: 'France South',
  germanynorth: 'Germany North',
  germanywestcentral: 'Germany West Central',
  indonesiacentral: 'Indonesia Central',
  israelcentral: 'Israel Central',
  italynorth: 'Italy North',
  japaneast: 'Japan East',
  japanwest: 'Japan West',
  jioindiacentral: 'Jio India Central',
  jioindiawest: 'Jio India West',
  koreacentral: 'Korea Central',
  koreasouth: 'Korea South',
  malaysiawest: 'Malaysia West',
  mexicocentral: 'Mexico Central',
  newzealandnorth: 'New Zealand North',
  northcentralus: 'North Central US',
  northeurope: 'North Europe',
  norwayeast: 'Norway East',
  norwaywest: 'Norway West',
  polandcentral: 'Poland Central',
  qatarcentral: 'Qatar Central',
  southafricanorth: 'South Africa North',
  southafricawest: 'South Africa West',
  southcentralus: 'South Central US',
  southindia: 'South India',
  southeastasia: 'Southeast Asia',
  spaincentral: 'Spain Central',
  swedencentral: 'Sweden Central',
  swedensouth: 'Sweden South',
  switzerlandnorth: 'Switzerland North',
  switzerlandwest: 'Switzerland West',
  uaecentral: 'UAE Central',
  uaenorth: 'UAE North',
  uksouth: 'UK South',
  ukwest: 'UK West',
  westcentralus: 'West Central US',
  westeurope: 'West Europe',
  westindia: 'West India',
  westus: 'West US',
  westus2: 'West US 2',
  westus3: 'West US 3',
};

/** A region's key: lower case, no spaces. `global` (where AMPLS live) is a valid location but no region. */
export type RegionName = string & { readonly __region: unique symbol };

export const KNOWN_REGIONS: readonly string[] = Object.keys(REGION_DISPLAY_NAMES).sort();

function squash(value: string): string {
  return value.toLowerCase().replace(/[\s_-]+/g, '');
}

export function isKnownRegion(value: string): boolean {
  return squash(value) in REGION_DISPLAY_NAMES;
}

export function regionDisplayName(region: RegionName): string {
  return REGION_DISPLAY_NAMES[region] ?? region;
}

/**
 * Normalises a region as the user or Azure wrote it; an unknown region is AMPL_REGION_E0001
 * with the closest known names, so that a typo ("eastu", "West Europ") is easy to fix.
 */
const normalized = new Map<string, RegionName>();

export function normalizeRegion(value: string, context?: string): RegionName {
  const known = normalized.get(value);
  if (known !== undefined) return known;
  const key = squash(value);
  if (key in REGION_DISPLAY_NAMES) normalized.set(value, key as RegionName);
  if (key in REGION_DISPLAY_NAMES) return key as RegionName;
  const suggestions = closestRegions(key, 3);
  const where = context ? ` (${context})` : '';
  throw new AmplinkError({
    code: 'AMPL_REGION_E0001',
    message: `Unknown Azure region '${value}'${where}.${suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : ''}`,
    fix: 'Use a region name as `az account list-locations --query "[].name"` prints it, e.g. eastus or westeurope.',
  });
}

function closestRegions(key: string, count: number): string[] {
  return KNOWN_REGIONS.map((name) => ({ name, distance: editDistance(key, name) }))
    .filter((c) => c.distance <= Math.max(3, Math.floor(key.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((c) => c.name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
