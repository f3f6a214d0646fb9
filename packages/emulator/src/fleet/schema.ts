/**
 * # Fleet file format
 *
 * A fleet file is YAML that describes an Azure world in a few lines. `expandFleet` turns it into the resources Azure,
 * Azure CLI and the portal would have created (see expand.ts); `examples/fleet.yaml` is an annotated example.
 *
 * ```yaml
 * tenant: contoso                       # a name (the tenant GUID is derived from it) or a GUID
 * subscriptions:                        # at least one; `id` is derived from `name` unless given
 *   - name: prod
 *   - { name: dev, id: 0b5c6d2e-... }
 * defaults:                             # all optional
 *   subscription: prod                  # default: the first subscription
 *   resourceGroup: rg-monitoring        # for workspaces, AMPLS, VNets, endpoints (default: rg-monitoring)
 *   clusterResourceGroup: rg-aks-{region}   # for clusters; `{region}` is replaced (default: rg-aks-{region})
 *   prometheus: { workspace: amw-prod } # a cluster's Prometheus when it names none (default: off)
 *   containerInsights: { workspace: law-prod }  # likewise for Container insights (default: off)
 * principals:                           # default: one "fleet-operator" with Contributor on every subscription
 *   - name: platform-team
 *     default: true                     # the identity `az login --identity` signs in as; exactly one
 *     roles:
 *       - { role: Contributor, scope: prod }     # scope: a subscription name, "<subscription>/<resource group>",
 *                                                 # or a full ARM id starting with "/"
 *   - name: auditor
 *     clientSecret: s3cret              # client-credentials sign-in; clientId derived unless given
 *     roles: [{ role: Reader, scope: prod }]
 * azureMonitorWorkspaces:               # Microsoft.Monitor/accounts
 *   - { name: amw-prod, region: eastus }         # resourceGroup, subscription: from defaults
 * logAnalyticsWorkspaces:               # Microsoft.OperationalInsights/workspaces
 *   - name: law-prod
 *     region: eastus
 *     publicNetworkAccess: { ingestion: Enabled, query: Enabled }   # default: both Enabled
 * privateLinkScopes:                    # Microsoft.Insights/privateLinkScopes (location global)
 *   - name: ampls-prod
 *     ingestionAccessMode: PrivateOnly  # Open | PrivateOnly (default: Open)
 *     queryAccessMode: Open             # Open | PrivateOnly (default: Open)
 *     linked: [law-prod, amw-prod]      # already linked: names of LAWs, AMWs (their default DCE), data collection
 *                                       # endpoints this file creates (e.g. MSProm-eastus-aks-1), or full ARM ids;
 *                                       # or { resource: amw-prod, provisioningState: Creating } for a link Azure
 *                                       # is still writing (or left stuck), Failed or Canceled (default Succeeded)
 * virtualNetworks:
 *   - name: vnet-hub
 *     region: eastus
 *     addressSpace: [10.0.0.0/16]
 *     subnets: [{ name: endpoints, prefix: 10.0.1.0/24 }]
 *     peerings: [vnet-westeurope]       # names of other VNets; peered both ways
 * privateEndpoints:                     # to an AMPLS, group id azuremonitor
 *   - name: pe-ampls
 *     privateLinkScope: ampls-prod
 *     vnet: vnet-hub
 *     subnet: endpoints
 *     dnsZoneLinks: [vnet-hub, vnet-westeurope]  # VNets linked to the five private DNS zones (default: the endpoint's VNet)
 *     manualApproval: false             # true: a manual connection request (az network private-endpoint create
 *                                       # --manual-request), Pending until the AMPLS approves it; carries no traffic
 * firewalls:                            # optional: rules of your own on the firewall of a VNet (afw-<vnet>, policy
 *                                       # afwp-<vnet>), beside the application rule egress.firewall writes
 *   - vnet: vnet-hub                    # the firewall's VNet (clusters name it in egress.firewall.vnet)
 *     ruleCollectionGroups:
 *       - name: org-policy
 *         priority: 200                 # 100-65000; lower first; egress.firewall's group is 300
 *         ruleCollections:              # each holds application or network rules, not both
 *           - name: no-uploads
 *             priority: 100
 *             action: Deny              # Allow | Deny; first match wins, network rules before application rules
 *             application: [{ name: blob, sourceAddresses: ['*'], targetFqdns: ['*.blob.core.windows.net'] }]
 *           - name: monitor-tag
 *             priority: 200
 *             action: Allow
 *             network: [{ name: monitor, destinationAddresses: [AzureMonitor], destinationPorts: ['443'] }]
 * clusters:
 *   - name: aks-weu                     # with `count: 3` this entry makes aks-weu-1, aks-weu-2, aks-weu-3
 *     region: westeurope
 *     kind: aks                         # aks (Microsoft.ContainerService/managedClusters, default)
 *                                       # | arc (Microsoft.Kubernetes/connectedClusters, on premises)
 *     private: true                     # private API server (aks only; default false)
 *     egress: open                      # open (default) | { firewall: { allowedFqdns: [...], vnet: vnet-hub } }
 *                                       # (aks only) Azure Firewall as Azure models it: a firewall with its
 *                                       # AzureFirewallSubnet (the last free /26 of the VNet) and a policy in `vnet`
 *                                       # (default: the cluster's VNet), shared by every cluster that names that
 *                                       # VNet; a route table on the node subnet sending 0.0.0.0/0 to the firewall's
 *                                       # private IP; an application rule in the policy's
 *                                       # DefaultApplicationRuleCollectionGroup allowing exactly allowedFqdns (Http,
 *                                       # Https) from the node subnet's prefix; outboundType userDefinedRouting.
 *                                       # Without `network`, the cluster gets a VNet as AKS makes one
 *                                       # (aks-vnet-<name>, 10.224.0.0/12, subnet aks-subnet 10.224.0.0/16).
 *     network: { vnet: vnet-weu, subnet: aks }   # optional; for arc: the VNet the site reaches over VPN
 *     prometheus: { workspace: amw-prod }        # or `off`; default: defaults.prometheus
 *     containerInsights: { workspace: law-prod, highLogScale: true }   # or `off`
 *     privateLinkScope: ampls-prod      # optional: enabled as `az aks enable-addons --ampls-resource-id` does
 *                                       # (config DCE + configurationAccessEndpoint association, links in the AMPLS)
 *     tags: { team: payments }
 * ```
 *
 * Regions are Azure region names in lower case without spaces (`eastus`, `westeurope`).
 * Errors name the YAML path (`clusters[2].prometheus.workspace`) and what was expected.
 */
