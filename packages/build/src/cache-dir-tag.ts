import { closeSync, openSync, readSync } from 'node:fs';

/** A cache folder's tag file, as in the Cache Directory Tagging spec that `tar --exclude-caches` honours. */
export const CACHEDIR_TAG_NAME = 'CACHEDIR.TAG';

/** What a tag file must start with to count. */
export const CACHEDIR_TAG_SIGNATURE = 'Signature: 8a477f597d28d172789f06886806bc55';

/** The whole tag file the build cache writes. */
export const CACHEDIR_TAG_CONTENT = `${CACHEDIR_TAG_SIGNATURE}\n# This file is a cache directory tag created by toolkit (its build cache).\n# For information about cache directory tags see https://bford.info/cachedir/\n`;

/** True when the file at `path` starts with the tag signature (a file that is not one, or is unreadable, is not a tag). */
export function isCacheDirTag(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(CACHEDIR_TAG_SIGNATURE.length);
    const read = readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.toString('latin1') === CACHEDIR_TAG_SIGNATURE;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
