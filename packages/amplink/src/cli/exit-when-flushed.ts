/**
 * Exits with `code` once everything written to stdout and stderr has left the process. On a pipe, Node writes
 * asynchronously: exiting right away cuts what the pipe has not taken yet (stderr stopped at 64 KiB).
 * An empty write's callback runs after every earlier write on that stream has been handed to the OS.
 */
export function exitWhenFlushed(
  code: number,
  streams: NodeJS.WritableStream[] = [process.stdout, process.stderr],
): void {
  let pending = streams.length;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of streams) {
    // A closed reader (EPIPE) must not keep the process alive or change the exit code.
    stream.on('error', () => undefined);
    stream.write('', done);
  }
}
