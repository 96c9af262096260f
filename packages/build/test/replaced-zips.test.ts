import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArtifacts } from '../src/index.ts';
import { buildOnce } from './build-once.ts';
import { useTempDirs, writeTree } from '@toolkit/test-support';

const zipsIn = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.zip')).sort();
const indexOf = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { replaced?: string[] };

describe('zips replaced by a rebuild', () => {
  const temp = useTempDirs();

  it('keeps the last zip and the one it replaced until the next build, which deletes the older one', async () => {
    const root = await temp();
    const source = join(root, 'src');
    const buildDir = join(root, 'cache');
    await writeTree(source, { 'index.js': 'export const v = 1;\n' });
    const first = await buildOnce(source, buildDir);
    expect((await indexOf(buildDir)).replaced).toEqual([]);

    await writeFile(join(source, 'index.js'), 'export const v = 2;\n');
    const second = await buildOnce(source, buildDir);
    // The first zip is only listed: a reader given its path by the last build still finds it.
    expect(await zipsIn(buildDir)).toEqual([first.zip, second.zip].map((z) => z.slice(buildDir.length + 1)).sort());
    expect((await indexOf(buildDir)).replaced).toEqual([first.zip.slice(buildDir.length + 1, -'.zip'.length)]);

    await writeFile(join(source, 'index.js'), 'export const v = 3;\n');
    const third = await buildOnce(source, buildDir);
    expect(existsSync(first.zip)).toBe(false);
    expect(await zipsIn(buildDir)).toEqual([second.zip, third.zip].map((z) => z.slice(buildDir.length + 1)).sort());

    // Any next build deletes what the last one replaced, even one that writes nothing.
    const again = await buildOnce(source, buildDir);
    expect(again.zip).toBe(third.zip);
    expect(existsSync(second.zip)).toBe(false);
    expect(existsSync(third.zip)).toBe(true);
  });

  it('never deletes a zip another source still names, nor one this build makes again', async () => {
    const root = await temp();
    const [a, b] = [join(root, 'a'), join(root, 'b')];
    const buildDir = join(root, 'cache');
    await writeTree(a, { 'index.js': 'same\n' });
    await writeTree(b, { 'index.js': 'same\n' });
    const build = () =>
      buildArtifacts(
        [
          { id: 'A', source: { kind: 'directory', path: a } },
          { id: 'B', source: { kind: 'directory', path: b } },
        ],
        { buildDir, concurrency: 1 },
      );
    const [sharedA] = await build();
    // A moves on; B still names the zip both had.
    await writeFile(join(a, 'index.js'), 'edited\n');
    await build();
    await writeFile(join(a, 'index.js'), 'edited again\n');
    await build();
    expect(existsSync(sharedA!.zip)).toBe(true);

    // A edited back to what it held two builds ago: its zip is listed as replaced, then made again.
    const single = join(root, 'single');
    const cache = join(root, 'single-cache');
    await writeTree(single, { 'index.js': 'one\n' });
    const one = await buildOnce(single, cache);
    await writeFile(join(single, 'index.js'), 'two\n');
    await buildOnce(single, cache);
    await writeFile(join(single, 'index.js'), 'one\n');
    const back = await buildOnce(single, cache);
    expect(back.zip).toBe(one.zip);
    expect(existsSync(back.zip)).toBe(true);
    await writeFile(join(single, 'index.js'), 'three\n');
    await buildOnce(single, cache);
    expect(existsSync(one.zip)).toBe(true);
  });

  it('ignores a list entry that is not a zip digest', async () => {
    const root = await temp();
    const source = join(root, 'src');
    const buildDir = join(root, 'cache');
    await writeTree(source, { 'index.js': 'x\n' });
    await buildOnce(source, buildDir);
    const index = JSON.parse(await readFile(join(buildDir, 'index.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(root, 'keep.zip'), 'not ours');
    index.replaced = ['../keep', 'index'];
    await writeFile(join(buildDir, 'index.json'), JSON.stringify(index));
    await writeFile(join(source, 'index.js'), 'y\n');
    await buildOnce(source, buildDir);
    expect(existsSync(join(root, 'keep.zip'))).toBe(true);
  });
});
