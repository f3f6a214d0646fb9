import { writeTextFile } from '../files/text-files.js';
import type { Command } from 'commander';
import { formatSnapshot } from '../discover/snapshot.js';
import { fleetTopology } from '../workflows/fleet.js';
import { EXIT, type Io } from './exit-codes.js';
import { fleetEvents } from './fleet-events.js';
import { addConnectionOptions, fleetSourceFrom } from './shared-options.js';

interface DiscoverFlags {
  out?: string;
  subscription?: string[];
  armEndpoint?: string;
  discovery?: string;
}

export function registerDiscoverCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addConnectionOptions(
    program
      .command('discover')
      .description('Read the fleet from Azure and write it as a snapshot that `plan --snapshot` reads.')
      .option('--out <file>', 'write the snapshot here (default: stdout)'),
  ).action(async (flags: DiscoverFlags) => {
    const topology = await fleetTopology(await fleetSourceFrom(flags), {}, fleetEvents(io));
    const text = formatSnapshot(topology.resources);
    if (flags.out === undefined) io.stdout(text);
    else {
      await writeTextFile(flags.out, text, 'the snapshot');
      io.stderr(
        `wrote ${topology.resources.length} resources (${topology.clusters.length} clusters) to ${flags.out}\n`,
      );
    }
    setExitCode(EXIT.ok);
  });
}
