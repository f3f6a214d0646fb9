/**
 * How discovery reads: `graph` through Azure Resource Graph (a few paged queries), `arm` by ARM list calls (each type
 * per subscription, then each cluster's associations), `auto` Resource Graph where it answers, else ARM listing.
 * Apart from discover.ts so that the CLI can check the flag without loading the Azure SDK.
 */
export type DiscoveryMode = 'arm' | 'graph' | 'auto';
export const DISCOVERY_MODES: readonly DiscoveryMode[] = ['auto', 'graph', 'arm'];
