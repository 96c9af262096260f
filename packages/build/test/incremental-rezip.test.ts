import { createHash, randomBytes } from 'node:crypto';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOnce } from './build-once.ts';
import { type Tree, useTempDirs, writeTree } from '@toolkit/test-support';

/** Compressible text that differs per seed. */
function text(seed: number, bytes: number): string {
  const lines: string[] = [];
  for (let size = 0, i = 0; size < bytes; i++) {
    const line = `export const value${seed}_${i} = ${(seed * 7919 + i * 104729) % 1000003}; // line ${i}\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('').slice(0, bytes);
}

describe('incremental re-zip', () => {
  const temp = useTempDirs();

  const build = buildOnce;

  it('copies the unchanged entries of the previous zip and gives the bytes of a cold build', async () => {
    const root = await temp();
    const files: Tree = { 'big.js': text(0, 1_500_000), 'empty.txt': '' };
    for (let i = 0; i < 30; i++) files[`lib/m${String(i).padStart(2, '0')}.js`] = text(i + 1, 2_000 + i * 100);
    await writeTree(join(root, 'src'), files);
    const source = join(root, 'src');
    const buildDir = join(root, 'cache');
    expect((await build(source, buildDir)).reused).toBe(0);

    // One edit, one new file, one removal, one mode change, and the large streamed entry left alone.
    await writeFile(join(source, 'lib/m03.js'), text(99, 2_500));
    await writeFile(join(source, 'lib/new.js'), text(100, 900));
    await rm(join(source, 'lib/m10.js'));
    await chmod(join(source, 'lib/m20.js'), 0o755);
    const incremental = await build(source, buildDir);
    // 32 files before; m03, m10 (gone) and m20 changed; new.js is new.
    expect(incremental.reused).toBe(29);
    const cold = await build(source, join(root, 'cold-cache'));
    expect(cold.reused).toBe(0);
    expect(incremental.bytes.equals(cold.bytes)).toBe(true);
  });

  it('copies runs of unchanged entries that span several MiB, split where files changed', async () => {
    const root = await temp();
    const source = join(root, 'src');
    // Incompressible files are stored: the copied runs are MiB long and cross the sink's batches.
    const files: Tree = { 'a.js': text(1, 3_000) };
    for (let i = 0; i < 12; i++) files[`data/r${String(i).padStart(2, '0')}.bin`] = randomBytes(300_000 + i * 1_000);
    await writeTree(source, files);
    const buildDir = join(root, 'cache');
    await build(source, buildDir);

    await writeFile(join(source, 'a.js'), text(2, 3_100));
    await writeFile(join(source, 'data/r04.bin'), randomBytes(250_000));
    await rm(join(source, 'data/r08.bin'));
    const incremental = await build(source, buildDir);
    // r00–r03, r05–r07 and r09–r11 are copied: three runs, two of them longer than a MiB.
    expect(incremental.reused).toBe(10);
    const cold = await build(source, join(root, 'cold-cache'));
    expect(incremental.bytes.equals(cold.bytes)).toBe(true);
  });

  it('compresses everything again when the previous zip is gone', async () => {
    const root = await temp();
    await writeTree(join(root, 'src'), { 'a.js': text(1, 5_000), 'b.js': text(2, 5_000) });
    const buildDir = join(root, 'cache');
    const first = await build(join(root, 'src'), buildDir);
    await rm(join(buildDir, `${createHash('sha256').update(first.bytes).digest('hex')}.zip`));
    await writeFile(join(root, 'src/a.js'), text(3, 5_000));
    const again = await build(join(root, 'src'), buildDir);
    expect(again.reused).toBe(0);
  });
});
