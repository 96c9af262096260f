import { CHUNK_BYTES, chunkBuffers, ChunkedEntry, type ChunkBuffers } from './chunked-entry.ts';
import { copiedRun } from './copied-runs.ts';
import type { DeflateMemo } from './deflate-memo.ts';
import type { NamedPieceMap } from './deflate-pieces.ts';
import { InlineDeflater, PooledDeflater } from './deflaters.ts';
import { compressInMemory, chooseStreamMethod, streamFileData } from './entry-data.ts';
import type { WalkedFile } from './directory-walk.ts';
import type { HashingSink } from './hashing-sink.ts';
import type { PieceSource } from './piece-source.ts';
import { PreviousZip, type ReusableEntry, type ZipReuse } from './previous-zip.ts';
import { ZipWriter, type BufferedData } from './zip-writer.ts';

/** Files up to this size are read and deflated whole; larger ones are streamed. */
const IN_MEMORY_MAX_BYTES = 1 << 20;
/** Read-ahead: small files being read/deflated while earlier entries are written. */
const READ_AHEAD_FILES = 32;
const READ_AHEAD_BYTES = 8 << 20;
/** Deflate streams per archive: libuv's default pool has 4 threads. */
const DEFLATE_STREAMS = 4;

/**
 * Input between two calls of {@link ZipOptions.reclaim}. A worker's heap is a few MB, so a
 * full collection costs about 2 ms: every 4 MiB kept a 250 MB function's build within
 * 10 % of a 25 MB one's memory (every 32 MiB: 20 %), for 2 % more time.
 */
export const RECLAIM_EVERY_BYTES = 4 << 20;

/** Options for writing one archive. */
export interface ZipOptions {
  /** zlib level, 0 (store everything) to 9; default 6. */
  level?: number;
  /**
   * Deflate small files on the calling thread instead of libuv's pool: right for a zip
   * worker (a third less CPU per file), wrong for a thread that must stay responsive.
   */
  inlineDeflate?: boolean;
  /** Called after every {@link RECLAIM_EVERY_BYTES} of input: where a zip worker collects its garbage. */
  reclaim?: () => void;
  /**
   * Called instead after every {@link RECLAIM_EVERY_BYTES} copied from earlier zips: the
   * windows they are read through die young, so a young-generation collection frees them.
   */
  reclaimYoung?: () => void;
  /**
   * Earlier zips holding some of these files (the source's previous zip, its dependencies'
   * shared zip): those entries are copied, not read and deflated again. The first that holds a file wins.
   */
  reuse?: readonly ZipReuse[];
  /** Remembers deflated contents across the archives this thread writes (see {@link DeflateMemo}). */
  deflateMemo?: DeflateMemo;
}

/** What writing an archive made: its digest and size, entries, and what it copied from earlier zips. */
export interface ZipResult {
  sha256: string;
  size: number;
  entries: number;
  /** Entries copied whole from an earlier zip. */
  reused: number;
  /** Pieces of large edited files copied from their earlier entry instead of deflated. */
  reusedPieces: number;
  /** How each large deflated entry was cut into pieces, for the next build to reuse. */
  pieces: NamedPieceMap[];
}

/**
 * Writes `files` (already sorted) as a zip into `sink`. Small files are read and
 * deflated ahead (on the libuv pool, several at a time, or inline on a worker) while
 * earlier ones are written in order; large files go through deflate a chunk at a time, so
 * memory stays bounded by the read-ahead.
 */
export async function zipFiles(
  files: readonly WalkedFile[],
  sink: HashingSink,
  options: ZipOptions = {},
): Promise<ZipResult> {
  const level = options.level ?? 6;
  const opened = await Promise.all((options.reuse ?? []).map((reuse) => PreviousZip.open(reuse)));
  const previous = opened.filter((zip) => zip !== undefined);
  try {
    return await writeEntries(files, sink, options, level, previous);
  } finally {
    await Promise.all(previous.map((zip) => zip.close()));
  }
}

/** The pieces of `name`'s entry in the first earlier zip that has them. */
function earlierPieces(previous: readonly PreviousZip[], name: string): PieceSource | undefined {
  for (const zip of previous) {
    const pieces = zip.pieces(name);
    if (pieces) return pieces;
  }
  return undefined;
}

