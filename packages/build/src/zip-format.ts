/**
 * Byte layouts of the zip records we write (APPNOTE 6.3.x). Pure encoders: no I/O,
 * no clocks, so the same inputs always give the same bytes.
 */

/** Compression methods we use. */
export const METHOD_STORE = 0;
export const METHOD_DEFLATE = 8;

/** Values at or above this do not fit a 32-bit field and go into the ZIP64 extra field. */
export const ZIP32_LIMIT = 0xffffffff;
const ENTRY_COUNT_LIMIT = 0xffff;

/** 1980-01-01 00:00:00 in DOS date/time, the fixed timestamp SAM and Info-ZIP `-X` builds use. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
/** "Made by" Unix (3) so unzip restores the modes in the external attributes. */
const MADE_BY_UNIX = 3 << 8;
const S_IFREG = 0o100000;

/** What the central directory needs to know about one written entry. */
export interface CentralRecord {
  nameBytes: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  /** 0o644 or 0o755. */
  mode: number;
  /** The local header used a data descriptor (size and CRC after the data). */
  dataDescriptor: boolean;
  /** The local header carried a ZIP64 extra field (descriptor sizes are 8 bytes). */
  zip64Local: boolean;
}

function generalFlags(nameBytes: Buffer, dataDescriptor: boolean): number {
  return (isAscii(nameBytes) ? 0 : FLAG_UTF8) | (dataDescriptor ? FLAG_DATA_DESCRIPTOR : 0);
}

/** An indexed loop: `every` with a callback per byte cost more than the rest of a header. */
function isAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

function versionNeeded(method: number, zip64: boolean): number {
  if (zip64) return 45;
  return method === METHOD_DEFLATE ? 20 : 10;
}

/** A local file header. Sizes and CRC are zero when `dataDescriptor` is set. */
export function localHeader(r: Omit<CentralRecord, 'offset'>): Buffer {
  const extraLength = r.zip64Local ? 20 : 0;
  const b = Buffer.alloc(30 + r.nameBytes.length + extraLength);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(versionNeeded(r.method, r.zip64Local), 4);
  b.writeUInt16LE(generalFlags(r.nameBytes, r.dataDescriptor), 6);
  b.writeUInt16LE(r.method, 8);
  b.writeUInt16LE(DOS_TIME, 10);
  b.writeUInt16LE(DOS_DATE, 12);
  if (r.dataDescriptor) {
    // CRC and sizes follow the data; ZIP64 readers expect 0xffffffff markers here.
    const marker = r.zip64Local ? ZIP32_LIMIT : 0;
    b.writeUInt32LE(0, 14);
    b.writeUInt32LE(marker, 18);
    b.writeUInt32LE(marker, 22);
  } else {
    b.writeUInt32LE(r.crc, 14);
    b.writeUInt32LE(r.compressedSize, 18);
    b.writeUInt32LE(r.size, 22);
  }
  b.writeUInt16LE(r.nameBytes.length, 26);
  b.writeUInt16LE(extraLength, 28);
  r.nameBytes.copy(b, 30);
  if (r.zip64Local) {
    const at = 30 + r.nameBytes.length;
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(16, at + 2);
    b.writeBigUInt64LE(0n, at + 4);
    b.writeBigUInt64LE(0n, at + 12);
  }
  return b;
}

