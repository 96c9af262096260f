import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { WalkedFile } from './directory-walk.ts';
import { HashingSink } from './hashing-sink.ts';
import { zipFiles, type ZipOptions, type ZipResult } from './zip-files.ts';

/** Digest, byte size and entry count of a written archive, and what it copied from earlier zips. */
export type ZipSummary = Omit<ZipResult, 'pieces'>;

/**
 * Zips `files` into a new file at `path` (which must not exist), flushed to disk before
 * it resolves unless `durable` is false (a temp zip that only this build reads back, which
 * a crash may lose). On failure the partial file is removed. Runs on a zip worker, so its
 * file is written synchronously (see `SinkTarget`).
 */
export async function zipToNewFile(
  files: readonly WalkedFile[],
  path: string,
  options: ZipOptions = {},
  durable = true,
): Promise<ZipResult> {
  // Private: the archive holds the user's code, and may sit in a shared folder.
  const fd = openSync(path, 'wx', 0o600);
  let summary: ZipResult;
  try {
    summary = await zipFiles(files, new HashingSink({ kind: 'fd', fd }), options);
    if (durable) fdatasyncSync(fd);
  } catch (error) {
    closeSync(fd);
    await rm(path, { force: true }); // never leave half an archive behind
    throw error;
  }
  closeSync(fd);
  return summary;
}
