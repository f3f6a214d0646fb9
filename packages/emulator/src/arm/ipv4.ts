// IPv4 addresses and prefixes as numbers: what subnets, routes and firewall rules compare. One copy for the fleet
// (address plans), the providers (assigned addresses) and the data plane (routes, rule sources).

/** An address as a number, or undefined when it is not a dotted IPv4 address. */
export function ipToNumber(ip: string): number | undefined {
  const octets = ip.trim().split('.');
  if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o))) return undefined;
  const values = octets.map(Number);
  if (values.some((o) => o > 255)) return undefined;
  return values.reduce((sum, o) => sum * 256 + o, 0);
}

export function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The first and last address a prefix (`10.0.0.0/16`), a single address or a range (`10.0.0.1-10.0.0.9`) covers. */
export function rangeOf(text: string): { first: number; last: number } | undefined {
  const [from, to] = text.split('-');
  if (to !== undefined) {
    const first = ipToNumber(from ?? '');
    const last = ipToNumber(to);
    return first === undefined || last === undefined || first > last ? undefined : { first, last };
  }
  const [base, bitsText] = text.split('/');
  const value = ipToNumber(base ?? '');
  if (value === undefined) return undefined;
  if (bitsText === undefined) return { first: value, last: value };
  if (!/^\d{1,2}$/.test(bitsText) || Number(bitsText) > 32) return undefined;
  const size = 2 ** (32 - Number(bitsText));
  const first = value - (value % size);
  return { first, last: first + size - 1 };
}

/** The prefix length of `a.b.c.d/n`, or undefined. */
export function prefixLength(prefix: string): number | undefined {
  const bits = prefix.split('/')[1];
  return bits !== undefined && /^\d{1,2}$/.test(bits) && Number(bits) <= 32 ? Number(bits) : undefined;
}

/** Whether `outer` (a prefix, address or range) covers all of `inner`. */
export function covers(outer: string, inner: string): boolean {
  const a = rangeOf(outer);
  const b = rangeOf(inner);
  return a !== undefined && b !== undefined && a.first <= b.first && b.last <= a.last;
}

export function overlaps(a: string, b: string): boolean {
  const x = rangeOf(a);
  const y = rangeOf(b);
  return x !== undefined && y !== undefined && x.first <= y.last && y.first <= x.last;
}

/** The `offset`-th address of a prefix, or undefined when the prefix is too small (the last one is broadcast). */
export function addressInPrefix(prefix: string, offset: number): string | undefined {
  const range = prefixLength(prefix) === undefined ? undefined : rangeOf(prefix);
  if (range === undefined || offset >= range.last - range.first) return undefined;
  return numberToIp(range.first + offset);
}

/**
 * The last free block of `/bits` inside `space` that overlaps none of `taken`, or undefined. From the end, so that a
 * network's first subnets (which fleets number from the start) stay clear.
 */
export function freeBlock(space: string, bits: number, taken: readonly string[]): string | undefined {
  const range = prefixLength(space) === undefined ? undefined : rangeOf(space);
  if (range === undefined || (prefixLength(space) ?? 33) > bits) return undefined;
  const size = 2 ** (32 - bits);
  for (let first = range.last + 1 - size; first >= range.first; first -= size) {
    const candidate = `${numberToIp(first)}/${bits}`;
    if (!taken.some((t) => overlaps(t, candidate))) return candidate;
  }
  return undefined;
}