/** The data descriptor written after an entry's data when its sizes were not known up front. */
export function dataDescriptor(crc: number, compressedSize: number, size: number, zip64: boolean): Buffer {
  const b = Buffer.alloc(zip64 ? 24 : 16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(crc, 4);
  if (zip64) {
    b.writeBigUInt64LE(BigInt(compressedSize), 8);
    b.writeBigUInt64LE(BigInt(size), 16);
  } else {
    b.writeUInt32LE(compressedSize, 8);
    b.writeUInt32LE(size, 12);
  }
  return b;
}

/** A central directory file header, with a ZIP64 extra field for values that overflow 32 bits. */
export function centralHeader(r: CentralRecord): Buffer {
  const b = Buffer.alloc(centralHeaderSize(r));
  writeCentralHeader(r, b, 0);
  return b;
}

/** The values of `r` that go into its central header's ZIP64 extra field (none when all fit 32 bits). */
function zip64Values(r: CentralRecord): number[] {
  const values: number[] = [];
  if (r.zip64Local || r.size >= ZIP32_LIMIT) values.push(r.size);
  if (r.zip64Local || r.compressedSize >= ZIP32_LIMIT) values.push(r.compressedSize);
  if (r.offset >= ZIP32_LIMIT) values.push(r.offset);
  return values;
}

/** The byte length of {@link centralHeader}`(r)`. */
export function centralHeaderSize(r: CentralRecord): number {
  const fields =
    (r.zip64Local || r.size >= ZIP32_LIMIT ? 1 : 0) +
    (r.zip64Local || r.compressedSize >= ZIP32_LIMIT ? 1 : 0) +
    (r.offset >= ZIP32_LIMIT ? 1 : 0);
  return 46 + r.nameBytes.length + (fields > 0 ? 4 + 8 * fields : 0);
}

/**
 * Writes {@link centralHeader}`(r)` into `target` at `at` and returns its length, so that a
 * whole central directory is written into one buffer rather than one small buffer per entry.
 */
export function writeCentralHeader(r: CentralRecord, target: Buffer, at: number): number {
  const bigSize = r.zip64Local || r.size >= ZIP32_LIMIT;
  const bigCompressed = r.zip64Local || r.compressedSize >= ZIP32_LIMIT;
  const bigOffset = r.offset >= ZIP32_LIMIT;
  const zip64Fields = zip64Values(r);
  const zip64 = zip64Fields.length > 0;
  const extraLength = zip64 ? 4 + 8 * zip64Fields.length : 0;
  const b = target.subarray(at, at + 46 + r.nameBytes.length + extraLength).fill(0);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(MADE_BY_UNIX | (zip64 ? 45 : 20), 4);
  b.writeUInt16LE(versionNeeded(r.method, zip64), 6);
  b.writeUInt16LE(generalFlags(r.nameBytes, r.dataDescriptor), 8);
  b.writeUInt16LE(r.method, 10);
  b.writeUInt16LE(DOS_TIME, 12);
  b.writeUInt16LE(DOS_DATE, 14);
  b.writeUInt32LE(r.crc, 16);
  b.writeUInt32LE(bigCompressed ? ZIP32_LIMIT : r.compressedSize, 20);
  b.writeUInt32LE(bigSize ? ZIP32_LIMIT : r.size, 24);
  b.writeUInt16LE(r.nameBytes.length, 28);
  b.writeUInt16LE(extraLength, 30);
  // comment length, disk number start and internal attributes stay 0
  b.writeUInt32LE(((S_IFREG | r.mode) << 16) >>> 0, 38);
  b.writeUInt32LE(bigOffset ? ZIP32_LIMIT : r.offset, 42);
  r.nameBytes.copy(b, 46);
  if (zip64) {
    let field = 46 + r.nameBytes.length;
    b.writeUInt16LE(0x0001, field);
    b.writeUInt16LE(8 * zip64Fields.length, field + 2);
    field += 4;
    for (const value of zip64Fields) {
      b.writeBigUInt64LE(BigInt(value), field);
      field += 8;
    }
  }
  return b.length;
}

/**
 * The end of the archive: a ZIP64 end record and locator when the entry count or the
 * central directory's size/offset overflow, then the classic end record with an empty comment.
 */
export function endOfCentralDirectory(entries: number, centralSize: number, centralOffset: number): Buffer {
  const zip64 = entries >= ENTRY_COUNT_LIMIT || centralSize >= ZIP32_LIMIT || centralOffset >= ZIP32_LIMIT;
  const parts: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(MADE_BY_UNIX | 45, 12);
    record.writeUInt16LE(45, 14);
    // disk numbers at 16 and 20 stay 0
    record.writeBigUInt64LE(BigInt(entries), 24);
    record.writeBigUInt64LE(BigInt(entries), 32);
    record.writeBigUInt64LE(BigInt(centralSize), 40);
    record.writeBigUInt64LE(BigInt(centralOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(centralOffset + centralSize), 8);
    locator.writeUInt32LE(1, 16);
    parts.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = Math.min(entries, ENTRY_COUNT_LIMIT);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(Math.min(centralSize, ZIP32_LIMIT), 12);
  end.writeUInt32LE(Math.min(centralOffset, ZIP32_LIMIT), 16);
  parts.push(end);
  return Buffer.concat(parts);
}
