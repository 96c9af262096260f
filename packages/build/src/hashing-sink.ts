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

/** Bytes are batched into writes of about this size; small records would otherwise cost a syscall each. */
const BATCH_BYTES = 1 << 20;

/**
 * Counts, SHA-256-hashes and writes the archive in one pass (no re-read), batching
 * small writes and keeping at most one batch in flight so deflate and disk overlap.
 */
export class HashingSink {
  private readonly hash: Hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private inFlight: Promise<void> = Promise.resolve();
  /** Bytes written so far: the offset of the next byte in the archive. */
  offset = 0;

  private streamError: Error | undefined;

  constructor(private readonly target: SinkTarget) {
    // A stream error between writes would otherwise be an unhandled 'error' event.
    if (target.kind === 'stream') target.stream.once('error', (error: Error) => (this.streamError = error));
  }

  /** Queues `chunk`; resolves once earlier batches are on their way, which gives back-pressure. */
  async write(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    // Entries copied from an earlier zip are slices of one read, one after another: joined
    // back into one view, a run of them is hashed and written without being copied again.
    const last = this.pending.at(-1);
    if (last && last.buffer === chunk.buffer && last.byteOffset + last.length === chunk.byteOffset)
      this.pending[this.pending.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + chunk.length);
    else this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= BATCH_BYTES) await this.flush();
  }

  /** Writes out everything queued and returns the archive's digest and size. */
  async finish(): Promise<{ sha256: string; size: number }> {
    await this.flush();
    await this.inFlight;
    return { sha256: this.hash.digest('hex'), size: this.offset };
  }

  private async flush(): Promise<void> {
    await this.inFlight;
    if (this.pendingBytes === 0) return;
    const batch =
      this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.hash.update(batch); // once per batch: hashing each small header separately costs more than the hash
    this.inFlight = this.send(batch);
    // A failed write surfaces at the next flush or at finish; keep it from being "unhandled" meanwhile.
    this.inFlight.catch(() => {});
  }

  private async send(batch: Buffer): Promise<void> {
    if (this.target.kind === 'fd') {
      for (let written = 0; written < batch.length;)
        written += writeSync(this.target.fd, batch, written, batch.length - written);
      return;
    }
    if (this.target.kind === 'file') {
      let written = 0;
      while (written < batch.length) {
        const { bytesWritten } = await this.target.handle.write(batch, written, batch.length - written);
        written += bytesWritten;
      }
      return;
    }
    const stream = this.target.stream;
    if (this.streamError) throw this.streamError;
    if (stream.write(batch)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        stream.off('drain', done);
        stream.off('error', done);
        if (error) reject(error);
        else resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
    });
  }
}
