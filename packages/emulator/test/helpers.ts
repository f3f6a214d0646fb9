// Shared by the emulator's tests: a started emulator, SDK client options that trust its CA, and raw HTTPS calls.
import { request } from 'node:https';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/index.js';
import type { ExpandedFleet } from '../src/fleet/types.js';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const SUB = '22222222-2222-4222-8222-222222222222';
export const OWNER = '33333333-3333-4333-8333-333333333333';
export const READER = '44444444-4444-4444-8444-444444444444';
export const APP_CLIENT_ID = '55555555-5555-4555-8555-555555555555';
export const APP_SECRET = 'emulator-test-secret';

/** A small world built in code: one subscription, an Owner (the default identity), a Reader and an app with a secret. */
export function testFleet(extra: Partial<ExpandedFleet> = {}): ExpandedFleet {
  return {
    tenantId: TENANT,
    subscriptions: [{ subscriptionId: SUB, displayName: 'Test subscription' }],
    resourceGroups: [{ id: `/subscriptions/${SUB}/resourceGroups/rg-test`, location: 'eastus' }],
    writes: [],
    principals: [
      { objectId: OWNER, displayName: 'owner-identity' },
      { objectId: READER, displayName: 'reader', clientId: APP_CLIENT_ID, clientSecret: APP_SECRET },
    ],
    roleAssignments: [
      { principalObjectId: OWNER, role: 'Owner', scope: `/subscriptions/${SUB}` },
      { principalObjectId: READER, role: 'Reader', scope: `/subscriptions/${SUB}` },
    ],
    defaultPrincipalObjectId: OWNER,
    ...extra,
  };
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ fleet: testFleet(), lroDelayMs: 30, pageSize: 3, ...options });
}

/** Options for any @azure/arm-* client: the emulator as host, its CA trusted (verification stays on). */
export function sdkOptions(emu: RunningEmulator) {
  return {
    $host: emu.url,
    endpoint: emu.url,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: emu.caCertPem },
    retryOptions: { maxRetries: 0 },
  };
}

/** Poll fast in tests (the emulator's LROs complete in tens of milliseconds). */
export const FAST = { updateIntervalInMs: 10 };

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export async function call(
  emu: RunningEmulator,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; principal?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  let token = options.token;
  if (token === undefined) {
    const credential = options.principal ? emu.credentialFor(options.principal) : emu.tokenCredential;
    token = (await credential.getToken('https://management.azure.com/.default')).token;
  }
  const url = new URL(path, emu.url);
  const text = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: emu.caCertPem,
        headers: {
          ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
          ...(text !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: data === '' ? undefined : JSON.parse(data),
          }),
        );
      },
    );
    req.on('error', reject);
    if (text !== undefined) req.write(text);
    req.end();
  });
}

export function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | undefined)?.error?.code;
}

export const rg = (name = 'rg-test') => `/subscriptions/${SUB}/resourceGroups/${name}`;
