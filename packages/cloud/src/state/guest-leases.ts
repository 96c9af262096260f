import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, FILE_MODE, stateLayout } from './state-dir.ts';
import type { StateOwner } from './state-lock.ts';

/**
 * A client process's claim on a running cloud it did not start: `guests/<pid>-<random>`
 * naming the owner it joined. An owner that stops waits for its live guests first, so a
 * second `toolkit package` that joined the first one's in-process cloud is not cut off.
 */
export interface GuestLease {
  /** Ends the claim. */
  release(): Promise<void>;
}

/** Files a lease under `stateDir` for the owner `owner` (by its nonce). */
export async function takeGuestLease(stateDir: string, owner: StateOwner): Promise<GuestLease> {
  const dir = stateLayout(stateDir).guests;
  await ensurePrivateDir(dir);
  const name = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const file = join(dir, `${name}.json`);
  // Written aside and renamed: the owner only ever reads whole leases.
  const temp = join(dir, `${name}.tmp`);
  await writeFile(temp, JSON.stringify({ pid: process.pid, owner: owner.nonce }), { mode: FILE_MODE, flag: 'wx' });
  await rename(temp, file);
  return { release: () => rm(file, { force: true }) };
}

/** How many live guests hold a lease on the owner with `nonce`; leases of dead processes are removed. */
export async function liveGuests(stateDir: string, nonce: string): Promise<number> {
  const dir = stateLayout(stateDir).guests;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let live = 0;
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = join(dir, name);
    const lease = await readFile(file, 'utf8').then(
      (text) => JSON.parse(text) as { pid?: unknown; owner?: unknown },
      () => undefined,
    );
    if (!lease || typeof lease.pid !== 'number' || !processAlive(lease.pid)) {
      await rm(file, { force: true }).catch(() => {});
      continue;
    }
    if (lease.owner === nonce) live += 1;
  }
  return live;
}

/** Whether a process with this PID exists (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
