import { fileURLToPath } from 'node:url';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from 'amplink-emulator';
import { emulatorCredential } from '../../src/workflows/demo.js';
import { ArmConnection } from '../../src/azure/arm-connection.js';

export const EXAMPLE_FLEET = fileURLToPath(new URL('../../../../examples/fleet.yaml', import.meta.url));

/** The emulator with a fleet, and an ARM connection to it through the official SDK pipeline, trusting its CA. */
export async function emulatorWithConnection(
  options: EmulatorOptions = {},
): Promise<{ emulator: RunningEmulator; connection: ArmConnection }> {
  const emulator = await startEmulator({ fleet: EXAMPLE_FLEET, lroDelayMs: 20, lroRetryAfterSeconds: 0, ...options });
  emulator.reset();
  return { emulator, connection: connectionTo(emulator) };
}

export function connectionTo(emulator: RunningEmulator): ArmConnection {
  return new ArmConnection({
    credential: emulatorCredential(emulator),
    endpoint: emulator.url,
    ca: emulator.caCertPem,
    pollIntervalMs: 50,
    retryBaseMs: 20,
    timeoutMs: 5_000,
  });
}
