// The contract between fleet expansion (src/fleet) and the server (src/server, src/store):
// a fleet file becomes the writes that Azure, Azure CLI and the portal would have made, in order,
// plus who may sign in and what each principal may do.

/** One ARM PUT, as a client would send it: the server runs it through the same provider code as an HTTP PUT. */
export interface ArmWrite {
  /** Full ARM resource id, e.g. /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Insights/dataCollectionEndpoints/{n} */
  id: string;
  /** An api-version the provider accepts for this type. */
  apiVersion: string;
  /** The request body (location, tags, kind, properties...), without read-only properties. */
  body: Record<string, unknown>;
  /**
   * The provisioningState Azure shows once the write is accepted, when it is not Succeeded: an operation still
   * running (or stuck), or one that failed. Read-only in ARM, so it is not part of the body.
   */
  provisioningState?: string;
}

export type BuiltInRole = 'Owner' | 'Contributor' | 'Reader' | 'Monitoring Contributor' | 'Network Contributor';

export interface Principal {
  /** Object id (the token's `oid`). */
  objectId: string;
  displayName: string;
  /** For the OAuth2 client-credentials endpoint; absent for the managed identity. */
  clientId?: string;
  clientSecret?: string;
}

export interface RoleAssignment {
  principalObjectId: string;
  role: BuiltInRole;
  /** An ARM scope: /subscriptions/{s}, a resource group id, or a resource id. */
  scope: string;
  /**
   * The assignment's name (a GUID) as Microsoft.Authorization/roleAssignments shows it; the emulator derives one from
   * principal, role and scope when a fleet gives none.
   */
  name?: string;
  /** The principal's type as the assignment records it (User, Group, ServicePrincipal, ...). */
  principalType?: string;
}

export interface Subscription {
  subscriptionId: string;
  displayName: string;
}

export interface ExpandedFleet {
  tenantId: string;
  subscriptions: Subscription[];
  /** Resource groups are PUT first by the server, in this order. */
  resourceGroups: { id: string; location: string; tags?: Record<string, string> }[];
  /** Every other resource, in dependency order. */
  writes: ArmWrite[];
  principals: Principal[];
  roleAssignments: RoleAssignment[];
  /** The principal that `az login --identity` and the default token credential sign in as. */
  defaultPrincipalObjectId: string;
  /**
   * Which VNet each on-premises (Arc) site reaches over VPN or ExpressRoute: the physical world, which Azure keeps
   * on no resource, so it is no write (and no tag). The data plane reads it.
   */
  siteNetworks?: { clusterId: string; vnetId: string }[];
}
