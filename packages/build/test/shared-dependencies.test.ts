import { cpSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { messages, recordingIoHost } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeNpmProject, writeTree } from '@toolkit/test-support';
import { buildArtifacts, zipDirectory } from '../src/index.ts';

const toolEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

/** Three packages of a few compressible files each. */
const packages = ['alpha', 'beta', 'gamma'].map((name) => ({
  name,
  version: '1.0.0',
  files: Object.fromEntries(
    Array.from({ length: 4 }, (_, i) => [
      `lib/part${i}.js`,
      `exports.${name}${i} = ${JSON.stringify(name.repeat(200))};\n`,
    ]),
  ),
}));

describe('dependencies shared by several functions', () => {
  const temp = useTempDirs();

  it('deflates each dependency once and copies its entry into every zip, byte-identical to zipping each alone', async () => {
    const root = await temp();
    await writeTree(join(root, 'one'), { 'index.js': 'exports.handler = async () => 1;\n' });
    writeNpmProject(join(root, 'one'), 'app', packages);
    cpSync(join(root, 'one'), join(root, 'two'), { recursive: true });
    writeFileSync(join(root, 'two', 'index.js'), 'exports.handler = async () => 2;\n');
    const io = recordingIoHost();
    const build = (id: string) => ({
      id,
      source: { kind: 'directory' as const, path: join(root, id) },
      build: { logicalId: id, runtime: 'nodejs20.x', architecture: 'x86_64', layer: false },
    });
    const built = await buildArtifacts([build('one'), build('two')], {
      buildDir: join(root, 'cache'),
      io,
      concurrency: 1,
      env: toolEnv,
    });
    const zipped = io.messages.filter((m) => messages.BuildZipped.is(m)).map((m) => m.data!);
    const functions = built.map((artifact) => zipped.find((z) => z.sha256 === artifact.sha256)!);
    // One more zip than functions: the installed node_modules, deflated once, copied from by both.
    const shared = zipped.filter((z) => !functions.includes(z));
    expect(shared).toHaveLength(1);
    expect(shared[0]!.reused).toBe(0);
    expect(shared[0]!.entries).toBeGreaterThanOrEqual(15); // 3 × (package.json + 4 parts), and npm's own lockfile
    // Every entry of a function's zip is copied: the dependencies from the shared zip, its own
    // files from the zip made of them while npm ran.
    expect(functions.map((z) => z.reused)).toEqual(functions.map((z) => z.entries));
    // index.js, package.json, package-lock.json and the three vendored tarballs.
    expect(functions.map((z) => z.entries)).toEqual([shared[0]!.entries + 6, shared[0]!.entries + 6]);
    for (const [i, artifact] of built.entries()) {
      // The same folder zipped with nothing to copy from: the copied entries changed no byte.
      const alone = join(root, `${artifact.id}-alone.zip`);
      await zipDirectory(functions[i]!.source, alone);
      expect((await readFile(alone)).equals(await readFile(artifact.zip))).toBe(true);
    }
  });
});
