import { closeSync, openSync, readSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { OperationError, messages } from '@toolkit/core';
import { pieceDigest, type PieceMap } from './deflate-pieces.ts';
import type { HashingSink } from './hashing-sink.ts';
import type { PieceSource } from './piece-source.ts';
import { METHOD_DEFLATE, METHOD_STORE } from './zip-format.ts';
import type { StreamedResult } from './zip-writer.ts';

/** Bytes read and deflated at a time: the size of every piece but a file's last. */
export const CHUNK_BYTES = 1 << 20;
/** Deflate's window: each chunk is primed with this much of the one before. */
const WINDOW_BYTES = 32 * 1024;
/** A file is stored when deflating its first chunk saves less than this fraction. */
const MIN_SAVING = 0.02;

/** The read buffer and deflate window that one archive's chunked entries share. */
export interface ChunkBuffers {
  chunk: Buffer;
  window: Buffer;
}

export function chunkBuffers(): ChunkBuffers {
  return { chunk: Buffer.allocUnsafe(CHUNK_BYTES), window: Buffer.allocUnsafe(WINDOW_BYTES) };
}

/**
 * A file too large to hold whole, deflated a chunk at a time on the calling thread, as
 * pigz does: every chunk but the last ends in a sync flush (byte-aligned, not final) and
 * the next is primed with the previous 32 KB, so the pieces concatenate into one deflate
 * stream within a few bytes of a single pass, with one reused read buffer and no zlib
 * stream objects. For build workers, whose thread has nothing else to do.
 *
 * Each piece's digest and compressed length are kept ({@link pieces}): given the earlier
 * entry of the same file, a piece whose input did not change is copied from it instead of
 * deflated (an append to a 12 MB bundle deflates its last MiB, not twelve).
 */
export class ChunkedEntry {
  private readonly chunk: Buffer;
  private readonly window: Buffer;
  private read = 0;
  private crc = 0;
  private closed = false;
  /** The first piece: deflated or stored bytes, or the index of the earlier entry's piece to copy. */
  private first: Buffer | number;
  private readonly digests: string[] = [];
  private readonly lengths: number[] = [];
  /** Pieces copied from the earlier entry rather than deflated. */
  reusedPieces = 0;
  /** Deflate, unless the first chunk showed the data does not compress. */
  readonly method: number;

  private constructor(
    private readonly path: string,
    private readonly size: number,
    private readonly level: number,
    private readonly fd: number,
    buffers: ChunkBuffers,
    private readonly previous: PieceSource | undefined,
  ) {
    this.chunk = buffers.chunk;
    this.window = buffers.window;
    const raw = this.next();
    // A first piece the earlier entry deflated was found worth deflating then: the same bytes decide the same now.
    const copied = this.reusable(raw);
    if (copied !== undefined) {
      this.method = METHOD_DEFLATE;
      this.first = copied;
      return;
    }
    const deflated = this.deflate(raw, false);
    this.method = deflated.length <= raw.length * (1 - MIN_SAVING) ? METHOD_DEFLATE : METHOD_STORE;
    this.first = this.method === METHOD_DEFLATE ? deflated : Buffer.from(raw);
  }

  /**
   * Opens `path` (of `size` bytes, more than one chunk) and reads its first chunk to pick
   * the method. `buffers` are reused by every entry of an archive, one entry after another.
   * `previous`, the file's entry in an earlier zip, lends the pieces that did not change.
   */
  static open(path: string, size: number, level: number, buffers: ChunkBuffers, previous?: PieceSource): ChunkedEntry {
    const fd = openSync(path, 'r');
    try {
      return new ChunkedEntry(path, size, level, fd, buffers, previous);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Writes the entry's data into `sink`, then closes the file. */
  async writeTo(sink: HashingSink): Promise<StreamedResult> {
    let compressedSize = 0;
    // A piece of the earlier entry (by index) is copied into the sink from that zip.
    const put = async (data: Buffer | number): Promise<void> => {
      if (typeof data === 'number') compressedSize += await (this.previous as PieceSource).copyTo(data, sink);
      else {
        compressedSize += data.length;
        await sink.write(data);
      }
    };
    try {
      await put(this.first);
      this.first = Buffer.alloc(0);
      while (this.read < this.size) {
        const raw = this.next();
        // The sink copies what it is given before the next read reuses the buffer.
        await put(this.method === METHOD_DEFLATE ? (this.reusable(raw) ?? this.deflate(raw, true)) : raw);
      }
      if (readSync(this.fd, this.window, 0, 1, null) !== 0) throw this.changed();
    } finally {
      this.close();
    }
    return { crc: this.crc, size: this.size, compressedSize };
  }

  /** How the entry was deflated in pieces, once written; undefined when it is stored. */
  pieces(): PieceMap | undefined {
    return this.method === METHOD_DEFLATE
      ? { level: this.level, digests: this.digests, lengths: this.lengths }
      : undefined;
  }

  /** Closes the file (again is a no-op). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  /** Reads the next chunk (the reused buffer; valid until the next call) and folds it into the CRC. */
  private next(): Buffer {
    const length = Math.min(CHUNK_BYTES, this.size - this.read);
    let filled = 0;
    while (filled < length) {
      const n = readSync(this.fd, this.chunk, filled, length - filled, null);
      if (n === 0) throw this.changed();
      filled += n;
    }
    this.read += length;
    const raw = this.chunk.subarray(0, length);
    this.crc = crc32(raw, this.crc);
    return raw;
  }

  /**
   * The index of the earlier entry's piece for `raw`, the chunk just read, when its input
   * was the same (see {@link PieceSource.reusable}); records the chunk's digest either way.
   */
  private reusable(raw: Buffer): number | undefined {
    const index = this.digests.length;
    const digest = pieceDigest(raw);
    this.digests.push(digest);
    const last = this.read === this.size;
    if (last || !this.previous?.reusable(this.level, index, digest, this.digests[index - 1])) return undefined;
    this.lengths.push(this.previous.map.lengths[index] as number);
    this.reusedPieces++;
    this.keepWindow(raw);
    return index;
  }

  /** Deflates `raw`, the chunk just read; `primed` when a chunk came before it. */
  private deflate(raw: Buffer, primed: boolean): Buffer {
    const last = this.read === this.size;
    const out = deflateRawSync(raw, {
      level: this.level,
      finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      ...(primed ? { dictionary: this.window } : {}),
    });
    this.lengths.push(out.length);
    this.keepWindow(raw);
    return out;
  }

  /** The window for the next chunk: the last 32 KB of the data so far. */
  private keepWindow(raw: Buffer): void {
    if (raw.length >= WINDOW_BYTES) raw.copy(this.window, 0, raw.length - WINDOW_BYTES);
  }

  private changed(): OperationError {
    return new OperationError(
      messages.BuildFileChanged,
      `${this.path} changed while it was being zipped; build again once it is stable.`,
    );
  }
}
