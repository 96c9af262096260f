import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/**
 * A temp file of {@link writeFileAtomic} older than this was left by an interrupted writer
 * (SIGINT between creating and renaming it): a live writer renames its file within moments.
 */
export const STALE_TEMP_MS = 10 * 60 * 1000;

/**
 * Writes a file so that readers see either the old content or the new, never half:
 * write a temp file beside it, fsync, rename over the target. An interrupted write leaves
 * only a temp file, which {@link removeStaleTempFiles} clears.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes the temp files interrupted {@link writeFileAtomic} calls for `path` left beside it, once stale. */
export async function removeStaleTempFiles(path: string, now: number = Date.now()): Promise<void> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'))
      .map(async (name) => {
        const temp = join(dir, name);
        const st = await stat(temp).catch(() => undefined);
        if (st?.isFile() && now - st.mtimeMs > STALE_TEMP_MS) await rm(temp, { force: true });
      }),
  );
}
