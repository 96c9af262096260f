/**
 * Byte surgery on signed zips, written from the zip spec (APPNOTE) rather than
 * with the toolkit's own reader, so tests tamper independently of the code they check.
 */

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const MARKER = 'TOOLKIT-SIG/1 ';

/** Offset of the End-Of-Central-Directory record whose comment ends at end of file. */
export function eocdOffset(zip: Buffer): number {
  for (let offset = zip.length - 22; offset >= 0; offset--) {
    if (zip.readUInt32LE(offset) === EOCD && offset + 22 + zip.readUInt16LE(offset + 20) === zip.length) return offset;
  }
  throw new Error('no end-of-central-directory record');
}

/** The central directory entries: where each starts and where its local header and data are. */
function centralEntries(zip: Buffer): { central: number; compressedSize: number; dataOffset: number }[] {
  const eocd = eocdOffset(zip);
  const entries = [];
  let offset = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL) throw new Error(`no central header at ${offset}`);
    const local = zip.readUInt32LE(offset + 42);
    const dataOffset = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.push({ central: offset, compressedSize: zip.readUInt32LE(offset + 20), dataOffset });
    offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

/** A copy with one byte of the first non-empty entry's data flipped. */
export function flipEntryByte(zip: Buffer): Buffer {
  const entry = centralEntries(zip).find((e) => e.compressedSize > 0);
  if (!entry) throw new Error('no entry with data');
  const copy = Buffer.from(zip);
  copy[entry.dataOffset] = copy[entry.dataOffset]! ^ 0xff;
  return copy;
}

/** A copy whose first central directory entry claims another CRC-32: the layout stays valid. */
export function tamperCentralDirectory(zip: Buffer): Buffer {
  const [first] = centralEntries(zip);
  const copy = Buffer.from(zip);
  copy.writeUInt32LE((copy.readUInt32LE(first!.central + 16) ^ 0xffffffff) >>> 0, first!.central + 16);
  return copy;
}

/** A copy with bytes after the end-of-central-directory record. */
export function appendTrailingBytes(zip: Buffer, bytes = Buffer.from('junk')): Buffer {
  return Buffer.concat([zip, bytes]);
}

/** The signature envelope in the EOCD comment (decoded by hand from base64url JSON). */
export function readEnvelope(zip: Buffer): Record<string, string> {
  const eocd = eocdOffset(zip);
  const comment = zip.subarray(eocd + 22).toString('latin1');
  if (!comment.startsWith(MARKER)) throw new Error('the zip carries no envelope');
  return JSON.parse(Buffer.from(comment.slice(MARKER.length), 'base64url').toString('utf8')) as Record<string, string>;
}

/** A copy whose EOCD comment carries `envelope` instead, re-encoded the same way (comment length updated). */
export function withEnvelope(zip: Buffer, envelope: Record<string, string>): Buffer {
  const eocd = eocdOffset(zip);
  const comment = Buffer.from(MARKER + Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64url'), 'latin1');
  const head = Buffer.from(zip.subarray(0, eocd + 22));
  head.writeUInt16LE(comment.length, eocd + 20);
  return Buffer.concat([head, comment]);
}
