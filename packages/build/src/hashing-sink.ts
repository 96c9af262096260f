import { createHash, type Hash } from 'node:crypto';
import { writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/**
 * Where zip bytes go: a file handle, a file descriptor written synchronously (on a zip
 * worker, whose thread has nothing else to do, so no write waits in the thread pool behind
 * the other workers' syncs), or any writable stream.
 */
export type SinkTarget =
  { kind: 'file'; handle: FileHandle } | { kind: 'fd'; fd: number } | { kind: 'stream'; stream: NodeJS.WritableStream };

/**
 * Reads up to `length` bytes at `position` of a file into `into` at `offset`; gives the
 * count read, 0 at the end of the file.
 */
export type ReadAt = (into: Buffer, offset: number, length: number, position: number) => number | Promise<number>;

/** Bytes are batched into writes of this size; small records would otherwise cost a system call each. */
const BATCH_BYTES = 1 << 20;

/**
 * Counts, SHA-256-hashes and writes the archive in one pass (no re-read). Bytes gather in
 * one buffer, the sink's for its whole life, which is hashed and written out when full: a
 * rebuild that copies 70 MB of an earlier zip reads it straight into that buffer
 * ({@link copyFrom}) and leaves no garbage (a fresh buffer per read cost it a tenth of its
 * time in collections).
 *
 * A file is written synchronously: the sink runs on a build worker, whose thread has
 * nothing else to do, and a write handed to libuv's pool cost two thread wake-ups per MiB,
 * which on a loaded machine left the worker waiting most of a rebuild. A stream is given a
 * copy of each batch (it may hold on to what it is given) with back-pressure.
 */
export class HashingSink {
  private readonly hash: Hash = createHash('sha256');
  private readonly batch = Buffer.allocUnsafe(BATCH_BYTES);
  private filled = 0;
  /** A stream write waiting for 'drain'. */
  private draining: Promise<void> = Promise.resolve();
  /** Bytes written so far: the offset of the next byte in the archive. */
  offset = 0;

  private streamError: Error | undefined;

  constructor(private readonly target: SinkTarget) {
    // A stream error between writes would otherwise be an unhandled 'error' event.
    if (target.kind === 'stream') target.stream.once('error', (error: Error) => (this.streamError = error));
  }

  /** Queues `chunk` (copied: the caller may reuse it); resolves once earlier batches are on their way, which gives back-pressure. */
  async write(chunk: Buffer): Promise<void> {
    for (let at = 0; at < chunk.length;) {
      const copied = chunk.copy(this.batch, this.filled, at);
      at += copied;
      await this.advance(copied);
    }
  }

  /**
   * Appends `length` bytes of a file from `position`, read with `read` straight into the
   * batch: a run of entries of an earlier zip costs one read per MiB and no buffer.
   * A file that ends early is an error: `shortMessage` says which.
   */
  async copyFrom(read: ReadAt, position: number, length: number, shortMessage: string): Promise<void> {
    for (let done = 0; done < length;) {
      const want = Math.min(length - done, BATCH_BYTES - this.filled);
      const bytesRead = await read(this.batch, this.filled, want, position + done);
      if (bytesRead <= 0) throw new Error(shortMessage);
      done += bytesRead;
      await this.advance(bytesRead);
    }
  }

  /** Writes out everything queued and returns the archive's digest and size. */
  async finish(): Promise<{ sha256: string; size: number }> {
    await this.flush();
    await this.draining;
    return { sha256: this.hash.digest('hex'), size: this.offset };
  }

  /** Counts `bytes` just put into the batch, and writes the batch out when it is full. */
  private async advance(bytes: number): Promise<void> {
    this.filled += bytes;
    this.offset += bytes;
    if (this.filled === BATCH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.filled === 0) return;
    const batch = this.batch.subarray(0, this.filled);
    this.hash.update(batch);
    this.filled = 0;
    if (this.target.kind === 'fd' || this.target.kind === 'file') {
      const fd = this.target.kind === 'fd' ? this.target.fd : this.target.handle.fd;
      for (let written = 0; written < batch.length;) written += writeSync(fd, batch, written, batch.length - written);
      return;
    }
    await this.draining;
    const stream = this.target.stream;
    if (this.streamError) throw this.streamError;
    if (stream.write(Buffer.from(batch))) return;
    this.draining = new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        stream.off('drain', done);
        stream.off('error', done);
        if (error) reject(error);
        else resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
    });
    // A failed stream surfaces at the next flush or at finish; keep it from being "unhandled" meanwhile.
    this.draining.catch(() => {});
  }
}
