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
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) await tighten(path, FILE_MODE);
    }
  }
}

async function tighten(path: string, mode: number): Promise<void> {
  // Most entries are already right: a stat is cheaper than a chmod that changes nothing.
  if (((await lstat(path)).mode & 0o7777) !== mode) await chmod(path, mode);
}
