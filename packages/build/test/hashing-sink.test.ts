import { createHash, randomBytes } from 'node:crypto';
import { readSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HashingSink } from '../src/hashing-sink.ts';
import { useTempDirs } from '@toolkit/test-support';

const MiB = 1 << 20;

/** What the sink is fed: writes of every size around its 1 MiB batch, and ranges of a file read into it. */
function pieces(file: Buffer): Array<Buffer | { position: number; length: number }> {
  return [
    randomBytes(100),
    { position: 10, length: MiB + 5 },
    randomBytes(MiB - 200),
    randomBytes(3 * MiB + 1),
    { position: 0, length: 0 },
    { position: MiB + 17, length: 2 * MiB },
    Buffer.alloc(0),
    { position: file.length - 1, length: 1 },
  ];
}

async function feed(sink: HashingSink, source: string, file: Buffer): Promise<Buffer> {
  const expected: Buffer[] = [];
  const handle = await open(source, 'r');
  try {
    const read = (into: Buffer, offset: number, length: number, position: number): number =>
      readSync(handle.fd, into, offset, length, position);
    for (const piece of pieces(file)) {
      if (Buffer.isBuffer(piece)) {
        await sink.write(piece);
        expected.push(Buffer.from(piece));
        piece.fill(0); // the sink copied it: the caller may reuse its buffer at once
      } else {
        await sink.copyFrom(read, piece.position, piece.length, 'source too short');
        expected.push(file.subarray(piece.position, piece.position + piece.length));
      }
    }
  } finally {
    await handle.close();
  }
  return Buffer.concat(expected);
}

describe('the archive sink', () => {
  const temp = useTempDirs();

  it('writes, hashes and counts what it is given, to a file', async () => {
    const root = await temp();
    const file = randomBytes(4 * MiB);
    await writeFile(join(root, 'source.bin'), file);
    const out = await open(join(root, 'out.bin'), 'w');
    const sink = new HashingSink({ kind: 'file', handle: out });
    const expected = await feed(sink, join(root, 'source.bin'), file);
    const { sha256, size } = await sink.finish();
    await out.close();
    expect(size).toBe(expected.length);
    expect(sink.offset).toBe(expected.length);
    expect((await readFile(join(root, 'out.bin'))).equals(expected)).toBe(true);
    expect(sha256).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('gives a stream buffers of its own, which it may keep', async () => {
    const root = await temp();
    const file = randomBytes(4 * MiB);
    await writeFile(join(root, 'source.bin'), file);
    // A pass-through queues the very buffers it is given until they are read: all of them, here.
    const stream = new PassThrough({ highWaterMark: 64 * MiB });
    const sink = new HashingSink({ kind: 'stream', stream });
    const expected = await feed(sink, join(root, 'source.bin'), file);
    const { sha256 } = await sink.finish();
    stream.end();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(expected)).toBe(true);
    expect(sha256).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('refuses a file that ends before the range it should copy', async () => {
    const root = await temp();
    await writeFile(join(root, 'short.bin'), randomBytes(1000));
    const out = await open(join(root, 'out.bin'), 'w');
    const handle = await open(join(root, 'short.bin'), 'r');
    try {
      const sink = new HashingSink({ kind: 'file', handle: out });
      const read = (into: Buffer, offset: number, length: number, position: number): number =>
        readSync(handle.fd, into, offset, length, position);
      await expect(sink.copyFrom(read, 500, 600, 'the previous zip is too short')).rejects.toThrow(
        'the previous zip is too short',
      );
    } finally {
      await handle.close();
      await out.close();
    }
  });
});
