import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { NamedPieceMap, PieceMap } from './deflate-pieces.ts';
import type { HashingSink } from './hashing-sink.ts';
import { PieceSource, readsOf, SHORT_PREVIOUS_ZIP } from './piece-source.ts';
import { METHOD_DEFLATE } from './zip-format.ts';

/** An entry of an earlier zip that can be copied byte for byte: its local header, data and descriptor. */
export interface ReusableEntry {
  start: number;
  end: number;
  method: number;
  crc: number;
  size: number;
  compressedSize: number;
  mode: number;
  dataDescriptor: boolean;
}

/**
 * An earlier zip a new one may copy entries from (the previous zip of the same source, or
 * the shared zip of its installed dependencies), and which of its entries hold the same file.
 */
export interface ZipReuse {
  zip: string;
  /** Entries whose file has the same name, size, mtime, inode and mode as when that zip was made. */
  names: readonly string[];
  /** How that zip's large entries were deflated in pieces: an edited file copies its unchanged pieces. */
  pieces?: readonly NamedPieceMap[];
}

const END_RECORD_BYTES = 22;
const FLAG_DATA_DESCRIPTOR = 0x0008;

/**
 * The earlier zip of a source, opened for copying unchanged entries into its successor.
 * Every entry the toolkit writes depends only on the file's name, mode and content (no
 * offsets, no times), so copying its bytes gives exactly what compressing it again would,
 * without reading or deflating the file. ZIP64 archives and entries are not reused.
 */
export class PreviousZip {
  private constructor(
    /** Read synchronously: a zip worker does nothing else meanwhile, and a trip through the thread pool per read queued behind the other workers' writes and syncs. */
    private readonly fd: number,
    private readonly entries: ReadonlyMap<string, ReusableEntry>,
    /** The large entries whose pieces an edited file may copy, by name. */
    private readonly pieced: ReadonlyMap<string, PieceSource>,
  ) {}

  /** Opens `reuse.zip` and indexes the entries named in `reuse.names`; undefined when it cannot be read as expected. */
  static async open(reuse: ZipReuse): Promise<PreviousZip | undefined> {
    let fd: number;
    try {
      fd = openSync(reuse.zip, 'r');
    } catch {
      return undefined;
    }
    try {
      const maps = new Map((reuse.pieces ?? []).map(([name, map]) => [name, map]));
      const read = readEntries(fd, new Set(reuse.names), maps);
      if (read) return new PreviousZip(fd, read.entries, read.pieced);
    } catch {
      // An unreadable earlier zip only means compressing everything again.
    }
    closeSync(fd);
    return undefined;
  }

  /** The entry for `name` when it may be reused with `mode`. */
  get(name: string, mode: number): ReusableEntry | undefined {
    const entry = this.entries.get(name);
    return entry && entry.mode === mode ? entry : undefined;
  }

  /** The pieces of the earlier entry `name` (a large file, deflated), whatever became of the file since. */
  pieces(name: string): PieceSource | undefined {
    return this.pieced.get(name);
  }

  /**
   * Copies the zip's bytes from `start` to `end` into the sink: one entry, or a run of
   * entries that lie one after another (unchanged files between two edits), in one pass.
   */
  async copy(start: number, end: number, sink: HashingSink): Promise<void> {
    await sink.copyFrom(readsOf(this.fd), start, end - start, SHORT_PREVIOUS_ZIP);
  }

  async close(): Promise<void> {
    closeSync(this.fd);
  }
}

function readEntries(
  fd: number,
  wanted: ReadonlySet<string>,
  maps: ReadonlyMap<string, PieceMap>,
): { entries: Map<string, ReusableEntry>; pieced: Map<string, PieceSource> } | undefined {
  const { size } = fstatSync(fd);
  if (size < END_RECORD_BYTES) return undefined;
  const end = Buffer.alloc(END_RECORD_BYTES);
  readSync(fd, end, 0, END_RECORD_BYTES, size - END_RECORD_BYTES);
  // The toolkit's zips end with a comment-less end record; anything else (ZIP64 included) is not reused.
  if (end.readUInt32LE(0) !== 0x06054b50 || end.readUInt16LE(20) !== 0) return undefined;
  const count = end.readUInt16LE(10);
  const centralSize = end.readUInt32LE(12);
  const centralOffset = end.readUInt32LE(16);
  if (count === 0xffff || centralOffset === 0xffffffff || centralOffset + centralSize + END_RECORD_BYTES !== size)
    return undefined;
  const central = Buffer.alloc(centralSize);
  readSync(fd, central, 0, centralSize, centralOffset);
  const records: Array<ReusableEntry & { name: string; reusable: boolean }> = [];
  for (let at = 0, i = 0; i < count; i++) {
    if (central.readUInt32LE(at) !== 0x02014b50) return undefined;
    const nameLength = central.readUInt16LE(at + 28);
    const extraLength = central.readUInt16LE(at + 30);
    const commentLength = central.readUInt16LE(at + 32);
    const name = central.toString('utf8', at + 46, at + 46 + nameLength);
    records.push({
      name,
      // An entry with extra fields is a ZIP64 one: its sizes are not in the fields read here.
      reusable: extraLength === 0 && wanted.has(name),
      start: central.readUInt32LE(at + 42),
      end: 0,
      method: central.readUInt16LE(at + 10),
      crc: central.readUInt32LE(at + 16),
      compressedSize: central.readUInt32LE(at + 20),
      size: central.readUInt32LE(at + 24),
      mode: (central.readUInt32LE(at + 38) >>> 16) & 0o777,
      dataDescriptor: (central.readUInt16LE(at + 8) & FLAG_DATA_DESCRIPTOR) !== 0,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  // Entries are written one after another, so each one ends where the next begins.
  const entries = new Map<string, ReusableEntry>();
  const pieced = new Map<string, PieceSource>();
  records.forEach((record, i) => {
    const { name, reusable, ...entry } = record;
    entry.end = records[i + 1]?.start ?? centralOffset;
    if (reusable && entry.end > entry.start) entries.set(name, entry);
    const map = maps.get(name);
    // A map that does not add up to the entry it names (another zip's, an edited index) is not used.
    if (map && entry.method === METHOD_DEFLATE && sum(map.lengths) === entry.compressedSize)
      pieced.set(name, new PieceSource(fd, entry, map));
  });
  return { entries, pieced };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, n) => total + n, 0);
}
