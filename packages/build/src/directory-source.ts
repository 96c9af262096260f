import { UserInputError, type IoHost, messages } from '@toolkit/core';
import { cachedZipExists, cachedZipPath, zipIntoCache } from './cache-zip.ts';
import type { BuildWorkers } from './build-workers.ts';
import { walkDirectory, type WalkedFile, type WalkOptions } from './directory-walk.ts';
import { statSource } from './source-stat.ts';
import type { ZipReuse } from './previous-zip.ts';
import { newestMtime, presentPieces, statsMatch, statTuples, unchangedNames, type StatRecord } from './stat-index.ts';
import type { SourceOutcome } from './source-outcome.ts';

/** The stat index as one build sees it: records read at the start, records to write at the end. */
export interface StatCache {
  index: ReadonlyMap<string, StatRecord>;
  updates: Map<string, StatRecord>;
  /** Settled once the zips earlier builds replaced are deleted: no zip of this build takes its name before. */
  replacedRemoved?: Promise<void>;
}

/** A zip whose entries another zip may copy, with the stat of each file it holds when made. */
export interface ZippedRecord {
  zip: string;
  record: StatRecord;
}

/** The zip and stat record `buildDirectorySource` left for `path` in this build. */
export function zippedRecord(cache: StatCache, buildDir: string, path: string): ZippedRecord {
  const record = (cache.updates.get(path) ?? cache.index.get(path)) as StatRecord;
  return { zip: cachedZipPath(buildDir, record.sha256), record };
}

/**
 * Builds folder `path` into the cache, or reuses the cached zip when every file's stat
 * matches the index (then no file content is read). When it must zip, `shared` gives the
 * zips holding some of its `files` already (the shared zip of installed dependencies, the
 * early zip of a staging folder's own files), whose entries are copied.
 */
export async function buildDirectorySource(
  path: string,
  buildDir: string,
  cache: StatCache,
  workers: BuildWorkers,
  io: IoHost,
  walk: WalkOptions = {},
  shared?: (files: readonly WalkedFile[]) => Promise<readonly ZippedRecord[]>,
): Promise<SourceOutcome> {
  const st = await statSource(path);
  if (!st.isDirectory())
    throw new UserInputError(
      messages.BuildSourceNotADirectory,
      `Code source ${path} is not a folder (a .zip file source must be declared as a zip file).`,
    );
  const record = cache.index.get(path);
  // A folder with no record, or with a file modified since its record, will be zipped: a
  // worker loads meanwhile (about 0.05 s) rather than after the walk.
  let expected = false;
  const expectZip = (): void => {
    if (!expected) workers.warmUp();
    expected = true;
  };
  if (!record) expectZip();
  const files = await walkDirectory(
    path,
    record ? { ...walk, newerThan: { mtimeMs: newestMtime(record), found: expectZip } } : walk,
  );
  const tuples = statTuples(files);
  if (record && statsMatch(record, tuples) && (await cachedZipExists(buildDir, record.sha256, record.size))) {
    io.notify(
      messages.BuildCacheHit.msg(`${path}: unchanged since ${record.sha256}.zip was built`, {
        source: path,
        sha256: record.sha256,
      }),
    );
    return { zip: cachedZipPath(buildDir, record.sha256), sha256: record.sha256, size: record.size, cached: true };
  }
  if (files.length === 0)
    io.notify(messages.BuildEmptySource.msg(`Code source ${path} has no files; its zip is empty.`, { source: path }));
  // A changed source copies its previous zip's entry for every file whose stat is unchanged,
  // and the shared zip's entry for every dependency it holds.
  const earlier: ZippedRecord[] = [];
  if (record && (await cachedZipExists(buildDir, record.sha256, record.size)))
    earlier.push({ zip: cachedZipPath(buildDir, record.sha256), record });
  if (shared) earlier.push(...(await shared(files)));
  const reuse: ZipReuse[] = earlier
    .map(({ zip, record: r }) => ({ zip, names: unchangedNames(r, tuples), pieces: presentPieces(r, tuples) }))
    .filter((r) => r.names.length > 0 || r.pieces.length > 0);
  const built = await zipIntoCache(files, buildDir, workers, reuse, cache.replacedRemoved);
  io.notify(
    messages.BuildZipped.msg(
      `${path}: zipped ${built.entries} files into ${built.sha256}.zip (${built.size} bytes, ${built.reused} copied from the previous zip, ${built.reusedPieces} MiB pieces of edited files copied)`,
      {
        source: path,
        sha256: built.sha256,
        size: built.size,
        entries: built.entries,
        reused: built.reused,
        reusedPieces: built.reusedPieces,
      },
    ),
  );
  cache.updates.set(path, {
    files: tuples,
    sha256: built.sha256,
    size: built.size,
    ...(built.pieces.length ? { pieces: built.pieces } : {}),
  });
  return { zip: built.zip, sha256: built.sha256, size: built.size, cached: false };
}
