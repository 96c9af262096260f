import { chmod, lstat, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STALE_TEMP_MS } from '@toolkit/core';
import { CACHEDIR_TAG_CONTENT, CACHEDIR_TAG_NAME } from './cache-dir-tag.ts';

/** Cache folders are private: the zips hold the user's code. */
export const CACHE_DIR_MODE = 0o700;
/** Cache files (zips, the stat index) are private for the same reason. */
export const CACHE_FILE_MODE = 0o600;

/**
 * Makes `buildDir` ready for a build: created private, tagged as a cache (so no walk zips it
 * and `tar --exclude-caches` skips it), re-tightened when an older toolkit or a `chmod` left
 * it readable by others, and rid of temp files interrupted builds left behind (the zips' and
 * the index's: a live build keeps writing its zip's temp file and renames the index's at once).
 */
export async function prepareBuildDir(buildDir: string): Promise<void> {
  await mkdir(buildDir, { recursive: true, mode: CACHE_DIR_MODE });
  const st = await stat(buildDir);
  const loose = (st.mode & 0o077) !== 0;
  if (loose) await chmod(buildDir, CACHE_DIR_MODE);
  const names = await readdir(buildDir);
  if (!names.includes(CACHEDIR_TAG_NAME))
    await writeFile(join(buildDir, CACHEDIR_TAG_NAME), CACHEDIR_TAG_CONTENT, { mode: 0o644 });
  const now = Date.now();
  await Promise.all(
    names.map(async (name) => {
      const isTemp = name.startsWith('.') && name.endsWith('.tmp');
      // Inside a private folder the files' own modes cannot leak anything, so they are only
      // visited when the folder was loose or the name is a temp file.
      if (!loose && !isTemp) return;
      const path = join(buildDir, name);
      const entry = await lstat(path).catch(() => undefined);
      if (!entry?.isFile()) return;
      if (isTemp && now - entry.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
      else if (loose && name !== CACHEDIR_TAG_NAME && (entry.mode & 0o077) !== 0) await chmod(path, CACHE_FILE_MODE);
    }),
  );
}
