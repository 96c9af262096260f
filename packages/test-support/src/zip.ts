import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';

// Zips for tests: an independent reader (yauzl) to check what the toolkit writes, and a
// hand-written stored zip so a test controls every byte of what it feeds in.

/** One entry as an independent reader (yauzl) sees it, plus its local header's extra length. */
export interface ReadEntry {
  name: string;
  content: Buffer;
  dosTime: number;
  dosDate: number;
  unixMode: number;
  madeByOs: number;
  method: number;
  centralExtraLength: number;
  localExtraLength: number;
}

/** Reads every entry of the zip at `path` with yauzl, in archive order. */
export function readZip(path: string): Promise<ReadEntry[]> {
  const raw = readFileSync(path);
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries: ReadEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({
              name: entry.fileName,
              content: Buffer.concat(chunks),
              dosTime: entry.lastModFileTime,
              dosDate: entry.lastModFileDate,
              unixMode: (entry.externalFileAttributes >>> 16) & 0o7777,
              madeByOs: entry.versionMadeBy >> 8,
              method: entry.compressionMethod,
              centralExtraLength: entry.extraFieldLength,
              localExtraLength: raw.readUInt16LE(entry.relativeOffsetOfLocalHeader + 28),
            });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Entry names as yauzl lists them, from a zip file's path or its bytes (yauzl finds a ZIP64 end record too). */
export function zipEntryNames(zip: string | Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const opened = (error: Error | null, file?: yauzl.ZipFile) => {
      if (error || !file) return reject(error);
      const names: string[] = [];
      file.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        file.readEntry();
      });
      file.on('end', () => resolve(names));
      file.on('error', reject);
      file.readEntry();
    };
    if (typeof zip === 'string') yauzl.open(zip, { lazyEntries: true }, opened);
    else yauzl.fromBuffer(zip, { lazyEntries: true }, opened);
  });
}

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

/** A stored zip of `files` (path → text): small, real, and different per content; enough for Lambda to take as code. */
export function storedZip(files: Record<string, string>): Buffer {
  return buildZip(Object.entries(files).map(([name, content]) => ({ name, content })));
}
