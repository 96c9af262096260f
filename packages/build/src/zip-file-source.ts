import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { UserInputError, messages } from '@toolkit/core';
import { normaliseMode } from './directory-walk.ts';
import type { StatCache } from './directory-source.ts';
import { statSource } from './source-stat.ts';
import { statsMatch, type StatTuple } from './stat-index.ts';
import type { SourceOutcome } from './source-outcome.ts';

/** Local file header, or end of central directory for an archive with no entries. */
export const ZIP_MAGICS = [Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.from('PK\u0005\u0006', 'latin1')];

/**
 * Uses a prebuilt `.zip` as is: hashes it in one streamed pass (or trusts the stat cache)
 * and reports it in place, without copying it into the build folder.
 */
export async function useZipFileSource(path: string, cache: StatCache): Promise<SourceOutcome> {
  const st = await statSource(path);
  if (!st.isFile())
    throw new UserInputError(
      messages.BuildSourceNotAFile,
      `Code source ${path} is declared as a zip file but is not a file.`,
    );
  const tuples: StatTuple[] = [['', st.size, st.mtimeMs, st.ino, normaliseMode(st.mode)]];
  const record = cache.index.get(path);
  if (record && statsMatch(record, tuples))
    return { zip: path, sha256: record.sha256, size: record.size, cached: true };
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)]);
    hash.update(chunk);
  }
  if (!ZIP_MAGICS.some((magic) => head.equals(magic))) {
    throw new UserInputError(
      messages.BuildNotAZip,
      `Code source ${path} does not look like a zip archive (it does not start with a zip signature).`,
    );
  }
  const sha256 = hash.digest('hex');
  cache.updates.set(path, { files: tuples, sha256, size: st.size });
  return { zip: path, sha256, size: st.size, cached: false };
}
