import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { messages } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { buildArtifacts, zipDirectory } from '../src/index.ts';
import { readZip, useTempDirs, writeTree } from '@toolkit/test-support';

const fileRequest = (id: string, path: string) => ({ id, source: { kind: 'zip-file' as const, path } });

describe('a code source that is one file', () => {
  const temp = useTempDirs();

  it('zips a file that is not a zip alone, under its own name, the same zip as its folder’s, cached by stat', async () => {
    const root = await temp();
    await writeTree(root, { 'fn/handler.py': 'def handler(event, context):\n    return 1\n' });
    const buildDir = join(root, 'build');
    const [built] = await buildArtifacts([fileRequest('Fn', join(root, 'fn/handler.py'))], { buildDir });
    expect(built).toMatchObject({ cached: false, buildMethod: 'zip-file' });
    expect(built!.zip).toBe(join(buildDir, `${built!.sha256}.zip`));
    expect((await readZip(built!.zip)).map((e) => [e.name, e.content.toString()])).toEqual([
      ['handler.py', 'def handler(event, context):\n    return 1\n'],
    ]);
    // Zipped as a folder holding only that file would be: the same deterministic bytes.
    await zipDirectory(join(root, 'fn'), join(root, 'folder.zip'));
    expect(await readFile(built!.zip)).toEqual(await readFile(join(root, 'folder.zip')));

    const [again] = await buildArtifacts([fileRequest('Fn', join(root, 'fn/handler.py'))], { buildDir });
    expect(again).toEqual({ ...built, cached: true });
    await writeFile(join(root, 'fn/handler.py'), 'def handler(event, context):\n    return 2\n');
    const [changed] = await buildArtifacts([fileRequest('Fn', join(root, 'fn/handler.py'))], { buildDir });
    expect(changed).toMatchObject({ cached: false });
    expect(changed!.sha256).not.toBe(built!.sha256);
  });

  it('uses a zip as it is, and refuses a file named .zip or .jar that is not one', async () => {
    const root = await temp();
    await writeTree(root, { 'fake.zip': 'hello', 'lib.JAR': 'hello', 'src/a.js': 'a\n' });
    const buildDir = join(root, 'build');
    for (const name of ['fake.zip', 'lib.JAR'])
      await expect(buildArtifacts([fileRequest('L', join(root, name))], { buildDir })).rejects.toMatchObject({
        code: messages.BuildNotAZip.code,
      });
    const zip = join(root, 'code.bin');
    await zipDirectory(join(root, 'src'), zip);
    const [used] = await buildArtifacts([fileRequest('L', zip)], { buildDir });
    expect(used!.zip).toBe(zip);
  });
});
