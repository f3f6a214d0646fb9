// The values Azure makes up when it creates a resource (etags, GUIDs, timestamps), from one source so that a run can
// be made repeatable: with a seed and a fixed time, the same fleet gives byte-identical resources.
import { createHash, randomUUID } from 'node:crypto';

export interface GeneratedValues {
  /** A GUID in Azure's lower-case 8-4-4-4-12 form. */
  uuid(): string;
  /** The current time as ISO 8601, as systemData and created dates show it. */
  now(): string;
}

export interface RepeatableValues {
  /** GUIDs are drawn from this seed in order instead of at random. */
  seed: string;
  /** Every timestamp is this instant (ISO 8601). */
  time: string;
}

export const randomValues: GeneratedValues = {
  uuid: () => randomUUID(),
  now: () => new Date().toISOString(),
};

export function repeatableValues(options: RepeatableValues): GeneratedValues {
  const time = new Date(options.time);
  if (Number.isNaN(time.getTime())) throw new RangeError(`Not an ISO 8601 time: '${options.time}'.`);
  const iso = time.toISOString();
  let counter = 0;
  return {
    uuid: () => {
      const hex = createHash('sha256').update(`${options.seed}:${counter++}`).digest('hex');
      // Version 4 and RFC 4122 variant bits, so the GUID looks like those Azure returns.
      const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    now: () => iso,
  };
}
