import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, readFile, rename, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOnce } from './build-once.ts';
import { readZip, useTempDirs } from '@toolkit/test-support';

const MiB = 1 << 20;

/** Compressible source text whose lines all differ, so every MiB piece deflates to different bytes. */
function sourceLike(bytes: number, seed = 0): Buffer {
  const lines: string[] = [];
  for (let size = 0, i = 0; size < bytes; i++) {
    const line = `export const v${seed}_${i} = compute(${(i * 31 + seed) % 97}, "${(i * 7919 + seed).toString(36)}");\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

describe('large edited files copy their unchanged deflated pieces from the previous zip', () => {
  const temp = useTempDirs();

  const build = buildOnce;

  /** A source with one large file `big.js` and a small one; primed into a build cache. */
  async function primed(big: Buffer) {
    const root = await temp();
    const source = join(root, 'src');
    await mkdir(source);
    await writeFile(join(source, 'big.js'), big);
    await writeFile(join(source, 'small.js'), sourceLike(3000, 9));
    const buildDir = join(root, 'cache');
    expect((await build(source, buildDir)).pieces).toBe(0);
    let colds = 0;
    /** Rebuilds incrementally and checks the zip against a cold build of the same folder. */
    const rebuild = async () => {
      const incremental = await build(source, buildDir);
      const cold = await build(source, join(root, `cold-${colds++}`));
      expect(cold.pieces).toBe(0);
      expect(incremental.bytes.equals(cold.bytes)).toBe(true);
      const entries = await readZip(incremental.zip);
      expect(entries.find((e) => e.name === 'big.js')!.content.equals(await readFile(join(source, 'big.js')))).toBe(
        true,
      );
      return incremental;
    };
    return { root, source, big: join(source, 'big.js'), rebuild };
  }

  it('an append deflates only the last piece', async () => {
    const { big, rebuild } = await primed(sourceLike(3 * MiB + 5000));
    await appendFile(big, '\n// edited\n');
    // Pieces 0, 1 and 2 are whole MiBs before and after; the last piece changed.
    expect((await rebuild()).pieces).toBe(3);
    await appendFile(big, '\n// edited again\n');
    expect((await rebuild()).pieces).toBe(3);
  });

  it('an edit in the middle copies the pieces before it and those after the next one', async () => {
    const { big, rebuild } = await primed(sourceLike(4 * MiB + 5000));
    const handle = await open(big, 'r+');
    await handle.write(Buffer.from('/* changed */'), 0, 13, MiB + 100); // inside piece 1
    await handle.close();
    // Piece 1 changed and piece 2 is primed with its end; pieces 0 and 3 are copied.
    expect((await rebuild()).pieces).toBe(2);
  });

  it('a same-size edit with a new mtime is seen and only its pieces are deflated again', async () => {
    const { big, rebuild } = await primed(sourceLike(3 * MiB + 100));
    const handle = await open(big, 'r+');
    await handle.write(Buffer.from('// edit'), 0, 7, 0); // inside piece 0
    await handle.close();
    const later = new Date(Date.now() + 5000);
    await utimes(big, later, later);
    // Pieces 0 and 1 (primed by 0) are deflated again; piece 2 is copied.
    expect((await rebuild()).pieces).toBe(1);
  });

  it('a truncated file copies the pieces that are still followed by another', async () => {
    const { big, rebuild } = await primed(sourceLike(4 * MiB + 5000));
    await truncate(big, 2 * MiB + 10);
    expect((await rebuild()).pieces).toBe(2);
    // Exactly two MiBs: piece 1 now ends the stream, so it is deflated again.
    await truncate(big, 2 * MiB);
    expect((await rebuild()).pieces).toBe(1);
  });

  it('a file replaced by another of the same size and mtime copies nothing of the old one', async () => {
    const { source, big, rebuild } = await primed(sourceLike(2 * MiB + 300, 1));
    const { mtime } = await stat(big);
    const replacement = join(source, 'replacement.tmp');
    await writeFile(replacement, sourceLike(2 * MiB + 300, 2));
    await utimes(replacement, mtime, mtime);
    await rename(replacement, big); // a new inode: the stat filter sees the change
    const rebuilt = await rebuild();
    expect(rebuilt.pieces).toBe(0);
    expect(rebuilt.reused).toBe(1); // small.js
  });

  it('pieces stay reusable after a build that copied the large entry whole', async () => {
    const { source, big, rebuild } = await primed(sourceLike(3 * MiB + 77));
    await writeFile(join(source, 'small.js'), sourceLike(2000, 5));
    expect((await rebuild()).reused).toBe(1); // big.js, copied whole
    await appendFile(big, '// more\n');
    expect((await rebuild()).pieces).toBe(3);
  });

  it('an incompressible (stored) large file has no pieces to copy', async () => {
    const { big, rebuild } = await primed(randomBytes(2 * MiB + 10));
    await appendFile(big, randomBytes(100));
    expect((await rebuild()).pieces).toBe(0);
  });

  it('piece maps that do not match the previous zip are not used', async () => {
    const { root, big, rebuild } = await primed(sourceLike(3 * MiB + 5000));
    const indexPath = join(root, 'cache', 'index.json');
    const index = JSON.parse(await readFile(indexPath, 'utf8')) as {
      sources: Record<string, { pieces: [string, { lengths: number[] }][] }>;
    };
    const [record] = Object.values(index.sources);
    // Lengths that no longer add up to the entry's compressed size, and a map in the wrong shape.
    record!.pieces[0]![1].lengths[0]! += 1;
    record!.pieces.push(['small.js', { lengths: 'no' } as never]);
    await writeFile(indexPath, JSON.stringify(index));
    await appendFile(big, '\n// edited\n');
    expect((await rebuild()).pieces).toBe(0);
  });
});
