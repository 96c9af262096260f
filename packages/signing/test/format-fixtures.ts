import { crc32 } from 'node:zlib';

/** One file of a test zip. */
export interface ZipFixtureEntry {
  name: string;
  content: string | Buffer;
}

/** Builds a small stored (uncompressed) zip by hand, with an optional archive comment. */
export function buildZip(entries: readonly ZipFixtureEntry[], comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = typeof entry.content === 'string' ? Buffer.from(entry.content, 'utf8') : entry.content;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const commentBytes = Buffer.from(comment, 'latin1');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(centralDirectory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(commentBytes.length, 20);
  return Buffer.concat([...locals, centralDirectory, eocd, commentBytes]);
}

/** A copy of `buffer` with one byte XOR-ed. */
export function flipByte(buffer: Buffer, index: number, mask = 0x01): Buffer {
  const copy = Buffer.from(buffer);
  copy[index] = (copy[index] as number) ^ mask;
  return copy;
}

/** Realistic ARNs for tests. */
export const PROFILE_VERSION_ARN = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/MyProfile/AbCdE12345';
export const OTHER_PROFILE_VERSION_ARN = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/Other/ZyXwV98765';
export const JOB_ARN = 'arn:aws:signer:us-east-1:123456789012:/signing-jobs/2f4c1f4e-8d1b-4c38-9f0e-2a7b6f3c1d22';

/** The order n of the P-384 group. */
export const P384_ORDER = BigInt('0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973');

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
