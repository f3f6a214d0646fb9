import type { TokenCredential } from '@azure/core-auth';
import { AzureAuthorityHosts, DefaultAzureCredential } from '@azure/identity';
import { AmplinkError, shownInput } from '../model/errors.js';
import { ArmConnection, PUBLIC_ARM_ENDPOINT } from './arm-connection.js';

export interface ConnectionFlags {
  armEndpoint?: string;
  concurrency?: string;
}

/** The environment variables amplink honours; the CLI reads them from its process and passes them in. */
export interface ConnectionEnvironment {
  /** The ARM endpoint when --arm-endpoint is not given. */
  AMPLINK_ARM_ENDPOINT?: string | undefined;
  /** The token audience for an endpoint that is none of the known clouds' (a proxy in front of one). */
  AMPLINK_ARM_AUDIENCE?: string | undefined;
  /** Where Entra ID is (DefaultAzureCredential reads it too): a sovereign cloud's login host, Azure Stack's, the emulator's. */
  AZURE_AUTHORITY_HOST?: string | undefined;
}

/**
 * The ARM endpoint: --arm-endpoint, else AMPLINK_ARM_ENDPOINT, else the public cloud. It must be an https URL: the
 * SDK sends a bearer token only over TLS, and a query would be glued to every request.
 */
export function armEndpointFrom(flags: ConnectionFlags, env: ConnectionEnvironment): string {
  const given = flags.armEndpoint ?? env.AMPLINK_ARM_ENDPOINT;
  if (given === undefined) return PUBLIC_ARM_ENDPOINT;
  const source = flags.armEndpoint !== undefined ? '--arm-endpoint' : 'AMPLINK_ARM_ENDPOINT';
  const problem = endpointProblem(given);
  if (problem !== undefined) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0030',
      message: `${source} '${shownInput(given)}' is not an https URL of Azure Resource Manager: ${problem}.`,
      fix: `Give the endpoint as https://HOST[:PORT], e.g. ${PUBLIC_ARM_ENDPOINT} (az cloud show --query endpoints.resourceManager), or the URL the emulator prints.`,
    });
  }
  return given;
}

function endpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'it is not a URL';
  }
  if (url.protocol !== 'https:')
    return `it uses ${url.protocol.replace(/:$/, '')}, and a token is sent only over https`;
  if (url.username || url.password) return 'it holds a user name or password';
  if (url.search || url.hash) return 'it has a query or a fragment';
  return undefined;
}

const MICROSOFT_AUTHORITY_HOSTS = new Set(Object.values(AzureAuthorityHosts).map((h) => new URL(h).host.toLowerCase()));

/**
 * DefaultAzureCredential: environment (client secret or certificate), workload identity, managed identity (also
 * Cloud Shell's MSI_ENDPOINT), then az login. Extra CAs (a private cloud, the emulator) come from
 * NODE_EXTRA_CA_CERTS, which Node reads itself.
 *
 * With AZURE_AUTHORITY_HOST on a host that is none of Microsoft's clouds (Azure Stack Hub, an emulator), MSAL would
 * first ask login.microsoftonline.com whether the host is an Entra ID instance, which such a host is not known to be:
 * instance discovery is turned off, as @azure/identity documents for private clouds (`disableInstanceDiscovery`), and
 * the host's own OpenID configuration is read over verified TLS.
 */
export function defaultCredential(env: Pick<ConnectionEnvironment, 'AZURE_AUTHORITY_HOST'> = {}): TokenCredential {
  return new DefaultAzureCredential(
    privateAuthority(env.AZURE_AUTHORITY_HOST) ? { disableInstanceDiscovery: true } : {},
  );
}

function privateAuthority(authorityHost: string | undefined): boolean {
  if (authorityHost === undefined || authorityHost === '') return false;
  try {
    return !MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).host.toLowerCase());
  } catch {
    return false;
  }
}

export function connectionFromFlags(
  flags: ConnectionFlags,
  env: ConnectionEnvironment,
  credential: TokenCredential = defaultCredential(env),
): ArmConnection {
  const audience = env.AMPLINK_ARM_AUDIENCE;
  return new ArmConnection({
    credential,
    endpoint: armEndpointFrom(flags, env),
    ...(audience === undefined || audience === '' ? {} : { audience }),
  });
}
