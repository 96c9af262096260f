import { constants, statSync } from 'node:fs';
import { open, realpath } from 'node:fs/promises';

/** Why a file could not be read: missing, not a regular file, or another error. */
export interface FileProblem {
  problem: 'not-found' | 'not-regular' | 'unreadable';
  detail: string;
}

/** Read-only access to local files, passed to code that does no I/O of its own (template loading). */
export interface LocalFiles {
  /** The bytes of a regular file, or why it cannot be read. */
  read(file: string): Promise<{ bytes: Uint8Array } | FileProblem>;
  /** The path with every symlink resolved. */
  realPath(file: string): Promise<string>;
  /** Whether a path is a folder, another kind of file, or missing. */
  pathKind(file: string): 'directory' | 'file' | undefined;
}

/** The machine's file system. */
export const localFiles: LocalFiles = {
  read: readRegularFile,
  realPath: (file) => realpath(file),
  pathKind(file) {
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats === undefined ? undefined : stats.isDirectory() ? 'directory' : 'file';
  },
};

/**
 * Reads a regular file. It is opened without blocking and checked before it is read, so a FIFO
 * or a device is a problem instead of a hang.
 */
async function readRegularFile(file: string): Promise<{ bytes: Uint8Array } | FileProblem> {
  try {
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = await handle.stat();
      if (!st.isFile())
        return {
          problem: 'not-regular',
          detail: st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : 'a socket or device',
        };
      return { bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: 'not-found', detail: 'does not exist' };
    if (code === 'EISDIR') return { problem: 'not-regular', detail: 'a folder' };
    return { problem: 'unreadable', detail: (error as Error).message };
  }
}
