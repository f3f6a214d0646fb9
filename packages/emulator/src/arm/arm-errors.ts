// Every error the emulator answers on the wire, with Azure's code and wording, in one place. Tests and amplink match
// these bodies, so a message changes only when Azure's does. Where a message quotes a real service, the source is
// named beside it.
import { randomUUID } from 'node:crypto';
import { EmulatorError } from './errors.js';

function armError(status: number, code: string, message: string, headers?: Record<string, string>): EmulatorError {
  return new EmulatorError(code, message, { status, ...(headers ? { headers } : {}) });
}

/** The text Resource Graph puts in error.message; the real reason is in error.details. */
function supportMessage(now: number): string {
  return `Please provide below info when asking for support: timestamp = ${new Date(now).toISOString()}, correlationId = ${randomUUID()}.`;
}

const MUST_BE_JSON = 'The request content was invalid and could not be deserialized';

export const ArmErrors = {
  // ---- the request: api-version, path, method, body -------------------------------------------------------------

  missingApiVersion: () =>
    armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    ),

  /** A malformed api-version, or any unsupported one of a resource group or subscription. */
  invalidApiVersion: (version: string, supported: readonly string[]) =>
    armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${supported.join(', ')}'.`,
    ),

  /**
   * A well-formed api-version a provider type does not serve, worded as ARM words it: the location of the request
   * (the body's, '' when it has none), the type without its namespace, the supported api-versions, then the type's
   * locations when it has any.
   */
  unsupportedApiVersion: (
    version: string,
    type: string,
    supported: readonly string[],
    location = '',
    locations: readonly string[] = [],
  ) =>
    armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location}' and API version '${version}' for type '${type}'. The supported api-versions are '${supported.join(', ')}'.` +
        (locations.length > 0 ? ` The supported locations are '${locations.join(', ')}'.` : ''),
    ),

  unknownResourceType: (type: string, namespace: string, apiVersion: string) =>
    armError(
      404,
      'InvalidResourceType',
      `The resource type '${type}' could not be found in the namespace '${namespace}' for api version '${apiVersion}'.`,
    ),

  /** A path that matches no route: an ARM error, never a silent 200. */
  unservedPath: (path: string) =>
    armError(
      404,
      'InvalidResourceType',
      `The resource path '${path}' does not name a resource type the emulator serves.`,
    ),

  /** A namespace no provider has (the words `az provider show` and Register-AzResourceProvider users meet). */
  invalidResourceNamespace: (namespace: string, status = 404) =>
    armError(status, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`),

  methodNotAllowed: (method: string) =>
    armError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed for this resource.`),

  invalidFilter: (filter: string) =>
    armError(
      400,
      'InvalidFilterInQueryString',
      `Invalid $filter '${filter}': the emulator supports resourceType, resourceGroup, name, tagName and tagValue with eq.`,
    ),

  /** ARM's answer to a body over its limit (413, the code ARM's front door uses). */
  bodyTooLarge: (maxBytes: number) =>
    armError(
      413,
      'RequestEntityTooLarge',
      `The request content exceeds the maximum size of ${maxBytes} bytes the server accepts.`,
      { Connection: 'close' },
    ),

  bodyNotJson: () => armError(400, 'InvalidRequestContent', `${MUST_BE_JSON}: it is not JSON.`),

  bodyNotObject: () => armError(400, 'InvalidRequestContent', `${MUST_BE_JSON}: the body must be a JSON object.`),

  invalidProperty: (path: string, problem: string) =>
    armError(400, 'InvalidRequestContent', `The request content was invalid: property '${path}': ${problem}.`),

  /** ARM's answer to a tracked resource PUT in a region its type is not offered in. */
  locationNotAvailableForResourceType: (location: string, type: string, available: readonly string[]) =>
    armError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${location}' is not available for resource type '${type}'. List of available regions for the resource type is '${available.join(',')}'.`,
    ),

  locationNotAvailableForResourceGroup: (location: string, available: readonly string[]) =>
    armError(
      400,
      'LocationNotAvailableForResourceGroup',
      `The provided location '${location}' is not available for resource group. List of available regions is '${available.join(',')}'.`,
    ),

  /** A name outside its type's pattern; `rule` says the pattern in words. */
  invalidResourceName: (name: string, rule: string) =>
    armError(400, 'InvalidResourceName', `Resource name ${name} is invalid. ${rule}`),

  locationRequired: () => armError(400, 'LocationRequired', 'The location property is required for this definition.'),

  // ---- not found (ARM's own messages as seen in real responses; the aka.ms link is part of ARM's text) ------------

  resourceNotFound: (type: string, name: string, resourceGroup: string) =>
    armError(
      404,
      'ResourceNotFound',
      `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),

  resourceGroupNotFound: (resourceGroup: string) =>
    armError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`),

  subscriptionNotFound: (subscriptionId: string) =>
    armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`),

  parentResourceNotFound: (names: string) =>
    armError(
      404,
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${names}' not found.`,
    ),

  operationNotFound: (operationId: string) =>
    armError(404, 'OperationNotFound', `The operation '${operationId}' was not found.`),

  // ---- conflicts ---------------------------------------------------------------------------------------------------

  /** A write while another one on the same lock is running (terraform-provider-azurerm issue 22236 quotes it). */
  provisioningInProgress: () =>
    armError(409, 'Conflict', "Cannot modify resource while in provisioning state: 'Provisioning'"),

  /** A tracked resource cannot move by PUT (the message users meet, e.g. MicrosoftDocs/azure-docs issue 70422). */
  resourceLocationTaken: (name: string, existingLocation: string, resourceGroup: string, newLocation: string) =>
    armError(
      409,
      'InvalidResourceLocation',
      `The resource '${name}' already exists in location '${existingLocation}' in resource group '${resourceGroup}'. A resource with the same name cannot be created in location '${newLocation}'. Please select a new resource name.`,
    ),

  // ---- template deployments (Microsoft.Resources/deployments; texts as ARM writes them, aka.ms links included) ------

  /** A template ARM would refuse before it runs anything (the message names the expression and where it stands). */
  invalidTemplate: (message: string) => armError(400, 'InvalidTemplate', message),

  /** The emulator cannot fetch templates from URIs, template specs or Key Vault references. */
  templateSourceNotSupported: (what: string) =>
    armError(
      400,
      'InvalidRequestContent',
      `The emulator deploys templates sent inline ('properties.template'); ${what} is not supported. Send the template's content instead.`,
    ),

  /** Complete mode would delete what the template does not name; the emulator runs Incremental deployments only. */
  deploymentModeNotSupported: (mode: string) =>
    armError(
      400,
      'InvalidDeploymentMode',
      `The deployment mode '${mode}' is not supported by the emulator: deploy with mode 'Incremental'.`,
    ),

  deploymentNotFound: (name: string) => armError(404, 'DeploymentNotFound', `Deployment '${name}' could not be found.`),

  deploymentOperationNotFound: (operationId: string) =>
    armError(404, 'DeploymentOperationNotFound', `The deployment operation '${operationId}' could not be found.`),

  deploymentActive: (name: string, started: string) =>
    armError(
      409,
      'DeploymentActive',
      `Unable to edit or replace deployment '${name}': previous deployment from '${started}' is still active. Please see https://aka.ms/arm-deploy for usage details.`,
    ),

  /** The error of a deployment where a resource failed; the resources' errors are its details. */
  deploymentFailed: (details: { code: string; message: string }[]) =>
    new EmulatorError(
      'DeploymentFailed',
      'At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.',
      { status: 400, details },
    ),

  deploymentOutputEvaluationFailed: (message: string) =>
    armError(400, 'DeploymentOutputEvaluationFailed', `Unable to evaluate template outputs: ${message}`),

  // ---- sign-in and access ----------------------------------------------------------------------------------------

  authorizationHeaderMissing: () =>
    armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."),

  authorizationHeaderMalformed: () =>
    armError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    ),

  tokenExpired: () =>
    armError(401, 'ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.'),

  tokenAudienceWrong: (audiences: readonly string[]) =>
    armError(
      401,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource. It should exactly match with one of the allowed audiences '${audiences.join("','")}'.`,
    ),

  tokenInvalid: () => armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.'),

  authorizationFailed: (objectId: string, action: string, scope: string) =>
    armError(
      403,
      'AuthorizationFailed',
      `The client '${objectId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),

  /** Entra ID's answer to a token request without a usable scope or resource. */
  tokenScopeInvalid: () =>
    armError(400, 'invalid_scope', 'AADSTS70011: The provided value for the input parameter scope is not valid.'),

  // ---- throttling and failures -----------------------------------------------------------------------------------

  subscriptionThrottled: (
    verb: string,
    subscriptionId: string,
    principal: string,
    retryAfterSeconds: number,
    headers: Record<string, string>,
  ) =>
    armError(
      429,
      'SubscriptionRequestsThrottled',
      `Number of '${verb}' requests for subscription '${subscriptionId}' actor '${principal}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
      headers,
    ),

  /** A fault the test asked for (429, 500, 503). */
  injectedFault: (status: number, headers: Record<string, string>) =>
    armError(
      status,
      status === 429 ? 'TooManyRequests' : status === 503 ? 'ServiceUnavailable' : 'InternalServerError',
      `Injected fault: ${status}.`,
      headers,
    ),

  internal: (message: string) => armError(500, 'InternalServerError', message),

  internalWriteFailed: (id: string, status: number) =>
    armError(500, 'InternalServerError', `Internal write of ${id} answered ${status}.`),

  /** The error of an operation status whose operation failed. */
  operationFailed: () => armError(500, 'InternalServerError', 'The operation failed.'),

  starting: () => armError(503, 'ServiceUnavailable', 'The emulator is starting.'),

  // ---- the emulator's control API (/_emulator/*) -----------------------------------------------------------------

  controlLoopbackOnly: () => armError(403, 'Forbidden', 'The emulator control API answers loopback clients only.'),

  /** A control API body that does not have the shape the endpoint takes; nothing was changed. */
  controlInvalid: (endpoint: string, where: string, problem: string) =>
    armError(
      400,
      'InvalidRequestContent',
      `The /_emulator/${endpoint} body is invalid at ${where}: ${problem}. Nothing was changed.`,
    ),

  controlNoFleet: () =>
    armError(
      409,
      'Conflict',
      'The emulator started from a saved world without a fleet, so there is nothing to reset to; start it with --fleet FILE.',
    ),

  controlBodyNotJson: () => armError(400, 'InvalidRequestContent', 'The body is not JSON.'),

  controlNotFound: (path: string) => armError(404, 'NotFound', `No emulator control endpoint '${path}'.`),

  // ---- resource providers' own checks ----------------------------------------------------------------------------

  /** Data collection: a property that must name an existing resource of a type. */
  referenceNotFound: (property: string, id: string, type: string) =>
    armError(
      400,
      'InvalidPayload',
      `The property '${property}' refers to '${id}', which does not exist or is not a ${type}.`,
    ),

  /** If-Match that is not the resource's etag (ARM RPC "ETag" guideline: 412 Precondition Failed). */
  preconditionFailed: (name: string, ifMatch: string, exists: boolean) =>
    armError(
      412,
      'PreconditionFailed',
      exists
        ? `The precondition If-Match '${ifMatch}' failed: the resource '${name}' has another etag now. Read it again and retry with its current etag.`
        : `The resource '${name}' does not exist, so the precondition If-Match '${ifMatch}' failed.`,
    ),

  associationWithoutTarget: () =>
    armError(
      400,
      'InvalidPayload',
      "The association must have either 'properties.dataCollectionRuleId' or 'properties.dataCollectionEndpointId'.",
    ),

  /** Worded as the service words it (azure-cli issue 28338); the code is the service's InvalidEndpointAssociation... family. */
  endpointAssociationName: () =>
    armError(
      400,
      'InvalidEndpointAssociationName',
      'Association name for resource to endpoint must be configurationAccessEndpoint',
    ),

  linkedResourceTypeInvalid: (linkedResourceId: string, linkedType: string) =>
    armError(
      400,
      'InvalidLinkedResourceId',
      `The linked resource '${linkedResourceId}' is of type '${linkedType}'; only Log Analytics workspaces, Application Insights components and data collection endpoints can be linked to a private link scope.`,
    ),

  linkedResourceNotFound: (linkedResourceId: string) =>
    armError(404, 'LinkedResourceNotFound', `The linked resource '${linkedResourceId}' was not found.`),

  /** azure-cli PR 31899 quotes this service message. */
  scopedResourceDuplicate: () =>
    armError(409, 'Conflict', 'Scoped resource with same linked resource id already exists'),

  privateEndpointConnectionNotFound: (name: string) =>
    armError(
      404,
      'PrivateEndpointConnectionNotFound',
      `Private endpoint connection '${name}' was not found; connections are created by private endpoints.`,
    ),

  /**
   * An AMPLS takes at most 10 private endpoints (learn.microsoft.com, azure-monitor/logs/private-link-design). No
   * public record shows the words Azure answers an 11th with; this is the closest ARM shape: a 400 from the Network RP
   * naming the limit, with ARM's generic quota code.
   */
  privateLinkScopeEndpointLimit: (scopeId: string, limit: number) =>
    armError(
      400,
      'QuotaExceeded',
      `Private link scope ${scopeId} already has ${limit} private endpoint connections, the most an Azure Monitor private link scope accepts. Connect this network through one of its existing private endpoints (peering) or use another private link scope.`,
    ),

  /** The Network RP's wording for a dangling reference. */
  networkReferenceNotFound: (id: string, owner: string) =>
    armError(400, 'InvalidResourceReference', `Resource ${id} referenced by resource ${owner} was not found.`),

  privateEndpointGroupId: (groupId: string, targetId: string, allowed: readonly string[]) =>
    armError(
      400,
      'PrivateEndpointBadRequest',
      `Group id '${groupId}' is not valid for resource ${targetId}; valid group ids: ${allowed.join(', ')}.`,
    ),

  /** The Network RP's words (terraform-provider-azurerm PR 20365 quotes them). */
  missingNextHopIpAddress: (routeName: string) =>
    armError(
      400,
      'MissingNextHopIpAddress',
      `NextHopIpAddress cannot be Null or Empty in route ${routeName} when NextHopType is VirtualAppliance.`,
    ),

  routeTableInUse: (routeTableId: string, subnetId: string) =>
    armError(
      400,
      'InUseRouteTableCannotBeDeleted',
      `Route table ${routeTableId} is in use by subnet ${subnetId} and cannot be deleted. Remove the route table from the subnet first.`,
    ),

  // The two below: no public text of the Network RP's answer was found; code and words are the emulator's, in the
  // Network RP's InUse... family.
  subnetInUseByFirewall: (subnetId: string, firewallId: string) =>
    armError(
      400,
      'InUseSubnetCannotBeUsedByAzureFirewall',
      `Subnet ${subnetId} is already used by Azure Firewall ${firewallId}; an AzureFirewallSubnet holds one firewall.`,
    ),

  firewallPolicyInUse: (policyId: string, userId: string) =>
    armError(
      400,
      'FirewallPolicyInUse',
      `Firewall policy ${policyId} is associated with ${userId} and cannot be deleted. Disassociate it first.`,
    ),

  virtualNetworkLinkedTwice: (vnetId: string, linkId: string) =>
    armError(
      409,
      'Conflict',
      `A virtual network cannot be linked to the same private DNS zone twice: ${vnetId} is already linked by ${linkId}.`,
    ),

  // ---- Resource Graph (its message is a support note; the reason is in error.details) ----------------------------

  // ---- Microsoft.Authorization (codes and texts as the Authorization service answers them) ------------------------

  roleAssignmentNotFound: () => armError(404, 'RoleAssignmentNotFound', 'The role assignment does not exist.'),

  roleDefinitionNotFound: (id: string) =>
    armError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${id}' does not exist.`),

  roleAssignmentExists: () => armError(409, 'RoleAssignmentExists', 'The role assignment already exists.'),

  roleAssignmentUpdateNotPermitted: () =>
    armError(
      400,
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    ),

  invalidRoleAssignmentId: (name: string) =>
    armError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    ),

  principalNotFound: (principalId: string, tenantId: string) =>
    armError(400, 'PrincipalNotFound', `Principal ${principalId} does not exist in the directory ${tenantId}.`),

  invalidAuthorizationFilter: (filter: string) =>
    armError(
      400,
      'UnsupportedQuery',
      `The filter '${filter}' is not supported: the emulator supports atScope(), principalId eq '{id}', assignedTo('{id}'), roleName eq '{name}' and type eq '{type}'.`,
    ),

  resourceGraphBadRequest: (code: string, message: string) =>
    new EmulatorError('BadRequest', supportMessage(Date.now()), { status: 400, details: [{ code, message }] }),

  resourceGraphInvalidQuery: (kind: string, message: string) =>
    new EmulatorError('BadRequest', supportMessage(Date.now()), {
      status: 400,
      details: [
        {
          code: 'InvalidQuery',
          message:
            'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.',
        },
        { code: kind, message },
      ],
    }),

  /** Resource Graph's per-user quota (aka.ms/resourcegraph-throttling). */
  resourceGraphQuotaExceeded: (now: number, headers: Record<string, string>) =>
    new EmulatorError('RateLimiting', supportMessage(now), {
      status: 429,
      headers,
      details: [
        {
          code: 'RateLimiting',
          message:
            'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.',
        },
      ],
    }),
} as const;
