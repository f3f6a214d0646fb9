import { idKey } from '../model/resource-id.js';
import type { ClusterMonitoring } from '../plan/analyse-cluster.js';
import { AGENT_ERRORS } from './agent-errors.js';
import type { AmplsContext } from './context.js';
import type { ClusterJudgement, Problem } from './judgement.js';
import type { ClusterReason, Route } from './types.js';
import { endpointHosts, type Use } from './uses.js';

/** What is wrong with a cluster's configuration DCE or its association (rule 1). */
export interface ConfigurationProblem {
  cause: Problem;
  reason: ClusterReason;
  /** An association to no DCE of the cluster's region fails whatever the route. */
  everyRoute: boolean;
}

function configurationProblem(cause: Problem, text: string, everyRoute: boolean): ConfigurationProblem {
  return { cause, reason: { code: cause.template.code, signal: 'both', text }, everyRoute };
}

/**
 * An association to no DCE of the cluster's region fails on every route; a missing one, or a DCE outside the AMPLS,
 * only over private link.
 */
export function followConfiguration(
  judgement: ClusterJudgement,
  problem: ConfigurationProblem | undefined,
  route: Route,
): void {
  if (problem && (route === 'private' || problem.everyRoute)) {
    judgement.stops('both', problem.reason, [problem.cause]);
  }
}

/** Rule 1: the configuration association and its DCE. */
export function configurationUse(
  ampls: AmplsContext,
  monitoring: ClusterMonitoring,
  judgement: ClusterJudgement,
): { use: Use | undefined; problem: ConfigurationProblem | undefined } {
  const { topology, linked, linking, actions, scopeName } = ampls;
  const { cluster } = monitoring;
  const clusterId = cluster.id.id;
  const association = monitoring.configurationAssociation;
  const fixActions = actions.associationOf(clusterId);
  const fix = fixActions.length === 0 ? { fix: actions.blockedFix() } : {};
  const agentError = AGENT_ERRORS.configurationOverPrivateLink;
  if (association === undefined) {
    const cause = judgement.problem({
      code: 'AMPL_VERIFY_E0001',
      severity: 'error',
      message: `Cluster ${cluster.id.name} (${cluster.region}) has no configurationAccessEndpoint association: over private link its agents cannot fetch their configuration.`,
      resources: [clusterId],
      rules: [1],
      agentError,
      fixActions,
      ...fix,
    });
    return { use: undefined, problem: configurationProblem(cause, 'no configuration DCE', false) };
  }
  const endpoint = association.endpointId ? topology.endpoints.get(idKey(association.endpointId)) : undefined;
  if (endpoint === undefined) {
    const cause = judgement.problem({
      code: 'AMPL_VERIFY_E0003',
      severity: 'error',
      message: `Cluster ${cluster.id.name}: its configurationAccessEndpoint association ${association.endpointId ? `points to DCE ${association.endpointId}, which does not exist` : 'holds no data collection endpoint'}: its agents cannot fetch their configuration.`,
      resources: [clusterId, ...(association.endpointId ? [association.endpointId] : [])],
      rules: [1],
      agentError,
      fixActions,
      ...fix,
    });
    return { use: undefined, problem: configurationProblem(cause, 'configuration DCE missing', true) };
  }
  const use: Use = {
    signal: 'both',
    resourceId: endpoint.resource.id,
    key: endpoint.resource.key,
    label: 'DCE',
    name: endpoint.resource.name,
    publicAccess: endpoint.publicNetworkAccess,
    hosts: endpointHosts(endpoint.resource.properties, ['configurationAccess']),
    code: 'config',
    rules: [1],
    role: 'configuration endpoint of clusters in its region',
  };
  if (endpoint.region !== cluster.region) {
    const cause = judgement.problem({
      code: 'AMPL_VERIFY_E0002',
      severity: 'error',
      message: `Cluster ${cluster.id.name} is in ${cluster.region} but its configuration DCE ${endpoint.resource.name} is in ${endpoint.region}: agents fetch their configuration from a DCE in their own region, so Prometheus never starts.`,
      resources: [clusterId, endpoint.resource.id],
      rules: [1],
      agentError: AGENT_ERRORS.prometheusNeverStarts,
      fixActions,
      ...fix,
    });
    return {
      use,
      problem: configurationProblem(
        cause,
        `configuration DCE ${endpoint.resource.name} is in ${endpoint.region}`,
        true,
      ),
    };
  }
  if (!linked.has(endpoint.resource.key) && !linking.has(endpoint.resource.key)) {
    const links = actions.linkOf(endpoint.resource.key);
    const cause = judgement.problem({
      code: 'AMPL_VERIFY_E0004',
      severity: 'error',
      message: `Configuration DCE ${endpoint.resource.name} of cluster ${cluster.id.name} is not in AMPLS ${scopeName}: over private link the handler refuses the agents' configuration requests (403).`,
      resources: [endpoint.resource.id, clusterId],
      rules: [1],
      agentError,
      fixActions: links,
      ...(links.length === 0 && { fix: actions.blockedFix() }),
    });
    return {
      use,
      problem: configurationProblem(cause, `configuration DCE ${endpoint.resource.name} is not in the AMPLS`, false),
    };
  }
  return { use, problem: undefined };
}
