// DER ECDSA signatures taken apart and put back, for tests that forge high-S or out-of-range signatures.

/** The order n of the P-384 group. */
export const P384_ORDER = BigInt(
  '0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
);

/** The (r, s) of a DER ECDSA signature, read loosely. */
export function derToPair(der: Buffer): { r: bigint; s: bigint } {
  const rLength = der[3] as number;
  const r = der.subarray(4, 4 + rLength);
  const s = der.subarray(6 + rLength, 6 + rLength + (der[5 + rLength] as number));
  return { r: BigInt(`0x${r.toString('hex')}`), s: BigInt(`0x${s.toString('hex')}`) };
}

/** The DER ECDSA signature of (r, s). */
export function pairToDer(r: bigint, s: bigint): Buffer {
  const integer = (value: bigint): Buffer => {
    let bytes = Buffer.from(value.toString(16).padStart(Math.ceil(value.toString(16).length / 2) * 2, '0'), 'hex');
    if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
  };
  const body = Buffer.concat([integer(r), integer(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
