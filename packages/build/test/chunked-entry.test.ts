import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { OperationError, messages } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { chunkBuffers, ChunkedEntry } from '../src/chunked-entry.ts';
import { HashingSink } from '../src/hashing-sink.ts';
import { zipDirectory } from '../src/index.ts';
import { METHOD_DEFLATE, METHOD_STORE } from '../src/zip-format.ts';
import { readZip, useTempDirs } from '@toolkit/test-support';

const MiB = 1 << 20;

/** Compressible text that is not one repeated block, so deflate has real work across chunk borders. */
function sourceLike(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `export const value${i} = compute(${i % 97}, "${(i * 7919).toString(36)}");\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

describe('large files, deflated a chunk at a time on a build worker', () => {
  const temp = useTempDirs();

  it('round-trips files of several chunks, exactly two chunks, and incompressible data (stored)', async () => {
    const root = await temp();
    const src = join(root, 'src');
    const files = {
      'big.js': sourceLike(3 * MiB + 12345),
      'two.js': sourceLike(2 * MiB),
      'random.bin': randomBytes(MiB + MiB / 2),
      'small.js': sourceLike(1000),
    };
    await mkdir(src);
    for (const [name, content] of Object.entries(files)) await writeFile(join(src, name), content);
    const first = await zipDirectory(src, join(root, 'a.zip'));
    const second = await zipDirectory(src, join(root, 'b.zip'));
    expect(second.sha256).toBe(first.sha256);
    const entries = await readZip(join(root, 'a.zip'));
    for (const entry of entries) expect(entry.content.equals(files[entry.name as keyof typeof files])).toBe(true);
    expect(Object.fromEntries(entries.map((e) => [e.name, e.method]))).toEqual({
      'big.js': METHOD_DEFLATE,
      'random.bin': METHOD_STORE,
      'small.js': METHOD_DEFLATE,
      'two.js': METHOD_DEFLATE,
    });
  });

  it('compresses like one pass: each chunk is primed with the 32 KB before it', async () => {
    const root = await temp();
    const path = join(root, 'big.js');
    const content = sourceLike(5 * MiB + 777);
    await writeFile(path, content);
    const out = await open(join(root, 'out.bin'), 'w');
    try {
      const result = await ChunkedEntry.open(path, content.length, 6, chunkBuffers()).writeTo(
        new HashingSink({ kind: 'file', handle: out }),
      );
      const whole = deflateRawSync(content, { level: 6 }).length;
      expect(result.size).toBe(content.length);
      expect(result.compressedSize).toBeLessThan(whole * 1.001 + 64);
    } finally {
      await out.close();
    }
  });

  it('reports a file that grew after it was listed', async () => {
    const root = await temp();
    const path = join(root, 'grows.js');
    const content = sourceLike(MiB + 10);
    await writeFile(path, content);
    const entry = ChunkedEntry.open(path, content.length, 6, chunkBuffers());
    await appendFile(path, 'more\n');
    const out = await open(join(root, 'out.bin'), 'w');
    try {
      const error = await entry.writeTo(new HashingSink({ kind: 'file', handle: out })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationError);
      expect(error).toMatchObject({ code: messages.BuildFileChanged.code });
    } finally {
      await out.close();
    }
  });

  it('reports a file that shrank after it was listed', async () => {
    const root = await temp();
    const path = join(root, 'shrinks.js');
    await writeFile(path, sourceLike(3 * MiB));
    const entry = ChunkedEntry.open(path, 3 * MiB, 6, chunkBuffers());
    await writeFile(path, sourceLike(2 * MiB));
    const out = await open(join(root, 'out.bin'), 'w');
    try {
      await expect(entry.writeTo(new HashingSink({ kind: 'file', handle: out }))).rejects.toMatchObject({
        code: messages.BuildFileChanged.code,
      });
    } finally {
      await out.close();
    }
  });
});
