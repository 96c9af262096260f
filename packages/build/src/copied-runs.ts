import type { WalkedFile } from './directory-walk.ts';
import type { PreviousZip, ReusableEntry } from './previous-zip.ts';

/** Entries of one earlier zip, back to back there, for files that follow one another in the new zip. */
export interface CopiedRun {
  zip: PreviousZip;
  entries: ReusableEntry[];
  /** Where the first entry starts and the last one ends in the earlier zip. */
  start: number;
  end: number;
}

/**
 * The run of files from `files[from]` (whose entry is `first`) that the same earlier zip
 * holds one right after another, stopping before `maxBytes`: they are copied with one read
 * and one write, where a copy per entry cost more than the bytes (a function holding 450
 * installed files copies them all as one run from the dependencies' shared zip).
 */
export function copiedRun(
  files: readonly WalkedFile[],
  from: number,
  first: readonly [PreviousZip, ReusableEntry],
  lookup: (file: WalkedFile) => readonly [PreviousZip, ReusableEntry] | undefined,
  maxBytes: number,
): CopiedRun {
  const [zip, entry] = first;
  const entries = [entry];
  let end = entry.end;
  for (let i = from + 1; i < files.length; i++) {
    const next = lookup(files[i]!);
    if (!next || next[0] !== zip || next[1].start !== end || next[1].end - entry.start > maxBytes) break;
    entries.push(next[1]);
    end = next[1].end;
  }
  return { zip, entries, start: entry.start, end };
}
