import { hex } from './bytes.ts';

/** The order n of the P-384 group. */
export const P384_ORDER = BigInt(
  '0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
);
const HALF_ORDER = P384_ORDER >> 1n;

/** An ECDSA signature's two integers. */
export interface EcdsaPair {
  r: bigint;
  s: bigint;
}

/** True when `der` is the one valid encoding: strict DER, 0 < r < n, 0 < s ≤ n/2. */
export function isCanonicalSignature(der: Uint8Array): boolean {
  const pair = parseStrictDer(der);
  return pair !== null && pair.r > 0n && pair.r < P384_ORDER && pair.s > 0n && pair.s <= HALF_ORDER;
}

/** Whether `s` is above n/2 (the high-S twin of a signature). */
export function isHighS(pair: EcdsaPair): boolean {
  return pair.s > HALF_ORDER;
}

/** SEQUENCE { INTEGER r, INTEGER s } with minimal lengths and integers, nothing after; null otherwise. */
export function parseStrictDer(der: Uint8Array): EcdsaPair | null {
  if (der.length < 8 || der[0] !== 0x30) return null;
  const length = der[1]!;
  // A P-384 signature is at most 104 bytes, so its length always fits the short form.
  if (length >= 0x80 || length + 2 !== der.length) return null;
  const r = readInteger(der, 2);
  if (r === null) return null;
  const s = readInteger(der, r.end);
  if (s === null || s.end !== der.length) return null;
  return { r: r.value, s: s.value };
}

/** The same signature as WebCrypto wants it (IEEE P1363: r then s, 48 bytes each); null when not strict DER. */
export function derToP1363(der: Uint8Array): Uint8Array<ArrayBuffer> | null {
  const pair = parseStrictDer(der);
  if (pair === null || pair.r >= P384_ORDER || pair.s >= P384_ORDER) return null;
  const out = new Uint8Array(96);
  out.set(fixed48(pair.r), 0);
  out.set(fixed48(pair.s), 48);
  return out;
}

function fixed48(value: bigint): Uint8Array {
  const text = value.toString(16).padStart(96, '0');
  return Uint8Array.from({ length: 48 }, (_, i) => Number.parseInt(text.slice(i * 2, i * 2 + 2), 16));
}

function readInteger(der: Uint8Array, offset: number): { value: bigint; end: number } | null {
  if (offset + 2 > der.length || der[offset] !== 0x02) return null;
  const length = der[offset + 1]!;
  const start = offset + 2;
  if (length === 0 || length >= 0x80 || start + length > der.length) return null;
  const first = der[start]!;
  if (first & 0x80) return null;
  if (first === 0 && (length === 1 || (der[start + 1]! & 0x80) === 0)) return null;
  return { value: BigInt(`0x${hex(der.subarray(start, start + length))}`), end: start + length };
}
