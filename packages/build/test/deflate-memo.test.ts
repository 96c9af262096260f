import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DeflateMemo } from '../src/deflate-memo.ts';
import type { Deflater } from '../src/deflaters.ts';

/** Deflates for real and counts the calls. */
function countingDeflater(level: number): Deflater & { calls: number } {
  const deflater = {
    calls: 0,
    deflate: async (data: Buffer) => {
      deflater.calls++;
      return deflateRawSync(data, { level });
    },
  };
  return deflater;
}

describe('DeflateMemo', () => {
  it('deflates a content seen again from memory, with the bytes a fresh deflate gives', async () => {
    const memo = new DeflateMemo();
    const six = countingDeflater(6);
    const shared = Buffer.from('module.exports = 1;\n'.repeat(500));
    const outputs = [];
    for (let i = 0; i < 5; i++) outputs.push(await memo.wrap(six, 6).deflate(Buffer.from(shared)));
    // Seen once: deflated, not kept. Seen twice: deflated and kept. Then answered from memory.
    expect(six.calls).toBe(2);
    for (const output of outputs) expect(output.equals(deflateRawSync(shared, { level: 6 }))).toBe(true);
    // Another level is another content.
    const nine = countingDeflater(9);
    expect((await memo.wrap(nine, 9).deflate(shared)).equals(deflateRawSync(shared, { level: 9 }))).toBe(true);
    expect(nine.calls).toBe(1);
  });

  it('deflates every content seen only once, each for itself', async () => {
    const memo = new DeflateMemo();
    const six = countingDeflater(6);
    for (let i = 0; i < 3; i++) await memo.wrap(six, 6).deflate(Buffer.from(`file ${i}\n`.repeat(100)));
    for (let i = 0; i < 3; i++) await memo.wrap(six, 6).deflate(Buffer.from(`other ${i}\n`.repeat(100)));
    expect(six.calls).toBe(6);
  });
});
