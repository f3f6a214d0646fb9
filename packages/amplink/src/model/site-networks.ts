import { AmplinkError, SHOWN_ID_LENGTH, shownInput } from './errors.js';
import { globMatcher } from './name-glob.js';
import { nearestNames } from './near-names.js';
import { idKey, parseResourceId, strictProblem } from './resource-id.js';
import { RESOURCE_TYPES } from './resources.js';
import type { Cluster } from './topology.js';

/**
 * Which Azure VNet an on-premises (Arc) site reaches over VPN or ExpressRoute. Azure keeps that link on no resource
 * (a `connectedClusters` resource says nothing of the site's network), so it is the user's to say: per run with
 * `--site-network SELECTOR=VNET_ID` (the library's `siteNetworks`), or once per cluster with this tag, which is the
 * user's own (amplink documents it and only reads it; Azure never sets it).
 */
export const SITE_NETWORK_TAG = 'amplink-site-vnet';

/** One `--site-network` value: which Arc clusters, and the VNet their site reaches. */
export interface SiteNetworkOption {
  /**
   * A cluster's resource id; a resource group id (`/subscriptions/S/resourceGroups/G`, `*` in G matching anything);
   * `rg:GLOB` (resource groups of that name in any subscription); otherwise a cluster name (`*` matching anything).
   */
  clusters: string;
  /** The `Microsoft.Network/virtualNetworks` id the site reaches. */
  vnetId: string;
}

/** Where amplink learnt an Arc cluster's site network, as findings name it. */
export interface SiteNetwork {
  readonly vnetId: string;
  readonly from: string;
}

export const SITE_NETWORK_FLAG = '--site-network';
const SYNTAX = `${SITE_NETWORK_FLAG} <cluster name|cluster id|resource group id|rg:group>=<virtual network id>`;
const VNET_TYPE = RESOURCE_TYPES.virtualNetwork.toLowerCase();

/** Why a string is not a VNet id, or undefined when it is one. */
function vnetIdProblem(value: string): string | undefined {
  const problem = strictProblem(value);
  if (problem !== undefined) return `it is not a resource id (${problem})`;
  const id = parseResourceId(value);
  if (id.type.toLowerCase() !== VNET_TYPE) return `it is a ${id.type}, not a ${RESOURCE_TYPES.virtualNetwork}`;
  return undefined;
}

/** Parses one `--site-network` flag value (`SELECTOR=VNET_ID`). */
export function parseSiteNetworkFlag(value: string): SiteNetworkOption {
  const at = value.indexOf('=');
  const clusters = at < 0 ? '' : value.slice(0, at).trim();
  const vnetId = at < 0 ? '' : value.slice(at + 1).trim();
  if (clusters.length === 0 || vnetId.length === 0) {
    throw new AmplinkError({
      code: 'AMPL_SITE_E0001',
      message: `${SITE_NETWORK_FLAG} '${shownInput(value, SHOWN_ID_LENGTH)}' is not SELECTOR=VNET_ID.`,
      fix: `Write ${SYNTAX}, e.g. ${SITE_NETWORK_FLAG} 'arc-*=/subscriptions/SUB/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet-hub'.`,
    });
  }
  return checkSiteNetworkOption({ clusters, vnetId });
}

/** Checks a site network a caller passes (the library takes them as objects; a JavaScript caller may pass anything). */
export function checkSiteNetworkOption(option: unknown): SiteNetworkOption {
  const given = (typeof option === 'object' && option !== null ? option : {}) as Record<string, unknown>;
  const { clusters, vnetId } = given;
  if (typeof clusters !== 'string' || clusters.trim().length === 0 || typeof vnetId !== 'string') {
    throw new AmplinkError({
      code: 'AMPL_SITE_E0001',
      message: `A site network must be { clusters: string, vnetId: string }; got ${shownInput(option === undefined ? 'undefined' : JSON.stringify(option))}.`,
      fix: `Give each Arc cluster selector with the VNet id its site reaches (on the command line: ${SYNTAX}).`,
    });
  }
  const problem = vnetIdProblem(vnetId);
  if (problem !== undefined) {
    throw new AmplinkError({
      code: 'AMPL_SITE_E0002',
      message: `The site network '${shownInput(vnetId, SHOWN_ID_LENGTH)}' given for '${shownInput(clusters)}' is not a virtual network id: ${problem}.`,
      fix: 'Give the id of the VNet the site reaches over VPN or ExpressRoute (az network vnet show -g GROUP -n NAME --query id).',
    });
  }
  return { clusters: clusters.trim(), vnetId };
}

interface Selector {
  readonly option: SiteNetworkOption;
  /** Higher wins: a cluster id (3) over a name (2) over a resource group (1). */
  readonly rank: number;
  readonly matches: (cluster: Cluster) => boolean;
}

