import { createHash } from 'node:crypto';
import { AmplinkError, shownInput } from '../model/errors.js';
import { KNOWN_REGIONS } from '../model/regions.js';

/** DCE names as Azure CLI keeps them: letters, digits and '-', at most 44 characters, no trailing '-' (DOMAIN.md). */
const ENDPOINT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,42}[A-Za-z0-9])?$/;
const ENDPOINT_NAME_MAX = 44;

/**
 * The name of a new DCE for a region. The pattern is checked once per plan with the longest region amplink knows;
 * a region Azure returned that is longer still (regions are not a closed list) is checked here.
 */
export function endpointName(pattern: string, region: string): string {
  const name = pattern.replaceAll('{region}', region);
  if (!ENDPOINT_NAME.test(name)) throw badPattern(pattern, name, region);
  return name;
}

function badPattern(pattern: string, name: string, region: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_PLAN_E0006',
    message: `The DCE name pattern '${shownInput(pattern)}' gives '${shownInput(name)}' for ${region}: a DCE name has only letters, digits and '-', at most ${ENDPOINT_NAME_MAX} characters, and does not end with '-'.`,
    fix: 'Shorten the pattern or drop other characters, e.g. amplink-config-{region}.',
  });
}

export function assertEndpointPattern(pattern: string): void {
  const longest = KNOWN_REGIONS.reduce((a, b) => (b.length > a.length ? b : a));
  endpointName(pattern, longest);
}

/** A short, stable digest: the same id always gives the same suffix, whatever casing it was written in. */
export function shortHash(value: string, length = 6): string {
  return createHash('sha256').update(value.toLowerCase()).digest('hex').slice(0, length);
}

/** Scoped resource names Azure CLI and the portal accept: letters, digits, '-', '_' and '.'. */
const SCOPED_NAME_MAX = 64;
const SCOPED_SUFFIX = '-connection';

/**
 * `<resource name>-connection`, as Azure CLI names scoped resources (DOMAIN.md); when that name is taken in the
 * scope, or too long, a digest of the linked id keeps it unique and deterministic.
 */
export function scopedResourceName(linkedName: string, linkedKey: string, taken: ReadonlySet<string>): string {
  const base = linkedName.replace(/[^A-Za-z0-9._-]/g, '-');
  const plain = `${base}${SCOPED_SUFFIX}`;
  if (plain.length <= SCOPED_NAME_MAX && !taken.has(plain.toLowerCase())) return plain;
  const digest = shortHash(linkedKey, 8);
  const room = SCOPED_NAME_MAX - SCOPED_SUFFIX.length - digest.length - 1;
  return `${base.slice(0, room)}-${digest}${SCOPED_SUFFIX}`;
}
