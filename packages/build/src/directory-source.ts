import { UserInputError, type IoHost, messages } from '@toolkit/core';
import { cachedZipExists, cachedZipPath, zipIntoCache } from './cache-zip.ts';
import type { BuildWorkers } from './build-workers.ts';
import { walkDirectory, type WalkOptions } from './directory-walk.ts';
import { statSource } from './source-stat.ts';
import { statsMatch, statTuples, unchangedNames, type StatRecord } from './stat-index.ts';
import type { SourceOutcome } from './source-outcome.ts';

/** The stat index as one build sees it: records read at the start, records to write at the end. */
export interface StatCache {
  index: ReadonlyMap<string, StatRecord>;
  updates: Map<string, StatRecord>;
}

/**
 * Builds folder `path` into the cache, or reuses the cached zip when every file's stat
 * matches the index (then no file content is read).
 */
export async function buildDirectorySource(
  path: string,
  buildDir: string,
  cache: StatCache,
  workers: BuildWorkers,
  io: IoHost,
  walk: WalkOptions = {},
): Promise<SourceOutcome> {
  const st = await statSource(path);
  if (!st.isDirectory())
    throw new UserInputError(
      messages.BuildSourceNotADirectory,
      `Code source ${path} is not a folder (a .zip file source must be declared as a zip file).`,
    );
  const files = await walkDirectory(path, walk);
  const tuples = statTuples(files);
  const record = cache.index.get(path);
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
  // A changed source reuses its previous zip's entries for every file whose stat is unchanged.
  const reuse =
    record && (await cachedZipExists(buildDir, record.sha256, record.size))
      ? { zip: cachedZipPath(buildDir, record.sha256), names: unchangedNames(record, tuples) }
      : undefined;
  const built = await zipIntoCache(files, buildDir, workers, reuse?.names.length ? reuse : undefined);
  io.notify(
    messages.BuildZipped.msg(
      `${path}: zipped ${built.entries} files into ${built.sha256}.zip (${built.size} bytes, ${built.reused} copied from the previous zip)`,
      { source: path, sha256: built.sha256, size: built.size, entries: built.entries, reused: built.reused },
    ),
  );
  cache.updates.set(path, { files: tuples, sha256: built.sha256, size: built.size });
  return { zip: built.zip, sha256: built.sha256, size: built.size, cached: false };
}
