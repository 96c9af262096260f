import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

/** A file with an explicit mode. */
export interface FileSpec {
  content: string | Buffer;
  mode?: number;
}
/** A symbolic link; `symlink` is the link target as written into the link. */
export interface LinkSpec {
  symlink: string;
}
/**
 * A folder tree as an object literal: strings and Buffers are files, nested objects
 * folders. A key may be a relative path (`src/index.js`); a key ending in `/` is an
 * empty folder.
 */
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

/** Writes `tree` under `dir` (created when missing). */
export function writeTreeSync(dir: string, tree: Tree, options: WriteOptions = {}): void {
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(tree);
  if (options.reverse) names.reverse();
  for (const name of names) {
    const value = tree[name] as Tree[string];
    const path = join(dir, name);
    if (name.endsWith('/')) {
      mkdirSync(path, { recursive: true });
      if (typeof value === 'object' && !Buffer.isBuffer(value) && !isLink(value) && !isFileSpec(value))
        writeTreeSync(path, value, options);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    if (isLink(value)) {
      symlinkSync(value.symlink, path);
    } else if (typeof value === 'string' || Buffer.isBuffer(value) || isFileSpec(value)) {
      const spec: FileSpec = typeof value === 'string' || Buffer.isBuffer(value) ? { content: value } : value;
      writeFileSync(path, spec.content);
      chmodSync(path, spec.mode ?? 0o644);
      if (options.mtime !== undefined) utimesSync(path, options.mtime, options.mtime);
    } else {
      writeTreeSync(path, value, options);
    }
  }
}

/** Writes `tree` under `dir`. */
export async function writeTree(dir: string, tree: Tree, options: WriteOptions = {}): Promise<void> {
  writeTreeSync(dir, tree, options);
}

/** A new empty temp folder, removed by the returned `cleanup`. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'toolkit-test-'));
  return { dir, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `tree` into a new temp folder and returns it with a cleanup function. */
export async function fixtureTree(tree: Tree): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const made = await tempDir();
  writeTreeSync(made.dir, tree);
  return made;
}

/** Folders made during a test, each removed after it (registers an `afterEach` in the calling block). */
function useCleanedDirs(): (tree: Tree) => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (tree) => {
    const dir = mkdtempSync(join(tmpdir(), 'toolkit-test-'));
    dirs.push(dir);
    writeTreeSync(dir, tree);
    return dir;
  };
}

/** Temp folders for one describe block: `temp()` makes an empty one, removed after its test. */
export function useTempDirs(): () => Promise<string> {
  const make = useCleanedDirs();
  return async () => make({});
}

/** A `project(files)` that writes a fixture tree and removes it after the current test. */
export function useFixtureProjects(): (tree: Tree) => Promise<string> {
  const make = useCleanedDirs();
  return async (tree) => make(tree);
}

/** A fixture tree on disk. */
export interface Fixture {
  dir: string;
  /** The absolute path of a file in the tree. */
  file(relative: string): string;
}

/** Like `useFixtureProjects`, synchronous, with a helper for paths inside the tree. */
export function useFixtures(): (tree: Tree) => Fixture {
  const make = useCleanedDirs();
  return (tree) => {
    const dir = make(tree);
    return { dir, file: (relative) => join(dir, relative) };
  };
}

/** Joins lines into file text with a trailing newline (keeps expected texts readable). */
export function lines(...content: string[]): string {
  return `${content.join('\n')}\n`;
}
