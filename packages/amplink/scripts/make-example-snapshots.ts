/**
 * Regenerates examples/snapshot*.json: each fleet file of examples/ loaded into the emulator, and every resource
 * as ARM GET returns it (the format `amplink plan --snapshot` reads). Run: npm run examples -w packages/amplink
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startEmulator } from 'amplink-emulator';
import { formatSnapshot, parseSnapshot } from '../src/discover/snapshot.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const pairs: [string, string][] = [
  ['fleet.yaml', 'snapshot.json'],
  ['fleet-two-workspaces.yaml', 'snapshot-two-workspaces.json'],
];
for (const [fleet, snapshot] of pairs) {
  const emulator = await startEmulator({ fleet: `${examples}${fleet}` });
  try {
    const resources = parseSnapshot(JSON.stringify(emulator.snapshot()), fleet);
    await writeFile(`${examples}${snapshot}`, formatSnapshot(resources));
    console.log(`examples/${snapshot}: ${resources.length} resources from examples/${fleet}`);
  } finally {
    await emulator.stop();
  }
}
