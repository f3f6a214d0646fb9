/** IPv4 addresses as numbers, for prefix checks; undefined when the text is not a dotted quad. */
export function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function inPrefix(address: string, prefix: string): boolean {
  const [base, bitsText] = prefix.split('/');
  const ip = ipv4ToNumber(address);
  const net = base === undefined ? undefined : ipv4ToNumber(base);
  const bits = Number(bitsText);
  if (ip === undefined || net === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) === Math.floor(net / size);
}

/** RFC 1918 and RFC 6598 (shared) space: what a private endpoint's address looks like. */
export function isPrivateAddress(address: string): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].some((p) => inPrefix(address, p));
}
