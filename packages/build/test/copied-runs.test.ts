import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeTree } from '@toolkit/test-support';
import { copiedRun } from '../src/copied-runs.ts';
import { walkDirectory, type WalkedFile } from '../src/directory-walk.ts';
import { PreviousZip } from '../src/previous-zip.ts';
import { zipDirectory } from '../src/zip-directory.ts';

describe('runs of entries copied from an earlier zip', () => {
  const temp = useTempDirs();

  async function earlier(names: readonly string[]) {
    const root = await temp();
    await writeTree(join(root, 'src'), Object.fromEntries(names.map((n) => [n, `content of ${n}\n`.repeat(50)])));
    await zipDirectory(join(root, 'src'), join(root, 'earlier.zip'));
    const files = await walkDirectory(join(root, 'src'));
    return { root, files, zip: join(root, 'earlier.zip') };
  }

  it('takes the files that follow one another in the earlier zip, and stops at a gap or at the byte limit', async () => {
    const { files, zip: path } = await earlier(['a.js', 'b.js', 'c.js', 'd.js', 'e.js']);
    // c.js is not reusable (as when it changed): the run from a.js ends at b.js, and d.js starts another.
    const zip = (await PreviousZip.open({ zip: path, names: ['a.js', 'b.js', 'd.js', 'e.js'] }))!;
    try {
      const lookup = (file: WalkedFile) => {
        const entry = zip.get(file.name, file.mode);
        return entry ? ([zip, entry] as const) : undefined;
      };
      const run = copiedRun(files, 0, lookup(files[0]!)!, lookup, 1 << 20);
      expect(run.entries).toHaveLength(2);
      expect(run.start).toBe(run.entries[0]!.start);
      expect(run.end).toBe(run.entries[1]!.end);
      expect(copiedRun(files, 3, lookup(files[3]!)!, lookup, 1 << 20).entries).toHaveLength(2);
      // A limit smaller than two entries: each run holds one.
      const one = lookup(files[3]!)![1];
      expect(copiedRun(files, 3, lookup(files[3]!)!, lookup, one.end - one.start).entries).toHaveLength(1);
    } finally {
      await zip.close();
    }
  });
});
