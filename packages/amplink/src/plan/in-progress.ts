import { provisioningPhaseOf, provisioningStateText } from '../model/provisioning-state.js';
import { idKey } from '../model/resource-id.js';
import type { ArmResource } from '../model/resources.js';
import type { Topology } from '../model/topology.js';
import { compareKeys, nameSome, plural } from './findings.js';
import type { Finding, PlanAction } from './types.js';
import { jsonText } from '../model/json.js';

/** A resource Azure is still working on (provisioningState neither Succeeded nor Failed/Canceled). */
export const IN_PROGRESS_CODE = 'AMPL_PLAN_W0008';

interface Busy {
  resource: Pick<ArmResource, 'id' | 'name' | 'type' | 'properties'>;
  clusters: Set<string>;
}

/**
 * What the plan leaves alone because Azure is still writing it: an AMPLS link still Creating or Provisioning, a DCE
 * still Creating, a configuration association still Updating. A write to it would be refused (409 "Cannot modify
 * resource while in provisioning state"), and pointing clusters at a DCE whose link may yet fail would cut them off,
 * so the associations that wait for it are held back too. Each is a finding naming the resource; plan again once it ends.
 */
export class InProgress {
  /** Busy resources by key; links are filed under the key of the resource they link. */
  private readonly busy = new Map<string, Busy>();
  private readonly busyAssociations: Busy[] = [];

  constructor(
    private readonly topology: Topology,
    private readonly scopeName: string,
  ) {}

  /** Whether the resource of this key is a DCE Azure is still writing. */
  isBusy(key: string): boolean {
    const endpoint = this.topology.endpoints.get(key);
    return endpoint !== undefined && provisioningPhaseOf(endpoint.resource) === 'in-progress';
  }

  hold(linkedKey: string, resource: ArmResource | undefined): void {
    if (resource === undefined || this.busy.has(linkedKey)) return;
    this.busy.set(linkedKey, { resource, clusters: new Set() });
  }

  /** Whether an association must wait: its DCE (or that DCE's link) is busy, or the association itself is. */
  holdsBack(action: PlanAction, endpointId: string): boolean {
    const clusters = action.clusters;
    const waitingFor = this.busy.get(idKey(endpointId));
    if (waitingFor !== undefined) {
      for (const cluster of clusters) waitingFor.clusters.add(cluster);
      return true;
    }
    const existing = action.current === undefined ? undefined : this.topology.get(action.id);
    if (existing !== undefined && provisioningPhaseOf(existing) === 'in-progress') {
      this.busyAssociations.push({ resource: existing, clusters: new Set(clusters) });
      return true;
    }
    if (this.isBusy(idKey(endpointId))) {
      const endpoint = this.topology.endpoints.get(idKey(endpointId))?.resource;
      if (endpoint !== undefined) this.hold(idKey(endpointId), endpoint);
      for (const cluster of clusters) this.busy.get(idKey(endpointId))?.clusters.add(cluster);
      return true;
    }
    return false;
  }

  findings(): Finding[] {
    const findings = [...this.busy.values()]
      .sort((a, b) => compareKeys(a.resource.id, b.resource.id))
      .map((busy) => this.finding(busy));
    if (this.busyAssociations.length > 0) {
      const resources = this.busyAssociations.map((b) => b.resource.id).sort(compareKeys);
      const states = [...new Set(this.busyAssociations.map((b) => provisioningStateText(b.resource)))].sort();
      findings.push({
        code: IN_PROGRESS_CODE,
        severity: 'warning',
        message: `Azure is still writing the configuration association of ${plural(resources.length, 'cluster')} (${nameSome(resources.map(clusterNameOf))}; ${states.join(', ')}): amplink changes ${resources.length === 1 ? 'it' : 'them'} once Azure is done.`,
        resources,
        rules: [1],
        fix: 'Run amplink plan again in a few minutes. If it stays so for an hour, the operation is stuck: write the association again (az rest --method put) or contact Azure support.',
      });
    }
    return findings;
  }

  private finding(busy: Busy): Finding {
    const { resource } = busy;
    const state = provisioningStateText(resource);
    const isLink = resource.type.toLowerCase().endsWith('/scopedresources');
    const what = isLink
      ? `AMPLS ${this.scopeName}'s link ${resource.name} (to ${
          jsonText(resource.properties['linkedResourceId']).split('/').pop() ?? ''
        })`
      : `DCE ${resource.name}`;
    const held =
      busy.clusters.size === 0
        ? ''
        : ` The configuration association of ${plural(busy.clusters.size, 'cluster')} (${nameSome([...busy.clusters].map(clusterNameOf).sort())}) waits for it.`;
    return {
      code: IN_PROGRESS_CODE,
      severity: 'warning',
      message: `${what} is ${state}: Azure is still working on it, so it carries no traffic yet and amplink writes nothing to it.${held}`,
      resources: [resource.id],
      rules: [],
      fix: isLink
        ? `Run amplink plan again once it is Succeeded (az monitor private-link-scope scoped-resource show --ids ${resource.id} --query provisioningState). A link still ${state} after an hour is stuck: delete it (az monitor private-link-scope scoped-resource delete --ids ${resource.id}) and plan again.`
        : `Run amplink plan again once it is Succeeded (az resource show --ids ${resource.id} --query properties.provisioningState).`,
    };
  }
}

/** The cluster's name, from its id or from the id of an association that extends it. */
function clusterNameOf(id: string): string {
  const parts = id.split('/');
  const extension = parts.map((p) => p.toLowerCase()).lastIndexOf('providers');
  return extension > 6 ? (parts[extension - 1] ?? id) : (parts[parts.length - 1] ?? id);
}