import { z } from 'zod';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const guid = z.string().regex(guidPattern, { message: 'expected a GUID like 00000000-0000-0000-0000-000000000000' });

/** Letters, digits, `-`, `_`, `.`; what every resource type here accepts in a name. */
const resourceName = z.string({ message: 'expected a name' }).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, {
  message: 'expected a name of 1-63 letters, digits, "-", "_" or "." starting with a letter or digit',
});

const region = z.string({ message: 'expected an Azure region name' }).regex(/^[a-z][a-z0-9]{1,39}$/, {
  message: 'expected an Azure region name in lower case without spaces, e.g. eastus',
});

const resourceGroupName = z.string({ message: 'expected a resource group name' }).regex(/^[-\w._()]{1,90}$/, {
  message: 'expected a resource group name (1-90 letters, digits, "-", "_", ".", "(", ")")',
});

const cidr = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { message: 'expected an IPv4 prefix like 10.0.0.0/16' });

const off = z.literal('off', { message: 'expected a mapping or "off"' });

export const builtInRoles = [
  'Owner',
  'Contributor',
  'Reader',
  'Monitoring Contributor',
  'Network Contributor',
] as const;

const roleAssignment = z.strictObject({
  role: z.enum(builtInRoles, { message: `expected one of ${builtInRoles.join(', ')}` }),
  scope: z.string().min(1, { message: 'expected a subscription name, "<subscription>/<resource group>" or an ARM id' }),
});

const principal = z.strictObject({
  name: z.string().min(1),
  default: z.boolean().default(false),
  objectId: guid.optional(),
  clientId: guid.optional(),
  clientSecret: z.string().min(1).optional(),
  roles: z.array(roleAssignment).default([]),
});

/** Where a resource lives when the entry does not say. */
const placement = {
  subscription: z.string().min(1).optional(),
  resourceGroup: resourceGroupName.optional(),
};

const azureMonitorWorkspace = z.strictObject({
  name: resourceName,
  region,
  ...placement,
  tags: z.record(z.string(), z.string()).optional(),
});

const enabledOrDisabled = z.enum(['Enabled', 'Disabled'], { message: 'expected Enabled or Disabled' });

const logAnalyticsWorkspace = z.strictObject({
  name: resourceName,
  region,
  ...placement,
  publicNetworkAccess: z
    .strictObject({ ingestion: enabledOrDisabled.default('Enabled'), query: enabledOrDisabled.default('Enabled') })
    .default({ ingestion: 'Enabled', query: 'Enabled' }),
  tags: z.record(z.string(), z.string()).optional(),
});

const accessMode = z.enum(['Open', 'PrivateOnly'], { message: 'expected Open or PrivateOnly' });

/**
 * A link with the state Azure shows for it: `provisioningState` other than Succeeded is a link whose operation is
 * still running (or never ended, as after a restart mid-operation); Failed and Canceled are links Azure gave up on.
 */
const LINK_STATES = ['Succeeded', 'Provisioning', 'Creating', 'Updating', 'Deleting', 'Failed', 'Canceled'] as const;

const linkedEntry = z.strictObject({
  resource: z.string().min(1),
  provisioningState: z.enum(LINK_STATES).default('Succeeded'),
});

