import { isIP } from 'node:net';
import { AmplinkError, shownInput } from '../model/errors.js';

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
        message: `${option} '${shownInput(pair)}' is not of the form key=value.`,
        fix: `Write it as ${option} env=prod.`,
      });
    }
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}

/** Where a numeric option is allowed to go; outside it a value is surely a slip (1e9 workers, a 0 ms timeout). */
export interface NumericBounds {
  min: number;
  max: number;
  /** Shown in the fix, e.g. 16. */
  example: number;
}

/** Every numeric option of the CLI with its bounds, so none is accepted unchecked. */
export const NUMERIC_OPTIONS = {
  '--concurrency': { min: 1, max: 256, example: 16 },
  '--max-log-analytics-workspaces': { min: 1, max: 1_000_000, example: 3000 },
  '--max-scopes-per-resource': { min: 1, max: 10_000, example: 100 },
  '--timeout': { min: 100, max: 600_000, example: 15_000 },
  '--wait-for-azure': { min: 0, max: 7_200, example: 900 },
  '--port': { min: 0, max: 65_535, example: 8443 },
} as const satisfies Record<string, NumericBounds>;

/** A whole number in decimal digits within the option's bounds; "1e9", "0x10", "2.5" and "" are refused. */
export function boundedInteger(value: string, option: keyof typeof NUMERIC_OPTIONS): number {
  const { min, max, example } = NUMERIC_OPTIONS[option];
  const number = /^[0-9]{1,16}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(number >= min && number <= max)) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0002',
      message: `${option} '${shownInput(value)}' is not a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`,
      fix: `Give a number in that range, such as ${option} ${example}.`,
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
      message: `${option} '${shownInput(value)}' is not one of ${allowed.join(', ')}.`,
      fix: `Use ${option} ${allowed[0] ?? ''}.`,
    });
  }
  return match;
}

/** A resolver's address as node:dns takes it: IPv4 `10.0.0.4`, `10.0.0.4:53`, IPv6 `fd00::4` or `[fd00::4]:53`. */
export function dnsServer(value: string, option: string): string {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  const withPort = /^([^:]+):(\d+)$/.exec(value);
  const [host, port] = bracketed
    ? [bracketed[1], bracketed[2]]
    : withPort
      ? [withPort[1], withPort[2]]
      : [value, undefined];
  const portNumber = port === undefined ? 53 : Number(port);
  if (host === undefined || isIP(host) === 0 || !Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0020',
      message: `${option} '${shownInput(value)}' is not an IP address with an optional port.`,
      fix: `Give the address of a resolver inside the clusters' network, such as ${option} 10.0.0.4 or ${option} 10.0.0.4:53 (a host name would itself need resolving).`,
    });
  }
  return value;
}

/** An https URL (a bearer token is only ever sent over TLS). */
export function httpsUrl(value: string, option: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0021',
      message: `${option} '${shownInput(value)}' is not an https URL.`,
      fix: `Give it as ${option} https://host/path; tokens are only sent over TLS.`,
    });
  }
  return value;
}

/** A DNS suffix such as monitor.azure.us (a leading dot is allowed). */
export function dnsSuffix(value: string, option: string): string {
  if (!/^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(value)) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0022',
      message: `${option} '${shownInput(value)}' is not a DNS suffix.`,
      fix: `Give it as ${option} monitor.azure.us: labels of letters, digits and '-', joined by dots.`,
    });
  }
  return value;
}
