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
 * On failure the temp file is removed.
 */
export async function writeHashedFile(body: Readable | Buffer, tmpDir: string): Promise<HashedFile> {
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
        writeAll(handle, chunks.map((entry) => entry.chunk as Buffer)).then(() => done(), done);
      },
    });
    await pipeline(source, hasher, sink);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(path, { force: true });
    throw error;
  }
  await handle.close();
  return { path, sha256: sha256.digest('hex'), md5: md5.digest('hex'), size };
}

async function writeAll(handle: FileHandle, chunks: Buffer[]): Promise<void> {
  let pending = chunks;
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending);
    // Short writes are rare; drop what was written and go on with the rest.
    while (pending.length > 0 && bytesWritten >= (pending[0] as Buffer).length) {
      bytesWritten -= (pending[0] as Buffer).length;
      pending = pending.slice(1);
    }
    if (bytesWritten > 0 && pending.length > 0) pending = [(pending[0] as Buffer).subarray(bytesWritten), ...pending.slice(1)];
  }
}
