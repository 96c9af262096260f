import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeTree } from '@toolkit/test-support';
import { walkDirectory, type WalkedFile } from '../src/directory-walk.ts';

describe('walks sharing linked folders', () => {
  const temp = useTempDirs();

  it('lists a folder linked from several sources as a walk of each would, tagged caches left out', async () => {
    const root = await temp();
    await writeTree(join(root, 'deps'), {
      'node_modules/a/index.js': 'a',
      'node_modules/b/lib/b.js': 'b',
      'node_modules/.cache/CACHEDIR.TAG': 'Signature: 8a477f597d28d172789f06886806bc55\n',
      'node_modules/.cache/junk': 'x',
    });
    for (const stage of ['one', 'two']) {
      await writeTree(join(root, stage), { 'index.js': stage });
      await symlink(join(root, 'deps/node_modules'), join(root, stage, 'node_modules'));
    }
    const names = (files: readonly WalkedFile[]) => files.map((f) => f.name);
    const linkedFolders = new Map<string, readonly WalkedFile[]>();
    for (const stage of ['one', 'two']) {
      const shared = await walkDirectory(join(root, stage), { linkedFolders });
      const alone = await walkDirectory(join(root, stage));
      expect(names(shared)).toEqual(['index.js', 'node_modules/a/index.js', 'node_modules/b/lib/b.js']);
      expect(shared.map(({ path: _path, ...stat }) => stat)).toEqual(alone.map(({ path: _path, ...stat }) => stat));
    }
    expect(linkedFolders.size).toBe(1);
  });

  it('leaves out the excluded folder before following its link, which may not lead anywhere yet', async () => {
    const root = await temp();
    await writeTree(join(root, 'stage'), { 'index.js': 'x', 'lib/node_modules/kept.js': 'k' });
    await symlink(join(root, 'not-installed-yet/node_modules'), join(root, 'stage', 'node_modules'));
    const files = await walkDirectory(join(root, 'stage'), { exclude: 'node_modules' });
    expect(files.map((f) => f.name)).toEqual(['index.js', 'lib/node_modules/kept.js']);
    await expect(walkDirectory(join(root, 'stage'))).rejects.toThrow(/Broken symbolic link 'node_modules'/);
  });
});
