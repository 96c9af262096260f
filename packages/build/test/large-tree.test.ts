import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArtifacts } from '../src/index.ts';
import { readZip, tempDir, type Tree, writeTree } from '@toolkit/test-support';

/** ~30 MB of text that deflates well but not trivially. */
function bigText(): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 30 * 1024 * 1024; i++) {
    const line = `export const value${i} = { id: ${i}, hash: "${((i * 2654435761) >>> 0).toString(36)}", tags: ["a${i % 97}", "b${i % 13}"] };\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''));
}

describe('a large folder', () => {
  const tree: Tree = { 'bundle.js': bigText(), 'model.bin': randomBytes(3 * 1024 * 1024), node_modules: {} };
  const expected = new Map<string, Buffer>([
    ['bundle.js', tree['bundle.js'] as Buffer],
    ['model.bin', tree['model.bin'] as Buffer],
  ]);
  for (let p = 0; p < 40; p++) {
    const pkg: Tree = {};
    for (let f = 0; f < 50; f++) {
      const content = Buffer.from(
        `// pkg${p} file ${f}\nmodule.exports = ${JSON.stringify({ p, f, text: 'x'.repeat((p * 50 + f) % 700) })};\n`,
      );
      pkg[`f${f}.js`] = content;
      expected.set(`node_modules/pkg${p}/f${f}.js`, content);
    }
    (tree.node_modules as Tree)[`pkg${p}`] = pkg;
  }
  let root = '';
  let cleanup = async (): Promise<void> => {};

  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir());
    await writeTree(join(root, 'src'), tree);
  });
  afterAll(() => cleanup());

  it('builds ~2000 small files and a 30 MB file and round-trips every byte', async () => {
    const [built] = await buildArtifacts([{ id: 'Big', source: { kind: 'directory', path: join(root, 'src') } }], {
      buildDir: join(root, 'build'),
    });
    const entries = await readZip(built?.zip as string);
    expect(entries).toHaveLength(expected.size);
    expect(entries.map((e) => e.name)).toEqual(
      [...expected.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
    for (const entry of entries)
      expect(entry.content.equals(expected.get(entry.name) as Buffer), entry.name).toBe(true);
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(byName.get('bundle.js')?.method).toBe(8);
    expect(byName.get('model.bin')?.method).toBe(0); // random bytes do not deflate: stored
    expect(built?.size).toBeLessThan(30 * 1024 * 1024);
  });
});
