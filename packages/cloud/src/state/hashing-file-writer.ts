import { createHash, randomBytes } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FILE_MODE } from './state-dir.ts';

/** A body written to a temp file, fsynced, with its digests. */
export interface HashedFile {
  path: string;
  sha256: string;
  md5: string;
  size: number;
}

/**
 * Streams `body` into a new 0600 file under `tmpDir`, computing SHA-256 and MD5 on
 * the way and fsyncing before it resolves. The caller renames the file into place.
 * `verify` sees the finished file first and may refuse it by throwing.
 * On failure the temp file is removed.
 */
export async function writeHashedFile(
  body: Readable | Buffer,
  tmpDir: string,
  verify?: (file: HashedFile) => void,
): Promise<HashedFile> {
  const path = join(tmpDir, `${Date.now().toString(36)}-${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(path, 'wx', FILE_MODE);
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  try {
    const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sha256.update(chunk);
        md5.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    // Writes straight through the handle (kept open for the fsync), batching queued chunks.
    const sink = new Writable({
      highWaterMark: 1024 * 1024,
      writev(chunks, done) {
        writeAll(
          handle,
          chunks.map((entry) => entry.chunk as Buffer),
        ).then(() => done(), done);
      },
    });
    await pipeline(source, hasher, sink);
    await handle.sync();
    await handle.close();
    const file = { path, sha256: sha256.digest('hex'), md5: md5.digest('hex'), size };
    verify?.(file);
    return file;
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(path, { force: true });
    throw error;
  }
}

async function writeAll(handle: FileHandle, chunks: Buffer[]): Promise<void> {
  // An index, not shifting the array: a batch can hold tens of thousands of tiny chunks.
  let next = 0;
  let pending = chunks;
  while (next < pending.length) {
    let { bytesWritten } = await handle.writev(next === 0 ? pending : pending.slice(next));
    // Short writes (or the kernel's IOV_MAX cap) write a prefix; go on after it.
    while (next < pending.length && bytesWritten >= (pending[next] as Buffer).length) {
      bytesWritten -= (pending[next] as Buffer).length;
      next++;
    }
    if (bytesWritten > 0 && next < pending.length) {
      pending = [(pending[next] as Buffer).subarray(bytesWritten), ...pending.slice(next + 1)];
      next = 0;
    }
  }
}