/** The earlier zip and entry to copy for `file`, if any holds it. */
function reusable(previous: readonly PreviousZip[], file: WalkedFile): [PreviousZip, ReusableEntry] | undefined {
  for (const zip of previous) {
    const entry = zip.get(file.name, file.mode);
    if (entry) return [zip, entry];
  }
  return undefined;
}

async function writeEntries(
  files: readonly WalkedFile[],
  sink: HashingSink,
  options: ZipOptions,
  level: number,
  previous: readonly PreviousZip[],
): Promise<ZipResult> {
  let reused = 0;
  let reusedPieces = 0;
  const pieces: NamedPieceMap[] = [];
  const writer = new ZipWriter(sink);
  const deflater = options.inlineDeflate ? new InlineDeflater(level) : new PooledDeflater(level, DEFLATE_STREAMS);
  const smallFiles = options.deflateMemo ? options.deflateMemo.wrap(deflater, level) : deflater;
  const ahead = new Map<number, Promise<BufferedData>>();
  let next = 0;
  let aheadBytes = 0;
  let sinceReclaim = 0;
  let sinceYoung = 0;
  let buffers: ChunkBuffers | undefined;
  const fill = (current: number): void => {
    while (
      next < files.length &&
      next - current < READ_AHEAD_FILES &&
      (next === current || aheadBytes < READ_AHEAD_BYTES)
    ) {
      const file = files[next] as WalkedFile;
      if (file.size <= IN_MEMORY_MAX_BYTES && !reusable(previous, file)) {
        const pending = compressInMemory(file.path, file.size, level, smallFiles);
        pending.catch(() => {}); // awaited in order below; an early failure must not count as unhandled
        ahead.set(next, pending);
        aheadBytes += file.size;
      }
      next++;
    }
  };
  {
    for (let i = 0; i < files.length; i++) {
      fill(i);
      const file = files[i] as WalkedFile;
      const header = { nameBytes: Buffer.from(file.name, 'utf8'), mode: file.mode };
      const pending = ahead.get(i);
      const copied = pending ? undefined : reusable(previous, file);
      // What an entry held in memory: the bytes deflated, and those copied from an earlier zip.
      let held = file.size;
      let copiedBytes = 0;
      if (copied) {
        const run = copiedRun(files, i, copied, (f) => reusable(previous, f), RECLAIM_EVERY_BYTES);
        const entries = run.entries.map((entry, k) => {
          const named = files[i + k] as WalkedFile;
          // The copy is the same entry: its pieces stay reusable by the next edit.
          const map = run.zip.pieces(named.name)?.map;
          if (map) pieces.push([named.name, map]);
          const nameBytes = k === 0 ? header.nameBytes : Buffer.from(named.name, 'utf8');
          return { header: { nameBytes, mode: named.mode }, entry, at: entry.start - run.start };
        });
        await writer.addCopiedRun(entries, (s) => run.zip.copyRange(run.start, run.end, s));
        reused += entries.length;
        i += entries.length - 1;
        held = 0;
        copiedBytes = run.end - run.start;
      } else if (pending) {
        ahead.delete(i);
        const data = await pending;
        aheadBytes -= file.size;
        await writer.addBuffered(header, data);
      } else if (options.inlineDeflate && level > 0) {
        const earlier = earlierPieces(previous, file.name);
        const entry = ChunkedEntry.open(file.path, file.size, level, (buffers ??= chunkBuffers()), earlier);
        try {
          await writer.addStreamed(header, entry.method, file.size, (s) => entry.writeTo(s));
        } finally {
          entry.close();
        }
        reusedPieces += entry.reusedPieces;
        copiedBytes = entry.reusedPieces * CHUNK_BYTES;
        held = file.size - copiedBytes;
        const map = entry.pieces();
        if (map) pieces.push([file.name, map]);
      } else {
        const method = await chooseStreamMethod(file.path, file.size, level, deflater);
        await writer.addStreamed(header, method, file.size, (s) =>
          streamFileData(file.path, file.size, method, level, s),
        );
      }
      sinceReclaim += held;
      sinceYoung += copiedBytes;
      if (options.reclaim && sinceReclaim >= RECLAIM_EVERY_BYTES) {
        sinceReclaim = 0;
        sinceYoung = 0;
        options.reclaim();
      } else if (sinceYoung >= RECLAIM_EVERY_BYTES) {
        sinceYoung = 0;
        (options.reclaimYoung ?? options.reclaim)?.();
      }
    }
    return { ...(await writer.finish()), reused, reusedPieces, pieces };
  }
}