function selectorOf(option: SiteNetworkOption): Selector {
  const text = option.clusters;
  if (text.toLowerCase().startsWith('rg:')) {
    const group = globMatcher(text.slice(3));
    return { option, rank: 1, matches: (c) => group(c.id.resourceGroup ?? '') };
  }
  const groupId = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)$/i.exec(text);
  if (groupId) {
    const subscription = (groupId[1] ?? '').toLowerCase();
    const group = globMatcher(groupId[2] ?? '');
    return {
      option,
      rank: 1,
      matches: (c) => c.id.subscriptionId.toLowerCase() === subscription && group(c.id.resourceGroup ?? ''),
    };
  }
  if (text.startsWith('/')) {
    const key = idKey(text);
    return { option, rank: 3, matches: (c) => c.id.key === key };
  }
  const name = globMatcher(text);
  return { option, rank: 2, matches: (c) => name(c.id.name) };
}

/** What the site networks of the Arc clusters are: the options' (most specific first), else each cluster's own tag. */
export interface SiteNetworks {
  /** Arc cluster key -> its site network. */
  readonly byCluster: Map<string, SiteNetwork>;
  /** Arc cluster key -> why its tag could not be used (shown where verify says the cluster has no network). */
  readonly problems: Map<string, string>;
}

/**
 * Resolves the site networks against the discovered clusters. A selector that matches no Arc cluster, and two equally
 * specific selectors that give one cluster different VNets, are errors: either would silently leave a site unknown.
 */
export function resolveSiteNetworks(
  clusters: readonly Cluster[],
  options: readonly SiteNetworkOption[] = [],
): SiteNetworks {
  const arc = clusters.filter((c) => c.kind === 'arc');
  const byCluster = new Map<string, SiteNetwork>();
  const problems = new Map<string, string>();
  const selectors = options.map((o) => selectorOf(checkSiteNetworkOption(o)));
  for (const selector of selectors) {
    if (arc.some(selector.matches)) continue;
    const aks = clusters.filter((c) => c.kind === 'aks' && selector.matches(c)).map((c) => c.id.name);
    const near = nearestNames(
      selector.option.clusters,
      arc.map((c) => c.id.name),
    );
    throw new AmplinkError({
      code: 'AMPL_SITE_E0003',
      message:
        `${SITE_NETWORK_FLAG} '${shownInput(selector.option.clusters, SHOWN_ID_LENGTH)}' matches no Arc cluster among the ${arc.length} discovered` +
        (aks.length > 0
          ? ` (it matches AKS cluster ${aks.slice(0, 3).join(', ')}: an AKS cluster's network is its node subnet's VNet)`
          : near.length > 0
            ? ` (near: ${near.join(', ')})`
            : '') +
        '.',
      fix: `Name Arc clusters (Microsoft.Kubernetes/connectedClusters) as ${SYNTAX}; \`amplink discover\` lists them.`,
    });
  }
  for (const cluster of arc) {
    const matching = selectors.filter((s) => s.matches(cluster));
    const best = Math.max(0, ...matching.map((s) => s.rank));
    const chosen = matching.filter((s) => s.rank === best);
    const vnets = [...new Set(chosen.map((s) => idKey(s.option.vnetId)))];
    if (vnets.length > 1) {
      throw new AmplinkError({
        code: 'AMPL_SITE_E0004',
        message: `Arc cluster ${cluster.id.name} gets two site networks from equally specific ${SITE_NETWORK_FLAG} values: ${chosen.map((s) => `'${shownInput(s.option.clusters)}'`).join(' and ')}.`,
        fix: 'A site reaches one VNet: give this cluster its own value by name or id (a name beats a resource group, an id beats a name).',
      });
    }
    const first = chosen[0];
    if (first !== undefined) {
      byCluster.set(cluster.resource.key, {
        vnetId: first.option.vnetId,
        from: `${SITE_NETWORK_FLAG} ${first.option.clusters}`,
      });
      continue;
    }
    const tag = Object.entries(cluster.resource.tags).find(([k]) => k.toLowerCase() === SITE_NETWORK_TAG)?.[1];
    if (tag === undefined) continue;
    const problem = vnetIdProblem(tag.trim());
    if (problem === undefined)
      byCluster.set(cluster.resource.key, { vnetId: tag.trim(), from: `tag ${SITE_NETWORK_TAG}` });
    else
      problems.set(
        cluster.resource.key,
        `its tag ${SITE_NETWORK_TAG} '${shownInput(tag)}' is not a VNet id: ${problem}`,
      );
  }
  return { byCluster, problems };
}
