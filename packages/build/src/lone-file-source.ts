import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { IoHost } from '@toolkit/core';
import type { BuildWorkers } from './build-workers.ts';
import { buildDirectorySource, type StatCache } from './directory-source.ts';
import type { SourceOutcome } from './source-outcome.ts';
import { statSource } from './source-stat.ts';
import { stagingDir, syncLinks } from './workflows/staging-folder.ts';
import { useZipFileSource, ZIP_MAGICS } from './zip-file-source.ts';

/** Names that say a file is an archive: one that is not a zip is broken, not code to zip. */
const ARCHIVE_NAME = /\.(zip|jar)$/i;

/**
 * A code source that is a file: a zip is used as it is; any other file is zipped alone, under
 * its own name, as `sam package` and `aws cloudformation package` zip a function's or layer's
 * lone file (their FORCE_ZIP). It is zipped as a staging folder holding a link to it alone, so
 * the zip, the stat cache and the messages are a folder's. A file named `.zip` or `.jar` that
 * does not start as a zip is refused, as a broken archive.
 */
export async function useFileSource(
  path: string,
  buildDir: string,
  cache: StatCache,
  workers: BuildWorkers,
  io: IoHost,
): Promise<SourceOutcome> {
  const st = await statSource(path);
  if (!st.isFile() || ARCHIVE_NAME.test(path) || (await startsAsZip(path))) return useZipFileSource(path, cache);
  const stage = stagingDir(buildDir, `lone-file:${path}`);
  await syncLinks(stage, new Map([[basename(path), path]]));
  return buildDirectorySource(stage, buildDir, cache, workers, io);
}

async function startsAsZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return ZIP_MAGICS.some((magic) => head.subarray(0, bytesRead).equals(magic));
  } finally {
    await handle.close();
  }
}
