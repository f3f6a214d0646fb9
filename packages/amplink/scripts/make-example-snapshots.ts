/**
 * Regenerates examples/snapshot*.json: each fleet file of examples/ loaded into the emulator, and every resource
 * as ARM GET returns it (the format `amplink plan --snapshot` reads). Run: npm run examples -w packages/amplink
 * (or with a folder argument, to write them there instead).
 *
 * The emulator runs repeatable (GUIDs from a seed, one fixed time), so running this twice changes nothing.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from 'amplink-emulator';
import { formatSnapshot, parseSnapshot } from '../src/discover/snapshot.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const EXAMPLES: { fleet: string; snapshot: string }[] = [
  { fleet: 'fleet.yaml', snapshot: 'snapshot.json' },
  { fleet: 'fleet-two-workspaces.yaml', snapshot: 'snapshot-two-workspaces.json' },
  { fleet: 'fleet-no-ampls.yaml', snapshot: 'snapshot-no-ampls.json' },
];
// Any fixed instant will do; this one only has to stay the same.
const CREATED_AT = '2025-01-01T00:00:00.000Z';
// The emulator listens on a free port, which a few URLs (the workspaces' query endpoints) carry: the files show the
// port `amplink-emulator start` listens on by default instead.
const SHOWN_URL = 'https://127.0.0.1:8443';

const outDir = process.argv[2] ?? examples;
for (const { fleet, snapshot } of EXAMPLES) {
  const emulator = await startEmulator({
    fleet: `${examples}${fleet}`,
    repeatable: { seed: fleet, time: CREATED_AT },
  });
  try {
    const resources = parseSnapshot(JSON.stringify(emulator.snapshot()).replaceAll(emulator.url, SHOWN_URL), fleet);
    await writeFile(join(outDir, snapshot), formatSnapshot(resources));
    console.log(`${join(outDir, snapshot)}: ${resources.length} resources from examples/${fleet}`);
  } finally {
    await emulator.stop();
  }
}
