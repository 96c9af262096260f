/** The order n of the P-384 group. */
const P384_ORDER = BigInt(
  '0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
);
const HALF_ORDER = P384_ORDER >> 1n;

/** An ECDSA signature's two integers. */
interface EcdsaPair {
  r: bigint;
  s: bigint;
}

/**
 * Rewrites a DER ECDSA P-384 signature to its low-S form (s ≤ n/2). Both (r, s)
 * and (r, n − s) verify, so without this rule one signature has two valid encodings.
 */
export function toLowS(der: Buffer): Buffer {
  const pair = parseStrictDer(der);
  if (pair === null) throw new Error('not a strict DER ECDSA signature');
  return pair.s > HALF_ORDER ? encodeDer({ r: pair.r, s: P384_ORDER - pair.s }) : der;
}

/** True when `der` is the one valid encoding: strict DER, 0 < r < n, 0 < s ≤ n/2. */
export function isCanonicalSignature(der: Buffer): boolean {
  const pair = parseStrictDer(der);
  return pair !== null && pair.r > 0n && pair.r < P384_ORDER && pair.s > 0n && pair.s <= HALF_ORDER;
}

/** SEQUENCE { INTEGER r, INTEGER s } with minimal lengths and integers, nothing after; null otherwise. */
function parseStrictDer(der: Buffer): EcdsaPair | null {
  if (der.length < 8 || der[0] !== 0x30) return null;
  const length = der[1] as number;
  // A P-384 signature is at most 104 bytes, so its length always fits the short form.
  if (length >= 0x80 || length + 2 !== der.length) return null;
  const r = readInteger(der, 2);
  if (r === null) return null;
  const s = readInteger(der, r.end);
  if (s === null || s.end !== der.length) return null;
  return { r: r.value, s: s.value };
}

function readInteger(der: Buffer, offset: number): { value: bigint; end: number } | null {
  if (offset + 2 > der.length || der[offset] !== 0x02) return null;
  const length = der[offset + 1] as number;
  const start = offset + 2;
  if (length === 0 || length >= 0x80 || start + length > der.length) return null;
  const first = der[start] as number;
  if (first & 0x80) return null;
  if (first === 0 && (length === 1 || ((der[start + 1] as number) & 0x80) === 0)) return null;
  return { value: BigInt(`0x${der.subarray(start, start + length).toString('hex')}`), end: start + length };
}

function encodeDer(pair: EcdsaPair): Buffer {
  const r = encodeInteger(pair.r);
  const s = encodeInteger(pair.s);
  return Buffer.concat([Buffer.from([0x30, r.length + s.length]), r, s]);
}

function encodeInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}
