// Azure Firewall as the Network specs model it: Microsoft.Network/azureFirewalls (azureFirewall.json), their
// Microsoft.Network/firewallPolicies and the policies' ruleCollectionGroups (firewallPolicy.json). Every PUT and
// DELETE of these is long-running in the spec (x-ms-long-running-operation). A firewall's private address is assigned
// from its AzureFirewallSubnet; a policy lists its rule collection groups, its firewalls and its child policies.
import { z } from 'zod';
import { ArmErrors } from '../arm/arm-errors.js';
import { idKey } from '../arm/ids.js';
import { addressInPrefix } from '../arm/ipv4.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, asString, clientProperties, props, proxyBody, trackedBody } from './base.js';
import { SUBNET_TYPE, requireReference } from './network.js';
import type { ProviderContext, ResourceProvider } from './types.js';
import type { ArmResource, Json, JsonObject } from '../store/store.js';

export const AZURE_FIREWALL_TYPE = RESOURCE_TYPES.azureFirewall.type;
export const FIREWALL_POLICY_TYPE = RESOURCE_TYPES.firewallPolicy.type;
export const RULE_COLLECTION_GROUP_TYPE = RESOURCE_TYPES.ruleCollectionGroup.type;

/** azureFirewall.json: "This resource must be named 'AzureFirewallSubnet' or 'AzureFirewallManagementSubnet'." */
const FIREWALL_SUBNET_NAMES = ['azurefirewallsubnet', 'azurefirewallmanagementsubnet'];

const subResource = props({ id: z.string() });
const idOf = (value: Json | undefined): string | undefined => asString(asObject(value)['id']);
const references = (resources: ArmResource[]): Json[] => resources.map((r) => ({ id: r.id }));

// ---- azureFirewalls ------------------------------------------------------------------------------------------------

/**
 * The firewall's private address: the first an Azure subnet hands out, the fourth of its prefix (the first four are
 * reserved: Azure Virtual Network FAQ), which is why AKS egress walkthroughs route to x.x.x.4.
 */
const firstUsableAddress = (prefix: string | undefined): string => addressInPrefix(prefix ?? '', 4) ?? '';

function subnetPrefix(subnet: ArmResource | undefined): string | undefined {
  const p = asObject(subnet?.['properties']);
  const list = p['addressPrefixes'];
  return asString(p['addressPrefix']) ?? (Array.isArray(list) ? asString(list[0]) : undefined);
}

function ipConfigurationsOf(body: JsonObject): JsonObject[] {
  const list = asObject(body['properties'])['ipConfigurations'];
  return (Array.isArray(list) ? list : []).map(asObject);
}

export const azureFirewalls: ResourceProvider = {
  type: AZURE_FIREWALL_TYPE,
  apiVersions: RESOURCE_TYPES.azureFirewall.apiVersions,
  tracked: true,
  etagStyle: 'weak',
  longRunning: { put: true, delete: true },
  schema: trackedBody(
    props({
      ipConfigurations: z
        .array(
          props({
            name: z.string().min(1),
            properties: props({ subnet: subResource.optional(), publicIPAddress: subResource.optional() }).optional(),
          }),
        )
        .optional(),
      firewallPolicy: subResource.optional(),
      sku: props({ name: z.string().optional(), tier: z.string().optional() }).optional(),
      threatIntelMode: z.string().optional(),
    }),
  ),
  readOnly: ['ipGroups', 'hubIPAddresses'],
  validate(ctx, req) {
    const policyId = idOf(asObject(req.body['properties'])['firewallPolicy']);
    if (policyId !== undefined) requireReference(ctx, policyId, req.id, FIREWALL_POLICY_TYPE);
    ipConfigurationsOf(req.body).forEach((config, index) => {
      const subnetId = idOf(asObject(config['properties'])['subnet']);
      if (subnetId === undefined) return;
      const subnet = requireReference(ctx, subnetId, req.id, SUBNET_TYPE);
      const name = asString(subnet['name'])?.toLowerCase() ?? '';
      if (!FIREWALL_SUBNET_NAMES.includes(name)) {
        throw ArmErrors.invalidProperty(
          `properties.ipConfigurations[${index}].properties.subnet.id`,
          `the subnet of an Azure Firewall must be named AzureFirewallSubnet; ${subnetId} is not`,
        );
      }
      // One firewall per AzureFirewallSubnet: the subnet is dedicated to it.
      const other = ctx.store
        .ofType(AZURE_FIREWALL_TYPE)
        .find(
          (fw) =>
            idKey(fw.id) !== idKey(req.id) &&
            ipConfigurationsOf(fw).some(
              (c) => idKey(idOf(asObject(c['properties'])['subnet']) ?? '') === idKey(subnetId),
            ),
        );
      if (other !== undefined) throw ArmErrors.subnetInUseByFirewall(subnetId, other.id);
    });
  },
  properties(ctx, req) {
    const sent = clientProperties(this, req);
    const previous = ipConfigurationsOf(req.existing ?? {});
    const ipConfigurations = ipConfigurationsOf(req.body).map((config) => {
      const name = asString(config['name']) ?? '';
      const configProperties = { ...asObject(config['properties']) };
      delete configProperties['privateIPAddress'];
      delete configProperties['provisioningState'];
      const subnetId = idOf(configProperties['subnet']);
      const kept = previous.find((p) => asString(p['name']) === name);
      const keptAddress = asString(asObject(kept?.['properties'])['privateIPAddress']);
      const address =
        subnetId === undefined ? undefined : (keptAddress ?? firstUsableAddress(subnetPrefix(ctx.store.get(subnetId))));
      return {
        name,
        id: `${req.id}/azureFirewallIpConfigurations/${name}`,
        etag: `W/"${ctx.generated.uuid()}"`,
        type: 'Microsoft.Network/azureFirewalls/azureFirewallIpConfigurations',
        properties: {
          ...configProperties,
          ...(address === undefined ? {} : { privateIPAddress: address }),
          provisioningState: 'Succeeded',
        },
      };
    });
    return {
      sku: { name: 'AZFW_VNet', tier: 'Standard' },
      threatIntelMode: 'Alert',
      additionalProperties: {},
      applicationRuleCollections: [],
      natRuleCollections: [],
      networkRuleCollections: [],
      ...sent,
      ipConfigurations,
      ipGroups: [],
    };
  },
};

