import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { createHttpHeaders, type PipelineRequest } from '@azure/core-rest-pipeline';
import { ArmConnection } from '../src/azure/arm-connection.js';
import { runCli } from '../src/cli/program.js';
import { reportError } from '../src/cli/exit-codes.js';
import { AmplinkError, isAmplinkError } from '../src/model/errors.js';
import { AMPLINK_VERSION } from '../src/model/version.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

describe('AmplinkError from another copy of amplink', () => {
  test('is recognised by its brand, and reported with its own code', async () => {
    // The same module under another URL is a second copy, with its own class, as two installed versions would be.
    const copy = (await import(`../src/model/errors.ts?second-copy`)) as typeof import('../src/model/errors.js');
    assert.notEqual(copy.AmplinkError, AmplinkError);
    const foreign = new copy.AmplinkError({ code: 'AMPL_DEMO_E0001', message: 'from the other copy', fix: 'none' });
    assert.equal(isAmplinkError(foreign), true);
    assert.equal(copy.isAmplinkError(new AmplinkError({ code: 'AMPL_DEMO_E0002', message: 'm' })), true);
    const { out, io } = capture();
    reportError(foreign, io, { debug: false, json: false });
    assert.match(out.stderr, /^amplink: AMPL_DEMO_E0001: from the other copy\n {2}fix: none\n$/);
  });

  test('a look-alike without the brand is not one', () => {
    const lookAlike = Object.assign(new Error('m'), { name: 'AmplinkError', code: 'AMPL_TEST_E0003' });
    assert.equal(isAmplinkError(lookAlike), false);
    assert.equal(isAmplinkError(undefined), false);
    assert.equal(isAmplinkError('AMPL_TEST_E0003'), false);
  });
});

describe('the version', () => {
  test('--version prints the version in package.json', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    assert.equal(AMPLINK_VERSION, version);
    const { out, io } = capture();
    assert.equal(await runCli(['--version'], io), 0);
    assert.equal(out.stdout, `${version}\n`);
  });

  test('Azure sees the same version in the user agent', async () => {
    const agents: string[] = [];
    const connection = new ArmConnection({
      endpoint: 'https://arm.user-agent.invalid',
      credential: { getToken: async () => ({ token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 }) },
      httpClient: {
        sendRequest: async (request: PipelineRequest) => {
          agents.push(request.headers.get('user-agent') ?? '');
          return { request, status: 404, headers: createHttpHeaders(), bodyAsText: '' };
        },
      },
    });
    assert.equal(await connection.get('/subscriptions/s/resourceGroups/g', '2021-04-01'), undefined);
    assert.equal(agents.length, 1);
    assert.match(agents[0] ?? '', new RegExp(`^amplink/${AMPLINK_VERSION.replace(/\./g, '\\.')} `));
  });
});
