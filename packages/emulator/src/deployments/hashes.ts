// ARM's deterministic names. Facts, not code, from public reimplementations of ARM's expression engine (e.g. the
// MIT-licensed EmmittJ Aspire.Hosting.Pulumi.Azure ArmFunctions, after Azure.Deployments.Expression and
// Microsoft.PowerPlatform.ResourceStack): uniqueString joins its arguments with '-', hashes the UTF-8 bytes with a
// 64-bit variant of MurmurHash3 (two 32-bit lanes, seed 0) and writes the top 65 bits as 13 base-32 letters
// (a-z, 2-7); guid is the RFC 4122 version-5 UUID of the '-'-joined arguments in namespace
// 11fb06fb-712d-4ddd-98c7-e71bbd588830. test/deployments-template.test.ts checks a value ARM returned.
import { createHash } from 'node:crypto';

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const ARM_GUID_NAMESPACE = '11fb06fb-712d-4ddd-98c7-e71bbd588830';

const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;
const mul = (a: number, b: number): number => Math.imul(a, b) >>> 0;
const add = (a: number, b: number): number => (a + b) >>> 0;

function fmix(h: number): number {
  let x = h;
  x = (x ^ (x >>> 16)) >>> 0;
  x = mul(x, 0x85ebca6b);
  x = (x ^ (x >>> 13)) >>> 0;
  x = mul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function word(data: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = ((value << 8) | (data[at + i] ?? 0)) >>> 0;
  return value;
}

function hash64(data: Uint8Array): bigint {
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 8 <= data.length; i += 8) {
    const k1 = mul(rotl(mul(word(data, i, 4), C1), 15), C2);
    h1 = add(mul(add(rotl((h1 ^ k1) >>> 0, 19), h2), 5), 0x561ccd1b);
    const k2 = mul(rotl(mul(word(data, i + 4, 4), C2), 17), C1);
    h2 = add(mul(add(rotl((h2 ^ k2) >>> 0, 13), h1), 5), 0x0bcaa747);
  }
  const tail = data.length - i;
  if (tail > 0) {
    h1 = (h1 ^ mul(rotl(mul(word(data, i, Math.min(tail, 4)), C1), 15), C2)) >>> 0;
    if (tail > 4) h2 = (h2 ^ mul(rotl(mul(word(data, i + 4, tail - 4), C2), 17), C1)) >>> 0;
  }
  h1 = (h1 ^ data.length) >>> 0;
  h2 = (h2 ^ data.length) >>> 0;
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  return (BigInt(h2) << 32n) | BigInt(h1);
}

export function uniqueString(values: readonly string[]): string {
  let hash = hash64(Buffer.from(values.join('-'), 'utf8'));
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += BASE32.charAt(Number(hash >> 59n));
    hash = (hash << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

export function armGuid(values: readonly string[]): string {
  const namespace = Buffer.from(ARM_GUID_NAMESPACE.replace(/-/g, ''), 'hex');
  const digest = createHash('sha1')
    .update(namespace)
    .update(Buffer.from(values.join('-'), 'utf8'))
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
