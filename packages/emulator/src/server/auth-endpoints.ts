// Token endpoints: a Cloud-Shell-style MSI endpoint (what `az login --identity` calls when MSI_ENDPOINT is set:
// POST, form field `resource`, header Metadata: true — msrestazure azure_active_directory.py get_msi_token) and an
// OAuth2 client-credentials endpoint with the OpenID discovery documents MSAL (used by @azure/identity) reads first.
import { ArmErrors } from '../arm/arm-errors.js';
import { LOG_ANALYTICS_RESOURCE_PATH } from '../dataplane/dataplane.js';
import type { TokenService } from './tokens.js';
import type { Principal } from '../fleet/types.js';

export interface AuthWorld {
  tenantId: string;
  principals: () => Principal[];
  defaultPrincipalObjectId: () => string;
}

export interface AuthResponse {
  status: number;
  body: unknown;
}

export const MSI_PATH = '/msi/token';
/** The name the emulator gives its cloud in /metadata/endpoints (and the name its Azure CLI sessions register). */
export const EMULATOR_CLOUD_NAME = 'amplink-emulator';

/** A request to a token endpoint, with what the endpoints answer from. */
export interface TokenRequest {
  method: string;
  url: URL;
  body: string;
  tokens: TokenService;
  world: AuthWorld;
  baseUrl: string;
}

type Endpoint = (r: TokenRequest) => Promise<AuthResponse> | AuthResponse;

