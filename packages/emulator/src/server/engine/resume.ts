// A long-running operation lives in memory; the resource it writes is saved with `--state` while it is still
// Creating, Updating, Provisioning or Deleting. When the emulator stops without finishing it (killed, crashed), the
// saved world would show that state forever, which Azure never does: after a restart each such resource gets its
// operation again, which ends it as the original would have (Succeeded with the type's side effects, or removed).
import { asObject, jsonText } from '../../providers/base.js';
import type { ArmResource } from '../../store/store.js';
import { startDeleteOperation, startPutOperation } from './crud.js';
import type { Engine } from './types.js';

/** ARM's terminal states; anything else is an operation still running (or, here, cut off by a restart). */
const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

/** Starts again the operations a saved world was cut off in; returns the resources it resumed. */
export function resumeOperations(engine: Engine): ArmResource[] {
  const resumed: ArmResource[] = [];
  for (const resource of engine.store.all()) {
    const provider = engine.providers.get(resource.type);
    const state = jsonText(asObject(resource['properties'])['provisioningState']);
    if (provider?.longRunning === undefined || state === '' || TERMINAL.has(state.toLowerCase())) continue;
    const lockKey = provider.serializationKey?.(resource.id);
    if (state.toLowerCase() === 'deleting') {
      if (provider.longRunning.delete !== true) continue;
      startDeleteOperation(engine, provider, resource, lockKey);
    } else {
      if (provider.longRunning.put !== true) continue;
      const created = state.toLowerCase() !== 'updating';
      startPutOperation(engine, provider, resource, { created, body: engine.view(resource), lockKey });
    }
    resumed.push(resource);
  }
  return resumed;
}
