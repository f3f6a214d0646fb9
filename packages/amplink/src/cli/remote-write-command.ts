import type { Command } from 'commander';
import { AZURE_CLOUDS, REMOTE_WRITE_AUTH_METHODS, remoteWriteConfigYaml } from '../export/remote-write-config.js';
import { remoteWriteConfigFleet } from '../workflows/remote-write.js';
import type { Io } from './exit-codes.js';
import { EXIT } from './exit-codes.js';
import { fleetEvents } from './fleet-events.js';
import { oneOf } from './option-parsers.js';
import { addConnectionOptions, fleetSourceFrom } from './shared-options.js';

interface RemoteWriteFlags {
  workspace: string;
  snapshot?: string;
  json?: boolean;
  auth?: string;
  clientId?: string;
  tenantId?: string;
  cloud?: string;
  subscription?: string[];
  armEndpoint?: string;
  discovery?: string;
}

export function registerRemoteWriteCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addConnectionOptions(
    program
      .command('remote-write-config')
      .description(
        "Print the Prometheus remote_write block that sends to an Azure Monitor workspace's default DCE with Entra ID auth (paste it into prometheus.yml).",
      )
      .requiredOption('--workspace <id>', 'resource id of the Azure Monitor workspace')
      .option('--snapshot <file>', 'read the workspace from a snapshot file instead of Azure')
      .option('--auth <method>', `${REMOTE_WRITE_AUTH_METHODS.join(', ')} (default managed-identity)`)
      .option('--client-id <guid>', 'client id of the user-assigned identity (managed-identity) or application (oauth)')
      .option('--tenant-id <guid>', 'Entra tenant id (oauth, sdk)')
      .option('--cloud <name>', `${AZURE_CLOUDS.join(', ')} (default AzurePublic)`)
      .option('--json', 'print the block as JSON'),
  ).action(async (flags: RemoteWriteFlags) => {
    const method = oneOf(flags.auth, REMOTE_WRITE_AUTH_METHODS, '--auth');
    const cloud = oneOf(flags.cloud, AZURE_CLOUDS, '--cloud');
    const result = await remoteWriteConfigFleet({
      source: await fleetSourceFrom(flags),
      workspaceId: flags.workspace,
      auth: {
        ...(method && { method }),
        ...(cloud && { cloud }),
        ...(flags.clientId !== undefined && { clientId: flags.clientId }),
        ...(flags.tenantId !== undefined && { tenantId: flags.tenantId }),
      },
      onEvent: fleetEvents(io),
    });
    io.stdout(
      flags.json ? `${JSON.stringify(result.config, null, 2)}\n` : remoteWriteConfigYaml(result.target, result.config),
    );
    setExitCode(EXIT.ok);
  });
}