/** The token endpoint a request names, if any (the path alone decides, and the method for the OAuth2 token). */
function endpointFor(method: string, pathname: string): Endpoint | undefined {
  const path = pathname.replace(/\/+$/, '');
  const lower = path.toLowerCase();
  if (lower === MSI_PATH || lower === '/metadata/identity/oauth2/token') {
    return (r) => msiToken(r.method === 'POST' ? new URLSearchParams(r.body) : r.url.searchParams, r.tokens, r.world);
  }
  if (lower === '/metadata/endpoints') {
    return (r) => ({ status: 200, body: cloudMetadata(r.baseUrl, r.url.searchParams.get('api-version') ?? '') });
  }
  if (lower === '/common/discovery/instance') {
    return ({ baseUrl, world }) => {
      const host = new URL(baseUrl).host;
      return {
        status: 200,
        body: {
          tenant_discovery_endpoint: `${baseUrl}/${world.tenantId}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        },
      };
    };
  }
  const openid = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/i.exec(path);
  if (openid) {
    return (r) => ({ status: 200, body: openidConfiguration(r.baseUrl, openid[1] ?? r.world.tenantId) });
  }
  const token = /^\/([^/]+)\/oauth2(\/v2\.0)?\/token$/i.exec(path);
  if (token && method === 'POST') {
    return (r) => clientCredentialsToken(new URLSearchParams(r.body), r.tokens, r.world, token[2] !== undefined);
  }
  return undefined;
}

export function isTokenEndpoint(method: string, pathname: string): boolean {
  return endpointFor(method, pathname) !== undefined;
}

export async function handleAuthRequest(request: TokenRequest): Promise<AuthResponse | undefined> {
  return endpointFor(request.method, request.url.pathname)?.(request);
}

async function msiToken(form: URLSearchParams, tokens: TokenService, world: AuthWorld): Promise<AuthResponse> {
  const resource = form.get('resource');
  if (!resource) {
    return {
      status: 400,
      body: { error: 'invalid_request', error_description: 'Required audience parameter not specified' },
    };
  }
  const clientId = form.get('client_id');
  const objectId = form.get('object_id');
  let principal = world.principals().find((p) => p.objectId === world.defaultPrincipalObjectId());
  if (clientId !== null || objectId !== null) {
    principal = world.principals().find((p) => (clientId !== null ? p.clientId === clientId : p.objectId === objectId));
    // A 400 makes az try the next kind of identity id (azure-cli _profile.py login_with_managed_identity).
    if (!principal) return { status: 400, body: { error: 'invalid_request', error_description: 'Identity not found' } };
  }
  const objectIdToUse = principal?.objectId ?? world.defaultPrincipalObjectId();
  const issued = await tokens.issue({
    tenantId: world.tenantId,
    objectId: objectIdToUse,
    audience: resource,
    ...(principal?.clientId ? { appId: principal.clientId } : {}),
  });
  const now = Math.floor(Date.now() / 1000);
  return {
    status: 200,
    body: {
      access_token: issued.accessToken,
      refresh_token: '',
      expires_in: String(issued.expiresOn - now),
      expires_on: String(issued.expiresOn),
      not_before: String(now),
      resource,
      token_type: 'Bearer',
      client_id: principal?.clientId ?? objectIdToUse,
    },
  };
}

async function clientCredentialsToken(
  form: URLSearchParams,
  tokens: TokenService,
  world: AuthWorld,
  v2: boolean,
): Promise<AuthResponse> {
  if (form.get('grant_type') !== 'client_credentials') {
    return {
      status: 400,
      body: {
        error: 'unsupported_grant_type',
        error_description: 'AADSTS70003: The app requested an unsupported grant type.',
      },
    };
  }
  const clientId = form.get('client_id') ?? '';
  const principal = world.principals().find((p) => p.clientId !== undefined && p.clientId === clientId);
  if (!principal) {
    return {
      status: 400,
      body: {
        error: 'unauthorized_client',
        error_description: `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`,
        error_codes: [700016],
      },
    };
  }
  if (principal.clientSecret !== form.get('client_secret')) {
    return {
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
        error_codes: [7000215],
      },
    };
  }
  const scope = form.get('scope') ?? '';
  const resource = v2
    ? (scope.split(' ').find((s) => s.endsWith('/.default')) ?? scope).replace(/\.default$/, '')
    : (form.get('resource') ?? '');
  if (resource === '') throw ArmErrors.tokenScopeInvalid();
  const issued = await tokens.issue({
    tenantId: world.tenantId,
    objectId: principal.objectId,
    audience: resource,
    appId: clientId,
  });
  const expiresIn = issued.expiresOn - Math.floor(Date.now() / 1000);
  return {
    status: 200,
    body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: issued.accessToken },
  };
}

function openidConfiguration(baseUrl: string, tenant: string): Record<string, unknown> {
  return {
    token_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${baseUrl}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${baseUrl}/${tenant}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/logout`,
    tenant_region_scope: null,
    cloud_instance_name: 'amplink-emulator',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

/**
 * ARM's cloud metadata document (GET /metadata/endpoints), in the shape of the api-version asked for, as
 * management.azure.com answers it:
 * - 2015-01-01 (and no version): `galleryEndpoint`, `graphEndpoint`, `portalEndpoint`, `authentication` — what
 *   `az cloud register --endpoint-resource-manager` reads when the AD endpoints are not given (msrestazure
 *   `_populate_from_metadata_endpoint`);
 * - 2022-09-01: one cloud, with `name`, `resourceManager`, `logAnalyticsResourceId`, `suffixes`, ... (the document
 *   go-azure-sdk's `metadata.Client` and Azure CLI's `_arm_to_cli_mapper` read); 2019-05-01: a list of such clouds.
 * This cloud's Entra ID audiences are the public cloud's, and so are the data-plane names its resources carry
 * (`*.monitor.azure.com`); the Log Analytics query API is its own (`logAnalyticsResourceId`, whose `/v1` is the
 * query endpoint, as https://api.loganalytics.io/v1 is the public cloud's).
 */
function cloudMetadata(baseUrl: string, apiVersion: string): unknown {
  const authentication = {
    loginEndpoint: `${baseUrl}/`,
    audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
  };
  if (apiVersion < '2019-05-01') {
    return {
      galleryEndpoint: `${baseUrl}/`,
      graphEndpoint: 'https://graph.windows.net/',
      portalEndpoint: `${baseUrl}/`,
      authentication,
    };
  }
  const cloud = {
    portal: `${baseUrl}/`,
    authentication: { ...authentication, tenant: 'common', identityProvider: 'AAD' },
    graphAudience: 'https://graph.windows.net/',
    graph: 'https://graph.windows.net/',
    name: EMULATOR_CLOUD_NAME,
    suffixes: {
      acrLoginServer: 'azurecr.io',
      keyVaultDns: 'vault.azure.net',
      sqlServerHostname: 'database.windows.net',
      storage: 'core.windows.net',
    },
    resourceManager: `${baseUrl}/`,
    microsoftGraphResourceId: 'https://graph.microsoft.com/',
    logAnalyticsResourceId: `${baseUrl}${LOG_ANALYTICS_RESOURCE_PATH}`,
  };
  return apiVersion < '2022-09-01' ? [cloud] : cloud;
}
