import { P384_ORDER, isHighS, parseStrictDer, type EcdsaPair } from '../portable/ecdsa-der.ts';

export { isCanonicalSignature } from '../portable/ecdsa-der.ts';

/**
 * Rewrites a DER ECDSA P-384 signature to its low-S form (s ≤ n/2). Both (r, s)
 * and (r, n − s) verify, so without this rule one signature has two valid encodings.
 */
export function toLowS(der: Buffer): Buffer {
  const pair = parseStrictDer(der);
  if (pair === null) throw new Error('not a strict DER ECDSA signature');
  return isHighS(pair) ? encodeDer({ r: pair.r, s: P384_ORDER - pair.s }) : der;
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
