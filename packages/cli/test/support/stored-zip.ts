import { buildZip } from '../../../signing/test/format-fixtures.ts';

/** A minimal zip (entries stored, not compressed) of `files`: path → text. Enough for Lambda to take as code. */
export function storedZip(files: Record<string, string>): Buffer {
  return buildZip(Object.entries(files).map(([name, content]) => ({ name, content })));
}