// ---- firewallPolicies ----------------------------------------------------------------------------------------------

export const firewallPolicies: ResourceProvider = {
  type: FIREWALL_POLICY_TYPE,
  apiVersions: RESOURCE_TYPES.firewallPolicy.apiVersions,
  tracked: true,
  etagStyle: 'weak',
  longRunning: { put: true, delete: true },
  schema: trackedBody(
    props({
      basePolicy: subResource.optional(),
      threatIntelMode: z.string().optional(),
      sku: props({ tier: z.string().optional() }).optional(),
    }),
  ),
  readOnly: ['size', 'ruleCollectionGroups', 'firewalls', 'childPolicies'],
  validate(ctx, req) {
    const baseId = idOf(asObject(req.body['properties'])['basePolicy']);
    if (baseId === undefined) return;
    if (idKey(baseId) === idKey(req.id)) {
      throw ArmErrors.invalidProperty('properties.basePolicy.id', 'a firewall policy cannot be its own base policy');
    }
    requireReference(ctx, baseId, req.id, FIREWALL_POLICY_TYPE);
  },
  properties(_ctx, req) {
    return { threatIntelMode: 'Alert', sku: { tier: 'Standard' }, ...clientProperties(this, req) };
  },
  beforeDelete(ctx, policy) {
    // A policy in use by a firewall or a child policy stays (Azure Firewall Manager: disassociate first).
    const user = [...firewallsOf(ctx, policy.id), ...childPoliciesOf(ctx, policy.id)][0];
    if (user !== undefined) throw ArmErrors.firewallPolicyInUse(policy.id, user.id);
  },
  view(ctx, policy) {
    const groups = ctx.store.childrenOf(policy.id, RULE_COLLECTION_GROUP_TYPE);
    const properties = {
      ...asObject(policy['properties']),
      ruleCollectionGroups: references(groups),
      firewalls: references(firewallsOf(ctx, policy.id)),
      childPolicies: references(childPoliciesOf(ctx, policy.id)),
      size: sizeOf(groups.length === 0 ? [policy] : groups),
    };
    return { ...policy, properties };
  },
};

function firewallsOf(ctx: ProviderContext, policyId: string): ArmResource[] {
  return ctx.store
    .ofType(AZURE_FIREWALL_TYPE)
    .filter((fw) => idKey(idOf(asObject(fw['properties'])['firewallPolicy']) ?? '') === idKey(policyId));
}

function childPoliciesOf(ctx: ProviderContext, policyId: string): ArmResource[] {
  return ctx.store
    .ofType(FIREWALL_POLICY_TYPE)
    .filter((p) => idKey(idOf(asObject(p['properties'])['basePolicy']) ?? '') === idKey(policyId));
}

/** The read-only `size`, "in MB (ex 0.5MB)" (firewallPolicy.json): the JSON of what it holds. */
function sizeOf(resources: ArmResource[]): string {
  const bytes = resources.reduce((sum, r) => sum + JSON.stringify(r['properties'] ?? {}).length, 0);
  return `${(bytes / 1_000_000).toFixed(3)}MB`;
}

