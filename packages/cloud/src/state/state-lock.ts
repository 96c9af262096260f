import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { OperationError, writeFileAtomic, messages } from '@toolkit/core';
import { FILE_MODE, stateLayout } from './state-dir.ts';

/** Who owns a state folder, as the owner published it in `owner.json`. */
export interface StateOwner {
  pid: number;
  /** Unique per start: tells this owner's guests from a previous owner's. */
  nonce: string;
  startedAt: string;
  /** Set once the owner listens. */
  endpoint?: string;
  region?: string;
  accountId?: string;
  /** Set when the owner has begun to stop: new clients must not join it. */
  closing?: boolean;
}

/** The exclusive hold on a state folder. */
export interface StateLock {
  readonly owner: StateOwner;
  /** Rewrites `owner.json` with more of the owner's facts (atomically: readers never see half). */
  publish(update: Partial<Omit<StateOwner, 'pid' | 'nonce'>>): Promise<void>;
  /** Removes `owner.json` and lets go of the lock. */
  release(): void;
}

/**
 * The state folder is owned by another live process. `owner` is what it published
 * (absent while it is still writing it).
 */
export class StateDirInUseError extends OperationError {
  readonly owner: StateOwner | undefined;

  constructor(stateDir: string, owner: StateOwner | undefined) {
    super(
      messages.StateDirInUse,
      `the local cloud state folder ${stateDir} is in use by ${describeOwner(owner)}; stop it or give another --state-dir`,
    );
    this.owner = owner;
  }
}

/** `PID 123 (serving http://127.0.0.1:4566)` — how messages name an owner. */
export function describeOwner(owner: StateOwner | undefined): string {
  if (!owner) return 'another process that is starting';
  return `PID ${owner.pid}${owner.endpoint ? ` (serving ${owner.endpoint})` : ''}`;
}

/**
 * Takes the exclusive lock on `stateDir` or throws StateDirInUseError naming the owner.
 *
 * The lock is an exclusive SQLite lock (a POSIX record lock) on `owner.lock`, held for
 * the life of the connection: the kernel drops it when the owner exits in any way,
 * SIGKILL included, so a crashed owner never leaves a stale lock behind and a reused
 * PID can never make one look alive. `owner.json` beside it only tells others who owns it.
 */
export async function acquireStateLock(stateDir: string): Promise<StateLock> {
  const layout = stateLayout(stateDir);
  // Only SQLite opens the lock file: closing any other descriptor of it in this process
  // would drop the process's POSIX locks on it (SQLite defers its own closes for that reason).
  // timeout 0: a held lock answers SQLITE_BUSY at once instead of after a busy wait.
  const db = new Database(layout.lock, { timeout: 0 });
  try {
    chmodSync(layout.lock, FILE_MODE);
    db.pragma('locking_mode = EXCLUSIVE');
    // In exclusive locking mode the write lock taken here is kept after COMMIT until close.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY')
      throw new StateDirInUseError(stateDir, readStateOwner(stateDir));
    throw error;
  }
  let owner: StateOwner = {
    pid: process.pid,
    nonce: randomBytes(8).toString('hex'),
    startedAt: new Date().toISOString(),
  };
  const write = () => writeFileAtomic(layout.owner, `${JSON.stringify(owner)}\n`, FILE_MODE);
  let released = false;
  try {
    await write();
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    get owner() {
      return owner;
    },
    async publish(update) {
      owner = { ...owner, ...update };
      await write();
    },
    release() {
      if (released) return;
      released = true;
      rmSync(layout.owner, { force: true });
      db.close();
    },
  };
}

/** What the owner of `stateDir` published, or undefined when nothing (valid) is there. */
export function readStateOwner(stateDir: string): StateOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(stateLayout(stateDir).owner, 'utf8')) as Partial<StateOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.nonce !== 'string') return undefined;
    return parsed as StateOwner;
  } catch {
    return undefined;
  }
}
