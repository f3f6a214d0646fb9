import { AmplinkError } from '../model/errors.js';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `key=value` pairs from repeatable options such as --cluster-tag env=prod. */
export function keyValues(pairs: readonly string[] | undefined, option: string): Record<string, string> | undefined {
  if (pairs === undefined || pairs.length === 0) return undefined;
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new AmplinkError({
        code: 'AMPL_CLI_E0001',
        message: `${option} '${pair}' is not of the form key=value.`,
        fix: `Write it as ${option} env=prod.`,
      });
    }
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}

export function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0002',
      message: `${option} '${value}' is not a positive whole number.`,
      fix: `Give a number such as ${option} 300.`,
    });
  }
  return number;
}

export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (match === undefined) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0003',
      message: `${option} '${value}' is not one of ${allowed.join(', ')}.`,
      fix: `Use ${option} ${allowed[0] ?? ''}.`,
    });
  }
  return match;
}
