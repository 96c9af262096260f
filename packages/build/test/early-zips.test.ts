import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { messages, recordingIoHost } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeNpmProject, writeTree, zipEntryNames } from '@toolkit/test-support';
import { buildArtifacts, zipDirectory, type BuildRequest } from '../src/index.ts';

const toolEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

function npmPackage(name: string) {
  return {
    name,
    version: '1.0.0',
    files: { 'lib/index.js': `exports.${name} = ${JSON.stringify(name.repeat(300))};\n` },
  };
}

/** Two Node.js functions sharing a lockfile of `names`, each with its own handler. */
async function twoFunctions(root: string, names: readonly string[]): Promise<BuildRequest[]> {
  await writeTree(join(root, 'one'), { 'index.js': 'exports.handler = async () => 1;\n' });
  writeNpmProject(join(root, 'one'), 'app', names.map(npmPackage));
  cpSync(join(root, 'one'), join(root, 'two'), { recursive: true });
  writeFileSync(join(root, 'two', 'index.js'), 'exports.handler = async () => 2;\n');
  return ['one', 'two'].map((id) => ({
    id,
    source: { kind: 'directory', path: join(root, id) },
    build: { logicalId: id, runtime: 'nodejs20.x', architecture: 'x86_64', layer: false },
  }));
}

async function build(requests: BuildRequest[], buildDir: string) {
  const io = recordingIoHost();
  const built = await buildArtifacts(requests, { buildDir, io, concurrency: 2, env: toolEnv });
  const zipped = io.messages.filter((m) => messages.BuildZipped.is(m)).map((m) => m.data!);
  const functions = built.map((artifact) => zipped.find((z) => z.sha256 === artifact.sha256)!);
  return { built, functions };
}

describe('functions zipped while their dependencies install', () => {
  const temp = useTempDirs();

  it('copies the own files zipped during npm ci, giving the zip of a build whose install was already cached', async () => {
    const root = await temp();
    const requests = await twoFunctions(root, ['alpha', 'beta']);
    const buildDir = join(root, 'cache');
    const cold = await build(requests, buildDir);
    expect(cold.built.map((a) => a.dependencies?.reused)).toEqual([false, true]);
    // Every entry copied: the function's own files from its early zip, the rest from the shared zip.
    for (const zipped of cold.functions) expect(zipped.reused).toBe(zipped.entries);
    // The early zips were temp files: none is left behind, none is in the cache by digest.
    expect(readdirSync(buildDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // The same build with the install already in the dependency cache: no early zip, the
    // function's own files are deflated, and the zips are the same bytes.
    for (const name of readdirSync(buildDir))
      if (name.endsWith('.zip') || name === 'index.json') rmSync(join(buildDir, name));
    const warmInstall = await build(requests, buildDir);
    expect(warmInstall.built.map((a) => a.dependencies?.reused)).toEqual([true, true]);
    // index.js, package.json, package-lock.json and two tarballs were deflated again.
    for (const zipped of warmInstall.functions) expect(zipped.entries - zipped.reused).toBe(5);
    expect(warmInstall.built.map((a) => a.sha256)).toEqual(cold.built.map((a) => a.sha256));
    for (const [i, artifact] of cold.built.entries()) {
      const alone = join(root, `${artifact.id}-alone.zip`);
      await zipDirectory(cold.functions[i]!.source, alone);
      expect((await readFile(alone)).equals(await readFile(artifact.zip))).toBe(true);
    }
  });

  it('installs again when the lockfile changes, and the zips hold the new dependency', async () => {
    const root = await temp();
    const requests = await twoFunctions(root, ['alpha']);
    const buildDir = join(root, 'cache');
    const first = await build(requests, buildDir);
    writeNpmProject(join(root, 'one'), 'app', ['alpha', 'gamma'].map(npmPackage));
    // The same packed tarballs and lockfile in both (tar records the second it packed in, so
    // packing twice may give two lockfiles), as one lockfile shared by two functions gives them.
    for (const file of ['package.json', 'package-lock.json', 'vendor'])
      cpSync(join(root, 'one', file), join(root, 'two', file), { recursive: true });
    const second = await build(requests, buildDir);
    expect(second.built.map((a) => a.dependencies?.reused)).toEqual([false, true]);
    expect(second.built[0]!.dependencies!.cacheKey).not.toBe(first.built[0]!.dependencies!.cacheKey);
    for (const zipped of second.functions) expect(zipped.reused).toBe(zipped.entries);
    const names = await zipEntryNames(second.built[0]!.zip);
    expect(names).toContain('node_modules/gamma/lib/index.js');
    expect(names).toContain('vendor/gamma-1.0.0.tgz');
  });
});

describe('a shared dependency folder zipped in parts', () => {
  const temp = useTempDirs();

  it('deflates its parts on every worker and copies them into a zip byte-identical to one made whole', async () => {
    const root = await temp();
    // Two packages of about 700 KB each: a part per worker (a part holds 512 KiB at least).
    const big = (name: string, seed: number) => ({
      name,
      version: '1.0.0',
      files: Object.fromEntries(
        Array.from({ length: 14 }, (_, i) => [
          `lib/part${i}.js`,
          Array.from({ length: 2500 }, (_, l) => `exports.v${i}_${l} = ${(seed * 31 + i * 7 + l) % 997};`).join('\n'),
        ]),
      ),
    });
    await writeTree(join(root, 'fn'), { 'index.js': 'exports.handler = async () => 1;\n' });
    writeNpmProject(join(root, 'fn'), 'app', [big('alpha', 1), big('beta', 2)]);
    const request: BuildRequest = {
      id: 'fn',
      source: { kind: 'directory', path: join(root, 'fn') },
      build: { logicalId: 'fn', runtime: 'nodejs20.x', architecture: 'x86_64', layer: false },
    };
    const io = recordingIoHost();
    const buildDir = join(root, 'cache');
    const [built] = await buildArtifacts([request], { buildDir, io, concurrency: 2, env: toolEnv });
    const zipped = io.messages.filter((m) => messages.BuildZipped.is(m)).map((m) => m.data!);
    const shared = zipped.find((z) => z.sha256 !== built!.sha256)!;
    // Made by copying every entry of its parts, as the function's zip copies the shared zip's.
    expect(shared.reused).toBe(shared.entries);
    const alone = join(root, 'shared-alone.zip');
    const summary = await zipDirectory(shared.source, alone);
    expect(summary.sha256).toBe(shared.sha256);
    expect(readdirSync(buildDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
