import { afterEach } from 'vitest';
import { chmod, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A file with an explicit mode. */
export interface FileSpec {
  content: string | Buffer;
  mode?: number;
}
/** A symbolic link; `symlink` is the link target as written into the link. */
export interface LinkSpec {
  symlink: string;
}
/** A folder tree as an object literal: strings/Buffers are files, nested objects folders. */
export interface Tree {
  [name: string]: string | Buffer | FileSpec | LinkSpec | Tree;
}

/** How to lay a tree out on disk. */
export interface WriteOptions {
  /** Create entries in reverse order (another directory order on most filesystems). */
  reverse?: boolean;
  /** Set every file's mtime (seconds since the epoch). */
  mtime?: number;
}

function isLink(value: unknown): value is LinkSpec {
  return typeof value === 'object' && value !== null && 'symlink' in value;
}
function isFileSpec(value: unknown): value is FileSpec {
  return typeof value === 'object' && value !== null && 'content' in value && !Buffer.isBuffer(value);
}

/** Writes `tree` under `dir`. */
export async function writeTree(dir: string, tree: Tree, options: WriteOptions = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const names = Object.keys(tree);
  if (options.reverse) names.reverse();
  for (const name of names) {
    const value = tree[name] as Tree[string];
    const path = join(dir, name);
    if (isLink(value)) {
      await symlink(value.symlink, path);
    } else if (typeof value === 'string' || Buffer.isBuffer(value) || isFileSpec(value)) {
      const spec: FileSpec = typeof value === 'string' || Buffer.isBuffer(value) ? { content: value } : value;
      await writeFile(path, spec.content);
      await chmod(path, spec.mode ?? 0o644);
      if (options.mtime !== undefined) await utimes(path, options.mtime, options.mtime);
    } else {
      await writeTree(path, value, options);
    }
  }
}

/** A temp folder removed by the returned `cleanup`. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'toolkit-build-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Temp folders for one describe block: `temp()` makes one, each is removed after its test. */
export function useTempDirs(): () => Promise<string> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };
}
