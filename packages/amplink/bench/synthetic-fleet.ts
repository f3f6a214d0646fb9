import { KNOWN_REGIONS } from '../src/model/regions.js';

type Json = Record<string, unknown>;

/**
 * A fleet as ARM would return it, made directly (no emulator) so that the planner alone is measured:
 * `clusters` AKS clusters over `regions` regions in `subscriptions` subscriptions, each sending metrics to one of
 * `workspaces` Azure Monitor workspaces and logs to one of as many Log Analytics workspaces, nothing linked yet.
 */
export function syntheticFleet(options: {
  clusters: number;
  regions: number;
  workspaces: number;
  subscriptions: number;
}): {
  resources: Json[];
  amplsId: string;
} {
  const regions = KNOWN_REGIONS.slice(0, options.regions);
  const subscription = (i: number) => `00000000-0000-0000-0000-${String(i % options.subscriptions).padStart(12, '0')}`;
  const group = (i: number, name: string) => `/subscriptions/${subscription(i)}/resourceGroups/${name}`;
  const resources: Json[] = [];
  const amplsId = `${group(0, 'network')}/providers/Microsoft.Insights/privateLinkScopes/fleet-ampls`;
  resources.push({
    id: amplsId,
    type: 'Microsoft.Insights/privateLinkScopes',
    location: 'global',
    properties: { accessModeSettings: { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'Open' } },
  });
  const amws: { id: string; region: string }[] = [];
  const laws: string[] = [];
  for (let w = 0; w < options.workspaces; w++) {
    const region = regions[(w * 7) % regions.length] as string;
    const managed = group(0, `MA_amw-${w}_${region}_managed`);
    const dce = `${managed}/providers/Microsoft.Insights/dataCollectionEndpoints/amw-${w}`;
    resources.push({ id: dce, type: 'Microsoft.Insights/dataCollectionEndpoints', location: region, properties: {} });
    const id = `${group(0, 'monitoring')}/providers/Microsoft.Monitor/accounts/amw-${w}`;
    resources.push({
      id,
      type: 'Microsoft.Monitor/accounts',
      location: region,
      properties: { defaultIngestionSettings: { dataCollectionEndpointResourceId: dce } },
    });
    amws.push({ id, region });
    const law = `${group(0, 'monitoring')}/providers/Microsoft.OperationalInsights/workspaces/law-${w}`;
    resources.push({ id: law, type: 'Microsoft.OperationalInsights/workspaces', location: region, properties: {} });
    laws.push(law);
  }
  for (let c = 0; c < options.clusters; c++) {
    const region = regions[c % regions.length] as string;
    const groupId = group(c, `aks-${region}`);
    const name = `aks-${c}`;
    const cluster = `${groupId}/providers/Microsoft.ContainerService/managedClusters/${name}`;
    const amw = amws[c % amws.length] as { id: string; region: string };
    const law = laws[c % laws.length] as string;
    resources.push({
      id: cluster,
      type: 'Microsoft.ContainerService/managedClusters',
      location: region,
      properties: {},
    });
    const promDce = `${groupId}/providers/Microsoft.Insights/dataCollectionEndpoints/MSProm-${amw.region}-${name}`;
    resources.push({
      id: promDce,
      type: 'Microsoft.Insights/dataCollectionEndpoints',
      location: amw.region,
      properties: {},
    });
    const promDcr = `${groupId}/providers/Microsoft.Insights/dataCollectionRules/MSProm-${amw.region}-${name}`;
    resources.push({
      id: promDcr,
      type: 'Microsoft.Insights/dataCollectionRules',
      location: amw.region,
      properties: {
        dataCollectionEndpointId: promDce,
        dataSources: { prometheusForwarder: [{ streams: ['Microsoft-PrometheusMetrics'] }] },
        destinations: { monitoringAccounts: [{ accountResourceId: amw.id }] },
      },
    });
    const ciDcr = `${groupId}/providers/Microsoft.Insights/dataCollectionRules/MSCI-${region}-${name}`;
    resources.push({
      id: ciDcr,
      type: 'Microsoft.Insights/dataCollectionRules',
      location: region,
      properties: {
        dataSources: { extensions: [{ extensionName: 'ContainerInsights' }] },
        destinations: { logAnalytics: [{ workspaceResourceId: law }] },
      },
    });
    const association = (n: string, properties: Json) =>
      resources.push({
        id: `${cluster}/providers/Microsoft.Insights/dataCollectionRuleAssociations/${n}`,
        type: 'Microsoft.Insights/dataCollectionRuleAssociations',
        properties,
      });
    association('ContainerInsightsMetricsExtension', { dataCollectionRuleId: promDcr });
    association('ContainerInsightsExtension', { dataCollectionRuleId: ciDcr });
  }
  return { resources, amplsId };
}
