// What Azure writes into private DNS for private link to Azure Monitor: the zones, the records an AMPLS endpoint
// gets, and which address of its subnet each one takes. Fleet expansion (endpoints a fleet file describes) and the
// zone-group provider (endpoints a client creates) write the same records from here (addresses: ipv4.ts).

/** DOMAIN.md: the five zones an AMPLS private endpoint needs. */
export const AMPLS_PRIVATE_DNS_ZONES = [
  'privatelink.monitor.azure.com',
  'privatelink.oms.opinsights.azure.com',
  'privatelink.ods.opinsights.azure.com',
  'privatelink.agentsvc.azure-automation.net',
  'privatelink.blob.core.windows.net',
] as const;

/**
 * The A records an AMPLS private endpoint gets before anything is linked (Azure Monitor private link documentation,
 * "Review your endpoint's DNS settings"). Per-resource records (a DCE's handler host, a workspace's `<customerId>`
 * hosts) are not written: they hold names the server generates.
 */
export const GLOBAL_A_RECORDS: readonly (readonly [zone: string, record: string])[] = [
  ['privatelink.monitor.azure.com', 'api'],
  ['privatelink.monitor.azure.com', 'global.in.ai'],
  ['privatelink.monitor.azure.com', 'profiler'],
  ['privatelink.monitor.azure.com', 'live'],
  ['privatelink.monitor.azure.com', 'snapshot'],
  ['privatelink.monitor.azure.com', 'global.handler.control'],
  ['privatelink.blob.core.windows.net', 'scadvisorcontentpl'],
];

/** The zone an Azure Monitor workspace's query endpoint resolves through (DOMAIN.md "Private endpoint"). */
export function prometheusQueryZone(region: string): string {
  return `privatelink.${region}.prometheus.monitor.azure.com`;
}
