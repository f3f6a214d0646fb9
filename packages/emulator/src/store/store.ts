// The world in memory: every resource as ARM JSON (as GET returns it), keyed by lower-cased id.
// Indexes by parent and by type keep child lookups, cascading deletes and lists cheap at 10,000 clusters.
import { idKey, parentIdOf } from '../arm/ids.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A resource as the store holds it: ARM JSON with at least id and type. */
export interface ArmResource extends JsonObject {
  id: string;
  type: string;
}

/**
 * What the emulator knows of the physical world that ARM does not hold: the VNet an on-premises (Arc) site reaches
 * over VPN or ExpressRoute. Azure keeps no resource for that link on `Microsoft.Kubernetes/connectedClusters`, so no
 * ARM answer shows it; only the data plane (DNS and routes from the site) reads it.
 */
export interface SiteNetwork {
  clusterId: string;
  vnetId: string;
}

/** What one change did, as persistence journals it (a delete names the root; the store cascades it again on replay). */
export type StoreChange =
  | { kind: 'put'; resource: ArmResource }
  | { kind: 'delete'; id: string }
  | { kind: 'clear' }
  | { kind: 'site'; site: SiteNetwork };

export class ResourceStore {
  private readonly byId = new Map<string, ArmResource>();
  /** Cluster key -> the site's network (not a resource: never listed, never in a snapshot). */
  private readonly sites = new Map<string, SiteNetwork>();
  private readonly children = new Map<string, Set<string>>();
  private readonly byType = new Map<string, Set<string>>();
  private changes = 0;
  /** Called after every change, before the caller goes on (persistence journals it). */
  onChange: (change: StoreChange) => void = () => undefined;

  /** Grows with every change: a cache over the store is valid while it stays the same. */
  get version(): number {
    return this.changes;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ArmResource | undefined {
    return this.byId.get(idKey(id));
  }

  has(id: string): boolean {
    return this.byId.has(idKey(id));
  }

  put(resource: ArmResource): void {
    const key = idKey(resource.id);
    const previous = this.byId.get(key);
    if (previous && idKey(previous.type) !== idKey(resource.type)) this.unindex(key, previous);
    this.byId.set(key, resource);
    const parent = parentIdOf(resource.id);
    if (parent !== undefined) addTo(this.children, idKey(parent), key);
    addTo(this.byType, idKey(resource.type), key);
    this.changes += 1;
    this.onChange({ kind: 'put', resource });
  }

  /** Deletes a resource and everything below it (children, extension resources); returns what was removed. */
  delete(id: string): ArmResource[] {
    const removed: ArmResource[] = [];
    this.deleteTree(idKey(id), removed);
    if (removed.length > 0) {
      this.changes += 1;
      this.onChange({ kind: 'delete', id });
    }
    return removed;
  }

  private deleteTree(key: string, removed: ArmResource[]): void {
    const kids = this.children.get(key);
    if (kids) for (const child of [...kids]) this.deleteTree(child, removed);
    this.children.delete(key);
    const resource = this.byId.get(key);
    if (!resource) return;
    this.byId.delete(key);
    this.unindex(key, resource);
    removed.push(resource);
  }

  private unindex(key: string, resource: ArmResource): void {
    const parent = parentIdOf(resource.id);
    if (parent !== undefined) this.children.get(idKey(parent))?.delete(key);
    this.byType.get(idKey(resource.type))?.delete(key);
  }

  /** Records which VNet a cluster's site reaches (fleet files say so; ARM has no property for it). */
  setSiteNetwork(site: SiteNetwork): void {
    this.sites.set(idKey(site.clusterId), { ...site });
    this.changes += 1;
    this.onChange({ kind: 'site', site: { ...site } });
  }

  /** The VNet id the cluster's site reaches, when the emulator's world says so. */
  siteNetworkOf(clusterId: string): string | undefined {
    return this.sites.get(idKey(clusterId))?.vnetId;
  }

  siteNetworks(): SiteNetwork[] {
    return [...this.sites.values()];
  }

  childrenOf(id: string, type?: string): ArmResource[] {
    const kids = this.children.get(idKey(id));
    if (!kids) return [];
    const wanted = type === undefined ? undefined : idKey(type);
    const out: ArmResource[] = [];
    for (const key of kids) {
      const r = this.byId.get(key);
      if (r && (wanted === undefined || idKey(r.type) === wanted)) out.push(r);
    }
    return out;
  }

  ofType(type: string): ArmResource[] {
    const keys = this.byType.get(idKey(type));
    if (!keys) return [];
    const out: ArmResource[] = [];
    for (const key of keys) {
      const r = this.byId.get(key);
      if (r) out.push(r);
    }
    return out;
  }

  /** The (lower-cased) types that have at least one resource. */
  types(): string[] {
    return [...this.byType].filter(([, keys]) => keys.size > 0).map(([type]) => type);
  }

  all(): ArmResource[] {
    return [...this.byId.values()];
  }

  clear(): void {
    this.byId.clear();
    this.children.clear();
    this.byType.clear();
    this.sites.clear();
    this.changes += 1;
    this.onChange({ kind: 'clear' });
  }
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}
