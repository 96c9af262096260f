import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DIR_MODE, FILE_MODE } from './state-dir.ts';

/**
 * Sets every folder under `root` (and `root`) to 0700 and every file to 0600.
 * Run at start: a `chmod -R` or a copy with loose modes must not leave keys readable.
 * Symbolic links are neither followed nor changed (chmod would act on their target).
 */
export async function tightenPermissions(root: string): Promise<void> {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    await tighten(dir, DIR_MODE);
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) await tighten(path, FILE_MODE);
    }
  }
}

async function tighten(path: string, mode: number): Promise<void> {
  try {
    // Most entries are already right: a stat is cheaper than a chmod that changes nothing.
    if (((await lstat(path)).mode & 0o7777) !== mode) await chmod(path, mode);
  } catch (error) {
    // A client's lease file may go while the walk passes (clients do not take the lock).
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
