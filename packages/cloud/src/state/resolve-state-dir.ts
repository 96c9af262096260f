import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { silentIoHost, type IoHost, messages } from '@toolkit/core';
import { defaultStateDir, legacyStateDir } from './default-state-dir.ts';
import { DIR_MODE } from './state-dir.ts';
import { acquireStateLock, describeOwner, StateDirInUseError } from './state-lock.ts';

/** Where a command's local cloud keeps its state. */
export interface StateDirChoice {
  /** `--state-dir` as given (relative to `projectRoot`); absent means the default. */
  stateDir?: string;
  /** The project root: the folder the command runs in. */
  projectRoot: string;
  /** Environment for `XDG_STATE_HOME`/`HOME`; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The state folder to use: `--state-dir` when given, else the user's state folder for the
 * project (`defaultStateDir`). Choosing the default moves a state folder an earlier version
 * kept inside the project (`.toolkit/cloud`) there, with a notice: it holds private keys.
 */
export async function resolveStateDir(choice: StateDirChoice, io: IoHost = silentIoHost): Promise<string> {
  if (choice.stateDir !== undefined) return resolve(choice.projectRoot, choice.stateDir);
  const target = defaultStateDir(choice.projectRoot, choice.env ?? process.env);
  await migrateLegacyStateDir(legacyStateDir(choice.projectRoot), target, io);
  return target;
}

/** Moves `legacy` to `target` unless there is nothing to move, it is in use, or `target` already holds state. */
async function migrateLegacyStateDir(legacy: string, target: string, io: IoHost): Promise<void> {
  if (!existsSync(legacy)) return;
  if (existsSync(target) && readdirSync(target).length > 0) {
    io.notify(
      messages.LegacyStateDirLeft.msg(
        `${legacy} holds an older local cloud state (with private signing keys) but ${target} is in use; delete the old folder, or pass --state-dir ${legacy} to keep using it`,
      ),
    );
    return;
  }
  let lock;
  try {
    // Held across the move: the lock file moves with the folder, so no cloud can start in it meanwhile.
    lock = await acquireStateLock(legacy);
  } catch (error) {
    if (!(error instanceof StateDirInUseError)) throw error;
    io.notify(
      messages.LegacyStateDirInUse.msg(`${legacy} is in use by ${describeOwner(error.owner)}; not moved to ${target}`),
    );
    return;
  }
  try {
    await mkdir(dirname(target), { recursive: true, mode: DIR_MODE });
    if (existsSync(target)) await rmdir(target);
    await moveFolder(legacy, target);
    await rm(join(target, 'owner.json'), { force: true });
  } finally {
    lock.release();
  }
  io.notify(
    messages.StateDirMoved.msg(
      `Moved the local cloud state from ${legacy} to ${target}: it holds private signing keys, which do not belong in the project folder`,
    ),
  );
}

/** Renames a folder; across filesystems copies it beside the target, renames that into place, then removes the original. */
async function moveFolder(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const partial = `${to}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  // The lock file is left out: reading it would close a descriptor and drop the lock held across the move.
  await cp(from, partial, {
    recursive: true,
    preserveTimestamps: true,
    verbatimSymlinks: true,
    filter: (source) => source !== join(from, 'owner.lock'),
  });
  await rename(partial, to);
  // No copy of the keys stays behind in the project.
  await rm(from, { recursive: true, force: true });
}
