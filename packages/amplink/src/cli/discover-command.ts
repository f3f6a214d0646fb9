import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatSnapshot } from '../discover/snapshot.js';
import { AmplinkError } from '../model/errors.js';
import { EXIT, type Io } from './exit-codes.js';
import { addConnectionOptions, topologyFromFlags } from './plan-command.js';

interface DiscoverFlags {
  out?: string;
  subscription?: string[];
  armEndpoint?: string;
}

export function registerDiscoverCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addConnectionOptions(
    program
      .command('discover')
      .description('Read the fleet from Azure and write it as a snapshot that `plan --snapshot` reads.')
      .option('--out <file>', 'write the snapshot here (default: stdout)'),
  ).action(async (flags: DiscoverFlags) => {
    const topology = await topologyFromFlags(flags, io);
    const text = formatSnapshot(topology.resources);
    if (flags.out === undefined) io.stdout(text);
    else {
      try {
        await writeFile(flags.out, text);
      } catch (cause) {
        throw new AmplinkError({
          code: 'AMPL_CLI_E0005',
          message: `Cannot write the snapshot to '${flags.out}': ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`,
          fix: 'Check that the folder exists and is writable.',
          cause,
        });
      }
      io.stderr(
        `wrote ${topology.resources.length} resources (${topology.clusters.length} clusters) to ${flags.out}\n`,
      );
    }
    setExitCode(EXIT.ok);
  });
}
