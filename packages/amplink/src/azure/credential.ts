import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
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

/**
 * DefaultAzureCredential: environment, workload identity, managed identity (also Cloud Shell's MSI_ENDPOINT),
 * then az login. Extra CAs (a private cloud, the emulator) come from NODE_EXTRA_CA_CERTS, which Node reads itself.
 */
export function defaultCredential(): TokenCredential {
  return new DefaultAzureCredential();
}

export function connectionFromFlags(
  flags: ConnectionFlags,
  env: ConnectionEnvironment,
  credential: TokenCredential = defaultCredential(),
): ArmConnection {
  const audience = env.AMPLINK_ARM_AUDIENCE;
  return new ArmConnection({
    credential,
    endpoint: armEndpointFrom(flags, env),
    ...(audience === undefined || audience === '' ? {} : { audience }),
  });
}
