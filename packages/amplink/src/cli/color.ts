/**
 * Whether text written to `stream` gets colours. NO_COLOR (no-color.org) wins whenever it is set and not empty;
 * FORCE_COLOR as Node reads it (0 or false: never; anything else, empty too: always); otherwise a terminal that has
 * colours (its TERM is not dumb).
 */
export function colorWanted(
  stream: { isTTY?: boolean; hasColors?: (env?: Record<string, string | undefined>) => boolean },
  env: Record<string, string | undefined>,
): boolean {
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true && (stream.hasColors?.(env) ?? false);
}

/** The text options a command's flags and its output stream give. */
export function textOptions(io: { color?: boolean }, flags: { detail?: boolean }): { detail: boolean; color: boolean } {
  return { detail: flags.detail === true, color: io.color === true };
}
