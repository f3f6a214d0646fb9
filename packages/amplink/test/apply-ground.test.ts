import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunningEmulator } from 'amplink-emulator';
import { applyPlan } from '../src/apply/apply.js';
import type { ArmConnection } from '../src/azure/arm-connection.js';
import { discover } from '../src/discover/discover.js';
import { isAmplinkError } from '../src/model/errors.js';
import { Topology } from '../src/model/topology.js';
import { parsePlan } from '../src/plan/plan-file.js';
import { planOnce as plan } from '../src/plan/planner.js';
import type { Plan } from '../src/plan/types.js';
import { amplink } from './support/cli.js';
import { emulatorWithConnection } from './support/emulator.js';

/** Every request to Azure Resource Manager but reads (sign-in excluded): what apply must not send when it refuses. */
function changes(emulator: RunningEmulator): string[] {
  return emulator
    .requests()
    .filter((r) => r.method !== 'GET' && r.path.startsWith('/subscriptions/'))
    .map((r) => `${r.method} ${r.path}`);
}

async function savedPlan(connection: ArmConnection): Promise<{ result: Plan; file: string }> {
  const topology = new Topology(await discover(connection));
  const amplsId = [...topology.privateLinkScopes.values()][0]?.resource.id as string;
  const result = plan(topology, { amplsId });
  assert.ok(result.actions.length > 10);
  const file = join(await mkdtemp(join(tmpdir(), 'amplink-ground-')), 'plan.json');
  await writeFile(file, JSON.stringify(result, null, 2));
  return { result, file };
}

async function deleteAmpls(connection: ArmConnection, amplsId: string): Promise<void> {
  const response = await connection.send('DELETE', connection.url(amplsId, '2021-09-01'));
  assert.equal(response.status, 202, 'deleting an AMPLS is a long-running operation (spec)');
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isAmplinkError(error), String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}

describe('apply checks its ground first (issue 10, item 7), against the emulator', () => {
  test('the AMPLS deleted since the plan was made: one coded error, no DCE created, nothing written', async () => {
    const { emulator, connection } = await emulatorWithConnection();
    try {
      const { result, file } = await savedPlan(connection);
      await deleteAmpls(connection, result.ampls.id);
      for (let i = 0; i < 100 && (await connection.get(result.ampls.id, '2021-09-01')) !== undefined; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      emulator.reset();
      await rejectsWith(
        applyPlan(connection, parsePlan(JSON.stringify(result)), { checkPlannedState: true }),
        'AMPL_APPLY_E0101',
      );
      assert.deepEqual(changes(emulator), []);

      const cli = await amplink(emulator, ['apply', '--plan', file, '--yes']);
      assert.equal(cli.code, 1);
      assert.match(cli.stderr, /AMPL_APPLY_E0101: AMPLS \/subscriptions\/.* does not exist/);
      assert.match(cli.stderr, /fix: /);
      assert.doesNotMatch(cli.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(changes(emulator), [], 'the command wrote nothing either');
    } finally {
      await emulator.stop();
    }
  });

  test('the AMPLS being deleted (provisioningState Deleting): one coded error, nothing written', async () => {
    const { emulator, connection } = await emulatorWithConnection({ lroDelayMs: 10_000 });
    try {
      const { result } = await savedPlan(connection);
      await deleteAmpls(connection, result.ampls.id);
      const scope = await connection.get(result.ampls.id, '2021-09-01');
      assert.equal((scope?.['properties'] as Record<string, unknown>)['provisioningState'], 'Deleting');
      emulator.reset();
      await rejectsWith(applyPlan(connection, result), 'AMPL_APPLY_E0102');
      assert.deepEqual(changes(emulator), []);
    } finally {
      await emulator.stop();
    }
  });
});

describe('a hand-edited plan file against the emulator (issue 10, item 1)', () => {
  test("the '?' trick that PUT the AMPLS itself is refused before any request; the AMPLS keeps its settings", async () => {
    const { emulator, connection } = await emulatorWithConnection();
    try {
      const { result, file } = await savedPlan(connection);
      const before = await connection.get(result.ampls.id, '2021-09-01');
      const attacked = structuredClone(result);
      const association = attacked.actions.find((a) => a.resourceType.endsWith('dataCollectionRuleAssociations'));
      assert.ok(association);
      association.id = `${result.ampls.id}?/providers/Microsoft.Insights/dataCollectionRuleAssociations/configurationAccessEndpoint`;
      association.body = { tags: { owned: 'yes' }, properties: {} };
      await writeFile(file, JSON.stringify(attacked));
      emulator.reset();
      const refused = await amplink(emulator, ['apply', '--plan', file, '--yes']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /AMPL_PLANFILE_E0003: .*\$\.actions\[\d+\]\.id: .*holds '\?'/);
      assert.deepEqual(
        emulator.requests().filter((r) => r.path.startsWith('/subscriptions/')),
        [],
        'not even a read: the file was refused first',
      );
      assert.deepEqual(await connection.get(result.ampls.id, '2021-09-01'), before);
    } finally {
      await emulator.stop();
    }
  });

  test('an edited summary "converged" is not printed as "nothing to change"; the plan applies as planned', async () => {
    const { emulator, connection } = await emulatorWithConnection();
    try {
      const { result, file } = await savedPlan(connection);
      const edited = structuredClone(result);
      edited.summary.status = 'converged';
      edited.summary.actions = { create: 0, update: 0, total: 0 };
      await writeFile(file, JSON.stringify(edited));
      const applied = await amplink(emulator, ['apply', '--plan', file, '--yes']);
      assert.equal(applied.code, 0, applied.stderr);
      assert.doesNotMatch(applied.stdout, /nothing to change/);
      assert.match(applied.stdout, new RegExp(`${result.actions.length} done`));
    } finally {
      await emulator.stop();
    }
  });
});
