import { AmplinkError, shownInput } from './errors.js';
import { nearestNames } from './near-names.js';

/**
 * Azure regions amplink knows by name: the `name` and `displayName` pairs that `az account list-locations` prints in
 * the public cloud, plus the canary (EUAP), US Government and China clouds. Azure keeps adding regions, so this list
 * never decides whether a location Azure returns is valid (any is); it only checks regions a user types when
 * amplink is not connected, as a warning with suggestions (DOMAIN.md "Regions").
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
  // Canary regions (early access), seen by subscriptions enrolled in them.
  centraluseuap: 'Central US EUAP',
  eastus2euap: 'East US 2 EUAP',
  // Azure Government.
  usdodcentral: 'USDoD Central',
  usdodeast: 'USDoD East',
  usgovarizona: 'USGov Arizona',
  usgovtexas: 'USGov Texas',
  usgovvirginia: 'USGov Virginia',
  // Azure operated by 21Vianet (China).
  chinaeast: 'China East',
  chinaeast2: 'China East 2',
  chinaeast3: 'China East 3',
  chinanorth: 'China North',
  chinanorth2: 'China North 2',
  chinanorth3: 'China North 3',
};

/** A region's key: lower case, no spaces. `global` (where AMPLS live) is a valid location but no region. */
export type RegionName = string & { readonly __region: unique symbol };

export const KNOWN_REGIONS: readonly string[] = Object.keys(REGION_DISPLAY_NAMES).sort();

/** What every region name looks like once normalised: letters and digits, starting with a letter. */
const REGION_NAME = /^[a-z][a-z0-9]{0,39}$/;

/** A location as Azure or a user wrote it ("East US", "eastus", "EASTUS"), as the region's name. */
function squash(value: string): string {
  return value.toLowerCase().replace(/[\s_-]+/g, '');
}

export function isKnownRegion(value: string): boolean {
  return squash(value) in REGION_DISPLAY_NAMES;
}

export function regionDisplayName(region: RegionName): string {
  return REGION_DISPLAY_NAMES[region] ?? region;
}

/** Whether two locations name one region (false when either is not a string). */
export function sameRegion(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && squash(a) === squash(b);
}

const normalized = new Map<string, RegionName>();

/**
 * A location found in Azure's data or a snapshot, as a region name: lower case, no spaces. Any region is accepted,
 * whether amplink's list knows it or not (a canary region, a sovereign cloud's, one newer than this list): Azure
 * returned it, so it exists. Only something that cannot be a region name at all (empty, or holding '/', '.', ...)
 * is refused, because region names become part of resource names and ids.
 */
export function normalizeRegion(value: string, context?: string): RegionName {
  const known = normalized.get(value);
  if (known !== undefined) return known;
  const key = squash(value);
  if (!REGION_NAME.test(key)) {
    const where = context ? ` (${context})` : '';
    throw new AmplinkError({
      code: 'AMPL_REGION_E0002',
      message: `'${shownInput(value)}'${where} is not an Azure region name: a region name has only letters and digits, e.g. eastus.`,
      fix: 'Correct the location in the snapshot, or capture it again with `amplink discover --out FILE`.',
    });
  }
  if (normalized.size < 10_000) normalized.set(value, key as RegionName);
  return key as RegionName;
}

/**
 * A region the user typed (a command-line option), checked against the regions Azure lists for the subscription
 * (`GET /subscriptions/{id}/locations`) when amplink is connected: not there is AMPL_REGION_E0001. Offline, it is
 * checked against amplink's own list, and a region missing there is only a warning: the list may be older than Azure.
 */
export function checkTypedRegion(
  value: string,
  option: string,
  azureRegions?: readonly string[],
): { region: RegionName; warning?: { message: string; fix: string } } {
  const key = squash(value);
  const suggest = (candidates: readonly string[]) => {
    const names = nearestNames(key, candidates);
    return names.length > 0 ? ` Did you mean ${names.map((n) => `'${n}'`).join(', ')}?` : '';
  };
  if (azureRegions !== undefined) {
    const listed = azureRegions.map(squash);
    if (REGION_NAME.test(key) && listed.includes(key)) return { region: key as RegionName };
    throw new AmplinkError({
      code: 'AMPL_REGION_E0001',
      message: `${option} '${shownInput(value)}' is not a region of this subscription (Azure lists ${listed.length}).${suggest(listed)}`,
      fix: 'Use a region name as `az account list-locations --query "[].name"` prints it, e.g. eastus or westeurope.',
    });
  }
  if (!REGION_NAME.test(key)) {
    throw new AmplinkError({
      code: 'AMPL_REGION_E0001',
      message: `${option} '${shownInput(value)}' is not an Azure region name.${suggest(KNOWN_REGIONS)}`,
      fix: 'Use a region name as `az account list-locations --query "[].name"` prints it, e.g. eastus or westeurope.',
    });
  }
  if (key in REGION_DISPLAY_NAMES) return { region: key as RegionName };
  return {
    region: key as RegionName,
    warning: {
      message: `${option} '${shownInput(value)}' is not among the regions amplink knows.${suggest(KNOWN_REGIONS)} It is used as given: Azure may have added it since amplink's list was made.`,
      fix: 'Check it with `az account list-locations --query "[].name"`; run against Azure (without --snapshot) to have it checked against the regions of your subscription.',
    },
  };
}
