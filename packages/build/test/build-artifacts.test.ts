import { createHash } from 'node:crypto';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordingIoHost, UserInputError, messages } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { buildArtifacts, zipDirectory } from '../src/index.ts';
import { readZip, type Tree, useTempDirs, writeTree } from '@toolkit/test-support';

const MTIME = 1_600_000_000;
const app: Tree = { 'index.js': 'exports.handler = async () => "v1";\n', lib: { 'a.js': 'module.exports = "a";\n' } };

describe('buildArtifacts', () => {
  const temp = useTempDirs();
  const dirRequest = (id: string, path: string) => ({ id, source: { kind: 'directory' as const, path } });

  it('builds into <buildDir>/<sha256>.zip and writes the stat index', async () => {
    const root = await temp();
    await writeTree(join(root, 'src'), app, { mtime: MTIME });
    const buildDir = join(root, '.toolkit/build');
    const [built] = await buildArtifacts([dirRequest('Fn', join(root, 'src'))], { buildDir });
    const bytes = await readFile(join(buildDir, `${built?.sha256}.zip`));
    expect(built).toEqual({
      id: 'Fn',
      source: join(root, 'src'),
      zip: join(buildDir, `${built?.sha256}.zip`),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      cached: false,
      buildMethod: 'copy',
      dependencies: null,
    });
    const index = JSON.parse(await readFile(join(buildDir, 'index.json'), 'utf8'));
    expect(index.sources[join(root, 'src')]).toMatchObject({
      sha256: built?.sha256,
      files: [
        ['index.js', 36, MTIME * 1000, expect.any(Number), 0o644],
        ['lib/a.js', 22, MTIME * 1000, expect.any(Number), 0o644],
      ],
    });
    expect((await readdir(buildDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('reuses the zip without reading files when every stat matches (stat cache semantics)', async () => {
    const root = await temp();
    const src = join(root, 'src');
    await writeTree(src, app, { mtime: MTIME });
    const buildDir = join(root, 'build');
    const [first] = await buildArtifacts([dirRequest('Fn', src)], { buildDir });
    // Same size, same inode, mtime restored: only reading the file could tell it changed.
    await writeFile(join(src, 'index.js'), 'exports.handler = async () => "v2";\n');
    await utimes(join(src, 'index.js'), MTIME, MTIME);
    const io = recordingIoHost();
    const [second] = await buildArtifacts([dirRequest('Fn', src)], { buildDir, io });
    expect(second).toEqual({ ...first, cached: true });
    const entries = await readZip(second?.zip as string);
    expect(entries.find((e) => e.name === 'index.js')?.content.toString()).toContain('"v1"');
    expect(io.messages.map((m) => m.code)).toEqual([messages.BuildCacheHit.code]);
    expect(io.events).toEqual([
      { task: 'Fn', step: 'build', state: 'start' },
      { task: 'Fn', step: 'build', state: 'skip', detail: expect.stringContaining('(cached)') },
    ]);
  });

  it('rebuilds when a file size or mtime changes, or a file is added', async () => {
    const root = await temp();
    const src = join(root, 'src');
    await writeTree(src, app, { mtime: MTIME });
    const buildDir = join(root, 'build');
    const [first] = await buildArtifacts([dirRequest('Fn', src)], { buildDir });

    await utimes(join(src, 'lib/a.js'), MTIME + 1, MTIME + 1);
    const [touched] = await buildArtifacts([dirRequest('Fn', src)], { buildDir });
    expect(touched).toMatchObject({ cached: false, sha256: first?.sha256 }); // same bytes, same address

    await writeFile(join(src, 'index.js'), 'exports.handler = async () => "version 3";\n');
    await utimes(join(src, 'index.js'), MTIME, MTIME);
    const [resized] = await buildArtifacts([dirRequest('Fn', src)], { buildDir });
    expect(resized?.cached).toBe(false);
    expect(resized?.sha256).not.toBe(first?.sha256);

    await writeFile(join(src, 'new.js'), 'x');
    const [added] = await buildArtifacts([dirRequest('Fn', src)], { buildDir });
    expect(added?.cached).toBe(false);
    expect((await readZip(added?.zip as string)).map((e) => e.name)).toContain('new.js');

    const [again] = await buildArtifacts([dirRequest('Fn', src)], { buildDir });
    expect(again).toEqual({ ...added, cached: true });
  });

  it('rebuilds when the cached zip was deleted', async () => {
    const root = await temp();
    await writeTree(join(root, 'src'), app, { mtime: MTIME });
    const buildDir = join(root, 'build');
    const [first] = await buildArtifacts([dirRequest('Fn', join(root, 'src'))], { buildDir });
    await writeFile(first?.zip as string, 'not the zip');
    const [second] = await buildArtifacts([dirRequest('Fn', join(root, 'src'))], { buildDir });
    expect(second).toEqual(first);
    expect(
      createHash('sha256')
        .update(await readFile(second?.zip as string))
        .digest('hex'),
    ).toBe(first?.sha256);
  });

  it('zips a folder once for a function and a layer that both take it as it is', async () => {
    const root = await temp();
    await writeTree(join(root, 'src'), app);
    const io = recordingIoHost();
    const source = { kind: 'directory' as const, path: join(root, 'src') };
    const built = await buildArtifacts(
      [
        { id: 'Fn', source, build: { logicalId: 'Fn', runtime: 'nodejs20.x', architecture: 'x86_64', layer: false } },
        { id: 'Layer', source, build: { logicalId: 'Layer', architecture: 'arm64', layer: true } },
      ],
      { buildDir: join(root, 'build'), io },
    );
    expect(io.messages.filter((m) => messages.BuildZipped.is(m))).toHaveLength(1);
    expect(built.map((b) => [b.id, b.buildMethod, b.zip === built[0]!.zip])).toEqual([
      ['Fn', 'copy', true],
      ['Layer', 'copy', true],
    ]);
  });

  it('zips a folder shared by several functions once, even when requested concurrently', async () => {
    const root = await temp();
    await writeTree(join(root, 'src'), app);
    await writeTree(join(root, 'copy'), app);
    const io = recordingIoHost();
    const built = await buildArtifacts(
      [
        dirRequest('A', join(root, 'src')),
        dirRequest('B', `${join(root, 'src')}/`),
        dirRequest('C', join(root, 'src', 'lib', '..')),
        dirRequest('D', join(root, 'copy')),
      ],
      { buildDir: join(root, 'build'), concurrency: 4, io },
    );
    const zipped = io.messages.filter(messages.BuildZipped.is).map((m) => m.data?.source);
    expect(zipped.sort()).toEqual([join(root, 'copy'), join(root, 'src')]);
    expect(new Set(built.map((b) => b.zip)).size).toBe(1); // same content, same address
    expect(built.map((b) => b.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(
      io.events
        .filter((e) => e.state === 'start')
        .map((e) => e.task)
        .sort(),
    ).toEqual(['A', 'B', 'C', 'D']);
    expect(
      io.events
        .filter((e) => e.state === 'done')
        .map((e) => e.task)
        .sort(),
    ).toEqual(['A', 'B', 'C', 'D']);
  });

  it('uses a .zip source as is, without copying it', async () => {
    const root = await temp();
    await writeTree(join(root, 'src'), app);
    const zip = join(root, 'prebuilt.zip');
    const made = await zipDirectory(join(root, 'src'), zip);
    const buildDir = join(root, 'build');
    const [built] = await buildArtifacts([{ id: 'Layer', source: { kind: 'zip-file', path: zip } }], { buildDir });
    expect(built).toEqual({
      id: 'Layer',
      source: zip,
      zip,
      sha256: made.sha256,
      size: made.size,
      cached: false,
      buildMethod: 'zip-file',
      dependencies: null,
    });
    expect((await readdir(buildDir)).filter((n) => n.endsWith('.zip'))).toEqual([]);
    const [again] = await buildArtifacts([{ id: 'Layer', source: { kind: 'zip-file', path: zip } }], { buildDir });
    expect(again).toEqual({ ...built, cached: true });
  });

  it('rejects a zip-file source that is not a zip, and missing sources, as user errors', async () => {
    const root = await temp();
    await writeTree(root, { 'fake.zip': 'hello', 'file.js': 'x' });
    const buildDir = join(root, 'build');
    await expect(
      buildArtifacts([{ id: 'L', source: { kind: 'zip-file', path: join(root, 'fake.zip') } }], { buildDir }),
    ).rejects.toMatchObject({ code: messages.BuildNotAZip.code });
    await expect(buildArtifacts([dirRequest('F', join(root, 'nope'))], { buildDir })).rejects.toMatchObject({
      code: messages.BuildSourceNotFound.code,
      message: expect.stringContaining(join(root, 'nope')),
    });
    await expect(buildArtifacts([dirRequest('F', join(root, 'file.js'))], { buildDir })).rejects.toBeInstanceOf(
      UserInputError,
    );
  });

  it('fails with the user error of a broken source and still records the others', async () => {
    const root = await temp();
    await writeTree(join(root, 'good'), app);
    await writeTree(join(root, 'bad'), { 'a.js': 'a', dangling: { symlink: 'nowhere' } });
    const buildDir = join(root, 'build');
    const io = recordingIoHost();
    await expect(
      buildArtifacts([dirRequest('Good', join(root, 'good')), dirRequest('Bad', join(root, 'bad'))], {
        buildDir,
        concurrency: 2,
        io,
      }),
    ).rejects.toMatchObject({
      code: messages.BuildBrokenSymlink.code,
    });
    expect(io.events).toContainEqual({
      task: 'Bad',
      step: 'build',
      state: 'fail',
      detail: expect.stringContaining("'dangling'"),
    });
    const [good] = await buildArtifacts([dirRequest('Good', join(root, 'good'))], { buildDir });
    expect(good?.cached).toBe(true);
  });

  it('reports each artifact to onBuilt as soon as its zip is ready, once per artifact sharing a source', async () => {
    const root = await temp();
    await writeTree(join(root, 'shared'), app, { mtime: MTIME });
    await writeTree(join(root, 'own'), { 'x.js': 'x' }, { mtime: MTIME });
    const seen: string[] = [];
    const built = await buildArtifacts(
      [
        dirRequest('A', join(root, 'shared')),
        dirRequest('B', join(root, 'shared')),
        dirRequest('C', join(root, 'own')),
      ],
      {
        buildDir: join(root, 'build'),
        onBuilt: (artifact) => seen.push(`${artifact.id}:${artifact.sha256}`),
      },
    );
    expect(seen.sort()).toEqual(built.map((b) => `${b.id}:${b.sha256}`).sort());
  });
});
