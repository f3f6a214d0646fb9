import { MONITOR_ZONE } from '../model/network.js';
import { idKey } from '../model/resource-id.js';
import { AGENT_ERRORS } from './agent-errors.js';
import type { AmplsContext, ClusterContext } from './context.js';
import type { FindingSet } from './finding-set.js';
import type { ClusterFindingTemplate } from './judgement.js';

/** "A VNet (really: a DNS zone set) connects to one AMPLS" (DOMAIN.md Limits). */
export function checkSharedZoneSets(
  ampls: AmplsContext,
  contexts: readonly ClusterContext[],
  findings: FindingSet,
): void {
  const { net, scope, approved } = ampls;
  const vnetKeys = new Set<string>();
  for (const pe of approved) if (pe.vnetKey) vnetKeys.add(pe.vnetKey);
  for (const c of contexts) if (c.verdict.vnetId) vnetKeys.add(idKey(c.verdict.vnetId));
  const reported = new Set<string>();
  for (const vnetKey of [...vnetKeys].sort()) {
    const owners = new Map<string, string[]>();
    const note = (scopeKey: string, why: string) => owners.set(scopeKey, [...(owners.get(scopeKey) ?? []), why]);
    for (const pe of net.privateEndpoints.values()) {
      if (pe.vnetKey !== vnetKey) continue;
      for (const s of net.scopesOfEndpoint(pe)) note(s, `private endpoint ${pe.name}`);
    }
    const zone = net.zoneFor(vnetKey, MONITOR_ZONE);
    if (zone) {
      for (const pe of net.privateEndpoints.values()) {
        if (pe.vnetKey && zone.linkedVnets.has(pe.vnetKey)) {
          for (const s of net.scopesOfEndpoint(pe)) note(s, `private endpoint ${pe.name} (zone ${zone.name})`);
        }
      }
    }
    if (owners.size < 2 || !owners.has(scope.resource.key)) continue;
    const key = [...owners.keys()].sort().join('|') + (zone?.key ?? vnetKey);
    if (reported.has(key)) continue;
    reported.add(key);
    const vnetName = net.vnets.get(vnetKey)?.name ?? vnetKey.split('/').pop() ?? vnetKey;
    const others = [...owners.keys()].filter((k) => k !== scope.resource.key).map((k) => k.split('/').pop() ?? k);
    const template: ClusterFindingTemplate = {
      code: 'AMPL_VERIFY_E0016',
      severity: 'error',
      message: `VNet ${vnetName}${zone ? ` and its zone set (${zone.name})` : ''} serve${zone ? '' : 's'} AMPLS ${scope.resource.name} and also ${others.join(', ')} (${[...owners.values()].flat().sort().join('; ')}): a VNet, really a DNS zone set, connects to one AMPLS, and the last private endpoint written overwrites the A records of the others.`,
      resources: [net.vnets.get(vnetKey)?.id ?? vnetKey, ...(zone ? [zone.id] : [])],
      rules: [],
      agentError: AGENT_ERRORS.publicDns,
      fix: 'Use one AMPLS for every network that shares these DNS zones (link all the resources to it and remove the other private endpoints), or give each network its own private DNS zones. amplink does not change networks.',
    };
    const inVnet = contexts.filter((c) => c.verdict.vnetId && idKey(c.verdict.vnetId) === vnetKey);
    if (inVnet.length === 0) findings.add({ ...template, clusters: [] });
    for (const c of inVnet) {
      const shared = c.judgement.problem(template);
      // Its records overwritten, the cluster resolves elsewhere: the shared zone set is a cause of that.
      if (c.verdict.route === 'misrouted') c.judgement.stops('both', undefined, [shared]);
    }
  }
}
