import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { ArmConnection, PUBLIC_ARM_ENDPOINT } from './arm-connection.js';

export interface ConnectionFlags {
  armEndpoint?: string;
  concurrency?: string;
}

/** The ARM endpoint: --arm-endpoint, else AMPLINK_ARM_ENDPOINT, else the public cloud. */
export function armEndpointFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): string {
  return flags.armEndpoint ?? env['AMPLINK_ARM_ENDPOINT'] ?? PUBLIC_ARM_ENDPOINT;
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
  credential: TokenCredential = defaultCredential(),
): ArmConnection {
  return new ArmConnection({ credential, endpoint: armEndpointFrom(flags) });
}
