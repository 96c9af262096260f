import { latin1, bytesEqual, u16, u32 } from './bytes.ts';
import { FormatProblem } from './format-problem.ts';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const EOCD_SIZE = 22;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
const MAX_COMMENT = 0xffff;

/** Where the parts of a zip lie, as its End-Of-Central-Directory record says. */
export interface ZipLayout {
  /** Offset of the EOCD record (its `PK\x05\x06` signature). */
  eocdOffset: number;
  /** Offset of the EOCD comment-length field: the digest covers every byte before it. */
  commentLengthOffset: number;
  entryCount: number;
  centralDirectoryOffset: number;
  centralDirectorySize: number;
  comment: Uint8Array;
}

/**
 * Reads and checks a zip's structure: one EOCD that ends exactly at end of file,
 * a central directory that ends where the EOCD starts, and a right signature on
 * every central and local header, and entry names every reader reads alike (see
 * checkEntryName). ZIP64 and multi-disk archives are refused.
 */
export function readZipLayout(zip: Uint8Array): ZipLayout {
  if (zip.length === 0) throw new FormatProblem('ZipEmpty', 'the zip is empty (0 bytes)');
  const eocdOffset = findEocd(zip);
  const entriesOnDisk = u16(zip, eocdOffset + 8);
  const entryCount = u16(zip, eocdOffset + 10);
  const centralDirectorySize = u32(zip, eocdOffset + 12);
  const centralDirectoryOffset = u32(zip, eocdOffset + 16);
  const commentLength = u16(zip, eocdOffset + 20);
  if (u16(zip, eocdOffset + 4) !== 0 || u16(zip, eocdOffset + 6) !== 0 || entriesOnDisk !== entryCount) {
    throw new FormatProblem('ZipMultiDisk', 'the zip is a multi-disk (split) archive, which is not supported');
  }
  const zip64Locator = eocdOffset >= 20 && u32(zip, eocdOffset - 20) === ZIP64_LOCATOR_SIGNATURE;
  if (
    zip64Locator ||
    entryCount === 0xffff ||
    centralDirectorySize === 0xffffffff ||
    centralDirectoryOffset === 0xffffffff
  ) {
    throw new FormatProblem(
      'Zip64Unsupported',
      'the zip uses ZIP64 records, which toolkit-sig/1 does not support (at most 65534 entries and 4 GiB)',
    );
  }
  if (centralDirectoryOffset + centralDirectorySize !== eocdOffset) {
    throw new FormatProblem(
      'ZipBadCentralDirectory',
      `the central directory (offset ${centralDirectoryOffset}, size ${centralDirectorySize}) does not end where the end-of-central-directory record starts (${eocdOffset})`,
    );
  }
  checkCentralDirectory(zip, centralDirectoryOffset, eocdOffset, entryCount);
  return {
    eocdOffset,
    commentLengthOffset: eocdOffset + 20,
    entryCount,
    centralDirectoryOffset,
    centralDirectorySize,
    comment: zip.subarray(eocdOffset + EOCD_SIZE, eocdOffset + EOCD_SIZE + commentLength),
  };
}

/** The bytes from the end of a zip that always hold its EOCD record and whole comment. */
export const ZIP_TAIL_BYTES = EOCD_SIZE + MAX_COMMENT;

/** A zip's EOCD comment read from its last bytes only (at most ZIP_TAIL_BYTES of them). */
export interface ZipTail {
  /** Offset of the EOCD comment-length field, counted from the start of `tail`. */
  commentLengthOffset: number;
  comment: Uint8Array;
}

/** Finds the EOCD comment in the last bytes of a zip; throws FormatProblem like readZipLayout when there is none. */
export function readZipTail(tail: Uint8Array): ZipTail {
  if (tail.length === 0) throw new FormatProblem('ZipEmpty', 'the zip is empty (0 bytes)');
  const eocdOffset = findEocd(tail);
  return { commentLengthOffset: eocdOffset + 20, comment: tail.subarray(eocdOffset + EOCD_SIZE) };
}

