import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder } from '../src/plugins/s3/aws-chunked-decoder.ts';

/** Frames `data` as aws-chunked with the given chunk sizes (the rest goes in a last chunk), then trailers. */
function frame(data: Buffer, sizes: number[], trailers: [string, string][], signed = false): Buffer {
  const parts: Buffer[] = [];
  const extension = signed ? `;chunk-signature=${'0'.repeat(64)}` : '';
  let at = 0;
  for (const size of [...sizes, data.length]) {
    const take = Math.min(size, data.length - at);
    if (take <= 0) continue;
    parts.push(Buffer.from(`${take.toString(16)}${extension}\r\n`), data.subarray(at, at + take), Buffer.from('\r\n'));
    at += take;
  }
  parts.push(Buffer.from(`0${extension}\r\n`));
  for (const [name, value] of trailers) parts.push(Buffer.from(`${name}:${value}\r\n`));
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

/** Feeds `input` to a decoder in pieces cut at `cuts`; resolves the decoded bytes and trailers. */
async function decode(input: Buffer, cuts: number[]): Promise<{ data: Buffer; trailers: Map<string, string> }> {
  const points = [...new Set(cuts.filter((cut) => cut > 0 && cut < input.length))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const point of [...points, input.length]) {
    pieces.push(input.subarray(from, point));
    from = point;
  }
  const decoder = new AwsChunkedDecoder();
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), decoder, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return { data: Buffer.concat(out), trailers: decoder.trailers };
}

describe('AwsChunkedDecoder', () => {
  it('decodes any chunking, cut anywhere, with its trailers', async () => {
    const trailer = fc.tuple(
      fc.constantFrom('x-amz-checksum-crc32', 'x-amz-checksum-sha256', 'x-amz-meta-note'),
      fc.stringMatching(/^[A-Za-z0-9+/=]{0,20}$/),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 200 }),
        fc.uniqueArray(trailer, { selector: ([name]) => name, maxLength: 3 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 60 }),
        async (bytes, sizes, trailers, signed, cuts) => {
          const data = Buffer.from(bytes);
          const input = frame(data, sizes, trailers, signed);
          const decoded = await decode(
            input,
            cuts.map((cut) => cut % (input.length + 1)),
          );
          expect(decoded.data.equals(data)).toBe(true);
          expect(Object.fromEntries(decoded.trailers)).toEqual(Object.fromEntries(trailers));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('decodes 40,000 one-byte chunks and a trailer, whole and cut into 3-byte pieces', async () => {
    const data = Buffer.from(Array.from({ length: 40_000 }, (_, i) => 97 + (i % 26)));
    const input = frame(data, new Array(40_000).fill(1), [['x-amz-checksum-crc32', 'AAAAAA==']]);
    const whole = await decode(
      input,
      Array.from({ length: Math.ceil(input.length / 65536) }, (_, i) => i * 65536),
    );
    expect(whole.data.equals(data)).toBe(true);
    expect(whole.trailers.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
    const small = data.subarray(0, 5_000);
    const cutInput = frame(small, new Array(5_000).fill(1), [['x-amz-checksum-crc32', 'AAAAAA==']]);
    const cut = await decode(
      cutInput,
      Array.from({ length: Math.ceil(cutInput.length / 3) }, (_, i) => i * 3),
    );
    expect(cut.data.equals(small)).toBe(true);
    expect(cut.trailers.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
  });

  it('refuses a small chunk before the last one when a minimum is set', async () => {
    const decoder = new AwsChunkedDecoder({ minChunkSize: 8192 });
    const input = frame(Buffer.alloc(8200, 1), [8192, 4], []);
    const failure = pipeline(Readable.from([input]), decoder, async (source: AsyncIterable<Buffer>) => {
      for await (const _ of source);
    });
    await expect(failure).rejects.toMatchObject({
      code: 'InvalidChunkSizeError',
      fields: { Chunk: '3', BadChunkSize: '4' },
    });
  });
});
