import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { STALE_TEMP_MS } from '@toolkit/core';
import type { WorkflowContext } from './workflow-context.ts';

/** The folder holding installed dependencies, one subfolder per cache key. */
export function dependencyCacheDir(buildDir: string): string {
  return join(buildDir, 'deps');
}

/** A content key: SHA-256 over each part, length-prefixed so no two part lists collide. */
export function contentKey(parts: ReadonlyArray<string | Buffer>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/**
 * The folder of the install under `key`: reused when an earlier run or another artifact of
 * this run made it, else made by `install` in a private temp folder renamed into place, so
 * an interrupted or failed install never leaves a folder that looks complete.
 */
export async function cachedInstall(
  ctx: WorkflowContext,
  key: string,
  install: (dir: string) => Promise<void>,
): Promise<{ dir: string; reused: boolean }> {
  const root = dependencyCacheDir(ctx.buildDir);
  const dir = join(root, key);
  const running = ctx.installs.get(key);
  if (running) return { dir: await running, reused: true };
  if (existsSync(dir)) return { dir, reused: true };
  const made = (async () => {
    // Synchronous up to the install's start, which the whole build waits for: nothing else
    // of the build (other keys, early zips) runs in between.
    mkdirSync(root, { recursive: true, mode: 0o700 });
    removeStaleTemps(root);
    const temp = mkdtempSync(join(root, `.${key.slice(0, 16)}-`));
    try {
      await install(temp);
      await rename(temp, dir).catch(async (error: NodeJS.ErrnoException) => {
        // Another run finished the same install first: its folder is as good as ours.
        if (!existsSync(dir)) throw error;
        await rm(temp, { recursive: true, force: true });
      });
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
    return dir;
  })();
  ctx.installs.set(key, made);
  // Once the install's tool has started (the code above runs synchronously until then).
  ctx.onInstall?.();
  return { dir: await made, reused: false };
}

/** Temp folders of installs a crash interrupted (a live install is younger than this). */
function removeStaleTemps(root: string): void {
  const now = Date.now();
  for (const name of readdirSync(root)) {
    if (!name.startsWith('.')) continue;
    const path = join(root, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (st && now - st.mtimeMs > STALE_TEMP_MS) rmSync(path, { recursive: true, force: true });
  }
}