/** The last EOCD signature whose comment ends exactly at end of file. */
function findEocd(zip: Uint8Array): number {
  let trailing: number | undefined;
  const lowest = Math.max(0, zip.length - EOCD_SIZE - MAX_COMMENT);
  for (let offset = zip.length - EOCD_SIZE; offset >= lowest; offset--) {
    if (u32(zip, offset) !== EOCD_SIGNATURE) continue;
    const end = offset + EOCD_SIZE + u16(zip, offset + 20);
    if (end === zip.length) return offset;
    if (end < zip.length && trailing === undefined) trailing = zip.length - end;
  }
  if (trailing !== undefined) {
    throw new FormatProblem(
      'ZipTrailingData',
      `the zip has ${trailing} byte(s) after its end-of-central-directory record`,
    );
  }
  throw new FormatProblem('ZipNoEocd', 'the data is not a zip: no end-of-central-directory record ends at end of file');
}

function checkCentralDirectory(zip: Uint8Array, start: number, end: number, entryCount: number): void {
  let offset = start;
  // Names as latin1 strings: one character per byte, so equal strings mean equal bytes.
  const seen = new Set<string>();
  for (let index = 0; index < entryCount; index++) {
    if (offset + CENTRAL_HEADER_SIZE > end || u32(zip, offset) !== CENTRAL_HEADER_SIGNATURE) {
      throw new FormatProblem(
        'ZipBadCentralDirectory',
        `central directory entry ${index} at offset ${offset} has no valid header signature`,
      );
    }
    const localOffset = u32(zip, offset + 42);
    if (localOffset + LOCAL_HEADER_SIZE > start || u32(zip, localOffset) !== LOCAL_HEADER_SIGNATURE) {
      throw new FormatProblem(
        'ZipBadCentralDirectory',
        `central directory entry ${index} points at offset ${localOffset}, where there is no local file header`,
      );
    }
    const nameLength = u16(zip, offset + 28);
    const nameEnd = offset + CENTRAL_HEADER_SIZE + nameLength;
    if (nameEnd > end)
      throw new FormatProblem(
        'ZipBadCentralDirectory',
        `central directory entry ${index} has a name running past the central directory`,
      );
    const name = zip.subarray(offset + CENTRAL_HEADER_SIZE, nameEnd);
    checkEntryName(zip, index, name, localOffset, start);
    const key = latin1(name);
    if (seen.has(key)) throw badName(index, name, 'appears twice in the archive');
    seen.add(key);
    offset = nameEnd + u16(zip, offset + 30) + u16(zip, offset + 32);
  }
  if (offset !== end) {
    throw new FormatProblem(
      'ZipBadCentralDirectory',
      `the central directory's ${entryCount} entries end at offset ${offset}, not at ${end} as the end-of-central-directory record says`,
    );
  }
}

/**
 * An entry name that every zip reader understands the same way: the same bytes in
 * the local header as in the central directory (readers differ in which they
 * trust), relative, no `..` segment, forward slashes only, no control characters.
 */
function checkEntryName(
  zip: Uint8Array,
  index: number,
  name: Uint8Array,
  localOffset: number,
  centralStart: number,
): void {
  const localNameStart = localOffset + LOCAL_HEADER_SIZE;
  const localNameEnd = localNameStart + u16(zip, localOffset + 26);
  if (localNameEnd > centralStart || !bytesEqual(zip.subarray(localNameStart, localNameEnd), name)) {
    throw badName(
      index,
      name,
      `differs from the name in its local file header (${JSON.stringify(utf8(zip.subarray(localNameStart, Math.min(localNameEnd, centralStart))))})`,
    );
  }
  if (name.length === 0) throw badName(index, name, 'is empty');
  if (name.some((byte) => byte < 0x20 || byte === 0x7f)) throw badName(index, name, 'contains a control character');
  if (name.includes(0x5c)) throw badName(index, name, 'contains a backslash');
  const text = latin1(name);
  if (text.startsWith('/') || /^[A-Za-z]:/.test(text)) throw badName(index, name, 'is an absolute path');
  if (text.split('/').includes('..')) throw badName(index, name, 'contains a ".." path segment');
}

function badName(index: number, name: Uint8Array, problem: string): FormatProblem {
  return new FormatProblem('ZipBadEntryName', `zip entry ${index} ${JSON.stringify(utf8(name))} ${problem}`);
}

/** UTF-8 text as Buffer's `toString('utf8')` gives it: bad sequences become U+FFFD. */
function utf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
