import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionOutcome, ApplyResult } from '../src/apply/outcome.js';
import { toAmplinkError } from '../src/azure/arm-errors.js';
import { AmplinkError } from '../src/model/errors.js';
import { formatApplyText, groupOutcomes } from '../src/report/apply-text.js';
import { armRefusal } from './support/arm-refusal.js';

const SUB = '/subscriptions/00000000-0000-4000-8000-000000000001';

/** A failed outcome as apply makes it: Azure's refusal through the same mapping apply uses. */
function failed(id: string, kind: 'create' | 'update', error: AmplinkError): ActionOutcome {
  return {
    id,
    kind,
    resourceType: 'Microsoft.Insights/dataCollectionRuleAssociations',
    status: 'failed',
    error: { code: error.code, message: error.message, ...(error.fix ? { fix: error.fix } : {}) },
    attempts: 1,
    durationMs: 5,
  };
}

function association(i: number): string {
  return `${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-${i}/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`;
}

function result(outcomes: ActionOutcome[]): ApplyResult {
  const count = (s: ActionOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return {
    outcomes,
    summary: {
      done: count('done'),
      alreadyDone: count('already-done'),
      failed: count('failed'),
      notTried: count('not-tried'),
      writes: outcomes.length,
      durationMs: 1234,
    },
  };
}

test('a thousand refusals for one missing permission are one line with Azure’s code, message and fix, and a few ids', () => {
  const outcomes: ActionOutcome[] = [];
  for (let i = 0; i < 1000; i++) {
    const id = association(i);
    // ARM names the written resource as the scope, and may echo it lower-cased.
    const scope = i % 2 === 0 ? id : id.toLowerCase();
    const refusal = armRefusal(
      403,
      'AuthorizationFailed',
      `The client 'c0ffee' with object id 'c0ffee' does not have authorization to perform action 'Microsoft.Insights/dataCollectionRuleAssociations/write' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
    outcomes.push(failed(id, 'create', toAmplinkError(refusal, `create ${id}`)));
  }
  const text = formatApplyText(result(outcomes));
  assert.match(text, /Failed: 1,000, for 1 reason/);
  assert.match(
    text,
    /^ {2}1,000 × AMPL_AZURE_E0403 permission denied — the signed-in principal may not perform 'Microsoft\.Insights\/dataCollectionRuleAssociations\/write' on '<target>'\. Azure: AuthorizationFailed: The client 'c0ffee'/m,
  );
  assert.match(
    text,
    /^ +fix: Grant a role that includes Microsoft\.Insights\/dataCollectionRuleAssociations\/write at <target>/m,
  );
  assert.match(text, /e\.g\. create .*managedClusters\/aks-0\/providers/);
  assert.match(text, /and 997 more/);
  assert.ok(text.split('\n').length < 15, text);
});

test('different reasons are separate groups; a long Azure message is trimmed; E0400 and E0003 show message and fix', () => {
  const long = `Property 'properties.networkAcls' is invalid: ${'details '.repeat(200)}end.`;
  const badRequest = (id: string) =>
    failed(id, 'create', toAmplinkError(armRefusal(400, 'InvalidRequestContent', long), `create ${id}`));
  const changed = (id: string) =>
    failed(
      id,
      'update',
      new AmplinkError({
        code: 'AMPL_APPLY_E0003',
        message: `${id} changed since the plan was made, so the planned update is not safe any more.`,
        fix: 'Plan again (amplink plan --out plan.json) and review the new plan.',
      }),
    );
  const waiting: ActionOutcome = {
    id: association(9),
    kind: 'create',
    resourceType: 'Microsoft.Insights/dataCollectionRuleAssociations',
    status: 'not-tried',
    blockedBy: association(1),
    attempts: 0,
    durationMs: 0,
  };
  const outcomes = [badRequest(association(1)), badRequest(association(2)), changed(association(3)), waiting];
  const groups = groupOutcomes(outcomes);
  assert.deepEqual(
    groups.map((g) => [g.status, g.code, g.outcomes.length]),
    [
      ['failed', 'AMPL_AZURE_E0400', 2],
      ['failed', 'AMPL_APPLY_E0003', 1],
      ['not-tried', undefined, 1],
    ],
  );
  const text = formatApplyText(result(outcomes));
  const e0400 = text.split('\n').find((l) => l.includes('AMPL_AZURE_E0400')) ?? '';
  assert.match(
    e0400,
    /2 × AMPL_AZURE_E0400 Azure answered 400 InvalidRequestContent: Property 'properties\.networkAcls' is invalid/,
  );
  assert.ok(e0400.length < 440 && e0400.endsWith('…'), `trimmed: ${e0400.length} characters`);
  assert.match(text, /fix: Fix what the message names, then run again/);
  // A group of one keeps its target in the message.
  assert.match(text, /1 × AMPL_APPLY_E0003 \/subscriptions\/.*aks-3\/.* changed since the plan was made/);
  assert.match(text, /fix: Plan again/);
  assert.match(text, /Not tried: 1, for 1 reason/);
  assert.match(text, /e\.g\. create .*aks-9\/.* \(needs .*aks-1\/.*\)/);
  assert.match(text, /Run apply again once the cause is fixed/);
});
