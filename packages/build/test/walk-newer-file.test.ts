import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkDirectory } from '../src/directory-walk.ts';
import { useTempDirs, writeTree } from '@toolkit/test-support';

describe('a walk told the time of the last build', () => {
  const temp = useTempDirs();

  async function tree(): Promise<string> {
    const src = join(await temp(), 'src');
    await writeTree(src, { 'a.js': 'a', lib: { 'b.js': 'b', 'c.js': 'c' }, 'z.js': 'z' });
    // Every file as of one moment, the last build's.
    for (const name of ['a.js', 'lib/b.js', 'lib/c.js', 'z.js']) await utimes(join(src, name), 1_000, 1_000);
    return src;
  }

  it('says once, as soon as it meets a file modified since', async () => {
    const src = await tree();
    await utimes(join(src, 'lib/b.js'), 2_000, 2_000);
    await utimes(join(src, 'lib/c.js'), 3_000, 3_000);
    const found: number[] = [];
    const files = await walkDirectory(src, {
      newerThan: { mtimeMs: 1_000_000, found: () => found.push(found.length) },
    });
    expect(found).toEqual([0]);
    expect(files.map((f) => f.name)).toEqual(['a.js', 'lib/b.js', 'lib/c.js', 'z.js']);
  });

  it('says nothing when no file is newer', async () => {
    const src = await tree();
    let found = 0;
    await walkDirectory(src, { newerThan: { mtimeMs: 1_000_000, found: () => found++ } });
    expect(found).toBe(0);
  });
});
