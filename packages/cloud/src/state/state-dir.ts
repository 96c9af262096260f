import { chmod, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders the cloud creates: owner-only. */
export const DIR_MODE = 0o700;
/** Files the cloud creates: owner-only (object bodies and private keys live here). */
export const FILE_MODE = 0o600;

/** Creates `dir` (and parents) owner-only; an existing folder is tightened to 0700. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  await chmod(dir, DIR_MODE);
}

/** Fsyncs a folder so a rename inside it survives power loss. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The fixed layout of a state directory. */
export function stateLayout(stateDir: string): {
  db: string;
  blobs: string;
  tmp: string;
  uploads: string;
  lock: string;
  owner: string;
  guests: string;
  cacheTag: string;
} {
  return {
    db: join(stateDir, 'cloud.db'),
    lock: join(stateDir, 'owner.lock'),
    owner: join(stateDir, 'owner.json'),
    guests: join(stateDir, 'guests'),
    cacheTag: join(stateDir, 'CACHEDIR.TAG'),
    blobs: join(stateDir, 'blobs'),
    tmp: join(stateDir, 'tmp'),
    uploads: join(stateDir, 'uploads'),
  };
}
