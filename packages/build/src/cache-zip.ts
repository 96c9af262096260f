import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { WalkedFile } from './directory-walk.ts';
import type { ZipResult } from './zip-files.ts';
import type { BuildWorkers } from './build-workers.ts';
import { CACHE_FILE_MODE } from './build-dir.ts';
import type { ZipReuse } from './previous-zip.ts';

/** Where the build cache keeps the zip with digest `sha256`. */
export function cachedZipPath(buildDir: string, sha256: string): string {
  return join(buildDir, `${sha256}.zip`);
}

/**
 * True when the cache holds the zip `sha256` with the expected size (a cheap stat, no read).
 * A zip an older build left readable by others is made private on the way.
 */
export async function cachedZipExists(buildDir: string, sha256: string, size: number): Promise<boolean> {
  const path = cachedZipPath(buildDir, sha256);
  try {
    const st = await stat(path);
    if (!st.isFile() || st.size !== size) return false;
    if ((st.mode & 0o077) !== 0) await chmod(path, CACHE_FILE_MODE);
    return true;
  } catch {
    return false;
  }
}

/**
 * Zips `files` into the cache as `<sha256>.zip`: written to a temp file in the same folder,
 * fsynced, then renamed, so a reader never sees half an archive. Identical content lands
 * on the same name, so a rename over an existing zip replaces it with the same bytes. The
 * rename waits for `deletions` (of zips earlier builds replaced) to settle.
 */
export async function zipIntoCache(
  files: readonly WalkedFile[],
  buildDir: string,
  workers: BuildWorkers,
  reuse: readonly ZipReuse[] = [],
  deletions: Promise<void> = Promise.resolve(),
): Promise<ZipResult & { zip: string }> {
  const temp = join(buildDir, `.${randomBytes(8).toString('hex')}.zip.tmp`);
  const summary = await workers.zipToNewFile(files, temp, reuse.length ? { reuse } : {});
  const zip = cachedZipPath(buildDir, summary.sha256);
  try {
    await deletions; // a zip made again under a digest being deleted must not be deleted after it lands
    await rename(temp, zip);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { ...summary, zip };
}
