// Names Azure CLI gives the resources it creates when it enables monitoring on a cluster.
// Sources (Azure/azure-cli, src/azure-cli/azure/cli/command_modules/acs/):
// - azuremonitormetrics/dc/defaults.py: Prometheus DCR and DCE "MSProm-<AMW region>-<cluster>"; DCR names are cut to
//   64 characters, DCE names to 44 with only letters, digits and "-" kept; both then lose trailing non-alphanumerics.
//   The association is "ContainerInsightsMetricsExtension".
// - addonconfiguration.py: Container insights DCR "MSCI-<workspace region>-<cluster>" cut to 64 (then one trailing "-"
//   dropped); the high log scale
//   ingestion DCE "MSCI-ingest-<workspace region>-<cluster>" and the private link configuration DCE
//   "MSCI-config-<cluster region>-<cluster>" cut to 43, then one trailing "-" dropped; associations "ContainerInsightsExtension"
//   and "configurationAccessEndpoint".

const DCR_NAME_MAX = 64;
const DCE_NAME_MAX = 44;
/** addonconfiguration.py cuts Container insights DCE names at 43 ("Max length of the DCE name is 44 chars"). */
const CONTAINER_INSIGHTS_DCE_NAME_MAX = 43;

export const PROMETHEUS_ASSOCIATION_NAME = 'ContainerInsightsMetricsExtension';
export const CONTAINER_INSIGHTS_ASSOCIATION_NAME = 'ContainerInsightsExtension';
/** The service refuses any other name for an association to an endpoint (DOMAIN.md, azure-cli issue 28338). */
export const CONFIGURATION_ENDPOINT_ASSOCIATION_NAME = 'configurationAccessEndpoint';

const isAlphanumeric = (char: string): boolean => /^[A-Za-z0-9]$/.test(char);

function trimTrailingNonAlphanumeric(name: string): string {
  let end = name.length;
  while (end > 0 && !isAlphanumeric(name.charAt(end - 1))) end -= 1;
  return name.slice(0, end);
}

function dcrName(full: string): string {
  return trimTrailingNonAlphanumeric(full.slice(0, DCR_NAME_MAX));
}

export function prometheusDcrName(workspaceRegion: string, clusterName: string): string {
  return dcrName(`MSProm-${workspaceRegion}-${clusterName}`);
}

export function prometheusDceName(workspaceRegion: string, clusterName: string): string {
  const cut = `MSProm-${workspaceRegion}-${clusterName}`.slice(0, DCE_NAME_MAX);
  return trimTrailingNonAlphanumeric(cut.replace(/[^A-Za-z0-9-]/g, ''));
}

export function containerInsightsDcrName(workspaceRegion: string, clusterName: string): string {
  const cut = `MSCI-${workspaceRegion}-${clusterName}`.slice(0, DCR_NAME_MAX);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

/** addonconfiguration.py `_trim_suffix_if_needed`: one trailing "-" goes, nothing else. */
function containerInsightsDceName(full: string): string {
  const cut = full.slice(0, CONTAINER_INSIGHTS_DCE_NAME_MAX);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

export function containerInsightsIngestionDceName(workspaceRegion: string, clusterName: string): string {
  return containerInsightsDceName(`MSCI-ingest-${workspaceRegion}-${clusterName}`);
}

export function configurationDceName(clusterRegion: string, clusterName: string): string {
  return containerInsightsDceName(`MSCI-config-${clusterRegion}-${clusterName}`);
}

/** addonconfiguration.py `create_ampls_scope`: "<linked resource name>-connection" (also DOMAIN.md). */
export function scopedResourceName(linkedResourceName: string): string {
  return `${linkedResourceName}-connection`;
}

/** DOMAIN.md: creating an AMW creates this managed resource group holding its default DCE and DCR. */
export function azureMonitorWorkspaceManagedResourceGroup(workspaceName: string, region: string): string {
  return `MA_${workspaceName}_${region}_managed`;
}
