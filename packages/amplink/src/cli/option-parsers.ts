import { isIP } from 'node:net';
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
      message: `${option} '${value}' is not an IP address with an optional port.`,
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
      message: `${option} '${value}' is not an https URL.`,
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
      message: `${option} '${value}' is not a DNS suffix.`,
      fix: `Give it as ${option} monitor.azure.us: labels of letters, digits and '-', joined by dots.`,
    });
  }
  return value;
}