const privateLinkScope = z.strictObject({
  name: resourceName,
  ...placement,
  ingestionAccessMode: accessMode.default('Open'),
  queryAccessMode: accessMode.default('Open'),
  linked: z
    .array(
      z.union([z.string().min(1), linkedEntry], {
        message: `expected a name or an ARM id, or { resource: <name or id>, provisioningState: ${LINK_STATES.join(' | ')} }`,
      }),
    )
    .default([]),
});

const subnet = z.strictObject({ name: resourceName, prefix: cidr });

const virtualNetwork = z.strictObject({
  name: resourceName,
  region,
  ...placement,
  addressSpace: z.array(cidr).min(1, { message: 'expected at least one address prefix' }),
  subnets: z.array(subnet).default([]),
  peerings: z.array(resourceName).default([]),
});

const privateEndpoint = z.strictObject({
  name: resourceName,
  ...placement,
  privateLinkScope: resourceName,
  vnet: resourceName,
  subnet: resourceName,
  dnsZoneLinks: z.array(resourceName).optional(),
  manualApproval: z.boolean().optional(),
});

const prometheus = z.union([off, z.strictObject({ workspace: resourceName })]);
const containerInsights = z.union([
  off,
  z.strictObject({ workspace: resourceName, highLogScale: z.boolean().default(false) }),
]);

const egress = z.union([
  z.literal('open', { message: 'expected "open" or { firewall: { allowedFqdns: [...] } }' }),
  z.strictObject({
    firewall: z.strictObject({
      allowedFqdns: z.array(z.string().min(1)).default([]),
      vnet: resourceName.optional(),
    }),
  }),
]);

/** firewallPolicy.json: rule collection groups and collections take priorities 100-65000. */
const firewallPriority = z
  .number()
  .int()
  .min(100, { message: 'expected a priority from 100 to 65000' })
  .max(65000, { message: 'expected a priority from 100 to 65000' });

const sourceAddresses = z.array(z.string().min(1)).min(1).default(['*']);

const firewallRuleCollection = z.strictObject({
  name: resourceName,
  priority: firewallPriority,
  action: z.enum(['Allow', 'Deny'], { message: 'expected Allow or Deny' }),
  /** Application rules (Http and Https) ... */
  application: z
    .array(z.strictObject({ name: resourceName, sourceAddresses, targetFqdns: z.array(z.string().min(1)).min(1) }))
    .default([]),
  /** ... or network rules (TCP), one kind per collection as Azure requires. */
  network: z
    .array(
      z.strictObject({
        name: resourceName,
        sourceAddresses,
        destinationAddresses: z.array(z.string().min(1)).min(1),
        destinationPorts: z.array(z.string().min(1)).min(1).default(['443']),
      }),
    )
    .default([]),
});

const firewall = z.strictObject({
  vnet: resourceName,
  ruleCollectionGroups: z
    .array(
      z.strictObject({
        name: resourceName,
        priority: firewallPriority,
        ruleCollections: z.array(firewallRuleCollection),
      }),
    )
    .default([]),
});

const cluster = z.strictObject({
  name: resourceName,
  count: z.number().int().min(1).max(100_000).optional(),
  region,
  ...placement,
  kind: z.enum(['aks', 'arc'], { message: 'expected aks or arc' }).default('aks'),
  private: z.boolean().default(false),
  egress: egress.default('open'),
  network: z.strictObject({ vnet: resourceName, subnet: resourceName.optional() }).optional(),
  prometheus: prometheus.optional(),
  containerInsights: containerInsights.optional(),
  privateLinkScope: resourceName.optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

const subscription = z.strictObject({ name: z.string().min(1), id: guid.optional() });

const defaults = z.strictObject({
  subscription: z.string().min(1).optional(),
  resourceGroup: resourceGroupName.optional(),
  clusterResourceGroup: z.string().min(1).optional(),
  prometheus: prometheus.optional(),
  containerInsights: containerInsights.optional(),
});

export const fleetSchema = z.strictObject({
  tenant: z.string().min(1).default('contoso'),
  subscriptions: z.array(subscription).min(1, { message: 'expected at least one subscription' }),
  defaults: defaults.default({}),
  principals: z.array(principal).default([]),
  azureMonitorWorkspaces: z.array(azureMonitorWorkspace).default([]),
  logAnalyticsWorkspaces: z.array(logAnalyticsWorkspace).default([]),
  privateLinkScopes: z.array(privateLinkScope).default([]),
  virtualNetworks: z.array(virtualNetwork).default([]),
  privateEndpoints: z.array(privateEndpoint).default([]),
  firewalls: z.array(firewall).default([]),
  clusters: z.array(cluster).default([]),
});

/** What a fleet file may contain (defaults optional): what `generateFleet` returns and YAML parses to. */
export type FleetDocument = z.input<typeof fleetSchema>;
/** A fleet document with every default filled in. */
export type Fleet = z.output<typeof fleetSchema>;
export type FleetCluster = Fleet['clusters'][number];
export type PrometheusSetting = z.output<typeof prometheus>;
export type ContainerInsightsSetting = z.output<typeof containerInsights>;

export { guidPattern };
