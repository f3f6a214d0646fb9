// The real Azure CLI (Debian package azure-cli 2.45) against the emulator: register it as a cloud, sign in with
// `az login --identity`, run the seed's commands and read the results back as a user would.
// What az needs from the server, and why, is in ../AZURE-CLI-NOTES.md.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFleetFile } from '../src/fleet/index.js';
import type { ExpandedFleet } from '../src/fleet/index.js';

const fleetYaml = fileURLToPath(new URL('../../../examples/fleet.yaml', import.meta.url));
const CLOUD_NAME = 'amplink-emulator';
/** Each az call takes about a second; a slow one still ends well before this. */
const AZ_TIMEOUT_MS = 120_000;
const ENSURE_DEPS = 'Azure CLI (az) is not installed: run `bash scripts/ensure-system-deps.sh` at the repository root.';

interface EmulatorHandle {
  url: string;
  caCertPath: string;
  msiEndpoint?: string;
  stop(): Promise<void>;
}

type StartEmulator = (options: { fleet: ExpandedFleet; port?: number }) => Promise<EmulatorHandle>;

interface AzResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One az session: its own config dir (profile, clouds, tokens), trusting the emulator's CA; TLS checks stay on. */
class AzSession {
  private constructor(
    private readonly configDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(emulator: EmulatorHandle, msiEndpoint: string): Promise<AzSession> {
    const configDir = await mkdtemp(join(tmpdir(), 'amplink-az-'));
    return new AzSession(configDir, {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: configDir,
      AZURE_CONFIG_DIR: configDir,
      REQUESTS_CA_BUNDLE: emulator.caCertPath,
      MSI_ENDPOINT: msiEndpoint,
      AZURE_CORE_COLLECT_TELEMETRY: 'false',
      AZURE_CORE_NO_COLOR: 'true',
      // Hides the "command group is in preview" warnings so that stderr holds only errors.
      AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
    });
  }

  run(...args: string[]): Promise<AzResult> {
    return new Promise((resolve, reject) => {
      execFile(
        'az',
        args,
        { env: this.env, timeout: AZ_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
            reject(new Error(ENSURE_DEPS));
            return;
          }
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** Runs az and parses its JSON output; fails the test with az's stderr when az fails. */
  async json(...args: string[]): Promise<unknown> {
    const result = await this.run(...args, '--output', 'json');
    assert.equal(result.code, 0, `az ${args.join(' ')} failed (${result.code}):\n${result.stderr}`);
    return result.stdout.trim() === '' ? undefined : JSON.parse(result.stdout);
  }

  /** `az cloud register` with the four endpoints az requires, so that it needs no metadata request. */
  async signIn(armUrl: string, ...loginArgs: string[]): Promise<unknown> {
    const endpoint = armUrl.endsWith('/') ? armUrl : `${armUrl}/`;
    await this.json(
      'cloud',
      'register',
      '--name',
      CLOUD_NAME,
      '--endpoint-resource-manager',
      endpoint,
      '--endpoint-active-directory',
      endpoint,
      '--endpoint-active-directory-resource-id',
      'https://management.core.windows.net/',
      '--endpoint-active-directory-graph-resource-id',
      'https://graph.windows.net/',
    );
    await this.json('cloud', 'set', '--name', CLOUD_NAME);
    return this.json('login', '--identity', ...loginArgs);
  }

  async dispose(): Promise<void> {
    await rm(this.configDir, { recursive: true, force: true });
  }
}

function field(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const sameId = (a: unknown, b: string): boolean => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

async function importStartEmulator(): Promise<StartEmulator> {
  const module: Record<string, unknown> = await import('../src/index.js');
  const start = module['startEmulator'];
  assert.equal(typeof start, 'function', 'src/index.ts does not export startEmulator yet');
  return start as StartEmulator;
}

async function assertAzInstalled(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile('az', ['version', '--output', 'json'], { timeout: AZ_TIMEOUT_MS }, (error) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error(ENSURE_DEPS));
      else if (error) reject(new Error(`az version failed: ${error.message}\n${ENSURE_DEPS}`));
      else resolve();
    });
  });
}

let fleet: ExpandedFleet;
let emulator: EmulatorHandle | undefined;
let operator: AzSession | undefined;
let auditor: AzSession | undefined;
let msiEndpoint = '';

// Ids from examples/fleet.yaml.
const ids = {
  subscription: '',
  group: '',
  scope: '',
  workspace: '',
  cluster: '',
  endpoint: '',
};

before(async () => {
  await assertAzInstalled();
  fleet = await loadFleetFile(fleetYaml);
  const find = (suffix: string): string => {
    const write = fleet.writes.find((w) => w.id.endsWith(suffix));
    assert.ok(write, `examples/fleet.yaml has ${suffix}`);
    return write.id;
  };
  ids.scope = find('/privateLinkScopes/ampls-central');
  ids.workspace = find('/workspaces/law-central');
  ids.cluster = find('/managedClusters/aks-wus2-shop');
  ids.subscription = ids.scope.split('/')[2] ?? '';
  ids.group = 'rg-monitoring';
  // The seed's "configuration DCE for clusters in a region without one": made here with az rest.
  ids.endpoint = `/subscriptions/${ids.subscription}/resourceGroups/${ids.group}/providers/Microsoft.Insights/dataCollectionEndpoints/dce-config-westus2`;

  const startEmulator = await importStartEmulator();
  emulator = await startEmulator({ fleet, port: 0 });
  assert.ok(
    emulator.msiEndpoint,
    "startEmulator's result has no msiEndpoint (the URL to give az as MSI_ENDPOINT; see AZURE-CLI-NOTES.md)",
  );
  msiEndpoint = emulator.msiEndpoint;
  operator = await AzSession.create(emulator, msiEndpoint);
});

after(async () => {
  await operator?.dispose();
  await auditor?.dispose();
  await emulator?.stop();
});

function az(): AzSession {
  assert.ok(operator, 'the emulator started');
  return operator;
}

test('az login --identity signs in as the default principal and lists the fleet subscriptions', async () => {
  const accounts = await az().signIn(emulator?.url ?? '');
  assert.ok(Array.isArray(accounts));
  const listed = accounts.map((account) => field(account, 'id'));
  for (const subscription of fleet.subscriptions) assert.ok(listed.includes(subscription.subscriptionId));
  for (const account of accounts) assert.equal(field(account, 'tenantId'), fleet.tenantId);
  assert.equal(field(accounts[0], 'user.name'), 'systemAssignedIdentity');
});

test('the seed: create a DCE and the configurationAccessEndpoint association with az rest, link DCE and LAW', async () => {
  const subscription = ['--subscription', ids.subscription];
  const endpoint = await az().json(
    'rest',
    '--method',
    'put',
    '--url',
    `${ids.endpoint}?api-version=2024-03-11`,
    '--body',
    JSON.stringify({ location: 'westus2', properties: { networkAcls: { publicNetworkAccess: 'Disabled' } } }),
  );
  assert.ok(sameId(field(endpoint, 'id'), ids.endpoint));
  assert.match(
    String(field(endpoint, 'properties.configurationAccess.endpoint')),
    /^https:\/\/dce-config-westus2-[a-z0-9]{4}\.westus2-1\.handler\.control\.monitor\.azure\.com$/,
  );

  const association = `${ids.cluster}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`;
  await az().json(
    'rest',
    '--method',
    'put',
    '--url',
    `${association}?api-version=2024-03-11`,
    '--body',
    JSON.stringify({ properties: { dataCollectionEndpointId: ids.endpoint } }),
  );

  for (const [name, linked] of [
    ['dce-config-westus2-connection', ids.endpoint],
    ['law-central-connection', ids.workspace],
  ] as const) {
    const created = await az().json(
      'monitor',
      'private-link-scope',
      'scoped-resource',
      'create',
      '--resource-group',
      ids.group,
      '--scope-name',
      'ampls-central',
      '--name',
      name,
      '--linked-resource',
      linked,
      ...subscription,
    );
    assert.ok(sameId(field(created, 'linkedResourceId'), linked), `${name} links ${linked}`);
    assert.equal(field(created, 'provisioningState'), 'Succeeded');
  }

  // Read back as a user checks it.
  const listed = await az().json(
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'list',
    '--resource-group',
    ids.group,
    '--scope-name',
    'ampls-central',
    ...subscription,
  );
  assert.ok(Array.isArray(listed));
  assert.deepEqual(
    listed.map((item) => String(field(item, 'linkedResourceId')).toLowerCase()).sort(),
    [ids.endpoint, ids.workspace].map((id) => id.toLowerCase()).sort(),
  );
  const shown = await az().json(
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'show',
    '--resource-group',
    ids.group,
    '--scope-name',
    'ampls-central',
    '--name',
    'law-central-connection',
    ...subscription,
  );
  assert.ok(sameId(field(shown, 'linkedResourceId'), ids.workspace));

  const readAssociation = await az().json('rest', '--method', 'get', '--url', `${association}?api-version=2024-03-11`);
  assert.ok(sameId(field(readAssociation, 'properties.dataCollectionEndpointId'), ids.endpoint));

  const readEndpoint = await az().json('resource', 'show', '--ids', ids.endpoint);
  const scopedIn = field(readEndpoint, 'properties.privateLinkScopedResources');
  assert.ok(Array.isArray(scopedIn), 'the DCE shows the AMPLS it is linked to');
  assert.ok(scopedIn.some((entry) => sameId(field(entry, 'scopeId'), ids.scope)));
});

test('the service refuses an endpoint association with another name, and a second link of the same resource', async () => {
  const wrong = await az().run(
    'rest',
    '--method',
    'put',
    '--url',
    `${ids.cluster}/providers/Microsoft.Insights/dataCollectionRuleAssociations/myEndpointAssociation?api-version=2024-03-11`,
    '--body',
    JSON.stringify({ properties: { dataCollectionEndpointId: ids.endpoint } }),
  );
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /Association name for resource to endpoint must be configurationAccessEndpoint/);

  const duplicate = await az().run(
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'create',
    '--resource-group',
    ids.group,
    '--scope-name',
    'ampls-central',
    '--name',
    'law-central-again',
    '--linked-resource',
    ids.workspace,
    '--subscription',
    ids.subscription,
  );
  assert.notEqual(duplicate.code, 0);
  assert.match(duplicate.stderr, /Scoped resource with same linked resource id already exists/);
});

test('a Reader may read but gets AuthorizationFailed on writes', async () => {
  assert.ok(emulator);
  const reader = fleet.principals.find((principal) => principal.displayName === 'auditor');
  assert.ok(reader?.clientId, 'examples/fleet.yaml has the auditor with a client id');
  auditor = await AzSession.create(emulator, msiEndpoint);
  // A user-assigned identity: az sends `client_id` in the MSI token request (AZURE-CLI-NOTES.md).
  const accounts = await auditor.signIn(emulator.url, '--username', reader.clientId);
  assert.ok(Array.isArray(accounts) && accounts.length > 0);

  const listed = await auditor.json(
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'list',
    '--resource-group',
    ids.group,
    '--scope-name',
    'ampls-central',
    '--subscription',
    ids.subscription,
  );
  assert.ok(Array.isArray(listed));

  const denied = await auditor.run(
    'monitor',
    'private-link-scope',
    'scoped-resource',
    'create',
    '--resource-group',
    ids.group,
    '--scope-name',
    'ampls-central',
    '--name',
    'not-allowed-connection',
    '--linked-resource',
    ids.endpoint,
    '--subscription',
    ids.subscription,
  );
  assert.notEqual(denied.code, 0);
  assert.match(denied.stderr, /AuthorizationFailed/);
  assert.match(denied.stderr, /Microsoft\.Insights\/privateLinkScopes\/scopedResources\/write/i);
});
