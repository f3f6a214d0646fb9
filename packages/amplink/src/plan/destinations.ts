import { idKey } from '../model/resource-id.js';
import type { Topology } from '../model/topology.js';
import type { ClusterMonitoring } from './analyse-cluster.js';
import type { GroupedFindings } from './grouped-findings.js';
import type { LinkNeeds } from './link-needs.js';
import type { SharedIngestion } from './shared-ingestion.js';

const DCE = 'DCE';
const LAW = 'Log Analytics workspace';

/**
 * Rules 2, 3, 4 and 6: what a cluster's own data collection rules send through and to must be in the AMPLS.
 * The destinations come from the cluster's rules, never from a fleet-wide guess, so several workspaces work.
 */
export function requireDestinationLinks(
  topology: Topology,
  monitoring: ClusterMonitoring,
  needs: LinkNeeds,
  problems: GroupedFindings,
  shared?: SharedIngestion,
): void {
  const { cluster } = monitoring;
  const clusterId = cluster.id.id;
  const clusterName = cluster.id.name;
  const add = (target: Parameters<LinkNeeds['add']>[0], role: Parameters<LinkNeeds['add']>[1]) =>
    needs.add(target, role, clusterId, clusterName);

  const requireEndpoint = (endpointId: string, ruleId: string, role: Parameters<LinkNeeds['add']>[1]) => {
    const endpoint = topology.endpoints.get(idKey(endpointId));
    if (endpoint) {
      add({ resource: endpoint.resource, label: DCE, region: endpoint.region }, role);
      return;
    }
    problems.add('AMPL_PLAN_W0006', endpointId, clusterName, (clusters) => ({
      code: 'AMPL_PLAN_W0006',
      severity: 'warning',
      message: `Data collection endpoint ${endpointId}, used by rule ${ruleId} of ${clusters}, was not found; it cannot be put in the AMPLS.`,
      resources: [endpointId, ruleId],
      rules: [role.rule],
      fix: 'Discover the subscription that holds it too (--subscription), or point the rule at an existing DCE.',
    }));
  };

  const missingDestination = (destinationId: string, kind: string, rule: number) =>
    problems.add('AMPL_PLAN_W0005', destinationId, clusterName, (clusters) => ({
      code: 'AMPL_PLAN_W0005',
      severity: 'warning',
      message: `${kind} ${destinationId}, where ${clusters} send data, was not found; it cannot be put in the AMPLS.`,
      resources: [destinationId],
      rules: [rule],
      fix: 'Discover the subscription that holds it too (--subscription), or fix the data collection rule that names it.',
    }));

  for (const rule of monitoring.prometheusRules) {
    const sharedTarget = shared?.targetOf(rule, 'prometheus', clusterId, clusterName);
    if (sharedTarget) {
      add(sharedTarget, {
        key: 'shared-prometheus-ingestion',
        rule: 2,
        describe: (names) => `shared Prometheus ingestion endpoint of ${names}`,
      });
    } else if (rule.endpointId) {
      requireEndpoint(rule.endpointId, rule.resource.id, {
        key: 'prometheus-ingestion',
        rule: 2,
        describe: (names) => `Prometheus ingestion endpoint of ${names}`,
      });
    } else {
      problems.add('AMPL_PLAN_W0004', rule.resource.id, clusterName, (clusters) => ({
        code: 'AMPL_PLAN_W0004',
        severity: 'warning',
        message: `Prometheus rule ${rule.resource.name} of ${clusters} has no data collection endpoint, so its metrics cannot be ingested over private link.`,
        resources: [rule.resource.id],
        rules: [2],
        fix: 'Enable managed Prometheus again (az aks update --disable-azure-monitor-metrics, then --enable-azure-monitor-metrics) so that Azure CLI recreates the rule with its MSProm DCE.',
      }));
    }
    for (const accountId of rule.monitoringAccountIds) {
      const workspace = topology.monitorWorkspaces.get(idKey(accountId));
      if (workspace === undefined) {
        missingDestination(accountId, 'Azure Monitor workspace', 3);
        continue;
      }
      if (workspace.defaultEndpointId === undefined) {
        problems.add('AMPL_PLAN_W0007', accountId, clusterName, (clusters) => ({
          code: 'AMPL_PLAN_W0007',
          severity: 'warning',
          message: `Azure Monitor workspace ${workspace.resource.name}, where ${clusters} send metrics, shows no default data collection endpoint.`,
          resources: [accountId],
          rules: [3],
          fix: 'Open the workspace in the portal (Overview, Data collection endpoint); a workspace created by Azure always has one.',
        }));
        continue;
      }
      const workspaceName = workspace.resource.name;
      requireEndpoint(workspace.defaultEndpointId, accountId, {
        key: `workspace-default:${workspace.resource.key}`,
        rule: 3,
        describe: (names) =>
          `default endpoint of Azure Monitor workspace ${workspaceName}, where ${names} send metrics`,
      });
      if (cluster.kind === 'arc') {
        requireEndpoint(workspace.defaultEndpointId, accountId, {
          key: `remote-write:${workspace.resource.key}`,
          rule: 6,
          describe: (names) => `remote-write endpoint of on-premises ${names}`,
        });
      }
    }
  }

  for (const rule of monitoring.containerInsightsRules) {
    for (const workspaceId of rule.logAnalyticsWorkspaceIds) {
      const workspace = topology.logAnalyticsWorkspaces.get(idKey(workspaceId));
      if (workspace === undefined) {
        missingDestination(workspaceId, LAW, 4);
        continue;
      }
      add(
        { resource: workspace.resource, label: LAW, region: workspace.region },
        {
          key: 'logs-destination',
          rule: 4,
          describe: (names) => `destination of the Container insights logs of ${names}`,
        },
      );
    }
    const sharedTarget = shared?.targetOf(rule, 'logs', clusterId, clusterName);
    if (sharedTarget) {
      add(sharedTarget, {
        key: 'shared-logs-ingestion',
        rule: 4,
        describe: (names) => `shared high-scale logs ingestion endpoint of ${names}`,
      });
    } else if (rule.endpointId) {
      requireEndpoint(rule.endpointId, rule.resource.id, {
        key: 'logs-ingestion',
        rule: 4,
        describe: (names) => `high-scale logs ingestion endpoint of ${names}`,
      });
    }
  }
}
