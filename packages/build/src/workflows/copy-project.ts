import { constants, copyFileSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Copies the folder `from` into `to` (which must not exist) for an install to run in,
 * leaving out the top-level entries named in `skip`. Files are copied with their modes,
 * sharing their blocks where the file system can (copy-on-write); a symbolic link is
 * copied as a link to its absolute target, so a relative one still reaches what it reached
 * from `from`. Sockets, FIFOs and devices are left out. Synchronous, one `readdir` per
 * folder: `fs.cp` stats each entry and its parents first, which cost a cold build more than
 * the copies themselves, and nothing else of the build should run between a project's
 * dependency key and the start of its install, which the whole build waits for.
 */
export function copyProject(from: string, to: string, skip: ReadonlySet<string>): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyProject(source, target, NOTHING);
    else if (entry.isFile()) copyFileSync(source, target, constants.COPYFILE_FICLONE);
    else if (entry.isSymbolicLink()) {
      const link = readlinkSync(source);
      symlinkSync(isAbsolute(link) ? link : resolve(dirname(source), link), target);
    }
  }
}

const NOTHING: ReadonlySet<string> = new Set();
