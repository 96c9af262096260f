import { unlink } from 'node:fs/promises';
import { cachedZipPath } from './cache-zip.ts';
import type { BuildIndex } from './stat-index.ts';

/**
 * Deletes the zips earlier builds replaced: a source's previous zip once a newer one was
 * indexed. The cache then holds each source's last zip and the one before it, rather than
 * every zip ever built (a 70 MB function rebuilt a hundred times left 7 GB behind).
 *
 * It starts when the index is read, before this build writes any zip: a zip this build makes
 * again under the same digest is written anew, never deleted after. Deleting then, rather
 * than when the zip was replaced, also lets the new zips reuse the memory the deleted files'
 * cached pages held; on a virtual machine, writing into memory the kernel has not touched
 * lately costs several times the copy itself (a 70 MB zip: about 0.2 s against 0.02 s).
 *
 * A digest a record names again (a source edited back) is kept. The unlinks run on the
 * thread pool (freeing a large file's blocks takes milliseconds) while the build walks its
 * sources; a zip of this build waits for them before it takes its name (see zipIntoCache).
 */
export async function removeReplacedZips(buildDir: string, index: BuildIndex): Promise<void> {
  const named = new Set([...index.records.values()].map((record) => record.sha256));
  await Promise.all(
    index.replaced
      .filter((sha256) => !named.has(sha256))
      .map((sha256) => unlink(cachedZipPath(buildDir, sha256)).catch(() => {})), // already gone: nothing to do
  );
}
