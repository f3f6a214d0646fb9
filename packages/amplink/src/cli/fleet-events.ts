import type { DiscoverProgressEvent } from '../discover/discover.js';
import type { OnFleetEvent } from '../workflows/events.js';
import type { Io } from './exit-codes.js';

/** One line per phase; on a terminal the line is rewritten as the counts move. */
export function discoveryProgress(io: Io): (event: DiscoverProgressEvent) => void {
  const tty = process.stderr.isTTY;
  let lastPhase = '';
  return ({ message, data: { phase, done, total } }) => {
    if (tty) io.stderr(`\r${message}   ${done === total ? '\n' : ''}`);
    else if (phase !== lastPhase && done === total) io.stderr(`${message}\n`);
    if (done === total) lastPhase = phase;
  };
}

/** A workflow's progress on stderr (stdout holds only results); a warning carries its code, as errors do. */
export function fleetEvents(io: Io): OnFleetEvent {
  const discovery = discoveryProgress(io);
  return (event) => {
    if (event.code === 'AMPL_DISCOVER_I0001') discovery(event);
    else if (event.code === 'AMPL_APPLY_W0011') io.stderr(`amplink: ${event.message}\n`);
    else if (event.code === 'AMPL_DISCOVER_W0004') io.stderr(`amplink: ${event.code}: ${event.message}\n`);
    else io.stderr(`${event.message}\n`);
  };
}
