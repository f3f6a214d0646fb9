// Sign-in as a service principal with a client secret (EnvironmentCredential inside DefaultAzureCredential), the
// emulator standing in for Entra ID as for ARM: AZURE_AUTHORITY_HOST points at it, its CA is trusted through
// NODE_EXTRA_CA_CERTS (TLS stays verified), and there is no MSI_ENDPOINT to fall back on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadFleetFile, startEmulator, type RunningEmulator } from 'amplink-emulator';
import { runAmplink } from './support/cli.js';
import { EXAMPLE_FLEET } from './support/emulator.js';

// examples/fleet.yaml's auditor: a Reader with a client secret.
const SECRET = 'auditor-secret';

let emulator: RunningEmulator;
let env: Record<string, string>;
let auditorObjectId: string;

before(async () => {
  const fleet = await loadFleetFile(EXAMPLE_FLEET);
  const auditor = fleet.principals.find((p) => p.displayName === 'auditor');
  assert.ok(auditor?.clientId, 'examples/fleet.yaml has the auditor with a client secret');
  auditorObjectId = auditor.objectId;
  emulator = await startEmulator({ fleet });
  env = {
    NODE_EXTRA_CA_CERTS: emulator.caCertPath,
    AMPLINK_ARM_ENDPOINT: emulator.url,
    AZURE_AUTHORITY_HOST: emulator.url,
    AZURE_TENANT_ID: fleet.tenantId,
    AZURE_CLIENT_ID: auditor.clientId,
    AZURE_CLIENT_SECRET: SECRET,
  };
});

after(async () => emulator.stop());

function scopeId(): string {
  const scope = emulator
    .snapshot()
    .value.map((r) => r as { id: string; type: string })
    .find((r) => r.type.toLowerCase() === 'microsoft.insights/privatelinkscopes');
  assert.ok(scope);
  return scope.id;
}

test('amplink plan discovers the fleet signed in with EnvironmentCredential against the emulator', async () => {
  emulator.reset();
  const run = await runAmplink(['plan', '--ampls', scopeId()], { env });
  // 2: the example fleet's plan has changes (exit-codes.ts), which needs the whole fleet discovered.
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /discovered \d+ resources/);
  const paths = emulator.requests().map((r) => r.path.toLowerCase());
  assert.ok(
    paths.some((p) => p.endsWith('/v2.0/.well-known/openid-configuration')),
    'MSAL read the OpenID configuration',
  );
  assert.ok(
    paths.some((p) => p.endsWith('/oauth2/v2.0/token')),
    'MSAL asked the token endpoint',
  );
  const armRequests = emulator
    .requests()
    .filter((r) => r.path.startsWith('/subscriptions') || r.path.startsWith('/providers'));
  assert.ok(armRequests.length > 0);
  assert.ok(
    armRequests.every((r) => r.principal === auditorObjectId),
    'every ARM request is the auditor service principal',
  );
  assert.ok(!run.stdout.includes(SECRET) && !run.stderr.includes(SECRET), 'the secret is never shown');
});

test('a wrong client secret is refused by the emulator as Entra ID refuses it, and amplink says sign-in failed', async () => {
  const run = await runAmplink(['plan', '--ampls', scopeId()], {
    env: { ...env, AZURE_CLIENT_SECRET: 'not-the-secret' },
  });
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /AMPL_[A-Z]+_E\d{4}/);
  assert.ok(!run.stderr.includes('not-the-secret'), 'the secret is never shown');
});
