/**
 * A copy of `zip` with one byte of its first entry's stored data flipped: the
 * archive stays well-formed (sizes, offsets and comment untouched), only the
 * content changed since signing.
 */
export function flipByteInFirstEntry(zip: Buffer): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip: no end of central directory record');
  // Sizes come from the central directory: a streamed local header may hold zeros (data descriptor).
  const central = zip.readUInt32LE(eocd + 16);
  if (zip.readUInt32LE(central) !== 0x02014b50) throw new Error('not a zip: bad central directory');
  const compressedSize = zip.readUInt32LE(central + 20);
  const localHeader = zip.readUInt32LE(central + 42);
  const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
  if (compressedSize === 0) throw new Error('the first entry holds no data to alter');
  const tampered = Buffer.from(zip);
  const at = dataStart + Math.floor(compressedSize / 2);
  tampered[at] = (tampered[at] ?? 0) ^ 0xff;
  return tampered;
}
