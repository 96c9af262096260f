import { writeFile } from 'node:fs/promises';
import { FILE_MODE } from './state-dir.ts';

/** The signature the Cache Directory Tagging spec (bford.info/cachedir) requires at the start of the file. */
export const CACHEDIR_TAG_SIGNATURE = 'Signature: 8a477f597d28d172789f06886806bc55';

const CONTENT = `${CACHEDIR_TAG_SIGNATURE}
# This file is a cache directory tag created by the toolkit's local cloud.
# The folder holds the cloud's state (including private signing keys): builds,
# archivers and backups that honour CACHEDIR.TAG leave it out.
`;

/** Writes `CACHEDIR.TAG` into a state folder unless it is already there, so builds skip the folder. */
export async function writeCacheDirTag(path: string): Promise<void> {
  await writeFile(path, CONTENT, { mode: FILE_MODE, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}
