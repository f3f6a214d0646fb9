import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toAmplinkError, transientReason } from '../src/azure/arm-errors.js';
import { armRefusal as armError } from './support/arm-refusal.js';

test('a refusal from ARM becomes a coded error that says what to do', () => {
  const denied = toAmplinkError(
    armError(
      403,
      'AuthorizationFailed',
      "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Insights/dataCollectionEndpoints/write' over scope '/subscriptions/s/resourceGroups/g' or the scope is invalid.",
    ),
    'create DCE',
  );
  assert.equal(denied.code, 'AMPL_AZURE_E0403');
  assert.match(
    denied.message,
    /may not perform 'Microsoft\.Insights\/dataCollectionEndpoints\/write' on '\/subscriptions\/s\/resourceGroups\/g'/,
  );
  assert.match(
    denied.message,
    /Azure: AuthorizationFailed: The client 'x' with object id 'y' does not have authorization/,
  );
  assert.equal(toAmplinkError(armError(404, 'ResourceGroupNotFound', 'gone'), 'x').code, 'AMPL_AZURE_E0404');
  const noSubscription = toAmplinkError(
    armError(404, 'SubscriptionNotFound', "The subscription 's' could not be found."),
    'x',
  );
  assert.equal(noSubscription.code, 'AMPL_AZURE_E0404');
  assert.match(noSubscription.fix ?? '', /az account list/);
  assert.doesNotMatch(noSubscription.fix ?? '', /already done/);
  assert.equal(toAmplinkError(armError(500, 'InternalServerError', 'oops'), 'x').fault, 'azure');
  const unsigned = Object.assign(new Error('no credential'), { name: 'CredentialUnavailableError' });
  const signIn = toAmplinkError(unsigned, 'Listing the subscriptions');
  assert.equal(signIn.code, 'AMPL_AZURE_E0401');
  assert.match(signIn.fix ?? '', /az login/);
});

test('only passing refusals are retried', () => {
  assert.equal(transientReason(armError(429, 'TooManyRequests', 'slow down')), 'Azure is throttling requests');
  assert.equal(
    transientReason(armError(409, 'Conflict', "Cannot modify resource while in provisioning state: 'Provisioning'")),
    'the AMPLS is busy with another change',
  );
  assert.equal(
    transientReason(armError(409, 'Conflict', 'Scoped resource with same linked resource id already exists')),
    undefined,
  );
  assert.equal(transientReason(armError(403, 'AuthorizationFailed', 'no')), undefined);
  assert.equal(transientReason(Object.assign(new Error('timed out'), { name: 'AbortError' })), 'the request timed out');
  const stopped = new AbortController();
  stopped.abort();
  assert.equal(transientReason(Object.assign(new Error('aborted'), { name: 'AbortError' }), stopped.signal), undefined);
});
