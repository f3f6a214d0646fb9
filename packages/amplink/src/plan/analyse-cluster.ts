import { idKey } from '../model/resource-id.js';
import type { Cluster, DataCollectionRule, DataCollectionRuleAssociation, Topology } from '../model/topology.js';
import type { Finding } from './types.js';

/** What one cluster's associations say: where its data goes, and its configuration endpoint. */
export interface ClusterMonitoring {
  cluster: Cluster;
  monitored: boolean;
  prometheusRules: DataCollectionRule[];
  containerInsightsRules: DataCollectionRule[];
  configurationAssociation: DataCollectionRuleAssociation | undefined;
  findings: Finding[];
}

export function analyseCluster(topology: Topology, cluster: Cluster): ClusterMonitoring {
  const findings: Finding[] = [];
  const associations = topology.associationsOf(cluster.id.key);
  const prometheusRules: DataCollectionRule[] = [];
  const containerInsightsRules: DataCollectionRule[] = [];
  let unresolvedRules = 0;
  for (const association of associations) {
    if (association.isConfigurationEndpoint || association.ruleId === undefined) continue;
    const rule = topology.rules.get(idKey(association.ruleId));
    if (rule === undefined) {
      unresolvedRules++;
      findings.push({
        code: 'AMPL_PLAN_W0003',
        severity: 'warning',
        message: `Cluster ${cluster.id.name}: association ${association.name} points to data collection rule ${association.ruleId}, which was not found; its destinations cannot be put in the AMPLS.`,
        resources: [cluster.id.id, association.ruleId],
        rules: [2, 4],
        fix: 'Discover the subscription that holds the rule too (--subscription), or re-enable monitoring on the cluster so that the rule is created again.',
      });
      continue;
    }
    if (rule.collectsPrometheus) prometheusRules.push(rule);
    if (rule.collectsContainerInsights) containerInsightsRules.push(rule);
  }
  const monitored = prometheusRules.length > 0 || containerInsightsRules.length > 0;
  if (!monitored && unresolvedRules === 0) {
    const addonsSayOn = cluster.metricsAddonEnabled === true || cluster.logsAddonEnabled === true;
    findings.push(
      addonsSayOn
        ? {
            code: 'AMPL_PLAN_W0002',
            severity: 'warning',
            message: `Cluster ${cluster.id.name} has monitoring enabled but no association to a data collection rule: its destinations cannot be found, so nothing is planned for it.`,
            resources: [cluster.id.id],
            rules: [1, 2, 4],
            fix: 'Enable monitoring again (az aks update --enable-azure-monitor-metrics, az aks enable-addons -a monitoring) so that the rules and associations are created.',
          }
        : {
            code: 'AMPL_PLAN_I0001',
            severity: 'info',
            message: `Cluster ${cluster.id.name} has no monitoring enabled (no Prometheus or Container insights rule); nothing is planned for it.`,
            resources: [cluster.id.id],
            rules: [],
          },
    );
  }
  return {
    cluster,
    monitored,
    prometheusRules,
    containerInsightsRules,
    configurationAssociation: associations.find((a) => a.isConfigurationEndpoint),
    findings,
  };
}
