import { open, rm } from 'node:fs/promises';
import { walkDirectory } from './directory-walk.ts';
import { HashingSink } from './hashing-sink.ts';
import { zipFiles, type ZipOptions } from './zip-files.ts';

/** Digest, byte size and entry count of a written archive. */
export interface ZipSummary {
  sha256: string;
  size: number;
  entries: number;
}

/**
 * Zips folder `dir` deterministically (sorted entries, 1980-01-01 timestamps, modes
 * 0644/0755, no directory entries, symlinks followed) into a file path or a writable
 * stream. A stream is ended once the archive is complete; on failure it is left open for
 * the caller to destroy, and a file output is removed.
 */
export async function zipDirectory(dir: string, output: NodeJS.WritableStream | string, options: ZipOptions = {}): Promise<ZipSummary> {
  const files = await walkDirectory(dir);
  if (typeof output !== 'string') {
    const summary = await zipFiles(files, new HashingSink({ kind: 'stream', stream: output }), options);
    await new Promise<void>((resolve) => output.end(resolve));
    return summary;
  }
  const handle = await open(output, 'w', 0o644);
  let summary: ZipSummary;
  try {
    summary = await zipFiles(files, new HashingSink({ kind: 'file', handle }), options);
  } catch (error) {
    await handle.close();
    await rm(output, { force: true }); // never leave half an archive behind
    throw error;
  }
  await handle.close();
  return summary;
}
