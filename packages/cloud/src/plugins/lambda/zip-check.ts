const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/**
 * Whether the bytes can be opened as a zip the way unzip tools do: an
 * end-of-central-directory record near the end whose central directory starts
 * with a central header. Deliberately lenient (trailing bytes allowed), so a
 * tampered signed zip still reaches the signature check.
 */
export function isZipArchive(bytes: Buffer): boolean {
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT - 1024);
  for (let offset = bytes.length - EOCD_SIZE; offset >= lowest; offset--) {
    if (bytes.readUInt32LE(offset) !== EOCD_SIGNATURE) continue;
    const entries = bytes.readUInt16LE(offset + 10);
    const size = bytes.readUInt32LE(offset + 12);
    const start = bytes.readUInt32LE(offset + 16);
    if (start + size > offset) continue;
    if (entries === 0) return size === 0;
    if (bytes.readUInt32LE(start) === CENTRAL_HEADER_SIGNATURE) return true;
  }
  return false;
}
