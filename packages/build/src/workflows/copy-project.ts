import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Copies the folder `from` into `to` (which must not exist) for an install to run in,
 * leaving out the top-level entries named in `skip`. Files are copied with their modes,
 * sharing their blocks where the file system can (copy-on-write); a symbolic link is
 * copied as a link to its absolute target, so a relative one still reaches what it reached
 * from `from`. Sockets, FIFOs and devices are left out. One `readdir` per folder and every
 * copy queued at once: `fs.cp` stats each entry and its parents first, which cost a cold
 * build more than the copies themselves.
 */
export async function copyProject(from: string, to: string, skip: ReadonlySet<string>): Promise<void> {
  await copyFolder(from, to, skip);
}

async function copyFolder(from: string, to: string, skip: ReadonlySet<string>): Promise<void> {
  await mkdir(to);
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      if (skip.has(entry.name)) return;
      const source = join(from, entry.name);
      const target = join(to, entry.name);
      if (entry.isDirectory()) await copyFolder(source, target, NOTHING);
      else if (entry.isFile()) await copyFile(source, target, constants.COPYFILE_FICLONE);
      else if (entry.isSymbolicLink()) {
        const link = await readlink(source);
        await symlink(isAbsolute(link) ? link : resolve(dirname(source), link), target);
      }
    }),
  );
}

const NOTHING: ReadonlySet<string> = new Set();