// ---- ruleCollectionGroups ------------------------------------------------------------------------------------------

/** firewallPolicy.json: rule collection groups and rule collections take priorities 100-65000. */
const priority = z.number().int().min(100).max(65000);
const strings = z.array(z.string()).optional();

const applicationRule = props({
  ruleType: z.literal('ApplicationRule'),
  name: z.string().min(1),
  sourceAddresses: strings,
  sourceIpGroups: strings,
  protocols: z
    .array(
      props({ protocolType: z.enum(['Http', 'Https', 'Mssql']), port: z.number().int().min(0).max(64000).optional() }),
    )
    .optional(),
  targetFqdns: strings,
  targetUrls: strings,
  fqdnTags: strings,
  destinationAddresses: strings,
  webCategories: strings,
});

const networkRule = props({
  ruleType: z.literal('NetworkRule'),
  name: z.string().min(1),
  ipProtocols: z.array(z.enum(['TCP', 'UDP', 'Any', 'ICMP'])).optional(),
  sourceAddresses: strings,
  sourceIpGroups: strings,
  destinationAddresses: strings,
  destinationIpGroups: strings,
  destinationFqdns: strings,
  destinationPorts: strings,
});

const natRule = props({ ruleType: z.literal('NatRule'), name: z.string().min(1) });

const ruleCollection = props({
  ruleCollectionType: z.enum(['FirewallPolicyFilterRuleCollection', 'FirewallPolicyNatRuleCollection']),
  name: z.string().min(1),
  priority,
  action: props({ type: z.enum(['Allow', 'Deny', 'DNAT', 'Dnat']) }).optional(),
  rules: z.array(z.union([applicationRule, networkRule, natRule])).optional(),
});

/**
 * Azure Firewall rule processing (learn.microsoft.com/azure/firewall/rule-processing): "Rules in a rule collection must
 * be of the same type (NAT, Network, or Application)"; a collection name has letters, digits, `_`, `.`, `-`, begins
 * with a letter or digit, ends with a letter, digit or `_`, at most 80 characters.
 */
function checkRuleCollections(body: JsonObject): void {
  const list = asObject(body['properties'])['ruleCollections'];
  const names = new Set<string>();
  (Array.isArray(list) ? list : []).map(asObject).forEach((collection, index) => {
    const path = `properties.ruleCollections[${index}]`;
    const name = asString(collection['name']) ?? '';
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/.test(name)) {
      throw ArmErrors.invalidProperty(
        `${path}.name`,
        `'${name}' is not a rule collection name (letters, digits, "_", ".", "-"; begins with a letter or digit, ends with a letter, digit or "_"; at most 80 characters)`,
      );
    }
    if (names.has(name.toLowerCase())) {
      throw ArmErrors.invalidProperty(`${path}.name`, `the rule collection name '${name}' is used twice in the group`);
    }
    names.add(name.toLowerCase());
    const filter = asString(collection['ruleCollectionType']) === 'FirewallPolicyFilterRuleCollection';
    const action = asString(asObject(collection['action'])['type']);
    if (filter && action !== 'Allow' && action !== 'Deny') {
      throw ArmErrors.invalidProperty(`${path}.action.type`, 'a filter rule collection takes Allow or Deny');
    }
    const rules = collection['rules'];
    const types = new Set((Array.isArray(rules) ? rules : []).map((r) => asString(asObject(r)['ruleType'])));
    if (types.size > 1 || (filter && types.has('NatRule')) || (!filter && [...types].some((t) => t !== 'NatRule'))) {
      throw ArmErrors.invalidProperty(
        `${path}.rules`,
        `rules in a rule collection must be of one type (${filter ? 'ApplicationRule or NetworkRule' : 'NatRule'})`,
      );
    }
  });
}

export const ruleCollectionGroups: ResourceProvider = {
  type: RULE_COLLECTION_GROUP_TYPE,
  apiVersions: RESOURCE_TYPES.ruleCollectionGroup.apiVersions,
  tracked: false,
  etagStyle: 'weak',
  longRunning: { put: true, delete: true },
  schema: proxyBody(props({ priority, ruleCollections: z.array(ruleCollection).optional() }), {
    propertiesRequired: true,
  }),
  readOnly: ['size'],
  validate(_ctx, req) {
    checkRuleCollections(req.body);
  },
  properties(_ctx, req) {
    const sent = clientProperties(this, req);
    return { ruleCollections: [], ...sent, size: `${(JSON.stringify(sent).length / 1_000_000).toFixed(3)}MB` };
  },
};
