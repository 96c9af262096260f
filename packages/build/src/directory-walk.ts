import { readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { sep } from 'node:path';
import { UserInputError, messages } from '@toolkit/core';
import { CACHEDIR_TAG_NAME, isCacheDirTag } from './cache-dir-tag.ts';
import { listedNameProblem } from './entry-name.ts';
import { loadIgnoreTest, type IgnoreTest } from './toolkit-ignore.ts';

/** One regular file to zip, with the stat fields the stat cache compares. */
export interface WalkedFile {
  /** Entry name: the '/'-separated path relative to the walked folder. */
  name: string;
  /** Path to read the content from (through any symlinks). */
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
  /** Normalised mode: 0o755 if any execute bit is set, else 0o644. */
  mode: number;
}

/** 0o755 when any execute bit is set, else 0o644: all a Lambda zip should say about permissions. */
export function normaliseMode(mode: number): number {
  return mode & 0o111 ? 0o755 : 0o644;
}

function identity(st: Stats): string {
  return `${st.dev}:${st.ino}`;
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}

/** Options for {@link walkDirectory}. */
export interface WalkOptions {
  /** The template's folder: its `.toolkitignore` applies to sources inside it. */
  projectDir?: string;
  /**
   * Folders reached through a symbolic link, by device and inode, with the files found in
   * them: one build's walks share it, so twenty staging folders linking one installed
   * `node_modules` stat its files once. Used only by walks without `.toolkitignore` rules,
   * whose listing of a folder depends on nothing but the folder.
   */
  linkedFolders?: Map<string, readonly WalkedFile[]>;
  /**
   * `found` is called once, during the walk, at the first file modified after `mtimeMs`:
   * a folder compared with its last build is then known to need a new zip before the walk ends.
   */
  newerThan?: { mtimeMs: number; found: () => void };
  /**
   * The entry name of one folder to leave out, e.g. `node_modules`: a staging folder's own
   * files are zipped while the dependencies its link points at are still being installed.
   */
  exclude?: string;
}

/**
 * Names never zipped, wherever they sit: the toolkit's own state and caches (signing keys,
 * the local cloud's database, earlier builds) and SAM CLI's build folder.
 */
const TOOL_STATE_NAMES: ReadonlySet<string> = new Set(['.toolkit', '.aws-sam']);

/**
 * Lists every regular file under `root`, following symlinks as SAM CLI does (a link to a
 * file adds that file under the link's name; a link to a folder is walked like a folder).
 * Sorted byte-wise by entry name. Links that loop back to an ancestor and broken links
 * are UserInputErrors naming the link. Sockets, FIFOs and devices are skipped. Left out:
 * `.toolkit` and `.aws-sam` anywhere, every folder below `root` tagged as a cache by a
 * `CACHEDIR.TAG`, and what `.toolkitignore` rules exclude. A file name that cannot be a
 * safe zip entry name is a UserInputError naming it.
 */
export async function walkDirectory(root: string, options: WalkOptions = {}): Promise<WalkedFile[]> {
  // Synchronous on purpose: a warm run stats every file of every function, and one
  // promise per stat costs several times the system call itself.
  const files: WalkedFile[] = [];
  const ignored = loadIgnoreTest(root, options.projectDir);
  const walk: Walk = {
    root,
    ignored,
    out: files,
    // A folder listed with a name left out is not the folder's whole listing, to share.
    linked: ignored || options.exclude !== undefined ? undefined : options.linkedFolders,
    newer: options.newerThan,
    exclude: options.exclude,
  };
  walkInto(walk, root, '', [identity(statSync(root))]);
  return files.sort((a, b) => compareNames(a.name, b.name));
}

interface Walk {
  root: string;
  ignored: IgnoreTest | undefined;
  out: WalkedFile[];
  linked: Map<string, readonly WalkedFile[]> | undefined;
  /** Cleared once a newer file was found. */
  newer: WalkOptions['newerThan'];
  exclude: string | undefined;
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Byte-wise order of the names' UTF-8, as zip tools sort. For ASCII names that is plain
 * string order, which costs no encoding; a warm run sorts every file of every function.
 */
export function compareNames(a: string, b: string): number {
  if (ASCII.test(a) && ASCII.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function walkInto(walk: Walk, dir: string, prefix: string, ancestors: readonly string[]): void {
  const { root, out } = walk;
  const dirents = readdirSync(dir, { withFileTypes: true });
  // A tagged cache folder is skipped whole. Its tag is seen in the listing already read, so
  // an untagged folder costs no extra system call.
  if (
    prefix !== '' &&
    dirents.some((d) => d.name === CACHEDIR_TAG_NAME) &&
    isCacheDirTag(dir + sep + CACHEDIR_TAG_NAME)
  )
    return;
  for (const dirent of dirents) {
    if (TOOL_STATE_NAMES.has(dirent.name)) continue;
    const path = dir + sep + dirent.name; // dir is already normal; join() would re-normalise 15,000 times
    const name = prefix + dirent.name;
    if (name === walk.exclude) continue; // before the stat: its link may point at nothing yet
    const link = dirent.isSymbolicLink();
    if (!link && !dirent.isDirectory() && !dirent.isFile()) continue;
    if (!link && walk.ignored?.(name, dirent.isDirectory())) continue; // before the stat: an ignored folder costs nothing
    // Before the stat: a name that is not UTF-8 cannot even be stat'ed through Node's lossy decoding.
    const problem = listedNameProblem(dir, dirent.name);
    if (problem !== undefined) throw unsafeName(root, name, problem);
    let st: Stats;
    try {
      st = statSync(path);
    } catch (error) {
      if (link && isErrno(error, 'ENOENT')) throw brokenLink(root, name, path, error);
      if (link && isErrno(error, 'ELOOP')) throw cycle(root, name, readTarget(path), error);
      throw error;
    }
    if (link && walk.ignored?.(name, st.isDirectory())) continue;
    if (st.isDirectory()) {
      const id = identity(st);
      if (ancestors.includes(id)) throw cycle(root, name, readTarget(path));
      if (link && walk.linked) walkLinked(walk, walk.linked, path, name, [...ancestors, id]);
      else walkInto(walk, path, `${name}/`, [...ancestors, id]);
    } else if (st.isFile()) {
      out.push({ name, path, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, mode: normaliseMode(st.mode) });
      if (walk.newer !== undefined && st.mtimeMs > walk.newer.mtimeMs) {
        const { found } = walk.newer;
        walk.newer = undefined;
        found();
      }
    }
  }
}

/** Walks a linked folder once per build; later links to it reuse its files under their own name. */
function walkLinked(
  walk: Walk,
  linked: Map<string, readonly WalkedFile[]>,
  path: string,
  name: string,
  ancestors: readonly string[],
): void {
  const id = ancestors.at(-1)!;
  let inside = linked.get(id);
  if (!inside) {
    const found: WalkedFile[] = [];
    walkInto({ ...walk, out: found }, path, `${name}/`, ancestors);
    inside = found.map((file) => ({ ...file, name: file.name.slice(name.length + 1) }));
    linked.set(id, inside);
  }
  for (const file of inside) walk.out.push({ ...file, name: `${name}/${file.name}` });
}

function unsafeName(root: string, name: string, problem: string): UserInputError {
  return new UserInputError(
    messages.BuildUnsafeEntryName,
    `File ${JSON.stringify(name)} in ${root} cannot be put in a zip: ${problem}. Rename it or list it in ${root}${sep}.toolkitignore.`,
  );
}

function readTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}

function brokenLink(root: string, name: string, path: string, cause: unknown): UserInputError {
  const target = readTarget(path);
  return new UserInputError(
    messages.BuildBrokenSymlink,
    `Broken symbolic link '${name}' in ${root}: its target '${target}' does not exist.`,
    { cause },
  );
}

function cycle(root: string, name: string, target: string, cause?: unknown): UserInputError {
  return new UserInputError(
    messages.BuildSymlinkCycle,
    `Symbolic link cycle at '${name}' in ${root}: it points to '${target}', which leads back to a folder containing the link (or to the link itself), so following it would never end.`,
    { cause },
  );
}
