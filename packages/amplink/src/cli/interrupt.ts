import { EXIT, type Io } from './exit-codes.js';

const EXIT_CODE = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;
type StopSignal = keyof typeof EXIT_CODE;

export interface Interrupt {
  /** Aborts at the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The exit code the first signal calls for, or undefined when none came. */
  exitCode(): number | undefined;
  /** Gives SIGINT and SIGTERM back to node's default handling. */
  dispose(): void;
}

/**
 * While apply writes, the first SIGINT/SIGTERM stops it gently (nothing new starts, what runs may finish, then the
 * summary); a second one ends the process at once.
 */
export function stopOnSignals(io: Io, drainSeconds: number): Interrupt {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  const onSignal = (name: StopSignal) => {
    if (first === undefined) {
      first = name;
      io.stderr(
        `\n${name}: stopping — no new change starts; the changes under way get up to ${drainSeconds} s to finish, then the summary. ` +
          `${name === 'SIGINT' ? 'Ctrl-C' : 'A second signal'} again stops at once.\n`,
      );
      controller.abort(new Error(`apply was stopped by ${name}`));
      return;
    }
    io.stderr(`${name} again: stopped at once. Run apply again to finish: what is done is skipped.\n`);
    process.exit(EXIT_CODE[name]);
  };
  const listeners = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const listener = () => onSignal(name);
    process.on(name, listener);
    return [name, listener] as const;
  });
  return {
    signal: controller.signal,
    exitCode: () => (first === undefined ? undefined : EXIT_CODE[first]),
    dispose: () => {
      for (const [name, listener] of listeners) process.off(name, listener);
    },
  };
}
