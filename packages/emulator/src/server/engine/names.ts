// Resource names checked against each type's pattern, as ARM and the resource providers refuse them (400
// InvalidResourceName). Patterns come from the REST API specs (../shared/rest-api-specs) where a spec has one; types
// whose spec names no pattern get ARM's own rule for any resource name.
import { ArmErrors } from '../../arm/arm-errors.js';
import { RESOURCE_TYPES } from '../../arm/resource-types.js';

interface NameRule {
  pattern: RegExp;
  maxLength: number;
  words: string;
}

// common-types/resource-management/v2/types.json, ResourceGroupNameParameter.
const RESOURCE_GROUP: NameRule = {
  pattern: /^[-\w._()]+$/u,
  maxLength: 90,
  words:
    'The name can be up to 90 characters long and may contain letters, digits, underscores, parentheses, hyphens and periods.',
};

// Microsoft.Monitor stable/2023-04-03 monitoringAccounts_API.json, azureMonitorWorkspaceName.
const MONITOR_ACCOUNT: NameRule = {
  pattern: /^(?!-)[a-zA-Z0-9-]+[^-]$/,
  maxLength: 260,
  words: 'The name may contain letters, digits and hyphens, and may not start or end with a hyphen.',
};

// Microsoft.ContainerService aks stable managedClusters.json, resourceName (1 to 63 characters).
const MANAGED_CLUSTER: NameRule = {
  pattern: /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/,
  maxLength: 63,
  words:
    'The name can be up to 63 characters long, may contain letters, digits, underscores and hyphens, and must start and end with a letter or digit.',
};

// The Network RP's rule for its resources (its InvalidResourceName message says it in these terms).
const NETWORK: NameRule = {
  pattern: /^\w([\w.-]*\w)?$/,
  maxLength: 80,
  words:
    "The name can be up to 80 characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.",
};

// ARM's own rule for any resource name: none of <>*%&:\?/ or control characters, and no trailing period or space.
const ARM_GENERIC: NameRule = {
  // eslint-disable-next-line no-control-regex
  pattern: /^[^<>*%&:\\?/\u0000-\u001f]*[^<>*%&:\\?/\u0000-\u001f. ]$/,
  maxLength: 260,
  words:
    "The name may not contain '<', '>', '*', '%', '&', ':', '\\', '?', '/' or control characters, nor end with '.' or a space.",
};

const T = RESOURCE_TYPES;
const RULES = new Map<string, NameRule>([
  [T.resourceGroup.type.toLowerCase(), RESOURCE_GROUP],
  [T.monitorAccount.type.toLowerCase(), MONITOR_ACCOUNT],
  [T.managedCluster.type.toLowerCase(), MANAGED_CLUSTER],
  ...[T.virtualNetwork, T.subnet, T.virtualNetworkPeering, T.privateEndpoint, T.privateDnsZoneGroup].map(
    (t) => [t.type.toLowerCase(), NETWORK] as const,
  ),
]);

/** Throws ARM's InvalidResourceName when `name` breaks the pattern of `type`. */
export function checkResourceName(type: string, name: string): void {
  const rule = RULES.get(type.toLowerCase()) ?? ARM_GENERIC;
  if (name.length > 0 && name.length <= rule.maxLength && rule.pattern.test(name)) return;
  throw ArmErrors.invalidResourceName(name, rule.words);
}
