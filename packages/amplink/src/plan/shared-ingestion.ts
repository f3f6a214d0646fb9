import { idKey } from '../model/resource-id.js';
import type { DataCollectionRule, Topology } from '../model/topology.js';
import type { RegionEndpoint } from './configuration-endpoints.js';
import type { LinkTarget } from './link-needs.js';

/** A rule pointed at a shared DCE instead of its own: one DCR write instead of one AMPLS write. */
export interface RuleRedirect {
  rule: DataCollectionRule;
  kind: 'prometheus' | 'logs';
  target: LinkTarget;
  /** What the target is, completing "points it at ...". */
  why: string;
  /** Selected clusters associated with the rule, as added. */
  clusterIds: string[];
  clusterNames: string[];
}

/**
 * Shared ingestion endpoints (issue 13; DOMAIN.md "Where ingestion may go"): a Prometheus rule sends through its Azure
 * Monitor workspace's default DCE (in the AMPLS by rule 3), a high-scale Container insights rule through one DCE in
 * its workspace's region, instead of each rule's own DCE joining the AMPLS. A rule is redirected only when its own
 * DCE is not in the AMPLS at all (a rule already linked per-cluster stays as it is: mixed fleets keep working), its
 * rule has one destination, and the shared DCE is in the rule's own region (DCE overview: the ingestion endpoint is
 * in the destination workspace's region, where Azure CLI puts the rule too).
 */
export class SharedIngestion {
  readonly redirects = new Map<string, RuleRedirect>();

  constructor(
    private readonly topology: Topology,
    /** Keys of the resources with a link in the AMPLS, whatever its state. */
    private readonly linked: ReadonlySet<string>,
    private readonly regionEndpoint: (region: string) => RegionEndpoint | undefined,
  ) {}

  /** The shared DCE for a rule's ingestion, recording the redirect; undefined when the rule keeps its own DCE. */
  targetOf(rule: DataCollectionRule, kind: RuleRedirect['kind'], clusterId: string, clusterName: string) {
    const known = this.redirects.get(rule.resource.key);
    const redirect = known ?? this.decide(rule, kind);
    if (redirect === undefined) return undefined;
    if (known === undefined) this.redirects.set(rule.resource.key, redirect);
    if (redirect.clusterIds[redirect.clusterIds.length - 1] !== clusterId) {
      redirect.clusterIds.push(clusterId);
      redirect.clusterNames.push(clusterName);
    }
    return redirect.target;
  }

  private decide(rule: DataCollectionRule, kind: RuleRedirect['kind']): RuleRedirect | undefined {
    if (rule.endpointId === undefined || this.linked.has(idKey(rule.endpointId))) return undefined;
    if (!this.topology.endpoints.has(idKey(rule.endpointId))) return undefined;
    const base = { rule, kind, clusterIds: [], clusterNames: [] };
    if (kind === 'prometheus') {
      if (rule.monitoringAccountIds.length !== 1) return undefined;
      const workspace = this.topology.monitorWorkspaces.get(idKey(rule.monitoringAccountIds[0] as string));
      const endpoint =
        workspace?.defaultEndpointId === undefined
          ? undefined
          : this.topology.endpoints.get(idKey(workspace.defaultEndpointId));
      if (workspace === undefined || endpoint === undefined || endpoint.region !== rule.region) return undefined;
      if (endpoint.resource.key === idKey(rule.endpointId)) return undefined;
      return {
        ...base,
        target: { resource: endpoint.resource, label: 'DCE', region: endpoint.region },
        why: `${endpoint.resource.name}, the default DCE of Azure Monitor workspace ${workspace.resource.name} (${endpoint.region}; in the AMPLS by rule 3)`,
      };
    }
    if (rule.logAnalyticsWorkspaceIds.length !== 1) return undefined;
    const workspace = this.topology.logAnalyticsWorkspaces.get(idKey(rule.logAnalyticsWorkspaceIds[0] as string));
    if (workspace === undefined || workspace.region !== rule.region) return undefined;
    const choice = this.regionEndpoint(rule.region);
    if (choice === undefined) return undefined;
    const target: LinkTarget =
      'create' in choice
        ? {
            resource: { id: choice.create.id, key: idKey(choice.create.id), name: choice.create.name },
            label: 'DCE',
            region: choice.region,
            createdBy: choice.create.id,
          }
        : { resource: choice.existing.resource, label: 'DCE', region: choice.region };
    if (target.resource.key === idKey(rule.endpointId)) return undefined;
    return {
      ...base,
      target,
      why: `${target.resource.name}, ${choice.why} (the DCE of the workspace's region ${rule.region} for configuration and ingestion alike)`,
    };
  }
}
