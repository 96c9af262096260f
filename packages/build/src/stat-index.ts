import { existsSync } from 'node:fs';
import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@toolkit/core';
import { validPieceMaps, type NamedPieceMap } from './deflate-pieces.ts';
import type { WalkedFile } from './directory-walk.ts';
import { CACHE_FILE_MODE } from './build-dir.ts';
import { cachedZipPath } from './cache-zip.ts';

/** One file as the stat cache remembers it: [relative path, size, mtimeMs, ino, normalised mode]. */
export type StatTuple = [name: string, size: number, mtimeMs: number, ino: number, mode: number];

/** What a source looked like when its zip was made, and which zip that was. */
export interface StatRecord {
  files: StatTuple[];
  sha256: string;
  size: number;
  /** How the zip's large deflated entries were cut into pieces (absent in an older index). */
  pieces?: NamedPieceMap[];
}

interface IndexFile {
  format: 'toolkit-build-index/1';
  sources: Record<string, StatRecord>;
  /** Digests of zips a build replaced with a new one and no record names any more: the next build deletes them. */
  replaced?: string[];
}

/** The build cache's index: each source's record, and the zips left to delete. */
export interface BuildIndex {
  records: Map<string, StatRecord>;
  replaced: string[];
}

const INDEX_NAME = 'index.json';
const FORMAT = 'toolkit-build-index/1';

/** The stat tuples of walked files, in walk (sorted) order. */
export function statTuples(files: readonly WalkedFile[]): StatTuple[] {
  return files.map((f) => [f.name, f.size, f.mtimeMs, f.ino, f.mode]);
}

/**
 * True when every file still has the size, mtime, inode and mode it had when the zip was
 * made (as git's index decides a file is unchanged). A change that keeps all four, such
 * as rewriting same-size content and restoring the mtime, is not seen.
 */
export function statsMatch(record: StatRecord, files: readonly StatTuple[]): boolean {
  if (record.files.length !== files.length) return false;
  return record.files.every((cached, i) => {
    const now = files[i] as StatTuple;
    return (
      cached[0] === now[0] &&
      cached[1] === now[1] &&
      cached[2] === now[2] &&
      cached[3] === now[3] &&
      cached[4] === now[4]
    );
  });
}

/** The latest mtime of the record's files: a file modified after it cannot be as the record says. */
export function newestMtime(record: StatRecord): number {
  let newest = -Infinity;
  for (const file of record.files) if (file[2] > newest) newest = file[2];
  return newest;
}

/** Files whose stat is the same as when the record's zip was made: their entries in that zip can be copied as they are. */
export function unchangedNames(record: StatRecord, files: readonly StatTuple[]): string[] {
  const before = new Map(record.files.map((t) => [t[0], t]));
  return files
    .filter((now) => {
      const cached = before.get(now[0]);
      return cached !== undefined && cached.every((value, i) => value === now[i]);
    })
    .map((t) => t[0]);
}

/**
 * The piece maps of the record's files that are still in the source: an edited large
 * file copies its unchanged pieces from the record's zip.
 */
export function presentPieces(record: StatRecord, files: readonly StatTuple[]): NamedPieceMap[] {
  const maps = validPieceMaps(record.pieces);
  if (maps.length === 0) return maps;
  const present = new Set(files.map((t) => t[0]));
  return maps.filter(([name]) => present.has(name));
}

/** Reads the index of `buildDir`; a missing or unreadable index is an empty one (everything rebuilds). */
export async function loadStatIndex(buildDir: string): Promise<BuildIndex> {
  const empty = (): BuildIndex => ({ records: new Map(), replaced: [] });
  const path = join(buildDir, INDEX_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
    // The index names every file of the user's code; one an older build left readable by others is made private.
    if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, CACHE_FILE_MODE);
  } catch {
    return empty();
  }
  try {
    const parsed = JSON.parse(text) as Partial<IndexFile>;
    if (parsed.format !== FORMAT || typeof parsed.sources !== 'object' || parsed.sources === null) return empty();
    const replaced = Array.isArray(parsed.replaced) ? parsed.replaced.filter(isDigest) : [];
    return { records: new Map(Object.entries(parsed.sources)), replaced };
  } catch {
    return empty();
  }
}

/** A zip's name in the cache is its SHA-256: anything else in the list is not ours to delete. */
function isDigest(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/**
 * Merges `updates` into the index on disk and writes it atomically. Re-reads first so
 * records written meanwhile by another build of other sources are kept. A record's earlier
 * zip that no record names any more joins the zips the next build deletes.
 */
export async function saveStatIndex(buildDir: string, updates: ReadonlyMap<string, StatRecord>): Promise<void> {
  if (updates.size === 0) return;
  const { records: merged, replaced } = await loadStatIndex(buildDir);
  const candidates = new Set(replaced);
  for (const [source, record] of updates) {
    const before = merged.get(source)?.sha256;
    if (before !== undefined && before !== record.sha256) candidates.add(before);
    merged.set(source, record);
  }
  const named = new Set([...merged.values()].map((r) => r.sha256));
  const sources = Object.fromEntries([...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const index: IndexFile = {
    format: FORMAT,
    sources,
    replaced: [...candidates].filter((sha) => !named.has(sha) && existsSync(cachedZipPath(buildDir, sha))).sort(),
  };
  await writeFileAtomic(join(buildDir, INDEX_NAME), JSON.stringify(index), CACHE_FILE_MODE);
}
