import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { walkDirectory } from './directory-walk.ts';
import { HashingSink } from './hashing-sink.ts';
import { zipFiles, type ZipOptions } from './zip-files.ts';
import type { ZipSummary } from './zip-to-file.ts';
import { BuildWorkers } from './build-workers.ts';

export type { ZipSummary } from './zip-to-file.ts';

/**
 * Zips folder `dir` deterministically (sorted entries, 1980-01-01 timestamps, modes
 * 0644/0755, no directory entries, symlinks followed) into a file path or a writable
 * stream. A file is written on a build worker to a temp file beside it and renamed into
 * place, so it is never seen half-written. A stream is zipped on this thread and ended
 * once the archive is complete; on failure it is left open for the caller to destroy.
 */
export async function zipDirectory(
  dir: string,
  output: NodeJS.WritableStream | string,
  options: ZipOptions = {},
): Promise<ZipSummary> {
  const files = await walkDirectory(dir);
  if (typeof output !== 'string') {
    const { pieces: _pieces, ...summary } = await zipFiles(
      files,
      new HashingSink({ kind: 'stream', stream: output }),
      options,
    );
    await new Promise<void>((resolve) => output.end(resolve));
    return summary;
  }
  const temp = `${output}.${randomBytes(6).toString('hex')}.tmp`;
  const workers = new BuildWorkers(1);
  try {
    const { pieces: _pieces, ...summary } = await workers.zipToNewFile(files, temp, options);
    await rename(temp, output);
    return summary;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    await workers.close();
  }
}
