import { textOptions } from './color.js';
import { formatDemoAfter, formatDemoBefore } from '../report/demo-text.js';
import { demoJson } from '../report/json.js';
import { writeJson } from './json-output.js';
import { DEFAULT_DEMO_FLEET, runDemo } from '../workflows/demo.js';
import { withApplyProgress } from './apply-progress.js';
import { EXIT, exitCodeFor, reportError, type Io } from './exit-codes.js';
import { fleetEvents } from './fleet-events.js';
import { boundedInteger } from './option-parsers.js';

/**
 * `amplink demo` (npm start): the whole story on the embedded emulator. Exit 3 (as verify's error findings) when data
 * is not proven to arrive for some cluster after apply.
 */
export async function runDemoCommand(
  flags: { fleet?: string; port?: string; json?: boolean; detail?: boolean },
  io: Io,
): Promise<number> {
  const fleet = flags.fleet ?? DEFAULT_DEMO_FLEET;
  const port = flags.port === undefined ? 0 : boundedInteger(flags.port, '--port');
  const text = textOptions(io, flags);
  io.stderr(`amplink demo: starting the Azure emulator with ${fleet}\n`);
  const result = await runDemo({
    fleet,
    port,
    onEvent: fleetEvents(io),
    onBefore: (before) => {
      if (!flags.json) io.stdout(formatDemoBefore(before, text));
    },
    aroundWrites: (plan, run) => withApplyProgress(io, plan, (onEvent) => run({ onEvent })),
  });
  if (flags.json) await writeJson(io, demoJson(result));
  else io.stdout(formatDemoAfter(result, text));
  const code = exitCodeFor(result);
  // Reported as every error is (one JSON object with --json), but with demo's own exit code.
  if (code === EXIT.findings && result.notProven !== undefined)
    reportError(result.notProven, io, { debug: false, json: flags.json === true });
  return code;
}
